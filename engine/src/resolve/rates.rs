//! Where `rate(src.col …)` — a published rate read as published — may
//! stand. A rate is never added: not as a denominator (a base is a count),
//! not inside a check (checks add aggregates up), and only from a table
//! that is already public (`confidential no`), because a rate rebuilt into
//! a count is no sum of the source's rows and the privacy layer could not
//! bound it.

use super::cx::Cx;
use crate::diag::{Diag, FileId};
use crate::model::{AggregateDef, Model};
use kimon_grammar::ast::{AggregateFn, Span};

/// A `rate(…)` where a count is needed.
pub fn not_here(def: &AggregateDef, file: FileId, span: Span, what: &str, cx: &mut Cx) {
    if def.function != AggregateFn::Rate {
        return;
    }
    cx.push(
        Diag::error("rate-not-a-count", format!("a published rate cannot be {what}"))
            .at(file, span, "`rate(…)` here")
            .help(format!(
                "published rates are never added or averaged; use `sum({}.<count column> …)` here",
                def.source
            )),
    );
}

/// A `rate(…)` numerator must read a public table.
pub fn numerator(def: &AggregateDef, model: &Model, cx: &mut Cx) {
    if def.function != AggregateFn::Rate {
        return;
    }
    if let Some(s) = model.sources.get(&def.source).filter(|s| s.confidential) {
        cx.push(
            Diag::error("rate-confidential", format!("`rate(…)` reads source `{}`, which is confidential", s.id))
                .at(def.origin.file, def.origin.span, "published rates from a confidential source")
                .help("published rates come from tables that are already public: declare `confidential no` in the source, or compute the share from counts with `sum(…)`"),
        );
    }
}
