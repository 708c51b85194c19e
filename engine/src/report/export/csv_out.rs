//! CSV export in two dialects. [`CsvDialect::Excel`] (the default for a
//! German rulebook): UTF-8 with a byte-order mark, `;` and decimal comma —
//! German Excel takes a file as UTF-8 only with the mark, splits it at `;`
//! and reads `12,5` as a number (a plain file opens as one column of
//! text, with `12.5` misread as a date). [`CsvDialect::Plain`]: UTF-8,
//! comma-separated, numbers with a decimal point so that statistics
//! software reads them without locale settings. Text cells
//! starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` (formula
//! injection, see [`crate::text::spreadsheet_text`]); numbers stay numbers.

use super::rows::{ExportCell, ExportRow, HEADER};
use super::ExportError;

pub(crate) fn number(c: &ExportCell) -> String {
    match c {
        ExportCell::Number(x) => crate::report::numfmt::exact_decimal(*x).unwrap_or_default(),
        ExportCell::Suppressed => "gesperrt".into(),
        ExportCell::Empty => String::new(),
        ExportCell::NotDefined => crate::report::sign::Sign::NotMeaningful.symbol().into(),
    }
}

/// Which CSV dialect to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// `,`, decimal point, no byte-order mark.
    #[default]
    Plain,
    /// German Excel: byte-order mark, `;`, decimal comma.
    Excel,
}

/// The rows as plain CSV bytes (`,`, decimal point).
pub fn to_csv(rows: &[ExportRow]) -> Result<Vec<u8>, ExportError> {
    to_csv_dialect(rows, CsvDialect::Plain)
}

/// The rows as CSV bytes in `dialect`.
pub fn to_csv_dialect(rows: &[ExportRow], dialect: CsvDialect) -> Result<Vec<u8>, ExportError> {
    let (delimiter, start, comma) = match dialect {
        CsvDialect::Plain => (b',', Vec::new(), false),
        CsvDialect::Excel => (b';', "\u{feff}".as_bytes().to_vec(), true),
    };
    let num = |c: &ExportCell| if comma { number(c).replace('.', ",") } else { number(c) };
    let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(start);
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
            &num(&r.value),
            &num(&r.numerator),
            &num(&r.denominator),
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
