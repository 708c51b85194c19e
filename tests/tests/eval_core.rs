//! The shipped core rulebook evaluates end to end: deterministic JSON,
//! every classification present, suppressed cells never carry values.

use kimon_engine::eval::Control;
use kimon_engine::findings::{render_table, to_json, Classification};
use kimon_engine::publish::Shown;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use std::path::Path;

fn core() -> Evaluated {
    match evaluate(Path::new("../rulebooks/kern.kimon"), &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("core rulebook failed: {:?}", f.diags.items),
    }
}

#[test]
fn json_is_byte_identical_on_rerun() {
    let a = to_json(&core().findings);
    let b = to_json(&core().findings);
    assert_eq!(a, b);
    assert!(a.contains("\"schema\": \"kimon-findings/2\""));
}

#[test]
fn terminal_table_snapshot() {
    insta::assert_snapshot!(render_table(&core().findings, Lang::De));
}

#[test]
fn summary_and_privacy_snapshot() {
    let e = core();
    let summary: Vec<String> = e
        .findings
        .summary
        .iter()
        .map(|f| {
            format!(
                "{}: {} Stärken, {} Handlungsbedarf",
                f.title,
                f.strengths.len(),
                f.needs_for_action.len()
            )
        })
        .collect();
    insta::assert_snapshot!(format!("{}\n{}", summary.join("\n"), e.findings.privacy.text));
}

#[test]
fn every_classification_occurs() {
    let e = core();
    let all: Vec<Classification> =
        e.findings.indicators.iter().flat_map(|i| i.findings.iter().map(|f| f.classification)).collect();
    for c in [
        Classification::Strength,
        Classification::Neutral,
        Classification::NeedForAction,
        Classification::Suppressed,
    ] {
        assert!(all.contains(&c), "{c:?} missing");
    }
}

/// Every cell that privacy suppressed is shown without a value in the
/// findings, and neither its numerator nor denominator leaks.
#[test]
fn suppressed_cells_carry_no_values() {
    let e = core();
    let mut suppressed = 0;
    for ind in &e.findings.indicators {
        for f in &ind.findings {
            if matches!(f.value, Shown::Suppressed(_)) {
                suppressed += 1;
                assert!(f.comparison.as_ref().is_none_or(|c| c.gap.is_none()), "gap from suppressed value");
                assert!(f.change_previous.is_none() && f.change_first.is_none() && f.trend.is_none());
                assert!(f.targets.iter().all(|t| t.projected.is_none()));
            }
            for p in &f.series {
                if let Shown::Suppressed(_) = p.value {
                    // the type holds no value; nothing to check beyond the variant
                }
            }
        }
    }
    assert!(suppressed > 0, "the example should exercise suppression");
    // The raw (unprotected) values of suppressed cells must not appear as
    // published numerators or denominators of the same cell.
    for (id, table) in &e.published.tables {
        let raw = &e.eval.tables[id];
        for (key, cell) in &table.cells {
            let r = &raw.cells[key];
            if cell.numerator.is_suppressed() {
                assert!(
                    !matches!(cell.value, Shown::Value(_)),
                    "{id} {key:?}: value of suppressed numerator"
                );
            }
            if let (Some(Shown::Value(d)), Some(rd)) = (cell.denominator, r.den) {
                assert_eq!(d, rd.sum, "published denominators are exact unless rounding is on");
            }
        }
    }
}

/// The suppression report of `kimon audit`: counts, rate and the public
/// interval of every sensitive cell (never its value).
#[test]
fn suppression_report_snapshot() {
    let e = core();
    insta::assert_snapshot!(kimon_engine::publish::render_audit(&e.published));
}
