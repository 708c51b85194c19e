//! Cases that used to give wrong numbers silently: each is now a correct
//! result (numbers checked against values computed by hand here) or an
//! error with file, line, column and a hint (snapshots of the message).

use kimon_engine::diag::{render_human, RenderStyle};
use kimon_engine::eval::{AreaKey, CellKey, Control};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use std::path::Path;

const DIR: &str = "fixtures/real/errors";

fn run(name: &str) -> Result<Evaluated, String> {
    let path = Path::new(DIR).join(name);
    evaluate(&path, &Options::default(), Lang::De, &Control::default()).map_err(|f| {
        // The errors only: lints about the small test rulebooks are not the point.
        let errors: Vec<_> = f.diags.items.iter().filter(|d| d.is_error()).cloned().collect();
        render_human(&errors, &f.sources, RenderStyle::Plain)
    })
}

fn ok(name: &str) -> Evaluated {
    match run(name) {
        Ok(e) => e,
        Err(msg) => panic!("{name} failed:\n{msg}"),
    }
}

fn errors(name: &str) -> String {
    match run(name) {
        Ok(_) => "evaluated without errors".into(),
        Err(msg) => msg,
    }
}

/// The data warnings (lints about the test rulebooks left out).
fn warnings(e: &Evaluated) -> String {
    let data: Vec<_> =
        e.warnings.items.iter().filter(|d| d.code.starts_with("kimon::data")).cloned().collect();
    render_human(&data, &e.sources, RenderStyle::Plain)
}

/// (numerator, denominator) of the `anteil` indicator in one area.
fn cell(e: &Evaluated, year: i32, area: Option<&str>) -> (Option<f64>, Option<f64>) {
    let table = &e.eval.tables["anteil"];
    let key = CellKey {
        year,
        area: area.map_or(AreaKey::Total, |a| AreaKey::Unit(a.to_string())),
        groups: Vec::new(),
    };
    let c = table.cells.get(&key).unwrap_or_else(|| panic!("no cell {key:?} in {:?}", table.cells.keys()));
    (c.num.value(), c.den.and_then(|d| d.value()))
}

#[test]
fn windows_1252_umlauts_stay_two_districts() {
    for name in ["cp1252_detected.kimon", "cp1252_declared.kimon", "utf16.kimon", "utf8_bom.kimon"] {
        let e = ok(name);
        assert_eq!(cell(&e, 2021, Some("Südstadt")), (Some(1800.0), Some(12000.0)), "{name}");
        assert_eq!(cell(&e, 2021, Some("Schöneberg")), (Some(2000.0), Some(8000.0)), "{name}");
        assert_eq!(cell(&e, 2021, None), (Some(4300.0), Some(25000.0)), "{name}");
    }
    let detected = warnings(&ok("cp1252_detected.kimon"));
    assert!(detected.contains("data-encoding-detected"), "{detected}");
    assert!(!warnings(&ok("cp1252_declared.kimon")).contains("data-encoding-detected"));
}

#[test]
fn windows_1252_declared_as_utf8_is_an_error() {
    insta::assert_snapshot!(errors("cp1252_declared_utf8.kimon"));
}

#[test]
fn thousands_dot_without_a_number_format_is_an_error() {
    insta::assert_snapshot!(errors("ambiguous.kimon"));
}

#[test]
fn thousands_dot_with_a_declared_format_is_read_as_thousands() {
    let e = ok("thousands_declared.kimon");
    assert_eq!(cell(&e, 2021, Some("Mitte")), (Some(1234.0), Some(12500.0)));
    assert_eq!(cell(&e, 2021, None), (Some(1234.0 + 987.0 + 456.0), Some(12500.0 + 9800.0 + 4321.0)));
}

#[test]
fn an_undeclared_total_row_is_an_error() {
    insta::assert_snapshot!(errors("total_undeclared.kimon"));
}

#[test]
fn a_declared_total_row_is_not_counted_and_checks_its_parts() {
    let e = ok("total_declared.kimon");
    assert_eq!(cell(&e, 2021, None), (Some(2400.0 + 800.0), Some(12000.0 + 8000.0)));
    assert_eq!(cell(&e, 2022, None), (Some(2500.0 + 850.0), Some(12100.0 + 8100.0)));
    assert!(e.eval.tables["anteil"].cells.keys().all(|k| k.area != AreaKey::Unit("Insgesamt".into())));
    insta::assert_snapshot!(warnings(&e));
}

#[test]
fn a_short_row_is_an_error() {
    insta::assert_snapshot!(errors("short_row.kimon"));
}

#[test]
fn a_long_row_is_an_error() {
    insta::assert_snapshot!(errors("long_row.kimon"));
}

#[test]
fn a_duplicate_header_is_an_error() {
    insta::assert_snapshot!(errors("duplicate_header.kimon"));
}

#[test]
fn a_school_year_needs_a_rule() {
    insta::assert_snapshot!(errors("school_year_no_rule.kimon"));
    let e = ok("school_year_end.kimon");
    assert_eq!(cell(&e, 2021, Some("Mitte")), (Some(240.0), Some(1200.0)));
    assert_eq!(cell(&e, 2022, Some("Mitte")), (Some(260.0), Some(1250.0)));
}

#[test]
fn official_signs_and_declared_sentinels() {
    insta::assert_snapshot!(errors("sentinel_undeclared.kimon"));
    let e = ok("sentinel_declared.kimon");
    // `-` is exactly zero, not missing.
    assert_eq!(cell(&e, 2021, Some("Mitte")), (Some(0.0), Some(12000.0)));
    // The sentinel, `.` and `x` are missing values of different kinds.
    let kinds: Vec<_> = ["Nord", "Süd", "West"]
        .iter()
        .map(|a| {
            let key = CellKey { year: 2021, area: AreaKey::Unit((*a).into()), groups: Vec::new() };
            e.eval.tables["anteil"].cells[&key].num.missing
        })
        .collect();
    use kimon_engine::data::MissingKind::*;
    assert_eq!(kinds, vec![Some(NotAvailable), Some(Secret), Some(NotMeaningful)]);
    // `312 p`: the value with its flag kept.
    let key = CellKey { year: 2021, area: AreaKey::Unit("Ost".into()), groups: Vec::new() };
    let ost = e.eval.tables["anteil"].cells[&key].num;
    assert_eq!((ost.value(), ost.flags), (Some(312.0), kimon_engine::data::value_field::FLAG_PROVISIONAL));
}

#[test]
fn a_file_that_changes_after_it_was_opened_is_noticed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("wachsend.csv");
    std::fs::write(&path, "Jahr;n\n2021;1\n").unwrap_or_else(|e| panic!("{e}"));
    let prepared =
        kimon_engine::data::prepare::prepare(&path, &Default::default()).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(prepared.changed().is_none());
    std::fs::write(&path, "Jahr;n\n2021;1\n2022;2\n").unwrap_or_else(|e| panic!("{e}"));
    assert!(prepared.changed().is_some());
}
