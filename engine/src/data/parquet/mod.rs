//! Apache Parquet files as data sources (`file "register.parquet"`).
//!
//! A Parquet file is read column by column and turned into the same text
//! fields a CSV row gives the streaming pass, so that missing values,
//! codes, type errors, atoms, privacy and the ledger treat it exactly like
//! the same table written as CSV:
//! - text (plain or dictionary-encoded) is taken as written, trimmed like
//!   a CSV field; official signs (`.`, `-`, `x`) keep their meaning;
//! - whole numbers are written in decimal, floating-point numbers in their
//!   shortest exact form (never an exponent, never a shape the pass would
//!   call ambiguous, in the source's declared decimal mark);
//! - booleans become `true`/`false`; a null is an empty field (missing).
//!
//! Columns of other types (dates, decimals, nested lists) are refused with
//! the column's name, but only when the rulebook reads them.
//!
//! Only the low-level column readers of the `parquet` crate are used: no
//! arrow arrays, which keeps the build small.

pub mod column;
#[cfg(test)]
mod tests;

use crate::data::reader::Header;
use ::parquet::basic::{ConvertedType, LogicalType, Type as PhysicalType};
use ::parquet::file::reader::{FileReader, SerializedFileReader};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The four bytes a Parquet file starts and ends with.
pub const MAGIC: &[u8; 4] = b"PAR1";

/// Whether a data file is read as Parquet: by its extension, or by the
/// magic bytes at its start (a Parquet file named `.csv` would otherwise be
/// parsed as text).
pub fn is_parquet(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("parquet" | "parq" | "pqt")) {
        return true;
    }
    let mut head = [0u8; 4];
    File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == MAGIC
}

/// How one column's values become text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text (BYTE_ARRAY, plain or dictionary-encoded).
    Text,
    /// Whole numbers (INT32/INT64, signed or unsigned).
    Int {
        unsigned: bool,
    },
    Float32,
    Float64,
    Bool,
    /// A type kimon does not read, in words for the message.
    Unsupported(String),
}

/// One top-level column of the file.
#[derive(Debug, Clone)]
pub struct ColumnInfo {
    pub name: String,
    /// The leaf column index in the file (`None` for a nested column).
    pub leaf: Option<usize>,
    pub kind: Kind,
}

/// Why a Parquet file cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ParquetError {
    /// Not a Parquet file at all, or a truncated / corrupt one.
    NotParquet(String),
    /// A column the rulebook reads has a type kimon does not read.
    Unsupported { column: String, what: String },
    /// A column compressed with a codec kimon is built without.
    Compression { column: String, codec: String },
    /// Text that is not UTF-8 in a column.
    NotUtf8 { column: String, row: u64 },
    /// The file could be opened but a page could not be decoded.
    Corrupt { column: String, row_group: usize, what: String },
}

impl std::fmt::Display for ParquetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParquetError::NotParquet(what) => write!(f, "not a readable Parquet file ({what})"),
            ParquetError::Unsupported { column, what } => write!(
                f,
                "column `{column}` holds {what}, which kimon does not read from Parquet (text, whole numbers, floating-point numbers and booleans are read)"
            ),
            ParquetError::Compression { column, codec } => write!(
                f,
                "column `{column}` is compressed with {codec}; kimon reads uncompressed and snappy-compressed Parquet (write it with compression=\"snappy\", the default of pyarrow, pandas and DuckDB)"
            ),
            ParquetError::NotUtf8 { column, row } => {
                write!(f, "column `{column}` holds text that is not UTF-8 in row {row}")
            }
            ParquetError::Corrupt { column, row_group, what } => {
                write!(f, "column `{column}` cannot be decoded in row group {row_group}: {what}")
            }
        }
    }
}

impl ParquetError {
    pub fn into_io(self) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, self.to_string())
    }
}

/// An open Parquet file and its columns.
pub struct ParquetFile {
    pub reader: SerializedFileReader<File>,
    pub columns: Vec<ColumnInfo>,
}

impl ParquetFile {
    pub fn open(path: &Path) -> Result<ParquetFile, ParquetError> {
        let file = File::open(path).map_err(|e| ParquetError::NotParquet(e.to_string()))?;
        let mut head = [0u8; 4];
        let starts = File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == MAGIC;
        if !starts {
            return Err(ParquetError::NotParquet("the file does not start with `PAR1`".into()));
        }
        // The crate checks the footer; a malformed footer must give an
        // error, never take the process down.
        let reader = std::panic::catch_unwind(|| SerializedFileReader::new(file))
            .map_err(|_| ParquetError::NotParquet("its footer is corrupt".into()))?
            .map_err(|e| ParquetError::NotParquet(short(&e.to_string())))?;
        let columns = columns(&reader);
        Ok(ParquetFile { reader, columns })
    }

    /// Rows in each row group, in file order.
    pub fn row_group_rows(&self) -> Vec<u64> {
        self.reader.metadata().row_groups().iter().map(|g| g.num_rows().max(0) as u64).collect()
    }

    /// The compressed bytes of each row group (for progress).
    pub fn row_group_bytes(&self) -> Vec<u64> {
        self.reader.metadata().row_groups().iter().map(|g| g.compressed_size().max(0) as u64).collect()
    }

    /// The smallest and largest value of a whole-number column in a row
    /// group, when the file's statistics say so.
    pub fn int_range(&self, row_group: usize, column: usize) -> Option<(i64, i64)> {
        use ::parquet::file::statistics::Statistics;
        let leaf = self.columns.get(column)?.leaf?;
        if self.columns[column].kind != (Kind::Int { unsigned: false }) {
            return None;
        }
        let g = self.reader.metadata().row_groups().get(row_group)?;
        match g.column(leaf).statistics()? {
            Statistics::Int32(s) => Some((i64::from(*s.min_opt()?), i64::from(*s.max_opt()?))),
            Statistics::Int64(s) => Some((*s.min_opt()?, *s.max_opt()?)),
            _ => None,
        }
    }
}

/// Error texts of the crate can be long (they quote thrift internals).
fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 200 {
        format!("{}…", s.chars().take(200).collect::<String>())
    } else {
        s.to_string()
    }
}

/// The file's top-level columns and how each is read.
fn columns(reader: &SerializedFileReader<File>) -> Vec<ColumnInfo> {
    let schema = reader.metadata().file_metadata().schema_descr();
    let mut out: Vec<ColumnInfo> = Vec::new();
    let mut leaf_of_root: Vec<Vec<usize>> = vec![Vec::new(); schema.root_schema().get_fields().len()];
    for leaf in 0..schema.num_columns() {
        if let Some(l) = leaf_of_root.get_mut(schema.get_column_root_idx(leaf)) {
            l.push(leaf);
        }
    }
    for (i, field) in schema.root_schema().get_fields().iter().enumerate() {
        let name = field.name().to_string();
        let leaves = &leaf_of_root[i];
        if !field.is_primitive() || leaves.len() != 1 {
            out.push(ColumnInfo {
                name,
                leaf: None,
                kind: Kind::Unsupported("nested values (a list, map or struct)".into()),
            });
            continue;
        }
        let leaf = leaves[0];
        let descr = schema.column(leaf);
        let kind = if descr.max_rep_level() > 0 {
            Kind::Unsupported("repeated values (a list)".into())
        } else {
            kind_of(descr.physical_type(), descr.logical_type_ref(), descr.converted_type())
        };
        out.push(ColumnInfo { name, leaf: Some(leaf), kind });
    }
    out
}

fn kind_of(physical: PhysicalType, logical: Option<&LogicalType>, converted: ConvertedType) -> Kind {
    let unsupported = |what: &str| Kind::Unsupported(what.to_string());
    match logical {
        Some(LogicalType::Decimal { .. }) => return unsupported("decimal numbers (DECIMAL)"),
        Some(LogicalType::Date) => return unsupported("dates (DATE)"),
        Some(LogicalType::Time { .. }) => return unsupported("times of day (TIME)"),
        Some(LogicalType::Timestamp { .. }) => return unsupported("timestamps (TIMESTAMP)"),
        Some(LogicalType::Float16) => return unsupported("16-bit floating-point numbers (FLOAT16)"),
        Some(LogicalType::Integer(t)) if !t.is_signed => return Kind::Int { unsigned: true },
        _ => {}
    }
    match converted {
        ConvertedType::DECIMAL => return unsupported("decimal numbers (DECIMAL)"),
        ConvertedType::DATE => return unsupported("dates (DATE)"),
        ConvertedType::TIME_MILLIS | ConvertedType::TIME_MICROS => return unsupported("times of day (TIME)"),
        ConvertedType::TIMESTAMP_MILLIS | ConvertedType::TIMESTAMP_MICROS => {
            return unsupported("timestamps (TIMESTAMP)")
        }
        ConvertedType::INTERVAL => return unsupported("intervals (INTERVAL)"),
        ConvertedType::UINT_8 | ConvertedType::UINT_16 | ConvertedType::UINT_32 | ConvertedType::UINT_64 => {
            return Kind::Int { unsigned: true }
        }
        _ => {}
    }
    match physical {
        PhysicalType::BOOLEAN => Kind::Bool,
        PhysicalType::INT32 | PhysicalType::INT64 => Kind::Int { unsigned: false },
        PhysicalType::FLOAT => Kind::Float32,
        PhysicalType::DOUBLE => Kind::Float64,
        PhysicalType::BYTE_ARRAY => Kind::Text,
        PhysicalType::INT96 => unsupported("legacy timestamps (INT96)"),
        PhysicalType::FIXED_LEN_BYTE_ARRAY => {
            unsupported("fixed-length binary values (FIXED_LEN_BYTE_ARRAY)")
        }
    }
}

/// The header the streaming pass plans with: the top-level column names.
/// The delimiter is the one [`row_text`] joins a row with for messages.
pub fn read_header(path: &Path) -> std::io::Result<Header> {
    let file = ParquetFile::open(path).map_err(ParquetError::into_io)?;
    let file_len = std::fs::metadata(path)?.len();
    Ok(Header {
        columns: file.columns.iter().map(|c| c.name.clone()).collect(),
        delimiter: b';',
        body_start: 0,
        file_len,
        has_quotes: false,
    })
}

/// Row `row` (0-based, in file order) as `;`-joined text, for messages
/// about it; empty if it cannot be read.
pub fn row_text(path: &Path, row: u64, format: &crate::model::DataFormat) -> String {
    let Ok(file) = ParquetFile::open(path) else { return String::new() };
    let mut first = 0u64;
    for (g, n) in file.row_group_rows().into_iter().enumerate() {
        if row >= first + n {
            first += n;
            continue;
        }
        let want = (row - first + 1) as usize;
        let Ok(group) = file.reader.get_row_group(g) else { return String::new() };
        let mut parts = Vec::with_capacity(file.columns.len());
        for c in &file.columns {
            let mut col = column::TextColumn::default();
            let text = match column::Decoder::new(group.as_ref(), c, g, format) {
                Ok(mut d) => {
                    let mut got = 0;
                    // Read up to the row, one batch at a time.
                    while got < want {
                        col.clear();
                        match d.read(&mut col, (want - got).min(column::BATCH)) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => got += n,
                        }
                    }
                    if got == want {
                        col.get(col.len() - 1).to_string()
                    } else {
                        String::new()
                    }
                }
                Err(_) => "?".to_string(),
            };
            parts.push(text);
        }
        return parts.join(";");
    }
    String::new()
}
