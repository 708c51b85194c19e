use super::{Origin, PrivacySettings};
use indexmap::IndexMap;
use kimon_grammar::ast::{AggregateFn, CmpOp, Expr, SubjectKind};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Per1000,
    Count,
    Mean,
    Ratio,
}

impl Unit {
    pub const NAMES: &'static [&'static str] = &["percent", "per_1000", "count", "mean", "ratio"];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "percent" => Unit::Percent,
            "per_1000" => Unit::Per1000,
            "count" => Unit::Count,
            "mean" => Unit::Mean,
            "ratio" => Unit::Ratio,
            _ => return None,
        })
    }

    /// Factor applied to numerator ÷ denominator.
    pub fn scale(self) -> f64 {
        match self {
            Unit::Percent => 100.0,
            Unit::Per1000 => 1000.0,
            Unit::Count | Unit::Mean | Unit::Ratio => 1.0,
        }
    }

    /// Whether the value is a share or rate whose gaps are differences
    /// (percentage points for percent).
    pub fn is_rate(self) -> bool {
        matches!(self, Unit::Percent | Unit::Per1000)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// Higher values are better (e.g. naturalisation rate, belonging).
    Higher,
    /// Lower values are better (e.g. unemployment).
    Lower,
    /// No direction is better (e.g. population shares).
    Neutral,
}

impl Polarity {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "higher" => Polarity::Higher,
            "lower" => Polarity::Lower,
            "neutral" => Polarity::Neutral,
            _ => return None,
        })
    }

    /// +1 when an increase is an improvement, −1 when a decrease is, 0 if neither.
    pub fn sign(self) -> f64 {
        match self {
            Polarity::Higher => 1.0,
            Polarity::Lower => -1.0,
            Polarity::Neutral => 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Verwaltung,
    Politik,
    Oeffentlichkeit,
}

impl Audience {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "verwaltung" => Audience::Verwaltung,
            "politik" => Audience::Politik,
            "oeffentlichkeit" | "öffentlichkeit" => Audience::Oeffentlichkeit,
            _ => return None,
        })
    }
}

/// `count(source where …)` or `sum(source.column where …)` after resolution.
#[derive(Debug, Clone, Serialize)]
pub struct AggregateDef {
    pub function: AggregateFn,
    pub source: String,
    pub column: Option<String>,
    pub filter: Option<Expr>,
    pub origin: Origin,
}

/// What a group's value is compared with to compute its gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "indicator", rename_all = "snake_case")]
pub enum Compare {
    /// The dimension's reference group (default).
    Reference,
    /// Everyone not in the group.
    Complement,
    /// The whole population of the area.
    Total,
    /// The same area's value of another indicator (representation: staff
    /// share with migration background vs population share).
    Indicator(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BandClass {
    Strength,
    Neutral,
    NeedForAction,
}

impl BandClass {
    pub const NAMES: &'static [&'static str] = &["strength", "neutral", "need_for_action"];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "strength" => BandClass::Strength,
            "neutral" => BandClass::Neutral,
            "need_for_action" => BandClass::NeedForAction,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BandDef {
    pub class: BandClass,
    pub op: CmpOp,
    pub bound: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Thresholds {
    pub subject: SubjectKind,
    pub bands: Vec<BandDef>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub subject: SubjectKind,
    /// For a gap/ratio: the group and the group compared with; for a value:
    /// optionally the one group the target is about.
    pub groups: Vec<String>,
    pub op: CmpOp,
    pub bound: f64,
    pub year: Option<i32>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub id: String,
    pub title: String,
    /// English title (`en "…"`), used instead of `title` for English output.
    pub title_en: Option<String>,
    pub field: String,
    pub core: bool,
    pub purpose: Option<String>,
    pub audience: Vec<Audience>,
    pub unit: Unit,
    pub polarity: Polarity,
    pub numerator: AggregateDef,
    pub denominator: Option<AggregateDef>,
    /// Dimensions the indicator is broken down by, in `by` order.
    pub dimensions: Vec<String>,
    /// The area hierarchy in `by`, if any.
    pub area: Option<String>,
    pub compare: Compare,
    pub targets: Vec<Target>,
    pub thresholds: Vec<Thresholds>,
    pub notes: Vec<String>,
    pub definition: Option<String>,
    pub privacy: PrivacySettings,
    /// Where the indicator was taken over from (`adopted from …`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted: Option<Provenance>,
    pub origin: Origin,
    /// Where each attribute was (last) written: the local override or core.
    #[serde(skip)]
    pub attr_origins: IndexMap<&'static str, Origin>,
}

/// `adopted from "peer.kimon" version "…" sha256 "…"` as recorded by
/// `kimon adopt`: the peer file as named then, its declared version and the
/// SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub from: String,
    pub version: Option<String>,
    pub sha256: String,
}

impl Indicator {
    /// The sources the indicator reads.
    pub fn sources(&self) -> Vec<&str> {
        let mut s = vec![self.numerator.source.as_str()];
        if let Some(d) = &self.denominator {
            if d.source != self.numerator.source {
                s.push(d.source.as_str());
            }
        }
        s
    }
}
