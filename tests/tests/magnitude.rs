//! Magnitude rules for sums of amounts over persons (`sum(register.income
//! …)`): a published sum must not reveal one person's amount — not when few
//! persons are behind it, not when one contribution dominates it ((n, k)
//! dominance, p % rule), and not by differencing two published sums.
//! Expected outcomes are decided here from the generated persons.

use kimon_engine::eval::{AreaKey, Control};
use kimon_engine::publish::Shown;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use std::collections::BTreeMap;
use std::fmt::Write as _;

struct Person {
    district: &'static str,
    age: u32,
    income: u64,
}

fn persons() -> Vec<Person> {
    let mut v = Vec::new();
    // D1: nine ordinary incomes and one very large one (dominance, p %).
    for i in 0..9 {
        v.push(Person { district: "D1", age: 30 + i, income: 20_000 });
    }
    v.push(Person { district: "D1", age: 50, income: 2_000_000 });
    // D2: two persons only.
    v.push(Person { district: "D2", age: 40, income: 30_000 });
    v.push(Person { district: "D2", age: 41, income: 31_000 });
    // D3 and D4: ten similar incomes each; D3 also one 65-year-old.
    for d in ["D3", "D4"] {
        for i in 0..10 {
            v.push(Person { district: d, age: 25 + i, income: 30_000 + 1_000 * u64::from(i) });
        }
    }
    v.push(Person { district: "D3", age: 65, income: 47_000 });
    v
}

fn csv(persons: &[Person]) -> String {
    let mut s = String::from("person_id,year,district,age,income\n");
    for (i, p) in persons.iter().enumerate() {
        let _ = writeln!(s, "P{i},2024,{},{},{}", p.district, p.age, p.income);
    }
    s
}

fn rulebook(privacy: &str, indicators: &[(&str, u32)]) -> String {
    let mut s = format!(
        "rulebook \"Summen\" {{\n  municipality \"Stadt\"\n  years 2024..2024\n}}\n\n\
         source register \"Register\" {{\n  kind microdata\n  file \"register.csv\"\n}}\n\n\
         field f \"Feld\" {{ steerable yes }}\n\nprivacy {{\n{privacy}}}\n\n\
         area bezirk \"Bezirk\" {{\n  column district\n  unit \"D1\" \"Bezirk 1\"\n  unit \"D2\" \"Bezirk 2\"\n  \
         unit \"D3\" \"Bezirk 3\"\n  unit \"D4\" \"Bezirk 4\"\n  total \"Stadt\"\n}}\n\n"
    );
    for (id, to) in indicators {
        let _ = write!(
            s,
            "indicator {id} \"Einkommen bis {to}\" {{\n  field f\n  purpose \"Test.\"\n  unit count\n  polarity neutral\n  \
             numerator sum(register.income where age in 15..{to})\n  by bezirk\n}}\n\n"
        );
    }
    s
}

fn run(text: &str) -> Evaluated {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("register.csv"), csv(&persons())).expect("data");
    std::fs::write(dir.path().join("r.kimon"), text).expect("rulebook");
    match evaluate(&dir.path().join("r.kimon"), &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{:?}", f.diags.items.iter().map(|d| &d.message).collect::<Vec<_>>()),
    }
}

fn sums(e: &Evaluated, id: &str) -> BTreeMap<String, Option<f64>> {
    e.published
        .tables
        .get(id)
        .expect("table")
        .cells
        .iter()
        .map(|(k, c)| {
            let area = match &k.area {
                AreaKey::Unit(u) => u.clone(),
                AreaKey::Total => "Stadt".into(),
            };
            (area, if let Shown::Value(v) = c.numerator { Some(v) } else { None })
        })
        .collect()
}

fn true_sum(district: &str, to: u32) -> f64 {
    persons().iter().filter(|p| p.district == district && p.age <= to).map(|p| p.income as f64).sum()
}

#[test]
fn few_persons_and_dominated_sums_are_withheld() {
    let e = run(&rulebook("  min_count 3\n  dominance_n 1\n  dominance_k 85%\n", &[("ek", 64)]));
    let s = sums(&e, "ek");
    assert_eq!(s.get("D2"), Some(&None), "two persons' incomes published: {s:?}");
    assert_eq!(s.get("D1"), Some(&None), "a sum 92 % of which is one person's income was published: {s:?}");
    // Protection must not make the table useless: a district of ten
    // similar incomes is published, exactly.
    let published: Vec<f64> = s.values().flatten().copied().collect();
    assert!(!published.is_empty(), "everything withheld: {s:?}");
    for (d, v) in &s {
        if let (Some(v), true) = (v, d.starts_with('D')) {
            assert_eq!(*v, true_sum(d, 64), "district {d}");
        }
    }
    // And no published combination gives D1 back: it is not the total
    // minus the other published districts.
    if let Some(Some(total)) = s.get("Stadt") {
        let others: Option<f64> = ["D2", "D3", "D4"].iter().map(|d| s.get(*d).copied().flatten()).sum();
        if let Some(others) = others {
            assert!((total - others - true_sum("D1", 64)).abs() > 1.0, "D1 = total − others: {s:?}");
        }
    }
}

#[test]
fn the_p_percent_rule_catches_the_same_dominance() {
    let e = run(&rulebook("  min_count 3\n  p_percent 10%\n", &[("ek", 64)]));
    let s = sums(&e, "ek");
    assert_eq!(s.get("D1"), Some(&None), "p % rule: 9·20,000 < 10 % of 2,000,000: {s:?}");
    // Without any magnitude rule D1 has ten persons and is published —
    // the rule, not the person count, withholds it.
    let plain = sums(&run(&rulebook("  min_count 3\n", &[("ek", 64)])), "ek");
    assert_eq!(plain.get("D1"), Some(&Some(true_sum("D1", 64))), "{plain:?}");
}

#[test]
fn one_persons_income_is_not_revealed_by_differencing_two_sums() {
    let e = run(&rulebook("  min_count 3\n", &[("ek64", 64), ("ek65", 65)]));
    let a = sums(&e, "ek64");
    let b = sums(&e, "ek65");
    for d in ["D1", "D2", "D3", "D4", "Stadt"] {
        if let (Some(Some(x)), Some(Some(y))) = (a.get(d), b.get(d)) {
            assert!((y - x).abs() < 0.5, "{d}: {y} − {x} is one person's income");
        }
    }
}
