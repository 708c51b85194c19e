//! `kimon ledger`: what has been published, in words. Shows runs, source
//! years and the published cells with the values that were shown — never
//! row hashes or class maps.

use super::store::Ledger;
use std::fmt::Write as _;

pub fn render_list(ledger: &Ledger, with_cells: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Veröffentlichungsbuch: {} Läufe, {} Quelljahre",
        ledger.runs.len(),
        ledger.years.len()
    );
    for r in &ledger.runs {
        let _ = writeln!(out, "  Lauf {}: {} (Unix-Zeit {})", r.run, r.rulebook, r.at);
    }
    for e in &ledger.years {
        let _ = writeln!(
            out,
            "Quelle {} ({}), Jahr {}: {} Zeilen, {} veröffentlichte Zahlen",
            e.source,
            e.file,
            e.year,
            e.rows,
            e.cells.len()
        );
        if with_cells {
            for c in &e.cells {
                let _ = writeln!(out, "  [Lauf {}] {} = {} ({})", c.run, c.label, c.value, c.quantity);
            }
        }
    }
    out
}
