//! The reader on files written here with the crate's own writer: every
//! supported type, nulls, dictionary-encoded text, several row groups,
//! statistics, and files that are not (or no longer) Parquet.

use super::column::{Decoder, TextColumn};
use super::*;
use ::parquet::basic::{Compression, ConvertedType, LogicalType, Repetition, Type as Physical};
use ::parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use ::parquet::file::properties::WriterProperties;
use ::parquet::file::writer::SerializedFileWriter;
use ::parquet::schema::types::Type;
use std::sync::Arc;

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("kimon-parquet-unit-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn col(name: &str, t: Physical, rep: Repetition) -> ::parquet::schema::types::PrimitiveTypeBuilder<'_> {
    Type::primitive_type_builder(name, t).with_repetition(rep)
}

/// Two row groups of three rows: year (required INT32), code (text with a
/// null and padding), n (INT64, a null), share (DOUBLE), flag (BOOLEAN),
/// small (UINT_32 holding a value above i32::MAX), day (DATE).
fn write_sample(path: &std::path::Path) {
    let fields = vec![
        Arc::new(col("year", Physical::INT32, Repetition::REQUIRED).build().unwrap()),
        Arc::new(
            col("code", Physical::BYTE_ARRAY, Repetition::OPTIONAL)
                .with_converted_type(ConvertedType::UTF8)
                .build()
                .unwrap(),
        ),
        Arc::new(col("n", Physical::INT64, Repetition::OPTIONAL).build().unwrap()),
        Arc::new(col("share", Physical::DOUBLE, Repetition::OPTIONAL).build().unwrap()),
        Arc::new(col("flag", Physical::BOOLEAN, Repetition::OPTIONAL).build().unwrap()),
        Arc::new(
            col("small", Physical::INT32, Repetition::OPTIONAL)
                .with_logical_type(Some(LogicalType::Integer(::parquet::basic::IntType {
                    bit_width: 32,
                    is_signed: false,
                })))
                .build()
                .unwrap(),
        ),
        Arc::new(
            col("day", Physical::INT32, Repetition::OPTIONAL)
                .with_logical_type(Some(LogicalType::Date))
                .build()
                .unwrap(),
        ),
    ];
    let schema = Arc::new(Type::group_type_builder("schema").with_fields(fields).build().unwrap());
    let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
    let mut w = SerializedFileWriter::new(std::fs::File::create(path).unwrap(), schema, props).unwrap();
    for (g, year) in [2020, 2021].into_iter().enumerate() {
        let mut rg = w.next_row_group().unwrap();
        let mut c = 0;
        while let Some(mut cw) = rg.next_column().unwrap() {
            let all = [1i16, 1, 1];
            match c {
                0 => cw.typed::<Int32Type>().write_batch(&[year; 3], None, None),
                1 => cw.typed::<ByteArrayType>().write_batch(
                    &[ByteArray::from("01"), ByteArray::from(" 02 ")],
                    Some(&[1, 0, 1]),
                    None,
                ),
                2 => cw.typed::<Int64Type>().write_batch(&[-5, i64::MAX], Some(&[1, 1, 0]), None),
                3 => cw.typed::<DoubleType>().write_batch(&[1.234, 2.0, 0.1 + g as f64], Some(&all), None),
                4 => cw.typed::<BoolType>().write_batch(&[true, false], Some(&[1, 0, 1]), None),
                5 => cw.typed::<Int32Type>().write_batch(&[-1, 7, 0], Some(&all), None),
                _ => cw.typed::<Int32Type>().write_batch(&[0, 1, 2], Some(&all), None),
            }
            .unwrap();
            cw.close().unwrap();
            c += 1;
        }
        rg.close().unwrap();
    }
    w.close().unwrap();
}

fn read_all(file: &ParquetFile, g: usize, c: usize) -> Result<Vec<String>, ParquetError> {
    let group = file.reader.get_row_group(g).unwrap();
    let mut d = Decoder::new(group.as_ref(), &file.columns[c], g, &Default::default())?;
    let mut out = TextColumn::default();
    let mut got = Vec::new();
    loop {
        out.clear();
        // Two rows at a time: batches must continue where the last ended.
        if d.read(&mut out, 2)? == 0 {
            break;
        }
        got.extend((0..out.len()).map(|i| out.get(i).to_string()));
    }
    Ok(got)
}

#[test]
fn every_type_becomes_the_csv_text() {
    let d = dir("types");
    let path = d.join("t.parquet");
    write_sample(&path);
    assert!(is_parquet(&path));
    let file = ParquetFile::open(&path).unwrap();
    let names: Vec<&str> = file.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["year", "code", "n", "share", "flag", "small", "day"]);
    assert_eq!(file.row_group_rows(), [3, 3]);
    assert_eq!(read_all(&file, 1, 0).unwrap(), ["2021", "2021", "2021"]);
    // A null is an empty field; padding is trimmed as in a CSV field.
    assert_eq!(read_all(&file, 0, 1).unwrap(), ["01", "", "02"]);
    assert_eq!(read_all(&file, 0, 2).unwrap(), ["-5", "9223372036854775807", ""]);
    // `1.234` would be ambiguous (thousands?) to the pass: written `1.2340`.
    assert_eq!(read_all(&file, 0, 3).unwrap(), ["1.2340", "2", "0.1"]);
    assert_eq!(read_all(&file, 1, 3).unwrap(), ["1.2340", "2", "1.1"]);
    assert_eq!(read_all(&file, 0, 4).unwrap(), ["true", "", "false"]);
    assert_eq!(read_all(&file, 0, 5).unwrap(), ["4294967295", "7", "0"]);
    let e = read_all(&file, 0, 6).unwrap_err();
    assert!(e.to_string().contains("`day`") && e.to_string().contains("DATE"), "{e}");
    // Statistics of the year column, per row group.
    assert_eq!(file.int_range(0, 0), Some((2020, 2020)));
    assert_eq!(file.int_range(1, 0), Some((2021, 2021)));
    assert_eq!(file.int_range(0, 1), None, "text has no whole-number range");
    let h = read_header(&path).unwrap();
    assert_eq!(h.columns.len(), 7);
    assert_eq!(row_text(&path, 4, &Default::default()), "2021;;9223372036854775807;2;;7;?");
}

#[test]
fn broken_files_are_errors_not_panics() {
    let d = dir("broken");
    let path = d.join("t.parquet");
    write_sample(&path);
    let bytes = std::fs::read(&path).unwrap();
    let text = d.join("text.parquet");
    std::fs::write(&text, "jahr;wert\n2020;1\n").unwrap();
    assert!(matches!(ParquetFile::open(&text), Err(ParquetError::NotParquet(_))));
    for cut in [0, 3, 4, 20, bytes.len() / 2, bytes.len() - 1] {
        let p = d.join(format!("cut{cut}.parquet"));
        std::fs::write(&p, &bytes[..cut]).unwrap();
        assert!(ParquetFile::open(&p).is_err(), "cut at {cut} accepted");
    }
    // Corrupt page data (the footer intact): an error when the column is read.
    let mut bad = bytes.clone();
    for b in bad.iter_mut().skip(4).take(bytes.len() / 3) {
        *b ^= 0x5a;
    }
    let p = d.join("bad.parquet");
    std::fs::write(&p, &bad).unwrap();
    if let Ok(file) = ParquetFile::open(&p) {
        let any_err = (0..file.columns.len() - 1).any(|c| read_all(&file, 0, c).is_err());
        assert!(any_err, "scrambled pages were read without error");
    }
    // By magic bytes, whatever the name.
    let named_csv = d.join("t.csv");
    std::fs::write(&named_csv, &bytes).unwrap();
    assert!(is_parquet(&named_csv));
    assert!(!is_parquet(&text.with_extension("csv")));
}
