//! How a value of each [`Unit`] is written: in cells, tooltips, tick
//! labels and gaps. Decimals are fixed per unit so a chart, its table and
//! its alt text always print the same digits for the same value.

use super::model::Unit;
use super::numfmt::{
    format_count_f64, format_number, format_per_mille, format_percent, format_pp, format_ratio,
    format_signed, Lang, UNIT_SPACE,
};

/// Decimals for values and gaps of `unit`: shares and means to one place,
/// counts whole, ratios to two places.
pub(crate) fn value_decimals(unit: Unit) -> usize {
    match unit {
        Unit::Percent | Unit::Per1000 | Unit::Mean => 1,
        Unit::Count => 0,
        Unit::Ratio => 2,
    }
}

/// A value with its unit symbol: `12,3 %`, `2,5 ‰`, `1.234`, `42,3`, `0,85`.
pub(crate) fn format_value(v: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Percent => format_percent(v, 1, lang),
        Unit::Per1000 => format_per_mille(v, 1, lang),
        Unit::Count => format_count_f64(v, lang),
        Unit::Mean => format_number(v, 1, lang),
        Unit::Ratio => format_ratio(v, lang),
    }
}

/// A value-axis tick with as many decimals as the tick step needs.
pub(crate) fn format_tick(v: f64, decimals: usize, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Percent => format_percent(v, decimals, lang),
        Unit::Per1000 => format_per_mille(v, decimals, lang),
        Unit::Count | Unit::Mean | Unit::Ratio => format_number(v, decimals, lang),
    }
}

/// The value a gap bar starts from: 1 for ratios ("no difference"), else 0.
pub(crate) fn gap_baseline(unit: Unit) -> f64 {
    match unit {
        Unit::Ratio => 1.0,
        _ => 0.0,
    }
}

/// A gap with sign and unit: `+1,2 %-Punkte` (short) or `+1,2 Prozentpunkte`;
/// per-mille gaps in `Promillepunkte`; ratios unsigned (`1,20`) because they
/// are read against 1, not 0.
pub(crate) fn format_gap(v: f64, unit: Unit, lang: Lang, short: bool) -> String {
    let d = value_decimals(unit);
    match unit {
        Unit::Percent => format_pp(v, d, lang, short),
        Unit::Per1000 => with_word(format_signed(v, d, lang), per_mille_points(lang, short)),
        Unit::Count | Unit::Mean => format_signed(v, d, lang),
        Unit::Ratio => format_ratio(v, lang),
    }
}

/// A gap without unit, for bar ends and axis ticks (the axis title names
/// the unit): `+1,2`, `−0,4`, `0,0`; ratios unsigned.
pub(crate) fn format_gap_bare(v: f64, decimals: usize, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Ratio => format_number(v, decimals, lang),
        _ => format_signed(v, decimals, lang),
    }
}

/// The title of the value axis, which names the unit („Anteil in %“).
pub fn value_axis_title(unit: Unit, lang: Lang) -> &'static str {
    match (unit, lang) {
        (Unit::Percent, Lang::De) => "Anteil in %",
        (Unit::Per1000, Lang::De) => "je 1.000",
        (Unit::Count, Lang::De) => "Anzahl",
        (Unit::Mean, Lang::De) => "Mittelwert",
        (Unit::Ratio, Lang::De) => "Verhältnis",
        (Unit::Percent, Lang::En) => "share in %",
        (Unit::Per1000, Lang::En) => "per 1,000",
        (Unit::Count, Lang::En) => "number",
        (Unit::Mean, Lang::En) => "mean",
        (Unit::Ratio, Lang::En) => "ratio",
    }
}

/// The title of the gap axis.
pub fn gap_axis_title(unit: Unit, lang: Lang) -> &'static str {
    match (lang, unit) {
        (Lang::De, Unit::Percent) => "Abstand in Prozentpunkten",
        (Lang::En, Unit::Percent) => "Gap in percentage points (pp)",
        (Lang::De, Unit::Per1000) => "Abstand in Promillepunkten",
        (Lang::En, Unit::Per1000) => "Gap in per-mille points",
        (Lang::De, Unit::Count) => "Abstand (Anzahl)",
        (Lang::En, Unit::Count) => "Gap (count)",
        (Lang::De, Unit::Mean) => "Abstand",
        (Lang::En, Unit::Mean) => "Gap",
        (Lang::De, Unit::Ratio) => "Verhältnis (1 = kein Unterschied)",
        (Lang::En, Unit::Ratio) => "Ratio (1 = no difference)",
    }
}

fn per_mille_points(lang: Lang, short: bool) -> &'static str {
    match (lang, short) {
        (Lang::De, true) => "\u{2030}-Pkt.",
        (Lang::De, false) => "Promillepunkte",
        (Lang::En, true) => "\u{2030} pts",
        (Lang::En, false) => "per-mille points",
    }
}

fn with_word(number: String, word: &str) -> String {
    if number == super::numfmt::NOT_A_NUMBER {
        number
    } else {
        format!("{number}{UNIT_SPACE}{word}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_per_unit() {
        assert_eq!(format_value(12.345, Unit::Percent, Lang::De), "12,3\u{a0}%");
        assert_eq!(format_value(1234.4, Unit::Count, Lang::De), "1.234");
        assert_eq!(format_value(0.854, Unit::Ratio, Lang::En), "0.85");
        assert_eq!(format_value(42.25, Unit::Mean, Lang::De), "42,3");
        assert_eq!(format_value(2.5, Unit::Per1000, Lang::De), "2,5\u{a0}\u{2030}");
    }

    #[test]
    fn ticks_and_gaps() {
        assert_eq!(format_tick(10.0, 0, Unit::Percent, Lang::De), "10\u{a0}%");
        assert_eq!(format_tick(0.5, 1, Unit::Count, Lang::En), "0.5");
        assert_eq!(format_gap(1.23, Unit::Percent, Lang::De, true), "+1,2\u{a0}%-Punkte");
        assert_eq!(format_gap(-1.23, Unit::Per1000, Lang::De, false), "\u{2212}1,2\u{a0}Promillepunkte");
        assert_eq!(format_gap(1.2, Unit::Ratio, Lang::De, true), "1,20");
        assert_eq!(format_gap(f64::NAN, Unit::Per1000, Lang::En, true), ".");
        assert_eq!(format_gap_bare(-2.0, 0, Unit::Percent, Lang::De), "\u{2212}2");
        assert_eq!(gap_baseline(Unit::Ratio), 1.0);
    }
}
