//! The readable terminal table of `kimon eval --format table`.

use super::{Classification, Findings};
use crate::assess::text;
use crate::publish::Shown;
use crate::report::numfmt::Lang;

fn shown(v: Shown, unit: crate::model::Unit, lang: Lang) -> String {
    match v {
        Shown::Value(x) => text::value(x, unit, lang),
        Shown::Suppressed(_) => if lang == Lang::De { "gesperrt" } else { "suppressed" }.into(),
        // The official sign (`.`, `x`, `/`, `…`), never `–`: in German
        // official tables a dash means exactly zero.
        Shown::Missing(k) => crate::report::sign::of_missing(k).symbol().into(),
        Shown::Incomplete => if lang == Lang::De { "unvollst." } else { "incompl." }.into(),
        Shown::NotDefined => crate::report::sign::Sign::NotMeaningful.symbol().into(),
    }
}

pub fn class_word(c: Classification, lang: Lang) -> &'static str {
    match (c, lang) {
        (Classification::Strength, Lang::De) => "Stärke",
        (Classification::NeedForAction, Lang::De) => "Handlungsbedarf",
        (Classification::Neutral, Lang::De) => "neutral",
        (Classification::InsufficientData, Lang::De) => "unzureichende Daten",
        (Classification::Suppressed, Lang::De) => "gesperrt",
        (Classification::Context, Lang::De) => "Kontext",
        (Classification::NotDefined, Lang::De) => "nicht definiert",
        (Classification::Context, Lang::En) => "context",
        (Classification::NotDefined, Lang::En) => "not defined",
        (Classification::Strength, Lang::En) => "strength",
        (Classification::NeedForAction, Lang::En) => "need for action",
        (Classification::Neutral, Lang::En) => "neutral",
        (Classification::InsufficientData, Lang::En) => "insufficient data",
        (Classification::Suppressed, Lang::En) => "suppressed",
    }
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.chars().take(w).collect()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// Renders findings as fixed-width text tables, one per indicator.
pub fn render_table(f: &Findings, lang: Lang) -> String {
    let mut out = String::new();
    let heads = match lang {
        Lang::De => ["Gruppe, Gebiet", "Jahr", "Wert", "Vergleich", "Abstand", "Bewertung"],
        Lang::En => ["Group, area", "Year", "Value", "Reference", "Gap", "Assessment"],
    };
    let widths = [40, 5, 12, 12, 22, 20];
    for ind in &f.indicators {
        out.push_str(&format!("\n{} ({}) — {}\n", ind.title, ind.id, ind.field_title));
        let header: Vec<String> = heads.iter().zip(widths).map(|(h, w)| pad(h, w)).collect();
        out.push_str(header.join(" ").trim_end());
        out.push('\n');
        out.push_str(&"─".repeat(widths.iter().sum::<usize>() + widths.len() - 1));
        out.push('\n');
        for fi in &ind.findings {
            let (reference, gap) = match &fi.comparison {
                Some(c) => (
                    shown(c.value, ind.unit, lang),
                    c.gap.map_or_else(
                        || crate::report::sign::Sign::Secret.symbol().into(),
                        |g| text::gap(g, ind.unit, c.gap_kind == super::GapKind::Ratio, lang),
                    ),
                ),
                None => (String::new(), String::new()),
            };
            let cells = [
                fi.label.clone(),
                fi.year.map(|y| y.to_string()).unwrap_or_default(),
                if fi.classification == Classification::NotDefined {
                    class_word(fi.classification, lang).to_string()
                } else {
                    shown(fi.value, ind.unit, lang)
                },
                reference,
                gap,
                class_word(fi.classification, lang).to_string(),
            ];
            let row: Vec<String> = cells.iter().zip(widths).map(|(c, w)| pad(c, w)).collect();
            out.push_str(row.join(" ").trim_end());
            out.push('\n');
        }
    }
    out.push_str(&checks_section(f, lang));
    out
}

/// Plausibility checks: a count of passed checks and every failure with the
/// size of the difference.
pub fn checks_section(f: &Findings, lang: Lang) -> String {
    if f.checks.is_empty() {
        return String::new();
    }
    let passed = f.checks.iter().filter(|c| c.passed == Some(true)).count();
    let failed: Vec<_> = f.checks.iter().filter(|c| c.passed == Some(false)).collect();
    let withheld = f.checks.iter().filter(|c| c.withheld).count();
    let open = f.checks.len() - passed - failed.len() - withheld;
    let mut out = match lang {
        Lang::De => format!(
            "\nPlausibilitätsprüfungen: {passed} bestanden, {} nicht bestanden, {open} nicht prüfbar (Daten fehlen)\n",
            failed.len()
        ),
        Lang::En => format!("\nPlausibility checks: {passed} passed, {} failed, {open} not checkable (data missing)\n", failed.len()),
    };
    if withheld > 0 {
        out.push_str(&match lang {
            Lang::De => {
                format!("  {withheld} Prüfung(en) auf vertraulichen Daten: Ergebnis nur in `kimon audit`\n")
            }
            Lang::En => {
                format!("  {withheld} check(s) on confidential data: results only in `kimon audit`\n")
            }
        });
    }
    for c in failed {
        let diff = c.difference.map_or_else(String::new, |d| {
            let word = if lang == Lang::De { "Differenz" } else { "difference" };
            format!(
                " — {word} {}",
                crate::report::numfmt::format_signed(d, if d.fract() == 0.0 { 0 } else { 2 }, lang)
            )
        });
        let sev = match c.severity {
            crate::model::CheckSeverity::Error => "✗",
            crate::model::CheckSeverity::Warning => "⚠",
        };
        out.push_str(&format!("  {sev} {} ({}), {} {}{diff}\n", c.title, c.check, c.cell, c.year));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::MissingKind;
    use crate::model::Unit;

    /// A missing value keeps its official sign; `–` would say "exactly zero".
    #[test]
    fn missing_values_show_the_official_sign() {
        let sign = |k| shown(Shown::Missing(k), Unit::Percent, Lang::De);
        assert_eq!(sign(MissingKind::Secret), ".");
        assert_eq!(sign(MissingKind::NotAvailable), ".");
        assert_eq!(sign(MissingKind::NotMeaningful), "x");
        assert_eq!(sign(MissingKind::TooFewCases), "/");
        assert_eq!(sign(MissingKind::Later), "…");
        assert_eq!(shown(Shown::Value(12.5), Unit::Percent, Lang::De), "12,5\u{a0}%");
    }
}
