//! The front page „Auf einen Blick“: the few most important findings for
//! the whole area, with their numbers, on one printed page.
//!
//! Why a selection and not every finding: a council member reads one page.
//! Core indicators come first, needs for action before strengths (both
//! are always shown when present — never deficits alone), and the list is
//! capped so the page fits on A4 (the page-budget test checks it).

use super::key_rows;
use super::{Block, Section};
use crate::eval::AreaKey;
use crate::findings::{Classification, Finding, IndicatorFindings};
use crate::report::numfmt::Lang;

/// At most this many rows: what fits on the printed front page together
/// with the title, the lead and the summary sentence.
pub(crate) const MAX_ROWS: usize = 8;
/// Rows kept for strengths when there are more needs than fit.
const MIN_STRENGTHS: usize = 3;

/// A whole-area finding that compares a group (or has no groups).
fn headline(ind: &IndicatorFindings, f: &Finding) -> bool {
    f.area == AreaKey::Total && (f.comparison.is_some() || ind.dimensions.is_empty())
}

/// The findings of the front page, in reading order (the indicators'
/// order within needs and within strengths).
pub(crate) fn picks<'a>(inds: &[&'a IndicatorFindings]) -> Vec<(&'a IndicatorFindings, &'a Finding)> {
    let of = |class: Classification| -> Vec<(&'a IndicatorFindings, &'a Finding)> {
        let mut v: Vec<(&'a IndicatorFindings, &'a Finding)> = inds
            .iter()
            .flat_map(|i| i.findings.iter().map(move |f| (*i, f)))
            .filter(|(i, f)| f.classification == class && headline(i, f))
            .collect();
        // Core indicators first; stable sort keeps the rulebook's order.
        v.sort_by_key(|(i, _)| !i.core);
        v
    };
    let needs = of(Classification::NeedForAction);
    let strengths = of(Classification::Strength);
    let n_strengths = strengths.len().min(MIN_STRENGTHS.max(MAX_ROWS.saturating_sub(needs.len())));
    let n_needs = needs.len().min(MAX_ROWS - n_strengths);
    let mut out: Vec<_> = needs.into_iter().take(n_needs).collect();
    out.extend(strengths.into_iter().take(n_strengths));
    if out.is_empty() {
        // Nothing rated: the core indicators' comparisons as they stand.
        out = inds
            .iter()
            .filter(|i| i.core)
            .flat_map(|i| i.findings.iter().map(move |f| (*i, f)))
            .filter(|(i, f)| headline(i, f) && f.comparison.is_some())
            .take(MAX_ROWS)
            .collect();
    }
    out
}

/// Counts of the whole area's rated findings, in one sentence.
fn summary(inds: &[&IndicatorFindings], shown: usize, lang: Lang) -> String {
    let total: Vec<&Finding> =
        inds.iter().flat_map(|i| i.findings.iter().filter(|f| headline(i, f))).collect();
    let count = |c: Classification| total.iter().filter(|f| f.classification == c).count();
    let (needs, strengths) = (count(Classification::NeedForAction), count(Classification::Strength));
    match lang {
        Lang::De => format!(
            "{} Indikatoren, {} Befunde für das ganze Gebiet: {needs} mit Handlungsbedarf, {strengths} Stärken. Die Tabelle zeigt die {shown} wichtigsten mit ihren Zahlen; alle Befunde stehen in den Handlungsfeldern, die Einzelheiten im Anhang.",
            inds.len(),
            total.len()
        ),
        Lang::En => format!(
            "{} indicators, {} findings for the whole area: {needs} with need for action, {strengths} strengths. The table shows the {shown} most important with their figures; every finding is listed in the fields, details in the appendix.",
            inds.len(),
            total.len()
        ),
    }
}

/// The front page section.
pub(crate) fn section(inds: &[&IndicatorFindings], lang: Lang) -> Section {
    let picks = picks(inds);
    let rows: Vec<Vec<String>> = picks.iter().map(|(i, f)| key_rows::row(i, f, lang)).collect();
    let (title, caption) = match lang {
        Lang::De => ("Auf einen Blick", "Die wichtigsten Befunde für das ganze Gebiet"),
        Lang::En => ("At a glance", "The most important findings for the whole area"),
    };
    let mut blocks = vec![Block::Lead { text: summary(inds, rows.len(), lang) }];
    if !rows.is_empty() {
        blocks.push(Block::KeyFigures(key_rows::table(caption.into(), rows, lang)));
    }
    Section {
        id: "auf-einen-blick".into(),
        level: 2,
        title: title.into(),
        in_contents: true,
        appendix: false,
        blocks,
    }
}
