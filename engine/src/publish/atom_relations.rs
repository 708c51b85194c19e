//! Relations that come from the atom model rather than from a table's
//! layout: every published cell as the sum of its atom classes, and every
//! rate's denominator as numerator plus complement.
//!
//! Classes that are a published cell on their own are that cell; all other
//! classes become *latent* cells — unknowns for the audit, never published.
//! Every latent whose value breaks a primary rule is sensitive: it is a
//! small group that a reader could otherwise pin down, exactly by
//! differencing two published cells (`age in 15..64` next to `age in
//! 15..65`) or from one side by combining inequalities across indicators
//! and area levels (foreigners of a planning area minus those of its
//! district's labour force: „at least one foreign child lives here“, LEAKS.md
//! L4). Testing only the classes one subtraction isolates missed the second
//! kind.

use super::atom_index::AtomIndex;
use crate::privacy::{Cell, CellId, ForcedReason, RelationKind, SdcProblem};
use indexmap::IndexMap;
use std::collections::{BTreeSet, HashMap};

/// A latent cell with its primary test applied.
fn latent(problem: &SdcProblem, label: String, value: f64, contributors: Option<u64>) -> Cell {
    latent_sum(problem, label, value, contributors, Vec::new())
}

/// A latent cell; for a sum of amounts with its largest contributions, so
/// the magnitude rules apply to it too (one person's income isolated by
/// differencing two published sums).
fn latent_sum(
    problem: &SdcProblem,
    label: String,
    value: f64,
    contributors: Option<u64>,
    largest: Vec<f64>,
) -> Cell {
    let forced = match problem.rules.cell_reason(value, contributors, &largest) {
        Some(_) => ForcedReason::SensitiveLatent,
        None => ForcedReason::Latent,
    };
    let mut cell = Cell::count(label, value.max(0.0)).with_forced(forced).with_largest(largest);
    if let Some(n) = contributors {
        cell = cell.with_contributors(n);
    }
    cell
}

/// Adds `cell = Σ classes` for every cell of the run that covers more than
/// one class.
pub fn add(problem: &mut SdcProblem, identities: &IndexMap<CellId, usize>, index: &AtomIndex) {
    let mut class_var: HashMap<(usize, usize, u32), CellId> = HashMap::new();
    for (&cell, &id) in identities {
        let Some(identity) = index.identity(id) else { continue };
        if let [class] = identity.classes.as_slice() {
            class_var.entry((identity.source, identity.quantity, *class)).or_insert(cell);
        }
    }
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    for (&cell, &id) in identities {
        let Some(identity) = index.identity(id) else { continue };
        if identity.classes.len() < 2 || !seen.insert(id) {
            continue;
        }
        let mut parts = Vec::with_capacity(identity.classes.len());
        for &class in &identity.classes {
            let key = (identity.source, identity.quantity, class);
            let part = match class_var.get(&key) {
                Some(&c) => c,
                None => {
                    let value = index.class_value(class, identity.quantity);
                    let contributors = index.class_contributors(class, identity.quantity);
                    let label = format!("Atomklasse {class}");
                    let largest = index.class_largest(class, identity.quantity);
                    let cell = latent_sum(problem, label, value, contributors, largest);
                    let c = problem.add_cell(cell);
                    class_var.insert(key, c);
                    c
                }
            };
            parts.push(part);
        }
        problem.add_relation(cell, parts, RelationKind::Atoms);
    }
}

/// Adds `denominator = numerator + complement` for every rate: a reader
/// knows that a share is at most 100 %, and a complement below the minimum
/// count (including 0: „5 of 5 are unemployed“) discloses the group, so it
/// is primary-tested like any count.
///
/// With `all` false only the disclosing complements are added (the large
/// fallback model, where every added unknown costs audit time).
pub fn add_complements(problem: &mut SdcProblem, all: bool) {
    let mut done: BTreeSet<(usize, usize)> = BTreeSet::new();
    let pairs = problem.rates.clone();
    for pair in pairs {
        if !done.insert((pair.numerator.0, pair.denominator.0)) || pair.numerator == pair.denominator {
            continue;
        }
        let (Some(num), Some(den)) =
            (problem.cells.get(pair.numerator.0), problem.cells.get(pair.denominator.0))
        else {
            continue;
        };
        if num.forced.is_some() || den.forced.is_some() {
            continue;
        }
        let rest = den.value - num.value;
        if rest < -1e-9 * den.value.max(1.0) {
            // Numerator above denominator: flagged implausible elsewhere.
            continue;
        }
        let counts = num.contributors.is_none() && den.contributors.is_none();
        let disclosing = counts && num.value > 0.0 && rest < problem.rules.min_count as f64;
        let label = format!("Komplement von {}", num.label);
        let contributors = match (num.contributors, den.contributors) {
            (Some(a), Some(b)) => Some(b.saturating_sub(a)),
            _ => None,
        };
        let mut cell = latent(problem, label, rest, contributors);
        if disclosing {
            cell.forced = Some(ForcedReason::SensitiveLatent);
        }
        if !all && cell.forced != Some(ForcedReason::SensitiveLatent) {
            continue;
        }
        let c = problem.add_cell(cell);
        problem.add_relation(pair.denominator, vec![pair.numerator, c], RelationKind::Complement);
    }
}
