//! Parquet sources (`file "register.parquet"`): the same table as Parquet
//! and as CSV gives the same findings, exports and privacy outcome; a file
//! written by an independent writer (pyarrow: snappy, dictionary-encoded
//! text, nulls) is read correctly; bad files give diagnostics that name the
//! file and the column.
//!
//! The Parquet twins of the CSV fixtures are written here with the writer
//! of the `parquet` crate (typed columns: whole numbers as INT64, text as
//! dictionary-encoded UTF-8, empty fields as nulls, small row groups so
//! that several are read); the pyarrow fixture is committed with the
//! script that made it (`tests/fixtures/parquet/make_fixture.py`).

use kimon_engine::eval::Control;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{check, evaluate, Evaluated, Options};
use kimon_tests::repo;
use parquet::basic::{Compression, ConvertedType, Repetition, Type as PhysicalType};
use parquet::data_type::ByteArray;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("kimon-parquet-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `csv` as a Parquet file: a column whose non-empty fields are all
/// whole numbers written plainly (no leading zero, so district `01` stays
/// text) becomes INT64, every other column UTF-8 text; empty fields are
/// nulls. Rows are optionally sorted by a column (so row groups hold
/// ranges of it), `group_rows` rows per row group.
fn parquet_twin(csv: &Path, out: &Path, group_rows: usize, sort_by: Option<&str>) {
    let mut rdr = csv::ReaderBuilder::new().from_path(csv).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let mut rows: Vec<Vec<String>> =
        rdr.records().map(|r| r.unwrap().iter().map(|f| f.trim().to_string()).collect()).collect();
    if let Some(col) = sort_by {
        let c = header.iter().position(|h| h == col).unwrap();
        rows.sort_by(|a, b| a[c].cmp(&b[c]));
    }
    let int: Vec<bool> = (0..header.len())
        .map(|c| {
            rows.iter().all(|r| {
                let f = &r[c];
                f.is_empty() || f.parse::<i64>().is_ok_and(|v| v.to_string() == *f)
            })
        })
        .collect();
    let fields = header
        .iter()
        .zip(&int)
        .map(|(name, int)| {
            let b = if *int {
                Type::primitive_type_builder(name, PhysicalType::INT64)
            } else {
                Type::primitive_type_builder(name, PhysicalType::BYTE_ARRAY)
                    .with_converted_type(ConvertedType::UTF8)
            };
            Arc::new(b.with_repetition(Repetition::OPTIONAL).build().unwrap())
        })
        .collect();
    let schema = Arc::new(Type::group_type_builder("schema").with_fields(fields).build().unwrap());
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_dictionary_enabled(true)
            .set_max_row_group_row_count(Some(group_rows))
            .build(),
    );
    let file = std::fs::File::create(out).unwrap();
    let mut w = SerializedFileWriter::new(file, schema, props).unwrap();
    for chunk in rows.chunks(group_rows) {
        let mut rg = w.next_row_group().unwrap();
        let mut c = 0;
        while let Some(mut col) = rg.next_column().unwrap() {
            let defs: Vec<i16> = chunk.iter().map(|r| i16::from(!r[c].is_empty())).collect();
            let present = chunk.iter().map(|r| &r[c]).filter(|f| !f.is_empty());
            if int[c] {
                let v: Vec<i64> = present.map(|f| f.parse().unwrap()).collect();
                col.typed::<parquet::data_type::Int64Type>().write_batch(&v, Some(&defs), None).unwrap();
            } else {
                let v: Vec<ByteArray> = present.map(|f| ByteArray::from(f.as_str())).collect();
                col.typed::<parquet::data_type::ByteArrayType>().write_batch(&v, Some(&defs), None).unwrap();
            }
            col.close().unwrap();
            c += 1;
        }
        rg.close().unwrap();
    }
    w.close().unwrap();
}

fn run(path: &Path) -> Evaluated {
    match evaluate(path, &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{}: {:?}", path.display(), f.diags.items),
    }
}

/// A copy of the core set with its register as Parquet next to the same
/// rulebook reading the CSV file; returns (csv rulebook, parquet rulebook).
fn core_set_twins(name: &str, sort_by: Option<&str>, years: Option<&str>) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let kern = repo().join("rulebooks/kern");
    std::fs::create_dir_all(dir.join("kern")).unwrap();
    for entry in std::fs::read_dir(&kern).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dir.join("kern").join(p.file_name().unwrap())).unwrap();
        }
    }
    parquet_twin(&kern.join("register.csv"), &dir.join("kern/register.parquet"), 5_000, sort_by);
    let mut text = std::fs::read_to_string(repo().join("rulebooks/kern.kimon")).unwrap();
    if let Some(y) = years {
        let start = text.find("years ").unwrap();
        let end = start + text[start..].find('\n').unwrap();
        text.replace_range(start..end, &format!("years {y}"));
    }
    let csv = dir.join("kern-csv.kimon");
    std::fs::write(&csv, &text).unwrap();
    let pq_text = text.replace("file \"kern/register.csv\"", "file \"kern/register.parquet\"");
    assert_ne!(pq_text, text);
    let pq = dir.join("kern-parquet.kimon");
    std::fs::write(&pq, pq_text).unwrap();
    (csv, pq)
}

fn findings_json(e: &Evaluated) -> String {
    kimon_engine::findings::to_json(&e.findings)
}

/// The same register as CSV and as Parquet: the same atoms, the same
/// published cells, findings JSON and export, byte for byte (the findings
/// name the data file, the only difference).
#[test]
fn parquet_and_csv_give_the_same_findings_and_export() {
    let (csv, pq) = core_set_twins("same", None, None);
    let a = run(&csv);
    let b = run(&pq);
    let (x, y) = (&a.eval.atoms["register"], &b.eval.atoms["register"]);
    assert!(!x.atoms.is_empty());
    assert_eq!(x.atoms, y.atoms, "atom tables differ");
    let published = |e: &Evaluated| serde_json::to_string_pretty(&e.published.tables).unwrap();
    assert_eq!(published(&a), published(&b));
    let (ja, jb) = (findings_json(&a), findings_json(&b).replace("register.parquet", "register.csv"));
    assert!(ja.len() > 1000);
    assert_eq!(ja, jb, "findings JSON differ");
    let rows = |e: &Evaluated| e.eval.stats.iter().find(|s| s.source == "register").map(|s| s.rows);
    assert_eq!(rows(&a), rows(&b));
    let fmt = kimon_engine::report::export::ExportFormat::Csv;
    let (da, db) = (csv.with_file_name("a-export.csv"), pq.with_file_name("b-export.csv"));
    kimon_engine::report::export::export(&a, fmt, &da).unwrap();
    kimon_engine::report::export::export(&b, fmt, &db).unwrap();
    let (ta, tb) = (std::fs::read_to_string(&da).unwrap(), std::fs::read_to_string(&db).unwrap());
    assert!(ta.lines().count() > 10);
    assert_eq!(ta, tb.replace("register.parquet", "register.csv"), "CSV exports differ");
}

/// Row groups whose year statistics lie outside the rulebook's years are
/// not decoded (only the year column is), and still give the same
/// warnings — rows outside the years, counted — and cells as the CSV pass.
#[test]
fn row_groups_outside_the_years_give_the_same_warnings() {
    let (csv, pq) = core_set_twins("years", Some("year"), Some("2022..2024"));
    let a = run(&csv);
    let b = run(&pq);
    let msgs = |e: &Evaluated| {
        let mut m: Vec<String> =
            e.eval.warnings.iter().map(|d| d.message.replace("register.parquet", "register.csv")).collect();
        m.extend(
            e.eval.operator_warnings.iter().map(|d| d.message.replace("register.parquet", "register.csv")),
        );
        m
    };
    let (ma, mb) = (msgs(&a), msgs(&b));
    assert!(ma.iter().any(|m| m.contains("outside the rulebook's years")), "{ma:?}");
    assert_eq!(ma, mb);
    assert_eq!(a.eval.atoms["register"].atoms, b.eval.atoms["register"].atoms);
    assert_eq!(findings_json(&a), findings_json(&b).replace("register.parquet", "register.csv"));
}

// ------------------------------------------------------- pyarrow fixture

fn fixture_dir() -> PathBuf {
    repo().join("tests/fixtures/parquet")
}

/// The pyarrow file (snappy, dictionary-encoded text, nulls, floats,
/// booleans, an unsigned and a date column) gives the same cells as its
/// CSV twin written by the same script, and the expected numbers.
#[test]
fn a_pyarrow_file_is_read_like_its_csv_twin() {
    let dir = fixture_dir();
    let bytes = std::fs::read(dir.join("klein.parquet")).unwrap();
    assert!(bytes.len() < 16 * 1024, "keep the fixture small: {} bytes", bytes.len());
    assert_eq!(&bytes[..4], b"PAR1");
    let pq = run(&dir.join("klein.kimon"));
    let scratch = scratch("pyarrow");
    let text =
        std::fs::read_to_string(dir.join("klein.kimon")).unwrap().replace("klein.parquet", "klein.csv");
    std::fs::copy(dir.join("klein.csv"), scratch.join("klein.csv")).unwrap();
    std::fs::write(scratch.join("klein.kimon"), text).unwrap();
    let csv = run(&scratch.join("klein.kimon"));
    assert_eq!(pq.eval.atoms["klein"].atoms, csv.eval.atoms["klein"].atoms);
    assert_eq!(findings_json(&pq), findings_json(&csv).replace("klein.csv", "klein.parquet"));
    // The numbers themselves (see make_fixture.py): 2023, all districts.
    let table = &pq.eval.tables["erwerbslos"];
    let total = table
        .cells
        .iter()
        .filter(|(k, _)| k.year == 2023 && k.area == kimon_engine::eval::AreaKey::Total)
        .find(|(k, _)| k.groups.iter().all(Option::is_none))
        .map(|(_, c)| *c)
        .expect("total cell");
    assert_eq!(total.num.rows, 12, "unemployed (true) in 2023");
    assert_eq!(total.den.map(|d| d.rows), Some(60), "rows in 2023");
}

// ------------------------------------------------------------ bad input

fn errors_of(rulebook: &Path) -> Vec<kimon_engine::diag::Diag> {
    let checked = check(rulebook, &Options::default());
    let mut items: Vec<_> = checked.diags.items.into_iter().filter(|d| d.is_error()).collect();
    if items.is_empty() {
        match evaluate(rulebook, &Options::default(), Lang::De, &Control::default()) {
            Ok(_) => panic!("{} was accepted", rulebook.display()),
            Err(f) => items = f.diags.items.into_iter().filter(|d| d.is_error()).collect(),
        }
    }
    items
}

/// The fixture rulebook with the data file replaced by `bytes` (and the
/// rulebook text changed by `edit`).
fn broken(name: &str, bytes: &[u8], edit: impl Fn(String) -> String) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("klein.parquet"), bytes).unwrap();
    let text = edit(std::fs::read_to_string(fixture_dir().join("klein.kimon")).unwrap());
    std::fs::write(dir.join("klein.kimon"), text).unwrap();
    dir.join("klein.kimon")
}

#[test]
fn a_text_file_named_parquet_is_refused() {
    let rb = broken("text", b"jahr;bezirk\n2023;01\n", |t| t);
    let e = errors_of(&rb);
    assert_eq!(e[0].code, "kimon::data-parquet", "{e:?}");
    assert!(e[0].message.contains("klein.parquet") && e[0].message.contains("PAR1"), "{}", e[0].message);
}

#[test]
fn a_truncated_file_is_refused() {
    let bytes = std::fs::read(fixture_dir().join("klein.parquet")).unwrap();
    for cut in [bytes.len() / 2, bytes.len() - 3, 6] {
        let rb = broken(&format!("cut{cut}"), &bytes[..cut], |t| t);
        let e = errors_of(&rb);
        assert_eq!(e[0].code, "kimon::data-parquet", "cut at {cut}: {e:?}");
        assert!(e[0].message.contains("klein.parquet"), "{}", e[0].message);
    }
}

/// A codec kimon is built without (zstd, polars' default) is named.
#[test]
fn a_zstd_file_is_refused_with_the_codec() {
    let bytes = std::fs::read(fixture_dir().join("klein-zstd.parquet")).unwrap();
    let rb = broken("zstd", &bytes, |t| t);
    let e = errors_of(&rb);
    assert_eq!(e[0].code, "kimon::data-parquet", "{e:?}");
    assert!(e[0].message.contains("ZSTD") && e[0].message.contains("snappy"), "{}", e[0].message);
}

#[test]
fn a_missing_column_is_named() {
    let bytes = std::fs::read(fixture_dir().join("klein.parquet")).unwrap();
    let rb = broken("missing", &bytes, |t| t.replace("column bezirk", "column stadtteil"));
    let e = errors_of(&rb);
    let d = e.iter().find(|d| d.code == "kimon::missing-column").unwrap_or_else(|| panic!("{e:?}"));
    assert!(d.message.contains("`stadtteil`") && d.message.contains("klein.parquet"), "{}", d.message);
}

/// A date column is refused with its name, but only when the rulebook
/// reads it (the fixture's own rulebook does not).
#[test]
fn an_unsupported_column_type_is_named() {
    let bytes = std::fs::read(fixture_dir().join("klein.parquet")).unwrap();
    let rb = broken("date", &bytes, |t| {
        t.replace(
            "numerator count(klein where erwerbslos)",
            "numerator count(klein where erwerbslos and stichtag == \"2023-12-31\")",
        )
    });
    let e = errors_of(&rb);
    assert_eq!(e[0].code, "kimon::data-parquet", "{e:?}");
    assert!(e[0].message.contains("`stichtag`") && e[0].message.contains("DATE"), "{}", e[0].message);
}

/// Text in a summed column is the same type error as in a CSV file, and
/// the message names the row and the column.
#[test]
fn text_in_a_summed_column_names_row_and_column() {
    let dir = scratch("text-sum");
    std::fs::write(dir.join("r.csv"), "jahr,bezirk,wert\n2023,01,5\n2023,02,viele\n").unwrap();
    parquet_twin(&dir.join("r.csv"), &dir.join("r.parquet"), 10, None);
    let rb = "rulebook \"T\" { years 2023..2023 }\nsource r \"R\" { kind aggregate; file \"r.parquet\"; year_column jahr }\narea bezirk \"Bezirk\" { column bezirk; total \"Alle\" }\nfield f \"F\" { steerable yes }\nindicator i \"I\" { field f; unit count; polarity neutral; numerator sum(r.wert); by bezirk }\n";
    std::fs::write(dir.join("t.kimon"), rb).unwrap();
    let e = errors_of(&dir.join("t.kimon"));
    assert_eq!(e[0].code, "kimon::data-not-numeric", "{e:?}");
    assert!(
        e[0].message.contains("`viele`") && e[0].message.contains("row 2, column `wert`"),
        "{}",
        e[0].message
    );
}
