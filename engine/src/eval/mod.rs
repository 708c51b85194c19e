//! Evaluation: plan every source, stream each file once, build the cubes,
//! assemble one table per indicator and evaluate plausibility checks.

mod acc;
mod checks;
mod cube;
pub mod expr;
mod issues;
pub mod pass;
mod plan;
mod scan;
mod script_diag;
mod setup;
mod size;
pub mod value;

pub use acc::Acc;
pub use checks::CheckOutcome;
pub use cube::{AreaKey, CellKey, GroupCombo};
pub use pass::Control;
pub use plan::referenced_rhai_names;
pub use script_diag::compile_error as script_compile_diag;
pub use size::{input_size, InputSize};

use crate::diag::{Diag, Diags};
use crate::model::Model;
use crate::session::Options;
use indexmap::IndexMap;
use serde::Serialize;

/// Numerator and denominator of one cell, before privacy.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RawCell {
    pub num: Acc,
    pub den: Option<Acc>,
    /// Numerator above denominator: the cell is implausible.
    pub implausible: bool,
}

/// One indicator's cells over dimensions × area × year, before privacy.
#[derive(Debug, Clone)]
pub struct IndicatorTable {
    pub indicator: String,
    pub dims: Vec<String>,
    pub area: Option<String>,
    pub years: Vec<i32>,
    pub cells: IndexMap<CellKey, RawCell>,
    /// Identity of the numerator and denominator measures, so privacy can
    /// recognise the same count published by several indicators.
    pub num_measure: String,
    pub den_measure: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceStats {
    pub source: String,
    pub file: String,
    pub rows: u64,
    pub bytes: u64,
    pub seconds: f64,
}

pub struct Evaluation {
    pub tables: IndexMap<String, IndicatorTable>,
    pub checks: Vec<CheckOutcome>,
    pub stats: Vec<SourceStats>,
    /// Warnings about the data (errors abort the evaluation instead).
    pub warnings: Vec<Diag>,
}

/// Evaluates a resolved, error-free model against its data.
pub fn evaluate(model: &Model, opts: &Options, control: &Control) -> Result<Evaluation, Diags> {
    setup::evaluate(model, opts, control)
}
