//! Local witness LPs that did not cover their cell, kept across audit rounds.
//!
//! A local LP (see `lp::local_witness`) fixes every variable outside a
//! neighbourhood at its true value, so it is fully determined by the target,
//! the direction, and the neighbourhood as a sequence of cells: the rows are
//! the relations holding those cells (in relation order), and a cell
//! suppressed since the last round that lies outside the neighbourhood only
//! moves from a published constant to a variable fixed at the same true
//! value. An exposed cell whose neighbourhood did not change therefore gets
//! the same answer again — and on a year-wide component every exposed cell
//! was re-solved in every round while the fix loop hid one cell elsewhere
//! (three quarters of the LP time on 1,000 areas × 20 groups was spent in
//! such repeats of the largest neighbourhood).
//!
//! Only points that left their cell exposed are kept: a covering point puts
//! the cell into the audit's witness cache, which is never asked again.

use std::collections::HashMap;

/// Key: (cell, maximise, neighbourhood size limit).
type Key = (usize, bool, usize);

/// A remembered local LP: the neighbourhood (global cell ids, in the order
/// the LP used them) and the point found on it (`None` when the local LP had
/// no solution).
struct Entry {
    cells: Vec<usize>,
    point: Option<Vec<f64>>,
}

#[derive(Default)]
pub(crate) struct WitnessMemo {
    entries: HashMap<Key, Entry>,
}

impl WitnessMemo {
    /// The remembered answer when the neighbourhood is the same sequence of
    /// cells: `Some(point)` (values on those cells, or `None` for no
    /// solution); `None` when the LP must run.
    pub(crate) fn recall(&self, key: Key, cells: &[usize]) -> Option<Option<&[f64]>> {
        let entry = self.entries.get(&key)?;
        (entry.cells == cells).then_some(entry.point.as_deref())
    }

    /// Remembers an answer that left the cell exposed.
    pub(crate) fn remember(&mut self, key: Key, cells: Vec<usize>, point: Option<Vec<f64>>) {
        self.entries.insert(key, Entry { cells, point });
    }

    /// Forgets a cell once a point covers it in this direction.
    pub(crate) fn forget(&mut self, cell: usize, maximise: bool) {
        self.entries.retain(|&(c, m, _), _| !(c == cell && m == maximise));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_needs_the_same_neighbourhood_in_the_same_order() {
        let mut memo = WitnessMemo::default();
        memo.remember((7, true, 48), vec![7, 3, 9], Some(vec![5.0, 1.0, 2.0]));
        assert_eq!(memo.recall((7, true, 48), &[7, 3, 9]), Some(Some(&[5.0, 1.0, 2.0][..])));
        assert_eq!(memo.recall((7, true, 48), &[7, 9, 3]), None, "other order, other LP");
        assert_eq!(memo.recall((7, true, 48), &[7, 3, 9, 11]), None, "grown neighbourhood");
        assert_eq!(memo.recall((7, false, 48), &[7, 3, 9]), None, "other direction");
        assert_eq!(memo.recall((7, true, 400), &[7, 3, 9]), None, "other size");
        memo.remember((7, false, 48), vec![7], None);
        assert_eq!(memo.recall((7, false, 48), &[7]), Some(None));
        memo.forget(7, true);
        assert_eq!(memo.recall((7, true, 48), &[7, 3, 9]), None);
        assert_eq!(memo.recall((7, false, 48), &[7]), Some(None), "other direction kept");
    }
}
