//! Empty atoms that the public cannot rule out (LEAKS.md L2, „5 of 5“).
//!
//! The pass only sees atoms that hold rows. When every person of a rate's
//! base in a district is also in its numerator („all 5 foreigners of the
//! labour force in Bezirk 1 are unemployed“), numerator and denominator
//! cover the same atoms, privacy sees one cell, and the complement 0 — the
//! disclosure itself — is nowhere in the model. A reader only knows the
//! definitions, not which combinations happen to be empty; so for such a
//! cell kimon adds the *possible* empty atom „in the base, not in the
//! numerator“ as an unknown of value 0. The complement is then a cell of its
//! own, primary-tested like any small count.
//!
//! An empty atom may only be added when it is logically possible, or the
//! audit would trust an unknown the reader knows to be 0. It is built by
//! transplanting a real row: the group slots and filter truth values of a
//! real atom anywhere in the source (a real row has them together), with
//! the year and area codes of the cell. That is a possible row exactly when
//! no filter, group rule or `let` they read looks at the year or an area
//! column — otherwise no empty atom is added (the model then keeps knowing
//! the zero, which only makes the audit stricter, never weaker).
//!
//! For the ledger an empty atom gets a synthetic row hash derived from what
//! it means (year, codes, groups, filter texts with their truth values), so
//! a later run with the same rulebook finds it in the same ledger class and
//! earlier published cells that contained it keep containing it.

use super::atoms::{Atom, SourceAtoms};
use super::expr::Slot;
use super::plan::SourcePlan;
use super::{AreaKey, IndicatorTable};
use crate::model::SourceKind;
use indexmap::IndexMap;
use rustc_hash::FxHashMap;

/// Adds the possible empty atoms of `source` to its atom table and, when a
/// ledger is used, to its row record. Returns how many were added.
pub fn add(plan: &SourcePlan, atoms: &mut SourceAtoms, tables: &IndexMap<String, IndicatorTable>) -> usize {
    if plan.kind != SourceKind::Microdata || plan.wide.is_some() || reads_year_or_area(plan) {
        return 0;
    }
    let wanted = wanted(plan, atoms, tables);
    if wanted.is_empty() {
        return 0;
    }
    let n_quant = atoms.quantities.len();
    let tracks_largest = atoms.atoms.first().is_some_and(|a| !a.largest.is_empty());
    let mut added = 0;
    for (year, codes, slots, pass) in wanted {
        let hash = synthetic_hash(plan, year, &codes, &slots, &pass);
        let ledger_class = plan.ledger.as_ref().map_or(u32::MAX, |v| v.class_of(year, hash));
        let index = atoms.atoms.len() as u32;
        atoms.atoms.push(Atom {
            year,
            codes,
            slots,
            passes: pass,
            values: vec![0.0; n_quant],
            rows: 0,
            key_sum: Default::default(),
            ledger_class,
            largest: if tracks_largest { vec![[0.0; super::atoms::LARGEST]; n_quant] } else { Vec::new() },
        });
        if let Some(track) = atoms.track.as_mut() {
            track.row_atom.insert(hash, index);
        }
        added += 1;
    }
    added
}

fn passes(a: &Atom, measure: usize) -> bool {
    a.passes.get(measure).copied().unwrap_or(false)
}

/// An empty atom to add: year, area codes, group slots, filter truths.
type Wanted = (i32, Vec<String>, Vec<usize>, Vec<bool>);

/// For every cell of a rate from this source whose base lies wholly in its
/// numerator (complement 0, numerator > 0): one possible atom inside the
/// cell's base and outside its numerator — the slots and truth values of a
/// real such atom whose groups fit the cell, placed in the year and area of
/// a real atom of the cell.
fn wanted(plan: &SourcePlan, atoms: &SourceAtoms, tables: &IndexMap<String, IndicatorTable>) -> Vec<Wanted> {
    let mut by_year: FxHashMap<i32, Vec<usize>> = FxHashMap::default();
    for (i, a) in atoms.atoms.iter().enumerate() {
        by_year.entry(a.year).or_default().push(i);
    }
    let mut by_code: FxHashMap<(usize, i32, &str), Vec<usize>> = FxHashMap::default();
    for (i, a) in atoms.atoms.iter().enumerate() {
        for (k, c) in a.codes.iter().enumerate() {
            by_code.entry((k, a.year, c.as_str())).or_default().push(i);
        }
    }
    let mut out: IndexMap<Wanted, ()> = IndexMap::new();
    for t in tables.values() {
        let (Some(num), Some(den)) = (&t.num_def, &t.den_def) else { continue };
        if num.source != plan.id || den.source != plan.id || num.measure == den.measure {
            continue;
        }
        // Distinct real patterns in the base and outside the numerator.
        let mut patterns: IndexMap<(&[usize], &[bool]), ()> = IndexMap::new();
        for a in &atoms.atoms {
            if passes(a, den.measure) && !passes(a, num.measure) {
                patterns.insert((a.slots.as_slice(), a.passes.as_slice()), ());
            }
        }
        if patterns.is_empty() {
            continue;
        }
        for key in t.cells.keys() {
            let candidates = match (&key.area, den.area) {
                (AreaKey::Unit(code), Some(a)) => by_code.get(&(a, key.year, code.as_str())),
                _ => by_year.get(&key.year),
            };
            let mut first_base: Option<&Atom> = None;
            let mut complement = false;
            for a in candidates.into_iter().flatten().filter_map(|&i| atoms.atoms.get(i)) {
                if !den.contains(a, key) {
                    continue;
                }
                first_base.get_or_insert(a);
                if !passes(a, num.measure) {
                    complement = true;
                    break;
                }
            }
            let Some(t_atom) = first_base.filter(|_| !complement) else { continue };
            let fits = |slots: &[usize]| {
                den.dims.iter().zip(&key.groups).all(|((d, sels), g)| {
                    let slot = slots.get(*d).copied().unwrap_or(usize::MAX);
                    sels.iter().any(|(k, s)| k == g && s.contains(&slot))
                })
            };
            let Some(((slots, pass), ())) = patterns.iter().find(|((slots, _), ())| fits(slots)) else {
                continue;
            };
            out.insert((key.year, t_atom.codes.clone(), slots.to_vec(), pass.to_vec()), ());
        }
    }
    out.into_keys().collect()
}

/// Whether a filter, a group rule or a `let` they read looks at the year
/// column or an area column (then a row cannot be moved to another year or
/// area without changing what the filters say about it).
fn reads_year_or_area(plan: &SourcePlan) -> bool {
    let mut forbidden: Vec<usize> = Vec::new();
    if plan.year_const.is_none() {
        forbidden.push(plan.year_field);
    }
    for a in &plan.areas {
        forbidden.push(a.field);
        if let Some(l) = a.let_slot {
            forbidden.extend(plan.let_fields(l));
        }
    }
    let mut slots: Vec<Slot> = Vec::new();
    for m in &plan.measures {
        if let Some(f) = &m.filter {
            f.slots(&mut slots);
        }
    }
    for d in &plan.dims {
        for (_, node) in &d.when {
            node.slots(&mut slots);
        }
    }
    slots.iter().any(|s| match *s {
        Slot::Field(f) => forbidden.contains(&f),
        Slot::Let(l) => plan.let_fields(l).iter().any(|f| forbidden.contains(f)),
    })
}

/// A row hash for the ledger that names the empty atom by its meaning, so
/// the same rulebook finds it again; a different rulebook (other filters)
/// names it differently and is treated as not knowing it (conservative).
fn synthetic_hash(plan: &SourcePlan, year: i32, codes: &[String], slots: &[usize], pass: &[bool]) -> u64 {
    let mut text = format!("kimon-empty-atom\u{1f}{}\u{1f}{year}", plan.id);
    for c in codes {
        text.push('\u{1f}');
        text.push_str(c);
    }
    for (d, s) in plan.dims.iter().zip(slots) {
        text.push('\u{1f}');
        text.push_str(&d.id);
        text.push('=');
        text.push_str(d.base_ids.get(*s).map_or("", String::as_str));
    }
    for (m, p) in plan.measures.iter().zip(pass) {
        text.push('\u{1f}');
        text.push_str(&m.filter_expr.as_ref().map(kimon_grammar::format::expr_to_string).unwrap_or_default());
        text.push(if *p { '1' } else { '0' });
    }
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}
