//! Plausibility checks (Plausibilisierung): `expect A == B` over aggregates,
//! evaluated for every year and `by` cell; each failure names the cell and
//! the size of the difference.

use super::acc::Acc;
use super::cube::{CellKey, Cube};
use crate::model::{CheckSeverity, Model};
use indexmap::IndexMap;
use kimon_grammar::ast::{BinOp, Expr};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CheckOutcome {
    pub check: String,
    pub title: String,
    pub severity: CheckSeverity,
    pub key: CellKey,
    /// Values of the two sides; `None` where data are missing.
    pub left: Option<f64>,
    pub right: Option<f64>,
    pub difference: Option<f64>,
    pub passed: Option<bool>,
}

pub fn evaluate(model: &Model, cubes: &IndexMap<String, Vec<(usize, Cube)>>) -> Vec<CheckOutcome> {
    let mut out = Vec::new();
    for check in model.checks.values() {
        let Some(Expr::Binary { op, left, right, .. }) = strip(check.expect.as_ref()) else { continue };
        let Some(list) = cubes.get(&check.id) else { continue };
        let mut keys: Vec<&CellKey> = list.iter().flat_map(|(_, c)| c.cells.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let l = value(left, key, list);
            let r = value(right, key, list);
            let (difference, passed) = match (l, r) {
                (Some(a), Some(b)) => {
                    let diff = a - b;
                    let ok = match op {
                        BinOp::Eq => diff.abs() <= check.tolerance + 1e-9,
                        BinOp::Ne => diff.abs() > check.tolerance,
                        BinOp::Le => a <= b + check.tolerance,
                        BinOp::Lt => a < b + check.tolerance,
                        BinOp::Ge => a + check.tolerance >= b,
                        BinOp::Gt => a + check.tolerance > b,
                        _ => true,
                    };
                    (Some(diff), Some(ok))
                }
                _ => (None, None),
            };
            out.push(CheckOutcome {
                check: check.id.clone(),
                title: check.title.clone(),
                severity: check.severity,
                key: key.clone(),
                left: l,
                right: r,
                difference,
                passed,
            });
        }
    }
    out
}

fn strip(e: Option<&Expr>) -> Option<&Expr> {
    match e? {
        Expr::Paren { inner, .. } => strip(Some(inner)),
        other => Some(other),
    }
}

fn value(e: &Expr, key: &CellKey, cubes: &[(usize, Cube)]) -> Option<f64> {
    match e {
        Expr::Number { value, .. } => Some(*value),
        Expr::Paren { inner, .. } => value(inner, key, cubes),
        Expr::Neg { inner, .. } => value(inner, key, cubes).map(|v| -v),
        Expr::Aggregate(a) => {
            let cube = cubes.iter().find(|(pos, _)| *pos == a.span.start).map(|(_, c)| c)?;
            let acc: &Acc = cube.cells.get(key)?;
            // A figure with no row at all is absent, not zero.
            if acc.rows == 0 {
                return None;
            }
            acc.value()
        }
        Expr::Binary { op, left, right, .. } => {
            let (a, b) = (value(left, key, cubes)?, value(right, key, cubes)?);
            let r = match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div => a / b,
                _ => return None,
            };
            r.is_finite().then_some(r)
        }
        Expr::Call { function, args, .. } => {
            let x = value(args.first()?, key, cubes)?;
            match function.name.as_str() {
                "abs" => Some(x.abs()),
                "round" => {
                    let digits =
                        args.get(1).and_then(|d| value(d, key, cubes)).unwrap_or(0.0).clamp(0.0, 12.0) as i32;
                    let p = 10f64.powi(digits);
                    Some((x * p).round() / p)
                }
                _ => None,
            }
        }
        _ => None,
    }
}
