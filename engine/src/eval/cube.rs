//! From raw accumulators to published-shape tables: every group (base,
//! derived, dimension total) crossed with every area (units and total) and
//! year. Totals and derived groups are sums of their parts — never averages
//! of rates — and a total whose parts are not all available is marked
//! incomplete instead of being computed smaller.

use super::acc::Acc;
use super::pass::SourceResult;
use super::plan::{SourcePlan, TablePlan};
use crate::model::{Area, Dimension, GroupRuleDef, SourceKind};
use indexmap::IndexMap;
use serde::Serialize;

/// Which area a cell describes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum AreaKey {
    /// A unit of the hierarchy (district, member town).
    Unit(String),
    /// The total of the hierarchy (city, county), computed from the units.
    Total,
}

/// One group per dimension; `None` is the dimension's total.
pub type GroupCombo = Vec<Option<String>>;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CellKey {
    pub year: i32,
    pub area: AreaKey,
    pub groups: GroupCombo,
}

/// A finished table of one measure over dimensions × area × year.
#[derive(Debug, Clone)]
pub struct Cube {
    pub cells: IndexMap<CellKey, Acc>,
    pub years: Vec<i32>,
}

/// A selection within one dimension: which base slots it sums.
pub(crate) struct Sel {
    pub key: Option<String>,
    pub slots: Vec<usize>,
}

pub(crate) fn selections(dim: Option<&Dimension>, n_base: usize, base_ids: &[String]) -> Vec<Sel> {
    let mut out: Vec<Sel> =
        base_ids.iter().enumerate().map(|(i, id)| Sel { key: Some(id.clone()), slots: vec![i] }).collect();
    if let Some(d) = dim {
        for g in &d.groups {
            if let GroupRuleDef::Sum(parts) = &g.rule {
                let slots = parts.iter().filter_map(|p| base_ids.iter().position(|b| b == p)).collect();
                out.push(Sel { key: Some(g.id.clone()), slots });
            }
        }
    }
    out.push(Sel { key: None, slots: (0..=n_base).collect() });
    out
}

/// Builds the cube of one planned table.
pub fn build(
    plan: &SourcePlan,
    table_idx: usize,
    result: &SourceResult,
    dims: &[&Dimension],
    area: Option<&Area>,
) -> Cube {
    let table: &TablePlan = &plan.tables[table_idx];
    let raw = &result.tables[table_idx];
    let dict = &result.dicts[table.area.unwrap_or(plan.areas.len())];
    let aggregate = plan.kind == SourceKind::Aggregate;
    let sels: Vec<Vec<Sel>> = table
        .dims
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let dp = &plan.dims[*d];
            selections(dims.get(k).copied(), dp.n_base, &dp.base_ids)
        })
        .collect();
    let none_slots: Vec<usize> = table.dims.iter().map(|d| plan.dims[*d].n_base).collect();
    let mut years: Vec<i32> = dict.ya_keys.iter().map(|(y, _)| *y).collect();
    years.sort_unstable();
    years.dedup();
    // Units: declared ones in order, else the codes found, sorted.
    let units: Vec<String> = match area {
        Some(a) if !a.units.is_empty() => a.units.iter().map(|(c, _)| c.clone()).collect(),
        Some(_) => {
            let mut c = dict.code_names.clone();
            c.sort();
            c
        }
        None => vec![String::new()],
    };
    let combos = cartesian(&sels);
    let mut cells = IndexMap::new();
    for &year in &years {
        let mut unit_cells: Vec<Vec<Acc>> = Vec::with_capacity(units.len());
        for code in &units {
            let ya = dict
                .codes
                .get(code.as_bytes())
                .and_then(|c| dict.ya.get(&(((year as u32 as u64) << 32) | u64::from(*c))))
                .map(|i| *i as usize);
            let block = ya.and_then(|ya| raw.get(ya * table.block..(ya + 1) * table.block));
            let per_combo: Vec<Acc> = combos
                .iter()
                .map(|combo| sum_combo(block, table, &sels, combo, &none_slots, aggregate))
                .collect();
            unit_cells.push(per_combo);
        }
        for (ci, combo) in combos.iter().enumerate() {
            let groups: GroupCombo = combo.iter().enumerate().map(|(k, s)| sels[k][*s].key.clone()).collect();
            if area.is_some() {
                let mut total = Acc::default();
                for (u, code) in units.iter().enumerate() {
                    let c = unit_cells[u][ci];
                    if aggregate && c.rows == 0 {
                        total.incomplete = true;
                    }
                    total.merge(&c);
                    cells.insert(
                        CellKey { year, area: AreaKey::Unit(code.clone()), groups: groups.clone() },
                        c,
                    );
                }
                if total.missing.take().is_some() {
                    total.incomplete = true;
                }
                if area.is_some_and(|a| a.total.is_some()) {
                    cells.insert(CellKey { year, area: AreaKey::Total, groups }, total);
                }
            } else {
                cells.insert(CellKey { year, area: AreaKey::Total, groups }, unit_cells[0][ci]);
            }
        }
    }
    Cube { cells, years }
}

/// Sums the base slots a combination of selections covers.
fn sum_combo(
    block: Option<&[Acc]>,
    table: &TablePlan,
    sels: &[Vec<Sel>],
    combo: &[usize],
    none_slots: &[usize],
    aggregate: bool,
) -> Acc {
    let mut acc = Acc::default();
    let Some(block) = block else {
        if aggregate {
            acc.missing = Some(crate::data::MissingKind::NotAvailable);
        }
        return acc;
    };
    let slot_lists: Vec<&Vec<usize>> = combo.iter().enumerate().map(|(k, s)| &sels[k][*s].slots).collect();
    let mut idx = vec![0usize; slot_lists.len()];
    let mut parts = 0usize;
    let mut empty_parts = 0usize;
    loop {
        let mut offset = 0;
        let mut is_none_slot = false;
        for (k, list) in slot_lists.iter().enumerate() {
            let slot = list[idx[k]];
            is_none_slot |= slot == none_slots[k];
            offset += slot * table.strides[k];
        }
        if let Some(c) = block.get(offset) {
            if !is_none_slot {
                parts += 1;
                if c.rows == 0 {
                    empty_parts += 1;
                }
            }
            acc.merge(c);
        }
        // Advance the odometer.
        let mut k = slot_lists.len();
        loop {
            if k == 0 {
                if parts > 1 && acc.missing.take().is_some() {
                    acc.incomplete = true;
                }
                if aggregate && empty_parts > 0 {
                    if parts == 1 || acc.rows == 0 {
                        acc.missing.get_or_insert(crate::data::MissingKind::NotAvailable);
                    } else {
                        acc.incomplete = true;
                    }
                }
                return acc;
            }
            k -= 1;
            idx[k] += 1;
            if idx[k] < slot_lists[k].len() {
                break;
            }
            idx[k] = 0;
        }
        if slot_lists.is_empty() {
            return acc;
        }
    }
}

fn cartesian(sels: &[Vec<Sel>]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new()];
    for s in sels {
        let mut next = Vec::with_capacity(out.len() * s.len());
        for prefix in &out {
            for i in 0..s.len() {
                let mut p = prefix.clone();
                p.push(i);
                next.push(p);
            }
        }
        out = next;
    }
    out
}
