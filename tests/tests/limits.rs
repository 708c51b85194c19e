//! Resource limits on data: an area column with more distinct codes than
//! `MAX_DISTINCT_CODES` (e.g. a person id declared as area by mistake)
//! stops the evaluation with a diagnostic instead of exhausting memory.

use kimon_engine::eval::Control;
use kimon_engine::limits::MAX_DISTINCT_CODES;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Options};
use std::fmt::Write;

#[test]
fn too_many_area_codes_is_an_error() {
    let dir = std::env::temp_dir().join(format!("kimon-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rulebook = r#"
source r "Register" { kind microdata; file "r.csv" }
area person "Person (falsch als Gebiet)" { column person_id; total "alle" }
field f "Feld" { steerable yes }
indicator n "Anzahl" {
  field f
  purpose "Zählt."
  unit count
  polarity higher
  numerator count(r)
  by person
  thresholds value { strength >= 1 }
}
"#;
    std::fs::write(dir.join("rb.kimon"), rulebook).unwrap();
    let mut csv = String::from("year,person_id\n");
    for i in 0..=MAX_DISTINCT_CODES {
        let _ = writeln!(csv, "2024,p{i}");
    }
    std::fs::write(dir.join("r.csv"), csv).unwrap();
    let result = evaluate(&dir.join("rb.kimon"), &Options::default(), Lang::De, &Control::default());
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(_) => panic!("evaluation should stop"),
        Err(f) => assert!(
            f.diags.items.iter().any(|d| d.code == "kimon::data-too-many-codes"),
            "{:?}",
            f.diags.items.iter().map(|d| &d.code).collect::<Vec<_>>()
        ),
    }
}
