//! Reading one value field (a summed column) the way official tables write
//! it: signs of the legend, declared sentinels, flags after the number
//! (`12,3 p`) and the declared or detected number format.

use super::missing::{official_sign, MissingKind, Sign};
use super::number::{parse_value, NumClass};
use crate::model::DataFormat;

/// Flag bits kept with a value (see [`flag_names`]).
pub const FLAG_PROVISIONAL: u8 = 1;
pub const FLAG_REVISED: u8 = 2;
pub const FLAG_ESTIMATED: u8 = 4;
pub const FLAG_FINAL: u8 = 8;
/// `(12)`: limited informative value.
pub const FLAG_UNCERTAIN: u8 = 16;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRead {
    Num { value: f64, class: NumClass, flags: u8 },
    Missing(MissingKind),
    NotNumber,
}

/// Reads a value field. Declared `missing` codes win over the legend, so a
/// source can also re-declare a sign.
pub fn read_value(text: &str, format: &DataFormat) -> ValueRead {
    let t = text.trim();
    if format.missing.iter().any(|m| m == t) {
        return ValueRead::Missing(MissingKind::NotAvailable);
    }
    match official_sign(t) {
        Some(Sign::Zero) => return ValueRead::Num { value: 0.0, class: NumClass::Plain, flags: 0 },
        Some(Sign::Missing(m)) => return ValueRead::Missing(m),
        None => {}
    }
    let (number, flags) = split_flags(t);
    match parse_value(number, format.number) {
        Ok((value, class)) => ValueRead::Num { value, class, flags },
        Err(_) => ValueRead::NotNumber,
    }
}

/// Separates a trailing flag letter (`12,3 p`, `12,3p`) or parentheses
/// (`(12)`) from the number.
fn split_flags(t: &str) -> (&str, u8) {
    if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        let (n, f) = split_flags(inner.trim());
        return (n, f | FLAG_UNCERTAIN);
    }
    let mut chars = t.chars();
    let flag = match chars.next_back() {
        Some('p') => FLAG_PROVISIONAL,
        Some('r') => FLAG_REVISED,
        Some('s') => FLAG_ESTIMATED,
        Some('e') => FLAG_FINAL,
        _ => return (t, 0),
    };
    let rest = chars.as_str();
    match rest.chars().next_back() {
        Some(c) if c.is_ascii_digit() || c == ' ' || c == '\u{a0}' => {
            let n = rest.trim_end();
            if n.is_empty() {
                (t, 0)
            } else {
                (n, flag)
            }
        }
        _ => (t, 0),
    }
}

/// The symbols of a flag set as the offices print them after a number
/// (`p`, `r`, `s`, `e`; `()` for a value in parentheses), in a fixed order.
pub fn flag_symbols(flags: u8) -> Vec<&'static str> {
    let all: [(u8, &str); 5] = [
        (FLAG_PROVISIONAL, "p"),
        (FLAG_REVISED, "r"),
        (FLAG_ESTIMATED, "s"),
        (FLAG_FINAL, "e"),
        (FLAG_UNCERTAIN, "()"),
    ];
    all.iter().filter(|(b, _)| flags & b != 0).map(|(_, s)| *s).collect()
}

/// The words for a flag set, for annotations (`vorläufig`, `berichtigt`, …).
pub fn flag_names(flags: u8, german: bool) -> Vec<&'static str> {
    let all: [(u8, &str, &str); 5] = [
        (FLAG_PROVISIONAL, "vorläufig", "provisional"),
        (FLAG_REVISED, "berichtigt", "revised"),
        (FLAG_ESTIMATED, "geschätzt", "estimated"),
        (FLAG_FINAL, "endgültig", "final"),
        (FLAG_UNCERTAIN, "Aussagewert eingeschränkt", "limited informative value"),
    ];
    all.iter().filter(|(b, ..)| flags & b != 0).map(|(_, de, en)| if german { *de } else { *en }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NumberFormat;

    fn de() -> DataFormat {
        DataFormat {
            number: NumberFormat { decimal: Some(','), thousands: Some('.') },
            missing: vec!["-88888888".into()],
            ..DataFormat::default()
        }
    }

    #[test]
    fn signs_sentinels_and_flags() {
        let f = de();
        assert_eq!(read_value("-", &f), ValueRead::Num { value: 0.0, class: NumClass::Plain, flags: 0 });
        assert_eq!(read_value(".", &f), ValueRead::Missing(MissingKind::Secret));
        assert_eq!(read_value("x", &f), ValueRead::Missing(MissingKind::NotMeaningful));
        assert_eq!(read_value("-88888888", &f), ValueRead::Missing(MissingKind::NotAvailable));
        assert_eq!(
            read_value("12,3 p", &f),
            ValueRead::Num { value: 12.3, class: NumClass::Plain, flags: FLAG_PROVISIONAL }
        );
        assert_eq!(
            read_value("1.234r", &f),
            ValueRead::Num { value: 1234.0, class: NumClass::Plain, flags: FLAG_REVISED }
        );
        assert_eq!(
            read_value("(7)", &f),
            ValueRead::Num { value: 7.0, class: NumClass::Plain, flags: FLAG_UNCERTAIN }
        );
        assert_eq!(read_value("p", &f), ValueRead::NotNumber);
        assert_eq!(read_value("zwölf", &f), ValueRead::NotNumber);
    }
}
