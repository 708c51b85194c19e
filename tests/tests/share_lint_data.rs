//! The data-based form of the lint `mean-of-shares` (issue 12): `unit mean`
//! over a column whose name does not say „Anteil“ but whose values are
//! percentages. It fires in `check` (the file is there) and in `eval`,
//! never on counts or on an ordinary mean (a mean age), and prints no value
//! of a confidential source. The fixture is written here; the expected
//! range is computed from its rows.

use kimon_engine::eval::Control;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{check, evaluate, Options};

/// (year, county, share in %, population, mean age)
const ROWS: [(i32, &str, f64, u32, f64); 8] = [
    (2021, "09161", 18.7, 137_392, 41.2),
    (2021, "09162", 28.4, 1_487_708, 41.8),
    (2021, "09261", 9.25, 73_065, 44.6),
    (2021, "09262", 11.5, 52_803, 43.9),
    (2022, "09161", 19.3, 139_553, 41.3),
    (2022, "09162", 29.1, 1_512_491, 41.7),
    (2022, "09261", 10.0, 73_411, 44.8),
    (2022, "09262", 12.25, 53_402, 44.0),
];

fn rulebook(confidential: &str) -> String {
    format!(
        r#"
rulebook "Kreise" {{
  state "Bayern"
  kind state
  years 2020..2023
}}

source kreise "Kreistabelle" {{
  kind aggregate
  file "kreise.csv"
  year_column Jahr
  decimal "."
  confidential {confidential}
}}

area kreis "Kreis" {{
  column Kreis
  total "Bayern"
}}

field demo "Demografie" {{ steerable no }}

indicator wert_mittel "Ausländer (Mittel der Kreise)" {{
  field demo
  purpose "Mittel der veröffentlichten Kreiswerte"
  unit mean
  polarity neutral
  numerator sum(kreise.Wert)
  denominator count(kreise)
  by kreis
}}

indicator ew_mittel "Mittlere Einwohnerzahl" {{
  field demo
  purpose "Keine Anteile: Zählwerte"
  unit mean
  polarity neutral
  numerator sum(kreise.EW)
  denominator count(kreise)
  by kreis
}}

indicator alter_mittel "Mittleres Durchschnittsalter" {{
  field demo
  purpose "Keine Anteile: ein Mittelwert"
  unit mean
  polarity neutral
  numerator sum(kreise.Durchschnittsalter)
  denominator count(kreise)
  by kreis
}}
"#
    )
}

fn setup(confidential: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Jahr,Kreis,Wert,EW,Durchschnittsalter\n");
    for (y, k, w, ew, age) in ROWS {
        csv.push_str(&format!("{y},{k},{w},{ew},{age}\n"));
    }
    std::fs::write(dir.path().join("kreise.csv"), csv).unwrap();
    std::fs::write(dir.path().join("r.kimon"), rulebook(confidential)).unwrap();
    dir
}

fn lints(items: &[kimon_engine::diag::Diag]) -> Vec<String> {
    items.iter().filter(|d| d.code == "kimon::lint::mean-of-shares").map(|d| d.message.clone()).collect()
}

#[test]
fn shares_without_a_share_name_are_linted_in_check_and_eval() {
    let dir = setup("no");
    let rb = dir.path().join("r.kimon");
    let checked = check(&rb, &Options::default());
    let found = lints(&checked.diags.items);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("`wert_mittel`") && found[0].contains("between 0 and 100"), "{}", found[0]);
    let min = ROWS.iter().map(|r| r.2).fold(f64::INFINITY, f64::min);
    let max = ROWS.iter().map(|r| r.2).fold(f64::NEG_INFINITY, f64::max);
    assert!(found[0].contains(&format!("from {min} to {max}")), "{}", found[0]);

    let e = evaluate(&rb, &Options::default(), Lang::De, &Control::default())
        .unwrap_or_else(|f| panic!("{:?}", f.diags.items.iter().map(|d| &d.message).collect::<Vec<_>>()));
    let found = lints(&e.warnings.items);
    assert_eq!(found.len(), 1, "once, not once from check and once from eval: {found:?}");
    assert!(found[0].contains("`wert_mittel`"), "{}", found[0]);
}

#[test]
fn the_data_lint_prints_no_value_of_a_confidential_source() {
    let dir = setup("yes");
    let checked = check(&dir.path().join("r.kimon"), &Options::default());
    let found = lints(&checked.diags.items);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(!found[0].contains(" from "), "{}", found[0]);
    // Whole values such as 10 would match „0 and 100“; the others must not appear.
    for (_, _, w, ..) in ROWS.iter().filter(|r| r.2.fract() != 0.0) {
        assert!(!found[0].contains(&w.to_string()), "{}", found[0]);
    }
    insta::assert_snapshot!(found[0]);
}
