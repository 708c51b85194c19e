//! Tables as offices publish them (fixtures in `fixtures/real/`), evaluated
//! as they are; every number is checked against a value computed here from
//! the fixture's own rows.

use kimon_engine::diag::{render_human, RenderStyle};
use kimon_engine::eval::{AreaKey, CellKey, Control};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use std::path::Path;

fn ok(path: &str) -> Evaluated {
    match evaluate(Path::new(path), &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{path} failed:\n{}", render_human(&f.diags.items, &f.sources, RenderStyle::Plain)),
    }
}

/// (numerator, denominator) of an indicator's cell without dimensions.
fn cell(e: &Evaluated, indicator: &str, year: i32, area: Option<&str>) -> (f64, f64) {
    let table = &e.eval.tables[indicator];
    let key = CellKey {
        year,
        area: area.map_or(AreaKey::Total, |a| AreaKey::Unit(a.to_string())),
        groups: Vec::new(),
    };
    let c = table.cells.get(&key).unwrap_or_else(|| panic!("no cell {key:?} in {:?}", table.cells.keys()));
    match (c.num.value(), c.den.and_then(|d| d.value())) {
        (Some(n), Some(d)) => (n, d),
        other => panic!("{indicator} {key:?}: {other:?}"),
    }
}

/// The Land table's rows: (year, county code, population, foreigners).
fn land_rows() -> Vec<(i32, String, f64, f64)> {
    let text = std::fs::read_to_string("fixtures/real/land/kreise_lang.csv").unwrap_or_default();
    let mut pop = std::collections::BTreeMap::new();
    let mut foreign = std::collections::BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != 6 || f[2] != "Anzahl" || f[3] == "09" {
            continue;
        }
        let year: i32 = f[0].parse().unwrap_or(0);
        let value: f64 = f[5].parse().unwrap_or(f64::NAN);
        let map = if f[1] == "Bevölkerung" { &mut pop } else { &mut foreign };
        map.insert((year, f[3].to_string()), value);
    }
    pop.iter().map(|((y, k), p)| (*y, k.clone(), *p, foreign[&(*y, k.clone())])).collect()
}

#[test]
fn land_long_table_counties_regions_and_land() {
    let e = ok("fixtures/real/land/land.kimon");
    let rows = land_rows();
    assert_eq!(rows.len(), 12);
    for year in [2021, 2022] {
        let of_year: Vec<_> = rows.iter().filter(|r| r.0 == year).collect();
        for (_, code, p, f) in &of_year {
            assert_eq!(cell(&e, "auslaender", year, Some(code)), (*f, *p));
        }
        let land = (of_year.iter().map(|r| r.3).sum::<f64>(), of_year.iter().map(|r| r.2).sum::<f64>());
        assert_eq!(cell(&e, "auslaender", year, None), land);
        assert_eq!(cell(&e, "auslaender_region", year, None), land);
        for region in ["091", "092"] {
            let part: Vec<_> = of_year.iter().filter(|r| r.1.starts_with(region)).collect();
            let want = (part.iter().map(|r| r.3).sum::<f64>(), part.iter().map(|r| r.2).sum::<f64>());
            assert_eq!(cell(&e, "auslaender_region", year, Some(region)), want);
        }
        // The Land share is weighted by population, not the mean of the
        // county shares (which a `unit mean` over the Prozent rows gave).
        let weighted = land.0 / land.1;
        let unweighted = of_year.iter().map(|r| r.3 / r.2).sum::<f64>() / of_year.len() as f64;
        assert!((weighted - unweighted).abs() > 0.02, "{weighted} vs {unweighted}");
    }
    // The Land total row `09` is a published total, not a county.
    assert!(e.eval.tables["auslaender"].cells.keys().all(|k| k.area != AreaKey::Unit("09".into())));
}
