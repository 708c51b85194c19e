//! `p`/`r` flags on published numbers (`12.100 p`) travel into the
//! findings (a JSON field and an annotation) and the report (after the
//! value, explained in the table's key); the numbers are read as numbers.

use kimon_engine::eval::{AreaKey, Control};
use kimon_engine::model::Audience;
use kimon_engine::report::doc;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use std::path::Path;

fn ok() -> Evaluated {
    let path = Path::new("fixtures/real/flags/flags.kimon");
    match evaluate(path, &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{:?}", f.diags.items.iter().map(|d| &d.message).collect::<Vec<_>>()),
    }
}

/// (district, population, foreigners, flags seen) of 2022, read here.
fn rows_2022() -> Vec<(String, f64, f64, String)> {
    let text = std::fs::read_to_string("fixtures/real/flags/bezirke_vorlaeufig.csv").unwrap_or_default();
    text.lines()
        .skip(1)
        .filter(|l| l.starts_with("2022;"))
        .map(|l| {
            let f: Vec<&str> = l.split(';').collect();
            let num = |s: &str| s.trim_end_matches([' ', 'p', 'r']).parse::<f64>().unwrap_or(f64::NAN);
            let flags: String = [f[2], f[3]].iter().filter_map(|s| s.split(' ').nth(1)).collect();
            (f[1].to_string(), num(f[2]), num(f[3]), flags)
        })
        .collect()
}

#[test]
fn flags_are_findings_fields_and_annotations() {
    let e = ok();
    let json = serde_json::to_value(&e.findings).unwrap_or_default();
    let findings = json["indicators"][0]["findings"].as_array().cloned().unwrap_or_default();
    let rows = rows_2022();
    for (code, pop, foreign, flags) in &rows {
        let f = findings.iter().find(|f| f["area"]["code"] == *code).unwrap_or_else(|| {
            panic!("no finding for {code}: {:?}", findings.iter().map(|f| &f["area"]).collect::<Vec<_>>())
        });
        // Distinct flags of numerator and denominator, in the order p, r.
        let want: Vec<String> =
            ['p', 'r'].iter().filter(|c| flags.contains(**c)).map(|c| c.to_string()).collect();
        assert_eq!(f["flags"], serde_json::json!(want), "{code}");
        let typed = e.findings.indicators[0].findings.iter().find(|f| f.area == AreaKey::Unit(code.clone()));
        let value = typed.and_then(|f| f.value.value()).unwrap_or(f64::NAN);
        assert!((value - foreign / pop * 100.0).abs() < 1e-9, "{code}: {value}");
    }
    // The city total is made of a provisional and a revised value.
    let total = e.findings.indicators[0].findings.iter().find(|f| f.area == AreaKey::Total).expect("total");
    assert_eq!(total.flags, vec!["p", "r"]);
    let texts: Vec<&str> = total.annotations.iter().map(|a| a.text.as_str()).collect();
    assert!(texts.contains(&"Angabe der Quelle: vorläufig (p), berichtigt (r)."), "{texts:?}");
    let pop: f64 = rows.iter().map(|r| r.1).sum();
    let foreign: f64 = rows.iter().map(|r| r.2).sum();
    assert!((total.value.value().unwrap_or(f64::NAN) - foreign / pop * 100.0).abs() < 1e-9);
}

#[test]
fn the_report_prints_flags_and_explains_them() {
    let e = ok();
    let d = doc::build(&e, Audience::Verwaltung, Lang::De);
    let table = d
        .tables()
        .find(|t| t.indicator.as_deref() == Some("anteil") && t.caption.starts_with("Befunde"))
        .expect("findings table");
    assert_eq!(table.header[2], "Wert");
    let values: Vec<&str> = table.rows.iter().map(|r| r[2].as_str()).collect();
    assert!(values.iter().any(|v| v.ends_with(" p")), "{values:?}");
    assert!(values.iter().any(|v| v.ends_with(" r")), "{values:?}");
    assert!(values.iter().any(|v| v.ends_with(" pr")), "{values:?}");
    assert!(
        table.footnote.contains("„p“ vorläufig") && table.footnote.contains("„r“ berichtigt"),
        "{}",
        table.footnote
    );
}
