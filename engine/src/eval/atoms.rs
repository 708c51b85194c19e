//! The atom table: the finest partition of a source that the whole
//! publication induces.
//!
//! Two rows fall into the same atom when they agree on the year, on the code
//! of every area column in use, on the base group of every dimension in use
//! and on the truth value of every measure filter in use. Every count or sum
//! that kimon publishes from a source is a sum over atoms, so complements,
//! overlapping filters, derived groups, nested areas, shared totals and
//! numerators inside their denominators all become linear relations over the
//! same non-negative unknowns without anybody having to list them. Privacy
//! (`publish/atom_index.rs`) reads this table; nothing else may need a row.
//!
//! The pass fills an [`AtomAcc`] per thread (keys are dense ids, so the hot
//! loop does not allocate for a known atom); [`AtomAcc::finish`] resolves the
//! ids into years and codes.

use super::pass::YaDict;
use super::plan::{MeasureValue, SourcePlan};
use crate::privacy::cellkey::{KeySum, RecordKey};
use rustc_hash::FxHashMap;

/// One atom of a source: which rows it holds and what they add up to.
#[derive(Debug, Clone, PartialEq)]
pub struct Atom {
    pub year: i32,
    /// Code of each area column of the plan, in plan order.
    pub codes: Vec<String>,
    /// Base-group slot of each dimension of the plan (`n_base` = no group).
    pub slots: Vec<usize>,
    /// Whether the rows pass each measure's filter, in plan order.
    pub passes: Vec<bool>,
    /// Sum per quantity (see [`SourceAtoms::quantities`]) over the rows whose
    /// value is known.
    pub values: Vec<f64>,
    /// Rows in the atom.
    pub rows: u64,
    /// Sum of the rows' record keys (cell key method), in units of 1e-8
    /// modulo 1; 0 when the source has no record keys.
    pub key_sum: KeySum,
    /// Ledger class of the rows (`ledger/`), `u32::MAX` for none or when no
    /// ledger is used.
    pub ledger_class: u32,
    /// Per quantity, the largest absolute row values (descending, zeros
    /// for fewer rows), for the magnitude rules; only for column sums over
    /// person-level data, empty otherwise.
    pub largest: Vec<[f64; LARGEST]>,
}

/// Largest contributions kept per atom (see `privacy::LARGEST_KEPT`).
pub const LARGEST: usize = crate::privacy::LARGEST_KEPT;

/// Inserts `v` into a descending top list.
#[inline]
pub fn push_largest(top: &mut [f64; LARGEST], v: f64) {
    let v = v.abs();
    if v <= top[LARGEST - 1] {
        return;
    }
    let mut i = LARGEST - 1;
    while i > 0 && top[i - 1] < v {
        top[i] = top[i - 1];
        i -= 1;
    }
    top[i] = v;
}

/// What a measure adds up: rows, or one column.
pub type Quantity = MeasureValue;

/// All atoms of one source, in a deterministic order.
#[derive(Debug, Clone, Default)]
pub struct SourceAtoms {
    pub source: String,
    /// Distinct quantities of the source's measures.
    pub quantities: Vec<Quantity>,
    /// Quantity index of each measure of the plan.
    pub measure_quantity: Vec<usize>,
    /// Each quantity as the ledger names it: `count` or `sum:<column>`.
    pub quantity_names: Vec<String>,
    pub atoms: Vec<Atom>,
    /// The pass's row record for the ledger, atoms renumbered to `atoms`.
    pub track: Option<crate::ledger::RowTrack>,
}

/// Per-thread accumulator keyed by the pass's dense ids.
#[derive(Default, Clone)]
pub struct AtomAcc {
    index: FxHashMap<Box<[u32]>, u32>,
    keys: Vec<Box<[u32]>>,
    /// `quantities` values per atom, flattened.
    values: Vec<f64>,
    rows: Vec<u64>,
    key_sums: Vec<KeySum>,
    /// Largest contributions per atom and quantity, when `track_largest`.
    largest: Vec<[f64; LARGEST]>,
    track_largest: bool,
    n_quant: usize,
}

/// The quantities of a plan and the quantity of each measure.
pub fn quantities(plan: &SourcePlan) -> (Vec<Quantity>, Vec<usize>) {
    let mut qs: Vec<Quantity> = Vec::new();
    let mut of = Vec::with_capacity(plan.measures.len());
    for m in &plan.measures {
        let i = match qs.iter().position(|q| *q == m.value) {
            Some(i) => i,
            None => {
                qs.push(m.value);
                qs.len() - 1
            }
        };
        of.push(i);
    }
    (qs, of)
}

impl AtomAcc {
    /// `track_largest`: keep each atom's largest row values (column sums
    /// over persons, for the magnitude rules).
    pub fn new(n_quant: usize, track_largest: bool) -> Self {
        AtomAcc { n_quant, track_largest, ..Self::default() }
    }

    /// The atom of `key`, created on first sight.
    #[inline]
    pub fn slot(&mut self, key: &[u32]) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i as usize;
        }
        let i = self.keys.len();
        self.index.insert(key.into(), i as u32);
        self.keys.push(key.into());
        self.values.resize(self.values.len() + self.n_quant, 0.0);
        self.rows.push(0);
        self.key_sums.push(KeySum::default());
        if self.track_largest {
            self.largest.resize(self.largest.len() + self.n_quant, [0.0; LARGEST]);
        }
        i
    }

    #[inline]
    pub fn add_key(&mut self, atom: usize, key: RecordKey) {
        if let Some(k) = self.key_sums.get_mut(atom) {
            k.add(key);
        }
    }

    #[inline]
    pub fn add_row(&mut self, atom: usize) {
        if let Some(r) = self.rows.get_mut(atom) {
            *r += 1;
        }
    }

    /// Adds `n` rows at once (an atom counted by a database).
    pub fn add_rows(&mut self, atom: usize, n: u64) {
        if let Some(r) = self.rows.get_mut(atom) {
            *r += n;
        }
    }

    /// Adds a sum computed elsewhere (a database) without taking it for
    /// one row's value; its rows' largest values come via [`Self::add_largest`].
    pub fn add_sum(&mut self, atom: usize, quantity: usize, v: f64) {
        if let Some(x) = self.values.get_mut(atom * self.n_quant + quantity) {
            *x += v;
        }
    }

    /// Records row values among an atom's largest (magnitude rules).
    pub fn add_largest(&mut self, atom: usize, quantity: usize, values: &[f64]) {
        if let Some(top) = self.largest.get_mut(atom * self.n_quant + quantity) {
            for v in values {
                push_largest(top, *v);
            }
        }
    }

    #[inline]
    pub fn add_value(&mut self, atom: usize, quantity: usize, v: f64) {
        if let Some(x) = self.values.get_mut(atom * self.n_quant + quantity) {
            *x += v;
        }
        if self.track_largest {
            if let Some(top) = self.largest.get_mut(atom * self.n_quant + quantity) {
                push_largest(top, v);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Merges another thread's atoms; `remap[d][old]` gives the new (year,
    /// code) id of dictionary `d` (the first `n_dicts` key entries are ids).
    /// Returns where each of `other`'s atoms went.
    pub fn merge(&mut self, other: &AtomAcc, remap: &[Vec<u32>]) -> Vec<u32> {
        let mut key: Vec<u32> = Vec::new();
        let mut moved = Vec::with_capacity(other.keys.len());
        for (i, k) in other.keys.iter().enumerate() {
            key.clear();
            key.extend_from_slice(k);
            for (d, map) in remap.iter().enumerate() {
                if let Some(id) = key.get_mut(d) {
                    *id = map.get(*id as usize).copied().unwrap_or(*id);
                }
            }
            let a = self.slot(&key);
            moved.push(a as u32);
            if let (Some(r), Some(o)) = (self.rows.get_mut(a), other.rows.get(i)) {
                *r += *o;
            }
            if let (Some(k), Some(o)) = (self.key_sums.get_mut(a), other.key_sums.get(i)) {
                k.merge(*o);
            }
            for q in 0..self.n_quant {
                let v = other.values.get(i * other.n_quant + q).copied().unwrap_or(0.0);
                if let Some(x) = self.values.get_mut(a * self.n_quant + q) {
                    *x += v;
                }
                if let (Some(top), Some(theirs)) =
                    (self.largest.get_mut(a * self.n_quant + q), other.largest.get(i * other.n_quant + q))
                {
                    for &t in theirs {
                        push_largest(top, t);
                    }
                }
            }
        }
        moved
    }

    /// Resolves dense ids into years and codes. Key layout (see the pass):
    /// one (year, code) id per dictionary (area plans, then "no area"), one
    /// slot per dimension, then the filter bits in 32-bit words.
    /// Also returns the new position of every atom (`perm[old] = new`), for
    /// the ledger's row record.
    pub fn finish(self, plan: &SourcePlan, dicts: &[YaDict]) -> (SourceAtoms, Vec<u32>) {
        let (quantities, measure_quantity) = quantities(plan);
        let n_dicts = plan.areas.len() + 1;
        let n_dims = plan.dims.len();
        let words = plan.measures.len().div_ceil(32);
        let mut atoms = Vec::with_capacity(self.keys.len());
        let mut origin: Vec<usize> = Vec::with_capacity(self.keys.len());
        for (i, key) in self.keys.iter().enumerate() {
            let ya = |d: usize| -> Option<(i32, &str)> {
                let dict = dicts.get(d)?;
                let &(year, code) = dict.ya_keys.get(*key.get(d)? as usize)?;
                Some((year, dict.code_names.get(code as usize)?.as_str()))
            };
            let Some((year, _)) = ya(n_dicts - 1) else { continue };
            let codes =
                (0..plan.areas.len()).map(|d| ya(d).map_or(String::new(), |(_, c)| c.to_string())).collect();
            let slots = (0..n_dims).map(|k| key.get(n_dicts + k).copied().unwrap_or(0) as usize).collect();
            let passes = (0..plan.measures.len())
                .map(|m| {
                    let word = key.get(n_dicts + n_dims + m / 32).copied().unwrap_or(0);
                    word & (1 << (m % 32)) != 0
                })
                .collect();
            let values = (0..self.n_quant)
                .map(|q| self.values.get(i * self.n_quant + q).copied().unwrap_or(0.0))
                .collect();
            atoms.push(Atom {
                year,
                codes,
                slots,
                passes,
                values,
                rows: self.rows.get(i).copied().unwrap_or(0),
                key_sum: self.key_sums.get(i).copied().unwrap_or_default(),
                largest: (0..self.n_quant)
                    .filter(|_| self.track_largest)
                    .map(|q| self.largest.get(i * self.n_quant + q).copied().unwrap_or([0.0; LARGEST]))
                    .collect(),
                ledger_class: match plan.ledger {
                    Some(_) => key.get(n_dicts + n_dims + words).copied().unwrap_or(u32::MAX),
                    None => u32::MAX,
                },
            });
            origin.push(i);
        }
        // Thread scheduling decides insertion order: sort for determinism.
        let mut order: Vec<usize> = (0..atoms.len()).collect();
        let sort_key =
            |a: &Atom| (a.year, a.codes.clone(), a.slots.clone(), a.passes.clone(), a.ledger_class);
        order.sort_by_cached_key(|&i| atoms.get(i).map(sort_key));
        let mut perm = vec![u32::MAX; self.keys.len()];
        let mut sorted = Vec::with_capacity(atoms.len());
        for (new, &i) in order.iter().enumerate() {
            if let Some(&old) = origin.get(i) {
                if let Some(p) = perm.get_mut(old) {
                    *p = new as u32;
                }
            }
            if let Some(a) = atoms.get(i) {
                sorted.push(a.clone());
            }
        }
        let quantity_names = quantities
            .iter()
            .map(|q| match q {
                Quantity::One => "count".to_string(),
                Quantity::Field(f) => format!("sum:{}", plan.header.get(*f).map_or("", String::as_str)),
            })
            .collect();
        let atoms = SourceAtoms {
            source: plan.id.clone(),
            quantities,
            measure_quantity,
            quantity_names,
            atoms: sorted,
            track: None,
        };
        (atoms, perm)
    }
}
