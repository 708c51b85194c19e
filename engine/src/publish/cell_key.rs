//! Publishing counts with the cell key method instead of suppression.
//!
//! A count is replaced by its perturbed value: the noise is looked up in the
//! perturbation table with the cell's key, the sum of its records' keys
//! (`AtomIndex::key_sum`). The key depends only on which persons are in the
//! cell, so the same cell gets the same noise wherever and whenever it is
//! published, and averaging repeated publications gains nothing. Rates are
//! computed from the perturbed counts (`build::published_table`); totals
//! are perturbed as cells of their own and are not adjusted to their parts.

use super::atom_index::AtomIndex;
use crate::privacy::cellkey::{perturb_f64, CellKeyParams, PTable};

/// The perturbation of one rule set.
pub struct Noise<'a> {
    pub index: &'a AtomIndex,
    pub table: PTable,
}

impl Noise<'_> {
    /// The published value of a count, or `None` when it cannot be perturbed
    /// (no identity, not a whole count): the caller withholds it then.
    pub fn perturb(&self, identity: Option<usize>, count: f64) -> Option<f64> {
        let key = self.index.key_sum(identity?);
        perturb_f64(count, key, &self.table).ok()
    }
}

/// Builds the perturbation tables of every distinct parameter set once.
#[derive(Default)]
pub struct Tables {
    built: Vec<(CellKeyParams, PTable)>,
}

impl Tables {
    pub fn get(&mut self, params: &CellKeyParams) -> Result<PTable, String> {
        if let Some((_, t)) = self.built.iter().find(|(p, _)| p.ptable_params() == params.ptable_params()) {
            return Ok(t.clone());
        }
        let table = params.build_table().map_err(|e| e.to_string())?;
        self.built.push((params.clone(), table.clone()));
        Ok(table)
    }
}
