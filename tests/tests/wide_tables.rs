//! Wide tables (issue 12): groups over columns and years over columns,
//! read as the long tables they stand for. Every number is checked against
//! values computed here from the fixture's own rows; the refusals are
//! snapshots of their messages.

use kimon_engine::diag::{render_human, RenderStyle};
use kimon_engine::eval::{AreaKey, CellKey, Control};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{check, evaluate, Evaluated, Options};
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

fn key(year: i32, group: Option<&str>, area: Option<&str>) -> CellKey {
    CellKey {
        year,
        area: area.map_or(AreaKey::Total, |a| AreaKey::Unit(a.to_string())),
        groups: group.map(|g| vec![Some(g.to_string())]).unwrap_or_default(),
    }
}

/// (numerator, denominator) of a cell; `group` is `Some(None)` for the
/// dimension total, `None` for an indicator without dimension.
fn cell(
    e: &Evaluated,
    indicator: &str,
    year: i32,
    group: Option<Option<&str>>,
    area: Option<&str>,
) -> (Option<f64>, Option<f64>) {
    let table = &e.eval.tables[indicator];
    let mut k = key(year, None, area);
    if let Some(g) = group {
        k.groups = vec![g.map(str::to_string)];
    }
    let c = table.cells.get(&k).unwrap_or_else(|| panic!("no cell {k:?} in {:?}", table.cells.keys()));
    (c.num.value(), c.den.and_then(|d| d.value()))
}

/// The wide fixture's planning-area rows: code → [EW_de, EW_aus, SGB2_de, SGB2_aus].
fn breit_rows() -> BTreeMap<String, [f64; 4]> {
    let text = std::fs::read_to_string("fixtures/real/breit/EW_SGB2_PLR_2022-12.csv").unwrap_or_default();
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(';').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or(usize::MAX);
    let cols = [col("EW_deutsch"), col("EW_auslaendisch"), col("SGB2_deutsch"), col("SGB2_auslaendisch")];
    for line in lines {
        let f: Vec<&str> = line.split(';').collect();
        if f[0] == "Insgesamt" {
            continue;
        }
        let v = cols.map(|c| f.get(c).and_then(|x| x.parse::<f64>().ok()).unwrap_or(f64::NAN));
        out.insert(f[0].to_string(), v);
    }
    out
}

#[test]
fn groups_over_columns_planning_areas_districts_and_city() {
    let e = ok("fixtures/real/breit/breit.kimon");
    let rows = breit_rows();
    assert_eq!(rows.len(), 6);
    let sum = |pred: &dyn Fn(&str) -> bool, i: usize| -> f64 {
        rows.iter().filter(|(c, _)| pred(c)).map(|(_, v)| v[i]).sum()
    };
    // Each planning area, per group and over both groups.
    for (code, v) in &rows {
        let c = Some(code.as_str());
        assert_eq!(cell(&e, "sgb2_plr", 2022, Some(Some("deutsch")), c), (Some(v[2]), Some(v[0])));
        assert_eq!(cell(&e, "sgb2_plr", 2022, Some(Some("auslaendisch")), c), (Some(v[3]), Some(v[1])));
        assert_eq!(cell(&e, "sgb2_plr", 2022, Some(None), c), (Some(v[2] + v[3]), Some(v[0] + v[1])));
    }
    // Districts (first two digits) and the city.
    for b in ["01", "02"] {
        let inside = |c: &str| c.starts_with(b);
        let want = (Some(sum(&inside, 3)), Some(sum(&inside, 1)));
        assert_eq!(cell(&e, "sgb2_bezirk", 2022, Some(Some("auslaendisch")), Some(b)), want);
        let want = (Some(sum(&inside, 2) + sum(&inside, 3)), Some(sum(&inside, 0) + sum(&inside, 1)));
        assert_eq!(cell(&e, "sgb2_bezirk", 2022, Some(None), Some(b)), want);
    }
    let all = |_: &str| true;
    let city = (Some(sum(&all, 2) + sum(&all, 3)), Some(sum(&all, 0) + sum(&all, 1)));
    assert_eq!(cell(&e, "sgb2_bezirk", 2022, Some(None), None), city);
    assert_eq!(cell(&e, "sgb2_plr", 2022, Some(None), None), city);
    assert_eq!(cell(&e, "sgb2_stadt", 2022, None, None), city);
    assert_eq!(
        cell(&e, "sgb2_stadt", 2022, None, None),
        cell(&e, "sgb2_bezirk", 2022, Some(None), None),
        "an indicator without the dimension sums the group columns"
    );
    // The published row „Insgesamt“ is a total, never a unit, and agrees.
    assert!(e.eval.tables["sgb2_plr"].cells.keys().all(|k| k.area != AreaKey::Unit("Insgesamt".into())));
    assert!(!e.warnings.items.iter().any(|d| d.code == "kimon::data-total-mismatch"));
}

#[test]
fn a_wrong_published_total_is_named_per_group() {
    let e = ok("fixtures/real/breit/summe_abweichend.kimon");
    let data: Vec<_> =
        e.warnings.items.iter().filter(|d| d.code.starts_with("kimon::data")).cloned().collect();
    assert!(data.iter().any(|d| d.code == "kimon::data-total-mismatch"), "{data:?}");
    // The numbers are still the sums of the parts.
    let rows = breit_rows();
    let parts: f64 = rows.values().map(|v| v[3]).sum();
    assert_eq!(cell(&e, "sgb2_plr", 2022, Some(Some("auslaendisch")), None).0, Some(parts));
    insta::assert_snapshot!(render_human(&data, &e.sources, RenderStyle::Plain));
}

#[test]
fn single_value_groups_over_columns_and_an_ordinary_column_of_the_same_table() {
    let e = ok("fixtures/real/planungsraum/planungsraum_gruppen.kimon");
    let text =
        std::fs::read_to_string("fixtures/real/planungsraum/EWR_L21_202112E_Matrix.csv").unwrap_or_default();
    // (code, population, Germans with MH, foreigners)
    let rows: Vec<(String, f64, f64, f64)> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(';').collect();
            let n = |i: usize| f[i].parse::<f64>().unwrap_or(f64::NAN);
            (f[0].to_string(), n(2), n(4), n(5))
        })
        .collect();
    for b in ["01", "02"] {
        let part: Vec<_> = rows.iter().filter(|r| r.0.starts_with(b)).collect();
        let de: f64 = part.iter().map(|r| r.2).sum();
        let aus: f64 = part.iter().map(|r| r.3).sum();
        let ew: f64 = part.iter().map(|r| r.1).sum();
        assert_eq!(cell(&e, "herkunft_bezirk", 2021, Some(Some("deutsche_mh")), Some(b)).0, Some(de));
        assert_eq!(cell(&e, "herkunft_bezirk", 2021, Some(Some("auslaender")), Some(b)).0, Some(aus));
        assert_eq!(cell(&e, "herkunft_bezirk", 2021, Some(None), Some(b)).0, Some(de + aus));
        // An ordinary column is read once per row, not once per group.
        assert_eq!(cell(&e, "einwohner_bezirk", 2021, None, Some(b)).0, Some(ew));
    }
}

#[test]
fn years_over_columns() {
    let e = ok("fixtures/real/jahre/jahre.kimon");
    let text =
        std::fs::read_to_string("fixtures/real/jahre/bevoelkerung_bezirke_2019-2021.csv").unwrap_or_default();
    let mut lines = text.lines();
    let years: Vec<i32> =
        lines.next().unwrap_or("").split(';').skip(3).map(|y| y.parse().unwrap_or(0)).collect();
    // (year, district, feature) → value; German thousands dots, `.` secret.
    let mut v: BTreeMap<(i32, String, String), Option<f64>> = BTreeMap::new();
    for line in lines {
        let f: Vec<&str> = line.split(';').collect();
        for (i, y) in years.iter().enumerate() {
            let x = f[3 + i];
            let n = if x == "." { None } else { x.replace('.', "").parse::<f64>().ok() };
            v.insert((*y, f[0].to_string(), f[2].to_string()), n);
        }
    }
    assert_eq!(years, vec![2019, 2020, 2021]);
    for &y in &years {
        for b in ["01", "02", "03"] {
            let get = |m: &str| v[&(y, b.to_string(), m.to_string())];
            assert_eq!(
                cell(&e, "auslaender", y, None, Some(b)),
                (get("Ausländer"), get("Einwohner")),
                "{y} {b}"
            );
        }
        let ew: f64 =
            ["01", "02", "03"].iter().filter_map(|b| v[&(y, b.to_string(), "Einwohner".into())]).sum();
        let known = ["01", "02", "03"].iter().all(|b| v[&(y, b.to_string(), "Ausländer".into())].is_some());
        let aus: f64 =
            ["01", "02", "03"].iter().filter_map(|b| v[&(y, b.to_string(), "Ausländer".into())]).sum();
        // A secret part makes the city total unknown, never smaller.
        assert_eq!(cell(&e, "auslaender", y, None, None), (known.then_some(aus), Some(ew)), "{y}");
    }
    assert_eq!(e.eval.tables["auslaender"].years, years);
}

fn errors(path: &str) -> String {
    match run(path) {
        Ok(_) => "evaluated without errors".into(),
        Err(msg) => msg,
    }
}

#[test]
fn an_ordinary_column_split_by_column_groups_is_refused() {
    insta::assert_snapshot!(errors("fixtures/real/breit/fehler_gewoehnliche_spalte.kimon"));
}

#[test]
fn a_column_without_a_year_in_a_table_with_years_in_columns_is_refused() {
    insta::assert_snapshot!(errors("fixtures/real/jahre/fehler_keine_jahresspalte.kimon"));
}

#[test]
fn check_finds_a_misspelt_group_column_in_the_header() {
    let checked = check(Path::new("fixtures/real/breit/fehler_spaltenname.kimon"), &Options::default());
    let errors: Vec<_> = checked.diags.items.iter().filter(|d| d.is_error()).cloned().collect();
    assert!(!errors.is_empty());
    insta::assert_snapshot!(render_human(&errors, &checked.sources, RenderStyle::Plain));
}
