//! The words of a map: legend labels, the text alternative and the data
//! table. Units without a published value are named as such („.“), never
//! with a number, and protected and missing units are described alike.

use super::super::data_table::{download_cell, DataTable, Download, DownloadCell, NO_DATA_CELL};
use super::super::unit_fmt::{format_value, value_axis_title, value_decimals};
use super::super::vocab::{join_list, word, Word};
use super::classes::Classes;
use super::MapChart;
use crate::report::numfmt::Lang;

/// The legend's heading: how the classes were formed.
pub(crate) fn classes_heading(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "Klassen gleicher Breite",
        Lang::En => "Equal-interval classes",
    }
}

/// The legend entry of hatched units.
pub(crate) fn no_data_label(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "„.“ gesperrt oder nicht verfügbar",
        Lang::En => "„.“ withheld or not available",
    }
}

/// The tooltip and table wording of a unit without a published value.
fn no_data_words(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "gesperrt oder nicht verfügbar",
        Lang::En => "withheld or not available",
    }
}

/// The label of class `i`: „12,0 % bis unter 14,5 %“; the last class
/// „bis“ its upper edge; a single class is its range (or its one value).
pub(crate) fn class_label(c: &Classes, i: usize, chart: &MapChart) -> String {
    let f = |v: f64| format_value(v, chart.unit, chart.lang);
    let (Some(lo), Some(hi)) = (c.edges.get(i), c.edges.get(i + 1)) else { return String::new() };
    if lo == hi {
        return f(*lo);
    }
    let last = i + 2 == c.edges.len();
    match (chart.lang, last) {
        (Lang::De, false) => format!("{} bis unter {}", f(*lo), f(*hi)),
        (Lang::De, true) => format!("{} bis {}", f(*lo), f(*hi)),
        (Lang::En, false) => format!("{} to under {}", f(*lo), f(*hi)),
        (Lang::En, true) => format!("{} to {}", f(*lo), f(*hi)),
    }
}

/// A unit's tooltip: „Altstadt: 12,3 %“ or „Altstadt: . (gesperrt oder
/// nicht verfügbar)“.
pub(crate) fn tooltip(chart: &MapChart, i: usize) -> String {
    let Some(u) = chart.units.get(i) else { return String::new() };
    match u.value.finite() {
        Some(v) => format!("{}: {}", u.name, format_value(v, chart.unit, chart.lang)),
        None => format!("{}: {NO_DATA_CELL} ({})", u.name, no_data_words(chart.lang)),
    }
}

/// The text alternative: what is mapped, the range with the units at
/// either end, the classes, and which units have no published value.
pub fn alt_text_map(chart: &MapChart, lang: Lang) -> String {
    let classes = chart.classes();
    let mut parts = Vec::new();
    let kind = match lang {
        Lang::De => "Karte",
        Lang::En => "Map",
    };
    parts.push(format!("{kind}: {} ({})", chart.title, chart.subtitle));
    let valued: Vec<(&str, f64)> =
        chart.units.iter().filter_map(|u| u.value.finite().map(|v| (u.name.as_str(), v))).collect();
    let printed = |v: f64| format_value(v, chart.unit, lang);
    let at = |target: f64| -> Vec<String> {
        valued.iter().filter(|(_, v)| printed(*v) == printed(target)).map(|(n, _)| n.to_string()).collect()
    };
    if let (Some(lo), Some(hi)) = (classes.edges.first(), classes.edges.last()) {
        let (lo_names, hi_names) = (join_list(&at(*lo), lang), join_list(&at(*hi), lang));
        parts.push(match lang {
            Lang::De => format!(
                "{} von {} mit Wert; von {} ({lo_names}) bis {} ({hi_names}) in {} {}",
                valued.len(),
                chart.units.len(),
                printed(*lo),
                printed(*hi),
                classes.len(),
                if classes.len() == 1 { "Klasse" } else { "Klassen gleicher Breite" }
            ),
            Lang::En => format!(
                "{} of {} with a value; from {} ({lo_names}) to {} ({hi_names}) in {} {}",
                valued.len(),
                chart.units.len(),
                printed(*lo),
                printed(*hi),
                classes.len(),
                if classes.len() == 1 { "class" } else { "equal-interval classes" }
            ),
        });
    }
    let hatched: Vec<String> =
        chart.units.iter().filter(|u| u.value.finite().is_none()).map(|u| u.name.clone()).collect();
    if !hatched.is_empty() {
        parts.push(match lang {
            Lang::De => {
                format!("schraffiert, ohne veröffentlichten Wert („.“): {}", join_list(&hatched, lang))
            }
            Lang::En => format!("hatched, no published value („.“): {}", join_list(&hatched, lang)),
        });
    }
    let text = parts.join("; ");
    format!("{}.", text.trim_end_matches(['.', ' ']))
}

/// One row per unit in map order: name, value and class (both „.“ for a
/// unit without a published value).
pub fn data_table_map(chart: &MapChart) -> DataTable {
    let lang = chart.lang;
    let classes = chart.classes();
    let d = value_decimals(chart.unit);
    let class_header = match lang {
        Lang::De => "Klasse",
        Lang::En => "Class",
    };
    let value_header = match lang {
        Lang::De => "Wert",
        Lang::En => "Value",
    };
    let header = vec![word(Word::Area, lang).to_string(), value_header.to_string(), class_header.to_string()];
    let rows = chart
        .units
        .iter()
        .map(|u| match u.value.finite().and_then(|v| classes.class_of(v, d).map(|c| (v, c))) {
            Some((v, c)) => {
                vec![u.name.clone(), format_value(v, chart.unit, lang), class_label(&classes, c, chart)]
            }
            None => vec![u.name.clone(), NO_DATA_CELL.to_string(), NO_DATA_CELL.to_string()],
        })
        .collect();
    // The download holds the values only: the classes are the map's
    // drawing, not data.
    let download = Download {
        header: vec![header[0].clone(), format!("{value_header} ({})", value_axis_title(chart.unit, lang))],
        rows: chart
            .units
            .iter()
            .map(|u| vec![DownloadCell::Text(u.name.clone()), download_cell(u.value)])
            .collect(),
    };
    DataTable { caption: format!("{} ({})", chart.title, chart.subtitle), header, rows, download }
}
