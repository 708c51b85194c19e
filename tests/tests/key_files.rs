//! Area hierarchies from a key file of parents (`parents "key.csv"` with
//! the columns `code,parent`): planning areas whose codes do not nest by
//! prefix are summed into their districts; a code the key does not list, a
//! code listed with two parents and a path leaving the project are errors
//! with file, line and column.

use kimon_engine::diag::{render_human, RenderStyle};
use kimon_engine::eval::{AreaKey, CellKey, Control};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Options};
use std::collections::BTreeMap;
use std::path::Path;

const DIR: &str = "fixtures/real/schluessel";

fn run(name: &str) -> Result<kimon_engine::session::Evaluated, String> {
    evaluate(&Path::new(DIR).join(name), &Options::default(), Lang::De, &Control::default()).map_err(|f| {
        let errors: Vec<_> = f.diags.items.iter().filter(|d| d.is_error()).cloned().collect();
        render_human(&errors, &f.sources, RenderStyle::Plain)
    })
}

/// (population, foreigners) per district, joined here from the two files.
fn by_district() -> BTreeMap<String, (f64, f64)> {
    let key_text = std::fs::read_to_string(format!("{DIR}/plr_bezirk.csv")).unwrap_or_default();
    let key: BTreeMap<&str, &str> = key_text.lines().skip(1).filter_map(|l| l.split_once(',')).collect();
    let data = std::fs::read_to_string(format!("{DIR}/einwohner_plr.csv")).unwrap_or_default();
    let mut out: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for line in data.lines().skip(1) {
        let f: Vec<&str> = line.split(';').collect();
        let e = out.entry(key[f[0]].to_string()).or_default();
        e.0 += f[2].parse::<f64>().unwrap_or(f64::NAN);
        e.1 += f[3].parse::<f64>().unwrap_or(f64::NAN);
    }
    out
}

#[test]
fn planning_areas_are_summed_into_the_districts_of_the_key() {
    let e = run("schluessel.kimon").unwrap_or_else(|m| panic!("{m}"));
    let want = by_district();
    assert_eq!(want.len(), 3);
    let table = &e.eval.tables["auslaender"];
    for (district, (pop, foreign)) in &want {
        let key = CellKey { year: 2021, area: AreaKey::Unit(district.clone()), groups: Vec::new() };
        let c = &table.cells[&key];
        assert_eq!(
            (c.num.value(), c.den.and_then(|d| d.value())),
            (Some(*foreign), Some(*pop)),
            "{district}"
        );
    }
    // B07 and B11 share a first letter but not a district: no prefix rule
    // could have said so.
    assert_ne!(want.get("2").map(|v| v.0), Some(4410.0 + 1980.0));
    let total = CellKey { year: 2021, area: AreaKey::Total, groups: Vec::new() };
    let pop: f64 = want.values().map(|v| v.0).sum();
    assert_eq!(table.cells[&total].den.and_then(|d| d.value()), Some(pop));
    assert!(e.warnings.items.iter().all(|d| !d.code.starts_with("kimon::data")), "{:?}", e.warnings.items);
}

#[test]
fn a_code_missing_from_the_key_is_an_error_at_its_row() {
    let msg = run("fehler_unvollstaendig.kimon").err().unwrap_or_default();
    let data = std::fs::read_to_string(format!("{DIR}/einwohner_plr.csv")).unwrap_or_default();
    let line = data.lines().position(|l| l.starts_with("B11;")).map_or(0, |i| i + 1);
    assert!(msg.contains("kimon::data-unmapped-code"), "{msg}");
    assert!(msg.contains("`B11` is not listed in the key file"), "{msg}");
    assert!(msg.contains(&format!("einwohner_plr.csv:{line}:1")), "{msg}");
}

#[test]
fn a_code_with_two_parents_and_a_path_outside_are_errors() {
    let msg = run("fehler_doppelt.kimon").err().unwrap_or_default();
    let key = std::fs::read_to_string(format!("{DIR}/plr_bezirk_doppelt.csv")).unwrap_or_default();
    let line =
        key.lines().enumerate().filter(|(_, l)| l.starts_with("B07,")).nth(1).map_or(0, |(i, _)| i + 1);
    assert!(
        msg.contains("kimon::key-file") && msg.contains("`B07` is listed") && msg.contains("another parent"),
        "{msg}"
    );
    // The column of the second parent: after `B07,`.
    assert!(msg.contains(&format!("plr_bezirk_doppelt.csv:{line}:{}", "B07,".len() + 1)), "{msg}");
    let msg = run("fehler_pfad.kimon").err().unwrap_or_default();
    assert!(msg.contains("kimon::key-file-path"), "{msg}");
}

#[test]
fn the_formatter_keeps_the_key_file() {
    let text = std::fs::read_to_string(format!("{DIR}/schluessel.kimon")).unwrap_or_default();
    let formatted = kimon_grammar::format::format_source(&text).unwrap_or_default();
    assert!(formatted.contains("  parents \"plr_bezirk.csv\"\n"), "{formatted}");
    assert_eq!(kimon_grammar::format::format_source(&formatted).unwrap_or_default(), formatted);
}
