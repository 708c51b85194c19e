//! One row of key figures per finding: the numbers a reader of the front
//! page and the field summaries needs without turning a page — value,
//! comparison value, gap with its unit, direction and status.
//!
//! Why one builder for the front page and the field summaries: both must
//! read only published values (`Shown::Value`) and the gap the findings
//! computed from them, and both must write a trend or a status as a symbol
//! *with* a word (a symbol alone is not accessible).

use super::indicator::{shown, trend_word};
use super::Table;
use crate::assess::bands::TrendDirection;
use crate::assess::target::TargetStatus;
use crate::findings::{class_word, Classification, Finding, GapKind, IndicatorFindings};
use crate::report::numfmt::{format_pp, Lang};

/// The column headers, in the order [`row`] fills them.
pub(crate) fn header(lang: Lang) -> Vec<String> {
    let h: [&str; 8] = match lang {
        Lang::De => {
            ["Indikator", "Gruppe", "Wert", "Vergleich", "Abstand", "Entwicklung", "Ziel", "Bewertung"]
        }
        Lang::En => {
            ["Indicator", "Group", "Value", "Reference", "Gap", "Development", "Target", "Assessment"]
        }
    };
    h.iter().map(|s| s.to_string()).collect()
}

/// Which columns hold numbers (right-aligned).
pub(crate) fn numeric() -> Vec<bool> {
    vec![false, false, true, true, true, false, false, false]
}

/// A table of key figures.
pub(crate) fn table(caption: String, rows: Vec<Vec<String>>, lang: Lang) -> Table {
    Table {
        indicator: None,
        caption,
        header: header(lang),
        rows,
        numeric: numeric(),
        footnote: String::new(),
        ..Default::default()
    }
}

/// The group cell: who is compared with whom („Ausländer*innen (zu
/// Deutsche)“); the whole population when the indicator has no groups.
fn group(f: &Finding, all: &str, lang: Lang) -> String {
    let who: Vec<&str> = f.groups.iter().filter(|g| g.group.is_some()).map(|g| g.title.as_str()).collect();
    let who = if who.is_empty() { all.to_string() } else { who.join(", ") };
    let labels: Vec<&str> = f.comparisons.iter().map(|c| c.label.as_str()).collect();
    match lang {
        _ if labels.is_empty() => who,
        Lang::De => format!("{who} (Vergleich: {})", labels.join(" bzw. ")),
        Lang::En => format!("{who} (compared with {})", labels.join(" and ")),
    }
}

/// The gap with its unit: „+6,7 %-Punkte“, „Verhältnis 0,51“.
/// One per comparison, in their order, „nicht signifikant“ where a survey
/// gap lies within its sampling error.
fn gap(f: &Finding, ind: &IndicatorFindings, lang: Lang) -> String {
    super::cells::gaps(f, lang, |c, g| gap_one(c.gap_kind, g, ind, lang))
}

fn gap_one(kind: GapKind, g: f64, ind: &IndicatorFindings, lang: Lang) -> String {
    match kind {
        GapKind::PercentagePoints => format_pp(g, 1, lang, true),
        GapKind::Ratio => {
            let r = crate::assess::text::gap(g, ind.unit, true, lang);
            if lang == Lang::De {
                format!("Verhältnis {r}")
            } else {
                format!("ratio {r}")
            }
        }
        GapKind::Difference => crate::assess::text::gap(g, ind.unit, false, lang),
    }
}

/// Direction as an arrow and a word: ↑ better, ↓ worse (judged by the
/// indicator's polarity), ↗ ↘ → for indicators without one.
pub(crate) fn trend(f: &Finding, lang: Lang) -> String {
    let word = trend_word(f, lang);
    let arrow = match f.trend {
        Some(TrendDirection::Improving) => "↑",
        Some(TrendDirection::Worsening) => "↓",
        Some(TrendDirection::Stable) => "→",
        Some(TrendDirection::Rising) => "↗",
        Some(TrendDirection::Falling) => "↘",
        None => return String::new(),
    };
    format!("{arrow} {word}")
}

/// The target status as a weather symbol with its word, as in the federal
/// sustainability reports (sun: met, cloud: off track, lightning: moving away).
pub(crate) fn target(f: &Finding, lang: Lang) -> String {
    let Some(t) = f.targets.iter().find(|t| t.decides).or_else(|| f.targets.first()) else {
        return String::new();
    };
    let (sym, de, en) = match t.status {
        TargetStatus::Met => ("☀", "erreicht", "met"),
        TargetStatus::OnTrack => ("⛅", "auf gutem Weg", "on track"),
        TargetStatus::Nearly => ("☁", "knapp nicht auf Kurs", "nearly on track"),
        TargetStatus::OffTrack => ("☂", "zu langsam", "too slow"),
        TargetStatus::MovingAway => ("⚡", "entfernt sich", "moving away"),
        TargetStatus::NotAssessable => ("", "nicht bewertbar", "not assessable"),
    };
    let word = if lang == Lang::De { de } else { en };
    if sym.is_empty() {
        word.into()
    } else {
        format!("{sym} {word}")
    }
}

/// The class with a sign that survives black-and-white print.
fn assessment(c: Classification, lang: Lang) -> String {
    let w = class_word(c, lang);
    match c {
        Classification::Strength => format!("+ {w}"),
        Classification::NeedForAction => format!("! {w}"),
        _ => w.to_string(),
    }
}

/// One row: indicator, group, value, comparison value, gap, development,
/// target, assessment. Every number is a published value or its sign.
pub(crate) fn row(ind: &IndicatorFindings, f: &Finding, lang: Lang) -> Vec<String> {
    let all = if lang == Lang::De { "alle Personen" } else { "all persons" };
    let year = f.year.map(|y| format!(" ({y})")).unwrap_or_default();
    let value = shown(f.value, ind.unit, lang);
    let value = match super::cells::value_note(f, ind.unit, lang) {
        // A survey value with its interval and respondents.
        Some(note) if f.value.value().is_some() => match f.year {
            Some(y) => format!("{value} ({y}; {note})"),
            None => format!("{value} ({note})"),
        },
        _ if f.value.value().is_some() => format!("{value}{year}"),
        _ => value,
    };
    let compared: Vec<String> = f.comparisons.iter().map(|c| shown(c.value, ind.unit, lang)).collect();
    vec![
        ind.title.clone(),
        group(f, all, lang),
        value,
        compared.join(super::cells::SEP),
        gap(f, ind, lang),
        trend(f, lang),
        target(f, lang),
        assessment(f.classification, lang),
    ]
}
