//! Feasible intervals of suppressed cells by linear programming.
//!
//! The attacker's knowledge is modelled as: every suppressed cell is an
//! unknown `x >= 0`, every published cell a constant, every relation an
//! equality. The tightest bounds the public can derive are then
//! `min x_i` and `max x_i` over that polytope: two LPs per suppressed cell.
//! Relations only couple the suppressed cells they contain, so the system
//! splits into connected components that are solved independently; in a
//! large table with few suppressions they are tiny.

use good_lp::{
    microlp, variable, Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable,
};

use super::error::PrivacyError;
use super::prepared::Prepared;
use super::status::Status;

/// Suppressed cells coupled by relations, with the relations coupling them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Component {
    /// Sorted cell indices.
    pub cells: Vec<usize>,
    /// Sorted relation indices that contain at least one of `cells`.
    pub relations: Vec<usize>,
}

/// Splits the suppressed cells into connected components. Components come
/// out ordered by their smallest cell, so everything downstream is
/// deterministic.
pub(crate) fn components(prep: &Prepared<'_>, statuses: &[Status]) -> Vec<Component> {
    let n = statuses.len();
    let suppressed = |c: usize| statuses.get(c).is_some_and(Status::is_suppressed);
    let mut parent: Vec<usize> = (0..n).collect();
    let mut active = Vec::new();
    for (r, terms) in prep.relations.iter().enumerate() {
        let mut first = None;
        for t in terms.iter().filter(|t| suppressed(t.cell)) {
            match first {
                None => first = Some(t.cell),
                Some(f) => union(&mut parent, f, t.cell),
            }
        }
        if let Some(f) = first {
            active.push((r, f));
        }
    }
    let mut index_of_root = vec![usize::MAX; n];
    let mut comps: Vec<Component> = Vec::new();
    for c in (0..n).filter(|&c| suppressed(c)) {
        let root = find(&mut parent, c);
        let Some(slot) = index_of_root.get_mut(root) else {
            continue;
        };
        if *slot == usize::MAX {
            *slot = comps.len();
            comps.push(Component { cells: Vec::new(), relations: Vec::new() });
        }
        if let Some(comp) = comps.get_mut(*slot) {
            comp.cells.push(c);
        }
    }
    for (r, f) in active {
        let root = find(&mut parent, f);
        if let Some(comp) = index_of_root.get(root).and_then(|&i| comps.get_mut(i)) {
            comp.relations.push(r);
        }
    }
    comps
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    let mut root = x;
    while let Some(&p) = parent.get(root) {
        if p == root {
            break;
        }
        root = p;
    }
    // Path compression keeps the forest flat for large tables.
    while let Some(&p) = parent.get(x) {
        if p == root {
            break;
        }
        if let Some(slot) = parent.get_mut(x) {
            *slot = root;
        }
        x = p;
    }
    root
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // Smaller root wins: deterministic and cheap.
        let (keep, drop) = if ra < rb { (ra, rb) } else { (rb, ra) };
        if let Some(slot) = parent.get_mut(drop) {
            *slot = keep;
        }
    }
}

/// `Σ coef · x_local = rhs`
struct Row {
    terms: Vec<(usize, f64)>,
    rhs: f64,
}

/// Bounds of a component's cells, in `Component::cells` order, or `None`
/// when the published values admit no non-negative solution at all.
pub(crate) struct Bounds {
    pub intervals: Option<Vec<(f64, f64)>>,
    pub lp_solves: usize,
}

enum Outcome {
    Value { objective: f64, point: Vec<f64> },
    Unbounded,
    Infeasible,
}

/// Computes `[min, max]` of every cell of `comp`.
///
/// Shortcut: any LP solution in which a cell is 0 proves that its minimum
/// is 0, so the max-LPs run first and their vertices (which are full of
/// zeros) spare most min-LPs. If the exact system is infeasible (float noise
/// in weighted sums) it is retried with a tiny slack; if it is still
/// infeasible the caller fails closed.
pub(crate) fn component_bounds(
    prep: &Prepared<'_>,
    statuses: &[Status],
    comp: &Component,
) -> Result<Bounds, PrivacyError> {
    let k = comp.cells.len();
    if comp.relations.is_empty() {
        return Ok(Bounds { intervals: Some(vec![(0.0, f64::INFINITY); k]), lp_solves: 0 });
    }
    let mut rows = Vec::with_capacity(comp.relations.len());
    let mut integral = true;
    let mut scale: f64 = 1.0;
    for &r in &comp.relations {
        let Some(terms) = prep.relations.get(r) else {
            continue;
        };
        let mut row = Row { terms: Vec::with_capacity(terms.len()), rhs: 0.0 };
        for t in terms {
            let published = statuses.get(t.cell).is_some_and(Status::is_published);
            if published {
                let v = prep.value(t.cell);
                row.rhs -= t.coef as f64 * v;
                integral &= v.fract() == 0.0;
                scale = scale.max(v);
            } else if let Ok(local) = comp.cells.binary_search(&t.cell) {
                row.terms.push((local, t.coef as f64));
                if !prep.is_missing(t.cell) {
                    let v = prep.value(t.cell);
                    integral &= v.fract() == 0.0;
                    scale = scale.max(v);
                }
            }
        }
        rows.push(row);
    }
    let mut lp_solves = 0;
    let mut intervals = solve_all(&rows, k, 0.0, &mut lp_solves)?;
    if intervals.is_none() {
        intervals = solve_all(&rows, k, 1e-7 * scale, &mut lp_solves)?;
    }
    // Counts are integers and so is the attacker's reasoning: round the
    // continuous bounds inward (never outward, so this only makes the
    // protection check stricter).
    if integral {
        for (lo, hi) in intervals.iter_mut().flatten() {
            *lo = non_negative((*lo - 1e-6).ceil());
            if hi.is_finite() {
                *hi = (*hi + 1e-6).floor().max(*lo);
            }
        }
    }
    Ok(Bounds { intervals, lp_solves })
}

/// Clamps solver noise below zero (including `-0.0`, which would print as
/// "-0") to a clean 0.
fn non_negative(x: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

fn solve_all(
    rows: &[Row],
    k: usize,
    slack: f64,
    lp_solves: &mut usize,
) -> Result<Option<Vec<(f64, f64)>>, PrivacyError> {
    let mut intervals = vec![(0.0, f64::INFINITY); k];
    let mut seen_zero = vec![false; k];
    let note_point = |point: &[f64], seen: &mut [bool]| {
        for (s, &v) in seen.iter_mut().zip(point) {
            *s |= v <= 1e-9;
        }
    };
    for (i, interval) in intervals.iter_mut().enumerate() {
        *lp_solves += 1;
        match solve_one(rows, k, i, true, slack)? {
            Outcome::Value { objective, point } => {
                interval.1 = non_negative(objective);
                note_point(&point, &mut seen_zero);
            }
            Outcome::Unbounded => interval.1 = f64::INFINITY,
            // Same polytope for every objective: one infeasible LP means all are.
            Outcome::Infeasible => return Ok(None),
        }
    }
    for i in 0..k {
        if seen_zero.get(i).copied().unwrap_or(false) {
            continue;
        }
        *lp_solves += 1;
        match solve_one(rows, k, i, false, slack)? {
            Outcome::Value { objective, point } => {
                if let Some(interval) = intervals.get_mut(i) {
                    interval.0 = non_negative(objective);
                }
                note_point(&point, &mut seen_zero);
            }
            Outcome::Infeasible => return Ok(None),
            Outcome::Unbounded => {
                return Err(PrivacyError::Solver(
                    "minimisation of a non-negative variable reported unbounded".to_string(),
                ))
            }
        }
    }
    // Solver noise on a pinned cell may put min a hair above max.
    for (lo, hi) in &mut intervals {
        *hi = hi.max(*lo);
    }
    Ok(Some(intervals))
}

fn solve_one(
    rows: &[Row],
    k: usize,
    target: usize,
    maximise: bool,
    slack: f64,
) -> Result<Outcome, PrivacyError> {
    let mut vars = ProblemVariables::new();
    let xs: Vec<Variable> = (0..k).map(|_| vars.add(variable().min(0.0))).collect();
    let Some(&x) = xs.get(target) else {
        return Err(PrivacyError::Solver(format!(
            "internal: target {target} outside a component of {k} cells"
        )));
    };
    let unsolved = if maximise { vars.maximise(x) } else { vars.minimise(x) };
    let mut model = unsolved.using(microlp);
    for row in rows {
        let mut expr = Expression::with_capacity(row.terms.len());
        for &(j, coef) in &row.terms {
            if let Some(&xj) = xs.get(j) {
                expr.add_mul(coef, xj);
            }
        }
        if slack > 0.0 {
            model.add_constraint(expr.clone().leq(row.rhs + slack));
            model.add_constraint(expr.geq(row.rhs - slack));
        } else {
            model.add_constraint(expr.eq(row.rhs));
        }
    }
    match model.solve() {
        Ok(solution) => Ok(Outcome::Value {
            objective: solution.value(x),
            point: xs.iter().map(|&v| solution.value(v)).collect(),
        }),
        Err(ResolutionError::Unbounded) => Ok(Outcome::Unbounded),
        Err(ResolutionError::Infeasible) => Ok(Outcome::Infeasible),
        Err(e) => Err(PrivacyError::Solver(e.to_string().to_lowercase())),
    }
}
