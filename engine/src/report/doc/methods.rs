//! The methods chapter: sources and their definitions of migration
//! background, the suppression rules and what was suppressed. Counts of
//! cells and audit results are technical detail for the administration.

use super::words::{mh_label, words, Profile};
use super::{Block, Fact, Section, Table};
use crate::findings::{CheckFinding, Findings, IndicatorFindings};
use crate::model::{Model, SourceKind};
use crate::publish::{Published, Shown};
use crate::report::numfmt::{format_count, Lang};

/// Suppressed and missing cells of one indicator's published table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SuppressedCounts {
    pub cells: usize,
    /// Protected cells: one number, since the reason is confidential.
    pub protected: usize,
    pub missing: usize,
}

/// Counts a published table's cells by status. A cell counts as
/// suppressed if its value or one of its counts is suppressed.
pub fn suppressed_counts(published: &Published, indicator: &str) -> SuppressedCounts {
    let mut c = SuppressedCounts::default();
    let Some(t) = published.tables.get(indicator) else { return c };
    for cell in t.cells.values() {
        c.cells += 1;
        let parts = [Some(cell.value), Some(cell.numerator), cell.denominator];
        if parts.iter().flatten().any(|s| s.is_suppressed()) {
            c.protected += 1;
        } else if matches!(cell.value, Shown::Missing(_) | Shown::Incomplete) {
            c.missing += 1;
        }
    }
    c
}

fn kind_word(k: SourceKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (SourceKind::Microdata, Lang::De) => "Einzeldaten",
        (SourceKind::Aggregate, Lang::De) => "Tabelle (Aggregatdaten)",
        (SourceKind::Survey, Lang::De) => "gewichtete Befragung",
        (SourceKind::Microdata, Lang::En) => "microdata",
        (SourceKind::Aggregate, Lang::En) => "aggregate table",
        (SourceKind::Survey, Lang::En) => "weighted survey",
    }
}

pub(crate) fn section(
    model: &Model,
    f: &Findings,
    published: &Published,
    included: &[&IndicatorFindings],
    p: Profile,
    lang: Lang,
) -> Section {
    let w = words(lang);
    let mut blocks = vec![Block::Paragraph { text: w.methods_intro.into() }];
    let used: Vec<&str> = included.iter().flat_map(|i| i.sources.iter().map(|s| s.id.as_str())).collect();
    let sources: Vec<Fact> = model
        .sources
        .values()
        .filter(|s| used.contains(&s.id.as_str()))
        .map(|s| {
            let mut text = kind_word(s.kind, lang).to_string();
            if p.formulas {
                text = format!("{text}, {}", s.file);
            }
            if let Some(mh) = s.mh_definition {
                text = format!("{text}. {}: {}", mh_label(model.meta.terminology, lang), mh.in_lang(lang));
            }
            if let Some(d) = &s.description {
                text = format!("{text}. {d}");
            }
            Fact { term: s.title.clone(), text }
        })
        .collect();
    blocks.push(Block::Subheading { text: w.sources.into() });
    blocks.push(Block::Facts { items: sources });
    blocks.push(Block::Subheading { text: w.privacy.into() });
    blocks.push(Block::Paragraph { text: privacy_text(model, f, p, lang) });
    blocks.push(suppressed_block(published, included, p, lang));
    if p.checks {
        if !f.checks.is_empty() {
            blocks.push(Block::Table(checks_table(&f.checks, lang)));
        }
        if !f.data_notes.is_empty() {
            blocks.push(Block::List { title: w.data_notes.into(), items: f.data_notes.clone() });
        }
    }
    Section {
        id: "methoden".into(),
        level: 2,
        title: w.methods.into(),
        in_contents: true,
        appendix: true,
        blocks,
    }
}

/// The rules in words; with cell counts and the audit only for `counts`.
fn privacy_text(model: &Model, f: &Findings, p: Profile, lang: Lang) -> String {
    if p.counts {
        // The subheading already says "Geheimhaltung".
        let text = f.privacy.text.as_str();
        return text.strip_prefix("Geheimhaltung: ").map_or_else(|| text.to_string(), capitalize);
    }
    crate::assess::privacy_rules::rules_text(&model.privacy, lang)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn suppressed_block(published: &Published, included: &[&IndicatorFindings], p: Profile, lang: Lang) -> Block {
    let w = words(lang);
    let counted: Vec<(&IndicatorFindings, SuppressedCounts)> =
        included.iter().map(|i| (*i, suppressed_counts(published, &i.id))).collect();
    let any = counted.iter().any(|(_, c)| c.protected > 0);
    if !any {
        return Block::Paragraph { text: w.no_suppression.into() };
    }
    if !p.counts {
        let names: Vec<String> =
            counted.iter().filter(|(_, c)| c.protected > 0).map(|(i, _)| i.title.clone()).collect();
        let title = if lang == Lang::De {
            "Bei diesen Indikatoren sind einzelne Werte gesperrt"
        } else {
            "Indicators with withheld values"
        };
        return Block::List { title: title.into(), items: names };
    }
    let rows = counted
        .iter()
        .map(|(i, c)| {
            let n = |x: usize| format_count(x as u64, lang);
            vec![i.title.clone(), n(c.cells), n(c.protected), n(c.missing)]
        })
        .collect();
    Block::Table(Table {
        indicator: None,
        caption: w.suppressed_by_indicator.into(),
        header: vec![w.indicator.into(), w.cells.into(), w.protected.into(), w.missing.into()],
        rows,
        numeric: vec![false, true, true, true],
        footnote: String::new(),
        ..Default::default()
    })
}

pub(crate) fn checks_table(checks: &[CheckFinding], lang: Lang) -> Table {
    let w = words(lang);
    // One row per check: how many cells passed, failed, or could not be checked.
    let mut rows: Vec<(String, [usize; 3])> = Vec::new();
    for c in checks.iter().filter(|c| !c.withheld) {
        let slot = match c.passed {
            Some(true) => 0,
            Some(false) => 1,
            None => 2,
        };
        match rows.iter_mut().find(|(t, _)| *t == c.title) {
            Some((_, n)) => n[slot] += 1,
            None => {
                let mut n = [0; 3];
                n[slot] = 1;
                rows.push((c.title.clone(), n));
            }
        }
    }
    // Checks on confidential data: their verdicts are not published.
    let mut withheld: Vec<Vec<String>> = checks
        .iter()
        .filter(|c| c.withheld)
        .map(|c| {
            let t = match lang {
                Lang::De => format!("{} (vertrauliche Daten: nur intern)", c.title),
                Lang::En => format!("{} (confidential data: internal only)", c.title),
            };
            vec![t, ".".into(), ".".into(), ".".into()]
        })
        .collect();
    let mut all_rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(t, n)| {
            let mut r = vec![t];
            r.extend(n.iter().map(|x| format_count(*x as u64, lang)));
            r
        })
        .collect();
    all_rows.append(&mut withheld);
    Table {
        indicator: None,
        caption: w.checks.into(),
        header: vec![w.check.into(), w.check_passed.into(), w.check_failed.into(), w.check_unknown.into()],
        rows: all_rows,
        numeric: vec![false, true, true, true],
        footnote: String::new(),
        ..Default::default()
    }
}
