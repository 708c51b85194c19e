//! Nothing is dropped silently: a filter or group text that no row holds
//! and area codes that belong to no declared unit are named in warnings
//! with the rulebook position and the data file — and, for confidential
//! data, only to whoever runs kimon, never in findings or reports.

use kimon_engine::eval::{AreaKey, CellKey, Control};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use std::path::Path;

const DIR: &str = "fixtures/real/notices";

fn ok(name: &str) -> Evaluated {
    let path = Path::new(DIR).join(name);
    match evaluate(&path, &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{name}: {:?}", f.diags.items.iter().map(|d| &d.message).collect::<Vec<_>>()),
    }
}

fn with_code<'a>(e: &'a Evaluated, code: &str) -> Vec<&'a kimon_engine::diag::Diag> {
    e.warnings.items.iter().filter(|d| d.code == code).collect()
}

/// 1-based (line, column) of the `n`-th occurrence of `needle` in a file;
/// the column counts bytes, as miette's `[file:line:col]` does.
fn position(path: &str, needle: &str, n: usize) -> (usize, usize) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let at =
        text.match_indices(needle).nth(n).map(|(i, _)| i).unwrap_or_else(|| panic!("{needle} not in {path}"));
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap_or("").len() + 1;
    (line, col)
}

/// (line, column) a diagnostic points at in its rulebook.
fn points_at(e: &Evaluated, d: &kimon_engine::diag::Diag) -> (usize, usize) {
    let rendered = kimon_engine::diag::render_human(
        std::slice::from_ref(d),
        &e.sources,
        kimon_engine::diag::RenderStyle::Plain,
    );
    // miette prints `[file:line:col]`.
    let start = rendered.find(".kimon:").unwrap_or_else(|| panic!("no position in {rendered}")) + 7;
    let mut parts = rendered[start..].split(|c: char| !c.is_ascii_digit());
    let line = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let col = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (line, col)
}

/// The CSV rows of `bezirke_staat.csv`: (district, citizenship, count).
fn rows() -> Vec<(String, String, f64)> {
    let text = std::fs::read_to_string(format!("{DIR}/bezirke_staat.csv")).unwrap_or_default();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(';').collect();
            (f[1].to_string(), f[2].to_string(), f[3].parse().unwrap_or(f64::NAN))
        })
        .collect()
}

#[test]
fn a_literal_no_row_holds_is_named_at_its_position() {
    let e = ok("oeffentlich.kimon");
    let rb = format!("{DIR}/oeffentlich.kimon");
    let found = with_code(&e, "kimon::data-literal-unmatched");
    // `"DЕ"` (Cyrillic Е) and `"Auslaender"` match nothing; `"DE"` does.
    assert_eq!(found.len(), 2, "{:?}", found.iter().map(|d| &d.message).collect::<Vec<_>>());
    let cyrillic = found.iter().find(|d| d.message.contains("DЕ")).expect("the Cyrillic literal");
    assert!(cyrillic.message.contains("column `Staat`") && cyrillic.message.contains("bezirke_staat.csv"));
    assert!(cyrillic.help.as_deref().unwrap_or("").contains("U+0415"), "{:?}", cyrillic.help);
    assert_eq!(points_at(&e, cyrillic), position(&rb, "\"DЕ\"", 0));
    let typo = found.iter().find(|d| d.message.contains("Auslaender")).expect("the typo");
    // The nearest value of the public table is suggested.
    assert!(typo.help.as_deref().unwrap_or("").contains("\"Ausländer\""), "{:?}", typo.help);
    assert_eq!(points_at(&e, typo), position(&rb, "\"Auslaender\"", 0));
    // A public table: the notes are part of the findings.
    assert!(e.findings.data_notes.iter().any(|n| n.contains("Auslaender")));
}

#[test]
fn undeclared_area_codes_are_counted_and_named() {
    let e = ok("oeffentlich.kimon");
    let found = with_code(&e, "kimon::data-undeclared-area");
    assert_eq!(found.len(), 1);
    let m = &found[0].message;
    let all: Vec<String> = rows().into_iter().map(|r| r.0).collect();
    let mut undeclared: Vec<&String> =
        all.iter().filter(|c| !["01", "02", "03"].contains(&c.as_str())).collect();
    undeclared.sort();
    undeclared.dedup();
    assert_eq!(undeclared.len(), 2);
    assert!(m.starts_with(&format!("{} code(s) in column `Bezirk`", undeclared.len())), "{m}");
    assert!(
        m.contains("`98`, `99`") && m.contains("bezirke_staat.csv") && m.contains("area `bezirk`"),
        "{m}"
    );
    // What the notice is about: the total is the sum of the declared units
    // only, the rows of `98` and `99` are in no cell.
    let declared: f64 =
        rows().iter().filter(|r| ["01", "02", "03"].contains(&r.0.as_str())).map(|r| r.2).sum();
    let everything: f64 = rows().iter().map(|r| r.2).sum();
    let total = CellKey { year: 2022, area: AreaKey::Total, groups: Vec::new() };
    assert_eq!(e.eval.tables["bevoelkerung"].cells[&total].num.value(), Some(declared));
    assert!(everything > declared);
}

#[test]
fn confidential_notices_stay_out_of_findings_and_name_no_counts() {
    let e = ok("vertraulich.kimon");
    let literal = with_code(&e, "kimon::data-literal-unmatched");
    assert_eq!(literal.len(), 1, "`SY` occurs, `SYR` does not");
    assert!(literal[0].message.contains("\"SYR\"") && literal[0].message.contains("register.csv"));
    // No value of a confidential column is suggested.
    assert!(!literal[0].help.as_deref().unwrap_or("").contains("\"SY\""));
    let area = with_code(&e, "kimon::data-undeclared-area");
    assert_eq!(area.len(), 1);
    assert!(
        area[0].message.starts_with("1 code(s)") && area[0].message.contains("`7`"),
        "{}",
        area[0].message
    );
    // District 7 holds one person: no notice says how many rows it has.
    let text = std::fs::read_to_string(format!("{DIR}/register.csv")).unwrap_or_default();
    let in_seven = text.lines().filter(|l| l.split(',').nth(1) == Some("7")).count();
    assert_eq!(in_seven, 1);
    for d in literal.iter().chain(&area) {
        assert!(!d.message.contains("rows affected") && !d.message.contains("1 row"), "{}", d.message);
    }
    // Shown to the operator, never published.
    assert!(e
        .eval
        .warnings
        .iter()
        .all(|d| !d.code.contains("literal-unmatched") && !d.code.contains("undeclared")));
    assert!(
        e.findings.data_notes.iter().all(|n| !n.contains("SYR") && !n.contains("`7`")),
        "{:?}",
        e.findings.data_notes
    );
}

/// Row problems of a confidential source (here two rows of a year outside
/// the rulebook's years) reach the findings and reports without their row
/// count — in microdata a count of persons — and without the offending
/// value; the operator still gets both on stderr.
#[test]
fn confidential_row_warnings_reach_findings_without_counts() {
    let e = ok("vertraulich.kimon");
    let text = std::fs::read_to_string(format!("{DIR}/register.csv")).unwrap_or_default();
    let outside = text.lines().filter(|l| l.starts_with("2019,")).count();
    assert_eq!(outside, 2);
    let operator: Vec<_> = with_code(&e, "kimon::data-year-out-of-range");
    assert!(
        operator.iter().any(|d| d.message.contains(&format!("{outside} rows affected"))),
        "{:?}",
        operator.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    let published: Vec<&String> = e.findings.data_notes.iter().collect();
    let year_note: Vec<_> = published.iter().filter(|n| n.contains("year")).collect();
    assert_eq!(year_note.len(), 1, "{published:?}");
    for note in &published {
        assert!(!note.contains("rows affected") && !note.contains("2019"), "{note}");
    }
    assert!(e.eval.warnings.iter().all(|d| !d.message.contains("rows affected")));
    // The operator sees the full warning once, not also its published
    // stand-in (both carry the same code).
    assert_eq!(operator.len(), 1, "{operator:?}");
}
