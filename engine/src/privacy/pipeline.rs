//! The pipeline behind [`protect`]: primary step, pattern step, audit,
//! audit fixes.

use serde::{Deserialize, Serialize};

use super::audit::{run_audit, AuditCache, AuditReport, AuditRun, Rows};
use super::blocks::{each, split};
use super::directed_fix::cells_to_hide;
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
///
/// Independent blocks (see `blocks.rs`) are protected side by side; the
/// outcome is the same as protecting the whole at once.
pub fn protect(problem: &SdcProblem) -> Result<ProtectionOutcome, PrivacyError> {
    let blocks = match split(problem) {
        Some(blocks) if blocks.len() > 1 => blocks,
        _ => return protect_block(problem),
    };
    let outcomes = each(&blocks, |b| protect_block(&b.problem));
    let mut statuses = vec![Status::Published; problem.cells.len()];
    let mut audit = AuditReport {
        rows: Vec::new(),
        unsafe_published: Vec::new(),
        components: 0,
        infeasible_components: 0,
        lp_solves: 0,
        passed: true,
    };
    for (block, outcome) in blocks.iter().zip(outcomes) {
        let outcome = match outcome {
            Ok(o) => o,
            // Errors name cells and relations by their index: the whole
            // problem again gives them in the caller's numbering.
            Err(_) => return protect_block(problem),
        };
        let global = |id: CellId| CellId(block.cells.get(id.0).copied().unwrap_or(usize::MAX));
        for (&c, s) in block.cells.iter().zip(&outcome.statuses) {
            if let Some(slot) = statuses.get_mut(c) {
                *slot = *s;
            }
        }
        let report = outcome.audit;
        audit.rows.extend(report.rows.into_iter().map(|mut row| {
            row.cell = global(row.cell);
            row
        }));
        audit.unsafe_published.extend(report.unsafe_published.into_iter().map(global));
        audit.components += report.components;
        audit.infeasible_components += report.infeasible_components;
        audit.lp_solves += report.lp_solves;
        audit.passed &= report.passed;
    }
    audit.rows.sort_by_key(|row| row.cell);
    audit.unsafe_published.sort();
    let audit_passed = audit.passed;
    Ok(ProtectionOutcome {
        counts: SuppressionCounts::from_statuses(&statuses),
        statuses,
        audit,
        audit_passed,
    })
}

/// [`protect`] on one block.
pub(crate) fn protect_block(problem: &SdcProblem) -> Result<ProtectionOutcome, PrivacyError> {
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
        let fixed = if run.report.passed { Vec::new() } else { directed_round(prep, statuses, &run, cache) };
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

/// Suppresses, for every exposed cell, the cells that let it move by its
/// protection margin in each direction it is pinned (see `directed_fix`).
/// Falls back to [`fix_round`] when that hides nothing new, so every round
/// still suppresses at least one cell while any is left.
///
/// Each move's point `truth + δ` is handed to the audit as a witness: on a
/// component too large for the exact LP, the audit's small neighbourhoods
/// can miss a cycle that the move found, and would report the cell exposed
/// again (fail closed) round after round.
fn directed_round(
    prep: &Prepared<'_>,
    statuses: &mut [Status],
    run: &AuditRun,
    cache: &mut AuditCache,
) -> Vec<usize> {
    let mut added = Vec::new();
    for e in &run.exposed {
        let value = if prep.is_missing(e.cell) { 0.0 } else { prep.value(e.cell) };
        let tol = 1e-6 * value.max(1.0);
        let mut moves = Vec::with_capacity(2);
        if e.hi < e.need_hi - tol {
            moves.push(e.need_hi - value);
        }
        if e.lo > e.need_lo + tol {
            moves.push(e.need_lo - value);
        }
        for delta in moves {
            let Some(found) = cells_to_hide(prep, statuses, e.cell, delta) else {
                continue;
            };
            for &c in &found.hide {
                if let Some(slot) = statuses.get_mut(c).filter(|s| s.is_published()) {
                    *slot = Status::suppressed(SuppressionReason::AuditFix);
                    added.push(c);
                }
            }
            if found.witness {
                cache.note_witness(e.cell, value + delta);
            }
        }
    }
    if added.is_empty() {
        return fix_round(prep, statuses, run);
    }
    added
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
