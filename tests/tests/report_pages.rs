//! Issue 13, page budgets: the main part of the report (everything before
//! the appendix) stays within its printed length on every shipped
//! rulebook — Politik ≤ 12 A4 pages, the public ≤ 8 — and the front page
//! „Auf einen Blick“ fits on the first sheet. Measured with the library's
//! estimator (`report::doc::measure`), calibrated against Chromium's
//! print-to-PDF (`tests/e2e/report_pages.sh`); the counts are printed
//! (`--nocapture`) so a change in length shows in the test log.

use kimon_engine::eval::Control;
use kimon_engine::model::Audience;
use kimon_engine::report::doc::{self, measure, Block};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use kimon_tests::repo;

fn evaluated(name: &str) -> Evaluated {
    let path = repo().join("rulebooks").join(format!("{name}.kimon"));
    match evaluate(&path, &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{name} does not evaluate: {:?}", f.diags.items),
    }
}

/// (rulebook, audience, budget in pages) — the budgets of issue 13.
const BUDGETS: [(&str, Audience, usize); 6] = [
    ("kern", Audience::Politik, 12),
    ("kern", Audience::Oeffentlichkeit, 8),
    ("grossstadt", Audience::Politik, 12),
    ("grossstadt", Audience::Oeffentlichkeit, 8),
    ("landkreis", Audience::Politik, 12),
    ("landkreis", Audience::Oeffentlichkeit, 8),
];

#[test]
fn main_part_keeps_its_page_budget() {
    let mut over = Vec::new();
    for (name, audience, budget) in BUDGETS {
        let ev = evaluated(name);
        let d = doc::build(&ev, audience, Lang::De);
        let e = measure::estimate(&d);
        println!(
            "{name:<11} {:<16} {:>2} pages (budget {budget}), {} words, {} charts, front page {}",
            d.audience, e.pages, e.words, e.charts, e.front_pages
        );
        for (id, mm) in measure::breakdown(&d) {
            println!("     {id:<40} {mm:>6.0} mm");
        }
        if e.pages > budget {
            over.push(format!("{name} {}: {} pages > {budget}", d.audience, e.pages));
        }
        if e.front_pages != 1 {
            over.push(format!("{name} {}: front page takes {} pages", d.audience, e.front_pages));
        }
        // The appendix keeps the details: every indicator's findings table.
        let in_appendix = d.sections.iter().skip_while(|s| !s.appendix).flat_map(|s| &s.blocks);
        assert!(
            in_appendix.filter(|b| matches!(b, Block::Table(t) if t.indicator.is_some())).count() > 0,
            "{name}: the findings tables are in the appendix"
        );
    }
    assert!(over.is_empty(), "over budget:\n{}", over.join("\n"));
}

/// The estimator can fail: the full report without an appendix (the
/// length before issue 13) is far over the budget.
#[test]
fn estimator_counts_what_is_in_the_main_part() {
    let ev = evaluated("grossstadt");
    let mut d = doc::build(&ev, Audience::Politik, Lang::De);
    let short = measure::estimate(&d);
    for s in &mut d.sections {
        s.appendix = false;
    }
    let long = measure::estimate(&d);
    assert!(long.pages > 3 * short.pages, "{} pages with the appendix vs {}", long.pages, short.pages);
    assert!(long.charts > 10 && short.charts == 0, "charts {} / {}", long.charts, short.charts);
    assert!(long.words > short.words);
}

/// Same document, same estimate (no state, no clock).
#[test]
fn estimate_is_deterministic() {
    let ev = evaluated("kern");
    let a = measure::estimate(&doc::build(&ev, Audience::Politik, Lang::De));
    let b = measure::estimate(&doc::build(&ev, Audience::Politik, Lang::De));
    assert_eq!(a, b);
}
