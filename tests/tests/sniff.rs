//! `kimon sniff` on each real-table fixture proposes a source block that
//! `kimon check` accepts and that evaluates, with the settings the table
//! needs (encoding, number format, year, total rows, sentinels).

use kimon_engine::diag::{render_human, RenderStyle};
use kimon_engine::eval::Control;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{check, evaluate, Options};
use kimon_engine::tooling::sniff::sniff;
use std::path::Path;

const FIXTURES: [&str; 8] = [
    "fixtures/real/land/kreise_lang.csv",
    "fixtures/real/planungsraum/EWR_L21_202112E_Matrix.csv",
    "fixtures/real/atlas/indikatorenatlas_arbeitslose.csv",
    "fixtures/real/kleinraeumig/arbeitsmarkt_kleinraeumig.csv",
    "fixtures/real/errors/bezirke_1252.csv",
    "fixtures/real/errors/bezirke_utf16.csv",
    "fixtures/real/breit/EW_SGB2_PLR_2022-12.csv",
    "fixtures/real/jahre/bevoelkerung_bezirke_2019-2021.csv",
];

fn proposal(path: &str) -> String {
    let p = Path::new(path);
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    sniff(p, &name).unwrap_or_else(|d| panic!("{path}: {}", d.message))
}

/// The source id the proposal declares.
fn source_id(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("source "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("")
        .to_string()
}

#[test]
fn every_proposal_checks_and_evaluates() {
    for path in FIXTURES {
        let text = proposal(path);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = Path::new(path).file_name().unwrap_or_default();
        std::fs::copy(path, dir.path().join(file)).unwrap_or_else(|e| panic!("{e}"));
        let id = source_id(&text);
        let rulebook = format!(
            "rulebook \"Vorschlag\" {{ municipality \"Teststadt\"; kind city }}\n\n{text}\nfield f \"Feld\" {{ steerable no }}\n\nindicator zeilen \"Zeilen\" {{\n  field f\n  purpose \"Zählt die Zeilen der Tabelle\"\n  unit count\n  polarity neutral\n  numerator count({id})\n}}\n"
        );
        let rb = dir.path().join("vorschlag.kimon");
        std::fs::write(&rb, &rulebook).unwrap_or_else(|e| panic!("{e}"));
        let checked = check(&rb, &Options::default());
        assert!(
            !checked.diags.has_errors(),
            "{path}:\n{rulebook}\n{}",
            render_human(&checked.diags.items, &checked.sources, RenderStyle::Plain)
        );
        if let Err(f) = evaluate(&rb, &Options::default(), Lang::De, &Control::default()) {
            panic!("{path}:\n{rulebook}\n{}", render_human(&f.diags.items, &f.sources, RenderStyle::Plain));
        }
    }
}

#[test]
fn proposals_name_what_the_tables_need() {
    let atlas = proposal(FIXTURES[2]);
    for want in [
        "decimal \",\"",
        "thousands \".\"",
        "missing \"-88888888\"",
        "year_column Jahr",
        "column arbeitslose_jahresdurchschnitt = \"Arbeitslose (Jahresdurchschnitt)\"",
    ] {
        assert!(atlas.contains(want), "{want} not in\n{atlas}");
    }
    let small = proposal(FIXTURES[3]);
    assert!(small.contains("total_rows \"*SUM\""), "{small}");
    let wide = proposal(FIXTURES[1]);
    assert!(wide.contains("year 2021"), "{wide}");
    let cp = proposal(FIXTURES[4]);
    assert!(cp.contains("encoding \"windows-1252\""), "{cp}");
    let years = proposal(FIXTURES[7]);
    assert!(years.contains("years in columns as Wert"), "{years}");
    assert!(!years.contains("year_column") && !years.contains("  year "), "{years}");
    let wide = proposal(FIXTURES[6]);
    assert!(wide.contains("total_rows \"Insgesamt\""), "{wide}");
    insta::assert_snapshot!(format!("{atlas}\n{small}"));
    insta::assert_snapshot!("wide_tables", format!("{wide}\n{years}"));
}
