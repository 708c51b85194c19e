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

/// Numerator and denominator of a cell, each `None` when unknown.
fn raw(e: &Evaluated, indicator: &str, year: i32, area: Option<&str>) -> (Option<f64>, Option<f64>) {
    let table = &e.eval.tables[indicator];
    let key = CellKey {
        year,
        area: area.map_or(AreaKey::Total, |a| AreaKey::Unit(a.to_string())),
        groups: Vec::new(),
    };
    let c = table.cells.get(&key).unwrap_or_else(|| panic!("no cell {key:?} in {:?}", table.cells.keys()));
    (c.num.value(), c.den.and_then(|d| d.value()))
}

fn data_warnings(e: &Evaluated) -> Vec<String> {
    e.warnings.items.iter().filter(|d| d.code.starts_with("kimon::data")).map(|d| d.code.clone()).collect()
}

#[test]
fn planning_areas_districts_and_city_from_a_wide_table_without_year() {
    let e = ok("fixtures/real/planungsraum/planungsraum.kimon");
    let text =
        std::fs::read_to_string("fixtures/real/planungsraum/EWR_L21_202112E_Matrix.csv").unwrap_or_default();
    // (code, population, with migration background, foreigners)
    let rows: Vec<(String, f64, f64, f64)> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(';').collect();
            let n = |i: usize| f[i].parse::<f64>().unwrap_or(f64::NAN);
            (f[0].to_string(), n(2), n(3), n(5))
        })
        .collect();
    assert_eq!(rows.len(), 6);
    for (code, ew, mh, _) in &rows {
        assert_eq!(cell(&e, "mh_plr", 2021, Some(code)), (*mh, *ew));
    }
    let sum = |pred: &dyn Fn(&str) -> bool, col: usize| -> f64 {
        rows.iter().filter(|r| pred(&r.0)).map(|r| [r.1, r.2, r.3][col]).sum()
    };
    for b in ["01", "02"] {
        let inside = |c: &str| c.starts_with(b);
        assert_eq!(cell(&e, "mh_bezirk", 2021, Some(b)), (sum(&inside, 1), sum(&inside, 0)));
        assert_eq!(cell(&e, "auslaender_bezirk", 2021, Some(b)), (sum(&inside, 2), sum(&inside, 0)));
    }
    let all = |_: &str| true;
    let city = (sum(&all, 1), sum(&all, 0));
    assert_eq!(cell(&e, "mh_plr", 2021, None), city);
    assert_eq!(cell(&e, "mh_bezirk", 2021, None), city);
    // The year comes from the source (`year 2021`): no other year appears.
    assert!(e.eval.tables["mh_plr"].cells.keys().all(|k| k.year == 2021));
}

#[test]
fn district_atlas_with_quoted_decimal_commas_sentinel_and_pseudo_district() {
    let e = ok("fixtures/real/atlas/atlas.kimon");
    // 2022, from the fixture: „398,0“, „987,5“, „1.104,25“, „41,0“.
    assert_eq!(raw(&e, "alo", 2022, Some("01")), (Some(398.0), Some(14_388.0)));
    assert_eq!(raw(&e, "alo", 2022, Some("03")), (Some(1_104.25), Some(40_560.0)));
    // The pseudo-district is a unit of its own and part of the city.
    assert_eq!(raw(&e, "alo", 2022, Some("99")), (Some(41.0), Some(0.0)));
    let city = (398.0 + 987.5 + 1_104.25 + 41.0, 14_388.0 + 39_201.0 + 40_560.0);
    assert_eq!(raw(&e, "alo", 2022, None), (Some(city.0), Some(city.1)));
    // 2021: the sentinel is a missing value, so the city total is unknown,
    // not smaller; the population is complete.
    assert_eq!(raw(&e, "alo", 2021, Some("03")), (None, Some(40_115.0)));
    assert_eq!(raw(&e, "alo", 2021, None), (None, Some(14_210.0 + 38_904.0 + 40_115.0)));
    // The city row `00` is a published total, not a district.
    assert!(e.eval.tables["alo"].cells.keys().all(|k| k.area != AreaKey::Unit("00".into())));
    assert!(!data_warnings(&e).contains(&"kimon::data-total-mismatch".to_string()));
}

#[test]
fn small_area_labour_market_table_with_stars_and_sum_rows() {
    let e = ok("fixtures/real/kleinraeumig/kleinraeumig.kimon");
    assert_eq!(raw(&e, "alo_quartier", 2022, Some("12345601")), (Some(61.0), Some(214.0)));
    // `*`: a small value replaced at the source — unknown, never zero.
    assert_eq!(raw(&e, "alo_quartier", 2022, Some("12345602")), (None, Some(97.0)));
    assert_eq!(raw(&e, "alo_quartier", 2022, Some("keine Angabe")), (None, Some(18.0)));
    assert_eq!(raw(&e, "alo_quartier", 2022, None), (None, Some(214.0 + 97.0 + 330.0 + 185.0 + 51.0 + 18.0)));
    assert_eq!(raw(&e, "alo_bezirk", 2022, Some("123457")), (Some(120.0 + 44.0), Some(330.0 + 185.0)));
    assert_eq!(raw(&e, "alo_bezirk", 2022, Some("123458")), (Some(12.0), Some(51.0)));
    assert_eq!(raw(&e, "alo_bezirk", 2022, None), (None, Some(214.0 + 97.0 + 330.0 + 185.0 + 51.0)));
    // SUM rows are published totals: never units, never counted, and they
    // agree with their parts here.
    let units: Vec<String> = e.eval.tables["alo_quartier"]
        .cells
        .keys()
        .filter_map(|k| match &k.area {
            AreaKey::Unit(c) => Some(c.clone()),
            AreaKey::Total => None,
        })
        .collect();
    assert!(units.iter().all(|u| !u.ends_with("SUM")), "{units:?}");
    assert!(!data_warnings(&e).contains(&"kimon::data-total-mismatch".to_string()));
}

#[test]
fn two_area_levels_with_privacy_on() {
    // The Land table with its confidentiality left on: county and region
    // tables share the Land total and must protect together.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string("fixtures/real/land/land.kimon").unwrap_or_default();
    std::fs::write(dir.path().join("land.kimon"), text.replace("  confidential no\n", ""))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy("fixtures/real/land/kreise_lang.csv", dir.path().join("kreise_lang.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("land.kimon");
    if let Err(f) = evaluate(&path, &Options::default(), Lang::De, &Control::default()) {
        panic!("{}", render_human(&f.diags.items, &f.sources, RenderStyle::Plain));
    }
}

#[test]
fn a_measure_column_sums_only_count_rows() {
    let plain = ok("fixtures/real/land/land.kimon");
    let measured = ok("fixtures/real/land/land_measure.kimon");
    for year in [2021, 2022] {
        for area in [None, Some("09161"), Some("09263")] {
            assert_eq!(cell(&measured, "auslaender", year, area), cell(&plain, "auslaender", year, area));
        }
        assert_eq!(cell(&measured, "auslaender_region", year, None), cell(&plain, "auslaender", year, None));
    }
}

#[test]
fn summing_published_percentages_is_refused() {
    let out = match evaluate(
        Path::new("fixtures/real/land/land_prozent.kimon"),
        &Options::default(),
        Lang::De,
        &Control::default(),
    ) {
        Ok(_) => "evaluated without errors".to_string(),
        Err(f) => {
            let errors: Vec<_> = f.diags.items.iter().filter(|d| d.is_error()).cloned().collect();
            render_human(&errors, &f.sources, RenderStyle::Plain)
        }
    };
    insta::assert_snapshot!(out);
}

#[test]
fn genesis_flat_file_as_a_named_layout() {
    let e = ok("fixtures/real/genesis/genesis.kimon");
    let table = &e.eval.tables["auslaender"];
    let get = |group: Option<&str>, area: Option<&str>| {
        let key = CellKey {
            year: 2021,
            area: area.map_or(AreaKey::Total, |a| AreaKey::Unit(a.to_string())),
            groups: vec![group.map(str::to_string)],
        };
        table.cells.get(&key).and_then(|c| c.num.value())
    };
    assert_eq!(get(Some("m"), Some("09162")), Some(216_012.0));
    assert_eq!(get(None, Some("09161")), Some(13_210.0 + 12_431.0));
    // `-` is exactly zero in the official legend.
    assert_eq!(get(Some("w"), Some("09163")), Some(0.0));
    assert_eq!(get(Some("w"), None), Some(12_431.0 + 206_028.0));
    assert_eq!(get(None, None), Some(13_210.0 + 12_431.0 + 216_012.0 + 206_028.0 + 6_204.0));
}

#[test]
fn two_area_levels_with_different_coverage_and_privacy_on() {
    // As before, but the Land row `09` is not declared a total: the county
    // table then counts it as a unit of its own, while the region table
    // (declared units 091, 092) leaves it out — two Land totals of
    // different value. They must not be taken for one cell.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string("fixtures/real/land/land.kimon").unwrap_or_default();
    let text = text.replace("  confidential no\n", "").replace("  total_rows \"09\"\n", "");
    std::fs::write(dir.path().join("land.kimon"), text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy("fixtures/real/land/kreise_lang.csv", dir.path().join("kreise_lang.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("land.kimon");
    match evaluate(&path, &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => {
            let county = e.eval.tables["auslaender"]
                .cells
                .iter()
                .find(|(k, _)| k.area == AreaKey::Total && k.year == 2021);
            let region = e.eval.tables["auslaender_region"]
                .cells
                .iter()
                .find(|(k, _)| k.area == AreaKey::Total && k.year == 2021);
            let (Some((_, c)), Some((_, r))) = (county, region) else { panic!("no totals") };
            assert_ne!(c.num.value(), r.num.value());
        }
        Err(f) => panic!("{}", render_human(&f.diags.items, &f.sources, RenderStyle::Plain)),
    }
}

/// The Prozent rows of the Land table: (year, county, published share).
fn land_percent_rows() -> Vec<(i32, String, f64)> {
    let text = std::fs::read_to_string("fixtures/real/land/kreise_lang.csv").unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            (f.len() == 6 && f[1] == "Ausländer" && f[2] == "Prozent" && f[3] != "09").then(|| {
                (
                    f[0].parse().unwrap_or(0),
                    f[3].to_string(),
                    f[5].trim_matches('"').parse().unwrap_or(f64::NAN),
                )
            })
        })
        .collect()
}

#[test]
fn unit_mean_over_shares_is_linted() {
    use kimon_engine::session::check;
    let path = "fixtures/real/land/land_mittel.kimon";
    let checked = check(Path::new(path), &Options::default());
    let lints: Vec<_> =
        checked.diags.items.iter().filter(|d| d.code == "kimon::lint::mean-of-shares").collect();
    // Only the mean of the Prozent rows, not the mean population.
    assert_eq!(lints.len(), 1, "{:?}", lints.iter().map(|d| &d.message).collect::<Vec<_>>());
    assert!(lints[0].message.contains("`auslaender_mittel`") && lints[0].message.contains("\"Prozent\""));
    let help = lints[0].help.as_deref().unwrap_or("");
    assert!(help.contains("rate(kreise.Wert") && help.contains("unit percent"), "{help}");
    let rendered = render_human(
        &lints.iter().map(|d| (*d).clone()).collect::<Vec<_>>(),
        &checked.sources,
        RenderStyle::Plain,
    );
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let line = text
        .lines()
        .position(|l| {
            l.contains("numerator sum(kreise.Wert where Reihe == \"Ausländer\" and Einheit == \"Prozent\")")
        })
        .map_or(0, |i| i + 1);
    assert!(rendered.contains(&format!("land_mittel.kimon:{line}:")), "{rendered}");
    // Why it matters: the Land value of the mean is the unweighted mean of
    // the county shares, far from the weighted share from counts.
    let e = ok(path);
    let rows = land_rows();
    for year in [2021, 2022] {
        let shares: Vec<f64> = land_percent_rows().iter().filter(|r| r.0 == year).map(|r| r.2).collect();
        let (n, d) = cell(&e, "auslaender_mittel", year, None);
        assert_eq!(d, shares.len() as f64);
        assert!((n / d - shares.iter().sum::<f64>() / d).abs() < 1e-9);
        let of_year: Vec<_> = rows.iter().filter(|r| r.0 == year).collect();
        let weighted =
            of_year.iter().map(|r| r.3).sum::<f64>() / of_year.iter().map(|r| r.2).sum::<f64>() * 100.0;
        assert!((n / d - weighted).abs() > 1.0, "{} vs {weighted}", n / d);
    }
    // The shipped Land rulebook computes the share from counts: no lint.
    let plain = check(Path::new("fixtures/real/land/land.kimon"), &Options::default());
    assert!(plain.diags.items.iter().all(|d| d.code != "kimon::lint::mean-of-shares"));
}
