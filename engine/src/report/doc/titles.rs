//! Chart titles from a small grammar, so no generated title doubles a
//! „nach“ or inflects a label it cannot inflect.
//!
//! Why: labels come from the rulebook („Deutsche“, „Eigene
//! Migrationserfahrung“) in the nominative. German needs the dative after
//! „nach“ and „zu“, which a program cannot form for arbitrary phrases. The
//! grammar therefore puts a label either where the nominative is right, or
//! after a noun in quotes („Vergleichsgruppe „Deutsche““), or — for a single
//! noun, which is the same in the dative — directly after „nach“.
//!
//! ```text
//! series_title := base [" nach " breakdown]
//! base         := indicator title up to its own " nach " (if any)
//! breakdown    := Noun | "dem Merkmal „" label "“"
//! gap_title    := base ": " ("Abstand" | "Verhältnis") " der Gruppe „" group
//!                 "“ zur Vergleichsgruppe „" reference "“" [", " year]
//! ```

use crate::report::numfmt::Lang;

/// The indicator title without a breakdown it already names
/// („Arbeitslosenquote nach Altersgruppe“ → „Arbeitslosenquote“).
pub(crate) fn base(title: &str, lang: Lang) -> &str {
    let by = match lang {
        Lang::De => " nach ",
        Lang::En => " by ",
    };
    title.find(by).map_or(title, |i| title.get(..i).unwrap_or(title)).trim_end()
}

/// Whether a label is one capitalised word, which reads correctly after
/// „nach“ unchanged (Staatsangehörigkeit, Geschlecht, Altersgruppe).
fn single_noun(label: &str) -> bool {
    !label.trim().contains(char::is_whitespace) && label.chars().next().is_some_and(char::is_uppercase)
}

/// The title of a time series broken down by one dimension.
pub(crate) fn by_dimension(indicator: &str, dimension: &str, lang: Lang) -> String {
    let base = base(indicator, lang);
    match lang {
        Lang::De if single_noun(dimension) => format!("{base} nach {}", dimension.trim()),
        Lang::De => format!("{base} nach dem Merkmal „{}“", dimension.trim()),
        Lang::En => format!("{base} by {}", dimension.trim()),
    }
}

/// The title of a gap (or ratio) chart of one group against its reference.
pub(crate) fn gap(
    indicator: &str,
    group: &str,
    reference: &str,
    year: Option<i32>,
    ratio: bool,
    lang: Lang,
) -> String {
    let base = base(indicator, lang);
    let year = year.map(|y| format!(", {y}")).unwrap_or_default();
    match (lang, ratio) {
        (Lang::De, false) => {
            format!("{base}: Abstand der Gruppe „{group}“ zur Vergleichsgruppe „{reference}“{year}")
        }
        (Lang::De, true) => {
            format!("{base}: Verhältnis der Gruppe „{group}“ zur Vergleichsgruppe „{reference}“{year}")
        }
        (Lang::En, false) => format!("{base}: gap between “{group}” and the reference “{reference}”{year}"),
        (Lang::En, true) => format!("{base}: ratio of “{group}” to the reference “{reference}”{year}"),
    }
}

/// Problems of a generated German title, for tests over every shipped
/// indicator: a doubled „nach“, a label inflected after „zu“/„nach“ that
/// stays nominative, an abbreviation the reader cannot resolve.
pub fn title_problems(title: &str) -> Vec<String> {
    let mut out = Vec::new();
    if title.matches(" nach ").count() > 1 {
        out.push(format!("doubled „nach“ in `{title}`"));
    }
    // After „nach“ only a single noun or „dem Merkmal „…““ may follow.
    if let Some(i) = title.find(" nach ") {
        let rest = title.get(i + " nach ".len()..).unwrap_or("");
        let first = rest.split_whitespace().next().unwrap_or("");
        let first_is_lower_adjective = first.chars().next().is_some_and(char::is_uppercase)
            && (first.ends_with('e') && rest.split_whitespace().count() > 1 && !rest.starts_with("dem "));
        if first_is_lower_adjective {
            out.push(format!("undeclined phrase after „nach“ in `{title}`"));
        }
    }
    if title.contains(" zu ") && !title.contains("zur Vergleichsgruppe") {
        out.push(format!("„zu“ before a label in `{title}`"));
    }
    if title.split(|c: char| !c.is_alphanumeric()).any(|w| w == "PP") {
        out.push(format!("abbreviation „PP“ in `{title}`"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakdown_already_in_the_title_is_not_doubled() {
        let t = by_dimension(
            "Arbeitslosenquote nach Altersgruppe und Staatsangehörigkeit",
            "Altersgruppe",
            Lang::De,
        );
        assert_eq!(t, "Arbeitslosenquote nach Altersgruppe");
        let t = by_dimension(
            "Bevölkerung mit Migrationshintergrund nach Stadtbezirk",
            "Eigene Migrationserfahrung",
            Lang::De,
        );
        assert_eq!(t, "Bevölkerung mit Migrationshintergrund nach dem Merkmal „Eigene Migrationserfahrung“");
        assert!(title_problems(&t).is_empty(), "{:?}", title_problems(&t));
    }

    #[test]
    fn gap_titles_keep_labels_in_the_nominative() {
        let t = gap("Arbeitslosenquote", "Ausländer*innen", "Deutsche", Some(2024), false, Lang::De);
        assert_eq!(
            t,
            "Arbeitslosenquote: Abstand der Gruppe „Ausländer*innen“ zur Vergleichsgruppe „Deutsche“, 2024"
        );
        assert!(title_problems(&t).is_empty());
    }

    #[test]
    fn the_checker_finds_the_old_faults() {
        assert!(!title_problems("Quote nach Stadtbezirk nach Eigene Migrationserfahrung").is_empty());
        assert!(!title_problems("Abstand Quote: Ausländer*innen zu Deutsche").is_empty());
        assert!(!title_problems("Abstand in PP").is_empty());
        assert!(!title_problems("Quote nach Eigene Migrationserfahrung").is_empty());
    }
}
