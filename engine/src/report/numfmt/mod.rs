//! German and English number formatting for council reports.
//!
//! Every number a report shows goes through here, so tables, charts and
//! prose agree on one spelling. The conventions, and why:
//!
//! - **Decimal and group separators.** German `1.234.567,8`, English
//!   `1,234,567.8`. Integer parts of four or more digits are always grouped
//!   (also `1.234`), so that right-aligned table columns line up.
//!   Years are *not* numbers in this sense: callers print them plainly.
//! - **Minus sign** is U+2212 `−` ([`MINUS`]) in both languages. It has the
//!   width of `+` and of a digit, so signed change columns align, and it is
//!   the typographically correct sign (DIN 5008 / Duden). The price is that a
//!   value copied from the HTML into a spreadsheet is read as text; the CSV
//!   export, not the report, is the machine-readable channel.
//! - **Space before units.** German writes `12,3 %`, `2,5 ‰` and `+1,2 PP`
//!   with a space (DIN 5008); we use the ordinary no-break space U+00A0
//!   ([`UNIT_SPACE`]) rather than the narrow U+202F because every office
//!   font and PDF converter has U+00A0, while U+202F still shows as a box
//!   in some of them. English writes `12.3%` without a space, `+1.2 pp`
//!   with one.
//! - **Rounding** is half away from zero at the printed precision, applied
//!   to the shortest decimal spelling of the `f64` (what `{}` prints). So
//!   `2.675` with two decimals gives `2,68`, as in a spreadsheet's ROUND,
//!   although the binary value is a hair below 2.675.
//! - **No negative zero.** A value that rounds to zero prints without a
//!   sign (`0,0`, never `−0,0`).
//! - **Non-finite values** (NaN, ±∞) print as [`NOT_A_NUMBER`] `–`, the same
//!   dash the tables use for "no data": such a value is a defect upstream,
//!   and a report must neither panic nor show `NaN` to a council.
//! - **Decimals** are capped at [`MAX_DECIMALS`]; more is never meaningful
//!   for an `f64` and the cap keeps a wild argument from allocating.

mod decimal;
mod lang;
mod number;
mod percent;

pub use lang::Lang;
pub use number::{format_count, format_count_f64, format_number, format_ratio, format_signed};
pub use percent::{format_per_mille, format_percent, format_pp};

/// The minus sign used for negative numbers (U+2212), see the module docs.
pub const MINUS: char = '\u{2212}';

/// The space between a number and its unit (U+00A0 no-break space).
pub const UNIT_SPACE: char = '\u{00A0}';

/// What a non-finite value prints as: the official sign „.“ (unknown);
/// never the dash, which officially means „exactly zero“.
pub const NOT_A_NUMBER: &str = ".";

/// The most decimals any function here prints; larger requests are capped.
pub const MAX_DECIMALS: usize = 12;

/// A published value for machine reading (CSV downloads and exports):
/// up to four decimals, trailing zeros dropped, a decimal point, no
/// grouping and no negative zero. Four decimals are far below any
/// published precision and keep the file free of floating-point noise.
/// `None` for a non-finite value (a defect upstream, left empty).
pub fn exact_decimal(x: f64) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    Some(if s == "-0" { "0".into() } else { s.to_string() })
}
