//! Published rates (`numerator rate(src.col …)`), read as published. A
//! single published rate is shown as it is. Over several areas a rate is
//! never averaged: with its base (`denominator sum(…)`) each rate is turned
//! back into a count (rate × base), so the total is weighted by the base —
//! the Land share of 45 counties is Σ(rate × population) / Σ population,
//! not the mean of 45 shares; the base also decides small-base rules.
//! Without a base a total over several rates is not computed, and a
//! warning says so.

use super::acc::Acc;
use super::{AreaKey, IndicatorTable};
use crate::data::MissingKind;
use crate::diag::Diag;
use crate::model::Indicator;
use kimon_grammar::ast::AggregateFn;

pub fn apply(ind: &Indicator, table: &mut IndicatorTable, warnings: &mut Vec<Diag>) {
    if ind.numerator.function != AggregateFn::Rate {
        return;
    }
    // A count rebuilt from a rate is no sum of the source's rows: the
    // privacy layer must not take it for one (rate sources are public).
    table.num_def = None;
    let scale = ind.unit.scale();
    let has_base = table.den_measure.is_some();
    // First the cells holding exactly one published rate.
    let mut not_computed = 0usize;
    let keys: Vec<_> = table.cells.keys().cloned().collect();
    for key in &keys {
        let Some(cell) = table.cells.get_mut(key) else { continue };
        if cell.num.rows != 1 {
            continue;
        }
        if let (Some(rate), Some(base)) = (cell.num.value(), cell.den.and_then(|d| d.value())) {
            cell.num.sum = rate / scale * base;
        } else if has_base && cell.num.value().is_some() {
            // A rate whose base is unknown cannot be weighted.
            cell.num.missing.get_or_insert(MissingKind::NotAvailable);
        }
    }
    // Then the cells that would add several rates.
    for key in &keys {
        let Some(rows) = table.cells.get(key).map(|c| c.num.rows) else { continue };
        if rows <= 1 {
            continue;
        }
        let weighted = if has_base && key.area == AreaKey::Total && table.area.is_some() {
            // Σ count over the units of the same year and groups.
            let mut sum = 0.0;
            let mut all = true;
            let mut flags = 0u8;
            for (k, c) in &table.cells {
                if k.year == key.year && k.groups == key.groups && matches!(k.area, AreaKey::Unit(_)) {
                    match (c.num.rows, c.num.value()) {
                        (1, Some(v)) => {
                            sum += v;
                            flags |= c.num.flags;
                        }
                        (0, _) => {}
                        _ => all = false,
                    }
                }
            }
            all.then_some((sum, flags))
        } else {
            None
        };
        let Some(cell) = table.cells.get_mut(key) else { continue };
        match weighted {
            Some((sum, flags)) => {
                cell.num =
                    Acc { sum, sum_sq: 0.0, rows, missing: None, incomplete: cell.num.incomplete, flags };
                if cell.den.is_some_and(|d| d.value().is_none()) {
                    cell.num.incomplete = true;
                }
            }
            None => {
                cell.num = Acc {
                    sum: 0.0,
                    sum_sq: 0.0,
                    rows,
                    missing: Some(MissingKind::NotMeaningful),
                    incomplete: false,
                    flags: 0,
                };
                not_computed += 1;
            }
        }
    }
    if not_computed > 0 {
        let help = if has_base {
            "a rate is weighted with its base over the units of an area, where each unit is one published rate; a derived group, a dimension total or an area unit made of several rows (such as a region over its counties) would add rates: read the counts with `sum(…)` for those"
        } else {
            "add the rates' base as `denominator sum(…)` (e.g. the population): kimon then weights each rate with it; a mean of rates is not the rate of the total"
        };
        warnings.push(
            Diag::warning(
                "rate-without-base",
                format!(
                    "indicator `{}` reads published rates: {not_computed} cell(s) would combine several rates and are not computed{}",
                    ind.id,
                    if has_base { "" } else { " (the rates have no base)" }
                ),
            )
            .at(ind.origin.file, ind.origin.span, "published rates")
            .help(help),
        );
    }
}
