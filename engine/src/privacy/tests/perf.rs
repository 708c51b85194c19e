//! Size check: ~50,000 cells and ~25,000 relations with few primary cells.

use std::time::Instant;

use super::super::*;
use super::gen::add_table;
use super::support::assert_safe;

/// 45 indicator tables of 1 city, 20 districts and 10 sub-areas each,
/// crossed with 5 groups: 49,725 cells, 24,615 relations. About one leaf in
/// 500 is small.
pub fn large_problem() -> SdcProblem {
    let mut problem = SdcProblem::new(PrivacyRules::default());
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        // xorshift64: deterministic, no dependency.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let subareas = vec![10; 20];
    for t in 0..45 {
        let mut leaf = |_: usize| {
            let r = next();
            if r % 500 == 0 {
                1 + (r / 500 % 2) as u32
            } else {
                20 + (r % 300) as u32
            }
        };
        add_table(&mut problem, &subareas, &mut leaf, &format!("t{t}/"));
    }
    problem
}

#[test]
fn fifty_thousand_cells_are_fast() {
    let problem = large_problem();
    assert_eq!(problem.cells.len(), 49_725);
    assert_eq!(problem.relations.len(), 24_615);
    let start = Instant::now();
    let outcome = protect(&problem).unwrap();
    let elapsed = start.elapsed();
    eprintln!(
        "large problem: {:?}, counts {:?}, {} components, {} lps",
        elapsed, outcome.counts, outcome.audit.components, outcome.audit.lp_solves
    );
    assert!(outcome.counts.primary > 10);
    assert_safe(&problem, &outcome);
    // Generous bound for unoptimized debug builds on a slow CI machine;
    // release builds take a small fraction of this.
    assert!(elapsed.as_secs_f64() < 10.0, "took {elapsed:?}");
}

/// Protecting the independent blocks side by side (`blocks.rs`) gives the
/// statuses of protecting the whole problem at once, cell for cell.
#[test]
fn blocks_side_by_side_equal_the_whole() {
    let mut problem = SdcProblem::new(PrivacyRules::default());
    let mut state: u64 = 0x1234_5678_9abc_def1;
    for t in 0..6 {
        let mut leaf = |_: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            if state.is_multiple_of(7) {
                1 + (state / 7 % 2) as u32
            } else {
                3 + (state % 60) as u32
            }
        };
        add_table(&mut problem, &[6, 4, 8, 5], &mut leaf, &format!("t{t}/"));
    }
    let split = protect(&problem).unwrap();
    let whole = super::super::pipeline::protect_block(&problem).unwrap();
    assert!(split.counts.primary > 10 && split.counts.complementary > 10, "{:?}", split.counts);
    assert_eq!(split.statuses, whole.statuses);
    assert_eq!(split.counts, whole.counts);
    assert_eq!(split.audit.rows.len(), whole.audit.rows.len());
    assert_eq!(split.audit.components, whole.audit.components);
    assert!(split.audit_passed && whole.audit_passed);
    assert_safe(&problem, &split);
}
