//! The generic input model: cells, additive relations between them, rate
//! pairs and the rules.
//!
//! The engine translates its indicator tables into this model; nothing here
//! knows about areas, groups or indicators, so the same code protects any
//! count table. Cells are addressed by position (`CellId`) because the engine
//! deduplicates shared counts into one cell, and a plain index is the cheapest
//! stable handle for that.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::rules::PrivacyRules;

/// Index of a cell in [`SdcProblem::cells`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CellId(pub usize);

impl fmt::Display for CellId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// What a cell is used for. Informational: the rate rule itself is driven by
/// [`SdcProblem::rates`], because one denominator may serve several rates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellRole {
    #[default]
    Count,
    /// The base of one or more published rates.
    Denominator,
}

/// Why a cell is unknown to the public before protection starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForcedReason {
    /// The source delivered the cell suppressed. Its `value` is still used
    /// (the engine may know it, e.g. from a more detailed delivery) and it is
    /// protected like a primary cell, since the source judged it sensitive.
    SuppressedAtSource,
    /// No value exists. `value` is ignored (it may be NaN) and the cell only
    /// acts as an unknown in the relations.
    Missing,
    /// An atom class (or a rate's complement) that is never published: an
    /// unknown in the relations that lets the audit see every overlap
    /// between published cells. Its value is known to kimon.
    Latent,
    /// A latent whose value breaks a primary rule (a small intersection of
    /// published definitions, or the complement `denominator − numerator`
    /// of a rate in group disclosure): it needs a protection interval
    /// although it is never published itself.
    SensitiveLatent,
}

impl ForcedReason {
    /// Latent cells are modelling devices, not cells of any table.
    pub fn is_latent(self) -> bool {
        matches!(self, ForcedReason::Latent | ForcedReason::SensitiveLatent)
    }
}

/// One count (or sum of survey weights).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Non-negative count or sum of weights.
    pub value: f64,
    /// Persons / respondents behind the value, if known. For plain counts
    /// `None` means "the value is the number of persons".
    #[serde(default)]
    pub contributors: Option<u64>,
    #[serde(default)]
    pub role: CellRole,
    /// Set when the cell is unknown to the public regardless of our rules.
    #[serde(default)]
    pub forced: Option<ForcedReason>,
    /// For reports only.
    #[serde(default)]
    pub label: String,
    /// Published by an earlier run (publication ledger): the public knows
    /// it, so it can neither be hidden now nor be left out of the audit.
    #[serde(default)]
    pub published_before: bool,
    /// For a sum of amounts over persons: its largest contributions
    /// (descending, at most `rules::LARGEST_KEPT`), for the magnitude rules.
    /// Empty for counts.
    #[serde(default)]
    pub largest: Vec<f64>,
}

impl Cell {
    /// A plain person count.
    pub fn count(label: impl Into<String>, value: f64) -> Self {
        Cell {
            value,
            contributors: None,
            role: CellRole::Count,
            forced: None,
            label: label.into(),
            published_before: false,
            largest: Vec::new(),
        }
    }

    /// A sum of amounts with its largest contributions (see [`Cell::largest`]).
    pub fn with_largest(mut self, largest: Vec<f64>) -> Self {
        self.largest = largest;
        self
    }

    /// A cell an earlier run published (see [`Cell::published_before`]).
    pub fn published_before(mut self) -> Self {
        self.published_before = true;
        self.forced = None;
        self
    }

    pub fn with_contributors(mut self, contributors: u64) -> Self {
        self.contributors = Some(contributors);
        self
    }

    pub fn with_role(mut self, role: CellRole) -> Self {
        self.role = role;
        self
    }

    pub fn with_forced(mut self, forced: ForcedReason) -> Self {
        self.forced = Some(forced);
        self
    }
}

/// Where a relation comes from; only used in reports and diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// Sub-areas sum to their parent area.
    AreaTotal,
    /// Groups of a dimension sum to the dimension total.
    GroupTotal,
    /// A derived group, e.g. `any = own + parents`.
    DerivedGroup,
    /// One margin of a cross-classified table.
    Margin,
    /// A published cell as the sum of the atom classes it covers.
    Atoms,
    /// A rate's denominator as numerator plus complement.
    Complement,
}

/// `value(total) = Σ value(parts)`. A cell may appear in any number of
/// relations; repeated ids inside one relation are netted out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub total: CellId,
    pub parts: Vec<CellId>,
    pub kind: RelationKind,
}

/// A published rate `numerator / denominator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RatePair {
    pub numerator: CellId,
    pub denominator: CellId,
}

/// Everything needed to decide what may be published.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SdcProblem {
    pub cells: Vec<Cell>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub rates: Vec<RatePair>,
    #[serde(default)]
    pub rules: PrivacyRules,
}

impl SdcProblem {
    pub fn new(rules: PrivacyRules) -> Self {
        SdcProblem { rules, ..SdcProblem::default() }
    }

    /// Appends a cell and returns its id.
    pub fn add_cell(&mut self, cell: Cell) -> CellId {
        self.cells.push(cell);
        CellId(self.cells.len() - 1)
    }

    pub fn add_relation(&mut self, total: CellId, parts: Vec<CellId>, kind: RelationKind) {
        self.relations.push(Relation { total, parts, kind });
    }

    pub fn add_rate(&mut self, numerator: CellId, denominator: CellId) {
        self.rates.push(RatePair { numerator, denominator });
    }
}
