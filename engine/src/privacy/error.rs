//! Errors of the disclosure-control module.
//!
//! Every way a caller's input can be wrong is an error value rather than a
//! panic, because the engine feeds this module tables that it built from
//! external data, and a bad table must stop publication, not the process.

use thiserror::Error;

/// Why a problem could not be protected or audited.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PrivacyError {
    /// A relation names a cell index that is not in `cells`.
    #[error("relation {relation} references unknown cell {cell} (the problem has {cells} cells)")]
    UnknownCellInRelation { relation: usize, cell: usize, cells: usize },
    /// A rate pair names a cell index that is not in `cells`.
    #[error("rate pair {rate} references unknown cell {cell} (the problem has {cells} cells)")]
    UnknownCellInRate { rate: usize, cell: usize, cells: usize },
    /// A relation with no parts would force its total to zero; the engine
    /// never means that, so it is treated as a construction bug.
    #[error("relation {relation} has no parts")]
    EmptyRelation { relation: usize },
    /// Counts and weight sums are non-negative and finite; anything else
    /// makes the audit's intervals meaningless.
    #[error("cell {cell} ({label}) has invalid value {value}: values must be finite and non-negative")]
    InvalidValue { cell: usize, label: String, value: f64 },
    /// The values do not satisfy a relation, so the audit would reason about
    /// a table that does not exist (e.g. persons without a district were left
    /// out of the parts: add an "unknown" part instead).
    #[error("relation {relation} does not add up: total {total} but the parts sum to {parts_sum}")]
    RelationMismatch { relation: usize, total: f64, parts_sum: f64 },
    /// A rule parameter is out of range.
    #[error("invalid privacy rules: {0}")]
    InvalidRules(String),
    /// `audit` was given a status list for a different problem.
    #[error("status list has {got} entries but the problem has {expected} cells")]
    StatusCount { expected: usize, got: usize },
    /// The LP solver failed for a reason other than unboundedness or
    /// infeasibility (both of which are handled).
    #[error("lp solver failed: {0}")]
    Solver(String),
}
