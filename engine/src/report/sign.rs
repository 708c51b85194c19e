//! The official signs (Zeichenerklärung) for cells without a number.
//!
//! Why: a report that writes „–“ for a missing value tells a statistician
//! „exactly zero“, and one that writes „gesperrt“ in prose words cannot be
//! read next to official tables. Every renderer asks this module which sign
//! a published cell gets and how the key under a table reads, so the signs
//! and their explanations cannot drift apart.

use super::numfmt::Lang;
use crate::data::MissingKind;
use crate::publish::Shown;

/// A sign that stands in a table cell instead of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sign {
    /// `-`: nothing, exactly zero.
    Zero,
    /// `.`: unknown or to be kept secret — also every protected cell, whose
    /// reason is itself confidential.
    Secret,
    /// `x`: not meaningful.
    NotMeaningful,
    /// `/`: not reliable enough.
    Unreliable,
    /// `…`: available later.
    Later,
}

impl Sign {
    /// Every sign, in the order of the key.
    pub const ALL: [Sign; 5] = [Sign::Zero, Sign::Secret, Sign::NotMeaningful, Sign::Unreliable, Sign::Later];

    /// The sign as printed.
    pub fn symbol(self) -> &'static str {
        match self {
            Sign::Zero => "-",
            Sign::Secret => ".",
            Sign::NotMeaningful => "x",
            Sign::Unreliable => "/",
            Sign::Later => "\u{2026}",
        }
    }

    /// The sign's meaning as in the statistical offices' key.
    pub fn meaning(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Sign::Zero, Lang::De) => "genau null (nichts vorhanden)",
            (Sign::Secret, Lang::De) => "Zahlenwert unbekannt oder geheim zu halten (Datenschutz)",
            (Sign::NotMeaningful, Lang::De) => "Aussage nicht sinnvoll",
            (Sign::Unreliable, Lang::De) => "Zahlenwert nicht sicher genug",
            (Sign::Later, Lang::De) => "Angabe fällt später an",
            (Sign::Zero, Lang::En) => "exactly zero",
            (Sign::Secret, Lang::En) => "unknown or confidential (data protection)",
            (Sign::NotMeaningful, Lang::En) => "not meaningful",
            (Sign::Unreliable, Lang::En) => "not reliable enough",
            (Sign::Later, Lang::En) => "available later",
        }
    }

    /// The sign whose symbol is exactly `cell`, if any.
    pub fn parse(cell: &str) -> Option<Sign> {
        Sign::ALL.into_iter().find(|s| s.symbol() == cell)
    }
}

/// The sign of a published cell without a number (`None` for a value).
pub fn of_shown(v: Shown) -> Option<Sign> {
    match v {
        Shown::Value(_) => None,
        Shown::Suppressed(_) | Shown::Incomplete => Some(Sign::Secret),
        Shown::Missing(k) => Some(of_missing(k)),
        // Empty by the rulebook's definitions: „Tabellenfach gesperrt, weil
        // Aussage nicht sinnvoll“.
        Shown::NotDefined => Some(Sign::NotMeaningful),
    }
}

/// The sign a data source's missing value keeps in the report.
pub fn of_missing(k: MissingKind) -> Sign {
    match k {
        MissingKind::Later => Sign::Later,
        MissingKind::NotMeaningful => Sign::NotMeaningful,
        MissingKind::TooFewCases => Sign::Unreliable,
        MissingKind::NotAvailable | MissingKind::SuppressedAtSource | MissingKind::Secret => Sign::Secret,
    }
}

/// A value as printed with the source's flags: `(12,3 %)` for limited
/// informative value, then the letters (`12,3 % p`), as official tables do.
pub fn flagged(value: String, flags: &[&str]) -> String {
    let mut out = if flags.contains(&"()") { format!("({value})") } else { value };
    let letters: String = flags.iter().filter(|f| **f != "()").copied().collect();
    if !letters.is_empty() {
        out.push(' ');
        out.push_str(&letters);
    }
    out
}

/// The flags a printed cell carries (see [`flagged`]): only a cell holding
/// a number, so a label ending in „p“ is not read as one.
fn flags_of(cell: &str) -> Vec<&'static str> {
    if !cell.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut rest = cell;
    if let Some((number, letters)) = cell.rsplit_once(' ') {
        if !letters.is_empty() && letters.len() <= 4 && letters.chars().all(|c| "prse".contains(c)) {
            for (letter, flag) in [('p', "p"), ('r', "r"), ('s', "s"), ('e', "e")] {
                if letters.contains(letter) {
                    out.push(flag);
                }
            }
            rest = number;
        }
    }
    if rest.starts_with('(') && rest.ends_with(')') {
        out.push("()");
    }
    out
}

fn flag_meaning(flag: &str, lang: Lang) -> &'static str {
    match (flag, lang) {
        ("p", Lang::De) => "vorläufig",
        ("r", Lang::De) => "berichtigt",
        ("s", Lang::De) => "geschätzt",
        ("e", Lang::De) => "endgültig",
        (_, Lang::De) => "Aussagewert eingeschränkt, da der Zahlenwert statistisch relativ unsicher ist",
        ("p", Lang::En) => "provisional",
        ("r", Lang::En) => "revised",
        ("s", Lang::En) => "estimated",
        ("e", Lang::En) => "final",
        (_, Lang::En) => "limited informative value (statistically uncertain)",
    }
}

/// The key under a table: one entry per sign that occurs in `cells`, in
/// key order, then one per flag on a value (`„p“ vorläufig`); empty when
/// no cell is a sign or carries a flag.
pub fn footnote<'a>(cells: impl IntoIterator<Item = &'a str>, lang: Lang) -> String {
    let mut used: Vec<Sign> = Vec::new();
    let mut flags: Vec<&'static str> = Vec::new();
    for cell in cells {
        match Sign::parse(cell) {
            Some(s) => used.push(s),
            None => flags.extend(flags_of(cell)),
        }
    }
    used.sort_unstable();
    used.dedup();
    let order = ["p", "r", "s", "e", "()"];
    flags.sort_by_key(|f| order.iter().position(|o| o == f));
    flags.dedup();
    if used.is_empty() && flags.is_empty() {
        return String::new();
    }
    let head = match lang {
        Lang::De => "Zeichenerklärung",
        Lang::En => "Key to signs",
    };
    let mut items: Vec<String> =
        used.iter().map(|s| format!("„{}“ {}", s.symbol(), s.meaning(lang))).collect();
    items.extend(
        flags.iter().map(|f| format!("„{}“ {}", if *f == "()" { "( )" } else { f }, flag_meaning(f, lang))),
    );
    format!("{head}: {}", items.join("; "))
}

/// The whole key (every sign, then every flag) as symbol and meaning,
/// for a page of its own (the web site's „Zeichenerklärung“); the
/// tables' footnotes list only the signs they use.
pub fn full_key(lang: Lang) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> =
        Sign::ALL.iter().map(|s| (s.symbol().to_string(), s.meaning(lang))).collect();
    for f in ["p", "r", "s", "e", "()"] {
        out.push((if f == "()" { "( )" } else { f }.to_string(), flag_meaning(f, lang)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::Suppression;

    #[test]
    fn protected_and_missing_cells_get_official_signs_never_the_zero_dash() {
        assert_eq!(of_shown(Shown::Suppressed(Suppression::Protected)), Some(Sign::Secret));
        assert_eq!(of_shown(Shown::Incomplete), Some(Sign::Secret));
        assert_eq!(of_shown(Shown::NotDefined), Some(Sign::NotMeaningful));
        for k in [
            MissingKind::NotAvailable,
            MissingKind::Later,
            MissingKind::NotMeaningful,
            MissingKind::SuppressedAtSource,
            MissingKind::Secret,
            MissingKind::TooFewCases,
        ] {
            let s = of_missing(k);
            assert_ne!(s, Sign::Zero, "{k:?} is not zero");
            assert_ne!(s.symbol(), "\u{2013}");
        }
        assert_eq!(of_shown(Shown::Value(0.0)), None);
    }

    #[test]
    fn footnote_lists_exactly_the_signs_used() {
        let cells = ["12,3 %", ".", "x", ".", "4"];
        let f = footnote(cells, Lang::De);
        assert!(f.starts_with("Zeichenerklärung: „.“"), "{f}");
        assert!(f.contains("„x“ Aussage nicht sinnvoll"));
        assert!(!f.contains("„/“") && !f.contains("„-“"));
        assert_eq!(footnote(["1", "2"], Lang::De), "");
    }

    #[test]
    fn flags_are_printed_after_the_value_and_keyed() {
        assert_eq!(flagged("12,3 %".into(), &["p"]), "12,3 % p");
        assert_eq!(flagged("7".into(), &["p", "r", "()"]), "(7) pr");
        assert_eq!(flagged("7".into(), &[]), "7");
        let f = footnote(["12,3 % p", "8,1 %", "(7) r", "."], Lang::De);
        assert_eq!(
            f,
            "Zeichenerklärung: „.“ Zahlenwert unbekannt oder geheim zu halten (Datenschutz); „p“ vorläufig; \
             „r“ berichtigt; „( )“ Aussagewert eingeschränkt, da der Zahlenwert statistisch relativ unsicher ist"
        );
        // A label ending in a letter is no flag; neither is a value without one.
        assert_eq!(footnote(["Bezirk p", "Südstadt e", "12,3 %"], Lang::De), "");
    }
}
