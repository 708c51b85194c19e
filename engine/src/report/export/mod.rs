//! `kimon export`: the protected tables as CSV or XLSX, one row per
//! indicator × year × area × group. Read only from the published tables:
//! a suppressed cell is the word "gesperrt" with its reason, a missing
//! value is empty with its reason — the true numbers are not available
//! here by construction.

mod csv_out;
pub mod definition;
mod rows;
pub(crate) mod xlsx_out;

pub use csv_out::{to_csv, to_csv_dialect, CsvDialect};
pub use rows::{rows, ExportCell, ExportRow, HEADER};
pub use xlsx_out::to_xlsx;

use crate::session::Evaluated;
use std::path::Path;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Plain CSV: `,` and decimal point.
    Csv,
    /// CSV for German Excel: byte-order mark, `;`, decimal comma.
    CsvExcel,
    Xlsx,
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write `{path}`: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("CSV: {0}")]
    Csv(String),
    #[error("XLSX: {0}")]
    Xlsx(String),
}

/// Writes the protected tables to `out`, atomically (temporary file in
/// the target directory, then rename).
pub fn export(ev: &Evaluated, format: ExportFormat, out: &Path) -> Result<(), ExportError> {
    let rows = rows(ev);
    let bytes = match format {
        ExportFormat::Csv => to_csv(&rows)?,
        ExportFormat::CsvExcel => to_csv_dialect(&rows, CsvDialect::Excel)?,
        ExportFormat::Xlsx => to_xlsx(&rows)?,
    };
    crate::output::write_atomic(out, &bytes)
        .map_err(|source| ExportError::Io { path: out.display().to_string(), source })
}
