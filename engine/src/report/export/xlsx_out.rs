//! XLSX export with rust_xlsxwriter (pure Rust): numbers as numbers,
//! "gesperrt" as text, a bold frozen header row and an autofilter.

use super::rows::{ExportCell, ExportRow, HEADER};
use super::ExportError;
use crate::text::spreadsheet_text as text;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

fn put(ws: &mut Worksheet, row: u32, col: u16, c: &ExportCell) -> Result<(), XlsxError> {
    match c {
        ExportCell::Number(x) if x.is_finite() => ws.write_number(row, col, *x).map(|_| ()),
        ExportCell::Number(_) | ExportCell::Empty => Ok(()),
        ExportCell::Suppressed => ws.write_string(row, col, "gesperrt").map(|_| ()),
        ExportCell::NotDefined => {
            ws.write_string(row, col, crate::report::sign::Sign::NotMeaningful.symbol()).map(|_| ())
        }
    }
}

fn sheet(ws: &mut Worksheet, rows: &[ExportRow]) -> Result<(), XlsxError> {
    ws.set_name("Tabellen")?;
    let bold = Format::new().set_bold();
    for (i, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let n = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        // Text cells are never formulas in XLSX, but a sheet saved again as
        // CSV would turn them into ones: neutralised as in the CSV export.
        ws.write_string(n, 0, text(&r.indicator))?;
        ws.write_string(n, 1, text(&r.title))?;
        ws.write_string(n, 2, r.unit)?;
        ws.write_number(n, 3, f64::from(r.year))?;
        ws.write_string(n, 4, text(&r.area))?;
        ws.write_string(n, 5, text(&r.group))?;
        put(ws, n, 6, &r.value)?;
        put(ws, n, 7, &r.numerator)?;
        put(ws, n, 8, &r.denominator)?;
        ws.write_string(n, 9, r.status)?;
        ws.write_string(n, 10, text(&r.reason))?;
        ws.write_string(n, 11, text(&r.level))?;
        ws.write_string(n, 12, text(&r.area_code))?;
        ws.write_string(n, 13, text(&r.group_code))?;
        ws.write_string(n, 14, if r.derived { "ja" } else { "nein" })?;
        ws.write_string(n, 15, &r.definition)?;
        ws.write_string(n, 16, text(&r.rulebook))?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last = u32::try_from(rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    ws.autofilter(0, 0, last, (HEADER.len() - 1) as u16)?;
    for (col, width) in [(1u16, 40.0), (4, 16.0), (5, 36.0), (10, 48.0)] {
        ws.set_column_width(col, width)?;
    }
    Ok(())
}

/// The rows as an XLSX workbook in memory (written atomically by the caller).
pub fn to_xlsx(rows: &[ExportRow]) -> Result<Vec<u8>, ExportError> {
    let err = |e: XlsxError| ExportError::Xlsx(e.to_string());
    let mut wb = fixed_time_workbook().map_err(err)?;
    sheet(wb.add_worksheet(), rows).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

/// A workbook whose creation time is fixed: the writer stamps the clock into
/// the document properties otherwise, and the same rulebook and data must
/// give the same bytes.
pub(crate) fn fixed_time_workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    Ok(wb)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_same_rows_give_the_same_bytes_at_another_time() {
        let first = super::to_xlsx(&[]).expect("workbook");
        // The writer's clock stamp has a resolution of one second.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let second = super::to_xlsx(&[]).expect("workbook");
        assert!(first == second, "two exports of the same rows differ");
    }
}
