//! A component too large for the audit's exact LP (`FULL_LP_MAX`): there
//! the audit proves protection only by witnesses — small neighbourhood LPs
//! and the points the audit fixes' protection LPs (`directed_fix`) hand it.
//! This test checks the outcome with exact full LPs of its own, written
//! here and sharing no code with the audit, on a sample of the protected
//! cells.

use good_lp::{microlp, variable, Expression, ProblemVariables, Solution, SolverModel, Variable};

use super::super::*;
use super::gen::add_table;

/// Two districts of 600 sub-areas, one leaf in three small: every hidden
/// cell of a district shares that district's group relations, so each
/// district is one component of well over 1,500 suppressed cells.
fn dense_problem() -> SdcProblem {
    let mut problem = SdcProblem::new(PrivacyRules::default());
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut leaf = move |_: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        if state.is_multiple_of(3) {
            1 + (state / 3 % 2) as u32
        } else {
            3 + (state % 40) as u32
        }
    };
    add_table(&mut problem, &[600; 2], &mut leaf, "");
    problem
}

/// Exact bounds of cell `target` for a reader who knows every published
/// value, every relation and that counts are non-negative integers.
fn exact_bounds(problem: &SdcProblem, statuses: &[Status], target: usize) -> (f64, f64) {
    let hidden: Vec<usize> = (0..problem.cells.len()).filter(|&c| statuses[c].is_suppressed()).collect();
    let solve = |maximise: bool| -> f64 {
        let mut vars = ProblemVariables::new();
        let xs: Vec<Variable> = hidden.iter().map(|_| vars.add(variable().min(0.0))).collect();
        let var_of = |c: usize| hidden.binary_search(&c).ok().map(|i| xs[i]);
        let goal: Expression = var_of(target).expect("target is hidden").into();
        let mut model =
            if maximise { vars.maximise(goal.clone()) } else { vars.minimise(goal.clone()) }.using(microlp);
        for rel in &problem.relations {
            let mut expr = Expression::from(0.0);
            let mut rhs = 0.0;
            for (cell, coef) in
                std::iter::once((rel.total.0, 1.0)).chain(rel.parts.iter().map(|p| (p.0, -1.0)))
            {
                match var_of(cell) {
                    Some(x) => expr.add_mul(coef, x),
                    None => rhs -= coef * problem.cells[cell].value,
                }
            }
            model.add_constraint(expr.eq(rhs));
        }
        match model.solve() {
            Ok(s) => s.eval(&goal),
            Err(good_lp::ResolutionError::Unbounded) => f64::INFINITY,
            Err(e) => panic!("exact LP failed: {e}"),
        }
    };
    // Integers: round inward, as a reader would.
    let lo = (solve(false) - 1e-6).ceil().max(0.0);
    let hi = solve(true);
    let hi = if hi.is_finite() { (hi + 1e-6).floor() } else { hi };
    (lo, hi)
}

#[test]
fn a_component_beyond_the_exact_lp_is_protected_by_exact_reckoning() {
    let problem = dense_problem();
    let outcome = protect(&problem).unwrap();
    assert!(outcome.audit_passed, "{}", outcome.audit);
    let suppressed = outcome.statuses.iter().filter(|s| s.is_suppressed()).count();
    eprintln!("{suppressed} suppressed in {} components, {:?}", outcome.audit.components, outcome.counts);
    assert!(suppressed > 1_500, "the component must exceed the exact LP's size: {suppressed}");
    let sensitive: Vec<usize> = (0..problem.cells.len())
        .filter(|&c| matches!(outcome.statuses[c].reason(), Some(SuppressionReason::Primary(_))))
        .collect();
    assert!(sensitive.len() > 100, "{}", sensitive.len());
    // A spread sample: every 25th primary cell.
    for &c in sensitive.iter().step_by(sensitive.len() / 12) {
        let value = problem.cells[c].value;
        let (need_lo, need_hi) = problem.rules.protection.required_interval(value);
        let (lo, hi) = exact_bounds(&problem, &outcome.statuses, c);
        assert!(
            lo <= need_lo + 1e-6 && hi >= need_hi - 1e-6,
            "cell {c} ({}, value {value}): a reader narrows it to [{lo}, {hi}], needs [{need_lo}, {need_hi}]",
            problem.cells[c].label
        );
    }
}
