//! Data problems found during the pass, as diagnostics with file, line,
//! column and the offending field.
//!
//! Error or warning, decided per problem:
//! - errors (the run stops, nothing is written): a year that is not a year,
//!   a non-numeric value in a summed column, a negative count, a failing
//!   rhai script, an unreadable row — no correct figure can be computed;
//! - warnings (cells marked, run continues): a year outside the declared
//!   range (row skipped), a group code no group matches (row counted only in
//!   totals), numerator above denominator (cell marked implausible, not
//!   assessed), official missing symbols (typed missing values).

use super::pass::{IssueKind, RowIssue, SourceResult};
use super::plan::SourcePlan;
use crate::data::reader::{line_of_offset, line_text, Header};
use crate::diag::{Diag, Location};

pub fn to_diags(plan: &SourcePlan, result: &SourceResult, header: &Header) -> (Vec<Diag>, Vec<Diag>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let ambiguous = result.evidence.unresolved().map(|(offset, field, text)| RowIssue {
        kind: IssueKind::AmbiguousNumber,
        offset: *offset,
        field: Some(*field),
        detail: format!("`{text}` could be {} or {}", thousands_reading(text), decimal_reading(text)),
        script: None,
    });
    let parquet = plan.prepared.as_ref().is_some_and(|p| p.parquet);
    for issue in result.issues.iter().chain(ambiguous.iter()) {
        // A Parquet file has rows, not lines: its issues carry the 0-based
        // row number, and the row is shown as its fields joined by `;`.
        let (line, text) = if parquet {
            (issue.offset + 1, crate::data::parquet::row_text(&plan.path, issue.offset, &plan.format))
        } else {
            (line_of_offset(&plan.path, issue.offset), line_text(&plan.path, issue.offset))
        };
        let (start, len) = field_range(&text, header.delimiter, issue.field);
        let column = text.get(..start).map_or(1, |t| t.chars().count() as u64 + 1);
        let sheet = plan.prepared.as_ref().and_then(|p| p.sheet.as_deref());
        // A spreadsheet's copy is hidden: the position is the sheet's row
        // and column, and the message names the cell (`Tabelle1!C17`).
        let (line_shown, column, cell) = match sheet {
            Some(map) => (
                u64::from(map.row(line)),
                u64::from(map.column(issue.field.unwrap_or(0))),
                format!(" (cell `{}`)", map.cell(line, issue.field)),
            ),
            None if parquet => {
                // Warnings are also written into findings, which must not
                // depend on whether the table came as CSV or Parquet; the
                // location rendered with the warning names the row.
                let name = issue.field.and_then(|f| plan.header.get(f)).filter(|_| issue.kind.is_error());
                let at = match name {
                    Some(n) => format!(" (row {line}, column `{n}`)"),
                    None if issue.kind.is_error() => format!(" (row {line})"),
                    None => String::new(),
                };
                (line, issue.field.map_or(1, |f| f as u64 + 1), at)
            }
            None => (line, column, String::new()),
        };
        let location = Location::Data {
            path: plan.display.clone(),
            line: line_shown,
            column,
            text: text.clone(),
            field_start: start,
            field_len: len,
        };
        let count = result.issue_counts.get(&issue.kind).copied().unwrap_or(1);
        let more = if count > 1 { format!("{cell} ({count} rows affected)") } else { cell };
        let diag = match issue.kind {
            IssueKind::Script => {
                let Some((origin, name, e)) = &issue.script else { continue };
                let data = format!("`{}`", plan.display);
                errors.push(super::script_diag::runtime_error(e, origin.file, origin.span, name, &data, line_shown));
                continue;
            }
            IssueKind::BadYear => Diag::error("data-bad-year", format!("{}{more}", issue.detail))
                .help("the year column must hold a whole year such as 2021"),
            IssueKind::NotNumeric => Diag::error("data-not-numeric", format!("{}{more}", issue.detail))
                .help(if plan.format.number.is_declared() {
                    format!("summed columns hold numbers in the declared format ({}); official signs (`-` zero, `.` secret, `x` not meaningful, `/` unreliable, `…` later, `*`, empty) are read as such", number_format_words(plan))
                } else {
                    "summed columns hold numbers; official signs (`-` zero, `.` secret, `x` not meaningful, `/` unreliable, `…` later, `*`, empty) are read as such; declare other codes with `missing \"…\"` in the source".to_string()
                }),
            IssueKind::Negative => Diag::error("data-negative", format!("{}{more}", issue.detail))
                .help(format!("counts cannot be negative; if `{}` is a code for a missing value, declare it with `missing \"{}\"` in the source", issue_text(issue), issue_text(issue))),
            IssueKind::NotUtf8 => Diag::error("data-encoding", issue.detail.clone())
                .help("the file mixes encodings; save it again as \"CSV UTF-8\" (kimon never replaces unreadable characters, which could merge two district names)"),
            IssueKind::RowLength => Diag::error("data-row-length", format!("{}{more}", issue.detail))
                .help("a short or long row shifts values into the wrong columns; check the export for a missing or extra separator, or quote fields that contain one"),
            IssueKind::SchoolYear => Diag::error("data-school-year", format!("{}{more}", issue.detail))
                .help("declare `school_year end` (2020/21 counts as 2021) or `school_year start` (as 2020) in the source"),
            IssueKind::CountedTotalRow => Diag::error("data-total-row", format!("{}{more}", issue.detail))
                .help(format!("declare the label with `total_rows \"{}\"` in the source: kimon then keeps such rows out of the sums and checks them against the sum of their parts; or exclude them with `where`", issue_text(issue))),
            IssueKind::TotalMismatch => Diag::warning("data-total-mismatch", format!("{}{more}", issue.detail))
                .help("the published total is not the sum of the rows below it: a missing or extra row, a unit not in the table (such as „keine Angabe“), or rounding; kimon computes totals from the parts"),
            IssueKind::AmbiguousNumber => Diag::error("data-ambiguous-number", format!("{}{more}", issue.detail))
                .help("declare the number format in the source: `decimal \",\"` and `thousands \".\"` for German tables, `decimal \".\"` for English ones"),
            IssueKind::TooLarge => Diag::error(
                "data-too-large",
                format!("{}{more}: values above {:e} are refused, so sums cannot overflow", issue.detail, crate::limits::MAX_DATA_VALUE),
            )
            .help("no count or amount in integration monitoring comes near this; check the export (a wrong column or a unit such as 1e308)"),
            IssueKind::MissingRecordId => Diag::error("data-missing-record-id", format!("{}{more}", issue.detail))
                .help("the cell key method derives each person's noise from the record id; every row needs one"),
            IssueKind::TooManyCodes => Diag::error("data-too-many-codes", issue.detail.clone())
                .help("the area column holds too many different values; check `column` in the area declaration"),
            IssueKind::YearOutOfRange => Diag::warning("data-year-out-of-range", format!("{}{more}; rows skipped", issue.detail))
                .help("widen `years` in the rulebook header or filter the file"),
            IssueKind::UnmappedCode => Diag::error("data-unmapped-code", format!("{}{more}", issue.detail))
                .help("add the code with its parent to the key file, or, if the row is a total, declare it with `total_rows` in the source"),
            IssueKind::UnknownGroupCode => Diag::warning("data-unknown-code", format!("{}{more}; counted only in totals", issue.detail))
                .help("add a group for this code, an `otherwise` group, or filter total rows with `where`"),
        };
        let label = match issue.kind {
            IssueKind::YearOutOfRange | IssueKind::BadYear | IssueKind::SchoolYear => "this year",
            IssueKind::UnknownGroupCode | IssueKind::UnmappedCode => "unknown code",
            IssueKind::RowLength => "this row",
            IssueKind::NotUtf8 => "this line",
            IssueKind::CountedTotalRow => "total row",
            IssueKind::TotalMismatch => "published total",
            IssueKind::AmbiguousNumber => "ambiguous number",
            _ => "this value",
        };
        let mut diag = diag.at_data(location, label);
        if let (Some(map), IssueKind::BadYear | IssueKind::RowLength | IssueKind::NotNumeric) =
            (sheet, issue.kind)
        {
            // Notes and sources below a published table are the usual cause.
            let rows = format!(
                "if row {} is a note below the table, end the table with `last_row {}` in the source",
                map.row(line),
                map.row(line).saturating_sub(1)
            );
            diag.help = Some(diag.help.map_or(rows.clone(), |h| format!("{h}; {rows}")));
        }
        if issue.kind.is_error() {
            errors.push(diag);
        } else {
            warnings.push(diag);
        }
    }
    // Keep only the first example per kind in the warnings, the count says the rest.
    warnings.dedup_by(|a, b| a.code == b.code);
    (errors, warnings)
}

/// Byte range of field `n` in a delimited line (quotes are rare in the
/// files this is used for; a quoted field is still found approximately).
fn field_range(line: &str, delimiter: u8, n: Option<usize>) -> (usize, usize) {
    let Some(n) = n else { return (0, line.len()) };
    let mut start = 0;
    for (i, part) in line.split(delimiter as char).enumerate() {
        if i == n {
            return (start, part.len().max(1).min(line.len().saturating_sub(start)));
        }
        start += part.len() + 1;
    }
    (0, line.len())
}

/// The field text quoted in an issue's detail (the first `…` in backticks).
fn issue_text(issue: &RowIssue) -> &str {
    issue.detail.split('`').nth(1).unwrap_or("")
}

fn thousands_reading(text: &str) -> String {
    let digits: String = text.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect();
    format!("{digits} (thousands separator)")
}

fn decimal_reading(text: &str) -> String {
    format!("{} (decimal mark)", text.replace(',', "."))
}

fn number_format_words(plan: &SourcePlan) -> String {
    let n = plan.format.number;
    let d = n.decimal.map_or_else(|| "`.`".to_string(), |c| format!("`{c}`"));
    match n.thousands {
        Some(t) => format!("decimal {d}, thousands `{t}`"),
        None => format!("decimal {d}, no thousands separator"),
    }
}
