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
use super::neighbourhood::{cycle_first, Incidence};
use super::prepared::Prepared;
use super::status::Status;
use super::witness_memo::WitnessMemo;

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

pub(crate) fn find(parent: &mut [usize], mut x: usize) -> usize {
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

pub(crate) fn union(parent: &mut [usize], a: usize, b: usize) {
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
    required: &dyn Fn(usize) -> Option<(f64, f64)>,
    memo: &mut WitnessMemo,
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
    // Only cells with a protection requirement are asked about; all other
    // suppressed and latent cells are unknowns only.
    let required: Vec<Option<(f64, f64)>> = comp.cells.iter().map(|&c| required(c)).collect();
    // The true values are a feasible point; with them, small local LPs give
    // witnesses (see `local_witness`). Not available if a value is missing.
    let truth: Option<Vec<f64>> =
        comp.cells.iter().map(|&c| (!prep.is_missing(c)).then(|| prep.value(c))).collect();
    let mut lp_solves = 0;
    let local =
        truth.as_deref().map(|truth| LocalSearch { truth, globals: &comp.cells, memo, exact: integral });
    let mut intervals = solve_all(&rows, k, &required, local, 0.0, &mut lp_solves)?;
    if intervals.is_none() {
        intervals = solve_all(&rows, k, &required, None, 1e-7 * scale, &mut lp_solves)?;
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

/// Bounds of the wanted cells of one component.
///
/// Only coverage of each wanted cell's required interval matters, so every
/// LP solution is kept as a *witness*: a feasible point proves that the
/// public cannot exclude any of its values. A cell whose requirement some
/// witness already meets needs no LP of its own; its interval is then
/// reported as the span of the witnesses (an inner bound of the true
/// interval, which is all the guarantee needs). The first LP maximises all
/// wanted cells at once, which covers most of them in one solve.
fn solve_all(
    rows: &[Row],
    k: usize,
    required: &[Option<(f64, f64)>],
    mut local: Option<LocalSearch<'_>>,
    slack: f64,
    lp_solves: &mut usize,
) -> Result<Option<Vec<(f64, f64)>>, PrivacyError> {
    let truth = local.as_ref().map(|l| l.truth);
    let mut seen_lo = vec![f64::INFINITY; k];
    let mut seen_hi = vec![f64::NEG_INFINITY; k];
    let mut exact_lo = vec![false; k];
    let mut exact_hi = vec![false; k];
    let note = |point: &[f64], lo: &mut [f64], hi: &mut [f64]| {
        for ((l, h), &v) in lo.iter_mut().zip(hi.iter_mut()).zip(point) {
            *l = l.min(v);
            *h = h.max(v);
        }
    };
    let wanted: Vec<usize> = (0..k).filter(|&i| required.get(i).is_some_and(Option::is_some)).collect();
    if wanted.is_empty() {
        return Ok(Some(vec![(0.0, f64::INFINITY); k]));
    }
    let tol = |x: f64| 1e-6 * x.abs().max(1.0);
    let hi_covered = |i: usize, hi: &[f64]| match required.get(i).copied().flatten() {
        Some((_, need)) => hi.get(i).is_some_and(|&h| h >= need - tol(need)),
        None => true,
    };
    let lo_covered = |i: usize, lo: &[f64]| match required.get(i).copied().flatten() {
        Some((need, _)) => lo.get(i).is_some_and(|&l| l <= need + tol(need)),
        None => true,
    };
    // One LP pushing every wanted cell up at once, scaled by its requirement.
    let weights: Vec<(usize, f64)> = wanted
        .iter()
        .map(|&i| (i, 1.0 / required.get(i).copied().flatten().map_or(1.0, |(_, h)| h.max(1.0))))
        .collect();
    if let Some(t) = truth {
        // The true values are feasible: no need to prove feasibility, and
        // local witnesses decide (see `local_witness`).
        note(t, &mut seen_lo, &mut seen_hi);
    } else {
        *lp_solves += 1;
        let first = solve_weighted(rows, k, &weights, true, slack)?;
        match first {
            Outcome::Value { point, .. } => note(&point, &mut seen_lo, &mut seen_hi),
            Outcome::Unbounded => {}
            Outcome::Infeasible => return Ok(None),
        }
    }
    let adjacency = truth.map(|_| incidence(rows, k));
    let mut wide = WideTier::default();
    for &i in &wanted {
        if hi_covered(i, &seen_hi) {
            continue;
        }
        if let (Some(_), Some(adj)) = (truth, &adjacency) {
            // Growing neighbourhoods first; only a cell that none of them
            // can move far enough gets the full LP, which on a large
            // component costs seconds.
            for (tier, &size) in LOCAL_SIZES.iter().enumerate() {
                if tier > 0 && wide.hopeless(k) {
                    break;
                }
                if let Some(ls) = local.as_mut() {
                    let found = local_witness(rows, adj, ls, i, true, size, lp_solves)?;
                    found.note(&mut seen_lo, &mut seen_hi);
                    ls.settle(found, i, true, size, hi_covered(i, &seen_hi));
                }
                if tier > 0 {
                    wide.count(hi_covered(i, &seen_hi));
                }
                if hi_covered(i, &seen_hi) || size >= k {
                    break;
                }
            }
            if hi_covered(i, &seen_hi) || k > FULL_LP_MAX {
                // On a large component a cell the neighbourhoods cannot
                // move is reported exposed (fail closed): the fix loop hides
                // one more cell beside it, which costs less than the LP.
                continue;
            }
        }
        *lp_solves += 1;
        match solve_weighted(rows, k, &[(i, 1.0)], true, slack)? {
            Outcome::Value { objective, point } => {
                note(&point, &mut seen_lo, &mut seen_hi);
                if let Some(h) = seen_hi.get_mut(i) {
                    *h = non_negative(objective);
                }
                if let Some(e) = exact_hi.get_mut(i) {
                    *e = true;
                }
            }
            Outcome::Unbounded => {
                if let Some(h) = seen_hi.get_mut(i) {
                    *h = f64::INFINITY;
                }
            }
            Outcome::Infeasible => return Ok(None),
        }
    }
    for &i in &wanted {
        if lo_covered(i, &seen_lo) {
            continue;
        }
        if let (Some(_), Some(adj)) = (truth, &adjacency) {
            // Growing neighbourhoods first; only a cell that none of them
            // can move far enough gets the full LP, which on a large
            // component costs seconds.
            for (tier, &size) in LOCAL_SIZES.iter().enumerate() {
                if tier > 0 && wide.hopeless(k) {
                    break;
                }
                if let Some(ls) = local.as_mut() {
                    let found = local_witness(rows, adj, ls, i, false, size, lp_solves)?;
                    found.note(&mut seen_lo, &mut seen_hi);
                    ls.settle(found, i, false, size, lo_covered(i, &seen_lo));
                }
                if tier > 0 {
                    wide.count(lo_covered(i, &seen_lo));
                }
                if lo_covered(i, &seen_lo) || size >= k {
                    break;
                }
            }
            if lo_covered(i, &seen_lo) || k > FULL_LP_MAX {
                // On a large component a cell the neighbourhoods cannot
                // move is reported exposed (fail closed): the fix loop hides
                // one more cell beside it, which costs less than the LP.
                continue;
            }
        }
        *lp_solves += 1;
        match solve_weighted(rows, k, &[(i, 1.0)], false, slack)? {
            Outcome::Value { objective, point } => {
                note(&point, &mut seen_lo, &mut seen_hi);
                if let Some(l) = seen_lo.get_mut(i) {
                    *l = non_negative(objective);
                }
                if let Some(e) = exact_lo.get_mut(i) {
                    *e = true;
                }
            }
            Outcome::Infeasible => return Ok(None),
            Outcome::Unbounded => {
                return Err(PrivacyError::Solver(
                    "minimisation of a non-negative variable reported unbounded".to_string(),
                ))
            }
        }
    }
    let intervals = (0..k)
        .map(|i| {
            if required.get(i).copied().flatten().is_none() {
                return (0.0, f64::INFINITY);
            }
            let lo = non_negative(seen_lo.get(i).copied().unwrap_or(0.0));
            let hi = seen_hi.get(i).copied().unwrap_or(f64::INFINITY);
            // Solver noise on a pinned cell may put min a hair above max.
            (lo, hi.max(lo))
        })
        .collect();
    Ok(Some(intervals))
}

/// The incidence of a component's rows and variables.
fn incidence(rows: &[Row], k: usize) -> Incidence {
    Incidence::new(k, rows.iter().map(|row| row.terms.iter().map(|&(j, _)| j).collect()).collect())
}

/// Variables of a local neighbourhood: enough to find the usual witnesses
/// (a cell with its row and column partners and theirs), small enough that
/// the LP is cheap.
const LOCAL_SIZES: &[usize] = &[48, 400];

/// How the wider neighbourhood LPs fare on one component.
///
/// On a component too large for the exact LP a cell that no neighbourhood
/// covers is reported exposed, and the audit fix's protection LP
/// (`directed_fix`) then either finds the cycle that frees it — handing
/// the audit that point as a witness — or hides the cells that make one.
/// So the 400-cell LPs are only worth their cost while they cover: on
/// 542 planning areas in four nested levels they nearly never did and took
/// half of a 10-year run, on 1,000 areas × 20 groups they nearly always do.
/// After a fair trial, a component where fewer than a quarter covered stops
/// trying them.
#[derive(Default)]
struct WideTier {
    tried: usize,
    covered: usize,
}

impl WideTier {
    const TRIAL: usize = 32;

    fn count(&mut self, covered: bool) {
        self.tried += 1;
        self.covered += usize::from(covered);
    }

    fn hopeless(&self, k: usize) -> bool {
        k > FULL_LP_MAX && self.tried >= Self::TRIAL && 4 * self.covered < self.tried
    }
}

/// Largest component on which a cell that no neighbourhood covers gets the
/// exact full LP (above this a single LP takes seconds).
const FULL_LP_MAX: usize = 1500;

/// What the local LPs need besides the rows: the true values, the
/// component's cells (global ids, for the memo) and the memo of local LPs
/// that left their cell exposed in earlier rounds.
struct LocalSearch<'a> {
    truth: &'a [f64],
    globals: &'a [usize],
    memo: &'a mut WitnessMemo,
    /// All values are integers, so the fixed part of every row is exact and
    /// the local LP can use equalities (half the rows of the slack pair).
    exact: bool,
}

/// One local LP's answer: the witness is the true values with `point` on
/// the neighbourhood `local` (component indices).
struct LocalFound {
    local: Vec<usize>,
    /// `None` when the local LP had no solution.
    point: Option<Vec<f64>>,
    /// The neighbourhood in global ids, for the memo.
    cells: Vec<usize>,
    recalled: bool,
}

impl LocalFound {
    /// Widens the seen ranges by the witness. Only the neighbourhood needs
    /// looking at: everywhere else the witness is the truth, which the
    /// ranges hold from the start (a full copy per LP cost more than the
    /// LP on a 21,000-cell component).
    fn note(&self, seen_lo: &mut [f64], seen_hi: &mut [f64]) {
        let Some(point) = &self.point else {
            return;
        };
        for (&j, &v) in self.local.iter().zip(point) {
            if let (Some(l), Some(h)) = (seen_lo.get_mut(j), seen_hi.get_mut(j)) {
                *l = l.min(v);
                *h = h.max(v);
            }
        }
    }
}

impl LocalSearch<'_> {
    /// Keeps an answer that left the cell exposed for the next round, or
    /// drops what was kept once the cell is covered.
    fn settle(&mut self, found: LocalFound, target: usize, maximise: bool, size: usize, covered: bool) {
        let Some(&cell) = self.globals.get(target) else {
            return;
        };
        if covered {
            self.memo.forget(cell, maximise);
        } else if !found.recalled {
            self.memo.remember((cell, maximise, size), found.cells, found.point);
        }
    }
}

/// A feasible point that moves cell `target` as far as possible while every
/// variable outside a small neighbourhood keeps its true value.
///
/// The true values satisfy every relation, so fixing the variables outside
/// the neighbourhood at them and solving only inside it yields a point that
/// is feasible for the whole component: a valid witness, found with a tiny
/// LP. Whether it *covers* the requirement is checked by the caller; if not,
/// the full LP decides. The same neighbourhood gives the same LP, so an
/// answer from an earlier round is reused (see `witness_memo`).
fn local_witness(
    rows: &[Row],
    adj: &Incidence,
    ls: &LocalSearch<'_>,
    target: usize,
    maximise: bool,
    limit: usize,
    lp_solves: &mut usize,
) -> Result<LocalFound, PrivacyError> {
    let truth = ls.truth;
    let local = cycle_first(adj, target, limit);
    let cells: Vec<usize> = local.iter().filter_map(|&l| ls.globals.get(l).copied()).collect();
    if let Some(&cell) = ls.globals.get(target) {
        if let Some(point) = ls.memo.recall((cell, maximise, limit), &cells) {
            let point = point.map(<[f64]>::to_vec);
            return Ok(LocalFound { local, point, cells: Vec::new(), recalled: true });
        }
    }
    *lp_solves += 1;
    let index_of: std::collections::HashMap<usize, usize> =
        local.iter().enumerate().map(|(l, &j)| (j, l)).collect();
    let mut touched: Vec<usize> =
        local.iter().flat_map(|&v| adj.rows_of.get(v).into_iter().flatten().copied()).collect();
    touched.sort_unstable();
    touched.dedup();
    let local_rows: Vec<Row> = touched
        .iter()
        .filter_map(|&r| rows.get(r))
        .map(|row| {
            let mut out = Row { terms: Vec::new(), rhs: row.rhs };
            for &(j, coef) in &row.terms {
                match index_of.get(&j) {
                    Some(&l) => out.terms.push((l, coef)),
                    None => out.rhs -= coef * truth.get(j).copied().unwrap_or(0.0),
                }
            }
            out
        })
        .collect();
    // Float noise in the fixed part of non-integer rows: allow a hair of
    // slack, as the full LP does on retry; the caller's coverage check has
    // its own tolerance.
    let scale = truth.iter().fold(1.0f64, |m, v| m.max(v.abs()));
    let slack = if ls.exact { 0.0 } else { 1e-9 * scale };
    let point = match solve_weighted(&local_rows, local.len(), &[(0, 1.0)], maximise, slack)? {
        Outcome::Value { point, .. } => Some(point),
        // Unbounded upwards: every value above the truth is reachable (the
        // polytope is convex and contains the truth).
        Outcome::Unbounded if maximise => {
            let mut point: Vec<f64> = local.iter().map(|&j| truth.get(j).copied().unwrap_or(0.0)).collect();
            if let Some(slot) = point.first_mut() {
                *slot = f64::INFINITY;
            }
            Some(point)
        }
        Outcome::Unbounded | Outcome::Infeasible => None,
    };
    Ok(LocalFound { local, point, cells, recalled: false })
}

fn solve_weighted(
    rows: &[Row],
    k: usize,
    objective: &[(usize, f64)],
    maximise: bool,
    slack: f64,
) -> Result<Outcome, PrivacyError> {
    let mut vars = ProblemVariables::new();
    let xs: Vec<Variable> = (0..k).map(|_| vars.add(variable().min(0.0))).collect();
    let mut goal = Expression::with_capacity(objective.len());
    for &(i, w) in objective {
        let Some(&x) = xs.get(i) else {
            return Err(PrivacyError::Solver(format!(
                "internal: target {i} outside a component of {k} cells"
            )));
        };
        goal.add_mul(w, x);
    }
    let unsolved = if maximise { vars.maximise(goal.clone()) } else { vars.minimise(goal.clone()) };
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
            objective: solution.eval(&goal),
            point: xs.iter().map(|&v| solution.value(v)).collect(),
        }),
        Err(ResolutionError::Unbounded) => Ok(Outcome::Unbounded),
        Err(ResolutionError::Infeasible) => Ok(Outcome::Infeasible),
        Err(e) => Err(PrivacyError::Solver(e.to_string().to_lowercase())),
    }
}
