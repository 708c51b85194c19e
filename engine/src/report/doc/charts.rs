//! Charts of one indicator, built from its findings: a time series per
//! dimension (one line per group, reference group included) and a gap
//! chart by area. Only `Shown::Value` becomes a number; suppressed cells
//! become `PointValue::Suppressed`, so the chart module never sees them.

use super::titles;
use super::words::words;
use super::{Block, Chart, Table};
use crate::eval::AreaKey;
use crate::findings::{Finding, GapKind, IndicatorFindings};
use crate::model::{BandClass, Indicator, Model, Unit};
use crate::publish::Shown;
use crate::report::chart::{
    self, Band, BandKind, Bar, GapBarChart, Point, PointValue, Series, TargetLine, TimeSeriesChart,
};
use crate::report::numfmt::Lang;
use kimon_grammar::ast::{CmpOp, SubjectKind};

pub(crate) fn chart_unit(u: Unit) -> chart::Unit {
    match u {
        Unit::Percent => chart::Unit::Percent,
        Unit::Per1000 => chart::Unit::Per1000,
        Unit::Count => chart::Unit::Count,
        Unit::Mean => chart::Unit::Mean,
        Unit::Ratio => chart::Unit::Ratio,
    }
}

fn y_label(u: Unit, lang: Lang) -> &'static str {
    chart::value_axis_title(chart_unit(u), lang)
}

/// A published value as a chart point: the privacy boundary of the charts.
pub(crate) fn point_value(v: Shown) -> PointValue {
    match v {
        Shown::Value(x) => PointValue::Value(x),
        Shown::Suppressed(_) => PointValue::Suppressed,
        Shown::Missing(_) | Shown::Incomplete | Shown::NotDefined => PointValue::Missing,
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
pub(crate) fn total_findings(ind: &IndicatorFindings, dim_index: Option<usize>) -> Vec<&Finding> {
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

/// Cells of a chart's data table without a number (the sign „.“: protected
/// or not available), and all its value cells.
fn gaps_in(table: &Table) -> (usize, usize) {
    let cells: Vec<&String> = table.rows.iter().flat_map(|r| r.iter().skip(1)).collect();
    let gaps = cells.iter().filter(|c| c.as_str() == chart::NO_DATA_CELL).count();
    (gaps, cells.len())
}

/// The sentence that replaces a left-out chart.
fn skipped_sentence(title: &str, gaps: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::De => format!(
            "Kein Diagramm zu „{title}“: {gaps} von {total} Werten sind zum Schutz einzelner Personen gesperrt oder liegen nicht vor („.“). Die veröffentlichten Werte stehen in der Tabelle."
        ),
        Lang::En => format!(
            "No chart for “{title}”: {gaps} of {total} values are withheld to protect individuals or not available („.“). The published values are in the table."
        ),
    }
}

/// A chart block, or — when most of its cells are protected or missing —
/// a sentence and the data table instead: a line of dots says nothing and
/// invites guessing at the hidden values.
pub(crate) fn chart_or_note(
    ind: &IndicatorFindings,
    kind: &str,
    title: &str,
    svg: impl FnOnce() -> String,
    alt: String,
    table: Table,
    lang: Lang,
) -> Vec<Block> {
    let (gaps, total) = gaps_in(&table);
    if gaps * 2 > total {
        return vec![
            Block::Paragraph { text: skipped_sentence(title, gaps, total, lang) },
            Block::Table(table),
        ];
    }
    vec![Block::Chart(Chart { indicator: ind.id.clone(), chart: kind.into(), svg: svg(), alt, table })]
}

pub(crate) fn data_block(ind: &IndicatorFindings, data: chart::DataTable, numeric: Vec<bool>) -> Table {
    Table {
        indicator: Some(ind.id.clone()),
        caption: data.caption,
        numeric,
        header: data.header,
        rows: data.rows,
        footnote: String::new(),
        download: Some(data.download),
        links: Vec::new(),
    }
}

/// Time-series charts: one per dimension, or one for all persons; `first`
/// keeps only the first (the shorter editions).
pub(crate) fn time_series(
    ind: &IndicatorFindings,
    def: &Indicator,
    model: &Model,
    first: bool,
    lang: Lang,
) -> Vec<Block> {
    let w = words(lang);
    let mut out = Vec::new();
    let dims: Vec<Option<usize>> =
        if ind.dimensions.is_empty() { vec![None] } else { (0..ind.dimensions.len()).map(Some).collect() };
    for d in dims {
        if first && !out.is_empty() {
            break;
        }
        let findings = total_findings(ind, d);
        if findings.is_empty() {
            continue;
        }
        let dimension = d.and_then(|i| ind.dimensions.get(i)).and_then(|id| model.dimensions.get(id));
        let reference = dimension.and_then(|dim| dim.reference.clone());
        let series: Vec<Series> = findings
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
            Some(dim) => titles::by_dimension(&ind.title, &dim.title, lang),
            None => ind.title.clone(),
        };
        let chart = TimeSeriesChart {
            title: title.clone(),
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
        let numeric = (0..data.header.len()).map(|i| i > 0).collect();
        let table = data_block(ind, data, numeric);
        out.extend(chart_or_note(
            ind,
            "time_series",
            &title,
            || chart::render_time_series(&chart),
            alt,
            table,
            lang,
        ));
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
/// reference group. Ratio indicators (representation) get a ratio chart
/// around 1 — by area, or by group when there are no areas.
pub(crate) fn gap_bars(ind: &IndicatorFindings, def: &Indicator, lang: Lang) -> Vec<Block> {
    if ind.dimensions.is_empty() && !is_ratio(ind) {
        return Vec::new();
    }
    if ind.area.is_none() {
        return if is_ratio(ind) { ratio_by_group(ind, def, lang) } else { Vec::new() };
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
        let ratio = cmp.gap_kind == GapKind::Ratio;
        let title = titles::gap(&ind.title, group_title, &cmp.label, head.year, ratio, lang);
        out.extend(gap_chart(ind, def, title, bars, ratio, lang));
    }
    out
}

/// Whether the indicator compares by quotient (representation).
fn is_ratio(ind: &IndicatorFindings) -> bool {
    ind.findings.iter().filter_map(|f| f.comparison.as_ref()).any(|c| c.gap_kind == GapKind::Ratio)
}

/// A ratio chart of the whole area's groups against their reference.
fn ratio_by_group(ind: &IndicatorFindings, def: &Indicator, lang: Lang) -> Vec<Block> {
    let heads: Vec<&Finding> = ind
        .findings
        .iter()
        .filter(|f| f.area == AreaKey::Total)
        .filter(|f| f.comparison.as_ref().is_some_and(|c| c.gap_kind == GapKind::Ratio))
        .collect();
    let Some(first) = heads.first() else { return Vec::new() };
    let Some(cmp) = first.comparison.as_ref() else { return Vec::new() };
    let bars =
        heads.iter().map(|f| Bar { label: f.label.clone(), value: gap_value(f), is_total: false }).collect();
    let title = titles::gap(&ind.title, &first.label, &cmp.label, first.year, true, lang);
    gap_chart(ind, def, title, bars, true, lang)
}

fn gap_chart(
    ind: &IndicatorFindings,
    def: &Indicator,
    title: String,
    bars: Vec<Bar>,
    ratio: bool,
    lang: Lang,
) -> Vec<Block> {
    let subject = if ratio { SubjectKind::Ratio } else { SubjectKind::Gap };
    let chart = GapBarChart {
        title: title.clone(),
        lang,
        // A ratio is read around 1, with its own axis title and baseline.
        unit: if ratio { chart::Unit::Ratio } else { chart_unit(def.unit) },
        bars,
        zero_line: true,
        threshold_lines: def
            .thresholds
            .iter()
            .filter(|t| t.subject == subject)
            .flat_map(|t| t.bands.iter())
            .map(|b| (b.bound, band_kind(b.class)))
            .collect(),
    };
    let alt = chart::alt_text_gap(&chart, lang);
    let table = data_block(ind, chart::data_table_gap(&chart), vec![false, true]);
    chart_or_note(ind, "gap", &title, || chart::render_gap_bars(&chart), alt, table, lang)
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
