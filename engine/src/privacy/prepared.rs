//! Validated, normalized view of a problem shared by all steps.
//!
//! Relations are rewritten as `Σ coef · x = 0` over distinct cells (total
//! `+1`, parts `-1`, repeated ids netted out) so that the pattern rules and
//! the LP see exactly the same system, and degenerate relations such as
//! `any = own` with a deduplicated id simply vanish.

use super::error::PrivacyError;
use super::implied::implied_relations;
use super::problem::{ForcedReason, RelationKind, SdcProblem};

/// One cell with its net coefficient in a relation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Term {
    pub cell: usize,
    pub coef: i64,
}

#[derive(Debug)]
pub(crate) struct Prepared<'a> {
    pub problem: &'a SdcProblem,
    /// Normalized relations, same indices as `problem.relations`; sorted by cell.
    pub relations: Vec<Vec<Term>>,
    /// For each cell, the relations it has a non-zero coefficient in.
    pub cell_relations: Vec<Vec<usize>>,
    /// Relations the pattern step checks: `relations` followed by the
    /// implied ones (see `implied.rs`).
    pub pattern: Vec<Vec<Term>>,
    /// For each cell, its relations in `pattern`.
    pub pattern_cell_relations: Vec<Vec<usize>>,
    /// Cells at the top of the table layout: the total of an area relation
    /// and a part of no layout relation (areas, groups, margins) — the
    /// city-wide value of all persons. Readers miss these most, so
    /// complementary suppression takes them last. A municipality's „alle
    /// Personen“ in a county without a county total is not one: hiding its
    /// two groups instead would cost the comparison the monitor is for.
    pub top_total: Vec<bool>,
    /// For each cell, the denominators of the rates it is the numerator of
    /// (the audit caps a small-base requirement by them; scanning all rates
    /// per cell was quadratic in large tables).
    pub denominators: Vec<Vec<usize>>,
}

impl<'a> Prepared<'a> {
    pub fn new(problem: &'a SdcProblem) -> Result<Self, PrivacyError> {
        problem.rules.validate()?;
        let n = problem.cells.len();
        for (i, cell) in problem.cells.iter().enumerate() {
            let missing = cell.forced == Some(ForcedReason::Missing);
            let valid = cell.value.is_finite() && cell.value >= 0.0;
            if !missing && !valid {
                return Err(PrivacyError::InvalidValue {
                    cell: i,
                    label: cell.label.clone(),
                    value: cell.value,
                });
            }
        }
        for (r, rate) in problem.rates.iter().enumerate() {
            for id in [rate.numerator, rate.denominator] {
                if id.0 >= n {
                    return Err(PrivacyError::UnknownCellInRate { rate: r, cell: id.0, cells: n });
                }
            }
        }
        let mut relations = Vec::with_capacity(problem.relations.len());
        let mut cell_relations = vec![Vec::new(); n];
        for (r, rel) in problem.relations.iter().enumerate() {
            if rel.parts.is_empty() {
                return Err(PrivacyError::EmptyRelation { relation: r });
            }
            let mut raw: Vec<(usize, i64)> = Vec::with_capacity(rel.parts.len() + 1);
            raw.push((rel.total.0, 1));
            raw.extend(rel.parts.iter().map(|p| (p.0, -1)));
            if let Some(&(cell, _)) = raw.iter().find(|(c, _)| *c >= n) {
                return Err(PrivacyError::UnknownCellInRelation { relation: r, cell, cells: n });
            }
            raw.sort_by_key(|&(c, _)| c);
            let mut terms: Vec<Term> = Vec::with_capacity(raw.len());
            for (cell, coef) in raw {
                match terms.last_mut() {
                    Some(last) if last.cell == cell => last.coef += coef,
                    _ => terms.push(Term { cell, coef }),
                }
            }
            terms.retain(|t| t.coef != 0);
            check_consistency(problem, r, &terms)?;
            for t in &terms {
                if let Some(list) = cell_relations.get_mut(t.cell) {
                    list.push(r);
                }
            }
            relations.push(terms);
        }
        // Pattern rules reason about published neighbours of one relation;
        // a latent term makes that reasoning unsound, so relations with
        // latents are left to the LP audit, which sees all of them.
        let latent =
            |c: usize| problem.cells.get(c).and_then(|c| c.forced).is_some_and(ForcedReason::is_latent);
        let mut pattern: Vec<Vec<Term>> =
            relations.iter().filter(|terms| !terms.iter().any(|t| latent(t.cell))).cloned().collect();
        let mut plain_cell_relations = vec![Vec::new(); n];
        for (r, terms) in pattern.iter().enumerate() {
            for t in terms {
                if let Some(list) = plain_cell_relations.get_mut(t.cell) {
                    list.push(r);
                }
            }
        }
        let implied = implied_relations(&pattern, &plain_cell_relations);
        pattern.extend(implied);
        let mut pattern_cell_relations = vec![Vec::new(); n];
        for (r, terms) in pattern.iter().enumerate() {
            for t in terms {
                if let Some(list) = pattern_cell_relations.get_mut(t.cell) {
                    list.push(r);
                }
            }
        }
        let top_total = top_totals(problem);
        let mut denominators = vec![Vec::new(); n];
        for rate in &problem.rates {
            if let Some(list) = denominators.get_mut(rate.numerator.0) {
                list.push(rate.denominator.0);
            }
        }
        Ok(Prepared {
            problem,
            relations,
            cell_relations,
            pattern,
            pattern_cell_relations,
            top_total,
            denominators,
        })
    }

    pub fn value(&self, cell: usize) -> f64 {
        self.problem.cells.get(cell).map_or(0.0, |c| c.value)
    }

    pub fn is_latent(&self, cell: usize) -> bool {
        self.problem.cells.get(cell).and_then(|c| c.forced).is_some_and(ForcedReason::is_latent)
    }

    pub fn is_missing(&self, cell: usize) -> bool {
        self.problem.cells.get(cell).is_some_and(|c| c.forced == Some(ForcedReason::Missing))
    }

    pub fn is_top_total(&self, cell: usize) -> bool {
        self.top_total.get(cell).copied().unwrap_or(false)
    }

    /// See [`Prepared::denominators`].
    pub fn denominators_of(&self, cell: usize) -> &[usize] {
        self.denominators.get(cell).map_or(&[], Vec::as_slice)
    }

    pub fn relation_count(&self, cell: usize) -> usize {
        self.cell_relations.get(cell).map_or(0, Vec::len)
    }
}

/// See [`Prepared::top_total`]. Atom and complement relations are modelling
/// devices, not the table layout, so they do not count as parts.
fn top_totals(problem: &SdcProblem) -> Vec<bool> {
    let n = problem.cells.len();
    let mut total = vec![false; n];
    let mut part = vec![false; n];
    let layout = problem
        .relations
        .iter()
        .filter(|r| !matches!(r.kind, RelationKind::Atoms | RelationKind::Complement));
    for rel in layout {
        if rel.kind == RelationKind::AreaTotal {
            if let Some(t) = total.get_mut(rel.total.0) {
                *t = true;
            }
        }
        for p in &rel.parts {
            if let Some(slot) = part.get_mut(p.0) {
                *slot = true;
            }
        }
    }
    total.iter().zip(&part).map(|(&t, &p)| t && !p).collect()
}

/// The relation must hold for the given values (up to float noise of
/// weighted sums), unless a missing cell makes it uncheckable.
fn check_consistency(problem: &SdcProblem, r: usize, terms: &[Term]) -> Result<(), PrivacyError> {
    let mut residual = 0.0;
    let mut scale: f64 = 1.0;
    for t in terms {
        let Some(cell) = problem.cells.get(t.cell) else {
            continue;
        };
        if cell.forced == Some(ForcedReason::Missing) {
            return Ok(());
        }
        residual += t.coef as f64 * cell.value;
        scale = scale.max(cell.value.abs());
    }
    if residual.abs() > 1e-6 * scale {
        let rel = problem.relations.get(r);
        let total = rel.and_then(|rel| problem.cells.get(rel.total.0)).map_or(0.0, |c| c.value);
        let parts_sum = rel.map_or(0.0, |rel| {
            rel.parts.iter().filter_map(|p| problem.cells.get(p.0)).map(|c| c.value).sum()
        });
        return Err(PrivacyError::RelationMismatch { relation: r, total, parts_sum });
    }
    Ok(())
}
