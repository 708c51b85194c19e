//! Official statistics mark missing and suppressed values with symbols.
//! They are read as typed missing values — never as zero — and the reason
//! travels into the findings.

use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingKind {
    /// Empty field, `.`, `-`, `–`: no value available.
    #[default]
    NotAvailable,
    /// `x`, `*`: the table cell was locked/suppressed by the data supplier.
    SuppressedAtSource,
    /// `/`: too few cases for a reliable value.
    TooFewCases,
}

impl MissingKind {
    /// Classifies a field's text; `None` if it is not a missing symbol.
    pub fn from_symbol(text: &str) -> Option<Self> {
        match text.trim() {
            "" | "." | "-" | "–" | "—" | "..." | "…" => Some(MissingKind::NotAvailable),
            "x" | "X" | "*" => Some(MissingKind::SuppressedAtSource),
            "/" => Some(MissingKind::TooFewCases),
            _ => None,
        }
    }

    pub fn german(self) -> &'static str {
        match self {
            MissingKind::NotAvailable => "kein Wert verfügbar",
            MissingKind::SuppressedAtSource => "von der Datenquelle gesperrt",
            MissingKind::TooFewCases => "zu geringe Fallzahl (Quelle)",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            MissingKind::NotAvailable => "no value available",
            MissingKind::SuppressedAtSource => "suppressed by the data supplier",
            MissingKind::TooFewCases => "too few cases at source",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_typed_missing_not_zero() {
        assert_eq!(MissingKind::from_symbol("."), Some(MissingKind::NotAvailable));
        assert_eq!(MissingKind::from_symbol(" – "), Some(MissingKind::NotAvailable));
        assert_eq!(MissingKind::from_symbol("x"), Some(MissingKind::SuppressedAtSource));
        assert_eq!(MissingKind::from_symbol("*"), Some(MissingKind::SuppressedAtSource));
        assert_eq!(MissingKind::from_symbol("/"), Some(MissingKind::TooFewCases));
        assert_eq!(MissingKind::from_symbol(""), Some(MissingKind::NotAvailable));
        assert_eq!(MissingKind::from_symbol("0"), None);
        assert_eq!(MissingKind::from_symbol("12"), None);
    }
}
