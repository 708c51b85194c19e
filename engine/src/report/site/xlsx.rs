//! The table behind a chart as an XLSX workbook, beside its CSV file.
//!
//! Why a second format: offices open CSV in German Excel only by import
//! dialogue when the locale differs; an XLSX file opens everywhere with
//! numbers as numbers. It holds exactly the CSV's cells (the
//! [`Download`] the chart was drawn from): published values as numbers,
//! every cell without one as its official sign in text („.“), labels
//! neutralised against formula injection as in the CSV and the export.
//!
//! Deterministic: the document's creation time is fixed (the writer
//! would stamp the clock), so two runs give the same bytes.

use crate::report::chart::{Download, DownloadCell};
use crate::report::numfmt::Lang;
use crate::text::spreadsheet_text as text;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// The sheet's name per language.
fn sheet_name(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "Daten",
        Lang::En => "Data",
    }
}

fn cell(ws: &mut Worksheet, row: u32, col: u16, c: &DownloadCell) -> Result<(), XlsxError> {
    match c {
        DownloadCell::Text(t) => ws.write_string(row, col, text(t)).map(|_| ()),
        // The exact published decimal; one that does not read back as a
        // finite number stays text rather than turning into a wrong value.
        DownloadCell::Number(n) => match n.parse::<f64>() {
            Ok(x) if x.is_finite() => ws.write_number(row, col, x).map(|_| ()),
            _ => ws.write_string(row, col, n).map(|_| ()),
        },
        DownloadCell::Sign(s) => ws.write_string(row, col, *s).map(|_| ()),
    }
}

fn sheet(ws: &mut Worksheet, d: &Download, lang: Lang) -> Result<(), XlsxError> {
    ws.set_name(sheet_name(lang))?;
    let bold = Format::new().set_bold();
    for (i, h) in d.header.iter().enumerate() {
        let col = u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)?;
        ws.write_string_with_format(0, col, text(h), &bold)?;
        ws.set_column_width(col, if i == 0 { 24.0 } else { 18.0 })?;
    }
    for (r, row) in d.rows.iter().enumerate() {
        let n = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (i, c) in row.iter().enumerate() {
            let col = u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)?;
            cell(ws, n, col, c)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The download as XLSX bytes.
pub(crate) fn to_xlsx(d: &Download, lang: Lang) -> Result<Vec<u8>, String> {
    let mut wb = crate::report::export::xlsx_out::fixed_time_workbook().map_err(|e| e.to_string())?;
    sheet(wb.add_worksheet(), d, lang).map_err(|e| e.to_string())?;
    wb.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    fn read(bytes: Vec<u8>) -> Vec<Vec<Data>> {
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
        let range = wb.worksheet_range("Daten").expect("sheet");
        range.rows().map(|r| r.to_vec()).collect()
    }

    #[test]
    fn numbers_stay_numbers_and_signs_text() {
        let d = Download {
            header: vec!["Jahr".into(), "=Wert (Anteil in %)".into()],
            rows: vec![
                vec![DownloadCell::Text("2023".into()), DownloadCell::Number("-12.3457".into())],
                vec![DownloadCell::Text("+1".into()), DownloadCell::Sign(".")],
            ],
        };
        let bytes = to_xlsx(&d, Lang::De).expect("written");
        assert_eq!(bytes, to_xlsx(&d, Lang::De).expect("again"), "same bytes twice");
        let rows = read(bytes);
        assert_eq!(rows[0], vec![Data::String("Jahr".into()), Data::String("'=Wert (Anteil in %)".into())]);
        assert_eq!(rows[1], vec![Data::String("2023".into()), Data::Float(-12.3457)]);
        assert_eq!(rows[2], vec![Data::String("'+1".into()), Data::String(".".into())]);
    }
}
