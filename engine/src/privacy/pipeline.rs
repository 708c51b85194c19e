//! The pipeline behind [`protect`]: primary step, pattern step, audit,
//! audit fixes.

use serde::{Deserialize, Serialize};

use super::audit::{run_audit, AuditCache, AuditReport, AuditRun, Rows};
use super::error::PrivacyError;
use super::prepared::Prepared;
use super::primary::{primary_statuses, sensitive_cells};
use super::problem::{CellId, RatePair, SdcProblem};
use super::secondary::{complete_pattern, complete_pattern_after, pick_candidate};
use super::status::{rate_published, Status, SuppressionReason};

/// How many cells ended up in which state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressionCounts {
    pub cells: usize,
    pub published: usize,
    pub primary: usize,
    pub forced: usize,
    pub complementary: usize,
    pub audit_added: usize,
}

impl SuppressionCounts {
    pub fn from_statuses(statuses: &[Status]) -> Self {
        let mut counts = SuppressionCounts { cells: statuses.len(), ..Self::default() };
        for status in statuses {
            if let Some(SuppressionReason::Forced(f)) = status.reason() {
                if f.is_latent() {
                    counts.cells -= 1;
                    continue;
                }
            }
            match status.reason() {
                None => counts.published += 1,
                Some(SuppressionReason::Primary(_)) => counts.primary += 1,
                Some(SuppressionReason::Forced(_)) => counts.forced += 1,
                Some(SuppressionReason::Complementary) => counts.complementary += 1,
                Some(SuppressionReason::AuditFix) => counts.audit_added += 1,
            }
        }
        counts
    }
}

/// Result of [`protect`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProtectionOutcome {
    /// One status per cell, indexed by `CellId`.
    pub statuses: Vec<Status>,
    /// The audit of the final statuses.
    pub audit: AuditReport,
    pub counts: SuppressionCounts,
    /// Publish only if true. False only when the complementary step is
    /// switched off or no cell is left that could still be suppressed.
    pub audit_passed: bool,
}

impl ProtectionOutcome {
    /// Status of a cell; unknown ids are reported suppressed (fail closed).
    pub fn status(&self, id: CellId) -> Status {
        self.statuses.get(id.0).copied().unwrap_or(Status::suppressed(SuppressionReason::AuditFix))
    }

    pub fn is_published(&self, id: CellId) -> bool {
        self.status(id).is_published()
    }

    /// See [`rate_published`].
    pub fn rate_published(&self, pair: &RatePair) -> bool {
        rate_published(&self.statuses, pair)
    }
}

/// Decides which cells may be published.
///
/// Primary suppression, then complementary pattern rules to a fixed point,
/// then the LP audit; while the audit finds an exposed cell, one more cell
/// per failing component is suppressed (`AuditFix`), the pattern rules run
/// again and the audit repeats (unchanged components come from a cache).
/// Every round suppresses at least one more cell, so the loop ends, at the
/// latest with everything around the exposed cells hidden.
pub fn protect(problem: &SdcProblem) -> Result<ProtectionOutcome, PrivacyError> {
    let prep = Prepared::new(problem)?;
    let baseline = primary_statuses(&prep);
    let mut statuses = baseline.clone();
    let sensitive = sensitive_cells(&statuses, &baseline);
    let mut cache = AuditCache::default();

    let run = if problem.rules.complementary {
        complete_pattern(&prep, &mut statuses, &sensitive, SuppressionReason::Complementary);
        complete(&prep, &mut statuses, &baseline, &sensitive, &mut cache)?
    } else {
        run_audit(&prep, &statuses, &baseline, &mut cache, Rows::Report)?
    };
    let audit_passed = run.report.passed;
    Ok(ProtectionOutcome {
        counts: SuppressionCounts::from_statuses(&statuses),
        statuses,
        audit: run.report,
        audit_passed,
    })
}

/// Audit-and-fix loop on statuses that already satisfy the pattern rules.
/// Separate from `protect` so tests can start it from a hand-made pattern.
pub(crate) fn complete(
    prep: &Prepared<'_>,
    statuses: &mut [Status],
    baseline: &[Status],
    sensitive: &[bool],
    cache: &mut AuditCache,
) -> Result<AuditRun, PrivacyError> {
    // The first round may start from a hand-made pattern (tests), so its
    // pattern step looks at every relation; later rounds start from the
    // previous round's fixed point and look only behind the fixes.
    let mut first = true;
    loop {
        let run = run_audit(prep, statuses, baseline, cache, Rows::Skip)?;
        let fixed = if run.report.passed { Vec::new() } else { fix_round(prep, statuses, &run) };
        if fixed.is_empty() {
            // The last round again, with its rows: every component comes
            // from the cache, so no LP runs twice.
            return run_audit(prep, statuses, baseline, cache, Rows::Report);
        }
        if first {
            complete_pattern(prep, statuses, sensitive, SuppressionReason::Complementary);
        } else {
            complete_pattern_after(prep, statuses, sensitive, SuppressionReason::Complementary, &fixed);
        }
        first = false;
    }
}

/// Suppresses one more cell for each failing component: the preferred
/// published cell (see `candidate_order`) in a relation of the lowest exposed
/// cell, or failing that in any relation of the component. Returns the
/// cells it suppressed.
fn fix_round(prep: &Prepared<'_>, statuses: &mut [Status], run: &AuditRun) -> Vec<usize> {
    let cells_of = |relations: &mut dyn Iterator<Item = usize>| -> Vec<usize> {
        relations.filter_map(|r| prep.relations.get(r)).flatten().map(|t| t.cell).collect()
    };
    let mut added = Vec::new();
    for &(ci, cell) in &run.failing {
        let near = cells_of(&mut prep.cell_relations.get(cell).into_iter().flatten().copied());
        let pick = pick_candidate(prep, statuses, near.into_iter()).or_else(|| {
            let comp = run.components.get(ci)?;
            let wide = cells_of(&mut comp.relations.iter().copied());
            pick_candidate(prep, statuses, wide.into_iter())
        });
        if let Some(c) = pick {
            if let Some(slot) = statuses.get_mut(c) {
                *slot = Status::suppressed(SuppressionReason::AuditFix);
                added.push(c);
            }
        }
    }
    added
}
