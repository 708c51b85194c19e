//! Identifying rows and source years across runs by content.

use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Hash of a row's fields (after unquoting and trimming, so quoting style
/// does not matter). 128 bits: the low 64 identify the row in the ledger,
/// all 128 enter the year's fingerprint.
#[inline]
pub fn row_hash(fields: &[&str], buf: &mut Vec<u8>) -> u128 {
    buf.clear();
    for f in fields {
        buf.extend_from_slice(f.as_bytes());
        buf.push(0x1f);
    }
    xxhash_rust::xxh3::xxh3_128(buf)
}

/// Order-independent fingerprint of a year's rows: their number and the
/// wrapping sum of their hashes. Equal multisets of rows give equal prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct YearPrint {
    pub rows: u64,
    pub sum: u128,
}

impl YearPrint {
    #[inline]
    pub fn add(&mut self, h: u128) {
        self.rows += 1;
        self.sum = self.sum.wrapping_add(h);
    }

    pub fn merge(&mut self, o: YearPrint) {
        self.rows += o.rows;
        self.sum = self.sum.wrapping_add(o.sum);
    }

    pub fn fingerprint(&self) -> String {
        format!("xxh3-128-sum:{:032x}:{}", self.sum, self.rows)
    }
}

/// What the pass records for the ledger: each year's print and the atom of
/// every row (by its 64-bit hash; identical rows share their atom).
#[derive(Debug, Default, Clone)]
pub struct RowTrack {
    pub years: BTreeMap<i32, YearPrint>,
    pub row_atom: FxHashMap<u64, u32>,
    pub buf: Vec<u8>,
}

impl RowTrack {
    /// Adds another worker's rows; `remap[old atom] = new atom`.
    pub fn merge(&mut self, other: RowTrack, remap: &[u32]) {
        for (y, p) in other.years {
            self.years.entry(y).or_default().merge(p);
        }
        for (h, a) in other.row_atom {
            self.row_atom.insert(h, remap.get(a as usize).copied().unwrap_or(a));
        }
    }

    /// Applies a renumbering of the atoms (`perm[old] = new`).
    pub fn renumber(&mut self, perm: &[u32]) {
        for a in self.row_atom.values_mut() {
            *a = perm.get(*a as usize).copied().unwrap_or(*a);
        }
    }
}
