//! Which suppressed cells a local witness LP may move (see
//! `lp::local_witness`).
//!
//! Why: a cell can only move when other cells move against it along a cycle
//! of relations — in a two-way table the rectangle of the cell, a partner in
//! its row, one in its column and the cell that closes both. Plain
//! breadth-first growth fills its budget with the first cells of a long
//! column and seldom holds such a cycle, so the small LP failed and the
//! large one ran (measured: 1,000 areas × 20 groups, one year, did not finish
//! in 10 minutes). Here the shortest cycles through the target come first,
//! then the budget is filled breadth-first as before. Which cells are chosen
//! never affects soundness: every local LP keeps all other cells at their
//! true values, so each solution is a feasible point of the whole system.

use std::collections::HashMap;

/// Which relations (rows) each variable of a component is in, and the
/// variables of each relation.
pub(crate) struct Incidence {
    pub rows_of: Vec<Vec<usize>>,
    pub vars_of: Vec<Vec<usize>>,
    /// For each row, the first row over the same set of variables. The
    /// atom model states many relations twice (a count and its atoms); the
    /// search treats such twins as one relation, or every variable of a
    /// twin would look like a cycle of length two.
    pub canonical: Vec<usize>,
}

impl Incidence {
    /// Builds the incidence from each row's variables.
    pub fn new(k: usize, vars_of: Vec<Vec<usize>>) -> Self {
        let mut rows_of = vec![Vec::new(); k];
        let mut first: HashMap<Vec<usize>, usize> = HashMap::new();
        let mut canonical = Vec::with_capacity(vars_of.len());
        for (r, vars) in vars_of.iter().enumerate() {
            for &j in vars {
                if let Some(list) = rows_of.get_mut(j) {
                    list.push(r);
                }
            }
            let mut key = vars.clone();
            key.sort_unstable();
            key.dedup();
            canonical.push(*first.entry(key).or_insert(r));
        }
        Incidence { rows_of, vars_of, canonical }
    }

    /// The rows of `v` the search walks: one of each set of twins.
    fn search_rows(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        self.rows_of
            .get(v)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&r| self.canonical.get(r).copied() == Some(r))
    }
}

/// Most relation entries one search may scan: keeps a search on a huge
/// component from costing more than the LP it prepares.
const SCAN_LIMIT: usize = 200_000;

const UNSEEN: usize = usize::MAX;

/// Search state of one target.
struct Search<'a> {
    inc: &'a Incidence,
    target: usize,
    /// Relation of the target each variable was reached through.
    branch: Vec<usize>,
    parent: Vec<usize>,
    via: Vec<usize>,
    dist: Vec<usize>,
    chosen: Vec<bool>,
    out: Vec<usize>,
    limit: usize,
}

impl Search<'_> {
    fn branch_of(&self, v: usize) -> usize {
        self.branch.get(v).copied().unwrap_or(UNSEEN)
    }

    fn choose(&mut self, v: usize) {
        if self.out.len() >= self.limit {
            return;
        }
        if let Some(slot) = self.chosen.get_mut(v) {
            if !*slot {
                *slot = true;
                self.out.push(v);
            }
        }
    }

    /// Adds the path from `v` back to the target.
    fn choose_path(&mut self, mut v: usize) {
        let mut steps = 0;
        while v != self.target && v != UNSEEN && steps <= self.branch.len() {
            self.choose(v);
            v = self.parent.get(v).copied().unwrap_or(UNSEEN);
            steps += 1;
        }
    }

    fn full(&self) -> bool {
        self.out.len() >= self.limit
    }
}

/// Up to `limit` variables around `target`, the target first: the
/// variables of the shortest cycles through it, then the rest in order of
/// distance.
///
/// Distances are Dijkstra's with a relation's size as the cost of crossing
/// it. That keeps a relation that merely sums others (a year's grand total
/// holds every variable) from making everything adjacent: the rectangle
/// through a row and a column is found before the shortcut through the
/// total. Every variable is labelled with the relation of the target it
/// was reached through; where two labels meet in a relation that the
/// target is not in, a cycle closes.
pub(crate) fn cycle_first(inc: &Incidence, target: usize, limit: usize) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let k = inc.rows_of.len();
    let mut s = Search {
        inc,
        target,
        branch: vec![UNSEEN; k],
        parent: vec![UNSEEN; k],
        via: vec![UNSEEN; k],
        dist: vec![UNSEEN; k],
        chosen: vec![false; k],
        out: Vec::new(),
        limit: limit.max(1),
    };
    s.choose(target);
    if let Some(d) = s.dist.get_mut(target) {
        *d = 0;
    }
    let mut expander: HashMap<usize, usize> = HashMap::new();
    let mut heap = BinaryHeap::new();
    let mut settled_order = Vec::new();
    let mut settled = vec![false; k];
    let mut scanned = 0usize;
    heap.push(Reverse((0usize, target)));
    while let Some(Reverse((d, u))) = heap.pop() {
        if s.full() || scanned > SCAN_LIMIT {
            break;
        }
        match settled.get_mut(u) {
            Some(done) if !*done && s.dist.get(u) == Some(&d) => *done = true,
            _ => continue,
        }
        settled_order.push(u);
        let bu = s.branch_of(u);
        let via_u = s.via.get(u).copied().unwrap_or(UNSEEN);
        for r in s.inc.search_rows(u) {
            if r == via_u {
                continue;
            }
            if let Some(&e) = expander.get(&r) {
                if e != target && s.branch_of(e) != bu {
                    s.choose_path(u);
                    s.choose_path(e);
                }
                continue;
            }
            expander.insert(r, u);
            let vars = s.inc.vars_of.get(r).map(Vec::as_slice).unwrap_or(&[]);
            let nd = d.saturating_add(vars.len());
            for &w in vars {
                scanned += 1;
                if w == u || settled.get(w).copied().unwrap_or(true) {
                    continue;
                }
                if nd < s.dist.get(w).copied().unwrap_or(0) {
                    let branch = if u == target { r } else { bu };
                    if let (Some(dw), Some(bw), Some(pw), Some(vw)) =
                        (s.dist.get_mut(w), s.branch.get_mut(w), s.parent.get_mut(w), s.via.get_mut(w))
                    {
                        *dw = nd;
                        *bw = branch;
                        *pw = u;
                        *vw = r;
                    }
                    heap.push(Reverse((nd, w)));
                }
            }
        }
    }
    for v in settled_order {
        if s.full() {
            break;
        }
        s.choose(v);
    }
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-way table of `rows × cols` variables (all suppressed), one
    /// relation per row and per column.
    fn grid(rows: usize, cols: usize) -> Incidence {
        let var = |i: usize, j: usize| i * cols + j;
        let mut vars_of = Vec::new();
        for i in 0..rows {
            vars_of.push((0..cols).map(|j| var(i, j)).collect());
        }
        for j in 0..cols {
            vars_of.push((0..rows).map(|i| var(i, j)).collect());
        }
        Incidence::new(rows * cols, vars_of)
    }

    #[test]
    fn the_rectangle_through_the_target_comes_first() {
        // 2 × 40 would put 39 row partners first breadth-first; the first
        // four chosen must already be a rectangle: target (0,0), a row
        // partner (0,j), the column partner (1,0) and the closing (1,j).
        let inc = grid(2, 40);
        let got = cycle_first(&inc, 0, 4);
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], 0);
        assert!(got.contains(&40), "{got:?}");
        let j = got.iter().copied().find(|&v| (1..40).contains(&v)).expect("a row partner");
        assert!(got.contains(&(40 + j)), "{got:?}");
    }

    #[test]
    fn a_long_column_does_not_crowd_out_the_cycle() {
        // Target (0,0) in a 200 × 3 table: breadth-first, 199 column partners
        // fill a budget of 8; the cycle needs (0,j), (i,0) and (i,j).
        let inc = grid(200, 3);
        let got = cycle_first(&inc, 0, 8);
        let rowmate = got.iter().copied().find(|&v| v == 1 || v == 2).expect("row partner");
        let closing = got.iter().any(|&v| v % 3 == rowmate && v / 3 > 0 && got.contains(&(v - rowmate)));
        assert!(closing, "{got:?}");
    }

    #[test]
    fn twin_relations_are_no_cycles() {
        // Every relation stated twice: the rectangle must still come first.
        let mut inc = grid(2, 40);
        let twins = inc.vars_of.clone();
        inc = Incidence::new(80, inc.vars_of.into_iter().chain(twins).collect());
        let got = cycle_first(&inc, 0, 4);
        let j = got.iter().copied().find(|&v| (1..40).contains(&v)).expect("a row partner");
        assert!(got.contains(&40) && got.contains(&(40 + j)), "{got:?}");
    }

    #[test]
    fn a_budget_larger_than_the_component_takes_everything_once() {
        let inc = grid(3, 3);
        let mut got = cycle_first(&inc, 4, 100);
        got.sort_unstable();
        assert_eq!(got, (0..9).collect::<Vec<_>>());
    }
}
