//! Complementary (secondary) suppression by pattern rules.
//!
//! Cheap local rules that make the LP audit pass almost always, so that the
//! expensive audit-fix loop rarely runs. See the module docs for the rules.

use std::collections::{BTreeSet, VecDeque};

use super::prepared::Prepared;
use super::status::{Status, SuppressionReason};

/// Whether a relation still reveals too much under `statuses`.
///
/// `sensitive[c]` marks cells whose own value must be protected.
pub(crate) fn relation_needs_more(
    prep: &Prepared<'_>,
    statuses: &[Status],
    sensitive: &[bool],
    r: usize,
) -> bool {
    let Some(terms) = prep.pattern.get(r) else {
        return false;
    };
    let is_supp = |c: usize| statuses.get(c).is_some_and(Status::is_suppressed);
    let suppressed: Vec<_> = terms.iter().filter(|t| is_supp(t.cell)).collect();
    match suppressed.len() {
        0 => return false,
        1 => return true,
        _ => {}
    }
    let is_sens = |c: usize| sensitive.get(c).copied().unwrap_or(false);

    // Singleton rule: the one contributor of a singleton cell knows its
    // value, so with only one other suppressed cell he can compute that one.
    if let [a, b] = suppressed.as_slice() {
        let single_sens = |c: usize| is_sens(c) && is_singleton(prep, c);
        if (single_sens(a.cell) && is_sens(b.cell)) || (single_sens(b.cell) && is_sens(a.cell)) {
            return true;
        }
    }

    // Sub-sum rule: if all suppressed cells enter with the same coefficient,
    // the published cells reveal their sum, which must itself be publishable.
    let Some(first) = suppressed.first() else {
        return false;
    };
    let coef = first.coef;
    if suppressed.iter().all(|t| t.coef == coef) {
        let published: f64 =
            terms.iter().filter(|t| !is_supp(t.cell)).map(|t| t.coef as f64 * prep.value(t.cell)).sum();
        let sum = -published / coef as f64;
        if sum >= -1e-9 {
            let sum = sum.max(0.0);
            let contributors = suppressed.iter().try_fold(0u64, |acc, t| {
                let cell = prep.problem.cells.get(t.cell)?;
                acc.checked_add(cell.contributors?)
            });
            // Sums of amounts: the revealed sum's largest contributions are
            // the largest of its parts'.
            let mut largest: Vec<f64> = suppressed
                .iter()
                .filter_map(|t| prep.problem.cells.get(t.cell))
                .flat_map(|c| c.largest.iter().copied())
                .collect();
            largest.sort_by(|a, b| b.total_cmp(a));
            largest.truncate(super::rules::LARGEST_KEPT);
            if prep.problem.rules.cell_reason(sum, contributors, &largest).is_some() {
                return true;
            }
        }
    }
    false
}

/// A cell known to stem from exactly one person / respondent.
pub(crate) fn is_singleton(prep: &Prepared<'_>, cell: usize) -> bool {
    prep.problem.cells.get(cell).is_some_and(|c| match c.contributors {
        Some(n) => n == 1,
        None => c.value == 1.0,
    })
}

/// Deterministic preference among published candidates, best first:
/// 1. non-zero before zero (hiding a 0 adds no uncertainty to a sum);
/// 2. inner cells before top totals (see `Prepared::top_total`): a report
///    without its city-wide values is of little use, whereas one more hidden
///    district or group is what readers of suppressed tables expect;
/// 3. fewest *new exposures*: pattern relations of the candidate that are
///    still fully published and would get exactly one suppressed cell, each
///    of which forces a further suppression (cascade);
/// 4. smallest value (least information lost);
/// 5. fewest relations overall;
/// 6. lowest cell id.
///
/// Putting step 2 before the value roughly halves the complementary cells
/// on area × group tables (it finds the 2×2 "rectangle" instead of walking
/// up the hierarchy) and lowers the hidden total value too.
pub(crate) fn pick_candidate(
    prep: &Prepared<'_>,
    statuses: &[Status],
    cells: impl Iterator<Item = usize>,
) -> Option<usize> {
    let published = |c: usize| statuses.get(c).is_some_and(Status::is_published);
    // A cell published by an earlier run cannot be taken back.
    let fixed = |c: usize| prep.problem.cells.get(c).is_some_and(|cell| cell.published_before);
    let mut candidates: Vec<usize> = cells.filter(|&c| published(c) && !fixed(c)).collect();
    candidates.sort_unstable();
    candidates.dedup();
    // Steps 1 and 2 are cheap and come first in the order, so the costly
    // step 3 is only counted for the candidates that tie on them (a fix
    // round on a table of 21,000 cells took 350 ms per pick before).
    let cheap = |c: usize| (prep.value(c) == 0.0, prep.is_top_total(c));
    let best = candidates.iter().map(|&c| cheap(c)).min()?;
    candidates.retain(|&c| cheap(c) == best);
    // Memo per call, by relation index: large relations are shared by many
    // candidates. 0 = not yet looked at, 1 = fully published, 2 = not.
    let mut fully_published = vec![0u8; prep.pattern.len()];
    let mut new_exposures = |c: usize| -> usize {
        let mut n = 0;
        for &r in prep.pattern_cell_relations.get(c).into_iter().flatten() {
            let Some(memo) = fully_published.get_mut(r) else {
                continue;
            };
            if *memo == 0 {
                let open = prep.pattern.get(r).is_some_and(|terms| terms.iter().all(|t| published(t.cell)));
                *memo = if open { 1 } else { 2 };
            }
            n += usize::from(*memo == 1);
        }
        n
    };
    candidates
        .into_iter()
        .map(|c| ((new_exposures(c), prep.relation_count(c)), c))
        .min_by(|((ea, ra), a), ((eb, rb), b)| {
            ea.cmp(eb).then_with(|| prep.value(*a).total_cmp(&prep.value(*b))).then(ra.cmp(rb)).then(a.cmp(b))
        })
        .map(|(_, c)| c)
}

/// Runs the pattern rules to a fixed point, suppressing further cells with
/// `reason`. Returns how many cells were added.
///
/// A FIFO work list of relations starts with every relation in index order;
/// whenever a cell is suppressed, all its other relations are queued again.
/// Suppression is monotone, so this terminates after at most one addition
/// per cell. A relation that needs more but has nothing left to suppress is
/// left to the audit.
pub(crate) fn complete_pattern(
    prep: &Prepared<'_>,
    statuses: &mut [Status],
    sensitive: &[bool],
    reason: SuppressionReason,
) -> usize {
    let n_rel = prep.pattern.len();
    let mut queue: VecDeque<usize> = (0..n_rel).collect();
    let mut queued = vec![true; n_rel];
    let mut added = 0;
    while let Some(r) = queue.pop_front() {
        if let Some(q) = queued.get_mut(r) {
            *q = false;
        }
        added += settle(prep, statuses, sensitive, reason, r, |o| requeue(&mut queue, &mut queued, o));
    }
    added
}

/// [`complete_pattern`] after `changed` cells were suppressed in statuses
/// that were at its fixed point: the same additions in the same order, but
/// only the relations of the changed cells are looked at instead of all
/// (on a year-wide table each audit-fix round re-ran every relation).
///
/// It replays the full run: that run's first pass visits relations in
/// index order, and only those holding a changed cell — or one suppressed
/// during the pass — can need more, so the pass is a sorted set of them; a
/// relation hit behind the pass position goes to the FIFO, as there.
pub(crate) fn complete_pattern_after(
    prep: &Prepared<'_>,
    statuses: &mut [Status],
    sensitive: &[bool],
    reason: SuppressionReason,
    changed: &[usize],
) -> usize {
    let n_rel = prep.pattern.len();
    let mut pass: BTreeSet<usize> = changed
        .iter()
        .flat_map(|&c| prep.pattern_cell_relations.get(c).into_iter().flatten().copied())
        .collect();
    let mut queue = VecDeque::new();
    let mut queued = vec![false; n_rel];
    let mut added = 0;
    while let Some(r) = pass.pop_first() {
        added += settle(prep, statuses, sensitive, reason, r, |o| {
            if o > r {
                pass.insert(o);
            } else {
                requeue(&mut queue, &mut queued, o);
            }
        });
    }
    while let Some(r) = queue.pop_front() {
        if let Some(q) = queued.get_mut(r) {
            *q = false;
        }
        added += settle(prep, statuses, sensitive, reason, r, |o| requeue(&mut queue, &mut queued, o));
    }
    added
}

fn requeue(queue: &mut VecDeque<usize>, queued: &mut [bool], o: usize) {
    if let Some(q) = queued.get_mut(o) {
        if !*q {
            *q = true;
            queue.push_back(o);
        }
    }
}

/// Suppresses cells of relation `r` until it needs no more (or nothing is
/// left to suppress); `touched` gets every other relation of each cell
/// suppressed. Returns how many cells were added.
fn settle(
    prep: &Prepared<'_>,
    statuses: &mut [Status],
    sensitive: &[bool],
    reason: SuppressionReason,
    r: usize,
    mut touched: impl FnMut(usize),
) -> usize {
    let mut added = 0;
    while relation_needs_more(prep, statuses, sensitive, r) {
        let Some(terms) = prep.pattern.get(r) else {
            break;
        };
        let Some(cell) = pick_candidate(prep, statuses, terms.iter().map(|t| t.cell)) else {
            break;
        };
        let Some(slot) = statuses.get_mut(cell) else {
            break;
        };
        *slot = Status::suppressed(reason);
        added += 1;
        for &other in prep.pattern_cell_relations.get(cell).into_iter().flatten() {
            if other != r {
                touched(other);
            }
        }
    }
    added
}
