//! Target assessment in the manner of the German sustainability strategy:
//! project the average annual change of the last (up to five) periods to the
//! target year, then ask how much of today's distance to the target would
//! still be open then.

use super::bands::TrendDirection;
use crate::model::AssessmentSettings;
use kimon_grammar::ast::CmpOp;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// The target is already reached.
    Met,
    /// Less than `on_track` % of today's distance remains in the target year.
    OnTrack,
    /// Between `on_track` and `nearly` % remains.
    Nearly,
    /// More than `nearly` % remains, but the development points the right way.
    OffTrack,
    /// The development points away from the target.
    MovingAway,
    NotAssessable,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetResult {
    pub status: TargetStatus,
    /// Value projected for the target year.
    pub projected: Option<f64>,
    /// Share of today's distance still open in the target year, percent.
    pub open_share: Option<f64>,
    /// Direction towards the target (improving = approaching it).
    pub direction: Option<TrendDirection>,
}

fn met(op: CmpOp, value: f64, bound: f64) -> bool {
    match op {
        CmpOp::Eq => (value - bound).abs() < 1e-9,
        CmpOp::Ne => (value - bound).abs() >= 1e-9,
        other => other.holds(value, bound),
    }
}

/// +1 when rising brings the quantity towards (or keeps it within) the
/// target, −1 when falling does.
fn toward(op: CmpOp, value: f64, bound: f64) -> f64 {
    match op {
        CmpOp::Ge | CmpOp::Gt => 1.0,
        CmpOp::Le | CmpOp::Lt => -1.0,
        CmpOp::Eq | CmpOp::Ne => (bound - value).signum(),
    }
}

/// Assesses one target. `change` is the average annual change (None if it
/// cannot be computed or rests on too few points); `year` the latest year;
/// `tolerance` the one tolerance below which a change is "stable".
#[allow(clippy::too_many_arguments)]
pub fn assess(
    op: CmpOp,
    bound: f64,
    value: f64,
    change: Option<f64>,
    year: i32,
    target_year: Option<i32>,
    tolerance: f64,
    s: &AssessmentSettings,
) -> TargetResult {
    let direction = change.map(|c| super::bands::direction(c, toward(op, value, bound), tolerance));
    if met(op, value, bound) {
        return TargetResult { status: TargetStatus::Met, projected: None, open_share: Some(0.0), direction };
    }
    let (Some(change), Some(target_year), Some(dir)) = (change, target_year, direction) else {
        return TargetResult {
            status: TargetStatus::NotAssessable,
            projected: None,
            open_share: None,
            direction,
        };
    };
    let years_left = f64::from((target_year - year).max(0));
    let projected = value + change * years_left;
    let distance = bound - value;
    match dir {
        TrendDirection::Worsening => {
            return TargetResult {
                status: TargetStatus::MovingAway,
                projected: Some(projected),
                open_share: Some(100.0),
                direction,
            }
        }
        TrendDirection::Improving => {}
        // Stable within the tolerance: not approaching fast enough to count.
        _ => {
            return TargetResult {
                status: TargetStatus::OffTrack,
                projected: Some(projected),
                open_share: Some(100.0),
                direction,
            }
        }
    }
    let open = ((bound - projected) / distance * 100.0).clamp(0.0, 100.0);
    let status = if open < s.on_track {
        TargetStatus::OnTrack
    } else if open < s.nearly {
        TargetStatus::Nearly
    } else {
        TargetStatus::OffTrack
    };
    TargetResult { status, projected: Some(projected), open_share: Some(open), direction }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s() -> AssessmentSettings {
        AssessmentSettings::default()
    }

    #[test]
    fn met_when_condition_holds() {
        assert_eq!(assess(CmpOp::Le, 5.0, 4.0, None, 2024, Some(2030), 0.1, &s()).status, TargetStatus::Met);
    }

    #[test]
    fn on_track_when_projection_reaches_target() {
        // 8 → target 5 by 2030, falling 0.5 per year: 8 − 3 = 5 in 2030: 0 % open.
        let r = assess(CmpOp::Le, 5.0, 8.0, Some(-0.5), 2024, Some(2030), 0.1, &s());
        assert_eq!(r.status, TargetStatus::OnTrack);
        assert_eq!(r.projected, Some(5.0));
    }

    #[test]
    fn nearly_and_off_track_by_open_share() {
        // distance 3; falling 0.45/yr for 6 years: projected 5.3, open 0.3/3 = 10 %.
        let r = assess(CmpOp::Le, 5.0, 8.0, Some(-0.45), 2024, Some(2030), 0.1, &s());
        assert_eq!(r.status, TargetStatus::Nearly);
        assert!((r.open_share.unwrap() - 10.0).abs() < 1e-9);
        // falling 0.25/yr: projected 6.5, open 50 %.
        let r = assess(CmpOp::Le, 5.0, 8.0, Some(-0.25), 2024, Some(2030), 0.1, &s());
        assert_eq!(r.status, TargetStatus::OffTrack);
        assert!((r.open_share.unwrap() - 50.0).abs() < 1e-9);
    }

    #[test]
    fn moving_away_when_trend_points_the_wrong_way() {
        let r = assess(CmpOp::Le, 5.0, 8.0, Some(0.2), 2024, Some(2030), 0.1, &s());
        assert_eq!(r.status, TargetStatus::MovingAway);
        let r = assess(CmpOp::Ge, 60.0, 50.0, Some(-1.0), 2024, Some(2030), 0.1, &s());
        assert_eq!(r.status, TargetStatus::MovingAway);
    }

    #[test]
    fn a_change_within_the_tolerance_is_not_moving_away() {
        // The same ±0.1/yr tolerance as the trend: +0.05/yr is "stable".
        let r = assess(CmpOp::Le, 5.0, 8.0, Some(0.05), 2024, Some(2030), 0.1, &s());
        assert_eq!(r.status, TargetStatus::OffTrack);
        assert_eq!(r.direction, Some(TrendDirection::Stable));
    }

    #[test]
    fn not_assessable_without_trend() {
        assert_eq!(
            assess(CmpOp::Le, 5.0, 8.0, None, 2024, Some(2030), 0.1, &s()).status,
            TargetStatus::NotAssessable
        );
    }
}
