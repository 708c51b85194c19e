//! Every shipped rulebook (`rulebooks/*.kimon`) checks clean and evaluates
//! end to end; the county's missing town makes the county total
//! incomplete; the ten-municipality checks find the known inconsistencies
//! of the Difu Steckbriefe.

use kimon_engine::eval::Control;
use kimon_engine::findings::{CheckFinding, Findings};
use kimon_engine::publish::Shown;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{check, evaluate, Options};
use kimon_tests::repo;
use std::path::PathBuf;

fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("rulebooks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "kimon"))
        .collect();
    files.sort();
    files
}

fn findings(name: &str) -> Findings {
    let path = repo().join("rulebooks").join(name);
    match evaluate(&path, &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e.findings,
        Err(f) => panic!("{name} failed: {:?}", f.diags.items),
    }
}

#[test]
fn every_shipped_rulebook_checks_clean_and_evaluates() {
    let files = shipped();
    for name in ["kern.kimon", "grossstadt.kimon", "landkreis.kimon", "zehn-kommunen.kimon"] {
        assert!(files.iter().any(|f| f.ends_with(name)), "{name} is not shipped");
    }
    for file in &files {
        let checked = check(file, &Options::default());
        let rendered = kimon_tests::check_output(file.to_str().unwrap());
        assert_eq!(checked.diags.errors(), 0, "{}:\n{rendered}", file.display());
        assert_eq!(checked.diags.warnings(), 0, "{}:\n{rendered}", file.display());
        let start = std::time::Instant::now();
        let e = evaluate(file, &Options::default(), Lang::De, &Control::default())
            .unwrap_or_else(|f| panic!("{}: {:?}", file.display(), f.diags.items));
        assert!(!e.findings.indicators.is_empty() || !e.findings.checks.is_empty(), "{}", file.display());
        // Generous bound (debug builds); release runs take well under 0.3 s.
        assert!(start.elapsed().as_secs() < 20, "{} is too slow", file.display());
    }
}

#[test]
fn county_total_is_incomplete_when_a_town_is_missing() {
    let f = findings("landkreis.kimon");
    let ind = f.indicators.iter().find(|i| i.id == "auslaenderanteil").unwrap();
    let total = ind.findings.iter().find(|x| x.area_name == "Landkreis Beispielkreis").unwrap();
    let at = |year: i32| total.series.iter().find(|p| p.year == year).map(|p| p.value);
    // Seedorf delivered nothing for 2022: the county total is not smaller, it is incomplete.
    assert_eq!(at(2022), Some(Shown::Incomplete));
    assert!(matches!(at(2021), Some(Shown::Value(_))));
    assert!(matches!(at(2023), Some(Shown::Value(_))));
    let seedorf = ind.findings.iter().find(|x| x.area_name == "Seedorf").unwrap();
    let s2022 = seedorf.series.iter().find(|p| p.year == 2022).map(|p| p.value);
    assert!(!matches!(s2022, Some(Shown::Value(_))), "Seedorf 2022 must not have a value: {s2022:?}");
    assert_eq!(f.rulebook.kind, Some(kimon_engine::model::MunicipalityKind::County));
}

fn failed(f: &Findings) -> Vec<&CheckFinding> {
    f.checks.iter().filter(|c| c.passed == Some(false)).collect()
}

/// The difference of a failed check (`None` if it passed or was not checkable).
fn diff_of(f: &Findings, check: &str, cell: &str) -> Option<f64> {
    let c = f.checks.iter().find(|c| c.check == check && c.cell == cell);
    let c = c.unwrap_or_else(|| panic!("no check {check} for {cell}"));
    if c.passed == Some(false) {
        c.difference
    } else {
        None
    }
}

#[test]
fn ten_municipalities_known_inconsistencies() {
    let f = findings("zehn-kommunen.kimon");
    // The same 25 findings as tools/verify_steckbriefe.py (5 rounding, 18 mismatches, 2 suspicious).
    let mut got: Vec<String> = failed(&f).iter().map(|c| format!("{} {}", c.check, c.cell)).collect();
    got.sort();
    let mut want: Vec<String> = [
        "schutzsuchende_summe Augsburg",
        "schutzsuchende_summe Ludwigshafen am Rhein",
        "schutzsuchende_summe Kreis Pinneberg",
        "herkunft_summe Jena",
        "bevoelkerung_veraenderung_pct Landkreis Goslar",
        "bevoelkerung_veraenderung_pct Kaiserslautern",
        "bevoelkerung_veraenderung_pct Ludwigshafen am Rhein",
        "bevoelkerung_veraenderung_pct München",
        "bevoelkerung_veraenderung_pct Kreis Pinneberg",
        "bevoelkerung_veraenderung_pct Potsdam",
        "bevoelkerung_veraenderung_pct Wiesbaden",
        "mh_veraenderung_pp Jena",
        "deutsche_mh_veraenderung_pp Jena",
        "deutsche_mh_veraenderung_pp München",
        "deutsche_mh_veraenderung_pp Potsdam",
        "deutsche_mh_veraenderung_pp Wiesbaden",
        "auslaender_veraenderung_pp Landkreis Goslar",
        "auslaender_veraenderung_pp Jena",
        "auslaender_veraenderung_pp Kreis Pinneberg",
        "auslaender_veraenderung_pp Potsdam",
        "auslaender_veraenderung_pp Saarbrücken",
        "auslaender_veraenderung_pp Wiesbaden",
        "auslaender_veraenderung_rel München",
        "kopie_mh_auslaender Potsdam",
        "kopie_bevoelkerung_auslaender Wiesbaden",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    want.sort();
    assert_eq!(got, want);
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-6);
    assert!(close(diff_of(&f, "schutzsuchende_summe", "Augsburg"), -5.0));
    assert!(close(diff_of(&f, "schutzsuchende_summe", "Kreis Pinneberg"), 5.0));
    assert!(close(diff_of(&f, "herkunft_summe", "Jena"), 1.0));
    assert!(close(diff_of(&f, "bevoelkerung_veraenderung_pct", "Landkreis Goslar"), -0.06));
    assert!(close(diff_of(&f, "bevoelkerung_veraenderung_pct", "Potsdam"), -0.6));
    assert!(close(diff_of(&f, "deutsche_mh_veraenderung_pp", "München"), 0.37));
    assert!(close(diff_of(&f, "auslaender_veraenderung_pp", "Wiesbaden"), -0.61));
    assert!(close(diff_of(&f, "auslaender_veraenderung_rel", "München"), -1.1));
    // What agrees: persons with MH = Germans with MH + foreigners wherever printed,
    // and every published share.
    for c in f.checks.iter().filter(|c| c.check == "mh_summe" || c.check.starts_with("anteil_")) {
        assert_ne!(c.passed, Some(false), "{} {}", c.check, c.cell);
    }
    let passed = f.checks.iter().filter(|c| c.passed == Some(true)).count();
    assert!(passed >= 70, "only {passed} checks passed");
    // The terminal table lists the failures with their differences.
    let table = kimon_engine::findings::render_table(&f, Lang::De);
    assert!(table.contains("25 nicht bestanden"), "{table}");
    assert!(table.contains("Potsdam 2022 — Differenz −0,60"), "{table}");
}

#[test]
fn grossstadt_shows_representation_as_a_ratio() {
    let f = findings("grossstadt.kimon");
    for id in ["repraesentation_personal", "repraesentation_ausbildung", "repraesentation_stadtrat"] {
        let ind = f.indicators.iter().find(|i| i.id == id).unwrap();
        let total = &ind.findings[0];
        let c = total.comparison.as_ref().unwrap_or_else(|| panic!("{id}: no comparison"));
        assert!(matches!(c.gap_kind, kimon_engine::findings::GapKind::Ratio), "{id}");
        assert!(c.gap.is_some_and(|g| g > 0.0 && g < 2.0), "{id}: {:?}", c.gap);
    }
    // The local override: a stricter target than the core's.
    let ind = f.indicators.iter().find(|i| i.id == "arbeitslosigkeit").unwrap();
    assert!(ind.targets.iter().any(|t| t.contains("2028")), "{:?}", ind.targets);
}
