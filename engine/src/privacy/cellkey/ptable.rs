//! The perturbation table (ptable): per original count, which deviations
//! may be added and with which probabilities.
//!
//! Built as the Destatis R package `ptable` builds it for frequency tables
//! (Giessing 2016, "Computational Issues in the Design of Transition
//! Probabilities and Disclosure Risk Estimation for Additive Noise"), so that
//! an office can compare kimon's table with the one its methodologists
//! produce (`PTable::to_csv` writes the package's column layout):
//!
//! * Rows `i = 0 … n` with `n = D` if `js = 0`, else `n = D + js + 1`
//!   (`pt_create_pParams`' `ncat`). Row `n` is the first row whose
//!   deviations −D…D are all allowed; it is symmetric and applies to every
//!   count `≥ n`. Row 0 is fixed: zero stays zero.
//! * Row `i` allows the deviations `v` with `|v| ≤ D` whose target `i + v`
//!   is `≥ 0` and not one of the forbidden small values `1…js`.
//! * Its probabilities maximise entropy subject to `Σ p = 1`, `Σ v·p = 0`
//!   (unbiased) and `Σ v²·p ≤ V`. The package's standard approach
//!   (`optim = 1`) states the variance as an *upper bound*; maximum entropy
//!   pushes the variance up, so the bound holds with equality whenever the
//!   row can reach V at all, and rows that cannot (small counts, where
//!   mean-zero noise close to 0 has little room) get the largest variance
//!   the entropy allows instead. Each probability is at least 1e-8 (the
//!   package's lower bound `epsilon`).
//! * Optionally (`monotone`, the package's `mono`), probabilities do not
//!   decrease from the most negative deviation up to `v = 0`.
//! * Cumulative bounds `p_int_ub` are rounded to 8 digits (the package's
//!   `ndigits = 8`, matching record keys rounded to 8 digits) and `p` is
//!   re-derived as `p_int_ub − p_int_lb`, as the package does. The bounds are
//!   kept as integers in units of 1e-8, so the lookup with a cell key (also
//!   an integer in units of 1e-8) is exact.
//!
//! The published census example (sdcTools CensusProtection,
//! `create_cnt_ptable(D = 2, V = 1.08, js = 1, mono = c(T, T, F, T))`) is
//! reproduced with `monotone: false`: its rows 1, 2 and 4 are the same with
//! or without the monotony condition (it does not bind), and row 3 was built
//! without it. With the package default `mono = TRUE` row 3 differs:
//! `p(−1) ≤ p(0)` binds there, and the maximum-entropy row under it has
//! variance 0.932 < V, so the variance bound is slack in that row.

use serde::{Deserialize, Serialize};

use super::error::CellKeyError;
use super::maxent::{self, Constraint, Kind};
use super::record_key::KEY_MODULUS;

/// Largest `max_deviation` accepted. Official tables use D = 2…5.
pub const MAX_DEVIATION_LIMIT: u32 = 20;

/// Lower bound of every probability (the package's `epsilon = 1e-8`): every
/// allowed deviation keeps at least one key unit.
const MIN_PROBABILITY: f64 = 1e-8;

/// Parameters of a perturbation table for counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PTableParams {
    /// D: the largest absolute deviation.
    pub max_deviation: u32,
    /// V: the variance of the noise (an upper bound for the small-count rows
    /// that cannot reach it, as in the R package).
    pub variance: f64,
    /// js: perturbed counts never take the values `1…js` (0 = no such rule).
    pub forbidden_small: u32,
    /// Probabilities do not decrease from `−D` up to `v = 0` (the package's
    /// `mono`; its default is on, the census example has it off where it
    /// binds).
    pub monotone: bool,
}

impl PTableParams {
    /// Check the parameters; every error names the parameter to change.
    pub fn validate(&self) -> Result<(), CellKeyError> {
        let d = self.max_deviation;
        let v = self.variance;
        let js = self.forbidden_small;
        if d == 0 {
            return Err(CellKeyError::ZeroMaxDeviation);
        }
        if d > MAX_DEVIATION_LIMIT {
            return Err(CellKeyError::MaxDeviationTooLarge { got: d, max: MAX_DEVIATION_LIMIT });
        }
        if !(v.is_finite() && v > 0.0) {
            return Err(CellKeyError::InvalidVariance { got: v });
        }
        let max = max_variance(d);
        if v > max {
            return Err(CellKeyError::VarianceTooLarge { variance: v, max_deviation: d, max });
        }
        if js >= d {
            return Err(CellKeyError::ForbiddenSmallTooLarge { forbidden_small: js, max_deviation: d });
        }
        // Count i ≤ js has no deviation to a target in 1…js: it moves down
        // to 0 (v = −i) or up beyond js (v ≥ js + 1 − i). The least variance
        // of such unbiased noise is i·(js + 1 − i).
        if let Some((count, min)) =
            (1..=js).map(|i| (i, f64::from(i) * f64::from(js + 1 - i))).max_by(|a, b| a.1.total_cmp(&b.1))
        {
            if v <= min {
                return Err(CellKeyError::VarianceTooSmall { variance: v, forbidden_small: js, count, min });
            }
        }
        Ok(())
    }

    /// Index of the last (symmetric) row, which applies to all larger counts.
    pub fn symmetric_row(&self) -> u32 {
        if self.forbidden_small == 0 {
            self.max_deviation
        } else {
            self.max_deviation + self.forbidden_small + 1
        }
    }

    /// The deviations row `i` allows, ascending.
    pub fn allowed_deviations(&self, i: u32) -> Vec<i32> {
        let d = i64::from(self.max_deviation);
        let js = i64::from(self.forbidden_small);
        let i = i64::from(i);
        (-d..=d)
            .filter(|v| {
                let target = i + v;
                target >= 0 && !(1..=js).contains(&target)
            })
            .filter_map(|v| i32::try_from(v).ok())
            .collect()
    }
}

/// The variance of uniform noise over −D…D, the most a maximum-entropy table
/// with mean 0 can have in its symmetric row.
pub fn max_variance(max_deviation: u32) -> f64 {
    let d = f64::from(max_deviation);
    d * (d + 1.0) / 3.0
}

/// One deviation of a row with its probability interval `[p_int_lb,
/// p_int_ub)`, stored in units of 1e-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PTableEntry {
    v: i32,
    lb: u32,
    ub: u32,
}

impl PTableEntry {
    /// The deviation added to the count.
    pub fn v(&self) -> i32 {
        self.v
    }
    /// Its probability (`p_int_ub − p_int_lb`).
    pub fn p(&self) -> f64 {
        f64::from(self.ub - self.lb) / f64::from(KEY_MODULUS)
    }
    pub fn p_int_lb(&self) -> f64 {
        f64::from(self.lb) / f64::from(KEY_MODULUS)
    }
    pub fn p_int_ub(&self) -> f64 {
        f64::from(self.ub) / f64::from(KEY_MODULUS)
    }
    /// Lower bound in units of 1e-8 (comparable with [`super::KeySum::units`]).
    pub fn p_int_lb_units(&self) -> u32 {
        self.lb
    }
    /// Upper bound in units of 1e-8.
    pub fn p_int_ub_units(&self) -> u32 {
        self.ub
    }
}

/// The distribution of deviations for one original count `i`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PTableRow {
    i: u32,
    entries: Vec<PTableEntry>,
}

impl PTableRow {
    /// The original count this row is for (the last row: this and above).
    pub fn i(&self) -> u32 {
        self.i
    }
    pub fn entries(&self) -> &[PTableEntry] {
        &self.entries
    }
    /// Σ v·p (0 up to the 1e-8 rounding of the bounds).
    pub fn mean(&self) -> f64 {
        self.entries.iter().map(|e| f64::from(e.v) * e.p()).sum()
    }
    /// Σ v²·p (the noise variance, since the mean is 0).
    pub fn variance(&self) -> f64 {
        self.entries.iter().map(|e| f64::from(e.v) * f64::from(e.v) * e.p()).sum()
    }
    /// Probability of deviation `v` (0 if not allowed).
    pub fn probability(&self, v: i32) -> f64 {
        self.entries.iter().filter(|e| e.v == v).map(PTableEntry::p).sum()
    }
    /// The deviation for a cell key given in units of 1e-8: the `v` of the
    /// first entry whose `p_int_ub` exceeds the key.
    pub fn lookup(&self, key_units: u32) -> i32 {
        self.entries.iter().find(|e| e.ub > key_units).map_or(0, |e| e.v)
    }
}

/// A perturbation table for counts.
#[derive(Debug, Clone, PartialEq)]
pub struct PTable {
    params: PTableParams,
    rows: Vec<PTableRow>,
}

impl PTable {
    /// Build the maximum-entropy table for `params` (see the module docs).
    pub fn build(params: PTableParams) -> Result<PTable, CellKeyError> {
        params.validate()?;
        let last = params.symmetric_row();
        let mut rows = Vec::new();
        rows.push(PTableRow { i: 0, entries: vec![PTableEntry { v: 0, lb: 0, ub: KEY_MODULUS }] });
        for i in 1..=last {
            let deviations = params.allowed_deviations(i);
            let p = solve_row(&params, &deviations).map_err(|failure| CellKeyError::NoSolution {
                max_deviation: params.max_deviation,
                variance: params.variance,
                forbidden_small: params.forbidden_small,
                monotone: params.monotone,
                row: i,
                reason: failure.reason().to_string(),
            })?;
            rows.push(PTableRow { i, entries: round_intervals(&deviations, &p) });
        }
        Ok(PTable { params, rows })
    }

    /// The census example: D = 2, V = 1.08, js = 1, no monotony condition.
    pub fn census_example() -> Result<PTable, CellKeyError> {
        PTable::build(PTableParams { max_deviation: 2, variance: 1.08, forbidden_small: 1, monotone: false })
    }

    pub fn params(&self) -> &PTableParams {
        &self.params
    }

    /// Rows `0 …= symmetric_row`.
    pub fn rows(&self) -> &[PTableRow] {
        &self.rows
    }

    /// The row used for an original count: `min(count, last row)`.
    pub fn row_for(&self, count: u64) -> Option<&PTableRow> {
        let last = self.rows.len().checked_sub(1)?;
        let idx = usize::try_from(count).map_or(last, |c| c.min(last));
        self.rows.get(idx)
    }

    /// The table in the layout of the R package's `@pTable`
    /// (`i;j;p;v;p_int_lb;p_int_ub`, `;`-separated), last row labelled with
    /// its `i`; an office can diff it against its own ptable.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("i;j;p;v;p_int_lb;p_int_ub\n");
        for row in &self.rows {
            for e in &row.entries {
                let j = i64::from(row.i) + i64::from(e.v);
                out.push_str(&format!(
                    "{};{};{:.8};{};{:.8};{:.8}\n",
                    row.i,
                    j,
                    e.p(),
                    e.v,
                    e.p_int_lb(),
                    e.p_int_ub()
                ));
            }
        }
        out
    }
}

/// The maximum-entropy probabilities of one row, in the order of `deviations`.
fn solve_row(params: &PTableParams, deviations: &[i32]) -> Result<Vec<f64>, maxent::SolveFailure> {
    let n = deviations.len();
    let v: Vec<f64> = deviations.iter().map(|d| f64::from(*d)).collect();
    let mut constraints = vec![
        Constraint { a: v.clone(), b: 0.0, kind: Kind::Eq },
        Constraint { a: v.iter().map(|x| x * x).collect(), b: params.variance, kind: Kind::Le },
    ];
    if params.monotone {
        // p(v_k) ≤ p(v_{k+1}) for consecutive allowed deviations up to v = 0
        // (the package's eval_g_mono; a row without v = 0 has none).
        if let Some(zero) = deviations.iter().position(|d| *d == 0) {
            for k in 0..zero {
                let mut a = vec![0.0; n];
                if let Some(x) = a.get_mut(k) {
                    *x = 1.0;
                }
                if let Some(x) = a.get_mut(k + 1) {
                    *x = -1.0;
                }
                constraints.push(Constraint { a, b: 0.0, kind: Kind::Le });
            }
        }
    }
    for k in 0..n {
        let mut a = vec![0.0; n];
        if let Some(x) = a.get_mut(k) {
            *x = -1.0;
        }
        constraints.push(Constraint { a, b: -MIN_PROBABILITY, kind: Kind::Le });
    }
    maxent::solve(n, &constraints)
}

/// Cumulative bounds rounded to 8 digits; the last bound is exactly 1.
fn round_intervals(deviations: &[i32], p: &[f64]) -> Vec<PTableEntry> {
    let modulus = f64::from(KEY_MODULUS);
    let mut cum = 0.0;
    let mut lb = 0u32;
    let count = deviations.len();
    deviations
        .iter()
        .zip(p)
        .enumerate()
        .map(|(k, (v, q))| {
            cum += q;
            let ub = if k + 1 == count {
                KEY_MODULUS
            } else {
                // Saturating float-to-int cast; clamped to stay monotone.
                ((cum * modulus).round() as u32).clamp(lb, KEY_MODULUS)
            };
            let entry = PTableEntry { v: *v, lb, ub };
            lb = ub;
            entry
        })
        .collect()
}
