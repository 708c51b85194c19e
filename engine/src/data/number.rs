//! Fast number parsing for the hot loop: most register fields are small
//! unsigned integers, which are parsed without going through `f64::from_str`.
//! German decimal commas (`12,5`) are accepted in aggregate tables.

/// Parses a field as a number; `None` if it is not numeric.
#[inline]
pub fn parse_number(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    if !b.is_empty() && b.len() <= 15 && b.iter().all(u8::is_ascii_digit) {
        let mut v: u64 = 0;
        for d in b {
            v = v * 10 + u64::from(d - b'0');
        }
        return Some(v as f64);
    }
    // Codes such as `DE` or `none` are common in filters: a leading letter
    // is never a finite number (`inf`/`NaN` are rejected anyway).
    if b.first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    parse_slow(text.trim())
}

fn parse_slow(t: &str) -> Option<f64> {
    if t.is_empty() {
        return None;
    }
    if let Ok(v) = t.parse::<f64>() {
        return v.is_finite().then_some(v);
    }
    // German notation: thousands dots and a decimal comma (1.234,5).
    if t.contains(',') {
        let cleaned: String =
            t.chars().filter(|c| *c != '.').map(|c| if c == ',' { '.' } else { c }).collect();
        return cleaned.parse::<f64>().ok().filter(|v| v.is_finite());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_german_numbers() {
        assert_eq!(parse_number("42"), Some(42.0));
        assert_eq!(parse_number("0"), Some(0.0));
        assert_eq!(parse_number("-3.5"), Some(-3.5));
        assert_eq!(parse_number("12,5"), Some(12.5));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number(" 7 "), Some(7.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
    }
}

/// How a value's separators were read, so that a file can be checked for
/// a consistent number format after the pass (see [`Evidence`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumClass {
    /// No separator (or a declared format was used).
    Plain,
    /// One `.` that can only be a decimal point (`12.5`, `0.125`).
    DecimalDot,
    /// One `,` that can only be a decimal comma (`12,5`).
    DecimalComma,
    /// Thousands dots (`1.234.567`, `1.234,5`).
    ThousandsDot,
    /// Thousands commas (`1,234,567`, `1,234.5`).
    ThousandsComma,
    /// `1.234`: thousand or one point two three four. Read as the latter.
    AmbiguousDot,
    /// `1,234`: likewise, read as one comma two three four.
    AmbiguousComma,
}

/// Why a value field is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    NotNumber,
}

/// Parses a value field by the source's declared number format, or — when
/// none is declared — by its shape, reporting how separators were read.
pub fn parse_value(text: &str, fmt: crate::model::NumberFormat) -> Result<(f64, NumClass), NumberProblem> {
    let t = text.trim();
    let b = t.as_bytes();
    if !b.is_empty() && b.len() <= 15 && b.iter().all(u8::is_ascii_digit) {
        return parse_number(t).map(|v| (v, NumClass::Plain)).ok_or(NumberProblem::NotNumber);
    }
    if fmt.is_declared() {
        let decimal = fmt.decimal.unwrap_or(if fmt.thousands == Some('.') { ',' } else { '.' });
        return declared(t, decimal, fmt.thousands).map(|v| (v, NumClass::Plain));
    }
    let dots = t.matches('.').count();
    let commas = t.matches(',').count();
    match (dots, commas) {
        (0, 0) => parse_slow(t).map(|v| (v, NumClass::Plain)).ok_or(NumberProblem::NotNumber),
        (_, 0) | (0, _) => {
            let (sep, other) = if commas == 0 { ('.', ',') } else { (',', '.') };
            let n = dots + commas;
            if n > 1 {
                let class = if sep == '.' { NumClass::ThousandsDot } else { NumClass::ThousandsComma };
                return declared(t, other, Some(sep)).map(|v| (v, class));
            }
            let v = declared(t, sep, None)?;
            let (int, frac) = t.split_once(sep).unwrap_or((t, ""));
            let int = int.trim_start_matches(['-', '+']);
            let ambiguous = frac.len() == 3 && !int.is_empty() && int.len() <= 3 && !int.starts_with('0');
            let class = match (sep, ambiguous) {
                ('.', true) => NumClass::AmbiguousDot,
                ('.', false) => NumClass::DecimalDot,
                (_, true) => NumClass::AmbiguousComma,
                _ => NumClass::DecimalComma,
            };
            Ok((v, class))
        }
        _ => {
            // Both separators: the one written last is the decimal mark.
            let last_dot = t.rfind('.').unwrap_or(0);
            let last_comma = t.rfind(',').unwrap_or(0);
            if last_comma > last_dot {
                declared(t, ',', Some('.')).map(|v| (v, NumClass::ThousandsDot))
            } else {
                declared(t, '.', Some(',')).map(|v| (v, NumClass::ThousandsComma))
            }
        }
    }
}

/// Parses `t` with a known decimal mark and optional thousands separator;
/// groups after the first must have exactly three digits.
fn declared(t: &str, decimal: char, thousands: Option<char>) -> Result<f64, NumberProblem> {
    let (sign, rest) = match t.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = match rest.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut digits = String::with_capacity(t.len());
    match thousands {
        Some(sep) if int.contains(sep) => {
            for (k, group) in int.split(sep).enumerate() {
                let ok = if k == 0 { (1..=3).contains(&group.len()) } else { group.len() == 3 };
                if !ok || !group.bytes().all(|c| c.is_ascii_digit()) {
                    return Err(NumberProblem::NotNumber);
                }
                digits.push_str(group);
            }
        }
        _ => {
            if !int.bytes().all(|c| c.is_ascii_digit()) {
                return Err(NumberProblem::NotNumber);
            }
            digits.push_str(int);
        }
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()) {
            return Err(NumberProblem::NotNumber);
        }
        digits.push('.');
        digits.push_str(f);
    }
    if digits.is_empty() || digits.starts_with('.') && digits.len() == 1 {
        return Err(NumberProblem::NotNumber);
    }
    format!("{sign}{digits}").parse::<f64>().ok().filter(|v| v.is_finite()).ok_or(NumberProblem::NotNumber)
}

/// The number formats seen in one source's value fields. An ambiguous value
/// (`1.234`) is read as a decimal and accepted afterwards only if other
/// values of the same file prove that reading; otherwise the evaluation
/// stops and asks for a declared format.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub decimal_dot: bool,
    pub decimal_comma: bool,
    pub thousands_dot: bool,
    pub thousands_comma: bool,
    /// The first ambiguous value: (byte offset of its row, field, text).
    pub first_ambiguous: Option<(u64, usize, String)>,
}

impl Evidence {
    #[inline]
    pub fn note(&mut self, class: NumClass, offset: u64, field: usize, text: &str) {
        match class {
            NumClass::Plain => {}
            NumClass::DecimalDot => self.decimal_dot = true,
            NumClass::DecimalComma => self.decimal_comma = true,
            NumClass::ThousandsDot => self.thousands_dot = true,
            NumClass::ThousandsComma => self.thousands_comma = true,
            NumClass::AmbiguousDot | NumClass::AmbiguousComma => {
                if self.first_ambiguous.as_ref().is_none_or(|(o, ..)| offset < *o) {
                    self.first_ambiguous = Some((offset, field, text.to_string()));
                }
            }
        }
    }

    pub fn merge(&mut self, o: &Evidence) {
        self.decimal_dot |= o.decimal_dot;
        self.decimal_comma |= o.decimal_comma;
        self.thousands_dot |= o.thousands_dot;
        self.thousands_comma |= o.thousands_comma;
        if let Some(a) = &o.first_ambiguous {
            if self.first_ambiguous.as_ref().is_none_or(|(x, ..)| a.0 < *x) {
                self.first_ambiguous = Some(a.clone());
            }
        }
    }

    /// The ambiguous value that the rest of the file does not settle.
    pub fn unresolved(&self) -> Option<&(u64, usize, String)> {
        let (_, _, text) = self.first_ambiguous.as_ref()?;
        let settled = if text.contains('.') {
            self.decimal_dot && !self.thousands_dot
        } else {
            self.decimal_comma && !self.thousands_comma
        };
        (!settled).then_some(self.first_ambiguous.as_ref()?)
    }
}

#[cfg(test)]
mod value_tests {
    use super::*;
    use crate::model::NumberFormat;

    fn plain(t: &str) -> Result<(f64, NumClass), NumberProblem> {
        parse_value(t, NumberFormat::default())
    }

    #[test]
    fn shapes_without_a_declared_format() {
        assert_eq!(plain("1234"), Ok((1234.0, NumClass::Plain)));
        assert_eq!(plain("12.5"), Ok((12.5, NumClass::DecimalDot)));
        assert_eq!(plain("12,5"), Ok((12.5, NumClass::DecimalComma)));
        assert_eq!(plain("0,125"), Ok((0.125, NumClass::DecimalComma)));
        assert_eq!(plain("1.234"), Ok((1.234, NumClass::AmbiguousDot)));
        assert_eq!(plain("-1,234"), Ok((-1.234, NumClass::AmbiguousComma)));
        assert_eq!(plain("1.234.567"), Ok((1_234_567.0, NumClass::ThousandsDot)));
        assert_eq!(plain("1.234,5"), Ok((1234.5, NumClass::ThousandsDot)));
        assert_eq!(plain("1,234.5"), Ok((1234.5, NumClass::ThousandsComma)));
        assert_eq!(plain("12.34.5"), Err(NumberProblem::NotNumber));
        assert_eq!(plain("abc"), Err(NumberProblem::NotNumber));
    }

    #[test]
    fn declared_german_format() {
        let de = NumberFormat { decimal: Some(','), thousands: Some('.') };
        assert_eq!(parse_value("1.234", de), Ok((1234.0, NumClass::Plain)));
        assert_eq!(parse_value("1.234,5", de), Ok((1234.5, NumClass::Plain)));
        assert_eq!(parse_value("12,5", de), Ok((12.5, NumClass::Plain)));
        assert_eq!(parse_value("12.5", de), Err(NumberProblem::NotNumber));
        let en = NumberFormat { decimal: Some('.'), thousands: None };
        assert_eq!(parse_value("1.234", en), Ok((1.234, NumClass::Plain)));
        assert_eq!(parse_value("1,234", en), Err(NumberProblem::NotNumber));
    }

    #[test]
    fn evidence_settles_or_keeps_an_ambiguous_value() {
        let mut e = Evidence::default();
        e.note(NumClass::AmbiguousDot, 10, 3, "1.234");
        assert!(e.unresolved().is_some());
        e.note(NumClass::DecimalDot, 20, 3, "0.5");
        assert!(e.unresolved().is_none());
        e.note(NumClass::ThousandsDot, 30, 3, "1.234.567");
        assert!(e.unresolved().is_some());
    }
}
