//! Diagnostics about a data file as a whole (not one row): its encoding,
//! its header, and a file that changed while it was read.

use crate::data::prepare::{PrepareError, Stamp, MAX_DECODED_BYTES};
use crate::data::reader::Header;
use crate::data::sheet::SheetError;
use crate::diag::{Diag, Location};
use crate::model::{Model, Source};
use std::path::Path;

pub fn prepare_error(source: &Source, display: &str, e: PrepareError) -> Diag {
    let at = |d: Diag| d.at(source.origin.file, source.origin.span, "source declared here");
    match e {
        PrepareError::Io(e) => at(Diag::error("data-io", format!("cannot read `{display}`: {e}"))),
        PrepareError::Decode { line, column, text, what, encoding } => {
            let start =
                text.char_indices().nth(column.saturating_sub(1) as usize).map_or(text.len(), |(i, _)| i);
            let len = text[start..].chars().next().map_or(1, char::len_utf8);
            Diag::error(
                "data-encoding",
                format!("`{display}` cannot be read as {}: {what} at line {line}", encoding.name()),
            )
            .at_data(
                Location::Data { path: display.to_string(), line, column, text, field_start: start, field_len: len },
                "this byte",
            )
            .help(match encoding {
                crate::model::Encoding::Utf8 => "the file is not UTF-8; if it was saved by Excel on Windows, declare `encoding \"windows-1252\"` in the source (or save it as \"CSV UTF-8\")".to_string(),
                _ => format!("the file is not {}; check the export or declare the right `encoding`", encoding.name()),
            })
        }
        PrepareError::Contradicts { declared, found } => at(Diag::error(
            "data-encoding",
            format!("`{display}` is declared as {} but is {found}", declared.name()),
        )
        .help("remove the `encoding` line (kimon detects UTF-8, UTF-16 and Windows-1252) or correct it")),
        PrepareError::TooLarge { len, encoding } => at(Diag::error(
            "data-encoding",
            format!(
                "`{display}` is {len} bytes of {}; files that are not UTF-8 are read only up to {} MiB",
                encoding.name(),
                MAX_DECODED_BYTES >> 20
            ),
        )
        .help("save the file as UTF-8 (\"CSV UTF-8\"), which kimon streams at any size")),
        PrepareError::Sheet(e) => at(sheet_error(display, e)),
    }
}

/// A spreadsheet that cannot be read as a table.
fn sheet_error(display: &str, e: SheetError) -> Diag {
    match e {
        SheetError::Unsupported(ext) => Diag::error(
            "data-spreadsheet",
            format!("`{display}`: `.{ext}` files are not read"),
        )
        .help("save the sheet as `.xlsx` (Excel, LibreOffice: „Speichern unter“) or as \"CSV UTF-8\"; kimon reads number formats only from .xlsx, and without them a percentage would silently become a fraction"),
        SheetError::TooLarge(what) => Diag::error("data-spreadsheet-too-large", format!("`{display}` is refused: {what}"))
            .help("published tables are far smaller; export the table as \"CSV UTF-8\", which kimon streams at any size"),
        SheetError::Read(what) => Diag::error("data-spreadsheet", format!("cannot read `{display}` as a spreadsheet: {what}"))
            .help("open and save the file again in Excel or LibreOffice as `.xlsx`, or export the sheet as \"CSV UTF-8\""),
        SheetError::NoSheet { name, available } => {
            let list = available.iter().map(|n| format!("„{n}“")).collect::<Vec<_>>().join(", ");
            if name.is_empty() {
                Diag::error("data-no-sheet", format!("`{display}` has no sheet")).help("check the file")
            } else {
                Diag::error("data-no-sheet", format!("`{display}` has no sheet „{name}“; its sheets are {list}"))
                    .help("write the sheet's name exactly as on its tab, e.g. `sheet \"Tabelle1\"` (or leave `sheet` out to read the first sheet)")
            }
        }
        SheetError::NoHeader { sheet, row: Some(row) } => Diag::error(
            "data-no-header",
            format!("`{display}`: row {row} of sheet „{sheet}“ is empty, so it holds no column names"),
        )
        .help("`header_row` names the row with the column names, counted from 1 as Excel shows it"),
        SheetError::NoHeader { sheet, row: None } => {
            Diag::error("data-no-header", format!("`{display}`: sheet „{sheet}“ is empty"))
                .help("name the sheet holding the table with `sheet \"…\"`")
        }
        SheetError::HeaderCell { cell, text, what } => Diag::error(
            "data-header-cell",
            format!("`{display}`: the column name `{text}` in cell `{cell}` contains {what}"),
        )
        .help("rename the column in the sheet (kimon's column names cannot hold `;` or `\"`)"),
    }
}

/// A header naming the same column twice: `column x = "…"` could only
/// ever find the first, so the second would be ignored silently.
pub fn duplicate_header(
    path: &Path,
    display: &str,
    header: &Header,
    sheet: Option<&crate::data::sheet::SheetMap>,
) -> Option<Diag> {
    let cols = &header.columns;
    let (first, second) = cols.iter().enumerate().find_map(|(j, c)| {
        if c.is_empty() {
            return None;
        }
        cols[..j].iter().position(|p| p == c).map(|i| (i, j))
    })?;
    let text = crate::data::reader::line_text(path, 0).trim_start_matches('\u{feff}').to_string();
    let mut start = 0;
    let mut len = text.len();
    for (i, part) in text.split(header.delimiter as char).enumerate() {
        if i == second {
            len = part.len().max(1);
            break;
        }
        start += part.len() + 1;
    }
    let mut column = text.get(..start).map_or(1, |t| t.chars().count() as u64 + 1);
    let mut line = 1;
    let mut cell = String::new();
    if let Some(map) = sheet {
        (line, column) = (u64::from(map.row(1)), u64::from(map.column(second)));
        cell = format!(" (cell `{}`)", map.cell(1, Some(second)));
    }
    let name = &cols[second];
    Some(
        Diag::error(
            "data-duplicate-header",
            format!(
                "column `{name}` appears twice in the header of `{display}` (columns {} and {}){cell}",
                first + 1,
                second + 1
            ),
        )
        .at_data(
            Location::Data {
                path: display.to_string(),
                line,
                column,
                text: text.clone(),
                field_start: start.min(text.len()),
                field_len: len.min(text.len().saturating_sub(start)).max(1),
            },
            "second column of this name",
        )
        .help("rename one of the columns in the file; kimon would otherwise read only the first"),
    )
}

pub fn changed(model: &Model, source: &str, display: &str, before: &Stamp, now: &Stamp) -> Diag {
    let mut d = Diag::error(
        "data-changed",
        format!(
            "`{display}` changed while it was being read ({} bytes before, {} bytes after)",
            before.len, now.len
        ),
    )
    .help("another program is writing the file; wait until it is complete and run kimon again");
    if let Some(s) = model.sources.get(source) {
        d = d.at(s.origin.file, s.origin.span, "source declared here");
    }
    d
}

pub fn encoding_guessed(model: &Model, source: &str, display: &str) -> Option<Diag> {
    let s = model.sources.get(source)?;
    Some(
        Diag::warning("data-encoding-detected", format!("`{display}` is not UTF-8; it was read as Windows-1252"))
            .at(s.origin.file, s.origin.span, "source declared here")
            .help("declare `encoding \"windows-1252\"` in the source to confirm (this silences the warning), or save the file as \"CSV UTF-8\""),
    )
}

/// The published form of a row warning about a confidential source: which
/// kind of problem occurred in which file, without the row count („2 rows
/// affected“ is a count of persons in microdata), the line or the value
/// (a rare code is itself a person's attribute). The full warning goes to
/// the operator only.
pub fn without_rows(warning: &Diag, display: &str) -> Diag {
    let what = match warning.code.trim_start_matches("kimon::") {
        "data-year-out-of-range" => "rows with a year outside the rulebook's years were skipped",
        "data-unknown-code" => "rows with a code that no group matches are counted only in totals",
        "data-total-mismatch" => {
            "a total row differs from the sum of its parts; totals are computed from the parts"
        }
        _ => "a problem with some rows was reported to whoever ran kimon",
    };
    let code = warning.code.trim_start_matches("kimon::").to_string();
    Diag::warning(&code, format!("`{display}`: {what}"))
}
