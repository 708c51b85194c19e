//! The LP audit: how well can the public still pin down each suppressed cell?
//!
//! Pattern rules only look at one relation at a time; the audit looks at all
//! of them together (see `lp.rs`) and compares each sensitive cell's feasible
//! interval with the required protection interval. It is the authority:
//! `protect` keeps suppressing until it passes.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::PrivacyError;
use super::lp::{component_bounds, components, Component};
use super::prepared::Prepared;
use super::primary::{primary_statuses, sensitive_cells};
use super::problem::{CellId, SdcProblem};
use super::status::{Status, SuppressionReason};
use super::witness_memo::WitnessMemo;

/// Audit result for one suppressed cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub cell: CellId,
    pub label: String,
    pub reason: SuppressionReason,
    /// True value (NaN-free: missing cells report 0).
    pub value: f64,
    /// Smallest value the public cannot rule out.
    pub lo: f64,
    /// Largest value the public cannot rule out; `+inf` (JSON `null`) when unbounded.
    #[serde(with = "infinite_as_null")]
    pub hi: f64,
    /// Required interval; equal to `[value, value]` (i.e. no requirement) for
    /// cells that are not themselves sensitive.
    pub required_lo: f64,
    pub required_hi: f64,
    /// Whether the cell's own value needs protection (primary or
    /// suppressed at source).
    pub sensitive: bool,
    pub protected: bool,
}

/// Audit of a whole publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditReport {
    /// One row per suppressed cell, ordered by cell id.
    pub rows: Vec<AuditRow>,
    /// Published cells that break a primary rule (or are forced); always
    /// empty after [`protect`](super::protect).
    pub unsafe_published: Vec<CellId>,
    /// Connected components of suppressed cells.
    pub components: usize,
    /// Components whose published values admit no solution; their sensitive
    /// cells are reported unprotected (fail closed).
    pub infeasible_components: usize,
    /// LPs solved to produce this report; after `protect` this includes
    /// the earlier audit rounds (unchanged components are never re-solved).
    pub lp_solves: usize,
    pub passed: bool,
}

/// Audits a publication decided elsewhere (e.g. `kimon audit` on stored
/// statuses). Sensitivity is re-derived from the rules, so a primary-unsafe
/// cell labelled `Complementary` is still checked.
pub fn audit(problem: &SdcProblem, statuses: &[Status]) -> Result<AuditReport, PrivacyError> {
    let prep = Prepared::new(problem)?;
    if statuses.len() != problem.cells.len() {
        return Err(PrivacyError::StatusCount { expected: problem.cells.len(), got: statuses.len() });
    }
    let baseline = primary_statuses(&prep);
    let mut cache = AuditCache::default();
    Ok(run_audit(&prep, statuses, &baseline, &mut cache, Rows::Report)?.report)
}

/// A component's cells and the bit patterns of its sensitive cells'
/// requirements.
type ComponentKey = (Vec<usize>, Vec<(u64, u64)>);

/// Component bounds keyed by the component's cell set. A component's LP is
/// fully determined by its cells: its relations are those touching them, and
/// a published cell in such a relation that became suppressed would have
/// joined the component. So unchanged components are never re-solved —
/// unless a requirement changed: a small-base numerator's requirement is
/// capped by its denominator only while that is published, so the key holds
/// the requirements too.
#[derive(Default)]
pub(crate) struct AuditCache {
    bounds: HashMap<ComponentKey, Option<Vec<(f64, f64)>>>,
    /// Sensitive cells whose protection interval a feasible point already
    /// covers, with the witnessed span.
    witnessed: HashMap<usize, (f64, f64)>,
    /// Local LPs that left their cell exposed, for the next round.
    memo: WitnessMemo,
    lp_solves: usize,
    /// Values of a cell proven feasible by the audit fixes' protection LPs
    /// (`directed_fix`): the span from the truth to each such value.
    moves: HashMap<usize, (f64, f64)>,
}

impl AuditCache {
    /// Records that `value` of `cell` is a point the public cannot exclude.
    /// Stays true for good: suppression only grows, which only adds points.
    pub(crate) fn note_witness(&mut self, cell: usize, value: f64) {
        let span = self.moves.entry(cell).or_insert((value, value));
        span.0 = span.0.min(value);
        span.1 = span.1.max(value);
    }

    /// `span` widened by the recorded moves of `cell` (both are sets of
    /// feasible values containing the truth, so their hull is feasible too:
    /// the polytope is convex).
    fn with_moves(&self, cell: usize, span: (f64, f64)) -> (f64, f64) {
        widen(&self.moves, cell, span)
    }
}

/// See [`AuditCache::with_moves`].
fn widen(moves: &HashMap<usize, (f64, f64)>, cell: usize, span: (f64, f64)) -> (f64, f64) {
    match moves.get(&cell) {
        Some(&(lo, hi)) => (span.0.min(lo), span.1.max(hi)),
        None => span,
    }
}

pub(crate) struct AuditRun {
    pub report: AuditReport,
    pub components: Vec<Component>,
    /// For each component with an unprotected cell: (component index,
    /// lowest unprotected cell).
    pub failing: Vec<(usize, usize)>,
    /// Every unprotected cell, in cell order, with what the public can
    /// still derive about it and what it needs.
    pub exposed: Vec<Exposed>,
}

/// An unprotected cell of an audit round.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Exposed {
    pub cell: usize,
    /// The interval the public can derive.
    pub lo: f64,
    pub hi: f64,
    /// The protection interval it needs.
    pub need_lo: f64,
    pub need_hi: f64,
}

/// Whether a round's report needs its rows: only the last round's report is
/// kept, and building a labelled row per suppressed cell in every fix round
/// was a large share of a round on year-wide components.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rows {
    Report,
    Skip,
}

pub(crate) fn run_audit(
    prep: &Prepared<'_>,
    statuses: &[Status],
    baseline: &[Status],
    cache: &mut AuditCache,
    want: Rows,
) -> Result<AuditRun, PrivacyError> {
    let sensitive = sensitive_cells(statuses, baseline);
    // A cell without a value cannot be a constant for the public, whatever
    // the caller's status says (it is also listed as unsafe below).
    let effective: Vec<Status> = statuses
        .iter()
        .enumerate()
        .map(|(c, s)| match s {
            Status::Published if prep.is_missing(c) => {
                Status::suppressed(SuppressionReason::Forced(super::problem::ForcedReason::Missing))
            }
            other => *other,
        })
        .collect();
    let given = statuses;
    let statuses = effective.as_slice();
    let comps = components(prep, statuses);
    // The cache keeps only this round's components: suppression only grows
    // and requirements only widen, so a component that changed never comes
    // back (keeping every round's made 10 years × 1,000 areas × 20 groups
    // peak at 6.6 GiB).
    let mut current: HashMap<ComponentKey, Option<Vec<(f64, f64)>>> = HashMap::new();
    let mut rows = Vec::new();
    let mut failing = Vec::new();
    let mut all_exposed = Vec::new();
    let mut infeasible_components = 0;
    for (ci, comp) in comps.iter().enumerate() {
        // Each sensitive cell's requirement, once per component and round
        // (`comp.cells` is sorted, so local indices come by binary search).
        let is_sensitive = |c: usize| sensitive.get(c).copied().unwrap_or(false);
        let need: Vec<Option<(f64, f64)>> = comp
            .cells
            .iter()
            .map(|&c| is_sensitive(c).then(|| required_for(prep, statuses, baseline, c)))
            .collect();
        let need_of =
            |c: usize| comp.cells.binary_search(&c).ok().and_then(|l| need.get(l).copied().flatten());
        let key = (
            comp.cells.clone(),
            need.iter().flatten().map(|(lo, hi)| (lo.to_bits(), hi.to_bits())).collect(),
        );
        let intervals = match cache.bounds.remove(&key) {
            Some(b) => {
                current.insert(key, b.clone());
                b
            }
            None => {
                // A witnessed interval stays valid when more cells are
                // suppressed (the old witness, extended by the newly hidden
                // cells' true values, is still feasible), so covered cells
                // are not asked again in later rounds — as long as it still
                // covers the cell's current requirement, which can widen
                // (a small base that was published and is now hidden).
                let witnessed = &cache.witnessed;
                let moves = &cache.moves;
                let required = |c: usize| {
                    let need = need_of(c)?;
                    let truth = (prep.value(c), prep.value(c));
                    let known = witnessed.get(&c).copied().unwrap_or(truth);
                    let covered = !prep.is_missing(c) && covers(prep, widen(moves, c, known), need, c);
                    (!covered).then_some(need)
                };
                let b = component_bounds(prep, statuses, comp, &required, &mut cache.memo)?;
                cache.lp_solves += b.lp_solves;
                let mut intervals = b.intervals;
                if let Some(iv) = intervals.as_mut() {
                    for ((slot, &c), need) in iv.iter_mut().zip(&comp.cells).zip(&need) {
                        // Witnesses are only kept for sensitive cells.
                        let Some(need) = *need else { continue };
                        match cache.witnessed.get(&c) {
                            Some(&known) if covers(prep, known, need, c) => *slot = known,
                            _ if covers(prep, *slot, need, c) => {
                                cache.witnessed.insert(c, *slot);
                            }
                            _ => {}
                        }
                    }
                }
                current.insert(key, intervals.clone());
                intervals
            }
        };
        if intervals.is_none() {
            infeasible_components += 1;
        }
        // Every exposed cell gets a fix in the same round: with latents a
        // year is often one large component, and one fix per round would
        // re-solve it once per exposed cell.
        let mut exposed = Vec::new();
        for (local, &c) in comp.cells.iter().enumerate() {
            if prep.is_latent(c) && !sensitive.get(c).copied().unwrap_or(false) {
                continue;
            }
            let missing = prep.is_missing(c);
            let value = if missing { 0.0 } else { prep.value(c) };
            let own_need = need.get(local).copied().flatten();
            let is_sensitive = own_need.is_some();
            let (lo, hi) = match intervals.as_ref().and_then(|iv| iv.get(local)) {
                Some(&b) => b,
                None if missing => (0.0, f64::INFINITY),
                None => (value, value),
            };
            let (lo, hi) =
                if missing || intervals.is_none() { (lo, hi) } else { cache.with_moves(c, (lo, hi)) };
            let (required_lo, required_hi) = if let Some(need) = own_need {
                need
            } else {
                // No requirement: the (trivially feasible) true value.
                // `max`/`min` rather than `clamp`, which panics on NaN.
                let v = value.max(lo).min(hi);
                (v, v)
            };
            let tol = 1e-6 * value.max(1.0);
            let covers = lo <= required_lo + tol && hi >= required_hi - tol;
            let protected = !is_sensitive || (intervals.is_some() && covers);
            if !protected {
                exposed.push(c);
                all_exposed.push(Exposed { cell: c, lo, hi, need_lo: required_lo, need_hi: required_hi });
            }
            if want == Rows::Skip {
                continue;
            }
            let cell = prep.problem.cells.get(c);
            rows.push(AuditRow {
                cell: CellId(c),
                label: cell.map(|c| c.label.clone()).unwrap_or_default(),
                reason: statuses.get(c).and_then(Status::reason).unwrap_or(SuppressionReason::Complementary),
                value,
                lo,
                hi,
                required_lo,
                required_hi,
                sensitive: is_sensitive,
                protected,
            });
        }
        // One fix per component and round (the lowest exposed cell): fixing
        // every exposed cell at once converged faster but could paint the
        // pattern into a corner with nothing left to hide (found by
        // `protect_is_always_safe`).
        failing.extend(exposed.into_iter().take(1).map(|c| (ci, c)));
    }
    cache.bounds = current;
    rows.sort_by_key(|row| row.cell);
    all_exposed.sort_by_key(|e| e.cell);
    let unsafe_published: Vec<CellId> = given
        .iter()
        .zip(baseline)
        .enumerate()
        .filter(|(_, (s, b))| s.is_published() && b.is_suppressed())
        .map(|(i, _)| CellId(i))
        .collect();
    let passed = failing.is_empty() && unsafe_published.is_empty();
    Ok(AuditRun {
        report: AuditReport {
            rows,
            unsafe_published,
            components: comps.len(),
            infeasible_components,
            lp_solves: cache.lp_solves,
            passed,
        },
        components: comps,
        failing,
        exposed: all_exposed,
    })
}

/// Whether a span of feasible values covers a requirement (with the
/// audit's float tolerance).
fn covers(prep: &Prepared<'_>, span: (f64, f64), need: (f64, f64), c: usize) -> bool {
    let tol = 1e-6 * prep.value(c).max(1.0);
    span.0 <= need.0 + tol && span.1 >= need.1 - tol
}

/// The protection interval a sensitive cell needs. A numerator hidden for
/// its small base next to a published denominator is known to lie in
/// `[0, denominator]` by everyone — publishing that base is allowed — so the
/// requirement is capped there instead of being unmeetable.
fn required_for(prep: &Prepared<'_>, statuses: &[Status], baseline: &[Status], c: usize) -> (f64, f64) {
    let rules = &prep.problem.rules;
    // A zero is publishable unless the rules say otherwise: a hidden zero
    // (e.g. a numerator hidden for its small base) needs no interval. Not
    // so a zero marked sensitive on purpose: the complement 0 of a positive
    // numerator says „all of the group“ (5 of 5 are unemployed).
    let sensitive_zero = prep
        .problem
        .cells
        .get(c)
        .is_some_and(|cell| cell.forced == Some(super::problem::ForcedReason::SensitiveLatent));
    if prep.value(c) == 0.0 && rules.zero_publishable && !prep.is_missing(c) && !sensitive_zero {
        return (0.0, 0.0);
    }
    let (lo, hi) = rules.protection.required_interval(prep.value(c));
    let small_base = matches!(
        baseline.get(c).and_then(Status::reason),
        Some(SuppressionReason::Primary(super::status::PrimaryReason::SmallBase))
    );
    if !small_base {
        return (lo, hi);
    }
    let cap = prep
        .denominators_of(c)
        .iter()
        .filter(|&&d| statuses.get(d).is_some_and(Status::is_published))
        .map(|&d| prep.value(d))
        .fold(f64::INFINITY, f64::min);
    (lo.min(cap), hi.min(cap).max(prep.value(c)))
}

impl fmt::Display for AuditReport {
    /// Plain-text table for `kimon audit`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "audit {}: {} suppressed cells in {} components, {} lps",
            if self.passed { "passed" } else { "FAILED" },
            self.rows.len(),
            self.components,
            self.lp_solves
        )?;
        for id in &self.unsafe_published {
            writeln!(f, "unsafe published cell {id}")?;
        }
        for row in &self.rows {
            let verdict = match (row.sensitive, row.protected) {
                (false, _) => "-",
                (true, true) => "ok",
                (true, false) => "EXPOSED",
            };
            writeln!(
                f,
                "{:>7} {:<24} {:<16} value {:>8} in [{}, {}] need [{}, {}] {}",
                row.cell.to_string(),
                row.label,
                reason_label(&row.reason),
                row.value,
                row.lo,
                row.hi,
                row.required_lo,
                row.required_hi,
                verdict
            )?;
        }
        Ok(())
    }
}

fn reason_label(reason: &SuppressionReason) -> &'static str {
    use super::problem::ForcedReason;
    use super::status::PrimaryReason;
    match reason {
        SuppressionReason::Primary(PrimaryReason::SmallCount) => "primary:small",
        SuppressionReason::Primary(PrimaryReason::Zero) => "primary:zero",
        SuppressionReason::Primary(PrimaryReason::SmallBase) => "primary:base",
        SuppressionReason::Primary(PrimaryReason::FewContributors) => "primary:contrib",
        SuppressionReason::Primary(PrimaryReason::Dominance) => "primary:dominance",
        SuppressionReason::Complementary => "complementary",
        SuppressionReason::AuditFix => "audit-fix",
        SuppressionReason::Forced(ForcedReason::SuppressedAtSource) => "forced:source",
        SuppressionReason::Forced(ForcedReason::Missing) => "forced:missing",
        SuppressionReason::Forced(ForcedReason::Latent) => "latent",
        SuppressionReason::Forced(ForcedReason::SensitiveLatent) => "latent:sensitive",
    }
}

/// JSON has no infinity; an unbounded `hi` is written as `null` and read back
/// as `+inf` so reports round-trip.
mod infinite_as_null {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        value.is_finite().then_some(*value).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
    }
}
