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
