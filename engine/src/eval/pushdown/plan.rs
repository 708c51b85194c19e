//! Planning a database source: the same plan as for a file, with the
//! "header" made of the columns the rulebook names (the query reads only
//! those; a name the table lacks is reported by the server when the query
//! runs, with the column's name).

use crate::diag::Diag;
use crate::eval::plan::{referenced_rhai_names, SourcePlan};
use crate::eval::scan::referenced_names;
use crate::model::*;
use kimon_grammar::ast::Expr;
use std::path::PathBuf;

/// What the rulebook asks of one source (collected by `setup::plan_all`).
pub struct Uses<'a> {
    pub filters: &'a [Expr],
    pub dims: &'a [String],
    pub areas: &'a [String],
    pub columns: &'a [String],
}

/// How a database source is named in messages and statistics.
pub fn display(db: &DatabaseTable) -> String {
    format!("table `{}` in {}", db.table, db.url)
}

/// Plans a database source, or `None` after reporting why it cannot be.
pub fn plan_source(
    model: &Model,
    source: &Source,
    db: &DatabaseTable,
    uses: &Uses<'_>,
    errors: &mut Vec<Diag>,
) -> Option<SourcePlan> {
    if !source.format.is_default() {
        errors.push(
            Diag::error("database-file-settings", format!("database source `{}` has settings for files", source.id))
                .at(source.origin.file, source.origin.span, "read from a database")
                .help("encoding, decimal, thousands, missing, total rows, sheets and wide layouts describe files; the database types its columns itself: remove them"),
        );
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    let add = |n: &str, names: &mut Vec<String>| {
        if !names.iter().any(|x| x == n) {
            names.push(n.to_string());
        }
    };
    add(&source.year_column, &mut names);
    for e in uses.filters {
        referenced_names(e).iter().for_each(|n| add(n, &mut names));
    }
    for d in uses.dims.iter().filter_map(|d| model.dimensions.get(d)) {
        for g in &d.groups {
            if let GroupRuleDef::When(e) = &g.rule {
                referenced_names(e).iter().for_each(|n| add(n, &mut names));
            }
        }
    }
    for a in uses.areas.iter().filter_map(|a| model.areas.get(a)) {
        add(&a.column, &mut names);
    }
    uses.columns.iter().for_each(|c| add(c, &mut names));
    if let Some(w) = &source.weight {
        add(w, &mut names);
    }
    // Columns read by the lets in use, transitively.
    let mut i = 0;
    while let Some(n) = names.get(i).cloned() {
        if let Some(def) = model.lets.get(&n) {
            let refs = match &def.body {
                LetBody::Native(e) => referenced_names(e),
                LetBody::Rhai { code, .. } => referenced_rhai_names(code),
            };
            refs.iter().for_each(|r| add(r, &mut names));
        }
        i += 1;
    }
    let mut header: Vec<String> = Vec::new();
    for n in names.iter().filter(|n| !model.lets.contains_key(*n)) {
        let h = source.header_for(n).to_string();
        if !header.contains(&h) {
            header.push(h);
        }
    }
    let mut plan = SourcePlan::new(source, PathBuf::new(), display(db), header);
    plan.year_field = plan.field(source, &source.year_column.clone(), source.origin, errors)?;
    Some(plan)
}
