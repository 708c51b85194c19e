//! Plain, signed, count and ratio formatting.

use super::decimal::{round, Rounded};
use super::{Lang, MINUS, NOT_A_NUMBER};

/// Formats `v` with `decimals` places: `1.234.567,8` (De), `1,234,567.8` (En).
/// Negative values get [`MINUS`]; non-finite values give [`NOT_A_NUMBER`].
pub fn format_number(v: f64, decimals: usize, lang: Lang) -> String {
    match round(v, decimals) {
        Some(r) => join(&r, lang, if r.negative { Some(MINUS) } else { None }),
        None => NOT_A_NUMBER.to_string(),
    }
}

/// Formats a change with an explicit sign: `+1,2`, `−1,2`, and `0,0`
/// without a sign, because "+0,0" would claim a direction that the rounded
/// value does not have.
pub fn format_signed(v: f64, decimals: usize, lang: Lang) -> String {
    match round(v, decimals) {
        Some(r) => {
            let sign = if r.is_zero() {
                None
            } else if r.negative {
                Some(MINUS)
            } else {
                Some('+')
            };
            join(&r, lang, sign)
        }
        None => NOT_A_NUMBER.to_string(),
    }
}

/// Formats a count of persons or cases: `1.234` (De), `1,234` (En).
/// Integer input, so counts above 2^53 stay exact.
pub fn format_count(v: u64, lang: Lang) -> String {
    let mut out = String::new();
    group_into(&mut out, &v.to_string(), lang.group_separator());
    out
}

/// Formats a count that arrives as `f64` (e.g. a weighted or averaged
/// count), rounded to a whole number.
pub fn format_count_f64(v: f64, lang: Lang) -> String {
    format_number(v, 0, lang)
}

/// Formats a ratio with two decimals: `0,85` (De), `0.85` (En). Two
/// decimals because ratios of rates are read around 1 and a third decimal
/// is noise at municipal case numbers.
pub fn format_ratio(v: f64, lang: Lang) -> String {
    format_number(v, 2, lang)
}

/// Puts sign, grouped integer digits, separator and fraction together.
pub(super) fn join(r: &Rounded, lang: Lang, sign: Option<char>) -> String {
    let mut out = String::with_capacity(r.int_digits.len() * 2 + r.frac_digits.len() + 2);
    if let Some(s) = sign {
        out.push(s);
    }
    group_into(&mut out, &r.int_digits, lang.group_separator());
    if !r.frac_digits.is_empty() {
        out.push(lang.decimal_separator());
        out.push_str(&r.frac_digits);
    }
    out
}

/// Appends `digits` with `sep` between groups of three, counted from the right.
fn group_into(out: &mut String, digits: &str, sep: char) {
    let len = digits.chars().count();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DE: Lang = Lang::De;
    const EN: Lang = Lang::En;

    #[test]
    fn german_and_english_separators() {
        assert_eq!(format_number(1_234_567.8, 1, DE), "1.234.567,8");
        assert_eq!(format_number(1_234_567.8, 1, EN), "1,234,567.8");
        assert_eq!(format_number(1234.0, 0, DE), "1.234");
        assert_eq!(format_number(999.0, 0, DE), "999");
        assert_eq!(format_number(100_000.0, 2, DE), "100.000,00");
        assert_eq!(format_number(0.5, 2, EN), "0.50");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(format_number(2.675, 2, DE), "2,68");
        assert_eq!(format_number(-2.675, 2, DE), "\u{2212}2,68");
        assert_eq!(format_number(12.25, 1, DE), "12,3");
        assert_eq!(format_number(12.35, 1, EN), "12.4");
        assert_eq!(format_number(0.05, 1, DE), "0,1");
        assert_eq!(format_number(999_999.96, 1, DE), "1.000.000,0");
        assert_eq!(format_number(1.4999, 0, DE), "1");
    }

    #[test]
    fn negatives_use_the_minus_sign_and_zero_has_none() {
        assert_eq!(format_number(-1234.5, 1, DE), "\u{2212}1.234,5");
        assert_eq!(format_number(-1234.5, 1, EN), "\u{2212}1,234.5");
        assert_eq!(format_number(-0.04, 1, DE), "0,0");
        assert_eq!(format_number(-0.0, 0, DE), "0");
        assert_eq!(format_number(0.0, 1, EN), "0.0");
    }

    #[test]
    fn large_numbers() {
        assert_eq!(format_number(1e15, 0, DE), "1.000.000.000.000.000");
        assert_eq!(format_count(u64::MAX, DE), "18.446.744.073.709.551.615");
        assert_eq!(format_count(u64::MAX, EN), "18,446,744,073,709,551,615");
        assert!(format_number(f64::MAX, 0, DE).starts_with("179.769.313.486.231.570"));
    }

    #[test]
    fn non_finite_prints_a_dash_without_panicking() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(format_number(v, 1, DE), ".");
            assert_eq!(format_signed(v, 1, EN), ".");
            assert_eq!(format_ratio(v, DE), ".");
            assert_eq!(format_count_f64(v, DE), ".");
        }
    }

    #[test]
    fn signed_changes() {
        assert_eq!(format_signed(1.23, 1, DE), "+1,2");
        assert_eq!(format_signed(-1.25, 1, DE), "\u{2212}1,3");
        assert_eq!(format_signed(0.0, 1, DE), "0,0");
        assert_eq!(format_signed(-0.01, 1, EN), "0.0");
        assert_eq!(format_signed(0.05, 1, EN), "+0.1");
        assert_eq!(format_signed(1500.0, 0, DE), "+1.500");
    }

    #[test]
    fn counts() {
        assert_eq!(format_count(0, DE), "0");
        assert_eq!(format_count(12, DE), "12");
        assert_eq!(format_count(1000, DE), "1.000");
        assert_eq!(format_count(1000, EN), "1,000");
        assert_eq!(format_count_f64(1234.5, DE), "1.235");
        assert_eq!(format_count_f64(-1234.4, EN), "\u{2212}1,234");
    }

    #[test]
    fn ratios() {
        assert_eq!(format_ratio(0.85, DE), "0,85");
        assert_eq!(format_ratio(0.855, EN), "0.86");
        assert_eq!(format_ratio(1.0, DE), "1,00");
        assert_eq!(format_ratio(12345.678, DE), "12.345,68");
    }

    #[test]
    fn huge_decimal_requests_are_capped() {
        assert_eq!(format_number(1.0, usize::MAX, EN), format!("1.{}", "0".repeat(12)));
    }

    /// Deterministic pseudo-random check: the printed English number, read
    /// back, is within half a unit in the last printed place of the input.
    #[test]
    fn round_trips_within_half_a_unit() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5000 {
            let magnitude = 10f64.powi((next() % 14) as i32 - 4);
            let v = ((next() % 2_000_001) as f64 / 1_000_000.0 - 1.0) * magnitude;
            let d = (next() % 5) as usize;
            let text = format_number(v, d, EN);
            let back: f64 = text.replace(',', "").replace('\u{2212}', "-").parse().unwrap_or(f64::NAN);
            let half = 0.5 * 10f64.powi(-(d as i32));
            assert!((back - v).abs() <= half * (1.0 + 1e-9) + v.abs() * 1e-15, "{v} with {d} -> {text}");
            assert_eq!(text.matches('.').count(), usize::from(d > 0), "{text}");
            assert!(!text.contains('-'), "ASCII hyphen-minus in {text}");
            if back == 0.0 {
                assert!(!text.starts_with('\u{2212}'), "negative zero {text}");
            }
        }
    }
}
