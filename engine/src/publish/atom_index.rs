//! Published cells as sums of atom classes.
//!
//! Every numerator and denominator cell of every indicator is a set of atoms
//! of its source (`eval/atoms.rs`). Atoms that lie in exactly the same
//! published cells are indistinguishable for any reader, so they are merged
//! into one *class*; a cell is then a sum of classes. Two cells with the same
//! quantity and the same classes are the same number, whichever indicator,
//! filter text or dimension publishes them — this replaces matching cells by
//! the text of their measure, which missed complements, overlapping filters
//! and nested areas.

use crate::eval::{Atom, CellKey, Evaluation, SourceAtoms, TableDef};
use crate::ledger::Ledger;
use crate::privacy::cellkey::KeySum;
use indexmap::IndexMap;
use rustc_hash::FxHashMap;

/// Numerator or denominator of an indicator cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    Numerator,
    Denominator,
}

/// The identity of a published number: a source, a quantity and the classes
/// it sums.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identity {
    pub source: usize,
    pub quantity: usize,
    pub classes: Vec<u32>,
}

/// Classes and cell identities of a whole evaluation.
#[derive(Debug, Default)]
pub struct AtomIndex {
    /// Identities in first-seen order; the position is the identity's id.
    pub identities: IndexMap<Identity, ()>,
    /// Indicator cell → identity id.
    cell_identity: FxHashMap<(String, Part, CellKey), usize>,
    /// Value of each class per quantity: `class_values[class][quantity]`.
    pub class_values: Vec<Vec<f64>>,
    /// Rows of each class, and whether each quantity of its source is a
    /// plain row count (then the value is the number of persons).
    class_rows: Vec<u64>,
    class_counts_rows: Vec<Vec<bool>>,
    /// Sum of the record keys of each class (cell key method).
    class_keys: Vec<KeySum>,
    /// Largest contributions of each class per quantity (column sums over
    /// persons only; empty otherwise).
    class_largest: Vec<Vec<[f64; crate::eval::atoms::LARGEST]>>,
    /// Year of each class (a class lies in published cells, which are of
    /// one year each).
    pub class_year: Vec<i32>,
    /// Class of every atom, per source (in `eval.atoms` order).
    pub atom_class: Vec<Vec<Option<u32>>>,
    /// Cells of earlier runs (from the ledger) that this run's atoms resolve.
    pub ledger_cells: Vec<LedgerCellRef>,
}

/// A cell of an earlier publication, expressed in this run's classes.
#[derive(Debug, Clone)]
pub struct LedgerCellRef {
    pub source: usize,
    /// Index into `Ledger::years` and into that entry's cells.
    pub entry: usize,
    pub cell: usize,
    /// Its identity when this run has its quantity (then it is a relation
    /// for the audit); `None` otherwise (only carried forward).
    pub identity: Option<usize>,
    pub classes: Vec<u32>,
}

impl AtomIndex {
    /// The identity id of an indicator's numerator or denominator cell.
    pub fn identity_of(&self, indicator: &str, part: Part, key: &CellKey) -> Option<usize> {
        self.cell_identity.get(&(indicator.to_string(), part, key.clone())).copied()
    }

    pub fn identity(&self, id: usize) -> Option<&Identity> {
        self.identities.get_index(id).map(|(k, _)| k)
    }

    /// Persons behind a class's value when the value is not itself a count
    /// (a sum of weights or of a column); `None` for row counts.
    pub fn class_contributors(&self, class: u32, quantity: usize) -> Option<u64> {
        let counts = self.class_counts_rows.get(class as usize)?.get(quantity).copied().unwrap_or(true);
        (!counts).then(|| self.class_rows.get(class as usize).copied().unwrap_or(0))
    }

    /// The cell key of a published number: the sum of its records' keys,
    /// assembled from its classes, so it does not depend on how the cell
    /// was defined (filter text, dimension, indicator).
    pub fn key_sum(&self, identity: usize) -> KeySum {
        self.identity(identity)
            .map(|id| id.classes.iter().filter_map(|c| self.class_keys.get(*c as usize).copied()).sum())
            .unwrap_or_default()
    }

    /// The largest contributions of a class for a column sum over persons
    /// (descending); empty for counts and for other sources.
    pub fn class_largest(&self, class: u32, quantity: usize) -> Vec<f64> {
        if self.class_contributors(class, quantity).is_none() {
            return Vec::new();
        }
        self.class_largest
            .get(class as usize)
            .and_then(|t| t.get(quantity))
            .map(|t| t.iter().copied().filter(|v| *v > 0.0).collect())
            .unwrap_or_default()
    }

    /// The largest contributions of a published sum, from its classes.
    pub fn largest(&self, identity: usize) -> Vec<f64> {
        let Some(id) = self.identity(identity) else { return Vec::new() };
        let mut all: Vec<f64> = id.classes.iter().flat_map(|&c| self.class_largest(c, id.quantity)).collect();
        all.sort_by(|a, b| b.total_cmp(a));
        all.truncate(crate::eval::atoms::LARGEST);
        all
    }

    pub fn class_value(&self, class: u32, quantity: usize) -> f64 {
        self.class_values.get(class as usize).and_then(|v| v.get(quantity)).copied().unwrap_or(0.0)
    }

    /// Builds the index over every indicator table of an evaluation, and
    /// over the cells of earlier publications that the ledger holds.
    pub fn build(eval: &Evaluation, ledger: Option<&Ledger>) -> AtomIndex {
        let mut index = AtomIndex::default();
        for (s, (source_id, atoms)) in eval.atoms.iter().enumerate() {
            let earlier = ledger.map(|l| earlier_cells(l, eval, source_id, atoms)).unwrap_or_default();
            index.add_source(eval, s, source_id, atoms, &earlier);
        }
        index
    }

    fn add_source(
        &mut self,
        eval: &Evaluation,
        s: usize,
        source_id: &str,
        atoms: &SourceAtoms,
        earlier: &EarlierCells,
    ) {
        // Distinct table definitions of this source and the indicator parts using them.
        let mut defs: Vec<&TableDef> = Vec::new();
        let mut users: Vec<Vec<(&str, Part, &crate::eval::IndicatorTable)>> = Vec::new();
        for (ind, table) in &eval.tables {
            for (part, def) in [(Part::Numerator, &table.num_def), (Part::Denominator, &table.den_def)] {
                let Some(def) = def.as_ref().filter(|d| d.source == source_id) else { continue };
                let i = match defs.iter().position(|d| *d == def) {
                    Some(i) => i,
                    None => {
                        defs.push(def);
                        users.push(Vec::new());
                        defs.len() - 1
                    }
                };
                if let Some(u) = users.get_mut(i) {
                    u.push((ind.as_str(), part, table));
                }
            }
        }
        // Table cells ("tcells") per definition: the keys any user publishes.
        let mut tcell_of: FxHashMap<(usize, CellKey), u32> = FxHashMap::default();
        let mut tcell_def: Vec<usize> = Vec::new();
        for (d, list) in users.iter().enumerate() {
            for (_, _, table) in list {
                for key in table.cells.keys() {
                    let next = tcell_def.len() as u32;
                    if let std::collections::hash_map::Entry::Vacant(e) = tcell_of.entry((d, key.clone())) {
                        e.insert(next);
                        tcell_def.push(d);
                    }
                }
            }
        }
        // Earlier cells are tcells too, after this run's.
        let first_earlier = tcell_def.len() as u32;
        // Signature of each atom: the tcells containing it.
        let mut class_of_sig: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
        let n_tcells = tcell_def.len() + earlier.cells.len();
        let mut tcell_classes: Vec<Vec<u32>> = vec![Vec::new(); n_tcells];
        let first_class = self.class_values.len() as u32;
        let mut sig: Vec<u32> = Vec::new();
        let mut atom_class: Vec<Option<u32>> = Vec::with_capacity(atoms.atoms.len());
        for atom in &atoms.atoms {
            sig.clear();
            for (d, def) in defs.iter().enumerate() {
                for key in candidate_keys(def, atom) {
                    if let Some(&t) = tcell_of.get(&(d, key)) {
                        sig.push(t);
                    }
                }
            }
            for &j in earlier.by_class.get(&atom.ledger_class).into_iter().flatten() {
                sig.push(first_earlier + j as u32);
            }
            if sig.is_empty() {
                atom_class.push(None);
                continue;
            }
            sig.sort_unstable();
            sig.dedup();
            let class = match class_of_sig.get(&sig) {
                Some(&c) => c,
                None => {
                    let c = first_class + class_of_sig.len() as u32;
                    class_of_sig.insert(sig.clone(), c);
                    self.class_values.push(vec![0.0; atoms.quantities.len()]);
                    self.class_rows.push(0);
                    self.class_keys.push(KeySum::ZERO);
                    self.class_largest.push(
                        atoms
                            .quantities
                            .iter()
                            .filter(|_| !atom.largest.is_empty())
                            .map(|_| [0.0; crate::eval::atoms::LARGEST])
                            .collect(),
                    );
                    self.class_year.push(atom.year);
                    self.class_counts_rows.push(
                        atoms.quantities.iter().map(|q| *q == crate::eval::atoms::Quantity::One).collect(),
                    );
                    for &t in &sig {
                        if let Some(list) = tcell_classes.get_mut(t as usize) {
                            list.push(c);
                        }
                    }
                    c
                }
            };
            if let Some(r) = self.class_rows.get_mut(class as usize) {
                *r += atom.rows;
            }
            if let Some(k) = self.class_keys.get_mut(class as usize) {
                k.merge(atom.key_sum);
            }
            if let Some(tops) = self.class_largest.get_mut(class as usize) {
                for (top, theirs) in tops.iter_mut().zip(&atom.largest) {
                    for &t in theirs {
                        crate::eval::atoms::push_largest(top, t);
                    }
                }
            }
            if let Some(values) = self.class_values.get_mut(class as usize) {
                for (v, a) in values.iter_mut().zip(&atom.values) {
                    *v += a;
                }
            }
            atom_class.push(Some(class));
        }
        self.atom_class.push(atom_class);
        for (j, cell) in earlier.cells.iter().enumerate() {
            let classes = tcell_classes.get(first_earlier as usize + j).cloned().unwrap_or_default();
            let identity = atoms.quantity_names.iter().position(|q| *q == cell.quantity).map(|quantity| {
                let identity = Identity { source: s, quantity, classes: classes.clone() };
                match self.identities.get_index_of(&identity) {
                    Some(i) => i,
                    None => self.identities.insert_full(identity, ()).0,
                }
            });
            self.ledger_cells.push(LedgerCellRef {
                source: s,
                entry: cell.entry,
                cell: cell.cell,
                identity,
                classes,
            });
        }
        let mut ordered: Vec<(&(usize, CellKey), &u32)> = tcell_of.iter().collect();
        ordered.sort_by_key(|(_, t)| **t);
        for ((d, key), t) in ordered {
            let (Some(def), Some(list)) = (defs.get(*d), users.get(*d)) else { continue };
            let quantity = atoms.measure_quantity.get(def.measure).copied().unwrap_or(0);
            let classes = tcell_classes.get(*t as usize).cloned().unwrap_or_default();
            let identity = Identity { source: s, quantity, classes };
            let id = match self.identities.get_index_of(&identity) {
                Some(i) => i,
                None => self.identities.insert_full(identity, ()).0,
            };
            for (ind, part, table) in list {
                if table.cells.contains_key(key) {
                    self.cell_identity.insert((ind.to_string(), *part, key.clone()), id);
                }
            }
        }
    }
}

/// The earlier cells a source's atoms can resolve: those of ledger entries
/// whose year fingerprint equals this run's (the same rows), indexed by the
/// global ledger classes they sum.
#[derive(Default)]
struct EarlierCells {
    cells: Vec<EarlierCell>,
    by_class: FxHashMap<u32, Vec<usize>>,
}

struct EarlierCell {
    entry: usize,
    cell: usize,
    quantity: String,
}

fn earlier_cells(ledger: &Ledger, eval: &Evaluation, source_id: &str, atoms: &SourceAtoms) -> EarlierCells {
    let mut out = EarlierCells::default();
    let (Some(view), Some(track)) = (eval.ledger_views.get(source_id), atoms.track.as_ref()) else {
        return out;
    };
    for &(e, base) in &view.entries {
        let Some(entry) = ledger.years.get(e) else { continue };
        let same_rows = track.years.get(&entry.year).is_some_and(|p| p.fingerprint() == entry.fingerprint);
        if !same_rows {
            continue;
        }
        for (c, cell) in entry.cells.iter().enumerate() {
            let j = out.cells.len();
            out.cells.push(EarlierCell { entry: e, cell: c, quantity: cell.quantity.clone() });
            for &class in &cell.classes {
                out.by_class.entry(base.saturating_add(class)).or_default().push(j);
            }
        }
    }
    out
}

/// Every cell key of `def` that could contain `atom`: its year, its own area
/// unit and the total, and each selection containing its slot per dimension.
fn candidate_keys(def: &TableDef, atom: &Atom) -> Vec<CellKey> {
    if !atom.passes.get(def.measure).copied().unwrap_or(false) {
        return Vec::new();
    }
    let mut areas = Vec::with_capacity(2);
    match def.area {
        Some(a) => {
            let code = atom.codes.get(a).cloned().unwrap_or_default();
            if def.total_units.as_ref().is_none_or(|u| u.contains(&code)) {
                areas.push(crate::eval::AreaKey::Total);
            }
            areas.push(crate::eval::AreaKey::Unit(code));
        }
        None => areas.push(crate::eval::AreaKey::Total),
    }
    let mut combos: Vec<Vec<Option<String>>> = vec![Vec::new()];
    for (d, sels) in &def.dims {
        let slot = atom.slots.get(*d).copied().unwrap_or(usize::MAX);
        let keys: Vec<&Option<String>> =
            sels.iter().filter(|(_, slots)| slots.contains(&slot)).map(|(k, _)| k).collect();
        let mut next = Vec::with_capacity(combos.len() * keys.len());
        for c in &combos {
            for k in &keys {
                let mut c2 = c.clone();
                c2.push((*k).clone());
                next.push(c2);
            }
        }
        combos = next;
    }
    let mut out = Vec::with_capacity(areas.len() * combos.len());
    for area in &areas {
        for groups in &combos {
            out.push(CellKey { year: atom.year, area: area.clone(), groups: groups.clone() });
        }
    }
    out
}
