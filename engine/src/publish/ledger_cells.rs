//! Cells of earlier runs (publication ledger) as cells of this run's
//! protection problem: published, with the value the public knows, and
//! never suppressible (`Cell::published_before`). The atom relations then
//! tie them to this run's cells, so differencing across reports is audited
//! like differencing within one.

use super::atom_index::AtomIndex;
use crate::ledger::Ledger;
use crate::privacy::{Cell, CellId, SdcProblem};
use indexmap::IndexMap;
use std::collections::BTreeSet;

pub fn add(
    problem: &mut SdcProblem,
    keys: &mut IndexMap<String, CellId>,
    identities: &mut IndexMap<CellId, usize>,
    index: &AtomIndex,
    ledger: &Ledger,
    sources: &BTreeSet<usize>,
) {
    for r in index.ledger_cells.iter().filter(|r| sources.contains(&r.source)) {
        let Some(identity_id) = r.identity else { continue };
        let Some(identity) = index.identity(identity_id) else { continue };
        let key = format!("atoms#{identity_id}");
        if let Some(&c) = keys.get(&key) {
            // This run publishes the same number again: already public.
            if let Some(cell) = problem.cells.get_mut(c.0) {
                cell.published_before = true;
                cell.forced = None;
            }
            continue;
        }
        // The true value, from this run's atoms (the rows are the same).
        let value: f64 = identity.classes.iter().map(|&k| index.class_value(k, identity.quantity)).sum();
        let contributors: Option<u64> = identity
            .classes
            .iter()
            .map(|&k| index.class_contributors(k, identity.quantity))
            .sum::<Option<u64>>();
        let label = ledger.years.get(r.entry).and_then(|e| e.cells.get(r.cell)).map_or_else(
            || "früher veröffentlicht".to_string(),
            |c| format!("früher veröffentlicht: {}", c.label),
        );
        let mut cell = Cell::count(label, value.max(0.0)).published_before();
        if let Some(n) = contributors {
            cell = cell.with_contributors(n);
        }
        let c = problem.add_cell(cell);
        keys.insert(key, c);
        identities.insert(c, identity_id);
    }
}
