//! `kimon init`, `explain` and `diff` as library calls: a scaffold checks
//! clean at once and refuses to overwrite; explain and diff are
//! snapshot-tested on the shipped rulebooks.

use kimon_engine::model::MunicipalityKind;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{check, Options};
use kimon_engine::tooling::{diff, explain, init};
use kimon_tests::repo;
use std::path::{Path, PathBuf};

fn model(name: &str) -> kimon_engine::model::Model {
    let checked = check(&repo().join("rulebooks").join(name), &Options::default());
    assert_eq!(checked.diags.errors(), 0, "{name}: {:?}", checked.diags.items);
    checked.model.unwrap()
}

/// A fresh directory below the target dir, unique per test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("kimon-tooling-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn init_scaffolds_a_rulebook_that_checks_clean() {
    for (kind, name) in [
        (MunicipalityKind::City, "Stadt Neuhausen"),
        (MunicipalityKind::County, "Landkreis Musterkreis"),
        (MunicipalityKind::Town, "Gemeinde Kleinöd"),
    ] {
        let dir = scratch(&init::slug(name));
        let req = init::InitRequest::new(kind, name, "Bayern", dir.clone());
        let report = init::init(&req).unwrap();
        assert!(report.rulebook.exists());
        assert!(dir.join("kern.kimon").exists());
        let checked = check(&report.rulebook, &Options::default());
        assert_eq!(checked.diags.errors(), 0, "{name}: {:?}", checked.diags.items);
        // The only warnings: the example rows of every template, one per source.
        let codes: Vec<&str> = checked.diags.items.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.iter().all(|c| *c == "kimon::data-example-rows"), "{name}: {codes:?}");
        let m = checked.model.unwrap();
        assert_eq!(codes.len(), m.sources.len(), "{name}: {codes:?}");
        assert_eq!(m.meta.kind, Some(kind));
        assert_eq!(m.meta.municipality.as_deref(), Some(name));
        // The Land is the one given, never the core's (Hessen).
        assert_eq!(m.meta.state.as_deref(), Some("Bayern"));
        assert_eq!(m.indicators.len(), model("kern.kimon").indicators.len());
        // Every source reads a template inside the new directory.
        for s in m.sources.values() {
            assert!(s.file.starts_with("daten/"), "{}", s.file);
            assert!(dir.join(&s.file).exists(), "{}", s.file);
        }
        // Never overwrite.
        let again = init::init(&req).unwrap_err();
        assert_eq!(again.code, "kimon::init-exists");
    }
}

#[test]
fn init_scaffold_snapshot() {
    let dir = scratch("snapshot");
    let mut req =
        init::InitRequest::new(MunicipalityKind::County, "Landkreis Musterkreis", "NI", dir.clone());
    req.format = init::TemplateFormat::Csv;
    req.years = Some((2020, 2024));
    let report = init::init(&req).unwrap();
    let mut out = std::fs::read_to_string(&report.rulebook).unwrap();
    for f in &report.files {
        let rel = f.strip_prefix(&dir).unwrap().display().to_string();
        if rel.ends_with(".csv") || rel.ends_with(".md") {
            out.push_str(&format!("\n== {rel}\n{}", std::fs::read_to_string(f).unwrap()));
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn explain_snapshot_german_and_english() {
    let m = model("grossstadt.kimon");
    insta::assert_snapshot!(
        "explain_arbeitslosigkeit_de",
        explain::explain(&m, "arbeitslosigkeit", Lang::De).unwrap()
    );
    insta::assert_snapshot!(
        "explain_repraesentation_en",
        explain::explain(&m, "repraesentation_personal", Lang::En).unwrap()
    );
}

#[test]
fn explain_unknown_indicator_suggests() {
    let m = model("kern.kimon");
    let d = explain::explain(&m, "arbeitslosigkiet", Lang::De).unwrap_err();
    assert_eq!(d.code, "kimon::unknown-indicator");
    assert_eq!(d.help.as_deref(), Some("did you mean `arbeitslosigkeit`?"));
}

#[test]
fn diff_kern_vs_grossstadt_snapshot() {
    let (a, b) = (model("kern.kimon"), model("grossstadt.kimon"));
    let r = diff::diff(&a, &b, "kern.kimon", "grossstadt.kimon");
    insta::assert_snapshot!("diff_kern_grossstadt_text", diff::render_text(&r, Lang::De));
    insta::assert_snapshot!("diff_kern_grossstadt_json", diff::render_json(&r));
    // Deterministic.
    assert_eq!(r, diff::diff(&a, &b, "kern.kimon", "grossstadt.kimon"));
    // Same rulebook: nothing to report.
    assert!(diff::diff(&a, &a, "a", "a").is_empty());
}

#[test]
fn diff_warns_about_apples_and_pears() {
    let (a, b) = (model("kern.kimon"), model("landkreis.kimon"));
    let r = diff::diff(&a, &b, "kern.kimon", "landkreis.kimon");
    let ids: Vec<&str> = r.apples_and_pears.iter().map(|m| m.indicator.as_str()).collect();
    assert!(ids.contains(&"auslaenderanteil"), "{ids:?}");
    let m = r.apples_and_pears.iter().find(|m| m.indicator == "arbeitslosigkeit").unwrap();
    assert!(m.aspects.contains(&"mh_definition".to_string()), "{:?}", m.aspects);
}
