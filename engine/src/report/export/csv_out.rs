//! CSV export: UTF-8, comma-separated, numbers with a decimal point so
//! that statistics software reads them without locale settings. Text cells
//! starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` (formula
//! injection, see [`crate::text::spreadsheet_text`]); numbers stay numbers.

use super::rows::{ExportCell, ExportRow, HEADER};
use super::ExportError;

pub(crate) fn number(c: &ExportCell) -> String {
    match c {
        ExportCell::Number(x) => crate::report::numfmt::exact_decimal(*x).unwrap_or_default(),
        ExportCell::Suppressed => "gesperrt".into(),
        ExportCell::Empty => String::new(),
    }
}

/// The rows as CSV bytes.
pub fn to_csv(rows: &[ExportRow]) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| ExportError::Csv(e.to_string());
    w.write_record(HEADER).map_err(err)?;
    // Text cells (ids, labels, area and group codes, reasons) come from the
    // rulebook and the data: neutralised against formula injection.
    let text = crate::text::spreadsheet_text;
    for r in rows {
        w.write_record([
            text(&r.indicator).as_str(),
            text(&r.title).as_str(),
            r.unit,
            &r.year.to_string(),
            text(&r.area).as_str(),
            text(&r.group).as_str(),
            &number(&r.value),
            &number(&r.numerator),
            &number(&r.denominator),
            r.status,
            text(&r.reason).as_str(),
            text(&r.level).as_str(),
            text(&r.area_code).as_str(),
            text(&r.group_code).as_str(),
            if r.derived { "ja" } else { "nein" },
            r.definition.as_str(),
            text(&r.rulebook).as_str(),
        ])
        .map_err(err)?;
    }
    w.into_inner().map_err(|e| ExportError::Csv(e.to_string()))
}
