use serde::Serialize;

/// Disclosure-control rules (global `privacy` block, overridable per
/// indicator). Privacy is never optional: without a block these defaults
/// apply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrivacySettings {
    /// Published counts must be 0 or at least this many persons
    /// (`min_count 3`: cells with 1 or 2 persons are suppressed, as the
    /// Bundesagentur für Arbeit's "Mindestfallzahl 3").
    pub min_count: u64,
    /// Whether a zero may be published.
    pub zero_publishable: bool,
    /// A rate or share is published only with a base of at least this.
    pub min_denominator: Option<u64>,
    /// Published counts are rounded to this base (e.g. 3 or 5).
    pub round_to: Option<u64>,
    /// Weighted survey cells need at least this many respondents.
    pub min_contributors: Option<u64>,
    /// Required protection interval of a primary-suppressed cell, relative to
    /// its value (default 0.3 = ±30 %): the public must not narrow it further.
    pub protection_relative: f64,
    /// Required protection interval, absolute minimum in persons (default 2,
    /// i.e. `min_count − 1` for the default `min_count 3`).
    pub protection_absolute: f64,
    /// Complementary (secondary) suppression over totals and derived groups.
    pub complementary: bool,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            min_count: 3,
            zero_publishable: true,
            min_denominator: None,
            round_to: None,
            min_contributors: None,
            protection_relative: 0.3,
            protection_absolute: 2.0,
            complementary: true,
        }
    }
}

pub const PRIVACY_KEYS: &[&str] = &[
    "min_count",
    "zero_publishable",
    "min_denominator",
    "round_to",
    "min_contributors",
    "protection",
    "protection_absolute",
    "complementary",
];

/// How targets and trends are judged (cut-offs configurable, defaults as in
/// the German sustainability strategy's assessment).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentSettings {
    /// Share of today's distance to the target still open in the target
    /// year below which the indicator is "on track" (percent).
    pub on_track: f64,
    /// … below which it is "nearly on track" (percent).
    pub nearly: f64,
    /// Periods used for the average annual change.
    pub periods: usize,
    /// Change per year (in the indicator's unit, pp for percent) below which
    /// a trend counts as stable.
    pub trend_tolerance: f64,
    /// An indicator whose values never move more than this across all
    /// periods is flagged as stale.
    pub stale_tolerance: f64,
    /// A rate whose denominator is below this gets a "small base" caveat.
    pub small_base: f64,
}

impl Default for AssessmentSettings {
    fn default() -> Self {
        AssessmentSettings {
            on_track: 5.0,
            nearly: 20.0,
            periods: 5,
            trend_tolerance: 0.1,
            stale_tolerance: 0.1,
            small_base: 100.0,
        }
    }
}

pub const ASSESSMENT_KEYS: &[&str] =
    &["on_track", "nearly", "periods", "trend_tolerance", "stale_tolerance", "small_base"];
