//! `kimon catalogue` as a library call: the shipped rulebooks plus two peer
//! variants (`tests/fixtures/peers/`) group `arbeitslosigkeit` and spell out
//! how the definitions differ; no data file is ever read; a rulebook that
//! does not resolve is skipped with a warning; the page is self-contained.

use kimon_engine::report::numfmt::Lang;
use kimon_engine::tooling::catalogue::{catalogue, render_html, render_json, Catalogue, Measure};
use kimon_tests::repo;
use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("kimon-catalogue-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn shipped_and_peers() -> Catalogue {
    catalogue(&[repo().join("rulebooks"), repo().join("tests/fixtures/peers")], Lang::De)
}

fn measure<'a>(c: &'a Catalogue, id: &str) -> &'a Measure {
    c.fields
        .iter()
        .flat_map(|f| &f.measures)
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("no measure {id}"))
}

/// JSON with the repository path cut off, so the snapshot is portable.
fn portable(json: &str) -> String {
    json.replace(&format!("{}/", repo().display()), "")
}

#[test]
fn groups_arbeitslosigkeit_across_peers_and_spells_out_the_differences() {
    let c = shipped_and_peers();
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let files: Vec<&str> = c.rulebooks.iter().map(|r| r.file.rsplit('/').next().unwrap()).collect();
    assert_eq!(
        files,
        [
            "grossstadt.kimon",
            "kern.kimon",
            "gemeinde.kimon",
            "kreis-aus-gemeinden.kimon",
            "landkreis.kimon",
            "zehn-kommunen.kimon",
            "nordstadt.kimon",
            "suedkreis.kimon"
        ]
    );
    let m = measure(&c, "arbeitslosigkeit");
    let owners: Vec<String> =
        m.entries.iter().map(|e| e.rulebook.rsplit('/').next().unwrap().to_string()).collect();
    assert!(owners.contains(&"nordstadt.kimon".to_string()), "{owners:?}");
    assert!(owners.contains(&"suedkreis.kimon".to_string()), "{owners:?}");
    assert!(owners.contains(&"kern.kimon".to_string()), "{owners:?}");
    // Different ages, sources and definitions of Migrationshintergrund: the
    // figures must not be set side by side.
    assert!(!m.comparable);
    for aspect in ["numerator", "denominator", "mh_definition"] {
        assert!(m.mismatch.contains(&aspect.to_string()), "{aspect}: {:?}", m.mismatch);
    }
    let diff = |aspect: &str| {
        m.differences.iter().find(|d| d.aspect == aspect).unwrap_or_else(|| panic!("no difference {aspect}"))
    };
    let value = |aspect: &str, file: &str| {
        diff(aspect).values.iter().find(|v| v.rulebook.ends_with(file)).map(|v| v.value.clone()).unwrap()
    };
    assert_eq!(value("age_range", "kern.kimon"), "15–64");
    assert_eq!(value("age_range", "nordstadt.kimon"), "18–64");
    assert!(value("source", "suedkreis.kimon").contains("Bundesagentur"));
    assert_eq!(value("mh_definition", "suedkreis.kimon"), "nicht erhoben");
    assert_eq!(value("mh_definition", "nordstadt.kimon"), "aus dem Melderegister abgeleitet");
    assert_eq!(value("reference_date", "suedkreis.kimon"), "Stichtag 30.09.");
    assert_eq!(value("reference_date", "nordstadt.kimon"), "Stichtag 30.06.");
    // Every entry names its publisher or municipality and the field's steerability.
    let sued = m.entries.iter().find(|e| e.rulebook.ends_with("suedkreis.kimon")).unwrap();
    assert_eq!(sued.publisher.as_deref(), Some("Landratsamt Südkreis, Integrationsmanagement"));
    assert_eq!(sued.steerability, "teilweise kommunal steuerbar");
    assert_eq!(sued.sources[0].mh_definition.as_deref(), Some("none"));
    insta::assert_snapshot!("arbeitslosigkeit", portable(&serde_json::to_string_pretty(m).unwrap()));
}

#[test]
fn the_same_definition_is_comparable() {
    // Two copies of the core: every measure has two members and no difference.
    let dir = scratch("twins");
    let kern = std::fs::read_to_string(repo().join("rulebooks/kern.kimon")).unwrap();
    std::fs::write(dir.join("a.kimon"), &kern).unwrap();
    std::fs::write(dir.join("b.kimon"), &kern).unwrap();
    let c = catalogue(&[dir], Lang::En);
    for m in c.fields.iter().flat_map(|f| &f.measures) {
        assert_eq!(m.entries.len(), 2, "{}", m.id);
        assert!(m.comparable, "{}", m.id);
        assert!(m.differences.is_empty(), "{}: {:?}", m.id, m.differences);
    }
}

#[test]
fn reads_no_data_file() {
    // The rulebooks alone, in a folder without any of their data files: the
    // catalogue is the same as beside the data.
    let dir = scratch("nodata");
    for name in [
        "kern.kimon",
        "grossstadt.kimon",
        "landkreis.kimon",
        "zehn-kommunen.kimon",
        "kreis-aus-gemeinden.kimon",
    ] {
        std::fs::copy(repo().join("rulebooks").join(name), dir.join(name)).unwrap();
    }
    std::fs::create_dir_all(dir.join("kreis-aus-gemeinden")).unwrap();
    std::fs::copy(
        repo().join("rulebooks/kreis-aus-gemeinden/gemeinde.kimon"),
        dir.join("kreis-aus-gemeinden/gemeinde.kimon"),
    )
    .unwrap();
    for name in ["nordstadt.kimon", "suedkreis.kimon"] {
        std::fs::copy(repo().join("tests/fixtures/peers").join(name), dir.join(name)).unwrap();
    }
    assert!(!dir.join("kern").exists() && !dir.join("nordstadt").exists());
    let without = catalogue(std::slice::from_ref(&dir), Lang::De);
    assert!(without.warnings.is_empty(), "{:?}", without.warnings);
    let with = shipped_and_peers();
    let strip = |c: &Catalogue, prefix: &[String]| {
        let mut json = render_json(c);
        for p in prefix {
            json = json.replace(p, "");
        }
        json
    };
    let a = strip(&without, &[format!("{}/", dir.display())]);
    let b = strip(
        &with,
        &[
            format!("{}/", repo().join("rulebooks").display()),
            format!("{}/", repo().join("tests/fixtures/peers").display()),
        ],
    );
    // Same content; only the order of the rulebooks (sorted by path) differs.
    let sorted = |s: &str| {
        let mut lines: Vec<&str> = s.lines().collect();
        lines.sort_unstable();
        lines.join("\n")
    };
    assert_eq!(sorted(&a), sorted(&b));
}

#[test]
fn a_rulebook_that_does_not_resolve_is_skipped_with_a_warning() {
    let dir = scratch("broken");
    std::fs::copy(repo().join("tests/fixtures/peers/nordstadt.kimon"), dir.join("nordstadt.kimon")).unwrap();
    std::fs::write(dir.join("kaputt.kimon"), "indicator x { field nirgends; numerator count(q) }\n").unwrap();
    std::fs::write(dir.join("syntax.kimon"), "rulebook \"x\" { \n").unwrap();
    std::fs::write(dir.join("leer.kimon"), [0xff, 0xfe, 0x00]).unwrap();
    let c = catalogue(&[dir.clone(), dir.join("fehlt")], Lang::De);
    assert_eq!(c.rulebooks.len(), 1);
    assert_eq!(c.warnings.len(), 4, "{:?}", c.warnings);
    assert!(c.warnings.iter().any(|w| w.contains("kaputt.kimon") && w.contains("does not resolve")));
    assert!(c.warnings.iter().any(|w| w.contains("syntax.kimon")));
    assert!(c.warnings.iter().any(|w| w.contains("fehlt")));
}

#[test]
fn html_is_self_contained_and_accessible_in_both_languages() {
    let c = shipped_and_peers();
    let de = render_html(&c, Lang::De);
    assert!(de.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"));
    assert_eq!(de.matches("<h1>").count(), 1);
    assert!(!de.contains("http://") && !de.contains("https://") && !de.contains("<script"));
    assert!(!de.contains("<th>"), "every header cell has a scope");
    assert!(de.contains("<th scope=\"col\">"));
    assert!(de.contains("Äpfel mit Birnen"));
    assert!(de.contains("Altersabgrenzung"));
    assert!(de.contains("Stichtag 30.06."));
    let en = shipped_and_peers();
    let en = render_html(&en, Lang::En);
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(en.contains("Apples and pears"));
    // Deterministic: the same input gives the same bytes.
    assert_eq!(de, render_html(&shipped_and_peers(), Lang::De));
}
