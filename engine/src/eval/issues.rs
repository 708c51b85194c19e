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

use super::pass::{IssueKind, SourceResult};
use super::plan::SourcePlan;
use crate::data::reader::{line_of_offset, line_text, Header};
use crate::diag::{Diag, Location};

pub fn to_diags(plan: &SourcePlan, result: &SourceResult, header: &Header) -> (Vec<Diag>, Vec<Diag>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for issue in &result.issues {
        let line = line_of_offset(&plan.path, issue.offset);
        let text = line_text(&plan.path, issue.offset);
        let (start, len) = field_range(&text, header.delimiter, issue.field);
        let column = text.get(..start).map_or(1, |t| t.chars().count() as u64 + 1);
        let location = Location::Data {
            path: plan.display.clone(),
            line,
            column,
            text: text.clone(),
            field_start: start,
            field_len: len,
        };
        let count = result.issue_counts.get(&issue.kind).copied().unwrap_or(1);
        let more = if count > 1 { format!(" ({count} rows affected)") } else { String::new() };
        let diag = match issue.kind {
            IssueKind::Script => {
                let Some((origin, name, e)) = &issue.script else { continue };
                let data = format!("`{}`", plan.display);
                errors.push(super::script_diag::runtime_error(e, origin.file, origin.span, name, &data, line));
                continue;
            }
            IssueKind::BadYear => Diag::error("data-bad-year", format!("{}{more}", issue.detail))
                .help("the year column must hold a whole year such as 2021"),
            IssueKind::NotNumeric => Diag::error("data-not-numeric", format!("{}{more}", issue.detail))
                .help("summed columns hold numbers; official missing symbols (`.`, `/`, `x`, `-`, `–`, `*`, empty) are read as missing"),
            IssueKind::Negative => Diag::error("data-negative", format!("{}{more}", issue.detail))
                .help("counts cannot be negative; check the export"),
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
            IssueKind::UnknownGroupCode => Diag::warning("data-unknown-code", format!("{}{more}; counted only in totals", issue.detail))
                .help("add a group for this code, an `otherwise` group, or filter total rows with `where`"),
        };
        let label = match issue.kind {
            IssueKind::YearOutOfRange | IssueKind::BadYear => "this year",
            IssueKind::UnknownGroupCode => "unknown code",
            _ => "this value",
        };
        let diag = diag.at_data(location, label);
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
