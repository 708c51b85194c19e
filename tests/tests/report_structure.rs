//! Issue 13, structure: every shipped rulebook and audience opens with the
//! front page „Auf einen Blick“ (key figures with numbers, not single
//! words), keeps the per-indicator detail in the appendix, and closes with
//! glossary and imprint; a rulebook with only plausibility checks becomes
//! a „Plausibilitätsbericht“; the output is the same on every run.

use kimon_engine::eval::Control;
use kimon_engine::model::Audience;
use kimon_engine::report::doc::{self, Block, ReportDoc};
use kimon_engine::report::html::render_html;
use kimon_engine::report::markdown::render_markdown;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use kimon_tests::repo;

const AUDIENCES: [Audience; 3] = [Audience::Verwaltung, Audience::Politik, Audience::Oeffentlichkeit];

fn evaluated(name: &str) -> Evaluated {
    let path = repo().join("rulebooks").join(format!("{name}.kimon"));
    match evaluate(&path, &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{name} does not evaluate: {:?}", f.diags.items),
    }
}

fn key_figures(d: &ReportDoc, section: &str) -> Vec<Vec<String>> {
    d.sections
        .iter()
        .filter(|s| s.id == section)
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::KeyFigures(t) => Some(t.rows.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn front_page_has_the_numbers_and_the_appendix_the_detail() {
    for name in ["kern", "grossstadt", "landkreis"] {
        let ev = evaluated(name);
        for a in AUDIENCES {
            let d = doc::build(&ev, a, Lang::De);
            let who = format!("{name}/{}", d.audience);
            assert_eq!(d.sections[0].id, "auf-einen-blick", "{who}: front page first");
            assert!(!d.title.starts_with("Plausibilitätsbericht"), "{who}");
            let rows = key_figures(&d, "auf-einen-blick");
            assert!((1..=8).contains(&rows.len()), "{who}: a few key figures ({})", rows.len());
            for r in &rows {
                assert_eq!(r.len(), 8, "{who}: {r:?}");
                // A value with its year (or the sign), never a single word.
                assert!(r[2] == "." || r[2].contains(" (20"), "{who}: value with year: {r:?}");
                if !r[3].is_empty() && r[2] != "." {
                    assert!(
                        r[4].contains("%-Punkte")
                            || r[4].contains("Verhältnis")
                            || r[4].starts_with(['+', '−', '0']),
                        "{who}: gap with unit: {r:?}"
                    );
                }
                assert!(
                    r[7].contains("Handlungsbedarf") || r[7].contains("Stärke") || name == "landkreis",
                    "{who}: {r:?}"
                );
            }
            // Needs for action and strengths both, where the findings have both.
            let needs = rows.iter().any(|r| r[7].contains("Handlungsbedarf"));
            let strengths = rows.iter().any(|r| r[7].contains("Stärke"));
            let has = |c| {
                ev.findings.summary.iter().any(|s| {
                    if c {
                        !s.strengths.is_empty()
                    } else {
                        !s.needs_for_action.is_empty()
                    }
                })
            };
            if has(true) && has(false) && name != "landkreis" {
                assert!(needs && strengths, "{who}: never deficits alone");
            }
            // The detail (findings tables, charts) only after the appendix starts.
            let main: Vec<&Block> = d.main_sections().flat_map(|s| &s.blocks).collect();
            assert!(!main.iter().any(|b| matches!(b, Block::Chart(_))), "{who}: no charts in the body");
            assert!(!main.iter().any(|b| matches!(b, Block::Table(t) if t.indicator.is_some())), "{who}");
            assert!(d.charts().count() > 0, "{who}: charts in the appendix");
            // Glossary and imprint close every edition.
            let ids: Vec<&str> = d.sections.iter().map(|s| s.id.as_str()).collect();
            assert_eq!(ids[ids.len() - 2..], ["glossar", "impressum"], "{who}");
        }
    }
}

#[test]
fn imprint_comes_from_the_rulebook_not_the_clock() {
    let ev = evaluated("kern");
    let d = doc::build(&ev, Audience::Oeffentlichkeit, Lang::De);
    let md = render_markdown(&d);
    assert!(md.contains("- **Herausgeber:** Stadt Musterstadt, Stabsstelle Integration"));
    assert!(md.contains("- **Stand:** 31. März 2025 (Daten bis 2024)"));
    assert!(md.contains("- **Kontakt:** integration@musterstadt.example"));
    assert!(md.contains("Barrieren bitte melden an: integration@musterstadt.example."));
    // Without `as_of`: the data year and the rulebook version.
    let md = render_markdown(&doc::build(&evaluated("landkreis"), Audience::Politik, Lang::De));
    assert!(md.contains("- **Stand:** Daten bis "), "landkreis: Stand from the data");
    // Byte-identical on a second run.
    let a = render_html(&d).unwrap_or_else(|e| panic!("{e}"));
    let b = render_html(&doc::build(&evaluated("kern"), Audience::Oeffentlichkeit, Lang::De))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a, b);
    // Page numbers and the running head in print.
    assert!(a.contains("counter(page)") && a.contains("counter(pages)") && a.contains("@top-left"));
}

#[test]
fn glossary_explains_the_terms_the_report_uses() {
    let d = doc::build(&evaluated("kern"), Audience::Oeffentlichkeit, Lang::De);
    let md = render_markdown(&d);
    let glossary = &md[md.find("## Glossar").unwrap_or_else(|| panic!("glossary"))..];
    for term in [
        "Migrationshintergrund",
        "Einwanderungsgeschichte",
        "Prozentpunkte",
        "Verhältnis",
        "Referenzgruppe",
        "„.“ Zahlenwert unbekannt",
        "☀ erreicht",
        "↑ günstig",
    ] {
        assert!(glossary.contains(term), "glossary explains {term}");
    }
    // Only the definitions of the sources in use: kern has no Mikrozensus source.
    assert!(!glossary.contains("Mikrozensus-Definition"));
    assert!(glossary.contains("aus dem Melderegister abgeleitet"));
}

#[test]
fn checks_only_rulebook_is_a_plausibility_report() {
    let ev = evaluated("zehn-kommunen");
    assert!(ev.findings.indicators.is_empty(), "the ten profiles have only checks");
    let failed = ev.findings.checks.iter().filter(|c| !c.withheld && c.passed == Some(false)).count();
    assert!(failed > 0);
    for a in AUDIENCES {
        let d = doc::build(&ev, a, Lang::De);
        let md = render_markdown(&d);
        assert!(d.title.starts_with("Plausibilitätsbericht"), "{}", d.title);
        assert!(
            !md.contains("Integrationsbericht") && !md.contains("Handlungsfeld"),
            "no integration chapters"
        );
        let front = &d.sections[0];
        let Some(Block::Lead { text }) = front.blocks.first() else { panic!("summary sentence first") };
        assert!(text.contains(&format!("{failed} nicht bestanden")), "{text}");
        let rows: usize = front
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t.rows.len()),
                _ => None,
            })
            .sum();
        assert_eq!(rows, failed, "one row per failed check");
    }
}
