//! Every fixed word a chart prints, in both languages, in one place so the
//! wording is reviewed once and stays consistent between SVG, alt text and
//! data tables.

use super::model::BandKind;
use super::numfmt::Lang;

/// A fixed phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Word {
    /// Table cell and bar text for a suppressed value.
    Suppressed,
    /// Legend entry for suppressed markers (says why).
    SuppressedLegend,
    /// Legend entry and text for a missing value.
    NoData,
    /// Target value.
    Target,
    /// A break in the series definition.
    SeriesBreak,
    /// Suffix marking the reference group.
    ReferenceSuffix,
    /// Message in a chart without drawable values.
    NothingToShow,
    /// Alt-text prefix of a line chart.
    LineChart,
    /// Alt-text prefix of a bar chart.
    BarChart,
    /// Table header for years.
    Year,
    /// Table header for areas.
    Area,
    /// Table header for a gap.
    Gap,
    /// Table header for a ratio.
    RatioHeader,
    /// Prefix of a threshold in legends.
    Threshold,
    /// "latest" in alt texts.
    Latest,
    /// "for" before the group list in alt texts.
    For,
    /// "by" before a target year.
    By,
    /// "and" in lists.
    And,
    /// "from" in "from x to y".
    From,
    /// "to" in "from x to y".
    To,
}

/// The phrase in `lang`.
pub(crate) fn word(w: Word, lang: Lang) -> &'static str {
    use Word::*;
    match (lang, w) {
        (Lang::De, Suppressed) => "gesperrt",
        (Lang::En, Suppressed) => "suppressed",
        (Lang::De, SuppressedLegend) => "gesperrt (Datenschutz)",
        (Lang::En, SuppressedLegend) => "suppressed (privacy)",
        (Lang::De, NoData) => "keine Daten",
        (Lang::En, NoData) => "no data",
        (Lang::De, Target) => "Zielwert",
        (Lang::En, Target) => "target",
        (Lang::De, SeriesBreak) => "Zeitreihenbruch",
        (Lang::En, SeriesBreak) => "series break",
        (Lang::De, ReferenceSuffix) => "(Referenz)",
        (Lang::En, ReferenceSuffix) => "(reference)",
        (Lang::De, NothingToShow) => "keine darstellbaren Werte",
        (Lang::En, NothingToShow) => "no values to show",
        (Lang::De, LineChart) => "Liniendiagramm",
        (Lang::En, LineChart) => "Line chart",
        (Lang::De, BarChart) => "Balkendiagramm",
        (Lang::En, BarChart) => "Bar chart",
        (Lang::De, Year) => "Jahr",
        (Lang::En, Year) => "Year",
        (Lang::De, Area) => "Gebiet",
        (Lang::En, Area) => "Area",
        (Lang::De, Gap) => "Abstand",
        (Lang::En, Gap) => "Gap",
        (Lang::De, RatioHeader) => "Verhältnis",
        (Lang::En, RatioHeader) => "Ratio",
        (Lang::De, Threshold) => "Schwelle",
        (Lang::En, Threshold) => "threshold",
        (Lang::De, Latest) => "Stand",
        (Lang::En, Latest) => "latest",
        (Lang::De, For) => "für",
        (Lang::En, For) => "for",
        (Lang::De, By) => "bis",
        (Lang::En, By) => "by",
        (Lang::De, And) => "und",
        (Lang::En, And) => "and",
        (Lang::De, From) => "von",
        (Lang::En, From) => "from",
        (Lang::De, To) => "bis",
        (Lang::En, To) => "to",
    }
}

/// The name of a band kind.
pub(crate) fn band_kind(kind: BandKind, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::De, BandKind::Strength) => "Stärke",
        (Lang::En, BandKind::Strength) => "strength",
        (Lang::De, BandKind::Neutral) => "neutral",
        (Lang::En, BandKind::Neutral) => "neutral",
        (Lang::De, BandKind::NeedForAction) => "Handlungsbedarf",
        (Lang::En, BandKind::NeedForAction) => "need for action",
    }
}

/// "n Werte gesperrt" / "1 Wert gesperrt"; English likewise.
pub(crate) fn suppressed_count(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::De, 1) => "1 Wert gesperrt".to_string(),
        (Lang::De, n) => format!("{n} Werte gesperrt"),
        (Lang::En, 1) => "1 value suppressed".to_string(),
        (Lang::En, n) => format!("{n} values suppressed"),
    }
}

/// "n Werte fehlen" / "1 Wert fehlt"; English likewise.
pub(crate) fn missing_count(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::De, 1) => "1 Wert fehlt".to_string(),
        (Lang::De, n) => format!("{n} Werte fehlen"),
        (Lang::En, 1) => "1 value missing".to_string(),
        (Lang::En, n) => format!("{n} values missing"),
    }
}

/// "12 Gebiete" / "1 Gebiet"; English likewise.
pub(crate) fn area_count(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::De, 1) => "1 Gebiet".to_string(),
        (Lang::De, n) => format!("{n} Gebiete"),
        (Lang::En, 1) => "1 area".to_string(),
        (Lang::En, n) => format!("{n} areas"),
    }
}

/// "Zeitreihenbruch 2019" / "Zeitreihenbrüche 2019 und 2021"; English
/// "series break in 2019" / "series breaks in 2019 and 2021".
pub(crate) fn series_breaks(years: &[i32], lang: Lang) -> String {
    let list = join_list(&years.iter().map(i32::to_string).collect::<Vec<_>>(), lang);
    match (lang, years.len()) {
        (Lang::De, 1) => format!("Zeitreihenbruch {list}"),
        (Lang::De, _) => format!("Zeitreihenbrüche {list}"),
        (Lang::En, 1) => format!("series break in {list}"),
        (Lang::En, _) => format!("series breaks in {list}"),
    }
}

/// "A", "A und B", "A, B und C" (no serial comma in either language).
pub(crate) fn join_list(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), word(Word::And, lang)),
    }
}

/// Upper-cases the first letter (legend entries and labels start a line).
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_counts() {
        let items: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
        assert_eq!(join_list(&items, Lang::De), "A, B und C");
        assert_eq!(join_list(&items[..2], Lang::En), "A and B");
        assert_eq!(join_list(&items[..1], Lang::En), "A");
        assert_eq!(join_list(&[], Lang::En), "");
        assert_eq!(suppressed_count(1, Lang::De), "1 Wert gesperrt");
        assert_eq!(missing_count(3, Lang::De), "3 Werte fehlen");
        assert_eq!(series_breaks(&[2019, 2021], Lang::De), "Zeitreihenbrüche 2019 und 2021");
        assert_eq!(series_breaks(&[2019], Lang::En), "series break in 2019");
        assert_eq!(area_count(1, Lang::En), "1 area");
        assert_eq!(capitalize("stärke"), "Stärke");
        assert_eq!(capitalize(""), "");
    }
}
