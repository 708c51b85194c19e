//! Audit fixes that are sure to help: for an exposed cell, the cheapest set
//! of published cells whose suppression lets the cell move by its full
//! protection margin.
//!
//! The old fix suppressed one preferred cell next to the exposed one and
//! let the pattern rules cascade; on nested area levels that rarely widened
//! the exposed interval, and a year of 542 planning areas needed over 3,000
//! rounds (7 minutes). Here each exposed cell gets a small LP instead — the
//! classic protection LP of complementary suppression (Fischetti and
//! Salazar; the network and modular methods of τ-ARGUS are relatives):
//!
//! find a change `δ` of all cells near the exposed cell `x` with
//! `δ_x = +Δ` (or `−Δ`), every relation still adding up (`Σ coef·δ = 0`),
//! every cell staying non-negative (`δ_i ≥ −value_i`), cells published by
//! an earlier run unchanged, at the least cost `Σ w_i |δ_i|`, where hidden
//! cells cost almost nothing and published ones cost about one cell each.
//!
//! Every published cell with `δ_i ≠ 0` is then suppressed. After that,
//! `truth + δ` is a point the public cannot exclude (it satisfies every
//! relation, is non-negative, and differs from the truth only in hidden
//! cells), so `x` can take `value ± Δ` — whatever else is suppressed later,
//! as hiding more only adds points. The audit still has the last word; the
//! LP only makes its next round pass.

use good_lp::{microlp, variable, Expression, ProblemVariables, ResolutionError, Solution, SolverModel};
use std::collections::BTreeSet;

use super::prepared::Prepared;
use super::status::Status;

/// Neighbourhood sizes tried in turn (cells): a cycle through the exposed
/// cell is usually found within its own relations' neighbours; the larger
/// sizes are for cells whose cycle has to go up the area levels.
const REACH: [usize; 3] = [400, 2_000, 8_000];

/// Cost of moving a cell that is already hidden: nearly free, but not zero,
/// so the LP does not wander through hidden cells for nothing.
const HIDDEN_COST: f64 = 1e-3;

/// The answer for one exposed cell and direction.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Move {
    /// Published cells to suppress (may be empty: hidden cells suffice).
    pub hide: Vec<usize>,
    /// Whether `truth + δ` is a proven point of the public's polytope once
    /// `hide` is suppressed: false when a missing cell takes part (its true
    /// value is unknown, so the truth is no known point).
    pub witness: bool,
}

/// Cells to suppress so that `cell` can move from its value by `delta`
/// (positive: up, negative: down); `None` when no such change exists within
/// the largest neighbourhood (the caller falls back to a plain fix).
pub(crate) fn cells_to_hide(
    prep: &Prepared<'_>,
    statuses: &[Status],
    cell: usize,
    delta: f64,
) -> Option<Move> {
    if delta < 0.0 && prep.value(cell) + delta < -1e-9 {
        return None;
    }
    for reach in REACH {
        let near = neighbourhood(prep, cell, reach);
        match solve(prep, statuses, cell, delta, &near) {
            Some(hide) => return Some(hide),
            None if near.len() < reach => return None,
            None => {}
        }
    }
    None
}

/// Cells within a few relations of `cell`, nearest first, at most about
/// `limit` (whole relations are taken, so it may overshoot by one).
fn neighbourhood(prep: &Prepared<'_>, cell: usize, limit: usize) -> Vec<usize> {
    let mut seen: BTreeSet<usize> = BTreeSet::from([cell]);
    let mut frontier = vec![cell];
    let mut relations_done: BTreeSet<usize> = BTreeSet::new();
    while !frontier.is_empty() && seen.len() < limit {
        // Smaller relations first: a cycle through the cell usually runs
        // through its short relations (a district's groups), not through
        // the city-wide one.
        let mut rels: Vec<usize> = frontier
            .iter()
            .flat_map(|&c| prep.cell_relations.get(c).into_iter().flatten().copied())
            .filter(|r| !relations_done.contains(r))
            .collect();
        rels.sort_unstable();
        rels.dedup();
        rels.sort_by_key(|&r| (prep.relations.get(r).map_or(0, Vec::len), r));
        let mut next = Vec::new();
        for r in rels {
            if seen.len() >= limit {
                break;
            }
            relations_done.insert(r);
            for t in prep.relations.get(r).into_iter().flatten() {
                if seen.insert(t.cell) {
                    next.push(t.cell);
                }
            }
        }
        frontier = next;
    }
    seen.into_iter().collect()
}

/// The protection LP on `near` (sorted); cells outside it stay unchanged.
fn solve(prep: &Prepared<'_>, statuses: &[Status], cell: usize, delta: f64, near: &[usize]) -> Option<Move> {
    let published = |c: usize| statuses.get(c).is_some_and(Status::is_published);
    let fixed = |c: usize| prep.problem.cells.get(c).is_some_and(|cell| cell.published_before);
    let mut vars = ProblemVariables::new();
    // (global cell, up, down) for every cell that may change.
    let mut moves = Vec::with_capacity(near.len());
    for &c in near {
        if c != cell && published(c) && fixed(c) {
            continue;
        }
        // A missing cell's value is unknown: it may only grow.
        let room = if prep.is_missing(c) { 0.0 } else { prep.value(c).max(0.0) };
        let up = vars.add(variable().min(0.0));
        let down = vars.add(variable().min(0.0).max(room));
        moves.push((c, up, down));
    }
    let local = |c: usize| moves.binary_search_by_key(&c, |m| m.0).ok();
    let mut cost = Expression::with_capacity(2 * moves.len());
    for &(c, up, down) in &moves {
        if c == cell {
            continue;
        }
        let w = if published(c) { weight(prep, c) } else { HIDDEN_COST };
        cost.add_mul(w, up);
        cost.add_mul(w, down);
    }
    let mut model = vars.minimise(cost).using(microlp);
    let (_, x_up, x_down) = *moves.get(local(cell)?)?;
    model.add_constraint((Expression::from(x_up) - x_down).eq(delta));
    let rels: BTreeSet<usize> =
        near.iter().flat_map(|&c| prep.cell_relations.get(c).into_iter().flatten().copied()).collect();
    let mut witness = true;
    for r in rels {
        let mut expr = Expression::with_capacity(8);
        let mut any = false;
        for t in prep.relations.get(r).into_iter().flatten() {
            witness &= !prep.is_missing(t.cell);
            if let Some(&(_, up, down)) = local(t.cell).and_then(|i| moves.get(i)) {
                expr.add_mul(t.coef as f64, up);
                expr.add_mul(-(t.coef as f64), down);
                any = true;
            }
        }
        if any {
            model.add_constraint(expr.eq(0.0));
        }
    }
    let solution = match model.solve() {
        Ok(s) => s,
        Err(ResolutionError::Infeasible | ResolutionError::Unbounded) => return None,
        Err(_) => return None,
    };
    let tol = 1e-7 * delta.abs().max(1.0);
    let hide: Vec<usize> = moves
        .iter()
        .filter(|&&(c, up, down)| {
            c != cell && published(c) && (solution.value(up) - solution.value(down)).abs() > tol
        })
        .map(|m| m.0)
        .collect();
    Some(Move { hide, witness })
}

/// What hiding a published cell costs: about one cell, a little more for
/// large values (more information lost), much more for the city-wide
/// values readers miss most (as in `pick_candidate`).
fn weight(prep: &Prepared<'_>, c: usize) -> f64 {
    let base = 1.0 + 0.1 * (1.0 + prep.value(c).max(0.0)).ln();
    if prep.is_top_total(c) {
        50.0 * base
    } else {
        base
    }
}
