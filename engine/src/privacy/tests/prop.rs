//! Random area × group tables: the guarantees hold whatever the counts.

use proptest::prelude::*;

use super::super::*;
use super::gen::{add_own_rates, add_table};
use super::support::{assert_safe, table_2d};

fn problem_strategy() -> impl Strategy<Value = SdcProblem> {
    (
        prop::collection::vec(1usize..=3, 1..=3),
        prop::collection::vec(prop_oneof![3 => 0u32..4, 2 => 0u32..15, 1 => 0u32..60], 27),
        any::<bool>(),
        3u64..=4,
        prop::option::of(5u64..=20),
    )
        .prop_map(|(subareas, leaves, zero_publishable, min_count, min_den)| {
            let rules = PrivacyRules {
                min_count,
                zero_publishable,
                min_denominator: min_den,
                protection: Protection { absolute: (min_count - 1) as f64, ..Protection::default() },
                ..PrivacyRules::default()
            };
            let mut problem = SdcProblem::new(rules);
            let mut leaf = |i: usize| leaves.get(i).copied().unwrap_or(0);
            let table = add_table(&mut problem, &subareas, &mut leaf, "");
            add_own_rates(&mut problem, &table);
            problem
        })
}

/// Cross tables with both margins, many zeros and small counts, and some
/// cells missing at source: the shape where pattern rules alone fail.
fn table_strategy() -> impl Strategy<Value = SdcProblem> {
    (3usize..=5, 3usize..=5)
        .prop_flat_map(|(rows, cols)| {
            (
                prop::collection::vec(
                    prop::collection::vec(prop_oneof![2 => 0u32..3, 3 => 0u32..12], cols),
                    rows,
                ),
                prop::collection::vec(any::<bool>(), rows * cols),
                any::<bool>(),
            )
        })
        .prop_map(|(values, missing, zero_publishable)| {
            let rows: Vec<&[u32]> = values.iter().map(Vec::as_slice).collect();
            let rules = PrivacyRules { zero_publishable, ..PrivacyRules::default() };
            let mut t = table_2d(&rows, rules);
            // Roughly one interior cell in eight is missing at source.
            for (k, id) in t.interior.iter().flatten().enumerate() {
                if missing.get(k).copied().unwrap_or(false) && k % 4 == 1 {
                    t.problem.cells[id.0].forced = Some(ForcedReason::Missing);
                }
            }
            t.problem
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PRIVACY_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn protect_is_always_safe(problem in problem_strategy()) {
        let outcome = protect(&problem).map_err(|e| TestCaseError::fail(e.to_string()))?;
        assert_safe(&problem, &outcome);
    }

    #[test]
    fn protect_is_always_safe_on_cross_tables(problem in table_strategy()) {
        let outcome = protect(&problem).map_err(|e| TestCaseError::fail(e.to_string()))?;
        assert_safe(&problem, &outcome);
        prop_assert_eq!(protect(&problem).ok(), Some(outcome), "not deterministic");
    }
}
