//! The atom query: one `GROUP BY` per source whose result rows are exactly
//! the source's atom table (see `eval/atoms.rs`).
//!
//! An inner `SELECT` classifies every row — year, area codes, the base
//! group of each dimension (`CASE WHEN … THEN slot`), the truth value of
//! each measure filter (`CASE WHEN filter THEN 1 ELSE 0 END`) and the
//! values summed — and the outer `SELECT` groups by all of that, counting
//! rows and summing values. Only these groups leave the database: no row
//! id, no person-level value (except the few largest values per atom that
//! the magnitude rules need, exactly what the file pass keeps).

use super::dialect::Dialect;
use super::translate::{Translator, Untranslatable};
use crate::diag::Diag;
use crate::eval::atoms::{quantities, Quantity};
use crate::eval::plan::SourcePlan;
use crate::model::{Model, Origin, SourceKind};

/// The query text and how to read its result columns.
#[derive(Debug, Clone)]
pub struct AtomQuery {
    pub sql: String,
    pub dialect: Dialect,
    /// Number of area code columns (after the year column).
    pub areas: usize,
    /// Number of dimension slot columns (after the area codes).
    pub dims: usize,
    /// Per measure of the plan: its truth-value column among the pass
    /// columns, or `None` for a measure without filter (always true).
    pub pass_cols: Vec<Option<usize>>,
    /// The plan's quantities; per `Field` quantity the result has a sum, a
    /// count of known values and (with `top`) the largest values.
    pub quantities: Vec<Quantity>,
    pub top: bool,
}

impl AtomQuery {
    /// Number of pass columns.
    pub fn passes(&self) -> usize {
        self.pass_cols.iter().flatten().count()
    }

    /// Index of the row-count column.
    pub fn count_col(&self) -> usize {
        1 + self.areas + self.dims + self.passes()
    }

    /// Number of key columns (year, areas, dimensions, passes).
    pub fn key_cols(&self) -> usize {
        self.count_col()
    }
}

/// Compiles the query for one planned database source, or says why the
/// plan cannot be computed in the database (never a silent fallback).
pub fn build(model: &Model, plan: &SourcePlan, dialect: Dialect) -> Result<AtomQuery, Vec<Diag>> {
    let Some(db) = model.sources.get(&plan.id).and_then(|s| s.database.as_ref().map(|d| (s, d))) else {
        return Err(vec![Diag::error(
            "not-a-database-source",
            format!("source `{}` is not read from a database", plan.id),
        )]);
    };
    let (source, db) = db;
    let tr = Translator { dialect, plan };
    let mut errors = Vec::new();
    let mut refuse = |d: Diag| errors.push(d);
    let here = |d: Diag| d.at(source.origin.file, source.origin.span, "database source");
    let untranslatable = |u: Untranslatable, at: Origin, what: &str| {
        let origin = u.origin.unwrap_or(at);
        Diag::error("sql-untranslatable", format!("{what} of database source `{}` cannot be computed in the database: {}", plan.id, u.what))
            .at(origin.file, origin.span, "not expressible in SQL")
            .help("write it with kimon's own operators (==, in, and/or/not, prefix(), round(), …), or compute the column in a database view and name that view as the table")
    };
    if plan.record_key.is_some() {
        refuse(here(
            Diag::error(
                "pushdown-record-keys",
                format!(
                    "the cell key method needs a record key per row; database source `{}` sends only counts",
                    plan.id
                ),
            )
            .help("protect this source's indicators with suppression, or read it from a file export"),
        ));
    }
    if plan.ledger.is_some() {
        refuse(here(Diag::error("pushdown-ledger", format!("the publication ledger records every row; database source `{}` sends only counts", plan.id))
            .help("evaluate without the ledger (`--no-ledger`) until the ledger can fingerprint rows inside the database")));
    }
    if plan.header.iter().any(|h| h.contains('\0')) {
        refuse(here(
            Diag::error("sql-identifier", "a column name contains a NUL character")
                .help("rename the column in the rulebook"),
        ));
    }
    let year = match plan.header.get(plan.year_field) {
        Some(h) => format!("CAST({} AS {})", dialect.ident(h), dialect.text_type()),
        None => "NULL".to_string(),
    };
    let mut select: Vec<String> = vec![format!("{year} AS k_year")];
    for (a, area) in plan.areas.iter().enumerate() {
        let code = match area.let_slot {
            Some(l) => tr.value(&crate::eval::expr::Node::Slot(crate::eval::expr::Slot::Let(l))),
            None => tr.value(&crate::eval::expr::Node::Slot(crate::eval::expr::Slot::Field(area.field))),
        };
        match code {
            Ok(c) => select.push(format!("COALESCE(CAST({c} AS {}), '') AS k_area{a}", dialect.text_type())),
            Err(u) => {
                let at = model.areas.get(&area.id).map_or(source.origin, |x| x.origin);
                refuse(untranslatable(u, at, &format!("the code of area `{}`", area.id)));
            }
        }
    }
    for (d, dim) in plan.dims.iter().enumerate() {
        let groups: Vec<_> =
            model.dimensions.get(&dim.id).map(|m| m.base_groups().collect()).unwrap_or_default();
        let mut case = String::from("CASE");
        for (g, node) in &dim.when {
            match tr.cond(node) {
                Ok(c) => case.push_str(&format!(" WHEN {c} THEN {g}")),
                Err(u) => {
                    let at = groups.get(*g).map_or(source.origin, |x| x.origin);
                    refuse(untranslatable(u, at, &format!("a group condition of dimension `{}`", dim.id)));
                }
            }
        }
        case.push_str(&format!(" ELSE {} END AS k_dim{d}", dim.otherwise.unwrap_or(dim.n_base)));
        select.push(case);
    }
    let mut pass_cols = Vec::new();
    let mut k = 0;
    for (m, measure) in plan.measures.iter().enumerate() {
        match &measure.filter {
            None => pass_cols.push(None),
            Some(f) => match tr.cond(f) {
                Ok(c) => {
                    select.push(format!("CASE WHEN {c} THEN 1 ELSE 0 END AS k_pass{m}"));
                    pass_cols.push(Some(k));
                    k += 1;
                }
                Err(u) => {
                    refuse(untranslatable(u, measure.origin, "a filter"));
                    pass_cols.push(None);
                }
            },
        }
    }
    let (quantities, _) = quantities(plan);
    for (q, quantity) in quantities.iter().enumerate() {
        if let Quantity::Field(f) = quantity {
            if let Some(h) = plan.header.get(*f) {
                select.push(format!("CAST({} AS {}) AS v{q}", dialect.ident(h), dialect.double_type()));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let top = plan.kind == SourceKind::Microdata;
    let keys: Vec<String> = std::iter::once("k_year".to_string())
        .chain((0..plan.areas.len()).map(|a| format!("k_area{a}")))
        .chain((0..plan.dims.len()).map(|d| format!("k_dim{d}")))
        .chain(
            plan.measures
                .iter()
                .enumerate()
                .filter(|(m, _)| pass_cols.get(*m).copied().flatten().is_some())
                .map(|(m, _)| format!("k_pass{m}")),
        )
        .collect();
    let mut outer = keys.clone();
    outer.push("COUNT(*) AS n".to_string());
    for (q, quantity) in quantities.iter().enumerate() {
        if let Quantity::Field(_) = quantity {
            outer.push(format!("SUM(v{q}) AS s{q}"));
            outer.push(format!("COUNT(v{q}) AS c{q}"));
            if top {
                outer.push(format!(
                    "{} AS t{q}",
                    dialect.top_abs(&format!("v{q}"), crate::eval::atoms::LARGEST)
                ));
            }
        }
    }
    let list = |items: &[String], indent: &str| items.join(&format!(",\n{indent}"));
    let sql = format!(
        "-- kimon atom table of source `{}` ({}): one row per atom\nSELECT\n  {}\nFROM (\n  SELECT\n    {}\n  FROM {}\n) AS person_rows\nGROUP BY {}\nORDER BY {}\n",
        sanitize_comment(&plan.id),
        dialect.name(),
        list(&outer, "  "),
        list(&select, "    "),
        dialect.table(&db.table),
        keys.join(", "),
        keys.join(", "),
    );
    Ok(AtomQuery { sql, dialect, areas: plan.areas.len(), dims: plan.dims.len(), pass_cols, quantities, top })
}

/// A rulebook id in an SQL line comment: ids are identifiers, but a line
/// break must never end the comment early.
fn sanitize_comment(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}
