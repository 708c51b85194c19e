//! Published rates (`rate(src.col …)`, issue 12): read as published per
//! unit; over units weighted with their base when one is given (checked
//! against a weighted mean computed here from the fixture's rows, and
//! shown to differ from the plain mean); without a base the totals are not
//! computed and a warning says so.

use kimon_engine::diag::{render_human, RenderStyle};
use kimon_engine::eval::{AreaKey, CellKey, Control};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use std::collections::BTreeMap;
use std::path::Path;

fn run(path: &str) -> Result<Evaluated, String> {
    evaluate(Path::new(path), &Options::default(), Lang::De, &Control::default()).map_err(|f| {
        let errors: Vec<_> = f.diags.items.iter().filter(|d| d.is_error()).cloned().collect();
        render_human(&errors, &f.sources, RenderStyle::Plain)
    })
}

fn ok(path: &str) -> Evaluated {
    run(path).unwrap_or_else(|msg| panic!("{path} failed:\n{msg}"))
}

/// (year, county) → (population, published percentage of foreigners).
fn published() -> BTreeMap<(i32, String), (f64, f64)> {
    let text = std::fs::read_to_string("fixtures/real/land/kreise_lang.csv").unwrap_or_default();
    let mut pop = BTreeMap::new();
    let mut pct = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != 6 || f[3] == "09" {
            continue;
        }
        let key = (f[0].parse().unwrap_or(0), f[3].to_string());
        let v: f64 = f[5].trim_matches('"').parse().unwrap_or(f64::NAN);
        match (f[1], f[2]) {
            ("Bevölkerung", "Anzahl") => {
                pop.insert(key, v);
            }
            ("Ausländer", "Prozent") => {
                pct.insert(key, v);
            }
            _ => {}
        }
    }
    pop.into_iter().map(|(k, p)| (k.clone(), (p, pct[&k]))).collect()
}

/// The value a reader sees: numerator over denominator (× 100), or the
/// numerator where there is no denominator.
fn value(e: &Evaluated, indicator: &str, year: i32, area: Option<&str>) -> Option<f64> {
    let key = CellKey {
        year,
        area: area.map_or(AreaKey::Total, |a| AreaKey::Unit(a.to_string())),
        groups: Vec::new(),
    };
    let c = e.eval.tables[indicator].cells.get(&key)?;
    match (c.num.value(), c.den) {
        (Some(n), Some(d)) => d.value().map(|d| n / d * 100.0),
        (n, None) => n,
        _ => None,
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn published_rates_with_their_base_are_weighted() {
    let e = ok("fixtures/real/land/land_rate.kimon");
    let rows = published();
    for year in [2021, 2022] {
        let of_year: Vec<_> = rows.iter().filter(|((y, _), _)| *y == year).collect();
        assert_eq!(of_year.len(), 6);
        for ((_, code), (_, pct)) in &of_year {
            assert!(close(value(&e, "auslaender", year, Some(code)), *pct), "{year} {code}");
        }
        let weighted = of_year.iter().map(|(_, (p, r))| p * r).sum::<f64>()
            / of_year.iter().map(|(_, (p, _))| p).sum::<f64>();
        let mean = of_year.iter().map(|(_, (_, r))| r).sum::<f64>() / of_year.len() as f64;
        assert!((weighted - mean).abs() > 2.0, "the fixture must tell the two apart: {weighted} {mean}");
        let land = value(&e, "auslaender", year, None);
        assert!(close(land, weighted), "{land:?} vs {weighted}");
    }
    // A region is several published rates in one unit: not computed, said so.
    assert_eq!(value(&e, "auslaender_region", 2022, Some("091")), None);
    assert!(e.warnings.items.iter().any(|d| d.code == "kimon::rate-without-base"));
}

#[test]
fn published_rates_without_a_base_are_never_averaged() {
    let e = ok("fixtures/real/land/land_rate_ohne_basis.kimon");
    for ((year, code), (_, pct)) in published() {
        assert!(close(value(&e, "auslaender", year, Some(&code)), pct), "{year} {code}");
    }
    for year in [2021, 2022] {
        assert_eq!(value(&e, "auslaender", year, None), None, "no Land total from rates alone");
        assert_eq!(value(&e, "auslaender_region", year, Some("092")), None);
    }
    let rates: Vec<_> =
        e.warnings.items.iter().filter(|d| d.code == "kimon::rate-without-base").cloned().collect();
    insta::assert_snapshot!(render_human(&rates, &e.sources, RenderStyle::Plain));
}

#[test]
fn published_rates_from_a_confidential_source_are_refused() {
    let out = match run("fixtures/real/land/land_rate_vertraulich.kimon") {
        Ok(_) => "evaluated without errors".to_string(),
        Err(msg) => msg,
    };
    insta::assert_snapshot!(out);
}
