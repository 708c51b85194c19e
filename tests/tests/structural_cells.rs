//! Cells empty by the rulebook's definitions („nicht definiert“, sign „x“)
//! against cells that are merely empty in the data (protected as ever).
//!
//! The rulebook: an SGB II rate of the under-65s by age group and
//! citizenship. „65 und älter“ is empty by definition; Turkish citizens are
//! a group of the rulebook that the data happen not to contain, so their
//! cells are empty in the data only — a reader cannot know that, and the
//! cells must stay protected, never be called „nicht definiert“.

use kimon_engine::eval::Control;
use kimon_engine::findings::to_json;
use kimon_engine::model::Audience;
use kimon_engine::report::doc;
use kimon_engine::report::export::{rows, to_csv};
use kimon_engine::report::markdown::render_markdown;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use serde_json::Value;

/// Germans and Syrians of all ages; nobody with Turkish citizenship.
fn register() -> String {
    let mut s = String::from("person_id,year,age,citizenship,sgb2\n");
    let mut id = 0;
    for year in [2022, 2023, 2024] {
        for (citizenship, n) in [("DE", 400), ("SY", 200)] {
            for i in 0..n {
                id += 1;
                let age = (i * 7) % 90;
                let sgb2 = u8::from(age < 65 && i % 6 == 0);
                s.push_str(&format!("P{id},{year},{age},{citizenship},{sgb2}\n"));
            }
        }
    }
    s
}

const RULEBOOK: &str = r#"rulebook "Strukturell leer" {
  municipality "Stadt"
  years 2022..2024
}

source register "Register" {
  kind microdata
  file "register.csv"
}

field sozial "Soziales" { steerable partly }

privacy {
  min_count 3
  min_denominator 20
}

dimension alter "Altersgruppe" {
  group a0_17 "unter 18 Jahren" when age < 18
  group a18_64 "18 bis 64 Jahre" when age >= 18 and age < 65
  group a65 "65 Jahre und älter" when age >= 65
  reference a18_64
}

dimension staat "Staatsangehörigkeit" {
  group de "Deutsche" when citizenship == "DE"
  group tr "Türkisch" when citizenship == "TR"
  group other "andere" otherwise
  reference de
}

indicator sgb2 "SGB-II-Quote" {
  field sozial
  purpose "Test."
  unit percent
  polarity lower
  numerator count(register where sgb2 == 1 and age < 65)
  denominator count(register where age < 65)
  by alter, staat
  thresholds gap {
    strength <= 2 pp
    need_for_action > 8 pp
  }
}
"#;

fn run() -> Evaluated {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("register.csv"), register()).expect("write data");
    let rb = dir.path().join("leer.kimon");
    std::fs::write(&rb, RULEBOOK).expect("write rulebook");
    let opts = Options::default();
    evaluate(&rb, &opts, Lang::De, &Control::default()).unwrap_or_else(|f| {
        panic!("{:?}", f.diags.items.iter().map(|d| d.message.clone()).collect::<Vec<_>>())
    })
}

fn groups(f: &Value) -> Vec<Option<String>> {
    f["groups"].as_array().into_iter().flatten().map(|g| g["group"].as_str().map(str::to_string)).collect()
}

fn findings(ev: &Evaluated) -> Vec<Value> {
    let v: Value = serde_json::from_str(&to_json(&ev.findings)).expect("findings JSON");
    v["indicators"][0]["findings"].as_array().expect("findings").clone()
}

fn find<'a>(all: &'a [Value], want: [Option<&str>; 2]) -> &'a Value {
    all.iter()
        .find(|f| groups(f).iter().map(Option::as_deref).collect::<Vec<_>>() == want)
        .unwrap_or_else(|| panic!("no finding {want:?}"))
}

#[test]
fn empty_by_definition_is_not_defined_empty_in_the_data_stays_protected() {
    let ev = run();
    let all = findings(&ev);
    // 65+: the base excludes them by definition.
    for staat in [Some("de"), Some("tr"), Some("other"), None] {
        let f = find(&all, [Some("a65"), staat]);
        assert_eq!(f["classification"], "not_defined", "{f:#}");
        assert_eq!(f["value"]["status"], "not_defined", "{f:#}");
        assert!(f["band"].is_null() && f["trend"].is_null(), "no rating, no trend: {f:#}");
        assert!(f["comparisons"].as_array().into_iter().flatten().all(|c| c["gap"].is_null()), "{f:#}");
        let texts = f["annotations"].to_string();
        assert!(texts.contains("Nicht definiert") && !texts.contains("gesperrt"), "{texts}");
    }
    // Turkish citizens: possible by the rulebook, absent from the data.
    for alter in [Some("a0_17"), Some("a18_64"), None] {
        let f = find(&all, [alter, Some("tr")]);
        assert_eq!(f["classification"], "suppressed", "{f:#}");
        assert_eq!(f["value"]["status"], "suppressed", "{f:#}");
        assert!(!f["annotations"].to_string().contains("icht definiert"), "{f:#}");
    }
}

/// JSON, CSV export and report say the same about every cell of the
/// latest year: „x“ / „nicht definiert“ exactly where the findings say
/// not_defined, and the report's key explains the sign.
#[test]
fn json_export_and_report_agree() {
    let ev = run();
    let all = findings(&ev);
    let csv = to_csv(&rows(&ev)).expect("csv");
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header = reader.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name}"));
    let (year, code, value, status) = (col("jahr"), col("gruppen_code"), col("wert"), col("status"));
    let latest: Vec<csv::StringRecord> =
        reader.records().map(|r| r.expect("row")).filter(|r| &r[year] == "2024").collect();
    let mut not_defined = 0;
    for f in &all {
        let want: Vec<String> = f["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|g| !g["group"].is_null())
            .map(|g| {
                format!("{}={}", g["dimension"].as_str().unwrap_or(""), g["group"].as_str().unwrap_or(""))
            })
            .collect();
        let want = want.join(";");
        let row =
            latest.iter().find(|r| r[code] == want).unwrap_or_else(|| panic!("no CSV row for {want:?}"));
        if f["classification"] == "not_defined" {
            not_defined += 1;
            assert_eq!((&row[value], &row[status]), ("x", "nicht definiert"), "{want}");
        } else {
            assert_ne!(&row[value], "x", "{want}");
            assert_ne!(&row[status], "nicht definiert", "{want}");
        }
        if f["classification"] == "suppressed" {
            assert_eq!(&row[status], "gesperrt", "{want}");
        }
    }
    assert_eq!(not_defined, 4);
    let md = render_markdown(&doc::build(&ev, Audience::Verwaltung, Lang::De));
    assert!(md.contains("„x“ Aussage nicht sinnvoll"), "key to signs explains x:\n{md}");
    assert!(md.contains("nicht definiert"), "{md}");
    let en = render_markdown(&doc::build(&ev, Audience::Verwaltung, Lang::En));
    assert!(en.contains("„x“ not meaningful"), "{en}");
}

/// The publication ledger must not turn „empty in the data“ into „published
/// before“: every empty count has the same atoms (none), so an earlier run's
/// published empty cell — here a structural zero, which is public by
/// definition — must not make this run's protected empty cells (the Turkish
/// citizens, absent from the data) publishable.
#[test]
fn a_ledger_with_structural_zeros_keeps_data_empty_cells_protected() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("register.csv"), register()).expect("write data");
    let rb = dir.path().join("leer.kimon");
    std::fs::write(&rb, RULEBOOK).expect("write rulebook");
    let opts = Options { ledger: Some(dir.path().join("amt.kimon-ledger")), ..Options::default() };
    let mut runs = Vec::new();
    for _ in 0..2 {
        let ev = evaluate(&rb, &opts, Lang::De, &Control::default()).unwrap_or_else(|f| {
            panic!("{:?}", f.diags.items.iter().map(|d| d.message.clone()).collect::<Vec<_>>())
        });
        ev.commit_ledger().expect("ledger written");
        runs.push(ev);
    }
    let ledger = std::fs::read_to_string(dir.path().join("amt.kimon-ledger")).expect("ledger");
    assert!(ledger.contains("\"run\":2"), "the second run is recorded");
    for ev in &runs {
        let all = findings(ev);
        for alter in [Some("a0_17"), Some("a18_64"), None] {
            let f = find(&all, [alter, Some("tr")]);
            assert_eq!(f["value"]["status"], "suppressed", "{f:#}");
        }
        let csv = String::from_utf8(to_csv(&rows(ev)).expect("csv")).expect("utf-8");
        for line in csv.lines().filter(|l| l.contains("staat=tr")) {
            assert!(line.contains("gesperrt") || line.contains("nicht definiert"), "{line}");
        }
    }
}
