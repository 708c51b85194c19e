//! Which cells are rated, and which rule decides their class.
//!
//! In an indicator with groups, the reference group of every dimension and
//! „alle Personen“ are context: they are the yardstick, not the monitored
//! groups (source report §4: strengths and needs for action are about the
//! participation of the monitored groups). A cell is rated when at least
//! one of its groups is not the reference of its dimension. An indicator
//! without groups rates its cells as they are.
//!
//! The rules decide in the rulebook's order (default target → band →
//! trend); the first that can say something wins and is named.

use super::bands::TrendDirection;
use super::target::TargetStatus;
use crate::findings::{Classification, Quantity};
use crate::model::{BandClass, DecidingRule, Indicator, Model};

/// Whether a cell is context (reference groups and "all" only).
pub fn is_context(model: &Model, ind: &Indicator, groups: &[Option<String>]) -> bool {
    !ind.dimensions.is_empty()
        && ind.dimensions.iter().zip(groups).all(|(d, g)| match g {
            None => true,
            Some(g) => model.dimensions.get(d).and_then(|d| d.reference.as_deref()) == Some(g.as_str()),
        })
}

/// What each rule has to say about a rated cell.
pub struct Evidence {
    /// Statuses of the targets that may decide (enough points, applicable).
    pub targets: Vec<TargetStatus>,
    /// Combined band and the quantity it is about.
    pub band: Option<(BandClass, Quantity)>,
    /// The development that may decide, and its quantity.
    pub trend: Option<(TrendDirection, Quantity)>,
}

pub struct Decision {
    pub class: Classification,
    pub rule: Option<DecidingRule>,
    pub quantity: Option<Quantity>,
}

fn from_targets(statuses: &[TargetStatus]) -> Option<Classification> {
    if statuses.is_empty() {
        return None;
    }
    // Only a target that is met is a strength: "on track" while the value
    // is still far off (21 % discrimination heading for 10 %) is not.
    Some(if statuses.iter().any(|s| matches!(s, TargetStatus::MovingAway | TargetStatus::OffTrack)) {
        Classification::NeedForAction
    } else if statuses.iter().all(|s| *s == TargetStatus::Met) {
        Classification::Strength
    } else {
        Classification::Neutral
    })
}

fn from_band(b: BandClass) -> Classification {
    match b {
        BandClass::Strength => Classification::Strength,
        BandClass::NeedForAction => Classification::NeedForAction,
        BandClass::Neutral => Classification::Neutral,
    }
}

fn from_trend(t: TrendDirection) -> Option<Classification> {
    match t {
        TrendDirection::Improving => Some(Classification::Strength),
        TrendDirection::Worsening => Some(Classification::NeedForAction),
        TrendDirection::Stable => Some(Classification::Neutral),
        // No direction is better: a development cannot rate.
        TrendDirection::Rising | TrendDirection::Falling => None,
    }
}

/// The first rule in `order` that can decide.
pub fn decide(order: &[DecidingRule], e: &Evidence, target_quantity: Option<Quantity>) -> Decision {
    for rule in order {
        let (class, quantity) = match rule {
            DecidingRule::Target => (from_targets(&e.targets), target_quantity),
            DecidingRule::Band => (e.band.map(|(b, _)| from_band(b)), e.band.map(|(_, q)| q)),
            DecidingRule::Trend => (e.trend.and_then(|(t, _)| from_trend(t)), e.trend.map(|(_, q)| q)),
        };
        if let Some(class) = class {
            return Decision { class, rule: Some(*rule), quantity };
        }
    }
    Decision { class: Classification::Neutral, rule: None, quantity: None }
}

/// Combines bands of several comparisons or threshold blocks: a need for
/// action anywhere counts; a strength only when every band says so.
pub fn combine(bands: &[BandClass]) -> Option<BandClass> {
    if bands.is_empty() {
        None
    } else if bands.contains(&BandClass::NeedForAction) {
        Some(BandClass::NeedForAction)
    } else if bands.iter().all(|b| *b == BandClass::Strength) {
        Some(BandClass::Strength)
    } else {
        Some(BandClass::Neutral)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(targets: Vec<TargetStatus>, band: Option<BandClass>, trend: Option<TrendDirection>) -> Evidence {
        Evidence {
            targets,
            band: band.map(|b| (b, Quantity::Gap)),
            trend: trend.map(|t| (t, Quantity::Value)),
        }
    }

    const ORDER: [DecidingRule; 3] = [DecidingRule::Target, DecidingRule::Band, DecidingRule::Trend];

    #[test]
    fn target_before_band_before_trend() {
        let d = decide(&ORDER, &ev(vec![TargetStatus::Met], Some(BandClass::NeedForAction), None), None);
        assert_eq!((d.class, d.rule), (Classification::Strength, Some(DecidingRule::Target)));
        let d = decide(&ORDER, &ev(vec![TargetStatus::OnTrack], None, None), None);
        assert_eq!((d.class, d.rule), (Classification::Neutral, Some(DecidingRule::Target)));
        let d = decide(
            &ORDER,
            &ev(vec![], Some(BandClass::NeedForAction), Some(TrendDirection::Improving)),
            None,
        );
        assert_eq!((d.class, d.rule), (Classification::NeedForAction, Some(DecidingRule::Band)));
        let d = decide(&ORDER, &ev(vec![], None, Some(TrendDirection::Improving)), None);
        assert_eq!((d.class, d.rule), (Classification::Strength, Some(DecidingRule::Trend)));
        let d = decide(&ORDER, &ev(vec![], None, Some(TrendDirection::Rising)), None);
        assert_eq!((d.class, d.rule), (Classification::Neutral, None));
    }

    #[test]
    fn the_rulebook_can_reorder() {
        let order = [DecidingRule::Band, DecidingRule::Target];
        let d = decide(&order, &ev(vec![TargetStatus::OnTrack], Some(BandClass::NeedForAction), None), None);
        assert_eq!((d.class, d.rule), (Classification::NeedForAction, Some(DecidingRule::Band)));
    }

    #[test]
    fn strength_only_when_every_comparison_agrees() {
        assert_eq!(combine(&[BandClass::Strength, BandClass::Neutral]), Some(BandClass::Neutral));
        assert_eq!(combine(&[BandClass::Strength, BandClass::NeedForAction]), Some(BandClass::NeedForAction));
        assert_eq!(combine(&[BandClass::Strength, BandClass::Strength]), Some(BandClass::Strength));
        assert_eq!(combine(&[]), None);
    }
}
