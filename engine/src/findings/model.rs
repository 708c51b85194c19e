use crate::assess::bands::TrendDirection;
use crate::assess::target::TargetStatus;
use crate::eval::AreaKey;
use crate::model::{BandClass, DecidingRule, Meta, Polarity, Steerability, Unit};
use crate::publish::{Shown, Suppression};
use serde::Serialize;

pub const SCHEMA: &str = "kimon-findings/2";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    Strength,
    Neutral,
    NeedForAction,
    InsufficientData,
    Suppressed,
    /// The reference group or „alle Personen“ of an indicator with groups:
    /// shown as context, never rated.
    Context,
    /// The value does not exist: its denominator is 0 (e.g. an SGB II rate
    /// of the over-65s, who cannot draw SGB II).
    NotDefined,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationKind {
    Threshold,
    Target,
    Trend,
    DefinitionMismatch,
    SmallBase,
    Suppression,
    NotSteerable,
    Stale,
    SeriesBreak,
    MissingData,
    Implausible,
    Note,
    /// The last change is unusually large compared with the years before.
    Volatility,
    /// Survey sampling error: interval, respondents, significance.
    Sampling,
    /// Which rule decided the class, with its numbers.
    Decision,
    /// The source marked the value provisional, revised, estimated, final
    /// or of limited informative value (`12,3 p`).
    ValueFlag,
}

/// A short reason behind a finding, in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotation {
    pub kind: AnnotationKind,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupRef {
    pub dimension: String,
    /// `None`: all persons (the dimension's total).
    pub group: Option<String>,
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// Difference in percentage points (shares and rates in percent).
    PercentagePoints,
    /// Difference in the indicator's unit.
    Difference,
    /// Quotient (representation: 1 = proportional).
    Ratio,
}

/// The quantity a development or target is about, named in every text
/// („der Wert“, „der Abstand“, „das Verhältnis“).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    Value,
    Gap,
    Ratio,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The dimension along which the cell is compared (`None`: another
    /// indicator, e.g. the population share for representation).
    pub dimension: Option<String>,
    /// Groups of the cell compared with, in `by` order (null: all).
    pub against: Vec<Option<String>>,
    /// What the group is compared with, e.g. "Deutsche, 30 bis 49 Jahre".
    pub label: String,
    pub value: Shown,
    pub gap_kind: GapKind,
    /// `None` if it cannot be stated (suppressed or missing values).
    pub gap: Option<f64>,
    /// Gap in the previous published year, for "gap narrowed/widened".
    pub gap_previous: Option<f64>,
    /// Development of the gap (same rules and tolerance as the value's
    /// trend; relative to polarity: "improving" = better for the group).
    pub gap_trend: Option<TrendDirection>,
    /// Average annual change of the gap behind `gap_trend`.
    pub gap_change: Option<f64>,
    /// The band of the gap thresholds for this comparison.
    pub band: Option<BandClass>,
    /// Survey indicators: whether the gap exceeds its sampling error
    /// (`None`: not a survey, or the sampling error is not known).
    pub significant: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub from_year: i32,
    pub change: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetFinding {
    /// The target as written, in words ("Lücke ≤ 2 Prozentpunkte bis 2030").
    pub text: String,
    /// What the target is about.
    pub quantity: Quantity,
    /// The quantity's current value (gap or ratio for those targets).
    pub current: Option<f64>,
    pub status: TargetStatus,
    /// Direction towards the target (improving = approaching it), with the
    /// same tolerance as every other development.
    pub direction: Option<TrendDirection>,
    /// Whether this target decided the finding's class.
    pub decides: bool,
    pub projected: Option<f64>,
    pub open_share: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeriesPoint {
    pub year: i32,
    pub value: Shown,
}

/// One indicator × area × group finding for the latest year.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub area: AreaKey,
    pub area_name: String,
    pub groups: Vec<GroupRef>,
    /// A readable label: "Ausländer*innen, Altstadt".
    pub label: String,
    pub year: Option<i32>,
    pub value: Shown,
    pub numerator: Option<Shown>,
    pub denominator: Option<Shown>,
    /// The first of `comparisons` (kept for renderers that show one).
    pub comparison: Option<Comparison>,
    /// One comparison per dimension in which the cell's group is not the
    /// reference, each within the same slice of the other dimensions.
    pub comparisons: Vec<Comparison>,
    pub change_previous: Option<Change>,
    pub change_first: Option<Change>,
    pub trend: Option<TrendDirection>,
    pub targets: Vec<TargetFinding>,
    pub band: Option<BandClass>,
    pub classification: Classification,
    /// The rule that decided the class (`None`: not rated, or no rule applies).
    pub decided_by: Option<DecidingRule>,
    /// The quantity the deciding rule looked at.
    pub decision_quantity: Option<Quantity>,
    /// The reason for the class in one sentence, with its numbers.
    pub reason: String,
    /// Survey indicators: unweighted respondents behind the value.
    pub respondents: Option<u64>,
    /// Survey indicators: confidence interval of the value.
    pub interval: Option<Interval>,
    /// The source's flags on the numbers behind the value (`p`, `r`, `s`,
    /// `e`, `()`), in that order; absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<&'static str>,
    pub annotations: Vec<Annotation>,
    pub series: Vec<SeriesPoint>,
}

/// A confidence interval (level in percent).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
    pub level: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub file: String,
    pub migration_background: Option<String>,
    pub series_breaks: Vec<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorFindings {
    pub id: String,
    pub title: String,
    pub field: String,
    pub field_title: String,
    pub steerable: Steerability,
    pub core: bool,
    pub unit: Unit,
    pub polarity: Polarity,
    pub purpose: Option<String>,
    pub definition: Option<String>,
    pub numerator: String,
    pub denominator: Option<String>,
    pub sources: Vec<SourceInfo>,
    pub dimensions: Vec<String>,
    pub area: Option<String>,
    pub years: Vec<i32>,
    pub latest_year: Option<i32>,
    pub targets: Vec<String>,
    pub thresholds: Vec<String>,
    pub notes: Vec<String>,
    pub stale: bool,
    /// Indicator-level annotations (definition mismatch, stale, notes).
    pub annotations: Vec<Annotation>,
    pub findings: Vec<Finding>,
}

/// One line of the strengths / needs-for-action overview.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryItem {
    pub indicator: String,
    pub title: String,
    pub label: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldSummary {
    pub field: String,
    pub title: String,
    pub steerable: Steerability,
    pub strengths: Vec<SummaryItem>,
    pub needs_for_action: Vec<SummaryItem>,
    pub neutral: usize,
    pub insufficient_data: usize,
    pub suppressed: usize,
    /// Reference groups and „alle Personen“, shown but not rated.
    pub context: usize,
    pub not_defined: usize,
}

#[derive(Debug, Clone, Serialize)]
/// The result of a plausibility check for one cell: passed or not, nothing
/// more. The two sides and their difference are unprotected counts (a check
/// `count(…) == 0 by district` would print the suppressed counts as its
/// differences), so they never leave the evaluation.
pub struct CheckFinding {
    pub check: String,
    pub title: String,
    pub severity: crate::model::CheckSeverity,
    pub year: i32,
    pub cell: String,
    /// Left minus right side of a failed check — only when every count the
    /// check reads comes from sources declared `confidential no` (already
    /// public tables); never for confidential data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<f64>,
    /// `None`: not checkable (data missing), or withheld.
    pub passed: Option<bool>,
    /// The check reads confidential data: its verdicts are withheld from
    /// published outputs (a failed `count(…) == 0` proves a protected cell
    /// non-empty) and listed only in the confidential `kimon audit`. One
    /// entry per check then, without cell or year.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub withheld: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrivacySummary {
    pub min_count: u64,
    pub min_denominator: Option<u64>,
    pub round_to: Option<u64>,
    pub cells: usize,
    pub published: usize,
    /// Protected cells, without their reasons (those are confidential).
    pub protected: usize,
    pub missing_at_source: usize,
    pub audit_passed: bool,
    /// What was suppressed, in words.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Findings {
    pub schema: &'static str,
    pub language: String,
    pub rulebook: Meta,
    pub summary: Vec<FieldSummary>,
    pub indicators: Vec<IndicatorFindings>,
    pub checks: Vec<CheckFinding>,
    pub privacy: PrivacySummary,
    /// Data warnings, in words (no values of suppressed cells).
    pub data_notes: Vec<String>,
}

impl Finding {
    pub fn suppression(&self) -> Option<Suppression> {
        match self.value {
            Shown::Suppressed(s) => Some(s),
            _ => None,
        }
    }
}
