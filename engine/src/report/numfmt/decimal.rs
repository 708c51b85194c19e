//! Decimal rounding on digit strings, so that the printed digits are exactly
//! what half-away-from-zero rounding of the written number gives.

use super::MAX_DECIMALS;

/// A finite number rounded to a fixed number of decimals, kept as digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rounded {
    /// True when the rounded value is below zero (never for a rounded zero).
    pub negative: bool,
    /// Integer digits without leading zeros (at least `"0"`).
    pub int_digits: String,
    /// Exactly the requested number of fraction digits.
    pub frac_digits: String,
}

impl Rounded {
    /// Whether every printed digit is zero.
    pub fn is_zero(&self) -> bool {
        self.int_digits.bytes().chain(self.frac_digits.bytes()).all(|b| b == b'0')
    }
}

/// Rounds `v` half away from zero to `decimals` places (capped at
/// [`MAX_DECIMALS`]); `None` for NaN and infinities.
///
/// Works on the shortest round-trip spelling of `v` (Rust's `{}` never uses
/// an exponent for `f64`), so `0.125` rounds to `0.13` and `2.675` to `2.68`.
pub(crate) fn round(v: f64, decimals: usize) -> Option<Rounded> {
    if !v.is_finite() {
        return None;
    }
    let decimals = decimals.min(MAX_DECIMALS);
    let text = format!("{}", v.abs());
    let (int_part, frac_part) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let kept_frac = frac_part.bytes().chain(std::iter::repeat(b'0')).take(decimals);
    let mut digits: Vec<u8> = int_part.bytes().chain(kept_frac).map(|b| b.wrapping_sub(b'0')).collect();
    let round_up = frac_part.as_bytes().get(decimals).is_some_and(|&d| d >= b'5');
    if round_up {
        increment(&mut digits);
    }
    let int_len = digits.len().saturating_sub(decimals);
    let (int_raw, frac) = digits.split_at_checked(int_len).unwrap_or((&digits, &[]));
    let int_trimmed: Vec<u8> = int_raw.iter().copied().skip_while(|&d| d == 0).collect();
    let int_digits = if int_trimmed.is_empty() { "0".to_string() } else { to_text(&int_trimmed) };
    let mut rounded = Rounded { negative: false, int_digits, frac_digits: to_text(frac) };
    rounded.negative = v < 0.0 && !rounded.is_zero();
    Some(rounded)
}

/// Adds one unit in the last place, carrying leftwards (`9.99` → `10.00`).
fn increment(digits: &mut Vec<u8>) {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return;
        }
    }
    digits.insert(0, 1);
}

fn to_text(digits: &[u8]) -> String {
    digits.iter().map(|&d| char::from(b'0' + d.min(9))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(v: f64, d: usize) -> String {
        match round(v, d) {
            Some(x) => format!(
                "{}{}{}{}",
                if x.negative { "-" } else { "" },
                x.int_digits,
                if d > 0 { "." } else { "" },
                x.frac_digits
            ),
            None => "none".into(),
        }
    }

    #[test]
    fn half_away_from_zero_on_the_written_decimal() {
        assert_eq!(r(2.675, 2), "2.68");
        assert_eq!(r(1.005, 2), "1.01");
        assert_eq!(r(0.125, 2), "0.13");
        assert_eq!(r(-0.125, 2), "-0.13");
        assert_eq!(r(0.5, 0), "1");
        assert_eq!(r(-0.5, 0), "-1");
        assert_eq!(r(1.5, 0), "2");
        assert_eq!(r(2.5, 0), "3");
        assert_eq!(r(0.44999, 1), "0.4");
    }

    #[test]
    fn carries_through_nines() {
        assert_eq!(r(9.96, 1), "10.0");
        assert_eq!(r(999.5, 0), "1000");
        assert_eq!(r(-0.996, 2), "-1.00");
    }

    #[test]
    fn pads_and_never_signs_zero() {
        assert_eq!(r(3.0, 3), "3.000");
        assert_eq!(r(-0.04, 1), "0.0");
        assert_eq!(r(-0.0, 2), "0.00");
        assert_eq!(r(0.0, 0), "0");
    }

    #[test]
    fn extremes_and_non_finite() {
        assert_eq!(r(f64::NAN, 1), "none");
        assert_eq!(r(f64::INFINITY, 1), "none");
        assert_eq!(r(5e-324, 2), "0.00");
        assert!(r(f64::MAX, 0).starts_with("17976931348623157"));
        assert_eq!(r(1.0, 500).len(), 2 + MAX_DECIMALS);
    }
}
