//! The attacker's linear and integer programmes over the atoms of one
//! component, and the feasible points it has already found there.
//!
//! Every fact is `lo ≤ Σ c·x_atom ≤ hi` over atom counts `x ≥ 0`. A bound of
//! a target is an LP (min or max); an integer bound is asked only as a
//! time-limited feasibility question (see `Attacker::solve`).

use good_lp::{
    microlp, variable, Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel,
    Variable, WithTimeLimit,
};
use std::collections::{BTreeMap, HashMap};

/// A fact in atom space: coefficients, lower and upper end, origin.
pub type AtomFact<'a> = (BTreeMap<usize, f64>, f64, f64, &'a str);

/// Components up to this many atoms get branch and bound when the LP
/// optimum is fractional (`KIMON_ATTACK_INT_ATOMS`, default 600).
pub fn integer_atom_limit() -> usize {
    static LIMIT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var("KIMON_ATTACK_INT_ATOMS").ok().and_then(|s| s.parse().ok()).unwrap_or(600)
    })
}

/// Time budget of one branch and bound (`KIMON_ATTACK_INT_SECS`, default 0.5).
fn integer_seconds() -> f64 {
    static LIMIT: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var("KIMON_ATTACK_INT_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(0.5)
    })
}

/// One side of a target's interval.
#[derive(Debug, Clone)]
pub struct Bound {
    pub value: f64,
    /// The optimal point has integer coordinates.
    pub integral: bool,
    /// The value is the proven optimum (always for LPs).
    pub proven: bool,
    /// The point the solver found (aligned with the component's atoms).
    pub point: Option<Vec<f64>>,
}

impl Bound {
    /// No limit in a direction, or a side nobody asked about.
    pub fn open(value: f64) -> Self {
        Bound { value, integral: true, proven: true, point: None }
    }
}

/// Feasible points of one component: the true counts, and every point a
/// solve returned. A target side is settled without an LP when one of the
/// *integer* points already lies at or beyond the required end — the
/// optimum can only lie further out, so the answer is the same as the LP's
/// and branch and bound's, only cheaper. Nothing is assumed: a side no
/// known point settles is solved as before.
#[derive(Debug, Default)]
pub struct Witnesses {
    points: Vec<Vec<f64>>,
}

/// Points kept per component (the scan is cheap; the cap bounds memory on
/// large components).
const KEPT: usize = 256;

impl Witnesses {
    pub fn new(truth: Vec<f64>) -> Self {
        Witnesses { points: vec![truth] }
    }

    /// Keeps a point the solver returned if all its counts are integers.
    pub fn offer(&mut self, point: Option<Vec<f64>>) {
        let Some(p) = point else { return };
        if self.points.len() < KEPT && p.iter().all(|v| (v - v.round()).abs() < 1e-7 && *v > -1e-7) {
            self.points.push(p.iter().map(|v| v.round().max(0.0)).collect());
        }
    }

    /// A known integer point with objective ≤ `bound` (≥ when `maximise`).
    /// `objective` is over positions in the component's atom list.
    pub fn reaching(&self, objective: &[(usize, f64)], maximise: bool, bound: f64) -> Option<f64> {
        self.points.iter().map(|p| objective.iter().map(|(i, c)| c * p[*i]).sum::<f64>()).find(|v| {
            if maximise {
                *v >= bound - 1e-6
            } else {
                *v <= bound + 1e-6
            }
        })
    }
}

/// Whether an integer point x ≥ 0 satisfying the facts has objective ≤
/// `bound` (≥ when `maximise`): `None` when branch and bound ran out of
/// time; with the point found.
pub fn reach(
    atoms: &[usize],
    facts: &[&AtomFact<'_>],
    objective: &BTreeMap<usize, f64>,
    maximise: bool,
    bound: f64,
) -> (Option<bool>, Option<Vec<f64>>) {
    let b = optimise(atoms, facts, objective, maximise, Some(bound));
    (b.proven.then_some(b.value.is_finite()), b.point)
}

/// min or max of the objective over x ≥ 0 subject to the facts (an LP); with
/// `Some(bound)`, an integer feasibility problem instead: any integer point
/// with objective ≤ bound (≥ when maximising), value infinite when proven
/// infeasible, `proven` false when out of time.
pub fn optimise(
    atoms: &[usize],
    facts: &[&AtomFact<'_>],
    objective: &BTreeMap<usize, f64>,
    maximise: bool,
    feasible_beyond: Option<f64>,
) -> Bound {
    let integer = feasible_beyond.is_some();
    let mut vars = ProblemVariables::new();
    let x: HashMap<usize, Variable> = atoms
        .iter()
        .map(|a| {
            let v = variable().min(0.0);
            (*a, vars.add(if integer { v.integer() } else { v }))
        })
        .collect();
    let lin = |m: &BTreeMap<usize, f64>| -> Expression {
        m.iter().fold(Expression::from(0.0), |e, (a, c)| e + *c * x[a])
    };
    let obj = lin(objective);
    let mut model = match feasible_beyond {
        // Feasibility: a zero objective, the first integer point ends it.
        Some(_) => vars.minimise(Expression::from(0.0)).using(microlp),
        None if maximise => vars.maximise(obj.clone()).using(microlp),
        None => vars.minimise(obj.clone()).using(microlp),
    };
    match feasible_beyond {
        Some(b) if maximise => model = model.with(obj.clone().geq(b)),
        Some(b) => model = model.with(obj.clone().leq(b)),
        None => {}
    }
    for (m, lo, hi, _) in facts {
        let e = lin(m);
        if lo.is_finite() && hi.is_finite() && hi - lo < 1e-9 {
            model = model.with(e.eq(*lo));
            continue;
        }
        if lo.is_finite() {
            model = model.with(e.clone().geq(*lo));
        }
        if hi.is_finite() {
            model = model.with(e.leq(*hi));
        }
    }
    if integer {
        model = model.with_time_limit(integer_seconds());
    }
    let none = if maximise { f64::INFINITY } else { f64::NEG_INFINITY };
    match model.solve() {
        Ok(sol) => {
            let point: Vec<f64> = atoms.iter().map(|a| sol.value(x[a])).collect();
            let integral = point.iter().all(|y| (y - y.round()).abs() < 1e-7);
            // Any integer point answers a feasibility question.
            let proven = integer || matches!(sol.status(), SolutionStatus::Optimal);
            Bound { value: sol.eval(&obj), integral, proven, point: Some(point) }
        }
        // Unbounded: no limit in that direction. Infeasible cannot happen
        // (the truth satisfies every fact, checked above). A time limit
        // without an incumbent proves nothing; any other solver failure
        // means "no information".
        Err(ResolutionError::Unbounded) => Bound::open(none),
        Err(ResolutionError::Infeasible) if integer => Bound::open(f64::INFINITY),
        Err(_) => Bound { value: none, integral: true, proven: false, point: None },
    }
}
