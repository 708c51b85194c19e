//! The data-based form of the lint `mean-of-shares`: `unit mean` over a
//! column whose name does not say „Anteil“ but whose values are shares.
//! The name-based lint (`lint/shares.rs`) sees the rulebook only; this one
//! looks at the values, in `kimon check` when the file is there and in
//! every evaluation.
//!
//! The rule, chosen so that it never fires on counts or on ordinary means:
//! - a spreadsheet formats the column as a percentage (`0,0 %`): a share;
//! - otherwise at least three values, none negative, at least one not a
//!   whole number (counts are whole numbers), and either all of them lie
//!   in 0..1 (fractions), or all lie in 0..100 and the column's name does
//!   not mark a mean or a size (`Durchschnitt`, `Alter`, … — a mean age of
//!   42,3 is no percentage).
//!
//! Which values: in an evaluation, the numerator cells that hold exactly
//! one row of the file after the indicator's filter (one published value
//! each); where there are too few, and in `check`, the column's first
//! [`SAMPLE_ROWS`] values regardless of filters. No value is printed for a
//! confidential source.

use super::plan::SourcePlan;
use super::IndicatorTable;
use crate::diag::Diag;
use crate::model::{Indicator, Model, Unit};
use indexmap::IndexMap;
use kimon_grammar::ast::AggregateFn;

/// Rows of the file looked at when no filtered cells are at hand.
const SAMPLE_ROWS: usize = 20_000;

/// Column words that mark a mean, an age or a size, not a share.
const NOT_SHARES: [&str; 10] =
    ["durchschnitt", "mittel", "alter", "age", "mean", "average", "median", "größe", "groesse", "dauer"];

/// Warnings for every `unit mean` indicator over shares the names do not
/// reveal. `tables` are the evaluated tables (`None` in `check`).
pub fn lint(
    model: &Model,
    plans: &IndexMap<String, SourcePlan>,
    tables: Option<&IndexMap<String, IndicatorTable>>,
) -> Vec<Diag> {
    let mut out = Vec::new();
    for ind in model.indicators.values() {
        if ind.unit != Unit::Mean || ind.numerator.function != AggregateFn::Sum {
            continue;
        }
        if crate::lint::shares::share_evidence(model, ind).is_some() {
            continue; // the name-based lint has said it
        }
        let Some(plan) = plans.get(&ind.numerator.source) else { continue };
        let Some(column) = ind.numerator.column.as_deref() else { continue };
        let header = model.sources.get(&ind.numerator.source).map_or(column, |s| s.header_for(column));
        let Some(field) =
            plan.header[..plan.physical_len.min(plan.header.len())].iter().position(|h| h == header)
        else {
            continue;
        };
        let percent_formatted = plan
            .prepared
            .as_ref()
            .and_then(|p| p.sheet.as_deref())
            .is_some_and(|m| m.percent_fields.contains(&field));
        let mut values: Vec<f64> = tables
            .and_then(|t| t.get(&ind.id))
            .map(|t| t.cells.values().filter(|c| c.num.rows == 1).filter_map(|c| c.num.value()).collect())
            .unwrap_or_default();
        if values.len() < 3 {
            values = sample(plan, field);
        }
        let words = format!("{column} {header}").to_lowercase();
        let Some(why) = looks_like_shares(&values, percent_formatted, &words) else { continue };
        out.push(warning(ind, plan, header, why, &values));
    }
    out
}

/// Why `values` look like shares, if they do.
pub fn looks_like_shares(
    values: &[f64],
    percent_formatted: bool,
    column_words: &str,
) -> Option<&'static str> {
    if percent_formatted && !values.is_empty() {
        return Some("the spreadsheet formats it as a percentage");
    }
    if values.len() < 3 || values.iter().any(|v| *v < 0.0 || *v > 100.0) {
        return None;
    }
    if values.iter().all(|v| v.fract() == 0.0) {
        return None; // counts
    }
    if values.iter().all(|v| *v <= 1.0) {
        return Some("all its values lie between 0 and 1 and are not whole numbers, as fractions do");
    }
    if NOT_SHARES.iter().any(|w| column_words.contains(w)) {
        return None;
    }
    Some("all its values lie between 0 and 100 and are not whole numbers, as percentages do")
}

/// The column's first values in the file, as numbers (signs and text
/// skipped), read from the prepared copy with the source's number format.
fn sample(plan: &SourcePlan, field: usize) -> Vec<f64> {
    let path = plan.prepared.as_ref().map_or(&plan.path, |p| &p.stream_path);
    let Ok(header) = crate::data::reader::read_header(path) else { return Vec::new() };
    let Ok(mut rdr) = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(header.delimiter)
        .flexible(true)
        .from_path(path)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for record in rdr.records().take(SAMPLE_ROWS) {
        let Ok(record) = record else { break };
        let Some(text) = record.get(field) else { continue };
        if let Ok((v, _)) = crate::data::number::parse_value(text, plan.format.number) {
            out.push(v);
        }
    }
    out
}

fn warning(ind: &Indicator, plan: &SourcePlan, header: &str, why: &str, values: &[f64]) -> Diag {
    let range = if plan.confidential {
        String::new()
    } else {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        format!(" (from {min} to {max})")
    };
    let src = &ind.numerator.source;
    let col = ind.numerator.column.as_deref().unwrap_or("…");
    Diag::warning(
        "lint::mean-of-shares",
        format!(
            "indicator `{}` averages column `{header}` with `unit mean`, and the column holds shares: {why}{range}; an unweighted mean of shares is not the share of the whole",
            ind.id
        ),
    )
    .at(ind.numerator.origin.file, ind.numerator.origin.span, "shares, averaged")
    .help(format!(
        "compute the share from counts (`unit percent`, numerator and denominator as `sum(…)` of counts), or read the published rates with `numerator rate({src}.{col} …)` and `denominator sum(… the base …)`, which weights each rate with its base; if the column is a mean of something else, rename it in the rulebook (`column durchschnitt_… = \"{header}\"`)"
    ))
}

#[cfg(test)]
mod tests {
    use super::looks_like_shares;

    #[test]
    fn counts_and_means_are_not_shares() {
        assert!(looks_like_shares(&[12.0, 7.0, 3.0], false, "wert").is_none());
        assert!(looks_like_shares(&[12.5, 7.25, 3.0], false, "wert").is_some());
        assert!(looks_like_shares(&[0.12, 0.07, 0.3], false, "wert").is_some());
        assert!(looks_like_shares(&[42.3, 44.1, 39.8], false, "durchschnittsalter").is_none());
        assert!(looks_like_shares(&[112.5, 7.25, 3.0], false, "wert").is_none());
        assert!(looks_like_shares(&[12.0, 7.0], true, "wert").is_some());
        assert!(looks_like_shares(&[1.5, 2.5], false, "wert").is_none());
    }
}
