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

/// The key under a table: one entry per sign that occurs in `cells`, in
/// key order; empty when no cell is a sign.
pub fn footnote<'a>(cells: impl IntoIterator<Item = &'a str>, lang: Lang) -> String {
    let mut used: Vec<Sign> = cells.into_iter().filter_map(Sign::parse).collect();
    used.sort_unstable();
    used.dedup();
    if used.is_empty() {
        return String::new();
    }
    let head = match lang {
        Lang::De => "Zeichenerklärung",
        Lang::En => "Key to signs",
    };
    let items: Vec<String> = used.iter().map(|s| format!("„{}“ {}", s.symbol(), s.meaning(lang))).collect();
    format!("{head}: {}", items.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::Suppression;

    #[test]
    fn protected_and_missing_cells_get_official_signs_never_the_zero_dash() {
        assert_eq!(of_shown(Shown::Suppressed(Suppression::Protected)), Some(Sign::Secret));
        assert_eq!(of_shown(Shown::Incomplete), Some(Sign::Secret));
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
}
