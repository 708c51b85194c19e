//! The published form of a cell. A value that is not published carries only
//! the reason — the type cannot hold the suppressed number.

use crate::data::MissingKind;
use crate::eval::{AreaKey, CellKey};
use crate::privacy::{ForcedReason, PrimaryReason, SuppressionReason};
use indexmap::IndexMap;
use serde::Serialize;

/// A protected cell. There is deliberately one kind only: whether a cell
/// broke a rule itself, was hidden to shield another, or is a zero is
/// itself information (a primary cell is known to be 1 or 2), so published
/// outputs show the official symbol „.“ and never the reason. Reasons exist
/// only in the confidential audit file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Suppression {
    #[serde(rename = ".")]
    Protected,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "status", content = "detail", rename_all = "snake_case")]
pub enum Shown {
    Value(f64),
    Suppressed(Suppression),
    /// The data source delivered no value (typed missing, with reason).
    Missing(MissingKind),
    /// A total whose parts are not all available.
    Incomplete,
    /// Empty by the rulebook's own definitions (`structural.rs`): the
    /// conditions of the cell cannot hold together, so no value exists in
    /// any data set („nicht definiert“, sign „x“).
    NotDefined,
}

impl Shown {
    pub fn value(self) -> Option<f64> {
        match self {
            Shown::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_suppressed(self) -> bool {
        matches!(self, Shown::Suppressed(_))
    }
}

pub fn reason_code(r: SuppressionReason) -> &'static str {
    match r {
        SuppressionReason::Primary(PrimaryReason::SmallCount) => "primary_small_count",
        SuppressionReason::Primary(PrimaryReason::Zero) => "primary_zero",
        SuppressionReason::Primary(PrimaryReason::SmallBase) => "primary_small_base",
        SuppressionReason::Primary(PrimaryReason::FewContributors) => "primary_few_contributors",
        SuppressionReason::Primary(PrimaryReason::Dominance) => "primary_dominance",
        SuppressionReason::Complementary => "complementary",
        SuppressionReason::AuditFix => "complementary_audit",
        SuppressionReason::Forced(ForcedReason::SuppressedAtSource) => "suppressed_at_source",
        SuppressionReason::Forced(ForcedReason::Missing) => "missing",
        SuppressionReason::Forced(ForcedReason::Latent) => "latent",
        SuppressionReason::Forced(ForcedReason::SensitiveLatent) => "latent_sensitive",
    }
}

/// One published cell of an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct PubCell {
    pub numerator: Shown,
    pub denominator: Option<Shown>,
    /// The indicator value (share, rate, count) when it may be published.
    pub value: Shown,
    /// Persons behind the denominator are few: interpret with care.
    pub small_base: bool,
    pub implausible: bool,
    /// Flags the source printed on the numbers behind a published value
    /// (`p` provisional, `r` revised, …; see `data/value_field.rs`); 0 for a
    /// cell without a value, so nothing is said about protected cells.
    #[serde(skip_serializing_if = "no_flags")]
    pub flags: u8,
    /// Weighted survey share: respondents, Σw and Σw² of the published
    /// base, for the sampling error (`assess/survey.rs`). Only on a cell
    /// whose value is published exactly; `None` otherwise, so the number of
    /// respondents behind a protected cell is never at hand downstream.
    #[serde(skip)]
    pub design: Option<crate::assess::survey::Design>,
}

fn no_flags(f: &u8) -> bool {
    *f == 0
}

#[derive(Debug, Clone, Serialize)]
pub struct PublishedTable {
    pub indicator: String,
    pub dims: Vec<String>,
    pub area: Option<String>,
    pub years: Vec<i32>,
    #[serde(serialize_with = "cells_as_list")]
    pub cells: IndexMap<CellKey, PubCell>,
}

impl PublishedTable {
    pub fn get(&self, year: i32, area: &AreaKey, groups: &[Option<String>]) -> Option<&PubCell> {
        self.cells.get(&CellKey { year, area: area.clone(), groups: groups.to_vec() })
    }
}

fn cells_as_list<S: serde::Serializer>(cells: &IndexMap<CellKey, PubCell>, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        key: &'a CellKey,
        #[serde(flatten)]
        cell: &'a PubCell,
    }
    s.collect_seq(cells.iter().map(|(key, cell)| Row { key, cell }))
}
