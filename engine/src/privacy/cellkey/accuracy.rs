//! Accuracy of a perturbation table, in the terms offices publish.
//!
//! For population statistics the statistical offices promise: mean absolute
//! deviation below 0.5, at least 90 % of cells unchanged or off by 1, at
//! most 5 % off by 3 or more, at most 0.5 % off by 4 or more. These figures
//! follow from the table alone (the cell key is uniform), so they can be
//! stated before anything is published and checked against the noise
//! actually applied.

use serde::Serialize;

use super::ptable::{PTable, PTableRow};

/// Distribution of the absolute deviation for one original count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Accuracy {
    /// E|v|.
    pub mean_abs_deviation: f64,
    /// P(v = 0).
    pub share_unchanged: f64,
    /// P(|v| ≤ 1).
    pub share_within_1: f64,
    /// P(|v| ≥ 3).
    pub share_off_3_or_more: f64,
    /// P(|v| ≥ 4).
    pub share_off_4_or_more: f64,
}

impl Accuracy {
    /// The accuracy of one row of the table.
    pub fn of_row(row: &PTableRow) -> Accuracy {
        let share = |keep: &dyn Fn(u32) -> bool| -> f64 {
            row.entries().iter().filter(|e| keep(e.v().unsigned_abs())).map(|e| e.p()).sum()
        };
        Accuracy {
            mean_abs_deviation: row.entries().iter().map(|e| f64::from(e.v().unsigned_abs()) * e.p()).sum(),
            share_unchanged: share(&|a| a == 0),
            share_within_1: share(&|a| a <= 1),
            share_off_3_or_more: share(&|a| a >= 3),
            share_off_4_or_more: share(&|a| a >= 4),
        }
    }

    /// Empirical accuracy of observed deviations (e.g. of a published table).
    pub fn of_deviations(deviations: &[i32]) -> Accuracy {
        let n = deviations.len().max(1) as f64;
        let share = |keep: &dyn Fn(u32) -> bool| -> f64 {
            deviations.iter().filter(|v| keep(v.unsigned_abs())).count() as f64 / n
        };
        Accuracy {
            mean_abs_deviation: deviations.iter().map(|v| f64::from(v.unsigned_abs())).sum::<f64>() / n,
            share_unchanged: share(&|a| a == 0),
            share_within_1: share(&|a| a <= 1),
            share_off_3_or_more: share(&|a| a >= 3),
            share_off_4_or_more: share(&|a| a >= 4),
        }
    }

    /// Whether the targets promised for population statistics are met.
    pub fn meets_population_statistics_targets(&self) -> bool {
        self.mean_abs_deviation < 0.5
            && self.share_within_1 >= 0.90
            && self.share_off_3_or_more <= 0.05
            && self.share_off_4_or_more <= 0.005
    }
}

impl PTable {
    /// Accuracy for cells of original count `count` (`None` for an empty
    /// table, which `build` never returns).
    pub fn accuracy(&self, count: u64) -> Option<Accuracy> {
        self.row_for(count).map(Accuracy::of_row)
    }
}
