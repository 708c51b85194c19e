//! Publication rules and the required protection interval.

use serde::{Deserialize, Serialize};

use super::error::PrivacyError;
use super::status::PrimaryReason;

/// How far a sensitive suppressed cell must remain uncertain.
///
/// For a sensitive cell with value `v` the margin is
/// `p = max(absolute, relative * v)` and the audit requires the feasible
/// interval `[lo, hi]` to cover `[max(0, v - p), v + p]`.
///
/// Defaults: `relative = 0.3`, `absolute = 2.0`.
/// * `absolute = 2` is `min_count - 1` for the default Mindestfallzahl 3:
///   a suppressed 1 must look like it could be 3, a suppressed 2 like 4, so
///   the public can never prove that a hidden cell is below the threshold.
///   Raise it together with `min_count`.
/// * `relative = 0.3` is a conventional safety range for larger sensitive
///   cells (weighted survey cells, small-base numerators, source
///   suppressions): the public must not pin them down to better than ±30 %.
/// * Lower clamp: when `v - p < 0` the requirement becomes `lo <= 0`, i.e. the
///   public must not even be able to prove that the cell is non-empty. This is
///   stricter than just dropping the lower check, and deliberately so: "at
///   least one person in district X has property Y" is itself a disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Protection {
    /// Share of the cell value.
    pub relative: f64,
    /// Absolute minimum margin, in the unit of the cell values.
    pub absolute: f64,
}

impl Default for Protection {
    fn default() -> Self {
        Protection { relative: 0.3, absolute: 2.0 }
    }
}

impl Protection {
    /// The interval `[required_lo, required_hi]` a sensitive cell of value
    /// `value` must stay indistinguishable within.
    pub fn required_interval(&self, value: f64) -> (f64, f64) {
        let margin = self.absolute.max(self.relative * value);
        ((value - margin).max(0.0), value + margin)
    }
}

/// The rules of one publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrivacyRules {
    /// Counts in `1..min_count` are suppressed ("min_count 3": 1 and 2 are
    /// hidden, like the Bundesagentur für Arbeit's Mindestfallzahl 3).
    /// Applied to the cell value; for weighted cells use `min_contributors`.
    pub min_count: u64,
    /// Whether a 0 may be shown. Usually yes: an empty cell describes nobody.
    pub zero_publishable: bool,
    /// Rates with a smaller denominator are not published (their numerator
    /// is suppressed with reason `SmallBase`).
    pub min_denominator: Option<u64>,
    /// Cells backed by fewer respondents are suppressed (weighted surveys).
    pub min_contributors: Option<u64>,
    /// Rounding base for published counts, applied by renderers via
    /// [`PrivacyRules::round_published`]. The audit works on unrounded
    /// values, which is conservative: rounding only adds uncertainty.
    pub round_to: Option<u64>,
    pub protection: Protection,
    /// Magnitude rules for sums of a column over persons.
    pub magnitude: Magnitude,
    /// Run the complementary step and the audit fixes. `false` gives primary
    /// suppression only (plus an audit report that will usually fail); it
    /// exists for diagnostics and for tables without relations.
    pub complementary: bool,
}

impl Default for PrivacyRules {
    fn default() -> Self {
        PrivacyRules {
            min_count: 3,
            zero_publishable: true,
            min_denominator: None,
            min_contributors: None,
            round_to: None,
            protection: Protection::default(),
            magnitude: Magnitude::default(),
            complementary: true,
        }
    }
}

/// Rules for sums of amounts (incomes, ages, hours) over persons, as
/// τ-ARGUS and sdcTable define them. A sum is sensitive when
///
/// - fewer than `min_count` (or `min_contributors`) persons are behind it;
/// - (n, k) dominance: its `n` largest contributions make up more than
///   `k` % of it (`dominance_n 1`, `dominance_k 85%`);
/// - p % rule: the second largest contributor could estimate the largest
///   to within `p` % — `sum − x1 − x2 < p/100 · x1` (`p_percent 10%`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Magnitude {
    pub dominance: Option<(u32, f64)>,
    pub p_percent: Option<f64>,
}

/// How many of the largest contributions a cell keeps for these rules.
pub const LARGEST_KEPT: usize = 3;

impl PrivacyRules {
    /// The primary rule that an aggregate with this value and contributor
    /// count breaks, if any (rate rules are separate since they need a pair).
    ///
    /// Used for single cells and for the revealed sum of a relation's
    /// suppressed cells (the sub-sum rule).
    pub fn primary_reason(&self, value: f64, contributors: Option<u64>) -> Option<PrimaryReason> {
        if value == 0.0 {
            return (!self.zero_publishable).then_some(PrimaryReason::Zero);
        }
        if value > 0.0 && value < self.min_count as f64 {
            return Some(PrimaryReason::SmallCount);
        }
        match (self.min_contributors, contributors) {
            (Some(min), Some(n)) if n < min => Some(PrimaryReason::FewContributors),
            _ => None,
        }
    }

    /// The magnitude rule a sum breaks, given the persons behind it and its
    /// largest contributions (descending, absolute values).
    pub fn magnitude_reason(&self, value: f64, contributors: u64, largest: &[f64]) -> Option<PrimaryReason> {
        let min_persons = self.min_count.max(self.min_contributors.unwrap_or(0));
        if contributors > 0 && contributors < min_persons {
            return Some(PrimaryReason::FewContributors);
        }
        let total = value.abs();
        if total <= 0.0 {
            return None;
        }
        if let Some((n, k)) = self.magnitude.dominance {
            let top: f64 = largest.iter().take(n as usize).sum();
            if top > k / 100.0 * total {
                return Some(PrimaryReason::Dominance);
            }
        }
        if let Some(p) = self.magnitude.p_percent {
            let x1 = largest.first().copied().unwrap_or(0.0);
            let x2 = largest.get(1).copied().unwrap_or(0.0);
            if total - x1 - x2 < p / 100.0 * x1 {
                return Some(PrimaryReason::Dominance);
            }
        }
        None
    }

    /// The primary rule a cell breaks: counts by value, sums of amounts
    /// (cells that carry their largest contributions) also by the
    /// magnitude rules.
    pub fn cell_reason(
        &self,
        value: f64,
        contributors: Option<u64>,
        largest: &[f64],
    ) -> Option<PrimaryReason> {
        if largest.is_empty() {
            return self.primary_reason(value, contributors);
        }
        if value == 0.0 {
            return (!self.zero_publishable).then_some(PrimaryReason::Zero);
        }
        self.magnitude_reason(value, contributors.unwrap_or(0), largest)
    }

    /// Rounds a published value to the nearest multiple of `round_to`
    /// (halves round up); unchanged when no base is set. Renderers call this;
    /// protection itself never rounds.
    pub fn round_published(&self, value: f64) -> f64 {
        match self.round_to {
            Some(base) if base > 1 && value.is_finite() => {
                let base = base as f64;
                (value / base + 0.5).floor() * base
            }
            _ => value,
        }
    }

    pub(crate) fn validate(&self) -> Result<(), PrivacyError> {
        let Protection { relative, absolute } = self.protection;
        if !relative.is_finite() || relative < 0.0 {
            return Err(PrivacyError::InvalidRules(format!(
                "protection.relative must be finite and non-negative, got {relative}"
            )));
        }
        if !absolute.is_finite() || absolute < 0.0 {
            return Err(PrivacyError::InvalidRules(format!(
                "protection.absolute must be finite and non-negative, got {absolute}"
            )));
        }
        Ok(())
    }
}
