//! The privacy rules in words, generated from the rulebook's actual
//! settings (method, minimum count, zeros, base of shares, rounding,
//! survey respondents, dominance), so the report's method text can never
//! say something the protection does not do — e.g. „counts below 3 are
//! not published“ while a 0 is published.

use crate::model::{PrivacyMethod, PrivacySettings};
use crate::report::numfmt::Lang;

/// One paragraph: what is withheld or changed, and why.
pub fn rules_text(p: &PrivacySettings, lang: Lang) -> String {
    let de = lang == Lang::De;
    let mut parts: Vec<String> = Vec::new();
    if p.method == PrivacyMethod::CellKey {
        parts.push(if de {
            "Zum Schutz einzelner Personen werden Fallzahlen nach dem Zellschlüsselverfahren leicht verändert statt gesperrt".into()
        } else {
            "To protect individuals, counts are slightly perturbed by the cell key method instead of being withheld".into()
        });
    } else {
        let zero = match (p.zero_publishable, de) {
            (true, true) => " (eine 0 wird veröffentlicht)",
            (false, true) => "; auch eine 0 wird nicht veröffentlicht",
            (true, false) => " (a 0 is published)",
            (false, false) => "; a 0 is not published either",
        };
        parts.push(if de {
            format!(
                "Zum Schutz einzelner Personen werden Zahlen unter {} Personen nicht veröffentlicht{zero}",
                p.min_count
            )
        } else {
            format!("To protect individuals, numbers below {} persons are not published{zero}", p.min_count)
        });
        if let Some(d) = p.min_denominator {
            parts.push(if de {
                format!("Anteile und Quoten erst ab {d} Personen in der Bezugsgruppe")
            } else {
                format!("shares and rates only with at least {d} persons in the base")
            });
        }
    }
    if let Some(r) = p.round_to {
        parts.push(if de {
            format!("Fallzahlen werden auf ein Vielfaches von {r} gerundet")
        } else {
            format!("counts are rounded to multiples of {r}")
        });
    }
    if let Some(n) = p.min_contributors {
        parts.push(if de {
            format!("Befragungswerte erst ab {n} Befragten")
        } else {
            format!("survey values only with at least {n} respondents")
        });
    }
    if let (Some(n), Some(k)) = (p.dominance_n, p.dominance_k) {
        parts.push(if de {
            format!("Summen, in denen die {n} größten Beiträge mehr als {k} % ausmachen, werden gesperrt")
        } else {
            format!("sums in which the {n} largest contributions exceed {k} % are withheld")
        });
    }
    let mut text = parts.join("; ") + ".";
    if p.method != PrivacyMethod::CellKey && p.complementary {
        text.push_str(if de {
            " Damit gesperrte Zahlen nicht aus Summen zurückgerechnet werden können, sind weitere Werte gesperrt."
        } else {
            " Further values are withheld so that suppressed numbers cannot be recovered from totals."
        });
    }
    text.push_str(if de {
        " Gesperrte Werte stehen als „.“ in den Tabellen und Diagrammen."
    } else {
        " Withheld values read “.” in tables and charts."
    });
    text
}
