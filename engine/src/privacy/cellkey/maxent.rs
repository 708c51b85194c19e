//! Maximum-entropy distributions under linear constraints, solved by the dual.
//!
//! One row of a perturbation table is the distribution `p` over a handful of
//! deviations that maximises the entropy `−Σ p ln p` subject to linear
//! constraints `Σ a_c(v) p(v) = b_c` (mean 0) or `≤ b_c` (variance at most V,
//! monotone probabilities, `p ≥ ε`). The R package `ptable` hands this to a
//! general NLP solver (nloptr, SLSQP); its answer depends on tolerances and
//! starting points. Here the problem is solved through its convex dual, which
//! is small (one variable per constraint) and has a unique minimum:
//!
//! ```text
//! p_θ(v) = exp(Σ_c θ_c a_c(v)) / Z(θ)        g(θ) = ln Z(θ) − Σ_c θ_c b_c
//! ```
//!
//! `g` is minimised over θ with `θ_c ≤ 0` for inequality constraints (the
//! Lagrange multiplier of `E[a] ≤ b` is `−θ_c ≥ 0`). The gradient is
//! `E_θ[a] − b`, the Hessian the covariance of the features, so damped Newton
//! with a backtracking line search converges quadratically. Inequalities are
//! handled by an active set: start with all of them inactive (`θ = 0`), add
//! the most violated one, drop one whose multiplier has the wrong sign,
//! repeat. Everything is deterministic: same constraints, same bits.

/// Whether a constraint must hold with equality or as an upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `E[a] = b`.
    Eq,
    /// `E[a] ≤ b`.
    Le,
}

/// One linear constraint on the distribution: `Σ_k a[k]·p[k]` vs `b`.
#[derive(Debug, Clone)]
pub(crate) struct Constraint {
    pub a: Vec<f64>,
    pub b: f64,
    pub kind: Kind,
}

/// Why the solver gave up (turned into a `CellKeyError` by the caller, who
/// knows which row it was solving).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SolveFailure {
    /// The dual keeps decreasing: the constraints have no common solution
    /// with all probabilities positive.
    Infeasible,
    /// The iteration limits were reached without meeting the tolerances.
    NotConverged,
}

impl SolveFailure {
    pub(crate) fn reason(&self) -> &'static str {
        match self {
            SolveFailure::Infeasible => "has no distribution that meets all constraints",
            SolveFailure::NotConverged => "did not converge",
        }
    }
}

/// Gradient norm at which Newton stops: the constraints then hold to about
/// 1e-13, far below the 1e-8 resolution of the published table.
const GRAD_TOL: f64 = 1e-13;
/// A gradient this small is accepted when the line search can make no more
/// progress (floating-point floor of `ln Z`).
const GRAD_FLOOR: f64 = 1e-9;
/// An inequality counts as violated above this.
const VIOLATION_TOL: f64 = 1e-12;
/// Multipliers beyond this mean the dual runs off to infinity.
const THETA_LIMIT: f64 = 1e6;
const MAX_NEWTON: usize = 300;
const MAX_ACTIVE_SET: usize = 200;

/// Solve the maximum-entropy problem on `n` support points.
///
/// Every constraint's `a` must have length `n` (the caller builds them so).
/// Returns `p` with `Σ p = 1` and all `p > 0`.
pub(crate) fn solve(n: usize, constraints: &[Constraint]) -> Result<Vec<f64>, SolveFailure> {
    if n == 0 || constraints.iter().any(|c| c.a.len() != n) {
        return Err(SolveFailure::Infeasible);
    }
    let mut theta = vec![0.0; constraints.len()];
    let mut free: Vec<bool> = constraints.iter().map(|c| c.kind == Kind::Eq).collect();
    for _ in 0..MAX_ACTIVE_SET {
        newton(n, constraints, &free, &mut theta)?;
        // An active inequality whose multiplier has the wrong sign is not
        // binding: release it (the one furthest off first).
        let wrong_sign = constraints
            .iter()
            .zip(&theta)
            .zip(&free)
            .enumerate()
            .filter(|(_, ((c, t), f))| c.kind == Kind::Le && **f && **t > 0.0)
            .map(|(idx, ((_, t), _))| (idx, *t))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(idx, _)| idx);
        if let Some(idx) = wrong_sign {
            set(&mut free, idx, false);
            set(&mut theta, idx, 0.0);
            continue;
        }
        // The most violated inactive inequality becomes active.
        let p = probabilities(n, constraints, &theta);
        let violated = constraints
            .iter()
            .zip(&free)
            .enumerate()
            .filter(|(_, (c, f))| c.kind == Kind::Le && !**f)
            .map(|(idx, (c, _))| (idx, (expectation(&c.a, &p) - c.b) / (1.0 + c.b.abs())))
            .filter(|(_, viol)| *viol > VIOLATION_TOL)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(idx, _)| idx);
        match violated {
            Some(idx) => set(&mut free, idx, true),
            None => return check(constraints, p),
        }
    }
    Err(SolveFailure::NotConverged)
}

fn set<T>(v: &mut [T], idx: usize, value: T) {
    if let Some(slot) = v.get_mut(idx) {
        *slot = value;
    }
}

/// Final guard: equalities hold, probabilities are finite and positive.
fn check(constraints: &[Constraint], p: Vec<f64>) -> Result<Vec<f64>, SolveFailure> {
    let ok = p.iter().all(|x| x.is_finite() && *x > 0.0)
        && constraints.iter().all(|c| {
            let e = expectation(&c.a, &p);
            let tol = 1e-9 * (1.0 + c.b.abs());
            match c.kind {
                Kind::Eq => (e - c.b).abs() <= tol,
                Kind::Le => e - c.b <= tol,
            }
        });
    if ok {
        Ok(p)
    } else {
        Err(SolveFailure::Infeasible)
    }
}

fn expectation(a: &[f64], p: &[f64]) -> f64 {
    a.iter().zip(p).map(|(x, q)| x * q).sum()
}

/// Exponents `s_k = Σ_c θ_c a_c[k]`.
fn exponents(n: usize, constraints: &[Constraint], theta: &[f64]) -> Vec<f64> {
    let mut s = vec![0.0; n];
    for (c, t) in constraints.iter().zip(theta) {
        if *t != 0.0 {
            for (sk, ak) in s.iter_mut().zip(&c.a) {
                *sk += t * ak;
            }
        }
    }
    s
}

/// `p_θ` and `ln Z(θ)`, computed with the max shifted out so that large
/// multipliers do not overflow.
fn probabilities_and_log_z(n: usize, constraints: &[Constraint], theta: &[f64]) -> (Vec<f64>, f64) {
    let s = exponents(n, constraints, theta);
    let max = s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let w: Vec<f64> = s.iter().map(|x| (x - max).exp()).collect();
    let z: f64 = w.iter().sum();
    (w.iter().map(|x| x / z).collect(), max + z.ln())
}

fn probabilities(n: usize, constraints: &[Constraint], theta: &[f64]) -> Vec<f64> {
    probabilities_and_log_z(n, constraints, theta).0
}

/// The dual objective `g(θ) = ln Z(θ) − θ·b`.
fn dual(n: usize, constraints: &[Constraint], theta: &[f64]) -> f64 {
    let (_, log_z) = probabilities_and_log_z(n, constraints, theta);
    log_z - constraints.iter().zip(theta).map(|(c, t)| c.b * t).sum::<f64>()
}

/// Minimise `g` over the free multipliers (the others stay as they are, 0).
fn newton(
    n: usize,
    constraints: &[Constraint],
    free: &[bool],
    theta: &mut [f64],
) -> Result<(), SolveFailure> {
    let idx: Vec<usize> = free.iter().enumerate().filter(|(_, f)| **f).map(|(i, _)| i).collect();
    if idx.is_empty() {
        return Ok(());
    }
    let feats: Vec<&Constraint> = idx.iter().filter_map(|i| constraints.get(*i)).collect();
    for _ in 0..MAX_NEWTON {
        let (p, log_z) = probabilities_and_log_z(n, constraints, theta);
        let g0 = log_z - constraints.iter().zip(theta.iter()).map(|(c, t)| c.b * t).sum::<f64>();
        if !g0.is_finite() {
            return Err(SolveFailure::Infeasible);
        }
        let means: Vec<f64> = feats.iter().map(|c| expectation(&c.a, &p)).collect();
        let grad: Vec<f64> = feats.iter().zip(&means).map(|(c, m)| m - c.b).collect();
        let gmax = grad.iter().fold(0.0_f64, |acc, g| acc.max(g.abs()));
        if gmax <= GRAD_TOL {
            return Ok(());
        }
        // Hessian = covariance of the free features under p.
        let hess: Vec<Vec<f64>> = feats
            .iter()
            .zip(&means)
            .map(|(ci, mi)| {
                feats
                    .iter()
                    .zip(&means)
                    .map(|(cj, mj)| {
                        ci.a.iter().zip(&cj.a).zip(&p).map(|((x, y), q)| x * y * q).sum::<f64>() - mi * mj
                    })
                    .collect()
            })
            .collect();
        let rhs: Vec<f64> = grad.iter().map(|g| -g).collect();
        let dir = solve_regularised(hess, rhs).ok_or(SolveFailure::NotConverged)?;
        let slope: f64 = grad.iter().zip(&dir).map(|(g, d)| g * d).sum();
        if -slope <= 1e-15 * (1.0 + g0.abs()) {
            // The objective no longer resolves the remaining decrease (an
            // ill-conditioned Hessian near a degenerate row): take the full
            // Newton step as long as it shrinks the gradient.
            let trial = stepped(theta, &idx, &dir, 1.0);
            let p1 = probabilities(n, constraints, &trial);
            let gmax1 = feats.iter().fold(0.0_f64, |acc, c| acc.max((expectation(&c.a, &p1) - c.b).abs()));
            if gmax1.is_finite() && gmax1 < gmax {
                theta.copy_from_slice(&trial);
                continue;
            }
            return if gmax <= GRAD_FLOOR { Ok(()) } else { Err(SolveFailure::NotConverged) };
        }
        // Backtracking (Armijo) line search on the dual.
        let mut step = 1.0;
        let mut accepted = false;
        while step > 1e-20 {
            let trial = stepped(theta, &idx, &dir, step);
            let g1 = dual(n, constraints, &trial);
            if g1.is_finite() && g1 <= g0 + 1e-4 * step * slope {
                theta.copy_from_slice(&trial);
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            // No further decrease representable in floating point.
            return if gmax <= GRAD_FLOOR { Ok(()) } else { Err(SolveFailure::NotConverged) };
        }
        if theta.iter().any(|t| t.abs() > THETA_LIMIT) {
            return Err(SolveFailure::Infeasible);
        }
    }
    let p = probabilities(n, constraints, theta);
    let gmax = feats.iter().fold(0.0_f64, |acc, c| acc.max((expectation(&c.a, &p) - c.b).abs()));
    if gmax <= GRAD_FLOOR {
        Ok(())
    } else {
        Err(SolveFailure::NotConverged)
    }
}

/// `θ + step·d` on the free multipliers `idx`.
fn stepped(theta: &[f64], idx: &[usize], dir: &[f64], step: f64) -> Vec<f64> {
    let mut trial = theta.to_vec();
    for (i, d) in idx.iter().zip(dir) {
        if let Some(t) = trial.get_mut(*i) {
            *t += step * d;
        }
    }
    trial
}

/// Solve `H d = r` by Gaussian elimination with partial pivoting. `H` is a
/// covariance matrix, positive semi-definite; when features are linearly
/// dependent on the support (several active constraints on few points) it
/// is singular, so a growing ridge is added until the pivots are sound.
fn solve_regularised(hess: Vec<Vec<f64>>, rhs: Vec<f64>) -> Option<Vec<f64>> {
    let scale = hess
        .iter()
        .enumerate()
        .filter_map(|(i, row)| row.get(i))
        .fold(0.0_f64, |acc, x| acc.max(x.abs()))
        .max(1e-300);
    let mut ridge = 0.0;
    for _ in 0..12 {
        let mut m = hess.clone();
        for (i, row) in m.iter_mut().enumerate() {
            if let Some(x) = row.get_mut(i) {
                *x += ridge;
            }
        }
        if let Some(d) = gauss(m, rhs.clone(), scale * 1e-14) {
            return Some(d);
        }
        ridge = if ridge == 0.0 { scale * 1e-12 } else { ridge * 100.0 };
    }
    None
}

fn gauss(mut m: Vec<Vec<f64>>, mut r: Vec<f64>, pivot_tol: f64) -> Option<Vec<f64>> {
    let n = r.len();
    if m.len() != n || m.iter().any(|row| row.len() != n) {
        return None;
    }
    let abs_at =
        |m: &[Vec<f64>], row: usize, col: usize| m.get(row).and_then(|r| r.get(col)).map_or(0.0, |x| x.abs());
    for col in 0..n {
        let pivot = (col..n).max_by(|a, b| abs_at(&m, *a, col).total_cmp(&abs_at(&m, *b, col)))?;
        let pv = m.get(pivot)?.get(col).copied()?;
        if pv.is_nan() || pv.abs() <= pivot_tol {
            return None;
        }
        m.swap(col, pivot);
        r.swap(col, pivot);
        let pr = r.get(col).copied()?;
        let (upper, lower) = m.split_at_mut(col + 1);
        let prow = upper.last()?;
        for (row, rr) in lower.iter_mut().zip(r.iter_mut().skip(col + 1)) {
            let f = row.get(col).copied()? / pv;
            if f != 0.0 {
                for (x, y) in row.iter_mut().zip(prow).skip(col) {
                    *x -= f * y;
                }
                *rr -= f * pr;
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let mrow = m.get(row)?;
        let s: f64 = mrow.iter().zip(&x).skip(row + 1).map(|(a, b)| a * b).sum();
        let value = (r.get(row)? - s) / mrow.get(row)?;
        *x.get_mut(row)? = value;
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_when_only_normalised() {
        let c = [Constraint { a: vec![-1.0, 0.0, 1.0], b: 0.0, kind: Kind::Eq }];
        let p = solve(3, &c).unwrap();
        for q in p {
            assert!((q - 1.0 / 3.0).abs() < 1e-12);
        }
    }

    #[test]
    fn variance_bound_binds() {
        let v = [-2.0, -1.0, 0.0, 1.0, 2.0];
        let c = [
            Constraint { a: v.to_vec(), b: 0.0, kind: Kind::Eq },
            Constraint { a: v.iter().map(|x| x * x).collect(), b: 1.0, kind: Kind::Le },
        ];
        let p = solve(5, &c).unwrap();
        let var: f64 = v.iter().zip(&p).map(|(x, q)| x * x * q).sum();
        assert!((var - 1.0).abs() < 1e-10);
    }

    #[test]
    fn contradictory_constraints_fail() {
        // Mean 0 on points that are all positive.
        let c = [Constraint { a: vec![1.0, 2.0], b: 0.0, kind: Kind::Eq }];
        assert!(solve(2, &c).is_err());
    }
}
