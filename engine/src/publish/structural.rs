//! Cells that are empty by definition („strukturell leer“).
//!
//! Why: an SGB II rate counts only under-65-year-olds, so its cell for the
//! group „65 Jahre und älter“ has no base in any data set. Protecting that
//! cell like a small count hid it as „gesperrt“, although every reader of
//! the rulebook knows it is empty, and since all empty cells of a source are
//! one atom identity, its suppression also suppressed unrelated empty cells.
//! Such a cell is known before any data is read: it is left out of the
//! privacy problem (a constant 0 the public knows adds nothing to any
//! relation) and published as „nicht definiert“ (sign „x“).
//!
//! Only the rulebook decides (`contradiction.rs`): the filter, the area
//! unit and the groups of the cell cannot be true together. A cell that is
//! merely empty in the data is never structural.

use super::atom_index::Part;
use super::contradiction::{analyse, code_equals, Rows, Scope, Truth};
use crate::eval::{AreaKey, CellKey, Evaluation};
use crate::model::{AggregateDef, Dimension, GroupRuleDef, Indicator, LetBody, Model, SourceKind};
use kimon_grammar::ast::{AggregateFn, Expr};
use std::collections::{BTreeMap, HashSet};

/// The numerator and denominator cells that are empty by definition.
#[derive(Debug, Default, Clone)]
pub struct Structural {
    cells: HashSet<(String, Part, CellKey)>,
}

impl Structural {
    /// Every structurally empty count of an evaluation's tables.
    pub fn of(model: &Model, eval: &Evaluation) -> Structural {
        let mut out = Structural::default();
        for (id, table) in &eval.tables {
            let Some(ind) = model.indicators.get(id) else { continue };
            let parts =
                [(Part::Numerator, Some(&ind.numerator)), (Part::Denominator, ind.denominator.as_ref())];
            for (part, agg) in parts {
                let Some(agg) = agg else { continue };
                let Some(mut cx) = Context::new(model, ind, agg) else { continue };
                for key in table.cells.keys() {
                    if cx.cell(key).is_empty() {
                        out.cells.insert((id.clone(), part, key.clone()));
                    }
                }
            }
        }
        out
    }

    /// Whether this count of the indicator is empty by definition.
    pub fn contains(&self, indicator: &str, part: Part, key: &CellKey) -> bool {
        self.cells.contains(&(indicator.to_string(), part, key.clone()))
    }

    /// Whether the cell's value does not exist by definition: its
    /// numerator or its denominator is empty by definition (0 of 0, or a
    /// share of a group that cannot occur).
    pub fn value_not_defined(&self, indicator: &str, key: &CellKey) -> bool {
        self.contains(indicator, Part::Numerator, key) || self.contains(indicator, Part::Denominator, key)
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// Names as a source's filters read them: `let`s first, then columns by
/// their header in the file (two names for one column are one column).
struct SourceScope<'a> {
    model: &'a Model,
    source: &'a crate::model::Source,
}

impl Scope for SourceScope<'_> {
    fn column(&self, name: &str) -> Option<String> {
        if self.model.lets.contains_key(name) {
            return None;
        }
        Some(self.source.header_for(name).to_string())
    }

    fn native_let(&self, name: &str) -> Option<&Expr> {
        match &self.model.lets.get(name)?.body {
            LetBody::Native(e) => Some(e),
            LetBody::Rhai { .. } => None,
        }
    }
}

/// The conditions of one count of an indicator, with the group and area
/// conditions computed once.
struct Context<'a> {
    scope: SourceScope<'a>,
    dims: Vec<&'a Dimension>,
    /// The area's column, when a unit is exactly the rows with its code.
    area_column: Option<String>,
    filter: Rows,
    groups: BTreeMap<(usize, String), Rows>,
    units: BTreeMap<String, Rows>,
}

impl<'a> Context<'a> {
    /// `None` where the analysis does not apply: published rates, tables
    /// of a statistics office (one row per cell, read by layout), wide
    /// tables and database sources. Their cells are never structural.
    fn new(model: &'a Model, ind: &'a Indicator, agg: &'a AggregateDef) -> Option<Context<'a>> {
        if agg.function == AggregateFn::Rate {
            return None;
        }
        let source = model.sources.get(&agg.source)?;
        let rows_are_records = matches!(source.kind, SourceKind::Microdata | SourceKind::Survey);
        if !rows_are_records || source.database.is_some() || source.format.years_in_columns.is_some() {
            return None;
        }
        let dims: Vec<&Dimension> =
            ind.dimensions.iter().map(|d| model.dimensions.get(d)).collect::<Option<Vec<_>>>()?;
        if dims.iter().any(|d| d.is_wide()) {
            return None;
        }
        let scope = SourceScope { model, source };
        // A unit is the rows whose code is the unit's code, unless a key
        // file or a `let` derives the code.
        let area_column = ind.area.as_ref().and_then(|a| model.areas.get(a)).and_then(|a| {
            (a.parents.is_none() && !model.lets.contains_key(&a.column))
                .then(|| source.header_for(&a.column).to_string())
        });
        let filter = match &agg.filter {
            Some(f) => analyse(f, &scope).when_true,
            None => Rows::all(),
        };
        Some(Context { scope, dims, area_column, filter, groups: BTreeMap::new(), units: BTreeMap::new() })
    }

    /// The rows a cell may count (empty: none, by definition).
    fn cell(&mut self, key: &CellKey) -> Rows {
        let mut rows = self.filter.clone();
        if let (AreaKey::Unit(code), Some(col)) = (&key.area, &self.area_column) {
            let unit = self.units.entry(code.clone()).or_insert_with(|| code_equals(col, code));
            rows = rows.meet(unit);
        }
        for (k, group) in key.groups.iter().enumerate() {
            if rows.is_empty() {
                break;
            }
            let (Some(g), Some(dim)) = (group, self.dims.get(k)) else { continue };
            if !self.groups.contains_key(&(k, g.clone())) {
                let r = group_rows(dim, g, &self.scope, 0);
                self.groups.insert((k, g.clone()), r);
            }
            if let Some(r) = self.groups.get(&(k, g.clone())) {
                rows = rows.meet(r);
            }
        }
        rows
    }
}

/// The rows a group may hold: its condition where no earlier group's
/// condition holds (first match wins, `eval/plan.rs`); `otherwise` where
/// none holds; a derived group the union of its members.
fn group_rows(dim: &Dimension, id: &str, scope: &dyn Scope, depth: usize) -> Rows {
    let Some(group) = dim.group(id) else { return Rows::all() };
    let mut earlier_false = Rows::all();
    for g in dim.base_groups() {
        let GroupRuleDef::When(e) = &g.rule else { continue };
        let t: Truth = analyse(e, scope);
        if g.id == id {
            return earlier_false.meet(&t.when_true);
        }
        earlier_false = earlier_false.meet(&t.when_false);
    }
    match &group.rule {
        GroupRuleDef::Otherwise => earlier_false,
        GroupRuleDef::Sum(members) if depth < 8 => {
            members.iter().fold(Rows::none(), |acc, m| acc.join(&group_rows(dim, m, scope, depth + 1)))
        }
        _ => Rows::all(),
    }
}
