//! Spreadsheets (`.xlsx`, `.xlsm`) read as published: one sheet becomes
//! the private `;`-separated UTF-8 copy the streaming pass reads, so that
//! privacy, atoms, the ledger, total rows and the value checks see ordinary
//! rows. What the copy cannot say itself — which cell a line came from — is
//! kept in a [`SheetMap`], so diagnostics name `Tabelle1!C17`.
//!
//! Cell values are written so that the pass reads them exactly:
//! - numbers stored as numbers are exact (an integer count stored as
//!   `1234.0` is `1234`), in the source's declared decimal mark and never
//!   in a shape the pass would call ambiguous (`1.234` is written `1.2340`);
//! - a number formatted as a percentage (`0.123` shown as `12,3 %`) is read
//!   as the percentage the office sees, `12.3`: the value of the table, not
//!   a fraction of it;
//! - text cells are copied as they are, so official signs (`.`, `-`, `x`,
//!   `/`, `…`) and numbers stored as text go through the same legend and
//!   number rules as in a CSV file; line breaks inside a cell become spaces;
//! - empty cells are missing; dates are written `2021-12-31` (a year column
//!   reads them, a summed column refuses them at the cell); error cells
//!   (`#DIV/0!`) are copied as text and refused where a number is needed.

use super::zip_guard;
use crate::model::DataFormat;
use calamine::{DataRef, Reader, Xlsx};
use std::collections::BTreeMap;
use std::path::Path;

/// Where the lines of a spreadsheet's copy came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetMap {
    pub sheet: String,
    /// 1-based sheet row of each line of the copy (index 0: the header).
    pub rows: Vec<u32>,
    /// 0-based sheet column of the copy's first field.
    pub first_col: u32,
    /// Fields (0-based, of the copy) with a cell formatted as a percentage:
    /// evidence for the data-based share lint.
    pub percent_fields: Vec<usize>,
}

impl SheetMap {
    /// The sheet row of a 1-based line of the copy.
    pub fn row(&self, line: u64) -> u32 {
        let i = (line.max(1) - 1) as usize;
        self.rows.get(i).copied().unwrap_or_else(|| self.rows.last().copied().unwrap_or(1))
    }

    /// The 1-based sheet column of a 0-based field of the copy.
    pub fn column(&self, field: usize) -> u32 {
        self.first_col + field as u32 + 1
    }

    /// `Tabelle1!C17` (Excel's own notation; the sheet name is quoted when
    /// it holds spaces or punctuation, as Excel does).
    pub fn cell(&self, line: u64, field: Option<usize>) -> String {
        let col = column_letters(self.column(field.unwrap_or(0)));
        let plain = self.sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
        let sheet = if plain { self.sheet.clone() } else { format!("'{}'", self.sheet.replace('\'', "''")) };
        match field {
            Some(_) => format!("{sheet}!{col}{}", self.row(line)),
            None => format!("{sheet}!{}:{}", self.row(line), self.row(line)),
        }
    }
}

/// `1` → `A`, `27` → `AA`.
pub fn column_letters(mut n: u32) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(b'A' + r);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Which files are read as spreadsheets, by their extension.
pub fn kind(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" => Some(Kind::Xlsx),
        "xls" | "xlsb" | "ods" => Some(Kind::Unsupported(ext)),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    /// Read by calamine too, but without number formats: a percentage
    /// would silently become a fraction, so such files are refused.
    Unsupported(String),
}

#[derive(Debug)]
pub enum SheetError {
    Unsupported(String),
    TooLarge(String),
    Read(String),
    NoSheet { name: String, available: Vec<String> },
    NoHeader { sheet: String, row: Option<u32> },
    HeaderCell { cell: String, text: String, what: &'static str },
}

/// Converts the sheet the source names (or the first) into `;`-separated
/// UTF-8 text, one line per non-empty row from the header row on.
pub fn convert(path: &Path, format: &DataFormat) -> Result<(String, SheetMap), SheetError> {
    match kind(path) {
        Some(Kind::Xlsx) => {}
        Some(Kind::Unsupported(ext)) => return Err(SheetError::Unsupported(ext)),
        None => return Err(SheetError::Unsupported(String::new())),
    }
    zip_guard::check(path)?;
    let mut book: Xlsx<_> =
        calamine::open_workbook(path).map_err(|e: calamine::XlsxError| SheetError::Read(e.to_string()))?;
    let names = book.sheet_names();
    let sheet = match &format.sheet {
        Some(want) => names
            .iter()
            .find(|n| *n == want)
            .cloned()
            .ok_or_else(|| SheetError::NoSheet { name: want.clone(), available: names.clone() })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| SheetError::NoSheet { name: String::new(), available: Vec::new() })?,
    };
    let read = read_cells(&mut book, &sheet, format)?;
    layout(read, sheet, format)
}

/// Non-empty cells of a sheet: row → column → text for the copy.
type Cells = BTreeMap<u32, BTreeMap<u32, String>>;

/// A sheet's cells and the columns holding percentage-formatted numbers.
struct Read {
    cells: Cells,
    percent_cols: std::collections::BTreeSet<u32>,
}

fn read_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
    format: &DataFormat,
) -> Result<Read, SheetError> {
    let mut reader = book.worksheet_cells_reader(sheet).map_err(|e| SheetError::Read(e.to_string()))?;
    let percent: Vec<bool> = reader
        .styles()
        .iter()
        .map(|s| s.number_format.as_ref().is_some_and(|f| is_percent_format(&f.format_code)))
        .collect();
    let decimal =
        format.number.decimal.unwrap_or(if format.number.thousands == Some('.') { ',' } else { '.' });
    let declared = format.number.is_declared();
    let mut cells = Cells::new();
    let mut percent_cols = std::collections::BTreeSet::new();
    let mut count = 0usize;
    while let Some((cell, style)) =
        reader.next_cell_with_style_id().map_err(|e| SheetError::Read(e.to_string()))?
    {
        let (row, col) = cell.get_position();
        let pct = percent.get(style).copied().unwrap_or(false);
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::Int(i) => number_text(&i.to_string(), pct, decimal, declared),
            DataRef::Float(f) => number_text(&format!("{f}"), pct, decimal, declared),
            DataRef::String(s) => one_line(s),
            DataRef::SharedString(s) => one_line(s),
            DataRef::Bool(b) => b.to_string(),
            DataRef::DateTime(d) if d.is_datetime() => {
                let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
                if (h, min, s) == (0, 0, 0) {
                    format!("{y:04}-{m:02}-{day:02}")
                } else {
                    format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:{s:02}")
                }
            }
            DataRef::DateTime(d) => number_text(&format!("{}", d.as_f64()), false, decimal, declared),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => one_line(s),
            DataRef::Error(e) => e.to_string(),
        };
        if text.trim().is_empty() {
            continue;
        }
        count += 1;
        if count > crate::limits::MAX_SHEET_CELLS {
            return Err(SheetError::TooLarge(format!(
                "sheet `{sheet}` has more than {} non-empty cells",
                crate::limits::MAX_SHEET_CELLS
            )));
        }
        if pct && matches!(cell.get_value(), DataRef::Int(_) | DataRef::Float(_)) {
            percent_cols.insert(col);
        }
        // Rows and columns count from 0 in calamine, from 1 in Excel.
        cells.entry(row + 1).or_default().insert(col, text);
    }
    Ok(Read { cells, percent_cols })
}

/// What `kimon sniff` proposes for a workbook: the sheet with the most
/// cells, its header row and, when notes follow the table, its last row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    pub sheet: String,
    pub sheets: Vec<String>,
    pub header_row: u32,
    pub last_row: Option<u32>,
}

/// Sheets looked at by [`guess`].
const GUESS_SHEETS: usize = 20;

pub fn guess(path: &Path) -> Result<Guess, SheetError> {
    zip_guard::check(path)?;
    let mut book: Xlsx<_> =
        calamine::open_workbook(path).map_err(|e: calamine::XlsxError| SheetError::Read(e.to_string()))?;
    let sheets = book.sheet_names();
    let mut best: Option<(usize, String, Cells)> = None;
    for name in sheets.iter().take(GUESS_SHEETS) {
        let cells = read_cells(&mut book, name, &DataFormat::default())?.cells;
        let n: usize = cells.values().map(BTreeMap::len).sum();
        if best.as_ref().is_none_or(|(m, ..)| n > *m) {
            best = Some((n, name.clone(), cells));
        }
    }
    let (_, sheet, cells) = best.ok_or(SheetError::NoSheet { name: String::new(), available: Vec::new() })?;
    // The header is the first row as wide as the widest of the first rows
    // (a title above it has one cell); the table ends at the last row at
    // least half as wide (notes below it have one or two).
    let width = cells.values().take(50).map(BTreeMap::len).max().unwrap_or(0);
    let header_row = cells.iter().find(|(_, r)| r.len() == width).map_or(1, |(row, _)| *row);
    let last = cells.iter().rev().find(|(_, r)| r.len() * 2 >= width).map(|(row, _)| *row);
    let last_row = last.filter(|l| cells.keys().next_back().is_some_and(|end| end > l));
    Ok(Guess { sheet, sheets, header_row, last_row })
}

/// Lays the cells out as lines: the header row, then every non-empty row
/// below it (empty rows are skipped; the map keeps the real row numbers).
fn layout(read: Read, sheet: String, format: &DataFormat) -> Result<(String, SheetMap), SheetError> {
    let Read { cells, percent_cols } = read;
    let header_row = match format.header_row {
        Some(r) => r,
        None => *cells.keys().next().ok_or(SheetError::NoHeader { sheet: sheet.clone(), row: None })?,
    };
    let header =
        cells.get(&header_row).ok_or(SheetError::NoHeader { sheet: sheet.clone(), row: Some(header_row) })?;
    let first_col = *header.keys().next().unwrap_or(&0);
    let last_col = *header.keys().next_back().unwrap_or(&0);
    let percent_fields = percent_cols.range(first_col..).map(|c| (c - first_col) as usize).collect();
    let map = SheetMap { sheet, rows: Vec::new(), first_col, percent_fields };
    let mut out = String::new();
    let mut rows = vec![header_row];
    for col in first_col..=last_col {
        let name = header.get(&col).map_or("", String::as_str).trim();
        let cell = || format!("{}!{}{header_row}", map.sheet, column_letters(col + 1));
        if name.contains([';', '"']) {
            return Err(SheetError::HeaderCell {
                cell: cell(),
                text: name.to_string(),
                what: "a `;` or `\"`",
            });
        }
        if col > first_col {
            out.push(';');
        }
        out.push_str(name);
    }
    out.push('\n');
    let last_row = format.last_row.unwrap_or(u32::MAX);
    for (&row, values) in cells.range(header_row + 1..=last_row) {
        // Cells left of the header's first column are outside the table.
        let end = values.keys().next_back().copied().unwrap_or(first_col).max(last_col);
        let mut line = String::new();
        for col in first_col..=end {
            if col > first_col {
                line.push(';');
            }
            if let Some(v) = values.get(&col) {
                push_field(&mut line, v);
            }
        }
        if line.bytes().all(|b| b == b';') {
            continue;
        }
        out.push_str(&line);
        out.push('\n');
        rows.push(row);
    }
    Ok((out, SheetMap { rows, ..map }))
}

/// A field of the copy, quoted when it holds the separator or a quote.
fn push_field(line: &mut String, v: &str) {
    if v.contains([';', '"']) {
        line.push('"');
        line.push_str(&v.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(v);
    }
}

/// Line breaks inside a cell (common in headers) would split a line of
/// the copy; they become spaces.
fn one_line(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

/// A number format shows a percentage when it has a `%` outside quotes
/// and escapes (`0.0%`, `0,0 %`, but not `0 "%-Pkt."`).
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.split(';').next().unwrap_or("").chars() {
        match (c, quoted, escaped) {
            (_, _, true) => escaped = false,
            ('\\', false, _) => escaped = true,
            ('"', _, _) => quoted = !quoted,
            ('%', false, _) => return true,
            _ => {}
        }
    }
    false
}

/// A number's text for the copy: Rust's shortest exact decimal form (no
/// exponent, no float noise: `1234.0` → `1234`), shifted by two places for
/// a percentage cell, in the declared decimal mark. Undeclared, a shape
/// the pass would call ambiguous (`1.234`) gets a trailing zero.
pub(crate) fn number_text(plain: &str, percent: bool, decimal: char, declared: bool) -> String {
    let (sign, digits) = plain.strip_prefix('-').map_or(("", plain), |d| ("-", d));
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let (mut int, mut frac) = (int.to_string(), frac.to_string());
    if percent {
        while frac.len() < 2 {
            frac.push('0');
        }
        int.push_str(&frac[..2]);
        frac = frac[2..].to_string();
        let trimmed = int.trim_start_matches('0');
        int = if trimmed.is_empty() { "0".into() } else { trimmed.to_string() };
    }
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        return if int == "0" { int } else { format!("{sign}{int}") };
    }
    let mut frac = frac.to_string();
    if !declared && frac.len() == 3 && int.len() <= 3 && int != "0" {
        frac.push('0');
    }
    format!("{sign}{int}{decimal}{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_exactly() {
        assert_eq!(number_text("1234", false, '.', false), "1234");
        assert_eq!(number_text("12.5", false, ',', true), "12,5");
        assert_eq!(number_text("1.234", false, '.', false), "1.2340");
        assert_eq!(number_text("1.234", false, '.', true), "1.234");
        assert_eq!(number_text("0.123", true, '.', false), "12.3");
        assert_eq!(number_text("0.5", true, '.', false), "50");
        assert_eq!(number_text("1.5", true, ',', true), "150");
        assert_eq!(number_text("0.001", true, '.', false), "0.1");
        assert_eq!(number_text("-0.25", true, '.', false), "-25");
        assert_eq!(number_text(&format!("{}", 1234.0f64), false, '.', false), "1234");
    }

    #[test]
    fn percent_formats_and_cells() {
        assert!(is_percent_format("0.0%"));
        assert!(is_percent_format("0,0 %"));
        assert!(!is_percent_format("0 \"%-Pkt.\""));
        assert!(!is_percent_format("#,##0"));
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(27), "AA");
        let map =
            SheetMap { sheet: "Tabelle 1".into(), rows: vec![3, 4, 6], first_col: 1, percent_fields: vec![] };
        assert_eq!(map.cell(3, Some(1)), "'Tabelle 1'!C6");
    }
}
