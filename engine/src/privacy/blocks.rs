//! Independent blocks of a protection problem, protected side by side.
//!
//! Cells that share no relation and no rate, directly or through others,
//! cannot tell anything about each other: years never share a relation, and
//! neither do tables of different sources. Protecting each block on its
//! own gives exactly the statuses of protecting the whole (every step —
//! primary rules, pattern rules, audit, audit fixes — works relation by
//! relation or component by component, and cell order is kept inside a
//! block), but the blocks run in parallel and each audit-fix round only
//! looks at its own block.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::lp::{find, union};
use super::problem::{CellId, RatePair, Relation, SdcProblem};

/// One block: its cells (global ids, ascending) and the problem on them,
/// with cells renumbered in the same order.
pub(crate) struct Block {
    pub cells: Vec<usize>,
    pub problem: SdcProblem,
}

/// Splits `problem` into its blocks, ordered by their smallest cell.
/// Cells in no relation and no rate form one block together, so a table
/// without relations is not split into thousands of one-cell problems.
/// `None` when a relation or rate names a cell that does not exist: the
/// whole problem then goes to validation, which reports it.
pub(crate) fn split(problem: &SdcProblem) -> Option<Vec<Block>> {
    let n = problem.cells.len();
    let ids = problem
        .relations
        .iter()
        .flat_map(|r| std::iter::once(r.total).chain(r.parts.iter().copied()))
        .chain(problem.rates.iter().flat_map(|r| [r.numerator, r.denominator]));
    if ids.into_iter().any(|id| id.0 >= n) {
        return None;
    }
    let mut parent: Vec<usize> = (0..n).collect();
    let mut linked = vec![false; n];
    let mut link = |parent: &mut Vec<usize>, a: usize, b: usize| {
        if a < n && b < n {
            union(parent, a, b);
            linked[a] = true;
            linked[b] = true;
        }
    };
    for rel in &problem.relations {
        for p in &rel.parts {
            link(&mut parent, rel.total.0, p.0);
        }
    }
    for rate in &problem.rates {
        link(&mut parent, rate.numerator.0, rate.denominator.0);
    }
    // Loose cells join the first loose cell's block.
    let loose_root = (0..n).find(|&c| !linked[c]);
    let mut block_of_root = vec![usize::MAX; n];
    let mut cells_of: Vec<Vec<usize>> = Vec::new();
    let mut block_of = vec![0usize; n];
    for c in 0..n {
        let root = if linked[c] { find(&mut parent, c) } else { loose_root.unwrap_or(c) };
        let slot = &mut block_of_root[root];
        if *slot == usize::MAX {
            *slot = cells_of.len();
            cells_of.push(Vec::new());
        }
        block_of[c] = *slot;
        cells_of[*slot].push(c);
    }
    let mut local = vec![0usize; n];
    for cells in &cells_of {
        for (i, &c) in cells.iter().enumerate() {
            local[c] = i;
        }
    }
    let mut blocks: Vec<Block> = cells_of
        .into_iter()
        .map(|cells| {
            let mut sub = SdcProblem::new(problem.rules.clone());
            sub.cells = cells.iter().map(|&c| problem.cells[c].clone()).collect();
            Block { cells, problem: sub }
        })
        .collect();
    let to_local = |c: CellId| CellId(local[c.0]);
    for rel in &problem.relations {
        if rel.total.0 >= n || rel.parts.iter().any(|p| p.0 >= n) {
            continue;
        }
        blocks[block_of[rel.total.0]].problem.relations.push(Relation {
            total: to_local(rel.total),
            parts: rel.parts.iter().map(|&p| to_local(p)).collect(),
            kind: rel.kind,
        });
    }
    for rate in &problem.rates {
        if rate.numerator.0 >= n || rate.denominator.0 >= n {
            continue;
        }
        blocks[block_of[rate.numerator.0]]
            .problem
            .rates
            .push(RatePair { numerator: to_local(rate.numerator), denominator: to_local(rate.denominator) });
    }
    Some(blocks)
}

/// Runs `work` on every block, on as many threads as the machine offers,
/// and returns the results in block order (so the outcome does not depend
/// on which thread finished first).
pub(crate) fn each<T: Send>(blocks: &[Block], work: impl Fn(&Block) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(blocks.len()).max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(blocks.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(block) = blocks.get(i) else { break };
                let out = work(block);
                results.lock().unwrap_or_else(|e| e.into_inner()).push((i, out));
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, t)| t).collect()
}
