//! The ledger after a run: earlier entries it did not touch, and for every
//! source year it published from, the refined partition of the rows with
//! the earlier cells and this run's published cells.

use super::store::{Ledger, LedgerCell, RunRecord, YearEntry};
use crate::eval::{AreaKey, CellKey, Evaluation};
use crate::model::Model;
use crate::publish::{AtomIndex, Part, Published, Shown};
use indexmap::IndexMap;
use rustc_hash::FxHashMap;

/// The new ledger and what this run added to it.
pub struct Recorded {
    pub ledger: Ledger,
    /// Cells this run added (published for the first time).
    pub new_cells: usize,
}

/// One published number of this run, located in the atom index.
struct Shown1 {
    identity: usize,
    label: String,
    value: f64,
}

/// Builds the ledger that includes this run. `at` is the time of the run
/// (seconds since 1970), `rulebook` how the user named it.
pub fn record(
    old: &Ledger,
    model: &Model,
    eval: &Evaluation,
    index: &AtomIndex,
    published: &Published,
    rulebook: &str,
    at: u64,
) -> Recorded {
    let run = old.next_run();
    let mut runs = old.runs.clone();
    runs.push(RunRecord { run, rulebook: rulebook.to_string(), at });
    let shown = this_runs_cells(model, index, published);
    let mut superseded = vec![false; old.years.len()];
    let mut fresh = Vec::new();
    let mut new_cells = 0;
    for (s, (source_id, atoms)) in eval.atoms.iter().enumerate() {
        let Some(track) = &atoms.track else { continue };
        let file = eval.stats.iter().find(|st| &st.source == source_id).map_or("", |st| st.file.as_str());
        if let Some(view) = eval.ledger_views.get(source_id) {
            for &(e, _) in &view.entries {
                let Some(entry) = old.years.get(e) else { continue };
                if track.years.get(&entry.year).is_some_and(|p| p.fingerprint() == entry.fingerprint) {
                    if let Some(x) = superseded.get_mut(e) {
                        *x = true;
                    }
                }
            }
        }
        let atom_class = index.atom_class.get(s).map_or(&[][..], Vec::as_slice);
        for (&year, print) in &track.years {
            // This year's classes, numbered in atom order (deterministic).
            let mut local: FxHashMap<u32, u32> = FxHashMap::default();
            for (a, atom) in atoms.atoms.iter().enumerate() {
                if atom.year != year {
                    continue;
                }
                if let Some(Some(c)) = atom_class.get(a) {
                    let next = local.len() as u32;
                    local.entry(*c).or_insert(next);
                }
            }
            let to_local = |classes: &[u32]| -> Option<Vec<u32>> {
                let mut v: Vec<u32> = classes.iter().map(|c| local.get(c).copied()).collect::<Option<_>>()?;
                v.sort_unstable();
                Some(v)
            };
            let mut cells: IndexMap<(String, Vec<u32>), LedgerCell> = IndexMap::new();
            for r in index.ledger_cells.iter().filter(|r| r.source == s) {
                let Some(old_cell) = old.years.get(r.entry).and_then(|e| e.cells.get(r.cell)) else {
                    continue;
                };
                let Some(entry) = old.years.get(r.entry) else { continue };
                if entry.year != year {
                    continue;
                }
                let Some(classes) = to_local(&r.classes) else { continue };
                cells
                    .entry((old_cell.quantity.clone(), classes.clone()))
                    .or_insert_with(|| LedgerCell { classes, ..old_cell.clone() });
            }
            for c in &shown {
                let Some(identity) = index.identity(c.identity) else { continue };
                if identity.source != s || identity.classes.is_empty() {
                    continue;
                }
                if identity.classes.iter().any(|k| index.class_year.get(*k as usize) != Some(&year)) {
                    continue;
                }
                let Some(classes) = to_local(&identity.classes) else { continue };
                let quantity = atoms.quantity_names.get(identity.quantity).cloned().unwrap_or_default();
                if let indexmap::map::Entry::Vacant(v) = cells.entry((quantity.clone(), classes.clone())) {
                    new_cells += 1;
                    v.insert(LedgerCell { run, label: c.label.clone(), quantity, classes, value: c.value });
                }
            }
            if cells.is_empty() {
                continue;
            }
            let mut rows: Vec<(u64, u32)> = track
                .row_atom
                .iter()
                .filter_map(|(h, a)| {
                    let atom = atoms.atoms.get(*a as usize)?;
                    if atom.year != year {
                        return None;
                    }
                    let class = (*atom_class.get(*a as usize)?)?;
                    Some((*h, *local.get(&class)?))
                })
                .collect();
            rows.sort_unstable();
            fresh.push(YearEntry {
                source: source_id.clone(),
                file: file.to_string(),
                year,
                fingerprint: print.fingerprint(),
                rows: print.rows,
                classes: local.len() as u32,
                row_classes: YearEntry::encode_rows(&rows),
                cells: cells.into_values().collect(),
            });
        }
    }
    let mut years: Vec<YearEntry> =
        old.years.iter().zip(&superseded).filter(|(_, s)| !**s).map(|(e, _)| e.clone()).collect();
    years.extend(fresh);
    let ledger = Ledger { notice: super::NOTICE.into(), schema: super::SCHEMA.into(), runs, years };
    Recorded { ledger, new_cells }
}

/// Every count this run published exactly: numerators and denominators of
/// cells shown with a value, of indicators protected by suppression (a
/// public source needs no record; perturbed counts are not exact sums).
fn this_runs_cells(model: &Model, index: &AtomIndex, published: &Published) -> Vec<Shown1> {
    let mut out = Vec::new();
    for (id, table) in &published.tables {
        let Some(ind) = model.indicators.get(id) else { continue };
        if crate::publish::is_public(model, ind) || ind.privacy.cell_key_params().is_some() {
            continue;
        }
        for (key, cell) in &table.cells {
            let parts = [(Part::Numerator, Some(cell.numerator)), (Part::Denominator, cell.denominator)];
            for (part, shown) in parts {
                let (Some(Shown::Value(value)), Some(identity)) = (shown, index.identity_of(id, part, key))
                else {
                    continue;
                };
                out.push(Shown1 { identity, label: label(id, part, key, &table.dims), value });
            }
        }
    }
    out
}

fn label(id: &str, part: Part, key: &CellKey, dims: &[String]) -> String {
    let area = match &key.area {
        AreaKey::Total => "insgesamt".to_string(),
        AreaKey::Unit(c) => c.clone(),
    };
    let groups: Vec<String> =
        dims.iter().zip(&key.groups).filter_map(|(d, g)| g.as_ref().map(|g| format!("{d}={g}"))).collect();
    let part = match part {
        Part::Numerator => "Zähler",
        Part::Denominator => "Nenner",
    };
    format!("{id} {part} {} {area} {}", key.year, groups.join(" ")).trim_end().to_string()
}
