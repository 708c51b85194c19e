//! Primary suppression: every cell that breaks a rule on its own.

use super::prepared::Prepared;
use super::status::{PrimaryReason, Status, SuppressionReason};

/// Statuses after the primary step: forced cells keep their forced reason,
/// rule breakers get `Primary`, everything else is `Published`.
pub(crate) fn primary_statuses(prep: &Prepared<'_>) -> Vec<Status> {
    let problem = prep.problem;
    let rules = &problem.rules;
    let mut statuses: Vec<Status> = problem
        .cells
        .iter()
        .map(|cell| match cell.forced {
            _ if cell.published_before => Status::Published,
            Some(forced) => Status::suppressed(SuppressionReason::Forced(forced)),
            None => match rules.cell_reason(cell.value, cell.contributors, &cell.largest) {
                Some(reason) => Status::suppressed(SuppressionReason::Primary(reason)),
                None => Status::Published,
            },
        })
        .collect();

    // A published rate next to its published denominator reveals the
    // numerator, so a small base hides the numerator (and with it the rate).
    if let Some(min_den) = rules.min_denominator {
        for pair in &problem.rates {
            let den = pair.denominator.0;
            if prep.is_missing(den) || prep.value(den) >= min_den as f64 {
                continue;
            }
            let before = problem.cells.get(pair.numerator.0).is_some_and(|c| c.published_before);
            if let Some(status) = statuses.get_mut(pair.numerator.0).filter(|_| !before) {
                if status.is_published() {
                    *status = Status::suppressed(SuppressionReason::Primary(PrimaryReason::SmallBase));
                }
            }
        }
    }
    statuses
}

/// Which cells need a protection interval: suppressed cells that are
/// sensitive by their status, or that break a primary rule even though the
/// caller labelled them otherwise (the audit must not trust labels).
///
/// `baseline` is the output of [`primary_statuses`].
pub(crate) fn sensitive_cells(statuses: &[Status], baseline: &[Status]) -> Vec<bool> {
    statuses
        .iter()
        .zip(baseline)
        .map(|(status, prim)| status.is_suppressed() && (status.is_sensitive() || prim.is_sensitive()))
        .collect()
}
