//! Helpers of one finding: names, tolerances, evidence-checked changes,
//! comparisons with their gap development, missing members of a total.

use super::bands::direction;
use super::compare::{gap_kind, gap_of, value_at, Cmp};
use super::finding::{At, Ctx};
use super::series::{annual_change, window, Point};
use super::text;
use crate::eval::AreaKey;
use crate::findings::*;
use crate::model::{Indicator, Model, SourceKind, Unit};
use crate::publish::Shown;
use crate::report::numfmt::Lang;

pub(super) fn missing() -> Shown {
    Shown::Missing(Default::default())
}

/// The one tolerance, in the quantity's scale.
pub(super) fn tolerance(model: &Model, ratio: bool) -> f64 {
    if ratio {
        model.assessment.ratio_tolerance
    } else {
        model.assessment.trend_tolerance
    }
}

/// Average annual change of a window, only with enough points.
pub(super) fn trend_change(model: &Model, win: &[Point]) -> Option<f64> {
    (win.len() >= model.assessment.trend_min_points).then(|| annual_change(win)).flatten()
}

pub(super) fn is_survey(model: &Model, ind: &Indicator) -> bool {
    ind.sources().iter().any(|s| model.sources.get(*s).is_some_and(|s| s.kind == SourceKind::Survey))
}

pub(super) fn area_name(model: &Model, ind: &Indicator, area: &AreaKey, lang: Lang) -> String {
    let a = ind.area.as_ref().and_then(|a| model.areas.get(a));
    match (area, a) {
        (AreaKey::Total, Some(a)) => a.total.clone().unwrap_or_else(|| text::total_label(lang).into()),
        (AreaKey::Total, None) => {
            model.meta.municipality.clone().unwrap_or_else(|| text::total_label(lang).into())
        }
        (AreaKey::Unit(code), Some(a)) => a.unit_name(code),
        (AreaKey::Unit(code), None) => code.clone(),
    }
}

pub(super) fn group_title(model: &Model, dims: &[String], g: &str) -> String {
    dims.iter()
        .filter_map(|d| model.dimensions.get(d))
        .find_map(|d| d.group(g).map(|x| x.title.clone()))
        .unwrap_or_else(|| g.to_string())
}

/// A comparison with its gap, the gap's development and (later) its band.
pub(super) fn comparison(cx: &Ctx, at: &At, c: &Cmp, value: Shown, points: &[Point]) -> Comparison {
    let kind = gap_kind(at.ind);
    let ratio = kind == GapKind::Ratio;
    let rv = |y: i32| value_at(cx.published, at.ind, at.table, c, at.area, at.groups, y);
    let ref_value = rv(at.latest);
    let gap = gap_of(value, ref_value, kind);
    let gap_points: Vec<Point> = points
        .iter()
        .filter_map(|p| {
            gap_of(Shown::Value(p.value), rv(p.year), kind).map(|g| Point { year: p.year, value: g })
        })
        .collect();
    let gap_previous = gap_points.iter().rev().find(|p| p.year < at.latest).map(|p| p.value);
    let win = window(&gap_points, at.latest, cx.model.assessment.periods, at.breaks);
    let gap_change = gap.and_then(|_| trend_change(cx.model, &win));
    let gap_trend = gap_change.map(|ch| direction(ch, at.ind.polarity.sign(), tolerance(cx.model, ratio)));
    Comparison {
        dimension: c.dimension.clone(),
        against: c.groups.clone(),
        label: c.label.clone(),
        value: ref_value,
        gap_kind: kind,
        gap,
        gap_previous,
        gap_trend,
        gap_change,
        band: None,
        significant: None,
    }
}

pub(super) fn per_year(q: Quantity, change: f64, unit: Unit, lang: Lang) -> String {
    match q {
        Quantity::Ratio => crate::report::numfmt::format_signed(change, 2, lang),
        _ => text::change(change, unit, lang),
    }
}

/// Names of the member areas whose value is missing in a year, for an
/// incomplete total.
pub(super) fn missing_members(cx: &Ctx, at: &At, year: i32) -> Vec<String> {
    let mut out: Vec<String> = at
        .table
        .cells
        .iter()
        .filter(|(k, c)| {
            k.year == year
                && k.groups == at.groups
                && matches!(k.area, AreaKey::Unit(_))
                && matches!(c.value, Shown::Missing(_) | Shown::Incomplete)
        })
        .map(|(k, _)| area_name(cx.model, at.ind, &k.area, cx.lang))
        .collect();
    out.dedup();
    out
}

pub(super) fn upper(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().collect::<String>() + c.as_str())
}

/// Respondents and interval of a survey cell, and whether each gap to a
/// reference group exceeds its sampling error (set on `comps`). Only cells
/// whose value is published carry a design (`publish/build.rs`), so
/// nothing here is known about a protected cell.
pub(super) fn sampling(
    cx: &Ctx,
    at: &At,
    cell: Option<&crate::publish::PubCell>,
    current: Option<f64>,
    comps: &mut [Comparison],
) -> Option<(u64, Option<Interval>)> {
    let design = cell.and_then(|c| c.design)?;
    let v = current?;
    let (scale, level) = (at.ind.unit.scale(), cx.model.assessment.confidence);
    let ci = super::survey::interval(v, scale, &design, level).map(|(lo, hi)| Interval { lo, hi, level });
    // Only a reference group is a disjoint, independent sample; a total
    // contains the group itself and the simple test would not hold.
    if at.ind.compare == crate::model::Compare::Reference {
        for c in comps.iter_mut().filter(|c| c.dimension.is_some()) {
            let other = at.table.get(at.latest, at.area, &c.against);
            let (Some(od), Some(r)) = (other.and_then(|o| o.design), c.value.value()) else { continue };
            c.significant = super::survey::gap_significant(v, &design, r, &od, scale, level);
        }
    }
    Some((design.n, ci))
}
