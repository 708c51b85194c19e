//! Findings for each classification and each annotation kind, from a small
//! hand-made table whose values are chosen to trigger them all.

use kimon_engine::eval::Control;
use kimon_engine::findings::{class_word, to_json, AnnotationKind, Classification, Findings};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Options};
use std::path::Path;

fn findings(lang: Lang) -> Findings {
    match evaluate(Path::new("annotations/annotations.kimon"), &Options::default(), lang, &Control::default())
    {
        Ok(e) => e.findings,
        Err(f) => panic!("{:?}", f.diags.items),
    }
}

/// One line per finding: label, classification and the annotations.
fn digest(f: &Findings, lang: Lang) -> String {
    let mut out = String::new();
    for ind in &f.indicators {
        out.push_str(&format!("## {} ({})\n", ind.title, ind.id));
        for a in &ind.annotations {
            out.push_str(&format!("  [{:?}] {}\n", a.kind, a.text));
        }
        for fi in &ind.findings {
            out.push_str(&format!("- {} → {}\n", fi.label, class_word(fi.classification, lang)));
            for a in &fi.annotations {
                out.push_str(&format!("    [{:?}] {}\n", a.kind, a.text));
            }
        }
    }
    out
}

#[test]
fn every_kind_in_german() {
    insta::assert_snapshot!(digest(&findings(Lang::De), Lang::De));
}

#[test]
fn every_kind_in_english() {
    insta::assert_snapshot!(digest(&findings(Lang::En), Lang::En));
}

#[test]
fn all_classifications_and_annotation_kinds_occur() {
    let f = findings(Lang::De);
    let mut kinds: Vec<AnnotationKind> = Vec::new();
    let mut classes: Vec<Classification> = Vec::new();
    for ind in &f.indicators {
        kinds.extend(ind.annotations.iter().map(|a| a.kind));
        for fi in &ind.findings {
            classes.push(fi.classification);
            kinds.extend(fi.annotations.iter().map(|a| a.kind));
        }
    }
    for k in [
        AnnotationKind::Threshold,
        // A deciding target's text lives in the decision sentence.
        AnnotationKind::Decision,
        AnnotationKind::Trend,
        AnnotationKind::DefinitionMismatch,
        AnnotationKind::SmallBase,
        AnnotationKind::Suppression,
        AnnotationKind::NotSteerable,
        AnnotationKind::Stale,
        AnnotationKind::SeriesBreak,
        AnnotationKind::MissingData,
        AnnotationKind::Implausible,
        AnnotationKind::Note,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing");
    }
    for c in [
        Classification::Strength,
        Classification::Neutral,
        Classification::NeedForAction,
        Classification::InsufficientData,
        Classification::Suppressed,
        Classification::Context,
    ] {
        assert!(classes.contains(&c), "{c:?} missing");
    }
}

/// The JSON of one indicator pins the schema's shape.
#[test]
fn json_schema_of_one_indicator() {
    let f = findings(Lang::De);
    let json: serde_json::Value = serde_json::from_str(&to_json(&f)).unwrap();
    let ziel = json["indicators"].as_array().unwrap().iter().find(|i| i["id"] == "ziel").unwrap();
    insta::assert_json_snapshot!(ziel);
}

/// A count suppressed under one indicator's stricter rules is not published
/// by another indicator that shows the same count under laxer rules, and
/// the laxer one is protected around it.
#[test]
fn suppression_is_shared_across_privacy_rules() {
    let e = match evaluate(
        Path::new("shared_rules/shared.kimon"),
        &Options::default(),
        Lang::De,
        &Control::default(),
    ) {
        Ok(e) => e,
        Err(f) => panic!("{:?}", f.diags.items),
    };
    for id in ["streng", "locker"] {
        let t = &e.published.tables[id];
        let suppressed: Vec<_> =
            t.cells.iter().filter(|(_, c)| c.value.is_suppressed()).map(|(k, _)| k.groups.clone()).collect();
        assert!(suppressed.contains(&vec![Some("b".to_string())]), "{id}: b (7 < 10) must be hidden");
        assert!(suppressed.len() >= 2, "{id}: b needs a complementary cell, got {suppressed:?}");
    }
}
