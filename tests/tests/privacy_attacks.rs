//! Issue 11: the independent attacker against kimon's published outputs.
//!
//! Every test builds a small rulebook and register in a temp dir, runs the
//! `kimon` CLI (`eval --format json`, `export --format csv`), and lets the
//! attacker in `attacker/` recover protected values from the published
//! numbers alone, using the test's own definitions of the cells and its
//! knowledge of how the data was generated. Any interval narrower than the
//! protection interval `[max(0, v − p), v + p]`, `p = max(2, 0.3·v)`, fails.
//! The generated cases publish in-process instead (`attacker/library.rs`:
//! the same library calls, the same JSON and CSV texts), for speed.
//!
//! Only *sensitive* cells are promised an interval: the attacker applies the
//! rulebook's primary rules to the true values it knows from its own world
//! (a count in `1..min_count`, a numerator of a small base, a complement
//! `denominator − numerator` below `min_count` with a positive numerator, a
//! sum of too few contributors); a cell withheld only as a complement is an
//! unknown, nothing more. A derived (never published) small count must not
//! be provably non-empty.
//!
//! Tests that find a leak on the current main are ignored with the leak's
//! entry in `LEAKS.md`; tests that wait for a feature say so ("needs ledger
//! (issue 11)"). Run them with
//! `cargo test -p kimon-tests --test suite -- privacy_attacks:: --include-ignored`.
//! `KIMON_ATTACK_CASES` sets the number of generated cases (default 2,000,
//! as issue 11 asks of every CI run), `KIMON_ATTACK_THREADS` the threads
//! they run on (default: all cores), `KIMON_ATTACK_SEED` / `KIMON_ATTACK_CASE`
//! fix or pick cases, `KIMON_ATTACK_KEEP=1` keeps failing fixtures;
//! `KIMON_ATTACK_INT_SECS` (0.5) and `KIMON_ATTACK_INT_ATOMS` (600) bound
//! the integer checks. Every `KIMON_ATTACK_SECOND_RUN_EVERY`-th case (8)
//! publishes like `kimon eval` then `kimon export` — two evaluations, the
//! second reading the first one's ledger; the others render the JSON and
//! the CSV from one evaluation. `KIMON_ATTACK_CLI=1` runs the binary
//! instead (two processes per case).
//!
//! Where the time goes (2,000 cases, 2 threads, on a 2-core machine shared
//! with four other builds): 888 s wall but 225 s of CPU — about 92 % in
//! kimon's evaluation and protection (mostly its audit LPs), 8 % in the
//! attacker. The attacker solves an LP only for a target side that no
//! integer point it already knows (the true counts, earlier solutions in
//! the same component) settles: 26,181 LPs for 76,584 targets, where one
//! or two LPs per target were solved before (on 32 cases: 8.4 s → 1.0 s).
//! Branch and bound runs only for fractional LP optima, as a time-limited
//! feasibility question. In-process publishing saves the two process
//! starts and binary loads per case.

#[path = "attacker/mod.rs"]
mod attacker;

use attacker::attack::{Attacker, Part, Report};
use attacker::cli::{self, publish, Publication};
use attacker::published::{CellKey, Published};
use attacker::world::*;

const YEAR: i32 = 2024;

/// A person in the labour force.
fn worker(district: u8, foreign: bool, age: u32, unemployed: bool) -> Person {
    Person { employed: !unemployed, unemployed, ..person(YEAR, district, foreign, age) }
}

fn domain(districts: u8, planning: u8, ages: &[u32]) -> Domain {
    Domain { years: vec![YEAR], districts, planning_per_district: planning, ages: ages.to_vec(), flag: false }
}

fn assert_published(p: &Publication, what: &str) {
    assert!(p.refused.is_none(), "{what}: kimon refused to publish: {}", p.refused.as_deref().unwrap_or(""));
    assert!(!p.published.rows.is_empty(), "{what}: nothing published");
}

/// Runs the CLI on the fixture and the attacker on everything published.
fn attack(world: &World, rulebook: &str, what: &str) -> (Report, Publication) {
    let fx = write_fixture(rulebook, &world.persons);
    let p = publish(&fx.rulebook, &[]);
    assert_published(&p, what);
    let mut a = Attacker::new(world);
    a.read(&p.published);
    (a.solve(), p)
}

fn unemployed_foreign() -> Pred {
    pred(|p: &Person| p.unemployed && p.foreign)
}

// ------------------------------------------------------------------ 1 checks

#[test]
fn attack_1_check_differences_reveal_suppressed_counts() {
    let mut persons = Vec::new();
    for (d, unemployed) in [(1, 2), (2, 1), (3, 5)] {
        persons.extend(many(unemployed, worker(d, true, 40, true)));
        persons.extend(many(20, worker(d, true, 40, false)));
        persons.extend(many(30, worker(d, false, 40, false)));
    }
    let world = World {
        persons,
        domain: domain(3, 1, &[40]),
        indicators: vec![IndSpec::count("alo_ausl", unemployed_foreign()).by_area(districts(3))],
        checks: vec![CheckSpec {
            id: "keine_alo_ausl".into(),
            area: Some(districts(3)),
            terms: vec![(1.0, unemployed_foreign())],
        }],
        rules: Rules::default(),
    };
    let text = format!(
        "{}{}{}check keine_alo_ausl \"Keine arbeitslosen Ausländer*innen\" {{\n  expect count(register where unemployed == 1 and citizenship != \"DE\") == 0\n  by bezirk\n}}\n",
        header(&[YEAR], "  min_count 3\n"),
        districts_decl(3),
        indicator_decl("alo_ausl", "count", "count(register where unemployed == 1 and citizenship != \"DE\")", None, "bezirk"),
    );
    let (report, _) = attack(&world, &text, "check differences");
    report.assert_nothing_found("check differences");
}

// ------------------------------------------------------------------ 2 complements

#[test]
fn attack_2_complement_between_measures() {
    let mut persons = Vec::new();
    for (d, foreign, german) in [(1, 2, 40), (2, 15, 30), (3, 20, 25)] {
        persons.extend(many(foreign, person(YEAR, d, true, 40)));
        persons.extend(many(german, person(YEAR, d, false, 40)));
    }
    let world = World {
        persons,
        domain: domain(3, 1, &[40]),
        indicators: vec![
            IndSpec::rate("anteil_ausl", pred(|p| p.foreign), all()).by_area(districts(3)),
            IndSpec::rate("anteil_de", pred(|p| !p.foreign), all()).by_area(districts(3)),
        ],
        checks: vec![],
        rules: Rules::default(),
    };
    let text = format!(
        "{}{}{}{}",
        header(&[YEAR], "  min_count 3\n"),
        districts_decl(3),
        indicator_decl(
            "anteil_ausl",
            "percent",
            "count(register where citizenship != \"DE\")",
            Some("count(register)"),
            "bezirk"
        ),
        indicator_decl(
            "anteil_de",
            "percent",
            "count(register where citizenship == \"DE\")",
            Some("count(register)"),
            "bezirk"
        ),
    );
    let (report, _) = attack(&world, &text, "complements");
    report.assert_nothing_found("share of foreigners + share of Germans");
    // The Markdown report's findings tables are read the same way.
    let fx = write_fixture(&text, &world.persons);
    let mut p = publish(&fx.rulebook, &[]);
    let md = cli::publish_report(&fx.rulebook, &[]);
    assert!(md.refused.is_none(), "report: {:?}", md.refused);
    assert!(
        md.published.rows.iter().any(|r| r.origin == "report md"),
        "no findings table read from the report"
    );
    p.published.rows.extend(md.published.rows);
    let mut a = Attacker::new(&world);
    a.read(&p.published);
    a.solve().assert_nothing_found("complements, with the Markdown report");
}

// ------------------------------------------------------------------ 3 differencing

fn age_filter_world() -> World {
    let mut persons = Vec::new();
    for (d, at_65) in [(1, 1), (2, 4), (3, 5)] {
        persons.extend(many(10, worker(d, false, 40, true)));
        persons.extend(many(30, worker(d, false, 40, false)));
        persons.extend(many(at_65, worker(d, false, 65, true)));
        persons.extend(many(3, worker(d, false, 70, true)));
    }
    World {
        persons,
        domain: domain(3, 1, &[40, 65, 70]),
        indicators: vec![
            IndSpec::count("alo_64", pred(|p| p.unemployed && (15..=64).contains(&p.age)))
                .by_area(districts(3)),
            IndSpec::count("alo_65", pred(|p| p.unemployed && (15..=65).contains(&p.age)))
                .by_area(districts(3)),
        ],
        checks: vec![],
        rules: Rules::default(),
    }
}

fn age_indicator(id: &str, to: u32) -> String {
    indicator_decl(
        id,
        "count",
        &format!("count(register where unemployed == 1 and age in 15..{to})"),
        None,
        "bezirk",
    )
}

#[test]
fn attack_3_differencing_of_filters_within_one_rulebook() {
    let world = age_filter_world();
    let text = format!(
        "{}{}{}{}",
        header(&[YEAR], "  min_count 3\n"),
        districts_decl(3),
        age_indicator("alo_64", 64),
        age_indicator("alo_65", 65)
    );
    let (report, _) = attack(&world, &text, "age 15..64 vs 15..65");
    report.assert_nothing_found("differencing of age filters");
}

#[test]
fn attack_3_differencing_across_two_runs_with_a_shared_ledger() {
    let world = age_filter_world();
    let a =
        format!("{}{}{}", header(&[YEAR], "  min_count 3\n"), districts_decl(3), age_indicator("alo_64", 64));
    let b =
        format!("{}{}{}", header(&[YEAR], "  min_count 3\n"), districts_decl(3), age_indicator("alo_65", 65));
    let fx = write_fixture(&a, &world.persons);
    let rb_b = fx.path().join("second.kimon");
    std::fs::write(&rb_b, b).expect("write second rulebook");
    let ledger = fx.path().join("office.ledger");
    let ledger_s = ledger.to_string_lossy().into_owned();
    let first = publish(&fx.rulebook, &["--ledger", &ledger_s]);
    assert_published(&first, "first run");
    assert!(ledger.exists(), "the first run wrote no ledger at {}", ledger.display());
    let second = publish(&rb_b, &["--ledger", &ledger_s]);
    // The second run may refuse (with a diagnostic naming the first) or
    // suppress more; either way the union must not reveal anything.
    let mut attacker = Attacker::new(&world);
    attacker.read(&first.published);
    attacker.read(&second.published);
    attacker.solve().assert_nothing_found("two runs sharing a ledger");
    if let Some(why) = &second.refused {
        assert!(
            why.contains("ledger") || why.contains("rulebook.kimon"),
            "refusal should name the earlier report: {why}"
        );
    }
}

/// Two publications of the same office sharing a ledger: the first
/// rulebook (eval + export), then the second (eval + export, or the
/// Markdown report). The second run may refuse or suppress more; the union
/// of both must not reveal anything.
fn two_runs_with_a_ledger(world: &World, first: &str, second: &str, second_as_report: bool, what: &str) {
    let fx = write_fixture(first, &world.persons);
    let rb_b = fx.path().join("second.kimon");
    std::fs::write(&rb_b, second).expect("write second rulebook");
    let ledger = fx.path().join("office.ledger");
    let ledger_s = ledger.to_string_lossy().into_owned();
    let a = publish(&fx.rulebook, &["--ledger", &ledger_s]);
    assert_published(&a, &format!("{what}: first run"));
    assert!(ledger.exists(), "{what}: the first run wrote no ledger at {}", ledger.display());
    let b = if second_as_report {
        cli::publish_report(&rb_b, &["--ledger", &ledger_s])
    } else {
        publish(&rb_b, &["--ledger", &ledger_s])
    };
    let mut attacker = Attacker::new(world);
    attacker.read(&a.published);
    attacker.read(&b.published);
    attacker.solve().assert_nothing_found(what);
}

/// Unemployed persons by district, then unemployed Germans by district: the
/// difference is the foreigners (1 in Bezirk 1).
#[test]
fn attack_10_two_runs_with_different_filters() {
    let mut persons = Vec::new();
    for (d, foreign) in [(1, 1), (2, 6), (3, 7)] {
        persons.extend(many(foreign, worker(d, true, 40, true)));
        persons.extend(many(12, worker(d, false, 40, true)));
        persons.extend(many(30, worker(d, false, 40, false)));
    }
    let world = World {
        persons,
        domain: domain(3, 1, &[40]),
        indicators: vec![
            IndSpec::count("alo", pred(|p: &Person| p.unemployed)).by_area(districts(3)),
            IndSpec::count("alo_de", pred(|p: &Person| p.unemployed && !p.foreign)).by_area(districts(3)),
        ],
        checks: vec![],
        rules: Rules::default(),
    };
    let head = format!("{}{}", header(&[YEAR], "  min_count 3\n"), districts_decl(3));
    let a = format!(
        "{head}{}",
        indicator_decl("alo", "count", "count(register where unemployed == 1)", None, "bezirk")
    );
    let b = format!(
        "{head}{}",
        indicator_decl(
            "alo_de",
            "count",
            "count(register where unemployed == 1 and citizenship == \"DE\")",
            None,
            "bezirk"
        )
    );
    two_runs_with_a_ledger(&world, &a, &b, false, "two runs, filters all / Germans");
}

/// Foreigners by district, then by planning area: the second run's units
/// split the first run's, and a small planning area (2) is the difference
/// of its district and its published siblings.
#[test]
fn attack_11_second_run_with_a_finer_area_level() {
    let mut persons = Vec::new();
    for (d, k, foreign) in [(1, 1, 2), (1, 2, 10), (2, 1, 8), (2, 2, 9)] {
        persons.extend(many(foreign, Person { planning: k, ..person(YEAR, d, true, 40) }));
        persons.extend(many(20, Person { planning: k, ..person(YEAR, d, false, 40) }));
    }
    let foreign = pred(|p: &Person| p.foreign);
    let world = World {
        persons,
        domain: domain(2, 2, &[40]),
        indicators: vec![
            IndSpec::count("ausl_bz", foreign.clone()).by_area(districts(2)),
            IndSpec::count("ausl_pr", foreign).by_area(planning_areas(2, 2)),
        ],
        checks: vec![],
        rules: Rules::default(),
    };
    let num = "count(register where citizenship != \"DE\")";
    let head = header(&[YEAR], "  min_count 3\n");
    let a = format!("{head}{}{}", districts_decl(2), indicator_decl("ausl_bz", "count", num, None, "bezirk"));
    let b = format!(
        "{head}{}{}",
        planning_decl(2, 2),
        indicator_decl("ausl_pr", "count", num, None, "planungsraum")
    );
    two_runs_with_a_ledger(&world, &a, &b, false, "district run, then planning-area run");
}

/// An eval of the age-15..64 rulebook, then the report (Markdown) of the
/// age-15..65 one: the report is a publication like any other.
#[test]
fn attack_12_report_after_an_eval() {
    let world = age_filter_world();
    let a =
        format!("{}{}{}", header(&[YEAR], "  min_count 3\n"), districts_decl(3), age_indicator("alo_64", 64));
    let b =
        format!("{}{}{}", header(&[YEAR], "  min_count 3\n"), districts_decl(3), age_indicator("alo_65", 65));
    two_runs_with_a_ledger(&world, &a, &b, true, "eval, then a report of another rulebook");
}

// ------------------------------------------------------------------ 4 numerator ≤ denominator

#[test]
fn attack_4_numerator_bounded_by_published_denominator() {
    let mut persons = Vec::new();
    for (d, lf, unemployed) in [(1, 3, 2), (2, 25, 5), (3, 30, 6)] {
        persons.extend(many(unemployed, worker(d, true, 40, true)));
        persons.extend(many(lf - unemployed, worker(d, true, 40, false)));
    }
    let lf_foreign = pred(|p: &Person| p.foreign && (p.employed || p.unemployed));
    let world = World {
        persons,
        domain: domain(3, 1, &[40]),
        indicators: vec![IndSpec::rate("alq_ausl", unemployed_foreign(), lf_foreign).by_area(districts(3))],
        checks: vec![],
        rules: Rules::default(),
    };
    let text = format!(
        "{}{}{}",
        header(&[YEAR], "  min_count 3\n"),
        districts_decl(3),
        indicator_decl(
            "alq_ausl",
            "percent",
            "count(register where unemployed == 1 and citizenship != \"DE\")",
            Some("count(register where (employed == 1 or unemployed == 1) and citizenship != \"DE\")"),
            "bezirk"
        )
    );
    let (report, _) = attack(&world, &text, "numerator ≤ denominator");
    report.assert_nothing_found("numerator bounded by its published base");
}

// ------------------------------------------------------------------ 5 nested areas

#[test]
fn attack_5_nested_area_levels() {
    let mut persons = Vec::new();
    for (d, k, foreign) in [(1, 1, 1), (1, 2, 10), (1, 3, 12), (2, 1, 4), (2, 2, 30), (2, 3, 30)] {
        persons.extend(many(foreign, Person { planning: k, ..person(YEAR, d, true, 40) }));
        persons.extend(many(20, Person { planning: k, ..person(YEAR, d, false, 40) }));
    }
    let foreign = pred(|p: &Person| p.foreign);
    let world = World {
        persons,
        domain: domain(2, 3, &[40]),
        indicators: vec![
            IndSpec::count("ausl_pr", foreign.clone()).by_area(planning_areas(2, 3)),
            IndSpec::count("ausl_bz", foreign).by_area(districts(2)),
        ],
        checks: vec![],
        rules: Rules::default(),
    };
    let num = "count(register where citizenship != \"DE\")";
    let text = format!(
        "{}{}{}{}{}",
        header(&[YEAR], "  min_count 3\n"),
        planning_decl(2, 3),
        districts_decl(2),
        indicator_decl("ausl_pr", "count", num, None, "planungsraum"),
        indicator_decl("ausl_bz", "count", num, None, "bezirk"),
    );
    let (report, _) = attack(&world, &text, "planning areas and districts");
    report.assert_nothing_found("nested area levels");
}

// ------------------------------------------------------------------ 6 round_to

#[test]
fn attack_6_round_to_undone_by_published_rate() {
    let mut persons = many(7, worker(1, false, 40, true));
    persons.extend(many(16, worker(1, false, 40, false)));
    persons.extend(many(12, person(YEAR, 1, false, 40)));
    let unemployed = pred(|p: &Person| p.unemployed);
    let world = World {
        persons,
        domain: domain(1, 1, &[40]),
        indicators: vec![
            IndSpec::count("alo_anzahl", unemployed.clone()),
            IndSpec::rate("alo_quote", unemployed, pred(|p: &Person| p.employed || p.unemployed)),
        ],
        checks: vec![],
        rules: Rules { round_to: Some(5), ..Rules::default() },
    };
    let text = format!(
        "{}{}{}",
        header(&[YEAR], "  min_count 3\n  round_to 5\n"),
        indicator_decl("alo_anzahl", "count", "count(register where unemployed == 1)", None, ""),
        indicator_decl(
            "alo_quote",
            "percent",
            "count(register where unemployed == 1)",
            Some("count(register where employed == 1 or unemployed == 1)"),
            ""
        ),
    );
    let fx = write_fixture(&text, &world.persons);
    let p = publish(&fx.rulebook, &[]);
    assert_published(&p, "round_to");
    let mut a = Attacker::new(&world);
    a.read(&p.published);
    // Each rounded count must stay anywhere in its rounding interval.
    let b = 5.0;
    for row in p.published.rows.iter().filter(|r| r.origin == "csv") {
        for (part, n) in [(Part::Num, row.numerator), (Part::Den, row.denominator)] {
            let Some(printed) = n.value() else { continue };
            let Some(q) = a.cell(&row.key, part) else { continue };
            let interval = ((printed - b / 2.0).ceil().max(0.0), (printed + b / 2.0).ceil() - 1.0);
            a.target_within(
                vec![(q, 1.0)],
                format!("rounded {part:?} of {} (printed {printed})", row.key),
                interval,
            );
        }
    }
    a.solve().assert_nothing_found("round_to 5");
}

// ------------------------------------------------------------------ 7 reasons

const REASON_WORDS: &[&str] = &[
    "primary",
    "primär",
    "primaer",
    "secondary",
    "sekundär",
    "sekundaer",
    "zero",
    "primary_zero",
    "primary_small_count",
    "primary_small_base",
    "small_count",
    "small_base",
    "komplementär",
    "komplementaer",
    "complementary",
    "complementary_audit",
];

/// Words (letters, digits, `_`) of a published text that name a reason.
fn reason_words(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(str::to_lowercase)
        .filter(|w| REASON_WORDS.contains(&w.as_str()))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The eval JSON without the `small_base` hints of published findings, and
/// for every finding with a protected number what it says about itself
/// (classification, reason, annotations, the protected markers).
fn protected_findings(json: &str) -> (String, Vec<String>) {
    use serde_json::Value;
    let mut root: Value = serde_json::from_str(json).expect("eval JSON");
    let mut protected = Vec::new();
    let is_protected =
        |v: Option<&Value>| attacker::published::json_num(v) == attacker::published::Num::Protected;
    for ind in root.get_mut("indicators").and_then(Value::as_array_mut).into_iter().flatten() {
        for f in ind.get_mut("findings").and_then(Value::as_array_mut).into_iter().flatten() {
            let hidden = ["value", "numerator"].iter().any(|k| is_protected(f.get(*k)));
            if hidden {
                let pick = |k: &str| f.get(k).cloned().unwrap_or(Value::Null);
                let sig = serde_json::json!({
                    "value": pick("value"),
                    "numerator": pick("numerator"),
                    "classification": pick("classification"),
                    "reason": pick("reason"),
                    "annotations": pick("annotations"),
                    "band": pick("band"),
                    "trend": pick("trend"),
                });
                protected.push(sig.to_string());
            } else if let Some(a) = f.get_mut("annotations").and_then(Value::as_array_mut) {
                a.retain(|x| x.get("kind").and_then(Value::as_str) != Some("small_base"));
            }
        }
    }
    (root.to_string(), protected)
}

#[test]
fn attack_7_suppression_reasons_do_not_leak() {
    let mut persons = Vec::new();
    for (d, unemployed) in [(1, 2), (2, 0), (3, 5)] {
        persons.extend(many(unemployed, worker(d, true, 40, true)));
        persons.extend(many(20, worker(d, true, 40, false)));
        persons.extend(many(30, worker(d, false, 40, false)));
    }
    let text = format!(
        "{}{}{}",
        header(&[YEAR], "  min_count 3\n"),
        districts_decl(3),
        indicator_decl(
            "alq",
            "percent",
            "count(register where unemployed == 1)",
            Some("count(register where employed == 1 or unemployed == 1)"),
            "staat, bezirk"
        )
    );
    let fx = write_fixture(&text, &persons);
    let p = publish(&fx.rulebook, &[]);
    assert_published(&p, "reasons");
    let mut texts: Vec<(String, String)> = p.published.texts.clone();
    let rb = fx.rulebook.to_string_lossy().into_owned();
    for (fmt, name) in [("html", "report.html"), ("md", "report.md")] {
        let out = fx.path().join(name);
        let out_s = out.to_string_lossy().into_owned();
        let run = cli::run(&["report", &rb, "--format", fmt, "--out", &out_s], fx.path());
        texts.push((format!("report {fmt} stderr"), run.stderr));
        let body = std::fs::read_to_string(&out).unwrap_or_default();
        assert!(!body.is_empty(), "report --format {fmt} wrote nothing");
        texts.push((name.into(), body));
    }
    let table = cli::run(&["eval", &rb], fx.path());
    texts.push(("eval table".into(), table.stdout));
    // The JSON marks interpretation hints on *published* values with
    // `"kind": "small_base"` („Kleine Basis (90 Personen)“); that is about
    // a shown number, not a reason for hiding one. Protected findings must
    // all look alike, whatever hid them.
    let json = p.published.texts.iter().find(|(n, _)| n == "eval.json").map(|(_, t)| t.clone());
    let json = json.expect("eval.json published");
    let (scrubbed, protected) = protected_findings(&json);
    assert!(protected.len() >= 2, "the fixture should protect a primary and a complementary cell");
    let distinct: std::collections::BTreeSet<&String> = protected.iter().collect();
    assert!(
        distinct.len() == 1,
        "protected findings differ in what they say (reasons may leak):\n  {}",
        distinct.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n  ")
    );
    for t in texts.iter_mut().filter(|(n, _)| n == "eval.json") {
        t.1 = scrubbed.clone();
    }
    let leaks: Vec<String> = texts
        .iter()
        .filter_map(|(name, t)| {
            let w = reason_words(t);
            (!w.is_empty()).then(|| format!("{name}: {}", w.join(", ")))
        })
        .collect();
    assert!(
        leaks.is_empty(),
        "published outputs name suppression reasons (only the symbol may appear):\n  {}",
        leaks.join("\n  ")
    );
}

// ------------------------------------------------------------------ 8 group disclosure

#[test]
fn attack_8_group_disclosure_all_of_a_group() {
    let mut persons = Vec::new();
    for (d, lf, unemployed) in [(1, 5, 5), (2, 20, 4), (3, 20, 4)] {
        persons.extend(many(unemployed, worker(d, true, 40, true)));
        persons.extend(many(lf - unemployed, worker(d, true, 40, false)));
        persons.extend(many(3, worker(d, false, 40, true)));
        persons.extend(many(27, worker(d, false, 40, false)));
    }
    let world = World {
        persons,
        domain: domain(3, 1, &[40]),
        indicators: vec![IndSpec::rate(
            "alq",
            pred(|p: &Person| p.unemployed),
            pred(|p: &Person| p.employed || p.unemployed),
        )
        .by_dim(citizenship())
        .by_area(districts(3))],
        checks: vec![],
        rules: Rules::default(),
    };
    let text = format!(
        "{}{}{}",
        header(&[YEAR], "  min_count 3\n"),
        districts_decl(3),
        indicator_decl(
            "alq",
            "percent",
            "count(register where unemployed == 1)",
            Some("count(register where employed == 1 or unemployed == 1)"),
            "staat, bezirk"
        )
    );
    let (report, _) = attack(&world, &text, "group disclosure");
    assert!(
        report.find("complement").is_none(),
        "„5 of 5 foreigners in Bezirk 1 are unemployed“ can be read from the output: {}",
        report.find("complement").map(ToString::to_string).unwrap_or_default()
    );
    report.assert_nothing_found("group disclosure");
}

// ------------------------------------------------------------------ 9 magnitude

#[test]
fn attack_9_magnitude_sum_of_one_person() {
    let mut persons = vec![worker(1, true, 58, true)];
    persons.extend(many(4, worker(2, true, 40, true)));
    persons.extend(many(5, worker(3, true, 40, true)));
    for d in 1..=3 {
        persons.extend(many(30, worker(d, false, 40, false)));
    }
    let age_sum = IndSpec {
        num_weight: Some(std::sync::Arc::new(|p: &Person| f64::from(p.age))),
        ..IndSpec::count("alter_summe", unemployed_foreign()).by_area(districts(3))
    };
    let world = World {
        persons,
        domain: domain(3, 1, &[40, 58]),
        indicators: vec![age_sum],
        checks: vec![],
        rules: Rules { min_contributors: Some(3), ..Rules::default() },
    };
    let text = format!(
        "{}{}{}",
        header(&[YEAR], "  min_count 3\n  min_contributors 3\n"),
        districts_decl(3),
        indicator_decl(
            "alter_summe",
            "count",
            "sum(register.age where unemployed == 1 and citizenship != \"DE\")",
            None,
            "bezirk"
        )
    );
    let (report, p) = attack(&world, &text, "magnitude");
    // Magnitude rule: a published sum needs at least min_contributors persons.
    let mut few = Vec::new();
    for row in &p.published.rows {
        let Some(v) = row.numerator.value().or(row.value.value()) else { continue };
        let Some(area) = districts(3).units.iter().find(|(n, _)| *n == row.key.area).map(|(_, p)| p.clone())
        else {
            continue;
        };
        let n = world
            .persons
            .iter()
            .filter(|p| p.year == row.key.year && area(p) && p.unemployed && p.foreign)
            .count();
        if n < 3 {
            few.push(format!("{} ({}): sum {v} of {n} person(s)", row.key, row.origin));
        }
    }
    assert!(few.is_empty(), "published sums backed by fewer than 3 contributors:\n  {}", few.join("\n  "));
    report.assert_nothing_found("magnitude table");
}

// ------------------------------------------------------------------ generated cases

/// A small deterministic generator (the test's knowledge of the data).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const GEN_AGES: [u32; 6] = [10, 30, 50, 64, 65, 70];

/// Templates of the rulebook family, as a bit mask.
const T_RATES: u8 = 1;
const T_OVERLAP: u8 = 2;
const T_COMPLEMENT: u8 = 4;
const T_NESTED: u8 = 8;

/// A generated case: the world and its rulebook text.
fn generated_case(seed: u64, persons: usize, nd: u8, years: u8, templates: u8) -> (World, String) {
    let mut rng = Rng(seed);
    let nested = templates & T_NESTED != 0;
    let planning: u8 = if nested { 2 } else { 1 };
    let year_list: Vec<i32> = (0..i32::from(years)).map(|i| 2024 - i).collect();
    // Districts get different sizes so that some cells are small.
    let weights: Vec<u64> = (0..nd).map(|_| 1 + rng.below(6)).collect();
    let total_w: u64 = weights.iter().sum();
    let mut people = Vec::with_capacity(persons);
    for _ in 0..persons {
        let mut pick = rng.below(total_w);
        let mut district = 1;
        for (i, w) in weights.iter().enumerate() {
            if pick < *w {
                district = i as u8 + 1;
                break;
            }
            pick -= w;
        }
        let status = rng.below(100);
        people.push(Person {
            year: year_list[rng.below(year_list.len() as u64) as usize],
            district,
            planning: 1 + rng.below(u64::from(planning)) as u8,
            foreign: rng.chance(25),
            age: GEN_AGES[rng.below(GEN_AGES.len() as u64) as usize],
            employed: status < 55,
            unemployed: (55..67).contains(&status),
            flag: false,
        });
    }
    let dists = districts_decl(nd);
    let mut text = header(&year_list, "  min_count 3\n");
    text.push_str(&dists);
    if nested {
        text.push_str(&planning_decl(nd, planning));
    }
    let mut inds = Vec::new();
    let working_age = |to: u32| pred(move |p: &Person| (15..=to).contains(&p.age));
    if templates & T_RATES != 0 {
        let wa = working_age(64);
        let wa2 = working_age(64);
        inds.push(
            IndSpec::rate(
                "alq",
                pred(move |p| p.unemployed && wa(p)),
                pred(move |p| (p.employed || p.unemployed) && wa2(p)),
            )
            .by_dim(citizenship())
            .by_area(districts(nd)),
        );
        text.push_str(&indicator_decl(
            "alq",
            "percent",
            "count(register where unemployed == 1 and age in 15..64)",
            Some("count(register where (employed == 1 or unemployed == 1) and age in 15..64)"),
            "staat, bezirk",
        ));
    }
    if templates & T_OVERLAP != 0 {
        for to in [64u32, 65] {
            let wa = working_age(to);
            let id = format!("alo_{to}");
            inds.push(IndSpec::count(&id, pred(move |p| p.unemployed && wa(p))).by_area(districts(nd)));
            text.push_str(&age_indicator(&id, to));
        }
    }
    if templates & T_COMPLEMENT != 0 {
        for (id, foreign) in [("anteil_ausl", true), ("anteil_de", false)] {
            inds.push(IndSpec::rate(id, pred(move |p| p.foreign == foreign), all()).by_area(districts(nd)));
            let op = if foreign { "!=" } else { "==" };
            text.push_str(&indicator_decl(
                id,
                "percent",
                &format!("count(register where citizenship {op} \"DE\")"),
                Some("count(register)"),
                "bezirk",
            ));
        }
    }
    if nested {
        let num = "count(register where citizenship != \"DE\")";
        inds.push(IndSpec::count("ausl_pr", pred(|p| p.foreign)).by_area(planning_areas(nd, planning)));
        inds.push(IndSpec::count("ausl_bz", pred(|p| p.foreign)).by_area(districts(nd)));
        text.push_str(&indicator_decl("ausl_pr", "count", num, None, "planungsraum"));
        text.push_str(&indicator_decl("ausl_bz", "count", num, None, "bezirk"));
    }
    let world = World {
        persons: people,
        domain: Domain {
            years: year_list,
            districts: nd,
            planning_per_district: planning,
            ages: GEN_AGES.to_vec(),
            flag: false,
        },
        indicators: inds,
        checks: vec![],
        rules: Rules::default(),
    };
    (world, text)
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|s| s.trim().parse().ok())
}

/// `KIMON_ATTACK_CASES` (default 2,000: issue 11 asks for at least that
/// many per CI run).
fn attack_cases() -> u64 {
    env_u64("KIMON_ATTACK_CASES").unwrap_or(2000)
}

/// CPU time of this process so far (user + system, all threads), from
/// `/proc/self/stat`; `None` where that does not exist. Printed next to the
/// wall time because the wall time depends on what else the machine runs.
fn process_cpu() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may contain spaces) in parentheses.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(std::time::Duration::from_millis(ticks * 10))
}

/// The parameters of generated case `i` (deterministic for a base seed).
#[derive(Debug, Clone, Copy)]
struct CaseParams {
    seed: u64,
    persons: usize,
    districts: u8,
    years: u8,
    templates: u8,
}

fn case_params(base: u64, i: u64) -> CaseParams {
    let mut rng = Rng(base ^ i.wrapping_mul(0xA076_1D64_78BD_642F));
    CaseParams {
        seed: rng.next(),
        persons: 30 + rng.below(270) as usize,
        districts: 2 + rng.below(5) as u8,
        years: 1 + rng.below(3) as u8,
        templates: 1 + rng.below(15) as u8,
    }
}

/// Where a case's time went.
#[derive(Debug, Default, Clone, Copy)]
struct CaseTime {
    kimon: std::time::Duration,
    solver: std::time::Duration,
    lp_solves: usize,
    integer_solves: usize,
    integer_undecided: usize,
    settled_by_points: usize,
    targets: usize,
}

/// One generated case: publish, attack; `Err` describes what was found.
fn attack_generated(c: CaseParams, second_run: bool, time: &mut CaseTime) -> Result<(), String> {
    let CaseParams { seed, persons, districts, years, templates } = c;
    let (world, text) = generated_case(seed, persons, districts, years, templates);
    let fx = write_fixture(&text, &world.persons);
    let t0 = std::time::Instant::now();
    let p = if std::env::var_os("KIMON_ATTACK_CLI").is_some() {
        publish(&fx.rulebook, &[])
    } else {
        attacker::library::publish(&fx.rulebook, second_run)
    };
    time.kimon += t0.elapsed();
    if p.refused.is_some() && p.published.rows.is_empty() {
        // Refusing to publish discloses nothing — unless it is an error in
        // the generated rulebook, which would hide every other case.
        let why = p.refused.unwrap_or_default();
        return if why.contains("error[") || why.contains("kimon::") && !why.contains("audit") {
            Err(format!("kimon rejected a generated rulebook: {why}\n{text}"))
        } else {
            Ok(())
        };
    }
    let t1 = std::time::Instant::now();
    let mut a = Attacker::new(&world);
    a.read(&p.published);
    let report = a.solve();
    time.solver += t1.elapsed();
    time.lp_solves += report.lp_solves;
    time.integer_solves += report.integer_solves;
    time.integer_undecided += report.integer_undecided;
    time.settled_by_points += report.settled_by_points;
    time.targets += report.targets;
    if report.broken.is_empty() {
        Ok(())
    } else {
        // KIMON_ATTACK_KEEP=1 keeps the failing fixture for inspection.
        let kept = if std::env::var_os("KIMON_ATTACK_KEEP").is_some() {
            format!("kept in {}", fx.dir.keep().display())
        } else {
            "set KIMON_ATTACK_KEEP=1 to keep it".to_string()
        };
        Err(format!(
            "{} cell(s) broken (templates {templates:#06b}, fixture {kept}):\n  {}",
            report.broken.len(),
            report.broken.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  ")
        ))
    }
}

/// `KIMON_ATTACK_CASES` generated worlds and rulebooks (default 2,000), run on
/// `KIMON_ATTACK_THREADS` threads (default: available parallelism). The
/// cases are fixed by `KIMON_ATTACK_SEED` (a default seed otherwise);
/// `KIMON_ATTACK_CASE=i` runs only case `i` (as named in a failure).
#[test]
fn attacker_finds_nothing_on_generated_cases() {
    run_generated();
}

fn run_generated() {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Mutex;
    let base = env_u64("KIMON_ATTACK_SEED").unwrap_or(0x6B69_6D6F_6E31_3131);
    let cases: Vec<u64> = match env_u64("KIMON_ATTACK_CASE") {
        Some(i) => vec![i],
        None => (0..attack_cases()).collect(),
    };
    let threads = env_u64("KIMON_ATTACK_THREADS")
        .map(|t| t.max(1) as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from));
    let second_run_every = env_u64("KIMON_ATTACK_SECOND_RUN_EVERY").unwrap_or(8).max(1);
    let next = AtomicU64::new(0);
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let total: Mutex<CaseTime> = Mutex::new(CaseTime::default());
    let start = std::time::Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut time = CaseTime::default();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed) as usize;
                    let Some(&i) = cases.get(k) else { break };
                    let c = case_params(base, i);
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        attack_generated(c, i % second_run_every == 0, &mut time)
                    }));
                    let err = match result {
                        Ok(Ok(())) => continue,
                        Ok(Err(e)) => e,
                        Err(panic) => panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                            .unwrap_or_else(|| "panic".into()),
                    };
                    failures.lock().unwrap().push(format!(
                        "case {i} (KIMON_ATTACK_SEED={base} KIMON_ATTACK_CASE={i}, {c:?}): {err}"
                    ));
                }
                let mut t = total.lock().unwrap();
                t.kimon += time.kimon;
                t.solver += time.solver;
                t.lp_solves += time.lp_solves;
                t.integer_solves += time.integer_solves;
                t.integer_undecided += time.integer_undecided;
                t.settled_by_points += time.settled_by_points;
                t.targets += time.targets;
            });
        }
    });
    let t = *total.lock().unwrap();
    let cpu = process_cpu().map_or(String::new(), |c| format!(", process CPU {c:.1?}"));
    eprintln!(
        "generated cases: {} in {:.1?} wall on {threads} thread(s){cpu}; publishing {:.1?}, attacker {:.1?} \
         (summed over threads); {} targets, {} target sides settled by known integer points, {} LPs, \
         {} integer programmes, {} integer bounds undecided (LP bound used)",
        cases.len(),
        start.elapsed(),
        t.kimon,
        t.solver,
        t.targets,
        t.settled_by_points,
        t.lp_solves,
        t.integer_solves,
        t.integer_undecided
    );
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    // Which kinds of cells were broken, over all failing cases.
    let mut kinds: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for line in failures.iter().flat_map(|f| f.lines()).filter(|l| l.starts_with("  ")) {
        let l = line.trim_start();
        let kind = if l.starts_with("complement") {
            let zero = l.contains("true value 0 ");
            if zero { "complement 0 (all of a group)" } else { "complement 1..min_count" }.to_string()
        } else if let Some(rest) = l.strip_prefix("sensitive ") {
            let why = rest.split_once('(').map_or("", |(_, w)| w);
            let why = why.split([',', ';']).next().unwrap_or("");
            let shown = if l.contains("PUBLISHED") { "published" } else { "protected" };
            format!("sensitive {} ({why}, {shown})", &rest[..3])
        } else {
            l.split(['(', ':']).next().unwrap_or(l).trim().to_string()
        };
        *kinds.entry(kind).or_default() += 1;
    }
    if !kinds.is_empty() {
        eprintln!("broken cells by kind: {kinds:?}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} generated cases broken:\n{}",
        failures.len(),
        cases.len(),
        failures.iter().take(5).cloned().collect::<Vec<_>>().join("\n")
            + "\nall failing cases: "
            + &*failures.iter().filter_map(|f| f.split(' ').nth(1)).collect::<Vec<_>>().join(", ")
    );
}

// ------------------------------------------------------------------ shipped rulebooks

#[test]
fn attacker_on_shipped_rulebooks() {
    let dir = kimon_tests::repo().join("rulebooks");
    let mut books: Vec<_> = std::fs::read_dir(&dir)
        .expect("read rulebooks/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "kimon"))
        .collect();
    books.sort();
    assert!(!books.is_empty(), "no shipped rulebooks found in {}", dir.display());
    let texts: Vec<String> = books.iter().filter_map(|b| std::fs::read_to_string(b).ok()).collect();
    let dims = attacker::structural::dimensions(&texts);
    let mut failures = Vec::new();
    for book in &books {
        // Outputs go to a temp dir; the rulebook is read in place.
        let out = tempfile::tempdir().expect("temp dir");
        let rb = book.to_string_lossy().into_owned();
        let mut published = Published::default();
        let eval = cli::run(&["eval", &rb, "--format", "json"], &dir);
        if eval.code != Some(0) {
            failures.push(format!("{}: eval failed: {}", book.display(), eval.stderr));
            continue;
        }
        attacker::published::parse_json(&eval.stdout, &mut published).expect("eval JSON");
        let csv = out.path().join("export.csv");
        let csv_s = csv.to_string_lossy().into_owned();
        let export = cli::run(&["export", &rb, "--format", "csv", "--out", &csv_s], &dir);
        if export.code == Some(0) {
            let text = std::fs::read_to_string(&csv).unwrap_or_default();
            attacker::published::parse_csv(&text, &mut published).expect("export CSV");
        }
        let min_count = std::fs::read_to_string(book).map_or(3, |t| attacker::structural::min_count(&t));
        match attacker::structural::attack(&published, &dims, min_count) {
            Ok((pinned, checked)) => {
                for p in pinned {
                    failures.push(format!(
                        "{}: {} within [{}, {}] ({checked} protected cells checked)",
                        book.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
                        p.label,
                        p.lo,
                        p.hi
                    ));
                }
            }
            Err(e) => failures.push(format!("{}: {e}", book.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "protected cells of shipped rulebooks pinned by published relations:\n  {}",
        failures.join("\n  ")
    );
}

/// Sanity check of the attacker itself: on a table with enough persons in
/// every cell nothing is protected, and a lone small cell with a published
/// total and one published sibling is found.
#[test]
fn attacker_recovers_a_textbook_difference() {
    let world = World {
        persons: vec![person(YEAR, 1, true, 40), person(YEAR, 2, true, 40)],
        domain: domain(2, 1, &[40]),
        indicators: vec![IndSpec::count("n", pred(|p| p.foreign)).by_area(districts(2))],
        checks: vec![],
        rules: Rules::default(),
    };
    let mut published = Published::default();
    let csv = "indikator,jahr,gebiet,gruppe,wert,zaehler,nenner\n\
               n,2024,Bezirk 1,alle Personen,.,.,\n\
               n,2024,Bezirk 2,alle Personen,1,1,\n\
               n,2024,Teststadt,alle Personen,2,2,\n";
    attacker::published::parse_csv(csv, &mut published).expect("csv");
    let mut a = Attacker::new(&world);
    a.read(&published);
    let report = a.solve();
    let b = report.find("sensitive Num of n 2024 Bezirk 1").expect("the textbook difference is found");
    assert_eq!((b.lo, b.hi), (1.0, 1.0));
    let _ = CellKey { indicator: String::new(), year: 0, area: String::new(), group: String::new() };
}

/// … and it does not cry wolf: two suppressed cells of 2 and 2 next to a
/// published total stay within [0, 4], their protection interval; and a
/// large cell withheld only as a complement is no target at all.
#[test]
fn attacker_accepts_a_protected_pair() {
    let mut persons = many(2, person(YEAR, 1, true, 40));
    persons.extend(many(2, person(YEAR, 2, true, 40)));
    persons.extend(many(30, person(YEAR, 3, true, 40)));
    let world = World {
        persons,
        domain: domain(3, 1, &[40]),
        indicators: vec![IndSpec::count("n", pred(|p| p.foreign)).by_area(districts(3))],
        checks: vec![],
        rules: Rules::default(),
    };
    let mut published = Published::default();
    let csv = "indikator,jahr,gebiet,gruppe,wert,zaehler,nenner\n\
               n,2024,Bezirk 1,alle Personen,.,.,\n\
               n,2024,Bezirk 2,alle Personen,.,.,\n\
               n,2024,Bezirk 3,alle Personen,30,30,\n\
               n,2024,Teststadt,alle Personen,34,34,\n";
    attacker::published::parse_csv(csv, &mut published).expect("csv");
    let mut a = Attacker::new(&world);
    a.read(&published);
    let report = a.solve();
    assert!(report.targets >= 2, "both suppressed cells are attacked");
    report.assert_nothing_found("a correctly protected pair");

    // 2 hidden, 30 hidden as its complement, total 34 and 2 published: the
    // 30 is pinned exactly, but it is not sensitive.
    let mut published = Published::default();
    let csv = "indikator,jahr,gebiet,gruppe,wert,zaehler,nenner\n\
               n,2024,Bezirk 1,alle Personen,.,.,\n\
               n,2024,Bezirk 2,alle Personen,.,.,\n\
               n,2024,Bezirk 3,alle Personen,.,.,\n\
               n,2024,Teststadt,alle Personen,34,34,\n";
    attacker::published::parse_csv(csv, &mut published).expect("csv");
    let mut a = Attacker::new(&world);
    a.read(&published);
    let report = a.solve();
    assert!(report.targets >= 2);
    assert!(report.broken.iter().all(|b| !b.label.contains("Bezirk 3")), "a complement is no target");
    report.assert_nothing_found("complements need no interval");
}

/// The attacker stays independent (issue 11): its files name no kimon
/// crate at all, and the harness that publishes for it (`cli.rs`,
/// `library.rs`) goes through the commands' library calls, never through
/// the protection layer's own modules.
#[test]
fn attacker_shares_no_code_with_the_protection_layer() {
    let dir = kimon_tests::repo().join("tests/tests/attacker");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("read tests/tests/attacker")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let publishing = ["cli.rs", "library.rs"];
    let mut offences = Vec::new();
    for f in &files {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(f).expect("read attacker source");
        let forbidden: &[&str] = if publishing.contains(&name.as_str()) {
            &["kimon_engine::privacy", "kimon_engine::publish", "kimon_engine::{"]
        } else {
            &["kimon_engine", "kimon_tests", "kimon_grammar"]
        };
        for word in forbidden {
            if text.contains(word) {
                offences.push(format!("{name} uses `{word}`"));
            }
        }
    }
    assert!(files.len() >= 6, "attacker sources not found in {}", dir.display());
    assert!(
        offences.is_empty(),
        "the attacker must not share code with kimon's protection:\n  {}",
        offences.join("\n  ")
    );
}
