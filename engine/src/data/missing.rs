//! Official statistics mark missing and suppressed values with signs (the
//! Zeichenerklärung of the statistical offices). They are read as typed
//! missing values — never as zero, except `-`, which officially *is* zero
//! („nichts vorhanden“) — and the reason travels into the findings.

use serde::Serialize;

/// Why a value is not there. The order is the seriousness used when a cell
/// sums several missing values (the largest wins).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingKind {
    /// An empty field or a declared sentinel: no value available.
    #[default]
    NotAvailable,
    /// `…`, `t`: the value will be available later.
    Later,
    /// `x`: a statement makes no sense here (cell blocked for that reason).
    NotMeaningful,
    /// `*`: a small number replaced by the supplier (labour-market data).
    SuppressedAtSource,
    /// `.`, `g`: unknown or to be kept secret („geheim zu halten“).
    Secret,
    /// `/`, `u`: too few cases for a reliable value.
    TooFewCases,
}

/// What a sign in a value field stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// `-`: exactly zero; `k`/`0`-like signs: rounded to zero.
    Zero,
    Missing(MissingKind),
}

/// The official legend for signs that stand alone in a field. Letter codes
/// (`g`, `u`, `t`, `k`) are used by newer Land publications; `x` is both an
/// old and a new sign for "not meaningful". Numeric codes are those of the
/// Regionalatlas.
pub fn official_sign(text: &str) -> Option<Sign> {
    use MissingKind::*;
    Some(match text.trim() {
        "" => Sign::Missing(NotAvailable),
        "-" | "–" | "—" | "k" | "2222222222" => Sign::Zero,
        "." | "g" | "5555555555" => Sign::Missing(Secret),
        "x" | "X" | "6666666666" => Sign::Missing(NotMeaningful),
        "/" | "u" | "7777777777" => Sign::Missing(TooFewCases),
        "…" | "..." | "t" | "8888888888" => Sign::Missing(Later),
        "*" => Sign::Missing(SuppressedAtSource),
        _ => return None,
    })
}

impl MissingKind {
    /// Classifies a field's text by the signs that may stand in any column
    /// (no letter codes: `g` or `k` may be real codes in a filter column);
    /// `None` if it is not a missing sign. `-` is zero, not missing.
    pub fn from_symbol(text: &str) -> Option<Self> {
        if matches!(text.trim(), "g" | "k" | "u" | "t") {
            return None;
        }
        match official_sign(text)? {
            Sign::Missing(m) => Some(m),
            Sign::Zero => None,
        }
    }

    pub fn german(self) -> &'static str {
        match self {
            MissingKind::NotAvailable => "kein Wert verfügbar",
            MissingKind::Later => "Wert wird später veröffentlicht",
            MissingKind::NotMeaningful => "Aussage nicht sinnvoll (Quelle)",
            MissingKind::SuppressedAtSource => "von der Datenquelle gesperrt",
            MissingKind::Secret => "unbekannt oder geheim zu halten (Quelle)",
            MissingKind::TooFewCases => "zu geringe Fallzahl (Quelle)",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            MissingKind::NotAvailable => "no value available",
            MissingKind::Later => "value to be published later",
            MissingKind::NotMeaningful => "not meaningful (source)",
            MissingKind::SuppressedAtSource => "suppressed by the data supplier",
            MissingKind::Secret => "unknown or confidential (source)",
            MissingKind::TooFewCases => "too few cases at source",
        }
    }
}

/// Whether a field is a zero sign (`-` and its typographic variants).
pub fn is_zero_sign(text: &str) -> bool {
    matches!(text.trim(), "-" | "–" | "—")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_legend() {
        assert_eq!(official_sign("-"), Some(Sign::Zero));
        assert_eq!(official_sign(" – "), Some(Sign::Zero));
        assert_eq!(official_sign("."), Some(Sign::Missing(MissingKind::Secret)));
        assert_eq!(official_sign("x"), Some(Sign::Missing(MissingKind::NotMeaningful)));
        assert_eq!(official_sign("/"), Some(Sign::Missing(MissingKind::TooFewCases)));
        assert_eq!(official_sign("…"), Some(Sign::Missing(MissingKind::Later)));
        assert_eq!(official_sign("*"), Some(Sign::Missing(MissingKind::SuppressedAtSource)));
        assert_eq!(official_sign("g"), Some(Sign::Missing(MissingKind::Secret)));
        assert_eq!(official_sign("5555555555"), Some(Sign::Missing(MissingKind::Secret)));
        assert_eq!(official_sign(""), Some(Sign::Missing(MissingKind::NotAvailable)));
        assert_eq!(official_sign("0"), None);
        assert_eq!(official_sign("12"), None);
    }

    #[test]
    fn symbols_in_any_column_skip_letter_codes_and_zero() {
        assert_eq!(MissingKind::from_symbol("."), Some(MissingKind::Secret));
        assert_eq!(MissingKind::from_symbol("x"), Some(MissingKind::NotMeaningful));
        assert_eq!(MissingKind::from_symbol("X"), Some(MissingKind::NotMeaningful));
        assert_eq!(MissingKind::from_symbol("g"), None);
        assert_eq!(MissingKind::from_symbol("-"), None);
        assert_eq!(MissingKind::from_symbol(""), Some(MissingKind::NotAvailable));
    }
}
