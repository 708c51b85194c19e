//! Table builders and invariant checks shared by the tests.

use super::super::prepared::Prepared;
use super::super::*;

/// A cross-classified table with both margins and a grand total.
pub struct Table2D {
    pub problem: SdcProblem,
    pub interior: Vec<Vec<CellId>>,
    pub row_totals: Vec<CellId>,
    pub col_totals: Vec<CellId>,
    pub grand: CellId,
}

pub fn table_2d(values: &[&[u32]], rules: PrivacyRules) -> Table2D {
    let mut problem = SdcProblem::new(rules);
    let rows = values.len();
    let cols = values.first().map_or(0, |r| r.len());
    let interior: Vec<Vec<CellId>> = values
        .iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .enumerate()
                .map(|(j, &v)| problem.add_cell(Cell::count(format!("r{i}c{j}"), f64::from(v))))
                .collect()
        })
        .collect();
    let row_totals: Vec<CellId> = (0..rows)
        .map(|i| {
            let sum: u32 = values[i].iter().sum();
            problem.add_cell(Cell::count(format!("r{i}"), f64::from(sum)))
        })
        .collect();
    let col_totals: Vec<CellId> = (0..cols)
        .map(|j| {
            let sum: u32 = values.iter().map(|r| r[j]).sum();
            problem.add_cell(Cell::count(format!("c{j}"), f64::from(sum)))
        })
        .collect();
    let total: u32 = values.iter().flat_map(|r| r.iter()).sum();
    let grand = problem.add_cell(Cell::count("total", f64::from(total)));
    for i in 0..rows {
        problem.add_relation(row_totals[i], interior[i].clone(), RelationKind::Margin);
    }
    for j in 0..cols {
        let parts = interior.iter().map(|r| r[j]).collect();
        problem.add_relation(col_totals[j], parts, RelationKind::Margin);
    }
    problem.add_relation(grand, row_totals.clone(), RelationKind::Margin);
    problem.add_relation(grand, col_totals.clone(), RelationKind::Margin);
    Table2D { problem, interior, row_totals, col_totals, grand }
}

/// A single relation `total = Σ parts` with the given part values.
pub fn row(values: &[f64], rules: PrivacyRules) -> (SdcProblem, Vec<CellId>, CellId) {
    let mut problem = SdcProblem::new(rules);
    let parts: Vec<CellId> =
        values.iter().enumerate().map(|(i, &v)| problem.add_cell(Cell::count(format!("p{i}"), v))).collect();
    let total = problem.add_cell(Cell::count("total", values.iter().sum()));
    problem.add_relation(total, parts.clone(), RelationKind::GroupTotal);
    (problem, parts, total)
}

pub fn suppressed(outcome: &ProtectionOutcome) -> Vec<usize> {
    outcome.statuses.iter().enumerate().filter(|(_, s)| s.is_suppressed()).map(|(i, _)| i).collect()
}

pub fn reason(outcome: &ProtectionOutcome, id: CellId) -> Option<SuppressionReason> {
    outcome.status(id).reason()
}

/// The guarantees `protect` must give on any input.
pub fn assert_safe(problem: &SdcProblem, outcome: &ProtectionOutcome) {
    let rules = &problem.rules;
    assert_eq!(outcome.statuses.len(), problem.cells.len());
    for (i, cell) in problem.cells.iter().enumerate() {
        if outcome.statuses[i].is_published() {
            assert!(cell.forced.is_none(), "forced cell {i} published");
            assert!(
                rules.primary_reason(cell.value, cell.contributors).is_none(),
                "primary-unsafe cell {i} ({}) published",
                cell.label
            );
        }
    }
    for pair in &problem.rates {
        if let Some(min) = rules.min_denominator {
            if problem.cells[pair.denominator.0].value < min as f64 {
                assert!(!outcome.rate_published(pair), "small-base rate published");
            }
        }
    }
    let prep = Prepared::new(problem).expect("valid problem");
    for (r, terms) in prep.relations.iter().enumerate() {
        let n_supp = terms.iter().filter(|t| outcome.statuses[t.cell].is_suppressed()).count();
        assert_ne!(n_supp, 1, "relation {r} has exactly one suppressed cell");
    }
    assert!(outcome.audit_passed, "audit failed:\n{}", outcome.audit);
    for row in &outcome.audit.rows {
        if row.sensitive {
            assert!(row.protected, "cell {} not protected: {row:?}", row.cell);
            assert!(row.lo <= row.required_lo + 1e-6, "{row:?}");
            assert!(row.hi >= row.required_hi - 1e-6, "{row:?}");
        }
    }
    let n_supp = outcome.statuses.iter().filter(|s| s.is_suppressed()).count();
    assert_eq!(outcome.audit.rows.len(), n_supp);
}
