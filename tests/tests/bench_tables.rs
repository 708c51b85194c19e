//! The benchmark rulebook (`bench/bench.kimon`) on a small generated
//! register, checked against a straightforward recount of the 8 tables of
//! `bench/README.md` written independently of the engine (plain string
//! splitting and maps). kimon publishes only protected cells: each of its
//! cells must equal the recount, and every recounted cell kimon does not
//! publish must be listed as withheld.

use kimon_engine::bench_export::bench_tables;
use kimon_engine::generator::{write_register, GenConfig};
use kimon_engine::session;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

type Key = (String, String, String, String);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn band(age: i64) -> &'static str {
    match age {
        0..=5 => "0-5",
        6..=17 => "6-17",
        18..=29 => "18-29",
        30..=49 => "30-49",
        50..=64 => "50-64",
        _ => "65+",
    }
}

/// (table, year, area, group) → (numerator, denominator), districts and city.
fn recount(csv: &str) -> BTreeMap<Key, (u64, u64)> {
    let mut cells: BTreeMap<Key, (u64, u64)> = BTreeMap::new();
    let mut add = |table: &str, year: &str, district: Option<&str>, group: &str, num: bool| {
        let areas: Vec<&str> = match district {
            Some(d) => vec![d, "total"],
            None => vec!["total"],
        };
        for area in areas {
            let c = cells.entry((table.into(), year.into(), area.into(), group.into())).or_default();
            c.0 += u64::from(num);
            c.1 += 1;
        }
    };
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (year, district, sex, cit, mh, res) = (f[1], f[2], f[4], f[5], f[6], f[8]);
        let int = |s: &str| s.parse::<i64>().unwrap_or(-1);
        let (age, nat, emp, unemp, sgb2, school, lang) =
            (int(f[3]), int(f[7]), int(f[9]), int(f[10]), int(f[11]), int(f[12]), int(f[13]));
        let foreign = cit != "DE";
        add("foreigner_share", year, Some(district), "total", foreign);
        if (emp == 1 || unemp == 1) && (15..=64).contains(&age) {
            let g = if foreign { "foreign" } else { "german" };
            add("unemployment", year, Some(district), g, unemp == 1);
        }
        if age < 65 {
            add("sgb2", year, None, &format!("{mh}|{sex}"), sgb2 == 1);
        }
        if school == 1 {
            add("language_support", year, Some(district), mh, lang == 1);
        }
        if foreign || nat == 1 {
            add("naturalisation", year, None, "total", nat == 1);
        }
        if foreign {
            add("permanent_residence", year, None, "total", res == "permanent");
        }
        add("mh_by_age", year, Some(district), band(age), mh != "none");
    }
    cells
}

fn parse(text: &str, nkey: usize) -> BTreeMap<Vec<String>, Vec<String>> {
    text.lines()
        .skip(1)
        .map(|l| {
            let parts: Vec<String> = l.split(',').map(String::from).collect();
            (parts[..nkey].to_vec(), parts[nkey..].to_vec())
        })
        .collect()
}

#[test]
fn bench_rulebook_matches_an_independent_recount() {
    let dir = std::env::temp_dir().join(format!("kimon-bench-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = GenConfig { persons: 3000, years: 10, first_year: 2015, districts: 5, seed: 7 };
    let mut data = Vec::new();
    write_register(&cfg, &mut data).unwrap();
    std::fs::write(dir.join("register.csv"), &data).unwrap();
    let opts = session::Options { data_dir: Some(dir.clone()), allow_paths: vec![dir.clone()], ledger: None };
    let control = kimon_engine::eval::Control::default();
    let rulebook = repo().join("bench/bench.kimon");
    let evaluated =
        match session::evaluate(&rulebook, &opts, kimon_engine::report::numfmt::Lang::En, &control) {
            Ok(e) => e,
            Err(f) => panic!("evaluation failed: {:?}", f.diags.items),
        };
    let out = bench_tables(&evaluated.model, &evaluated.published);
    let expected = recount(std::str::from_utf8(&data).unwrap());

    let published = parse(&out.tables_csv, 4);
    let withheld: BTreeSet<Vec<String>> = parse(&out.suppressed_csv, 4).into_keys().collect();
    assert!(published.len() > 500, "too few published cells to be a test: {}", published.len());
    for (k, v) in &published {
        let key = (k[0].clone(), k[1].clone(), k[2].clone(), k[3].clone());
        let (n, d) =
            expected.get(&key).unwrap_or_else(|| panic!("kimon publishes a cell the recount lacks: {k:?}"));
        assert_eq!(v, &vec![n.to_string(), d.to_string()], "cell {k:?}");
    }
    for (k, _) in expected.iter().filter(|(_, (_, d))| *d > 0) {
        let key = vec![k.0.clone(), k.1.clone(), k.2.clone(), k.3.clone()];
        assert!(
            published.contains_key(&key) || withheld.contains(&key),
            "cell {key:?} neither published nor withheld"
        );
    }
    assert_eq!(out.cells, published.len());

    // Canonical form: sorted by all columns as strings, `\n`, header.
    let lines: Vec<&str> = out.tables_csv.lines().collect();
    assert_eq!(lines[0], "table,year,area,group,numerator,denominator");
    let mut sorted: Vec<Vec<&str>> = lines[1..].iter().map(|l| l.split(',').collect()).collect();
    sorted.sort();
    assert_eq!(sorted, lines[1..].iter().map(|l| l.split(',').collect::<Vec<_>>()).collect::<Vec<_>>());

    // Gaps: the reference formula on the published unemployment cells.
    let gaps = parse(&out.gaps_csv, 2);
    assert!(!gaps.is_empty());
    for (k, v) in &gaps {
        let get = |g: &str| {
            let key = ("unemployment".to_string(), k[0].clone(), k[1].clone(), g.to_string());
            expected[&key]
        };
        let ((nf, df), (ng, dg)) = (get("foreign"), get("german"));
        let gap = 100.0 * nf as f64 / df as f64 - 100.0 * ng as f64 / dg as f64;
        assert_eq!(v[0], format!("{gap:.6}"), "gap {k:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
