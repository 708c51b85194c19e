//! Threshold bands and trend direction relative to polarity.

use crate::model::{BandClass, BandDef, Polarity};
use serde::Serialize;

/// The first band whose condition holds; `Neutral` if none does.
pub fn band_of(bands: &[BandDef], value: f64) -> BandClass {
    bands.iter().find(|b| b.op.holds(value, b.bound)).map_or(BandClass::Neutral, |b| b.class)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendDirection {
    Improving,
    Stable,
    Worsening,
    /// Rising or falling where no direction is better (polarity neutral).
    Rising,
    Falling,
}

/// The one direction vocabulary. `sign` is +1 when an increase is good
/// (polarity higher, or a target `>=`), −1 when a decrease is, 0 when
/// neither is; changes within `tolerance` per year are stable. Used for the
/// value's trend, the gap's development and the way towards a target, so
/// the three never judge the same change differently.
pub fn direction(change: f64, sign: f64, tolerance: f64) -> TrendDirection {
    if change.abs() <= tolerance {
        return TrendDirection::Stable;
    }
    if sign == 0.0 {
        return if change > 0.0 { TrendDirection::Rising } else { TrendDirection::Falling };
    }
    if change * sign > 0.0 {
        TrendDirection::Improving
    } else {
        TrendDirection::Worsening
    }
}

/// Judges an annual change against the polarity with a tolerance.
pub fn trend(change: f64, polarity: Polarity, tolerance: f64) -> TrendDirection {
    direction(change, polarity.sign(), tolerance)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kimon_grammar::ast::CmpOp;

    #[test]
    fn first_matching_band_wins() {
        let bands = vec![
            BandDef { class: BandClass::Strength, op: CmpOp::Le, bound: 0.5 },
            BandDef { class: BandClass::NeedForAction, op: CmpOp::Gt, bound: 3.0 },
        ];
        assert_eq!(band_of(&bands, 0.5), BandClass::Strength);
        assert_eq!(band_of(&bands, 2.0), BandClass::Neutral);
        assert_eq!(band_of(&bands, 3.01), BandClass::NeedForAction);
    }

    #[test]
    fn trend_respects_polarity_and_tolerance() {
        assert_eq!(trend(-0.5, Polarity::Lower, 0.1), TrendDirection::Improving);
        assert_eq!(trend(0.5, Polarity::Lower, 0.1), TrendDirection::Worsening);
        assert_eq!(trend(0.05, Polarity::Higher, 0.1), TrendDirection::Stable);
        assert_eq!(trend(0.5, Polarity::Higher, 0.1), TrendDirection::Improving);
        assert_eq!(trend(0.5, Polarity::Neutral, 0.1), TrendDirection::Rising);
    }
}
