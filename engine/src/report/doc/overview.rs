//! The overview chapters: strengths and needs for action side by side per
//! field (never deficits alone), and the agreed targets.

use super::words::{words, Profile};
use super::{Block, Overview, OverviewRow, Section};
use crate::assess::target::TargetStatus;
use crate::eval::AreaKey;
use crate::findings::{Findings, IndicatorFindings, SummaryItem};
use crate::report::numfmt::Lang;

/// An overview entry. The shorter editions name the finding only: its
/// numbers stand in the key figures of the field, one row each, so the
/// overview stays one page instead of repeating every reason.
fn item(i: &SummaryItem, reasons: bool) -> String {
    if reasons {
        format!("{} – {}: {}", i.title, i.label, i.reason)
    } else {
        format!("{} – {}", i.title, i.label)
    }
}

/// Strengths and needs per field, restricted to the included indicators.
pub(crate) fn overview(f: &Findings, included: &[&IndicatorFindings], p: Profile, lang: Lang) -> Section {
    let w = words(lang);
    let ids: Vec<&str> = included.iter().map(|i| i.id.as_str()).collect();
    let rows = f
        .summary
        .iter()
        .filter(|s| included.iter().any(|i| i.field == s.field))
        .map(|s| {
            // No indicator of the field has a single year of data: say so
            // instead of „keine Befunde mit Einstufung …“.
            let no_data = !included.iter().any(|i| i.field == s.field && !i.years.is_empty());
            let pick = |items: &[SummaryItem], none: &str| {
                let none = if no_data { w.no_data } else { none };
                let mine: Vec<&SummaryItem> =
                    items.iter().filter(|i| ids.contains(&i.indicator.as_str())).collect();
                let (mut list, areas): (Vec<String>, usize) = if p.all_annotations {
                    (mine.iter().map(|i| item(i, true)).collect(), 0)
                } else {
                    // The summary names the whole city; district items are counted.
                    let city: Vec<String> =
                        mine.iter().filter(|i| is_total(included, i)).map(|i| item(i, false)).collect();
                    let n = mine.len() - city.len();
                    (city, n)
                };
                if areas > 0 {
                    list.push(more_in_areas(areas, lang));
                }
                if list.is_empty() {
                    vec![none.to_string()]
                } else {
                    list
                }
            };
            OverviewRow {
                field: s.title.clone(),
                steerable: steer(s.steerable, lang),
                strengths: pick(&s.strengths, w.no_strengths),
                needs: pick(&s.needs_for_action, w.no_needs),
                other: if p.counts {
                    other(s.neutral, s.insufficient_data, s.suppressed, lang)
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let blocks = vec![
        Block::Paragraph { text: w.overview_intro.into() },
        Block::Overview(Overview {
            field_header: w.field.into(),
            strengths_header: w.strengths.into(),
            needs_header: w.needs.into(),
            rows,
        }),
    ];
    Section {
        id: "ueberblick".into(),
        level: 2,
        title: w.overview.into(),
        in_contents: true,
        appendix: false,
        blocks,
    }
}

/// Whether a summary item is about the whole area (not one district).
fn is_total(included: &[&IndicatorFindings], i: &SummaryItem) -> bool {
    included
        .iter()
        .filter(|ind| ind.id == i.indicator)
        .flat_map(|ind| ind.findings.iter())
        .any(|f| f.label == i.label && f.area == AreaKey::Total)
}

fn more_in_areas(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::De, 1) => "dazu 1 Befund in einem Stadtbezirk (siehe Handlungsfeld)".into(),
        (Lang::De, _) => format!("dazu {n} Befunde in einzelnen Stadtbezirken (siehe Handlungsfelder)"),
        (Lang::En, 1) => "plus 1 finding in one district (see the field)".into(),
        (Lang::En, _) => format!("plus {n} findings in single districts (see the fields)"),
    }
}

fn steer(s: crate::model::Steerability, lang: Lang) -> String {
    use crate::model::Steerability as S;
    match (s, lang) {
        (_, Lang::De) => s.german().to_string(),
        (S::Yes, Lang::En) => "steerable".into(),
        (S::Partly, Lang::En) => "partly steerable".into(),
        (S::No, Lang::En) => "not steerable (observation)".into(),
    }
}

fn other(neutral: usize, insufficient: usize, suppressed: usize, lang: Lang) -> String {
    let mut parts = Vec::new();
    let de = lang == Lang::De;
    if neutral > 0 {
        parts.push(if de { format!("{neutral} unauffällig") } else { format!("{neutral} neutral") });
    }
    if insufficient > 0 {
        parts.push(if de {
            format!("{insufficient} ohne ausreichende Daten")
        } else {
            format!("{insufficient} insufficient data")
        });
    }
    if suppressed > 0 {
        parts.push(if de { format!("{suppressed} gesperrt") } else { format!("{suppressed} suppressed") });
    }
    if parts.is_empty() {
        return String::new();
    }
    let head = if de { "Weitere Befunde" } else { "Other findings" };
    format!("{head}: {}", parts.join(", "))
}

fn status_word(s: TargetStatus, lang: Lang) -> &'static str {
    match (s, lang) {
        (TargetStatus::Met, Lang::De) => "erreicht",
        (TargetStatus::OnTrack, Lang::De) => "auf gutem Weg",
        (TargetStatus::Nearly, Lang::De) => "knapp nicht auf Kurs",
        (TargetStatus::OffTrack, Lang::De) => "richtige Richtung, aber zu langsam",
        (TargetStatus::MovingAway, Lang::De) => "entfernt sich vom Ziel",
        (TargetStatus::NotAssessable, Lang::De) => "nicht bewertbar",
        (TargetStatus::Met, Lang::En) => "met",
        (TargetStatus::OnTrack, Lang::En) => "on track",
        (TargetStatus::Nearly, Lang::En) => "nearly on track",
        (TargetStatus::OffTrack, Lang::En) => "right direction, too slow",
        (TargetStatus::MovingAway, Lang::En) => "moving away",
        (TargetStatus::NotAssessable, Lang::En) => "not assessable",
    }
}

/// The agreed targets with their status. The developments are in the key
/// figures (front page and fields), one row per finding with its numbers,
/// rather than a list of single words.
pub(crate) fn targets(included: &[&IndicatorFindings], lang: Lang) -> Section {
    let w = words(lang);
    let mut targets = Vec::new();
    for ind in included {
        for f in ind.findings.iter().filter(|f| f.area == AreaKey::Total) {
            // A target applies to several groups: name the group.
            let who: Vec<&str> =
                f.groups.iter().filter(|g| g.group.is_some()).map(|g| g.title.as_str()).collect();
            let head = if who.is_empty() {
                ind.title.clone()
            } else {
                format!("{} ({})", ind.title, who.join(", "))
            };
            for t in &f.targets {
                targets.push(format!("{head}: {} – {}", t.text, status_word(t.status, lang)));
            }
        }
    }
    let mut blocks = vec![Block::Paragraph { text: w.targets_intro.into() }];
    if targets.is_empty() {
        blocks.push(Block::Paragraph { text: w.no_targets.into() });
    } else {
        blocks.push(Block::List { title: w.targets.into(), items: targets });
    }
    Section {
        id: "ziele".into(),
        level: 2,
        title: w.targets_trends.into(),
        in_contents: true,
        appendix: false,
        blocks,
    }
}
