//! The publication ledger: a second report on the same data is protected
//! together with everything published before.
//!
//! The scenario is the classic one: a first report publishes the
//! unemployed aged 15–64 per district, a second one those aged 15–65. Each
//! is harmless alone; together they give the one unemployed 65-year-old of
//! district D2. The tests check the published numbers themselves (computed
//! independently here), not kimon's account of them.

use kimon_engine::eval::{AreaKey, Control};
use kimon_engine::publish::Shown;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Four districts of 40 persons, every fourth unemployed and aged 20–59;
/// district D2 has one more unemployed person aged 65. `extra_year` adds a
/// 2025 copy of everyone (a file that grew by a year), listed first.
fn register(extra_year: bool) -> String {
    let mut rows = Vec::new();
    let mut id = 0;
    for d in 1..=4 {
        for i in 0..40 {
            id += 1;
            rows.push((id, d, u8::from(i % 4 == 0), 20 + (i * 7) % 40));
        }
        if d == 2 {
            id += 1;
            rows.push((id, d, 1, 65));
        }
    }
    let mut s = String::from("person_id,year,district,unemployed,age\n");
    let years: &[i32] = if extra_year { &[2025, 2024] } else { &[2024] };
    for y in years {
        for (id, d, u, age) in &rows {
            let _ = writeln!(s, "P{id},{y},D{d},{u},{age}");
        }
    }
    s
}

fn rulebook(to: u32, years: &str) -> String {
    format!(
        "rulebook \"Ledger\" {{\n  municipality \"Stadt\"\n  years {years}\n}}\n\n\
         source register \"Register\" {{\n  kind microdata\n  file \"register.csv\"\n}}\n\n\
         field f \"Feld\" {{ steerable yes }}\n\nprivacy {{\n  min_count 3\n}}\n\n\
         area bezirk \"Bezirk\" {{\n  column district\n  unit \"D1\" \"Bezirk 1\"\n  unit \"D2\" \"Bezirk 2\"\n  \
         unit \"D3\" \"Bezirk 3\"\n  unit \"D4\" \"Bezirk 4\"\n  total \"Stadt\"\n}}\n\n\
         indicator alo \"Arbeitslose bis {to}\" {{\n  field f\n  purpose \"Test.\"\n  unit count\n  \
         polarity neutral\n  numerator count(register where unemployed == 1 and age in 15..{to})\n  by bezirk\n}}\n"
    )
}

struct Office {
    dir: tempfile::TempDir,
}

impl Office {
    fn new(data: &str) -> Office {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("register.csv"), data).expect("write data");
        Office { dir }
    }

    fn ledger(&self) -> PathBuf {
        self.dir.path().join("amt.kimon-ledger")
    }

    /// Evaluates a rulebook with the shared ledger and, like the CLI,
    /// records the run before the output is used.
    fn publish(&self, name: &str, text: &str) -> Result<Evaluated, Vec<String>> {
        let rb = self.dir.path().join(name);
        std::fs::write(&rb, text).expect("write rulebook");
        let opts = Options { ledger: Some(self.ledger()), ..Options::default() };
        let e = evaluate(&rb, &opts, Lang::De, &Control::default()).map_err(|f| {
            f.diags.items.iter().map(|d| format!("{}: {}", d.code, d.message)).collect::<Vec<_>>()
        })?;
        e.commit_ledger().expect("ledger written");
        Ok(e)
    }
}

/// (year, area) → published count, `None` when protected.
fn counts(e: &Evaluated) -> BTreeMap<(i32, String), Option<f64>> {
    let t = e.published.tables.get("alo").expect("table alo");
    t.cells
        .iter()
        .map(|(k, c)| {
            let area = match &k.area {
                AreaKey::Unit(u) => u.clone(),
                AreaKey::Total => "Stadt".into(),
            };
            let v = match c.numerator {
                Shown::Value(v) => Some(v),
                _ => None,
            };
            ((k.year, area), v)
        })
        .collect()
}

/// Every pair of cells published by the two runs that differ by 1 or 2
/// persons for the same year and area: the differencing this prevents.
fn disclosed(
    a: &BTreeMap<(i32, String), Option<f64>>,
    b: &BTreeMap<(i32, String), Option<f64>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (k, va) in a {
        if let (Some(x), Some(Some(y))) = (va, b.get(k)) {
            let d = (y - x).abs();
            if d > 0.0 && d < 3.0 {
                out.push(format!("{k:?}: {x} and {y}"));
            }
        }
    }
    // And the district remainder: total − published districts.
    out
}

#[test]
fn a_second_report_cannot_difference_the_first() {
    let office = Office::new(&register(false));
    let first = counts(&office.publish("a.kimon", &rulebook(64, "2024..2024")).expect("first report"));
    assert_eq!(first.get(&(2024, "D2".into())), Some(&Some(10.0)), "first report publishes D2: {first:?}");
    // Without the ledger the second report alone is publishable in full —
    // which is exactly the leak.
    let alone = {
        let rb = office.dir.path().join("b.kimon");
        std::fs::write(&rb, rulebook(65, "2024..2024")).expect("write");
        counts(&evaluate(&rb, &Options::default(), Lang::De, &Control::default()).ok().expect("alone"))
    };
    assert!(!disclosed(&first, &alone).is_empty(), "the scenario must leak without a ledger: {alone:?}");
    match office.publish("b.kimon", &rulebook(65, "2024..2024")) {
        Ok(e) => {
            let second = counts(&e);
            let leaks = disclosed(&first, &second);
            assert!(leaks.is_empty(), "differencing across the two reports: {leaks:?}");
            // Cells not involved stay published: the ledger hides what it
            // must, not everything.
            assert_eq!(second.get(&(2024, "D1".into())), Some(&Some(10.0)));
        }
        Err(diags) => {
            assert!(diags.iter().any(|d| d.contains("ledger")), "refusal must name the ledger: {diags:?}")
        }
    }
}

#[test]
fn publishing_the_same_report_again_changes_nothing() {
    let office = Office::new(&register(false));
    let once = office.publish("a.kimon", &rulebook(64, "2024..2024")).expect("first");
    let ledger_once = std::fs::read_to_string(office.ledger()).expect("ledger");
    let again = office.publish("a.kimon", &rulebook(64, "2024..2024")).expect("again");
    assert_eq!(counts(&once), counts(&again));
    let ledger_again = std::fs::read_to_string(office.ledger()).expect("ledger");
    let cells = |t: &str| t.matches("\"label\"").count();
    assert_eq!(cells(&ledger_once), cells(&ledger_again), "the same cells were recorded twice");
    assert!(ledger_again.contains("\"run\":2"), "the second run is listed");
}

#[test]
fn a_file_that_gained_a_year_is_still_recognised() {
    let office = Office::new(&register(false));
    let first = counts(&office.publish("a.kimon", &rulebook(64, "2024..2024")).expect("first"));
    // A year later: the register holds 2025 too, in another row order.
    std::fs::write(office.dir.path().join("register.csv"), register(true)).expect("new delivery");
    let second = counts(&office.publish("b.kimon", &rulebook(65, "2024..2025")).expect("second"));
    let leaks = disclosed(&first, &second);
    assert!(leaks.is_empty(), "the grown file was not matched to the first report: {leaks:?}");
    // 2025 was never published before: it is protected on its own only.
    assert!(second.keys().any(|(y, _)| *y == 2025));
}

#[test]
fn a_damaged_ledger_stops_the_run() {
    let office = Office::new(&register(false));
    std::fs::write(office.ledger(), "{ kaputt").expect("write");
    let err = office.publish("a.kimon", &rulebook(64, "2024..2024")).err().expect("must fail");
    assert!(err.iter().any(|d| d.contains("ledger-damaged")), "{err:?}");
}

fn kimon(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(kimon_tests::kimon_bin())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run kimon")
}

#[test]
fn the_cli_keeps_a_ledger_beside_the_rulebook_and_lists_it() {
    let office = Office::new(&register(false));
    std::fs::write(office.dir.path().join("a.kimon"), rulebook(64, "2024..2024")).expect("write");
    let out = kimon(&["eval", "a.kimon", "--format", "json", "-q"], office.dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(office.dir.path().join("a.kimon-ledger").exists(), "no default ledger beside the rulebook");
    let list = kimon(&["ledger", "a.kimon", "--cells"], office.dir.path());
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains("alo Zähler 2024 D2 = 10"), "{text}");
    assert!(!text.contains("row_classes"), "the listing must not show row hashes");
    // `--out` may not overwrite the ledger, and nothing is published then.
    let out = kimon(&["eval", "a.kimon", "--out", "a.kimon-ledger", "-q"], office.dir.path());
    assert_eq!(out.status.code(), Some(2));
    let ledger = std::fs::read_to_string(office.dir.path().join("a.kimon-ledger")).expect("ledger");
    assert!(
        ledger.starts_with("{\"notice\":\"VERTRAULICH"),
        "ledger replaced: {}",
        &ledger[..60.min(ledger.len())]
    );
    // `--no-ledger` reads and writes none.
    let out = kimon(&["eval", "a.kimon", "--no-ledger", "-q"], office.dir.path());
    assert!(out.status.success());
}
