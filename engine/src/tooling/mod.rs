//! Tools around a rulebook that are not part of its evaluation: scaffolding
//! a new rulebook (`init`), the interpretation aid for one indicator
//! (`explain`), the comparison of two rulebooks (`diff`) and a proposed
//! `source` block for a table just received (`sniff`). Each is a
//! library function with plain data in and out; the CLI only wires them.

pub mod adopt;
pub mod catalogue;
pub mod columns;
pub mod diff;
pub mod explain;
pub mod init;
pub mod laender;
pub mod sniff;
pub mod templates;

use crate::model::{AggregateDef, Model};
use kimon_grammar::ast::{AggregateFn, Expr};

/// `count(src where …)` / `sum(src.col where …)` as the rulebook writes it,
/// rebuilt from the resolved definition (for `explain` and `diff`).
pub fn aggregate_text(a: &AggregateDef) -> String {
    let f = match a.function {
        AggregateFn::Count => "count",
        AggregateFn::Sum => "sum",
        AggregateFn::Rate => "rate",
    };
    let col = a.column.as_ref().map_or_else(String::new, |c| format!(".{c}"));
    let filter = a
        .filter
        .as_ref()
        .map_or_else(String::new, |e| format!(" where {}", kimon_grammar::format::expr_to_string(e)));
    format!("{f}({}{col}{filter})", a.source)
}

/// Names (columns or `let`s) an expression reads, in first-seen order.
pub fn names_in(e: &Expr, out: &mut Vec<String>) {
    e.walk(&mut |x| {
        if let Expr::Name(n) = x {
            if !out.contains(&n.name) {
                out.push(n.name.clone());
            }
        }
    });
}

/// The ids of a model's indicators, for did-you-mean hints.
pub fn indicator_ids(model: &Model) -> impl Iterator<Item = &str> {
    model.indicators.keys().map(String::as_str)
}
