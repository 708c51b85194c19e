//! The table behind a chart as a CSV file a spreadsheet opens directly.
//!
//! Why this dialect: the readers are offices with German Excel, which
//! takes a file as UTF-8 only with a byte-order mark, splits German files
//! at `;` and reads `12,5` as a number. The English site writes `,` and
//! `12.5`. Values are the exact published numbers (see
//! [`crate::report::chart::Download`]); a cell without one keeps the
//! official sign „.“. Text cells are neutralised against formula
//! injection like the export's.

use crate::report::chart::{Download, DownloadCell};
use crate::report::numfmt::Lang;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The download as CSV bytes.
pub(crate) fn to_csv(d: &Download, lang: Lang) -> Result<Vec<u8>, String> {
    let (delimiter, comma) = match lang {
        Lang::De => (b';', true),
        Lang::En => (b',', false),
    };
    let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(BOM.to_vec());
    let header: Vec<String> = d.header.iter().map(|h| crate::text::spreadsheet_text(h)).collect();
    w.write_record(&header).map_err(|e| e.to_string())?;
    for row in &d.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                DownloadCell::Text(t) => crate::text::spreadsheet_text(t),
                DownloadCell::Number(n) if comma => n.replace('.', ","),
                DownloadCell::Number(n) => n.clone(),
                DownloadCell::Sign(s) => (*s).to_string(),
            })
            .collect();
        w.write_record(&cells).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Download {
        Download {
            header: vec!["Jahr".into(), "Ausländer*innen (Anteil in %)".into()],
            rows: vec![
                vec![DownloadCell::Text("2023".into()), DownloadCell::Number("-12.3457".into())],
                vec![DownloadCell::Text("=1+1".into()), DownloadCell::Sign(".")],
            ],
        }
    }

    #[test]
    fn german_excel_dialect() {
        let bytes = to_csv(&sample(), Lang::De).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap();
        assert_eq!(text, "Jahr;Ausländer*innen (Anteil in %)\n2023;-12,3457\n'=1+1;.\n");
    }

    #[test]
    fn english_dialect() {
        let bytes = to_csv(&sample(), Lang::En).unwrap();
        let text = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap();
        assert_eq!(text, "Jahr,Ausländer*innen (Anteil in %)\n2023,-12.3457\n'=1+1,.\n");
    }
}
