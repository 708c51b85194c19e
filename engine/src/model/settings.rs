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
    /// (n, k) dominance for sums of amounts: `n` largest contributions above
    /// `k` % of the sum (`dominance_n 1`, `dominance_k 85%`).
    pub dominance_n: Option<u32>,
    pub dominance_k: Option<f64>,
    /// p % rule for sums of amounts (`p_percent 10%`).
    pub p_percent: Option<f64>,
    /// Suppression (the default) or the cell key method.
    pub method: PrivacyMethod,
    /// Parameters of the cell key method; used when `method` is `CellKey`.
    pub cell_key: CellKeySettings,
}

/// How published counts are protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyMethod {
    /// Small cells are withheld (primary and complementary suppression).
    Suppression,
    /// Every count gets consistent noise from its records' keys, as the
    /// statistical offices do for the 2022 census (`privacy/cellkey/`).
    CellKey,
}

/// `privacy { method cell_key … }` as written; checked by the resolver.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellKeySettings {
    /// D: largest deviation (default 2, as in the census).
    pub max_deviation: u32,
    /// V: variance of the noise (default 1.08, as in the census).
    pub variance: f64,
    /// Perturbed counts never take the values 1…js (default 1).
    pub forbidden_small: u32,
    /// The office's secret, resolved against the declaring file's folder.
    pub key_file: Option<std::path::PathBuf>,
    /// Column of the person-level source that identifies a person.
    pub record_id: Option<String>,
}

impl Default for CellKeySettings {
    fn default() -> Self {
        CellKeySettings {
            max_deviation: 2,
            variance: 1.08,
            forbidden_small: 1,
            key_file: None,
            record_id: None,
        }
    }
}

impl CellKeySettings {
    /// The engine's parameters, once key file and record id are known.
    pub fn params(&self) -> Option<crate::privacy::cellkey::CellKeyParams> {
        Some(crate::privacy::cellkey::CellKeyParams {
            max_deviation: self.max_deviation,
            variance: self.variance,
            forbidden_small: self.forbidden_small,
            monotone: false,
            key_file: self.key_file.clone()?,
            record_id: self.record_id.clone()?,
        })
    }
}

impl PrivacySettings {
    /// The cell key parameters when this rule set uses the cell key method.
    pub fn cell_key_params(&self) -> Option<crate::privacy::cellkey::CellKeyParams> {
        match self.method {
            PrivacyMethod::CellKey => self.cell_key.params(),
            PrivacyMethod::Suppression => None,
        }
    }
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
            dominance_n: None,
            dominance_k: None,
            p_percent: None,
            method: PrivacyMethod::Suppression,
            cell_key: CellKeySettings::default(),
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
    "dominance_n",
    "dominance_k",
    "p_percent",
    "method",
    "max_deviation",
    "variance",
    "forbidden_small",
    "key_file",
    "record_id",
];

/// A rule that can decide a finding's class, in the order the rulebook
/// gives (`assessment { decide "target band trend" }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidingRule {
    Target,
    Band,
    Trend,
}

impl DecidingRule {
    pub const NAMES: &'static [&'static str] = &["target", "band", "trend"];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "target" => DecidingRule::Target,
            "band" | "thresholds" => DecidingRule::Band,
            "trend" => DecidingRule::Trend,
            _ => return None,
        })
    }
}

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
    /// a development counts as stable. The one tolerance for the trend of
    /// the value, the development of the gap and the direction towards a
    /// target, so the three can never disagree about "stable".
    pub trend_tolerance: f64,
    /// The same tolerance for ratios (representation), per year.
    pub ratio_tolerance: f64,
    /// An indicator whose values never move more than this across all
    /// periods is flagged as stale.
    pub stale_tolerance: f64,
    /// A rate whose denominator is below this gets a "small base" caveat.
    pub small_base: f64,
    /// Published points a trend needs (fewer: "zu wenige Werte").
    pub trend_min_points: usize,
    /// Published points a target projection needs …
    pub target_min_points: usize,
    /// … spanning at least this many years.
    pub target_min_years: i32,
    /// The last change is "volatile" when it exceeds this multiple of the
    /// typical yearly change before it.
    pub volatility_factor: f64,
    /// Confidence level of survey intervals and gap tests, percent.
    pub confidence: f64,
    /// Which rules decide the class, first applicable wins.
    pub decide: Vec<DecidingRule>,
}

impl Default for AssessmentSettings {
    fn default() -> Self {
        AssessmentSettings {
            on_track: 5.0,
            nearly: 20.0,
            periods: 5,
            trend_tolerance: 0.1,
            ratio_tolerance: 0.01,
            stale_tolerance: 0.1,
            small_base: 100.0,
            trend_min_points: 3,
            target_min_points: 3,
            target_min_years: 3,
            volatility_factor: 2.0,
            confidence: 95.0,
            decide: vec![DecidingRule::Target, DecidingRule::Band, DecidingRule::Trend],
        }
    }
}

pub const ASSESSMENT_KEYS: &[&str] = &[
    "on_track",
    "nearly",
    "periods",
    "trend_tolerance",
    "ratio_tolerance",
    "stale_tolerance",
    "small_base",
    "trend_min_points",
    "target_min_points",
    "target_min_years",
    "volatility_factor",
    "confidence",
    "decide",
];
