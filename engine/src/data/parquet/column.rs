//! Decoding one column of a row group into the text fields the streaming
//! pass reads, a batch of rows at a time (see the module above for how
//! each type is written).

use super::{ColumnInfo, Kind, ParquetError};
use crate::model::DataFormat;
use ::parquet::basic::Compression;
use ::parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use ::parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, FloatType, Int32Type, Int64Type};
use ::parquet::file::reader::RowGroupReader;

/// Rows decoded at a time: large enough to amortise the per-call cost,
/// small enough that a batch of every column stays in the cache.
pub const BATCH: usize = 4096;

/// One batch of a column as text: the values back to back, and where each
/// row's value ends (a null is an empty field). Values are collected as
/// bytes and checked as UTF-8 once per batch, not once per value.
#[derive(Debug, Default, Clone)]
pub struct TextColumn {
    text: String,
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl TextColumn {
    pub fn clear(&mut self) {
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        bytes.clear();
        self.bytes = bytes;
        self.ends.clear();
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The field of row `i` of the batch.
    #[inline]
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    /// Makes the collected bytes readable; `Err(row)` for the first row
    /// whose value is not UTF-8. A value pushed as is starts and ends with
    /// an ASCII byte (see [`Self::push_bytes`]), so if the whole batch is
    /// UTF-8, so is every value.
    fn seal(&mut self) -> Result<(), usize> {
        match String::from_utf8(std::mem::take(&mut self.bytes)) {
            Ok(t) => {
                self.text = t;
                Ok(())
            }
            Err(e) => {
                let bad = e.utf8_error().valid_up_to();
                Err(self.ends.iter().position(|end| *end > bad).unwrap_or(0))
            }
        }
    }

    #[inline]
    fn end_row(&mut self) {
        self.ends.push(self.bytes.len());
    }

    #[inline]
    fn push_str(&mut self, s: &str) {
        self.bytes.extend_from_slice(s.as_bytes());
        self.end_row();
    }

    /// Text trimmed as the CSV pass trims a field. A value that starts or
    /// ends with a space or a non-ASCII byte is checked and trimmed on its
    /// own (rare); any other is copied as is and checked with its batch.
    #[inline]
    fn push_bytes(&mut self, b: &[u8]) -> Result<(), ()> {
        let needs_trim = |c: u8| c.is_ascii_whitespace() || c >= 0x80;
        if b.first().is_some_and(|c| needs_trim(*c)) || b.last().is_some_and(|c| needs_trim(*c)) {
            let s = std::str::from_utf8(b).map_err(|_| ())?;
            self.bytes.extend_from_slice(s.trim().as_bytes());
        } else {
            self.bytes.extend_from_slice(b);
        }
        self.end_row();
        Ok(())
    }

    #[inline]
    fn push_u64(&mut self, mut v: u64, negative: bool) {
        let mut buf = [0u8; 21];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if negative {
            i -= 1;
            buf[i] = b'-';
        }
        self.bytes.extend_from_slice(&buf[i..]);
        self.end_row();
    }

    #[inline]
    fn push_i64(&mut self, v: i64) {
        self.push_u64(v.unsigned_abs(), v < 0);
    }
}

/// How floating-point numbers are written: the source's decimal mark, and
/// whether a number format is declared (see `sheet::number_text`).
#[derive(Clone, Copy)]
struct FloatStyle {
    decimal: char,
    declared: bool,
}

enum Typed {
    Bool(ColumnReaderImpl<BoolType>, Vec<bool>),
    I32(ColumnReaderImpl<Int32Type>, Vec<i32>, bool),
    I64(ColumnReaderImpl<Int64Type>, Vec<i64>, bool),
    F32(ColumnReaderImpl<FloatType>, Vec<f32>),
    F64(ColumnReaderImpl<DoubleType>, Vec<f64>),
    Bytes(ColumnReaderImpl<ByteArrayType>, Vec<ByteArray>),
}

/// Reads one column chunk of a row group as text.
pub struct Decoder {
    typed: Typed,
    defs: Vec<i16>,
    max_def: i16,
    name: String,
    row_group: usize,
    style: FloatStyle,
    /// Rows of this chunk decoded so far (for the row of a bad value).
    done: u64,
    /// The file row of the chunk's first row.
    first_row: u64,
}

impl Decoder {
    pub fn new(
        group: &dyn RowGroupReader,
        col: &ColumnInfo,
        row_group: usize,
        format: &DataFormat,
    ) -> Result<Decoder, ParquetError> {
        Decoder::at(group, col, row_group, 0, format)
    }

    /// A decoder that knows the file row of the chunk's first row, so a
    /// bad value is reported at its row.
    pub fn at(
        group: &dyn RowGroupReader,
        col: &ColumnInfo,
        row_group: usize,
        first_row: u64,
        format: &DataFormat,
    ) -> Result<Decoder, ParquetError> {
        if let Kind::Unsupported(what) = &col.kind {
            return Err(ParquetError::Unsupported { column: col.name.clone(), what: what.clone() });
        }
        let Some(leaf) = col.leaf else {
            return Err(ParquetError::Unsupported { column: col.name.clone(), what: "nested values".into() });
        };
        let corrupt = |what: String| ParquetError::Corrupt { column: col.name.clone(), row_group, what };
        let chunk = group.metadata().column(leaf);
        let max_def = chunk.column_descr().max_def_level();
        // Only the snappy codec is built in (what pyarrow, pandas, DuckDB and
        // Spark write by default): name any other before the crate fails.
        let codec = chunk.compression();
        if !matches!(codec, Compression::UNCOMPRESSED | Compression::SNAPPY) {
            return Err(ParquetError::Compression {
                column: col.name.clone(),
                codec: format!("{codec:?}").split('(').next().unwrap_or("").to_string(),
            });
        }
        let reader = group.get_column_reader(leaf).map_err(|e| corrupt(super::short(&e.to_string())))?;
        let unsigned = matches!(col.kind, Kind::Int { unsigned: true });
        let typed = match reader {
            ColumnReader::BoolColumnReader(r) => Typed::Bool(r, Vec::new()),
            ColumnReader::Int32ColumnReader(r) => Typed::I32(r, Vec::new(), unsigned),
            ColumnReader::Int64ColumnReader(r) => Typed::I64(r, Vec::new(), unsigned),
            ColumnReader::FloatColumnReader(r) => Typed::F32(r, Vec::new()),
            ColumnReader::DoubleColumnReader(r) => Typed::F64(r, Vec::new()),
            ColumnReader::ByteArrayColumnReader(r) => Typed::Bytes(r, Vec::new()),
            _ => {
                return Err(ParquetError::Unsupported {
                    column: col.name.clone(),
                    what: "values of an unsupported physical type".into(),
                })
            }
        };
        let decimal =
            format.number.decimal.unwrap_or(if format.number.thousands == Some('.') { ',' } else { '.' });
        Ok(Decoder {
            typed,
            defs: Vec::new(),
            max_def,
            name: col.name.clone(),
            row_group,
            style: FloatStyle { decimal, declared: format.number.is_declared() },
            done: 0,
            first_row,
        })
    }

    /// Replaces `out` with the next up to `n` rows; returns how many (0 at
    /// the end of the chunk).
    pub fn read(&mut self, out: &mut TextColumn, n: usize) -> Result<usize, ParquetError> {
        out.clear();
        self.defs.clear();
        let defs = if self.max_def > 0 { Some(&mut self.defs) } else { None };
        let name = &self.name;
        let row_group = self.row_group;
        let corrupt = |e: ::parquet::errors::ParquetError| ParquetError::Corrupt {
            column: name.clone(),
            row_group,
            what: super::short(&e.to_string()),
        };
        // Corrupt pages can make the decoder panic: report them instead.
        let typed = &mut self.typed;
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match typed {
            Typed::Bool(r, v) => {
                v.clear();
                r.read_records(n, defs, None, v)
            }
            Typed::I32(r, v, _) => {
                v.clear();
                r.read_records(n, defs, None, v)
            }
            Typed::I64(r, v, _) => {
                v.clear();
                r.read_records(n, defs, None, v)
            }
            Typed::F32(r, v) => {
                v.clear();
                r.read_records(n, defs, None, v)
            }
            Typed::F64(r, v) => {
                v.clear();
                r.read_records(n, defs, None, v)
            }
            Typed::Bytes(r, v) => {
                v.clear();
                r.read_records(n, defs, None, v)
            }
        }))
        .map_err(|_| ParquetError::Corrupt {
            column: self.name.clone(),
            row_group,
            what: "the page data are corrupt".into(),
        })?;
        let (records, values, _) = read.map_err(corrupt)?;
        let max_def = self.max_def;
        let defs: &[i16] = if max_def > 0 { &self.defs } else { &[] };
        if max_def > 0 && defs.len() != records {
            return Err(ParquetError::Corrupt {
                column: self.name.clone(),
                row_group,
                what: "definition levels and rows disagree".into(),
            });
        }
        // Which rows hold a value: all, or those at the full definition level.
        let present = |i: usize| max_def == 0 || defs.get(i) == Some(&max_def);
        let mut next = 0usize;
        let style = self.style;
        let first = self.first_row + self.done;
        let name = &self.name;
        let mut fill =
            |out: &mut TextColumn, push: &mut dyn FnMut(&mut TextColumn, usize) -> Result<(), u64>| {
                for i in 0..records {
                    if present(i) {
                        if next >= values {
                            return Err(ParquetError::Corrupt {
                                column: name.clone(),
                                row_group,
                                what: "fewer values than rows".into(),
                            });
                        }
                        push(out, next).map_err(|_| ParquetError::NotUtf8 {
                            column: name.clone(),
                            row: first + i as u64 + 1,
                        })?;
                        next += 1;
                    } else {
                        out.end_row();
                    }
                }
                Ok(())
            };
        match &self.typed {
            Typed::Bool(_, v) => fill(out, &mut |o, k| {
                o.push_str(if v[k] { "true" } else { "false" });
                Ok(())
            })?,
            Typed::I32(_, v, unsigned) => fill(out, &mut |o, k| {
                if *unsigned {
                    o.push_u64(u64::from(v[k] as u32), false);
                } else {
                    o.push_i64(i64::from(v[k]));
                }
                Ok(())
            })?,
            Typed::I64(_, v, unsigned) => fill(out, &mut |o, k| {
                if *unsigned {
                    o.push_u64(v[k] as u64, false);
                } else {
                    o.push_i64(v[k]);
                }
                Ok(())
            })?,
            Typed::F32(_, v) => fill(out, &mut |o, k| {
                push_float(o, &format!("{}", v[k]), f64::from(v[k]), style);
                Ok(())
            })?,
            Typed::F64(_, v) => fill(out, &mut |o, k| {
                let x = v[k];
                if x.fract() == 0.0 && x.abs() < 1e15 {
                    o.push_i64(x as i64);
                } else {
                    push_float(o, &format!("{x}"), x, style);
                }
                Ok(())
            })?,
            Typed::Bytes(_, v) => fill(out, &mut |o, k| o.push_bytes(v[k].data()).map_err(|_| 0))?,
        }
        out.seal()
            .map_err(|i| ParquetError::NotUtf8 { column: self.name.clone(), row: first + i as u64 + 1 })?;
        self.done += records as u64;
        Ok(records)
    }
}

/// A float in the shape the CSV pass reads exactly (`NaN` and infinities
/// as written: a summed column refuses them at the row).
fn push_float(o: &mut TextColumn, plain: &str, x: f64, style: FloatStyle) {
    if !x.is_finite() {
        o.push_str(plain);
        return;
    }
    let text = crate::data::sheet::number_text(plain, false, style.decimal, style.declared);
    o.push_str(&text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_csv_text() {
        let mut c = TextColumn::default();
        c.push_i64(-42);
        c.push_u64(u64::MAX, false);
        c.end_row();
        c.push_bytes("  Köln ".as_bytes()).unwrap();
        let style = FloatStyle { decimal: '.', declared: false };
        push_float(&mut c, "1.234", 1.234, style);
        push_float(&mut c, "2.5", 2.5, FloatStyle { decimal: ',', declared: true });
        push_float(&mut c, "NaN", f64::NAN, style);
        c.seal().unwrap();
        let got: Vec<&str> = (0..c.len()).map(|i| c.get(i)).collect();
        // `1.234` undeclared would be ambiguous (thousands?) in the pass.
        assert_eq!(got, ["-42", "18446744073709551615", "", "Köln", "1.2340", "2,5", "NaN"]);
        // Bytes that are not UTF-8: at the value (non-ASCII at an end) or
        // at the batch's check (inside a value), naming the row.
        let mut c = TextColumn::default();
        assert!(c.push_bytes(b"ok\xc3").is_err());
        c.push_bytes(b"01").unwrap();
        c.push_bytes(b"a\xffb").unwrap();
        assert_eq!(c.seal(), Err(1));
    }
}
