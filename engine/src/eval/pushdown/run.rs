//! Evaluating a database source: build the query, run it, fill the atoms.

use super::fill::fill;
use super::postgres::{self, PgError};
use super::query;
use super::Dialect;
use crate::diag::{Diag, Diags};
use crate::eval::pass::{Control, SourceResult};
use crate::eval::plan::SourcePlan;
use crate::model::Model;

/// The source's result as if its rows had been streamed, and warnings.
pub fn evaluate_source(
    model: &Model,
    plan: &SourcePlan,
    control: &Control,
) -> Result<(SourceResult, Vec<Diag>), Diags> {
    let Some(source) = model.sources.get(&plan.id) else { return Err(Diags { items: Vec::new() }) };
    let Some(db) = &source.database else { return Err(Diags { items: Vec::new() }) };
    let q = query::build(model, plan, Dialect::Postgres).map_err(|items| Diags { items })?;
    let at = |d: Diag| d.at(source.origin.file, source.origin.span, "database source");
    let rows = postgres::run(&db.url, &q, control).map_err(|e| {
        let d = match e {
            PgError::Cancelled => Diag::error("cancelled", "evaluation cancelled"),
            PgError::Connect(m) => at(Diag::error("database-connect", format!("cannot connect to `{}` for source `{}`: {m}", db.url, plan.id))
                .help("kimon connects like psql: set PGHOST/PGPORT/PGUSER (or put them in the URL) and give the password in PGPASSWORD or ~/.pgpass")),
            PgError::Query(m) => at(Diag::error("database-query", format!("the database refused the query of source `{}`: {m}", plan.id))
                .help(format!("`kimon explain --sql` prints the query; the rulebook's columns must exist in `{}` (numbers compared with numbers need numeric columns)", db.table))),
        };
        Diags { items: vec![d] }
    })?;
    let (mut result, outside) = fill(plan, &q, &rows, model.meta.years).map_err(|e| Diags {
        items: vec![at(Diag::error("database-data", format!("source `{}`: {e}", plan.id)))],
    })?;
    result.bytes = 0;
    let mut warnings = Vec::new();
    if outside > 0 {
        if let Some((lo, hi)) = model.meta.years {
            warnings.push(at(Diag::warning("year-out-of-range", format!("{outside} row(s) of `{}` lie outside the rulebook's years {lo}..{hi} and were not counted", plan.display))
                .help("widen `years` in the rulebook, or ignore this if the table holds more years than are monitored")));
        }
    }
    Ok((result, warnings))
}
