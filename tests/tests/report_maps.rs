//! District maps (`geometry "…geojson"` in an area): the core and the
//! large-city example get one map per indicator broken down by district,
//! every unit coloured or hatched exactly as the published table says, and
//! every problem with a geometry file is a diagnostic with place and hint.

use kimon_engine::diag::{render_human, RenderStyle};
use kimon_engine::eval::{AreaKey, Control};
use kimon_engine::model::{Audience, Unit};
use kimon_engine::publish::Shown;
use kimon_engine::report::doc::{self, Block, Chart, ReportDoc};
use kimon_engine::report::numfmt::{format_percent, Lang};
use kimon_engine::session::{check, evaluate, Evaluated, Options};
use std::path::Path;

fn evaluated(name: &str) -> Evaluated {
    let path = format!("../rulebooks/{name}.kimon");
    evaluate(Path::new(&path), &Options::default(), Lang::De, &Control::default())
        .unwrap_or_else(|f| panic!("{name} does not evaluate: {:?}", f.diags.items))
}

fn maps(d: &ReportDoc) -> Vec<&Chart> {
    d.charts().filter(|c| c.chart == "map").collect()
}

/// The fill of the path whose tooltip names `unit`.
fn fill_of<'a>(svg: &'a str, unit: &str) -> Option<&'a str> {
    let at = svg.find(&format!("<title>{unit}: "))?;
    let path = &svg[svg[..at].rfind("<path")?..at];
    let f = path.split("fill=\"").nth(1)?;
    f.split('"').next()
}

/// One map per indicator broken down by district (or the sentence that
/// replaces a map whose units are mostly without a value), and each map's
/// units agree with the published findings: the value in the table, the
/// tooltip, hatching exactly where the table has „.“, one colour per class.
fn check_maps(name: &str, min_maps: usize) {
    let ev = evaluated(name);
    let d = doc::build(&ev, Audience::Verwaltung, Lang::De);
    let by_area: Vec<_> =
        ev.findings.indicators.iter().filter(|i| i.area.as_deref() == Some("bezirk")).collect();
    let drawn = maps(&d);
    assert!(drawn.len() >= min_maps, "{name}: {} maps", drawn.len());
    for ind in &by_area {
        // A drawn map's data table, or the table left when the map is
        // skipped: one per indicator either way.
        let tables = d
            .tables()
            .filter(|t| t.indicator.as_deref() == Some(ind.id.as_str()))
            .filter(|t| t.header.iter().map(String::as_str).eq(["Gebiet", "Wert", "Klasse"]))
            .count();
        let n = drawn.iter().filter(|c| c.indicator == ind.id).count();
        assert!(n <= 1 && tables == 1, "{name}: {}: {n} maps, {tables} map tables", ind.id);
    }
    // No map on the front page or in the main part: maps are detail.
    assert!(d
        .main_sections()
        .flat_map(|s| &s.blocks)
        .all(|b| !matches!(b, Block::Chart(c) if c.chart == "map")));
    let mut hatched = 0;
    for c in &drawn {
        let ind = ev.findings.indicators.iter().find(|i| i.id == c.indicator).expect("indicator of the map");
        let unit = ev.model.indicators[&ind.id].unit;
        let group = c.table.caption.rsplit_once(" (").map(|(_, g)| g.trim_end_matches(')')).unwrap_or("");
        let group = group.rsplit_once(", ").map_or(group, |(g, _)| g);
        let mut class_fill: std::collections::BTreeMap<&str, &str> = Default::default();
        for row in &c.table.rows {
            let (unit_name, value, class) = (&row[0], &row[1], &row[2]);
            let f = ind
                .findings
                .iter()
                .filter(|f| matches!(f.area, AreaKey::Unit(_)) && &f.area_name == unit_name)
                .find(|f| {
                    let named: Vec<&str> =
                        f.groups.iter().filter(|g| g.group.is_some()).map(|g| g.title.as_str()).collect();
                    if group == "alle Personen" {
                        named.is_empty()
                    } else {
                        named == [group]
                    }
                })
                .unwrap_or_else(|| panic!("{name}: {}: no finding for {unit_name} ({group})", ind.id));
            let expected = match f.value {
                Shown::Value(x) if unit == Unit::Percent => format_percent(x, 1, Lang::De),
                Shown::Value(_) => value.clone(),
                _ => ".".to_string(),
            };
            assert_eq!(value, &expected, "{name}: {}: {unit_name}", ind.id);
            let fill = fill_of(&c.svg, unit_name)
                .unwrap_or_else(|| panic!("{name}: {}: no path for {unit_name}", ind.id));
            if value == "." {
                hatched += 1;
                assert!(fill.contains("hatch-nodata"), "{name}: {}: {unit_name} not hatched", ind.id);
                assert!(c
                    .svg
                    .contains(&format!("<title>{unit_name}: . (gesperrt oder nicht verfügbar)</title>")));
                assert_eq!(class, ".");
            } else {
                assert!(fill.starts_with('#'), "{name}: {}: {unit_name} hatched with a value", ind.id);
                assert!(c.svg.contains(&format!("<title>{unit_name}: {value}</title>")));
                let prev = class_fill.insert(class.as_str(), fill);
                assert!(prev.is_none_or(|p| p == fill), "{name}: {}: class {class} in two colours", ind.id);
                assert!(
                    c.svg.contains(class.as_str()),
                    "{name}: {}: class {class} not in the legend",
                    ind.id
                );
            }
        }
        let fills: std::collections::BTreeSet<&&str> = class_fill.values().collect();
        assert_eq!(fills.len(), class_fill.len(), "{name}: {}: two classes share a colour", ind.id);
        assert!(c.alt.starts_with("Karte: "), "{}", c.alt);
        assert!(c.svg.contains("Klassen gleicher Breite"));
    }
    if name == "grossstadt" {
        assert!(hatched > 0, "the large-city maps hatch protected or missing units");
    }
}

#[test]
fn kern_has_a_map_per_district_indicator_matching_the_tables() {
    check_maps("kern", 3);
}

#[test]
fn grossstadt_has_a_map_per_district_indicator_matching_the_tables() {
    check_maps("grossstadt", 5);
}

#[test]
fn maps_are_byte_identical_on_rerun_and_speak_english() {
    let a = doc::build(&evaluated("kern"), Audience::Politik, Lang::De);
    let b = doc::build(&evaluated("kern"), Audience::Politik, Lang::De);
    let svgs = |d: &ReportDoc| maps(d).iter().map(|c| c.svg.clone()).collect::<Vec<_>>();
    assert_eq!(svgs(&a), svgs(&b));
    assert!(!svgs(&a).is_empty(), "the council edition has maps in its appendix");
    let en = doc::build(&evaluated("kern"), Audience::Verwaltung, Lang::En);
    let m = maps(&en);
    assert!(m.iter().all(|c| c.alt.starts_with("Map: ") && c.svg.contains("Equal-interval classes")));
}

const AREA: &str = r#"rulebook "Karten" {
  municipality "M"
  years 2020..2021
}

area bezirk "Bezirk" {
  unit "01" "Altstadt"
  unit "02" "Nord"
  GEOMETRY
}
"#;

const GOOD: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"code": "01"}, "geometry": {"type": "Polygon", "coordinates": [[[8.0, 50.0], [8.1, 50.0], [8.1, 50.1], [8.0, 50.0]]]}},
  {"type": "Feature", "properties": {"code": "02"}, "geometry": {"type": "Polygon", "coordinates": [[[8.1, 50.0], [8.2, 50.0], [8.2, 50.1], [8.1, 50.0]]]}}
]}
"#;

/// `kimon check` on a rulebook naming `geometry` with `file` holding
/// `content` (no file when `None`): the rendered diagnostics.
fn diagnose(geometry: &str, content: Option<&str>) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let rb = dir.path().join("karten.kimon");
    std::fs::write(&rb, AREA.replace("GEOMETRY", geometry)).expect("write rulebook");
    if let Some(c) = content {
        std::fs::write(dir.path().join("b.geojson"), c).expect("write geometry");
    }
    let c = check(&rb, &Options::default());
    let errors: Vec<_> = c.diags.items.iter().filter(|d| d.is_error()).cloned().collect();
    render_human(&errors, &c.sources, RenderStyle::Plain)
}

#[test]
fn a_sound_geometry_file_checks_clean() {
    let out = diagnose(r#"geometry "b.geojson""#, Some(GOOD));
    assert!(out.trim().is_empty(), "{out}");
}

#[test]
fn bad_geometry_files_are_diagnosed_with_place_and_hint() {
    let g = r#"geometry "b.geojson""#;
    let cases: Vec<(&str, String, Option<String>, &[&str])> = vec![
        ("missing file", g.into(), None, &["cannot open", "b.geojson", "help"]),
        (
            "not JSON",
            g.into(),
            Some("{\"type\": \"FeatureCollection\",\n \"features\": [ oops ]}".into()),
            &["not valid GeoJSON", "b.geojson:2:", "help"],
        ),
        (
            "no key",
            g.into(),
            Some(GOOD.replace("{\"code\": \"02\"}", "{\"id\": \"02\"}")),
            &["feature 2 has no property `code`", "b.geojson", "b.geojson:3:", "help"],
        ),
        (
            "unknown unit",
            g.into(),
            Some(GOOD.replace("\"02\"", "\"03\"")),
            &["unit `03`", "b.geojson:3:", "help"],
        ),
        (
            "unit without feature",
            g.into(),
            Some(GOOD.replace("\"02\"", "\"01\"")),
            &["no feature for unit(s) `02` (Nord)", "karten.kimon"],
        ),
        ("other key", r#"geometry "b.geojson" key "AGS""#.into(), Some(GOOD.into()), &["no property `AGS`"]),
        (
            "not lon/lat",
            g.into(),
            Some(GOOD.replace("[8.2, 50.1]", "[482000.5, 5540000.0]")),
            &["outside longitude/latitude", "EPSG:4326"],
        ),
        (
            "escaping path",
            r#"geometry "../b.geojson""#.into(),
            None,
            &["relative path below the rulebook's directory"],
        ),
        ("empty key", r#"geometry "b.geojson" key """#.into(), Some(GOOD.into()), &["may not be empty"]),
    ];
    for (what, geometry, content, expected) in cases {
        let out = diagnose(&geometry, content.as_deref());
        for e in expected {
            assert!(out.contains(e), "{what}: `{e}` not in:\n{out}");
        }
    }
}

#[test]
fn a_huge_geometry_file_is_refused_before_reading() {
    let limit = kimon_engine::limits::MAX_GEOMETRY_BYTES as usize;
    let mut big = String::from(GOOD.trim_end().trim_end_matches("]}"));
    big.push_str(&" ".repeat(limit + 1));
    big.push_str("]}");
    let out = diagnose(r#"geometry "b.geojson""#, Some(&big));
    assert!(out.contains("bytes, more"), "{out}");
}

#[test]
fn too_many_positions_are_refused() {
    let n = kimon_engine::limits::MAX_GEOMETRY_POSITIONS + 10;
    let ring: Vec<String> = (0..n).map(|i| format!("[8.{:06}, 50.0]", i % 999_999)).collect();
    let text = GOOD.replacen(
        "[[[8.0, 50.0], [8.1, 50.0], [8.1, 50.1], [8.0, 50.0]]]",
        &format!("[[{}]]", ring.join(",")),
        1,
    );
    let out = diagnose(r#"geometry "b.geojson""#, Some(&text));
    assert!(out.contains("coordinate pairs"), "{out}");
}
