//! Evaluation: plan every source, stream each file once, build the cubes,
//! assemble one table per indicator and evaluate plausibility checks.

mod acc;
pub mod atoms;
mod checks;
mod cube;
mod data_diags;
pub mod empty_atoms;
pub mod expr;
mod issues;
mod keys;
mod members;
mod notices;
pub mod parquet_pass;
pub mod pass;
mod plan;
pub mod presence;
pub mod pushdown;
mod rates;
mod record_bound;
mod record_keys;
mod scan;
mod script_diag;
mod setup;
mod share_data;
mod size;
pub mod totals;
pub mod value;
mod wide;

pub use acc::Acc;
pub use atoms::{Atom, SourceAtoms};
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
    /// Which atoms each numerator / denominator cell sums (see `atoms.rs`).
    pub num_def: Option<TableDef>,
    pub den_def: Option<TableDef>,
}

/// The selections of one dimension: per group key (`None` = the dimension
/// total), the base slots it sums.
pub type Selections = Vec<(Option<String>, Vec<usize>)>;

/// How the cells of one planned table are made of its source's atoms.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDef {
    pub source: String,
    /// Measure index in the source plan (its filter bit in the atoms).
    pub measure: usize,
    /// Per table dimension: the plan's dimension index and, per group key
    /// (`None` = the dimension total), the base slots it sums.
    pub dims: Vec<(usize, Selections)>,
    /// The plan's area index, if the table has an area.
    pub area: Option<usize>,
    /// Codes the area total sums; `None` = every code found.
    pub total_units: Option<Vec<String>>,
}

impl TableDef {
    /// Whether `atom` is part of the cell `key` of this table.
    pub fn contains(&self, atom: &Atom, key: &CellKey) -> bool {
        if atom.year != key.year || !atom.passes.get(self.measure).copied().unwrap_or(false) {
            return false;
        }
        if let Some(a) = self.area {
            let code = atom.codes.get(a).map(String::as_str).unwrap_or("");
            let inside = match &key.area {
                AreaKey::Unit(c) => c == code,
                AreaKey::Total => self.total_units.as_ref().is_none_or(|u| u.iter().any(|x| x == code)),
            };
            if !inside {
                return false;
            }
        }
        self.dims.iter().zip(&key.groups).all(|((d, sels), g)| {
            let slot = atom.slots.get(*d).copied().unwrap_or(usize::MAX);
            sels.iter().any(|(k, slots)| k == g && slots.contains(&slot))
        })
    }
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
    /// The atom table of every source read (the seam to privacy).
    pub atoms: IndexMap<String, SourceAtoms>,
    pub checks: Vec<CheckOutcome>,
    pub stats: Vec<SourceStats>,
    /// Warnings about the data (errors abort the evaluation instead); their
    /// messages are also listed in the findings and reports.
    pub warnings: Vec<Diag>,
    /// Warnings that name codes or literals of confidential data: shown to
    /// whoever runs kimon (who holds the data), never written into findings
    /// or reports, where that a code occurs at all — or that a literal
    /// matches no row — could reveal a protected cell.
    pub operator_warnings: Vec<Diag>,
    /// What findings and reports say in place of an operator warning about
    /// rows of a confidential source (what happened, not to how many or to
    /// whom); not printed on the terminal, where the full warning stands.
    pub published_notes: Vec<Diag>,
    /// What the ledger offered each source (empty without a ledger).
    pub ledger_views: IndexMap<String, std::sync::Arc<crate::ledger::SourceView>>,
}

pub use setup::{atom_queries, check_headers};

/// Evaluates a resolved, error-free model against its data.
pub fn evaluate(model: &Model, opts: &Options, control: &Control) -> Result<Evaluation, Diags> {
    setup::evaluate(model, opts, control, None)
}

/// Evaluates with the rows of earlier publications marked (see `ledger/`).
pub fn evaluate_with_ledger(
    model: &Model,
    opts: &Options,
    control: &Control,
    ledger: Option<&crate::ledger::Ledger>,
) -> Result<Evaluation, Diags> {
    setup::evaluate(model, opts, control, ledger)
}
