//! Sentence-style text alternatives for the charts: read by screen readers
//! (it is the SVG's `<desc>`), shown where images are off, and usable as a
//! figure caption. Short on purpose; the data table beside each chart has
//! every value.

use super::model::{GapBarChart, PointValue, TimeSeriesChart};
use super::numfmt::Lang;
use super::prepare::{all_years, is_missing, is_suppressed, prepare};
use super::unit_fmt::{format_gap, format_value, gap_axis_title};
use super::vocab::{
    area_count, band_kind, join_list, missing_count, series_breaks, suppressed_count, word, Word,
};

/// Describes a line chart, e.g. "Liniendiagramm: Arbeitslosenquote
/// 2015–2024 für Deutsche (Referenz) und Ausländer*innen; Zielwert 5,0 %
/// bis 2030; Stand 2024: Deutsche 5,1 %, Ausländer*innen gesperrt;
/// 2 Werte gesperrt." The latest values are included because a chart's
/// point is usually "where do we stand now".
pub fn alt_text(chart: &TimeSeriesChart, lang: Lang) -> String {
    let series = prepare(chart);
    let years = all_years(&series);
    let mut head = format!("{}: {}", word(Word::LineChart, lang), chart.title.trim());
    if let (Some(first), Some(last)) = (years.first(), years.last()) {
        head.push(' ');
        head.push_str(&year_span(*first, *last));
    }
    let names: Vec<String> = series.iter().map(|s| s.legend_label(lang)).collect();
    if !names.is_empty() {
        head = format!("{head} {} {}", word(Word::For, lang), join_list(&names, lang));
    }
    let mut parts = vec![head];
    if let Some(t) = chart.target.as_ref().filter(|t| t.value.is_finite()) {
        parts.push(format!(
            "{} {} {} {}",
            word(Word::Target, lang),
            format_value(t.value, chart.unit, lang),
            word(Word::By, lang),
            t.year
        ));
    }
    if let Some(&last) = years.last() {
        let latest: Vec<String> = series
            .iter()
            .filter_map(|s| s.at(last).map(|v| format!("{} {}", s.label, cell(v, chart.unit, lang))))
            .collect();
        if !latest.is_empty() {
            parts.push(format!("{} {last}: {}", word(Word::Latest, lang), latest.join(", ")));
        }
    } else {
        parts.push(word(Word::NothingToShow, lang).to_string());
    }
    let suppressed: usize = series.iter().map(|s| s.count(is_suppressed)).sum();
    if suppressed > 0 {
        parts.push(suppressed_count(suppressed, lang));
    }
    let missing: usize = series.iter().map(|s| s.count(is_missing)).sum();
    if missing > 0 {
        parts.push(missing_count(missing, lang));
    }
    let mut breaks: Vec<i32> = chart.break_years.clone();
    breaks.sort_unstable();
    breaks.dedup();
    if !breaks.is_empty() {
        parts.push(series_breaks(&breaks, lang));
    }
    sentence(&parts)
}

/// Describes a gap bar chart, e.g. "Balkendiagramm: Abstand der
/// Arbeitslosenquote; Abstand in Prozentpunkten (PP) für 4 Gebiete von
/// −0,8 PP (Süd) bis +4,3 PP (Mitte); Gesamtstadt +1,9 PP; 1 Wert gesperrt."
pub fn alt_text_gap(chart: &GapBarChart, lang: Lang) -> String {
    let unit = chart.unit;
    let mut parts = vec![format!("{}: {}", word(Word::BarChart, lang), chart.title.trim())];
    let areas: Vec<_> = chart.bars.iter().filter(|b| !b.is_total).collect();
    let mut what =
        format!("{} {} {}", gap_axis_title(unit, lang), word(Word::For, lang), area_count(areas.len(), lang));
    let shown = areas.iter().filter_map(|b| b.value.finite().map(|v| (v, b.label.as_str())));
    let lowest = shown.clone().fold(None, |acc: Option<(f64, &str)>, x| match acc {
        Some(a) if a.0 <= x.0 => Some(a),
        _ => Some(x),
    });
    let highest = shown.fold(None, |acc: Option<(f64, &str)>, x| match acc {
        Some(a) if a.0 >= x.0 => Some(a),
        _ => Some(x),
    });
    match (lowest, highest) {
        (Some(lo), Some(hi)) if lo.1 != hi.1 || lo.0 != hi.0 => {
            what = format!(
                "{what} {} {} ({}) {} {} ({})",
                word(Word::From, lang),
                format_gap(lo.0, unit, lang, true),
                lo.1,
                word(Word::To, lang),
                format_gap(hi.0, unit, lang, true),
                hi.1
            );
        }
        (Some(one), _) => what = format!("{what}: {} {}", one.1, format_gap(one.0, unit, lang, true)),
        _ => {}
    }
    parts.push(what);
    for total in chart.bars.iter().filter(|b| b.is_total) {
        parts.push(format!("{} {}", total.label, gap_cell(total.value, chart, lang)));
    }
    let thresholds: Vec<String> = chart
        .threshold_lines
        .iter()
        .filter(|(v, _)| v.is_finite())
        .map(|(v, k)| format!("{} {}", band_kind(*k, lang), format_gap(*v, unit, lang, true)))
        .collect();
    if !thresholds.is_empty() {
        parts.push(format!("{}: {}", plural_thresholds(thresholds.len(), lang), thresholds.join(", ")));
    }
    let suppressed = chart.bars.iter().filter(|b| b.value == PointValue::Suppressed).count();
    if suppressed > 0 {
        parts.push(suppressed_count(suppressed, lang));
    }
    let missing = chart.bars.iter().filter(|b| b.value.normalized() == PointValue::Missing).count();
    if missing > 0 {
        parts.push(missing_count(missing, lang));
    }
    sentence(&parts)
}

/// A time-series cell as words: the value, "gesperrt" or "keine Daten".
pub(crate) fn cell(v: PointValue, unit: super::model::Unit, lang: Lang) -> String {
    match v.normalized() {
        PointValue::Value(x) => format_value(x, unit, lang),
        PointValue::Suppressed => word(Word::Suppressed, lang).to_string(),
        PointValue::Missing => word(Word::NoData, lang).to_string(),
    }
}

fn gap_cell(v: PointValue, chart: &GapBarChart, lang: Lang) -> String {
    match v.normalized() {
        PointValue::Value(x) => format_gap(x, chart.unit, lang, true),
        PointValue::Suppressed => word(Word::Suppressed, lang).to_string(),
        PointValue::Missing => word(Word::NoData, lang).to_string(),
    }
}

fn plural_thresholds(n: usize, lang: Lang) -> &'static str {
    match (lang, n) {
        (Lang::De, 1) => "Schwelle",
        (Lang::De, _) => "Schwellen",
        (Lang::En, 1) => "threshold",
        (Lang::En, _) => "thresholds",
    }
}

/// "2015–2024", or "2024" for a single year.
fn year_span(first: i32, last: i32) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}\u{2013}{last}")
    }
}

/// Joins clauses with "; " and ends with one full stop.
fn sentence(parts: &[String]) -> String {
    let text = parts.join("; ");
    let text = text.trim_end_matches(['.', ' ']);
    format!("{text}.")
}
