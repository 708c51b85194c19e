//! Values seen by row filters. CSV fields stay borrowed text and are parsed
//! as numbers only where a comparison needs a number, so codes such as
//! district "01" keep their leading zero.

use crate::data::number::parse_number;
use crate::data::MissingKind;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum V<'a> {
    Missing(MissingKind),
    Num(f64),
    Str(&'a str),
    Bool(bool),
}

/// A value computed by a `let` definition, owned by the row buffer.
#[derive(Debug, Clone, PartialEq)]
pub enum Owned {
    Missing(MissingKind),
    Num(f64),
    Str(String),
    Bool(bool),
}

impl Owned {
    pub fn view(&self) -> V<'_> {
        match self {
            Owned::Missing(m) => V::Missing(*m),
            Owned::Num(n) => V::Num(*n),
            Owned::Str(s) => V::Str(s),
            Owned::Bool(b) => V::Bool(*b),
        }
    }

    pub fn from_view(v: V) -> Owned {
        match v {
            V::Missing(m) => Owned::Missing(m),
            V::Num(n) => Owned::Num(n),
            V::Str(s) => Owned::Str(s.to_string()),
            V::Bool(b) => Owned::Bool(b),
        }
    }
}

impl<'a> V<'a> {
    /// A raw CSV field: official missing symbols become typed missing values.
    #[inline]
    pub fn field(text: &'a str) -> V<'a> {
        match text.as_bytes().first() {
            None => V::Missing(MissingKind::NotAvailable),
            // Only `x`/`X` among single letters and digits is a missing
            // symbol; flags such as `0`/`1` skip the symbol table.
            Some(b) if b.is_ascii_alphanumeric() && (text.len() > 1 || !matches!(b, b'x' | b'X')) => {
                V::Str(text)
            }
            _ => match MissingKind::from_symbol(text) {
                Some(m) => V::Missing(m),
                // `-` is the official sign for exactly zero.
                None if crate::data::missing::is_zero_sign(text) => V::Num(0.0),
                None => V::Str(text),
            },
        }
    }

    #[inline]
    pub fn num(self) -> Option<f64> {
        match self {
            V::Num(n) => Some(n),
            V::Str(s) => parse_number(s),
            V::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
            V::Missing(_) => None,
        }
    }

    /// Truth in a filter: flags are 1/0, true/false, ja/nein; a missing
    /// value is never true.
    #[inline]
    pub fn truthy(self) -> bool {
        match self {
            V::Bool(b) => b,
            V::Num(n) => n != 0.0,
            V::Missing(_) => false,
            V::Str(s) => match s {
                "1" | "true" | "TRUE" | "ja" | "Ja" | "yes" | "j" | "J" => true,
                "0" | "false" | "FALSE" | "nein" | "Nein" | "no" | "n" | "N" => false,
                other => parse_number(other).is_some_and(|n| n != 0.0),
            },
        }
    }

    /// Equality as users expect it: text compares as text, unless one side
    /// is a number, then numerically (`age == 6` matches "6" and "06").
    #[inline]
    pub fn equals(self, other: V) -> Option<bool> {
        match (self, other) {
            (V::Missing(_), _) | (_, V::Missing(_)) => None,
            (V::Str(a), V::Str(b)) => Some(a == b),
            (V::Bool(a), b) | (b, V::Bool(a)) => Some(a == b.truthy()),
            (a, b) => match (a.num(), b.num()) {
                (Some(x), Some(y)) => Some(x == y),
                _ => Some(false),
            },
        }
    }
}
