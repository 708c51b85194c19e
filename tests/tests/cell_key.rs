//! The cell key method end to end: a rulebook says `privacy { method
//! cell_key … }`, the published counts carry consistent noise.
//!
//! The expected deviations are not taken from kimon: the tests only compare
//! published numbers with the true counts they compute themselves from the
//! generated persons, and published numbers of two rulebooks and two runs
//! with each other.

use kimon_engine::eval::Control;
use kimon_engine::publish::{PublishedTable, Shown};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const KEY: &str = "0123456789abcdef-geheim-der-statistikstelle\n";

/// `n_districts` districts; district d has `size(d)` persons, of whom every
/// third is unemployed. Person ids are stable across calls.
fn register(n_districts: usize, size: impl Fn(usize) -> usize) -> String {
    let mut s = String::from("person_id,year,district,unemployed,age\n");
    let mut id = 1000;
    for d in 1..=n_districts {
        for i in 0..size(d) {
            id += 1;
            let _ = writeln!(s, "P{id},2024,B{d:04},{},{}", u8::from(i % 3 == 0), 20 + (i % 40));
        }
    }
    s
}

fn districts(n: usize) -> String {
    let mut s = String::from("area bezirk \"Bezirk\" {\n  column district\n");
    for d in 1..=n {
        let _ = writeln!(s, "  unit \"B{d:04}\" \"Bezirk {d}\"");
    }
    s.push_str("  total \"Stadt\"\n}\n\n");
    s
}

fn rulebook(privacy: &str, n: usize, numerator: &str) -> String {
    format!(
        "rulebook \"Zellschlüssel\" {{\n  municipality \"Stadt\"\n  years 2024..2024\n}}\n\n\
         source register \"Register\" {{\n  kind microdata\n  file \"register.csv\"\n}}\n\n\
         field f \"Feld\" {{ steerable yes }}\n\n\
         privacy {{\n{privacy}}}\n\n{}\
         indicator alo \"Arbeitslose\" {{\n  field f\n  purpose \"Test.\"\n  unit percent\n  polarity lower\n  \
         numerator {numerator}\n  denominator count(register)\n  by bezirk\n}}\n",
        districts(n)
    )
}

const CELL_KEY: &str = "  method cell_key\n  key_file \"zellschluessel.key\"\n  record_id person_id\n";

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(rulebook_text: &str, data: &str) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("rulebook.kimon"), rulebook_text).expect("write rulebook");
        std::fs::write(dir.path().join("register.csv"), data).expect("write data");
        std::fs::write(dir.path().join("zellschluessel.key"), KEY).expect("write key");
        Fixture { dir }
    }

    fn evaluate(&self) -> Result<Evaluated, Vec<String>> {
        evaluate(&self.dir.path().join("rulebook.kimon"), &Options::default(), Lang::De, &Control::default())
            .map_err(|f| f.diags.items.iter().map(|d| format!("{}: {}", d.code, d.message)).collect())
    }
}

fn published(e: &Evaluated) -> &PublishedTable {
    e.published.tables.get("alo").expect("indicator alo published")
}

/// District code → (numerator, denominator, value) as published.
fn by_district(t: &PublishedTable) -> BTreeMap<String, (Shown, Option<Shown>, Shown)> {
    t.cells
        .iter()
        .map(|(k, c)| {
            let area = match &k.area {
                kimon_engine::eval::AreaKey::Unit(c) => c.clone(),
                kimon_engine::eval::AreaKey::Total => "gesamt".into(),
            };
            (area, (c.numerator, c.denominator, c.value))
        })
        .collect()
}

fn true_unemployed(size: usize) -> f64 {
    (0..size).filter(|i| i % 3 == 0).count() as f64
}

fn num(s: Shown) -> f64 {
    s.value().unwrap_or_else(|| panic!("cell not published: {s:?}"))
}

#[test]
fn counts_are_perturbed_within_the_table_and_never_small() {
    let n = 300;
    let size = |d: usize| d % 7 + 1; // 1..7 persons: small cells everywhere
    let fx =
        Fixture::new(&rulebook(CELL_KEY, n, "count(register where unemployed == 1)"), &register(n, size));
    let e = fx.evaluate().expect("cell key rulebook evaluates");
    let cells = by_district(published(&e));
    let mut changed = 0;
    let mut deviations = Vec::new();
    for d in 1..=n {
        let (nu, de, value) = cells.get(&format!("B{d:04}")).copied().expect("district published");
        let (nu, de) = (num(nu), num(de.expect("denominator")));
        for (published, truth) in [(nu, true_unemployed(size(d))), (de, size(d) as f64)] {
            let dev = published - truth;
            assert!(dev.abs() <= 2.0, "deviation {dev} beyond D = 2 (published {published}, true {truth})");
            assert!(published != 1.0, "a perturbed count of 1 was published (js = 1)");
            assert!(published >= 0.0);
            if truth == 0.0 {
                assert_eq!(published, 0.0, "zero must stay zero");
            } else {
                deviations.push(dev);
            }
            changed += usize::from(dev != 0.0);
        }
        // The rate comes from the perturbed counts, never from the true ones.
        match value {
            Shown::Value(v) => assert!((v - nu / de * 100.0).abs() < 1e-9, "rate {v} not {nu}/{de}"),
            other => assert_eq!(de, 0.0, "rate withheld ({other:?}) although the base {de} is published"),
        }
    }
    assert!(changed > n / 4, "only {changed} of {} counts changed: is the noise applied?", 2 * n);
    // Every count in 1..js must move, so there is no cell in 1 at all; and
    // some published cells must differ from the exact table, or the method
    // would be a no-op. (Unbiasedness is tested on large counts below.)
    assert!(!deviations.is_empty());
}

#[test]
fn noise_is_unbiased_with_the_declared_variance_on_large_counts() {
    // Counts far above D use the symmetric last row of the table: mean 0,
    // variance V = 1.08. 3,000 districts give a standard error of the mean
    // of about 0.02 and of the variance of about 0.03.
    let n = 3000;
    let size = |d: usize| 30 + d % 11;
    let fx =
        Fixture::new(&rulebook(CELL_KEY, n, "count(register where unemployed == 1)"), &register(n, size));
    let e = fx.evaluate().expect("evaluates");
    let cells = by_district(published(&e));
    let devs: Vec<f64> = (1..=n)
        .map(|d| num(cells.get(&format!("B{d:04}")).expect("district").0) - true_unemployed(size(d)))
        .collect();
    let mean = devs.iter().sum::<f64>() / devs.len() as f64;
    let var = devs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (devs.len() - 1) as f64;
    assert!(mean.abs() < 0.08, "mean deviation {mean} is not about 0");
    assert!((var - 1.08).abs() < 0.12, "variance {var} is not about V = 1.08");
}

#[test]
fn same_persons_get_the_same_noise_in_two_rulebooks_and_two_runs() {
    let n = 120;
    let size = |d: usize| d % 9 + 2;
    let data = register(n, size);
    // The same persons, selected by two differently written filters.
    let a = Fixture::new(&rulebook(CELL_KEY, n, "count(register where unemployed == 1)"), &data);
    let b = Fixture::new(&rulebook(CELL_KEY, n, "count(register where not (unemployed != 1))"), &data);
    let first = by_district(published(&a.evaluate().expect("a")));
    let again = by_district(published(&a.evaluate().expect("a again")));
    let other = by_district(published(&b.evaluate().expect("b")));
    assert_eq!(format!("{first:?}"), format!("{again:?}"), "a second run changed the noise");
    assert_eq!(
        format!("{first:?}"),
        format!("{other:?}"),
        "another rulebook's identical cells got other noise"
    );
    // And a different secret gives different noise (the key file matters).
    std::fs::write(b.dir.path().join("zellschluessel.key"), "ein-ganz-anderer-schluessel-0000\n")
        .expect("key");
    let rekeyed = by_district(published(&b.evaluate().expect("b rekeyed")));
    assert_ne!(format!("{first:?}"), format!("{rekeyed:?}"), "the secret does not influence the noise");
}

#[test]
fn refuses_what_it_cannot_perturb() {
    let data = register(3, |_| 5);
    let cases: Vec<(String, &str)> = vec![
        (
            rulebook("  method cell_key\n  record_id person_id\n", 3, "count(register where unemployed == 1)"),
            "cell-key-incomplete",
        ),
        (
            rulebook(
                "  method cell_key\n  key_file \"fehlt.key\"\n  record_id person_id\n",
                3,
                "count(register where unemployed == 1)",
            ),
            "file-not-found",
        ),
        (
            rulebook(
                "  method cell_key
  key_file \"kurz.key\"
  record_id person_id
",
                3,
                "count(register where unemployed == 1)",
            ),
            "cell-key-secret",
        ),
        (
            rulebook(
                "  method cell_key\n  key_file \"zellschluessel.key\"\n  record_id personalnummer\n",
                3,
                "count(register where unemployed == 1)",
            ),
            "missing-column",
        ),
        (rulebook(CELL_KEY, 3, "sum(register.age where unemployed == 1)"), "cell-key-not-a-count"),
        (
            rulebook(
                "  method cell_key\n  max_deviation 2\n  variance 9\n  key_file \"zellschluessel.key\"\n  record_id person_id\n",
                3,
                "count(register where unemployed == 1)",
            ),
            "cell-key-parameters",
        ),
        (rulebook("  method zufall\n", 3, "count(register where unemployed == 1)"), "invalid-value"),
    ];
    for (text, code) in cases {
        let fx = Fixture::new(&text, &data);
        // A secret too short to be one.
        std::fs::write(fx.dir.path().join("kurz.key"), "1234").expect("write short key");
        match fx.evaluate() {
            Ok(_) => panic!("expected `{code}`, but the rulebook was published:\n{text}"),
            Err(diags) => assert!(
                diags.iter().any(|d| d.trim_start_matches("kimon::").starts_with(code)),
                "expected `{code}`, got {diags:?}"
            ),
        }
    }
}

#[test]
fn an_empty_record_id_is_an_error_not_a_shared_key() {
    let mut data = register(2, |_| 4);
    data.push_str(",2024,B0001,1,30\n");
    let fx = Fixture::new(&rulebook(CELL_KEY, 2, "count(register where unemployed == 1)"), &data);
    let diags = fx.evaluate().err().expect("an empty record id must be refused");
    assert!(diags.iter().any(|d| d.contains("data-missing-record-id")), "{diags:?}");
}

#[test]
fn one_source_cannot_be_protected_in_two_ways() {
    let text = rulebook(CELL_KEY, 3, "count(register where unemployed == 1)").replace(
        "indicator alo",
        "indicator bev \"Bevölkerung\" {\n  field f\n  purpose \"Test.\"\n  unit count\n  polarity neutral\n  \
         numerator count(register)\n  by bezirk\n  privacy {\n    method suppression\n  }\n}\n\nindicator alo",
    );
    let fx = Fixture::new(&text, &register(3, |_| 5));
    let diags = fx.evaluate().err().expect("mixed methods must be refused");
    assert!(diags.iter().any(|d| d.contains("privacy-mixed-methods")), "{diags:?}");
}

#[test]
fn the_report_text_says_how_the_numbers_were_changed() {
    let fx =
        Fixture::new(&rulebook(CELL_KEY, 3, "count(register where unemployed == 1)"), &register(3, |_| 12));
    let e = fx.evaluate().expect("evaluates");
    let text = &e.findings.privacy.text;
    assert!(text.contains("Zellschlüsselverfahren"), "{text}");
    assert!(text.contains("±2"), "{text}");
    assert!(text.contains("Summen sind nicht an ihre Teile angepasst"), "{text}");
}
