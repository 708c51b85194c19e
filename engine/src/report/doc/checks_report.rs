//! The report of a rulebook that has only plausibility checks (no
//! indicators): a „Plausibilitätsbericht“ about the data, not an
//! „Integrationsbericht“ with an empty summary.
//!
//! Why its own builder: with no findings there is nothing to rate, and
//! every integration chapter would be empty; what the reader needs is how
//! many checks passed, and which cells failed by how much.

use super::words::{audience_keyword, audience_label, words};
use super::{glossary, imprint, methods, Audience, Block, Fact, ReportDoc, Section, Table};
use crate::findings::CheckFinding;
use crate::report::numfmt::{format_count, format_signed, Lang};
use crate::session::Evaluated;

fn title(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "Plausibilitätsbericht",
        Lang::En => "Plausibility report",
    }
}

/// „17 Prüfungen an 230 Zellen: 220 bestanden, 6 nicht bestanden, 4 nicht prüfbar.“
fn summary(checks: &[CheckFinding], lang: Lang) -> String {
    let shown: Vec<&CheckFinding> = checks.iter().filter(|c| !c.withheld).collect();
    let kinds: std::collections::BTreeSet<&str> = checks.iter().map(|c| c.check.as_str()).collect();
    let n = |x: usize| format_count(x as u64, lang);
    let passed = shown.iter().filter(|c| c.passed == Some(true)).count();
    let failed = shown.iter().filter(|c| c.passed == Some(false)).count();
    let unknown = shown.iter().filter(|c| c.passed.is_none()).count();
    let withheld = checks.iter().filter(|c| c.withheld).count();
    let mut s = match lang {
        Lang::De => format!(
            "{} Prüfungen an {} Zellen: {} bestanden, {} nicht bestanden, {} nicht prüfbar.",
            n(kinds.len()),
            n(shown.len()),
            n(passed),
            n(failed),
            n(unknown)
        ),
        Lang::En => format!(
            "{} checks on {} cells: {} passed, {} failed, {} not checkable.",
            n(kinds.len()),
            n(shown.len()),
            n(passed),
            n(failed),
            n(unknown)
        ),
    };
    if withheld > 0 {
        s.push_str(match lang {
            Lang::De => " Prüfungen vertraulicher Daten werden nur intern ausgewiesen.",
            Lang::En => " Checks of confidential data are reported internally only.",
        });
    }
    s
}

/// Every failed cell with its difference (only published for checks of
/// public tables; the findings never carry it for confidential data).
fn failed_table(checks: &[CheckFinding], lang: Lang) -> Option<Table> {
    let rows: Vec<Vec<String>> = checks
        .iter()
        .filter(|c| !c.withheld && c.passed == Some(false))
        .map(|c| {
            let diff = c.difference.map_or_else(|| ".".to_string(), |d| format_signed(d, 2, lang));
            vec![c.title.clone(), c.year.to_string(), c.cell.clone(), diff]
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let (caption, header) = match lang {
        Lang::De => {
            ("Nicht bestandene Prüfungen", ["Prüfung", "Jahr", "Zelle", "Abweichung (links − rechts)"])
        }
        Lang::En => ("Failed checks", ["Check", "Year", "Cell", "Difference (left − right)"]),
    };
    Some(Table {
        indicator: None,
        caption: caption.into(),
        header: header.iter().map(|h| h.to_string()).collect(),
        rows,
        numeric: vec![false, true, false, true],
        footnote: String::new(),
        ..Default::default()
    })
}

/// The whole plausibility report.
pub(crate) fn build(ev: &Evaluated, audience: Audience, lang: Lang, facts: Vec<Fact>) -> ReportDoc {
    let w = words(lang);
    let f = &ev.findings;
    let lead = match lang {
        Lang::De => "Dieses Regelwerk enthält keine Indikatoren, nur Plausibilitätsprüfungen: Es prüft, ob die gelieferten Zahlen zueinander passen (Summen, Anteile, Veränderungen). Der Bericht zeigt, welche Prüfungen bestanden sind und wo Zahlen nicht zusammenpassen.",
        Lang::En => "This rulebook has no indicators, only plausibility checks: it tests whether the delivered figures agree with each other (sums, shares, changes). The report shows which checks passed and where figures disagree.",
    };
    let mut front = vec![Block::Lead { text: summary(&f.checks, lang) }];
    if let Some(t) = failed_table(&f.checks, lang) {
        front.push(Block::Table(t));
    }
    let (front_title, all_title) = match lang {
        Lang::De => ("Auf einen Blick", "Alle Prüfungen"),
        Lang::En => ("At a glance", "All checks"),
    };
    let mut all = vec![Block::Table(methods::checks_table(&f.checks, lang))];
    if !f.data_notes.is_empty() {
        all.push(Block::List { title: w.data_notes.into(), items: f.data_notes.clone() });
    }
    let section = |id: &str, title: &str, appendix: bool, blocks: Vec<Block>| Section {
        id: id.into(),
        level: 2,
        title: title.into(),
        in_contents: true,
        appendix,
        blocks,
    };
    let sections = vec![
        section("auf-einen-blick", front_title, false, front),
        section("pruefungen", all_title, false, all),
        glossary::section(&ev.model, &[], lang),
        imprint::section(ev, lang),
    ];
    let name = f.rulebook.municipality.clone().unwrap_or_else(|| f.rulebook.name.clone());
    let mut doc = ReportDoc {
        lang: lang.tag().into(),
        audience: audience_keyword(audience).into(),
        audience_label: audience_label(audience, lang).into(),
        title: format!("{} {name}", title(lang)),
        subtitle: f.rulebook.name.clone(),
        lead: lead.into(),
        facts,
        sections,
        chart_count: 0,
        contents_label: w.contents.into(),
        running_head: format!("{} – {}", title(lang), f.rulebook.name),
    };
    for t in doc.tables_mut() {
        t.footnote = crate::report::sign::footnote(t.rows.iter().flatten().map(String::as_str), lang);
    }
    doc
}
