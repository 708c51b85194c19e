//! The text printed by `kimon audit`: per protection run the counts, and per
//! suppressed cell the interval the public could still narrow it to. An
//! interval is printed only for protected cells; an unprotected cell is named
//! without numbers, since its interval would reveal it.

use super::Published;
use std::fmt::Write;

fn num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// First line of every audit text: it names why cells were withheld and how
/// narrowly a reader could bound them, which published outputs never say.
pub const CONFIDENTIAL_HEADER: &str =
    "VERTRAULICH – interne Prüfdatei der Geheimhaltung, nicht veröffentlichen (enthält Sperrgründe) / CONFIDENTIAL – internal audit file, do not publish";

pub fn render_audit(p: &Published) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{CONFIDENTIAL_HEADER}");
    let c = p.counts();
    let _ = writeln!(
        out,
        "Geheimhaltungsprüfung: {} Zellen, {} veröffentlicht, {} primär gesperrt, {} sekundär gesperrt, {} durch das Audit nachgesperrt, {} an der Quelle fehlend/gesperrt",
        c.cells, c.published, c.primary, c.complementary, c.audit_added, c.forced
    );
    if c.cells > 0 {
        let share = |n: usize| 100.0 * n as f64 / c.cells as f64;
        let pct = |v: f64| crate::report::numfmt::format_percent(v, 1, crate::report::numfmt::Lang::De);
        let _ = writeln!(
            out,
            "Sperrquote: {} primär, {} sekundär (inkl. Audit)",
            pct(share(c.primary)),
            pct(share(c.complementary + c.audit_added))
        );
    }
    let _ = writeln!(out, "Audit: {}", if p.audit_passed { "bestanden" } else { "NICHT bestanden" });
    if !p.confidential_checks.is_empty() {
        let _ = writeln!(out, "Plausibilitätsprüfungen auf vertraulichen Daten (nicht veröffentlicht):");
        for line in &p.confidential_checks {
            let _ = writeln!(out, "  {line}");
        }
    }
    for (i, run) in p.runs.iter().enumerate() {
        let _ = writeln!(
            out,
            "\nLauf {} ({}): {} Zellen, {} Komponenten, {} LP-Lösungen, Audit {}",
            i + 1,
            run.indicators.join(", "),
            run.counts.cells,
            run.components,
            run.lp_solves,
            if run.audit_passed { "bestanden" } else { "NICHT bestanden" }
        );
        for line in run.audit.iter().filter(|l| l.sensitive || !l.protected) {
            let interval = if line.protected {
                format!("[{}, {}]", num(line.lo), line.hi.map_or_else(|| "∞".to_string(), num))
            } else {
                "NICHT GESCHÜTZT".to_string()
            };
            let _ = writeln!(out, "  {:<60} {:<26} {interval}", line.label, line.reason);
        }
    }
    out
}
