//! Possible empty atoms (LEAKS.md L2): where every person of a rate's base
//! is in its numerator („5 of 5 are unemployed“), the atom table gets the
//! empty combination „in the base, not in the numerator“ as an unknown — but
//! only when it is logically possible. An impossible one (a filter reads the
//! district column, so a row cannot be moved there) would make the audit
//! trust an unknown the reader knows to be 0.

use kimon_engine::eval::Control;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};

/// Bezirk D1: 5 in the labour force, all unemployed; D2 and D3: 4 of 20.
fn register() -> String {
    let mut s = String::from("person_id,year,district,unemployed,employed\n");
    let mut id = 0;
    for (d, lf, unemployed) in [(1, 5, 5), (2, 20, 4), (3, 20, 4)] {
        for i in 0..lf + 10 {
            id += 1;
            let (u, e) = if i < unemployed {
                (1, 0)
            } else if i < lf {
                (0, 1)
            } else {
                (0, 0)
            };
            s.push_str(&format!("P{id},2024,D{d},{u},{e}\n"));
        }
    }
    s
}

fn rulebook(extra_filter: &str) -> String {
    format!(
        "rulebook \"Leer\" {{\n  municipality \"Stadt\"\n  years 2024..2024\n}}\n\n\
         source register \"Register\" {{\n  kind microdata\n  file \"register.csv\"\n}}\n\n\
         field f \"Feld\" {{ steerable yes }}\n\nprivacy {{\n  min_count 3\n}}\n\n\
         area bezirk \"Bezirk\" {{\n  column district\n  unit \"D1\" \"Bezirk 1\"\n  unit \"D2\" \"Bezirk 2\"\n  \
         unit \"D3\" \"Bezirk 3\"\n  total \"Stadt\"\n}}\n\n\
         indicator alq \"Arbeitslosenquote\" {{\n  field f\n  purpose \"Test.\"\n  unit percent\n  \
         polarity lower\n  numerator count(register where unemployed == 1{extra_filter})\n  \
         denominator count(register where (employed == 1 or unemployed == 1){extra_filter})\n  by bezirk\n}}\n"
    )
}

fn run(text: &str) -> Evaluated {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("register.csv"), register()).expect("write data");
    let rb = dir.path().join("leer.kimon");
    std::fs::write(&rb, text).expect("write rulebook");
    let opts = Options::default();
    evaluate(&rb, &opts, Lang::De, &Control::default()).unwrap_or_else(|f| {
        panic!("{:?}", f.diags.items.iter().map(|d| d.message.clone()).collect::<Vec<_>>())
    })
}

fn empty_atoms(e: &Evaluated) -> Vec<(i32, Vec<String>, Vec<bool>)> {
    let atoms = e.eval.atoms.get("register").expect("register atoms");
    atoms.atoms.iter().filter(|a| a.rows == 0).map(|a| (a.year, a.codes.clone(), a.passes.clone())).collect()
}

#[test]
fn five_of_five_gets_exactly_the_possible_empty_atom() {
    let e = run(&rulebook(""));
    let empty = empty_atoms(&e);
    assert_eq!(empty.len(), 1, "{empty:?}");
    let (year, codes, passes) = &empty[0];
    assert_eq!((*year, codes.as_slice()), (2024, &["D1".to_string()][..]));
    // In the base (an employed person), not in the numerator.
    let plan_order_num_first = passes.iter().filter(|p| **p).count() == 1;
    assert!(plan_order_num_first, "exactly the base filter holds: {passes:?}");
    // The rate of Bezirk 1 is no longer published as 100 %.
    let t = e.published.tables.get("alq").expect("alq");
    let d1 = t
        .cells
        .iter()
        .find(|(k, _)| matches!(&k.area, kimon_engine::eval::AreaKey::Unit(u) if u == "D1"))
        .expect("D1");
    assert!(
        !matches!((d1.1.numerator, d1.1.denominator), (kimon_engine::publish::Shown::Value(n), Some(kimon_engine::publish::Shown::Value(d))) if n == d),
        "5 of 5 still published"
    );
}

#[test]
fn no_empty_atom_when_a_filter_reads_the_area_column() {
    // The filter now names the district: moving a row to D1 would change
    // what it says, so the empty atom is not provably possible.
    let e = run(&rulebook(" and district != \"D9\""));
    assert!(empty_atoms(&e).is_empty(), "{:?}", empty_atoms(&e));
}
