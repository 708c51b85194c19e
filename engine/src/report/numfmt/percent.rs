//! Percentages, per-mille values and percentage points.

use super::number::{format_number, format_signed};
use super::{Lang, NOT_A_NUMBER, UNIT_SPACE};

/// Formats a percentage. `v` is already in percent (`12.3` means 12.3 %),
/// because the engine stores rates in the unit they are reported in.
/// German `12,3 %` (no-break space), English `12.3%`.
pub fn format_percent(v: f64, decimals: usize, lang: Lang) -> String {
    with_symbol(format_number(v, decimals, lang), '%', lang)
}

/// Formats a per-mille value (`v` already in ‰): German `2,5 ‰`, English `2.5‰`.
pub fn format_per_mille(v: f64, decimals: usize, lang: Lang) -> String {
    with_symbol(format_number(v, decimals, lang), '\u{2030}', lang)
}

/// Formats a difference of two percentages, always with its sign, because
/// a gap or change without a direction is misread: German
/// `+1,2 Prozentpunkte` or, with `short`, `+1,2 %-Punkte`; English
/// `+1.2 percentage points` / `+1.2 pp`. Exactly one point (after rounding)
/// is singular: `+1 Prozentpunkt`, `−1 percentage point`.
pub fn format_pp(v: f64, decimals: usize, lang: Lang, short: bool) -> String {
    let number = format_signed(v, decimals, lang);
    if number == NOT_A_NUMBER {
        return number;
    }
    let singular = number.trim_start_matches(['+', super::MINUS]) == "1";
    let unit = match (lang, short, singular) {
        (Lang::De, true, _) => "%-Punkte",
        (Lang::De, false, true) => "Prozentpunkt",
        (Lang::De, false, false) => "Prozentpunkte",
        (Lang::En, true, _) => "pp",
        (Lang::En, false, true) => "percentage point",
        (Lang::En, false, false) => "percentage points",
    };
    format!("{number}{UNIT_SPACE}{unit}")
}

/// German puts a no-break space before `%`/`‰` (DIN 5008), English none.
/// A dash for a non-finite value gets no symbol: `– %` would look like data.
fn with_symbol(number: String, symbol: char, lang: Lang) -> String {
    if number == NOT_A_NUMBER {
        return number;
    }
    match lang {
        Lang::De => format!("{number}{UNIT_SPACE}{symbol}"),
        Lang::En => format!("{number}{symbol}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DE: Lang = Lang::De;
    const EN: Lang = Lang::En;

    #[test]
    fn percent() {
        assert_eq!(format_percent(12.345, 1, DE), "12,3\u{a0}%");
        assert_eq!(format_percent(12.35, 1, EN), "12.4%");
        assert_eq!(format_percent(100.0, 0, DE), "100\u{a0}%");
        assert_eq!(format_percent(-3.25, 1, DE), "\u{2212}3,3\u{a0}%");
        assert_eq!(format_percent(-0.01, 1, DE), "0,0\u{a0}%");
        assert_eq!(format_percent(1234.5, 1, DE), "1.234,5\u{a0}%");
        assert_eq!(format_percent(f64::NAN, 1, DE), ".");
    }

    #[test]
    fn per_mille() {
        assert_eq!(format_per_mille(2.5, 1, DE), "2,5\u{a0}\u{2030}");
        assert_eq!(format_per_mille(2.5, 1, EN), "2.5\u{2030}");
        assert_eq!(format_per_mille(f64::INFINITY, 1, EN), ".");
    }

    #[test]
    fn percentage_points_long_and_short() {
        assert_eq!(format_pp(1.23, 1, DE, false), "+1,2\u{a0}Prozentpunkte");
        assert_eq!(format_pp(1.23, 1, DE, true), "+1,2\u{a0}%-Punkte");
        assert_eq!(format_pp(-1.25, 1, EN, false), "\u{2212}1.3\u{a0}percentage points");
        assert_eq!(format_pp(-1.25, 1, EN, true), "\u{2212}1.3\u{a0}pp");
        assert_eq!(format_pp(0.0, 1, DE, true), "0,0\u{a0}%-Punkte");
        assert_eq!(format_pp(-0.04, 1, DE, false), "0,0\u{a0}Prozentpunkte");
    }

    #[test]
    fn percentage_points_singular_only_for_exactly_one() {
        assert_eq!(format_pp(1.0, 0, DE, false), "+1\u{a0}Prozentpunkt");
        assert_eq!(format_pp(-0.6, 0, EN, false), "\u{2212}1\u{a0}percentage point");
        assert_eq!(format_pp(1.0, 1, DE, false), "+1,0\u{a0}Prozentpunkte");
        assert_eq!(format_pp(11.0, 0, DE, false), "+11\u{a0}Prozentpunkte");
    }

    #[test]
    fn percentage_points_non_finite() {
        assert_eq!(format_pp(f64::NAN, 1, DE, true), ".");
        assert_eq!(format_pp(f64::NEG_INFINITY, 1, EN, false), ".");
    }
}
