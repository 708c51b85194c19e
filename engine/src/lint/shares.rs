//! `unit mean` over shares: averaging the published shares of 45 counties
//! gave 17.8 % as the Land share where the true share (foreigners over
//! population) was 8.7 % (issue 12). An unweighted mean of shares is not
//! the share of the whole; a share is computed from counts, or a published
//! rate is weighted with its base (`rate(…)` over `sum(…)` of the base).
//!
//! A summed column counts as a share when its name, its header in the file
//! or a text its filter selects rows by says so („Prozent“, „Anteil“,
//! „Quote“, `%`) — the way long office tables mark their percentage rows.
//! Columns whose values are shares without saying so are found by the
//! data-based form in `eval/share_data.rs`.

use crate::diag::{Diag, Diags};
use crate::model::{Indicator, Model, Unit};
use kimon_grammar::ast::{AggregateFn, Expr, Literal};

/// Words that mark a percentage or share (compared in lower case).
const MARKERS: [&str; 7] = ["prozent", "anteil", "quote", "%", "percent", "share", "proportion"];

fn marker_in(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    MARKERS.iter().find(|m| lower.contains(*m)).copied()
}

/// What marks the numerator's column as a share, in words, if anything.
pub(crate) fn share_evidence(model: &Model, ind: &Indicator) -> Option<String> {
    let num = &ind.numerator;
    let column = num.column.as_deref()?;
    let header = model.sources.get(&num.source).map_or(column, |s| s.header_for(column));
    if marker_in(column).is_some() || marker_in(header).is_some() {
        return Some(format!("column `{header}`"));
    }
    let mut found = None;
    if let Some(f) = &num.filter {
        f.walk(&mut |e| {
            if found.is_some() {
                return;
            }
            let text = match e {
                Expr::Str(t) => Some(t.value.as_str()),
                Expr::InList { items, .. } => items.iter().find_map(|i| match i {
                    Literal::Str(t) if marker_in(&t.value).is_some() => Some(t.value.as_str()),
                    _ => None,
                }),
                _ => None,
            };
            if let Some(t) = text.filter(|t| marker_in(t).is_some()) {
                found = Some(format!("the rows `\"{t}\"`"));
            }
        });
    }
    found
}

pub fn mean_of_shares(model: &Model, diags: &mut Diags) {
    for ind in model.indicators.values() {
        if ind.unit != Unit::Mean || ind.numerator.function != AggregateFn::Sum {
            continue;
        }
        let Some(evidence) = share_evidence(model, ind) else { continue };
        let src = &ind.numerator.source;
        let col = ind.numerator.column.as_deref().unwrap_or("…");
        diags.push(
            Diag::warning(
                "lint::mean-of-shares",
                format!(
                    "indicator `{}` averages shares ({evidence}) with `unit mean`: an unweighted mean of shares is not the share of the whole",
                    ind.id
                ),
            )
            .at(ind.numerator.origin.file, ind.numerator.origin.span, "a share, averaged")
            .help(format!(
                "compute the share from counts (`unit percent`, numerator and denominator as `sum(…)` of the count rows), or read the published rates with `numerator rate({src}.{col} where …)` and `denominator sum(… the base …)`, which weights each rate with its base"
            )),
        );
    }
}
