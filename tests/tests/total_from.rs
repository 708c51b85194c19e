//! `total from "K030"` (issue 12): the rows with the area's total code are
//! the published total. kimon never counts them with the units, checks
//! them against the sum of the units and names area, year and both numbers
//! when they differ, and publishes the sum of the units as the total (the
//! privacy model's total is the sum of its units' atoms). Expected numbers
//! are computed here from the rows the test writes.

use kimon_engine::eval::{AreaKey, CellKey, Control};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};

/// (year, code, population, foreigners); `K030` is the published total.
type Row = (i32, &'static str, u32, u32);

fn parts() -> Vec<Row> {
    vec![
        (2021, "K031", 52_310, 6_120),
        (2021, "K032", 31_842, 2_417),
        (2021, "K033", 44_105, 3_950),
        (2022, "K031", 52_877, 6_402),
        (2022, "K032", 31_790, 2_499),
        (2022, "K033", 44_516, 4_108),
    ]
}

/// The parts plus a `K030` row per year: their sum plus `off`.
fn with_total(off: i64) -> Vec<Row> {
    let mut rows = parts();
    for year in [2021, 2022] {
        let ew: u32 = parts().iter().filter(|r| r.0 == year).map(|r| r.2).sum();
        let aus: u32 = parts().iter().filter(|r| r.0 == year).map(|r| r.3).sum();
        let aus = if year == 2022 { (i64::from(aus) + off) as u32 } else { aus };
        rows.insert(0, (year, "K030", ew, aus));
    }
    rows
}

fn rulebook(confidential: &str) -> String {
    format!(
        r#"
rulebook "Kreise" {{
  municipality "Musterkreis"
  kind county
  years 2020..2023
}}

source kreise "Kreistabelle" {{
  kind aggregate
  file "kreise.csv"
  year_column Jahr
  confidential {confidential}
}}

area gemeinde "Gemeinde" {{
  column Kreis
  total "Musterkreis"
  total from "K030"
}}

field demo "Demografie" {{ steerable no }}

indicator auslaender "Ausländeranteil" {{
  field demo
  purpose "Anteil der Ausländer*innen"
  unit percent
  polarity neutral
  numerator sum(kreise.Auslaender)
  denominator sum(kreise.Einwohner)
  by gemeinde
}}

indicator einwohner "Einwohner*innen" {{
  field demo
  purpose "Einwohner*innen, ohne Gliederung"
  unit count
  polarity neutral
  numerator sum(kreise.Einwohner)
}}
"#
    )
}

fn run(rows: &[Row], confidential: &str) -> Evaluated {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Jahr;Kreis;Einwohner;Auslaender\n");
    for (y, k, ew, aus) in rows {
        csv.push_str(&format!("{y};{k};{ew};{aus}\n"));
    }
    std::fs::write(dir.path().join("kreise.csv"), csv).unwrap();
    std::fs::write(dir.path().join("r.kimon"), rulebook(confidential)).unwrap();
    evaluate(&dir.path().join("r.kimon"), &Options::default(), Lang::De, &Control::default())
        .unwrap_or_else(|f| panic!("{:?}", f.diags.items.iter().map(|d| &d.message).collect::<Vec<_>>()))
}

fn cell(e: &Evaluated, ind: &str, year: i32, area: Option<&str>) -> Option<(Option<f64>, Option<f64>)> {
    let key = CellKey {
        year,
        area: area.map_or(AreaKey::Total, |a| AreaKey::Unit(a.to_string())),
        groups: Vec::new(),
    };
    e.eval.tables[ind].cells.get(&key).map(|c| (c.num.value(), c.den.and_then(|d| d.value())))
}

fn sums(year: i32) -> (f64, f64) {
    let of = |f: fn(&Row) -> u32| parts().iter().filter(|r| r.0 == year).map(|r| f64::from(f(r))).sum();
    (of(|r| r.3), of(|r| r.2))
}

fn mismatches(e: &Evaluated) -> Vec<String> {
    e.warnings
        .items
        .iter()
        .filter(|d| d.code == "kimon::data-total-mismatch")
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn a_matching_published_total_is_not_counted_twice() {
    let e = run(&with_total(0), "no");
    for year in [2021, 2022] {
        let (aus, ew) = sums(year);
        assert_eq!(cell(&e, "auslaender", year, None), Some((Some(aus), Some(ew))), "{year}");
        assert_eq!(cell(&e, "auslaender", year, Some("K030")), None, "the total is no unit");
        assert_eq!(cell(&e, "einwohner", year, None).map(|c| c.0), Some(Some(ew)), "{year}");
    }
    assert!(mismatches(&e).is_empty(), "{:?}", mismatches(&e));
}

#[test]
fn a_differing_published_total_is_named_with_both_numbers() {
    let e = run(&with_total(7), "no");
    let (aus, ew) = sums(2022);
    // The total is still the sum of the units.
    assert_eq!(cell(&e, "auslaender", 2022, None), Some((Some(aus), Some(ew))));
    let found = mismatches(&e);
    assert_eq!(found.len(), 1, "{found:?}");
    let m = &found[0];
    let published = aus + 7.0;
    for part in
        ["area `gemeinde`", "`K030`", "year 2022", &format!("{published}"), &format!("{aus}"), "difference 7"]
    {
        assert!(m.contains(part), "{part}: {m}");
    }
    let d = e.warnings.items.iter().find(|d| d.code == "kimon::data-total-mismatch").unwrap();
    insta::assert_snapshot!(format!("{}\nhelp: {}", d.message, d.help.clone().unwrap_or_default()));
}

#[test]
fn a_confidential_source_publishes_that_the_total_differs_not_by_how_much() {
    let e = run(&with_total(7), "yes");
    let notes: Vec<String> = e
        .eval
        .published_notes
        .iter()
        .filter(|d| d.code == "kimon::data-total-mismatch")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    let (aus, _) = sums(2022);
    // Only the text after the file name: the temporary folder's random name
    // may itself hold a 7 (a cold CI run failed on `/tmp/.tmpz7Ovde/`).
    let text = notes[0].rsplit_once("`: ").map_or(notes[0].as_str(), |(_, t)| t);
    assert!(!text.contains(&format!("{aus}")) && !text.contains('7'), "{}", notes[0]);
}

/// `total from` on an area whose column is computed by `let` cannot mark
/// rows before they are summed; it is refused at the declaration rather
/// than ignored (the total row would be counted with the units).
#[test]
fn total_from_on_a_computed_column_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        rulebook("no").replace("  column Kreis\n", "  column region\n") + "\nlet region = prefix(Kreis, 4)\n";
    std::fs::write(dir.path().join("r.kimon"), &text).unwrap();
    std::fs::write(dir.path().join("kreise.csv"), "Jahr;Kreis;Einwohner;Auslaender\n2021;K031;1;1\n")
        .unwrap();
    let checked = kimon_engine::session::check(&dir.path().join("r.kimon"), &Options::default());
    let d =
        checked.diags.items.iter().find(|d| d.code == "kimon::total-from-computed-column").unwrap_or_else(
            || panic!("{:?}", checked.diags.items.iter().map(|d| &d.code).collect::<Vec<_>>()),
        );
    assert!(d.message.contains("`gemeinde`") && d.message.contains("`region`"), "{}", d.message);
    let line = text.lines().position(|l| l.contains("total from")).unwrap() + 1;
    let rendered = kimon_engine::diag::render_human(
        &checked.diags.items,
        &checked.sources,
        kimon_engine::diag::RenderStyle::Plain,
    );
    assert!(rendered.contains(&format!("r.kimon:{line}:")), "{rendered}");
}
