//! Charts of one indicator, built from its findings: a time series per
//! dimension (one line per group, reference group included) and a gap
//! chart by area. Only `Shown::Value` becomes a number; suppressed cells
//! become `PointValue::Suppressed`, so the chart module never sees them.

use super::words::words;
use super::{Chart, Table};
use crate::eval::AreaKey;
use crate::findings::{Finding, IndicatorFindings};
use crate::model::{BandClass, Indicator, Model, Unit};
use crate::publish::Shown;
use crate::report::chart::{
    self, Band, BandKind, Bar, GapBarChart, Point, PointValue, Series, TargetLine, TimeSeriesChart,
};
use crate::report::numfmt::Lang;
use kimon_grammar::ast::{CmpOp, SubjectKind};

fn chart_unit(u: Unit) -> chart::Unit {
    match u {
        Unit::Percent => chart::Unit::Percent,
        Unit::Per1000 => chart::Unit::Per1000,
        Unit::Count => chart::Unit::Count,
        Unit::Mean => chart::Unit::Mean,
        Unit::Ratio => chart::Unit::Ratio,
    }
}

fn y_label(u: Unit, lang: Lang) -> &'static str {
    match (u, lang) {
        (Unit::Percent, Lang::De) => "Anteil in %",
        (Unit::Per1000, Lang::De) => "je 1.000",
        (Unit::Count, Lang::De) => "Anzahl",
        (Unit::Mean, Lang::De) => "Mittelwert",
        (Unit::Ratio, Lang::De) => "Verhältnis",
        (Unit::Percent, Lang::En) => "share in %",
        (Unit::Per1000, Lang::En) => "per 1,000",
        (Unit::Count, Lang::En) => "number",
        (Unit::Mean, Lang::En) => "mean",
        (Unit::Ratio, Lang::En) => "ratio",
    }
}

/// A published value as a chart point: the privacy boundary of the charts.
pub(crate) fn point_value(v: Shown) -> PointValue {
    match v {
        Shown::Value(x) => PointValue::Value(x),
        Shown::Suppressed(_) => PointValue::Suppressed,
        Shown::Missing(_) | Shown::Incomplete => PointValue::Missing,
    }
}

fn band_kind(c: BandClass) -> BandKind {
    match c {
        BandClass::Strength => BandKind::Strength,
        BandClass::Neutral => BandKind::Neutral,
        BandClass::NeedForAction => BandKind::NeedForAction,
    }
}

/// The edges of a one-sided threshold `op bound`.
fn band_edges(op: CmpOp, bound: f64) -> Option<(f64, f64)> {
    match op {
        CmpOp::Ge | CmpOp::Gt => Some((bound, f64::INFINITY)),
        CmpOp::Le | CmpOp::Lt => Some((f64::NEG_INFINITY, bound)),
        CmpOp::Eq | CmpOp::Ne => None,
    }
}

/// The findings of the whole area (or the only area) where exactly the
/// groups of `dim_index` vary and every other dimension is at its total.
fn total_findings(ind: &IndicatorFindings, dim_index: Option<usize>) -> Vec<&Finding> {
    ind.findings
        .iter()
        .filter(|f| f.area == AreaKey::Total)
        .filter(|f| {
            f.groups.iter().enumerate().all(|(i, g)| match dim_index {
                Some(d) if i == d => g.group.is_some(),
                _ => g.group.is_none(),
            })
        })
        .collect()
}

/// Time-series charts: one per dimension, or one for all persons.
pub(crate) fn time_series(ind: &IndicatorFindings, def: &Indicator, model: &Model, lang: Lang) -> Vec<Chart> {
    let w = words(lang);
    let mut out = Vec::new();
    let dims: Vec<Option<usize>> =
        if ind.dimensions.is_empty() { vec![None] } else { (0..ind.dimensions.len()).map(Some).collect() };
    for d in dims {
        let findings = total_findings(ind, d);
        if findings.is_empty() {
            continue;
        }
        let dimension = d.and_then(|i| ind.dimensions.get(i)).and_then(|id| model.dimensions.get(id));
        let reference = dimension.and_then(|dim| dim.reference.clone());
        let series = findings
            .iter()
            .map(|f| {
                let group = d.and_then(|i| f.groups.get(i));
                let label = group.map_or_else(|| w.all_persons.to_string(), |g| g.title.clone());
                let is_reference =
                    group.and_then(|g| g.group.as_ref()).is_some_and(|g| Some(g) == reference.as_ref());
                let points =
                    f.series.iter().map(|p| Point { year: p.year, value: point_value(p.value) }).collect();
                Series { label, is_reference, points }
            })
            .collect();
        let title = match dimension {
            Some(dim) => format!("{} {} {}", ind.title, w.by, dim.title),
            None => ind.title.clone(),
        };
        let chart = TimeSeriesChart {
            title,
            y_label: y_label(def.unit, lang).to_string(),
            unit: chart_unit(def.unit),
            lang,
            series,
            target: value_target(def, lang),
            bands: value_bands(def),
            break_years: ind.sources.iter().flat_map(|s| s.series_breaks.iter().copied()).collect(),
        };
        let alt = chart::alt_text(&chart, lang);
        let data = chart::data_table(&chart);
        out.push(Chart {
            indicator: ind.id.clone(),
            chart: "time_series".into(),
            svg: chart::render_time_series(&chart),
            alt,
            table: Table {
                indicator: Some(ind.id.clone()),
                caption: data.caption,
                numeric: (0..data.header.len()).map(|i| i > 0).collect(),
                header: data.header,
                rows: data.rows,
            },
        });
    }
    out
}

fn value_target(def: &Indicator, lang: Lang) -> Option<TargetLine> {
    let w = words(lang);
    def.targets.iter().find(|t| t.subject == SubjectKind::Value).and_then(|t| {
        t.year.map(|year| TargetLine { year, value: t.bound, label: format!("{} {year}", w.target_label) })
    })
}

fn value_bands(def: &Indicator) -> Vec<Band> {
    def.thresholds
        .iter()
        .filter(|t| t.subject == SubjectKind::Value)
        .flat_map(|t| t.bands.iter())
        .filter_map(|b| {
            band_edges(b.op, b.bound).map(|(from, to)| Band {
                from,
                to,
                kind: band_kind(b.class),
                label: String::new(),
            })
        })
        .collect()
}

/// Gap charts by area: one per non-reference group of the first
/// dimension, for indicators broken down by area and compared with a
/// reference group.
pub(crate) fn gap_bars(ind: &IndicatorFindings, def: &Indicator, lang: Lang) -> Vec<Chart> {
    let w = words(lang);
    if ind.area.is_none() || ind.dimensions.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let groups: Vec<&Finding> =
        total_findings(ind, Some(0)).into_iter().filter(|f| f.comparison.is_some()).collect();
    for head in groups {
        let group = head.groups.first().and_then(|g| g.group.clone());
        let bars: Vec<Bar> = ind
            .findings
            .iter()
            .filter(|f| f.groups.first().and_then(|g| g.group.clone()) == group)
            .filter(|f| f.groups.iter().skip(1).all(|g| g.group.is_none()))
            .map(|f| Bar {
                label: f.area_name.clone(),
                value: gap_value(f),
                is_total: f.area == AreaKey::Total,
            })
            .collect();
        if bars.len() < 2 {
            continue;
        }
        let Some(cmp) = head.comparison.as_ref() else { continue };
        let group_title = head.groups.first().map_or("", |g| g.title.as_str());
        let year = head.year.map(|y| format!(", {y}")).unwrap_or_default();
        let chart = GapBarChart {
            title: format!("{} {}: {group_title} {} {}{year}", w.gap_title, ind.title, w.to, cmp.label),
            lang,
            unit: chart_unit(def.unit),
            bars,
            zero_line: true,
            threshold_lines: def
                .thresholds
                .iter()
                .filter(|t| t.subject != SubjectKind::Value)
                .flat_map(|t| t.bands.iter())
                .map(|b| (b.bound, band_kind(b.class)))
                .collect(),
        };
        let alt = chart::alt_text_gap(&chart, lang);
        let data = chart::data_table_gap(&chart);
        out.push(Chart {
            indicator: ind.id.clone(),
            chart: "gap".into(),
            svg: chart::render_gap_bars(&chart),
            alt,
            table: Table {
                indicator: Some(ind.id.clone()),
                caption: data.caption,
                numeric: vec![false, true],
                header: data.header,
                rows: data.rows,
            },
        });
    }
    out
}

/// The gap of one area: only stated when both values are published.
fn gap_value(f: &Finding) -> PointValue {
    let Some(cmp) = f.comparison.as_ref() else { return PointValue::Missing };
    if f.value.is_suppressed() || cmp.value.is_suppressed() {
        return PointValue::Suppressed;
    }
    match (f.value, cmp.value, cmp.gap) {
        (Shown::Value(_), Shown::Value(_), Some(g)) => PointValue::Value(g),
        _ => PointValue::Missing,
    }
}
