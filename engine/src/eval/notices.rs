//! Notices that nothing was dropped silently: a filter or group literal
//! that no row of the data holds (`citizenship == "DЕ"` with a Cyrillic
//! `Е`, or a typo) selects nothing, and a row whose area code is no
//! declared unit is kept out of every cell. Both give correct-looking
//! numbers, so both are named after the pass.
//!
//! Privacy: the notices name only the rulebook's literals, codes found in
//! the data and how many *distinct* codes there are — never a row count,
//! which in microdata is a count of persons. Notices about a confidential
//! source are also kept out of the findings and reports (see
//! [`super::Evaluation::operator_warnings`]): that a code occurs at all, or
//! that a literal matches no row (a zero), can be a protected fact.

use super::expr::{Names, Slot};
use super::pass::SourceResult;
use super::plan::SourcePlan;
use super::totals::find_marker;
use crate::diag::Diag;
use crate::model::Origin;
use kimon_grammar::ast::{BinOp, Expr, Literal};

/// Distinct values kept per unmatched literal, to suggest the nearest one
/// (public sources only).
const MAX_VALUES: usize = 64;
/// Undeclared codes named as examples in one notice.
const MAX_EXAMPLES: usize = 5;

/// A text literal compared with a column (`col == "…"`, `col != "…"`,
/// `col in ["…", …]`), looked for in every row of the pass.
#[derive(Debug, Clone)]
pub struct LiteralProbe {
    /// The row field the column is read from.
    pub field: usize,
    pub literal: String,
    /// The column as written in the rulebook.
    pub column: String,
    /// The literal in the rulebook.
    pub origin: Origin,
}

/// The probes of one filter or group condition.
pub fn probes_of(e: &Expr, names: &dyn Names, file: crate::diag::FileId, out: &mut Vec<LiteralProbe>) {
    e.walk(&mut |x| {
        let mut push = |name: &kimon_grammar::ast::Ident, text: &kimon_grammar::ast::Text| {
            let Some(Slot::Field(field)) = names.slot(&name.name) else { return };
            let origin = Origin { file, span: text.span };
            if !out.iter().any(|p| p.field == field && p.literal == text.value && p.origin == origin) {
                out.push(LiteralProbe {
                    field,
                    literal: text.value.clone(),
                    column: name.name.clone(),
                    origin,
                });
            }
        };
        match x {
            Expr::Binary { op: BinOp::Eq | BinOp::Ne, left, right, .. } => match (&**left, &**right) {
                (Expr::Name(n), Expr::Str(t)) | (Expr::Str(t), Expr::Name(n)) => push(n, t),
                _ => {}
            },
            Expr::InList { subject, items, .. } => {
                if let Expr::Name(n) = &**subject {
                    for item in items {
                        if let Literal::Str(t) = item {
                            push(n, t);
                        }
                    }
                }
            }
            _ => {}
        }
    });
}

/// What the pass learnt about the probes of one source: whether any row
/// held each literal and, while it did not, a few values of its column.
#[derive(Debug, Clone, Default)]
pub struct ProbeSeen {
    pub seen: Vec<bool>,
    pub left: usize,
    /// Per probe: distinct values of the column (only while unseen, only
    /// when `keep_values`).
    pub values: Vec<Vec<String>>,
    pub keep_values: bool,
}

impl ProbeSeen {
    pub fn new(plan: &SourcePlan) -> Self {
        let n = plan.probes.len();
        ProbeSeen {
            seen: vec![false; n],
            left: n,
            values: vec![Vec::new(); n],
            keep_values: !plan.confidential,
        }
    }

    /// Looks at one row; nearly free once every literal was seen.
    #[inline]
    pub fn row(&mut self, plan: &SourcePlan, fields: &[&str]) {
        if self.left == 0 {
            return;
        }
        for (i, p) in plan.probes.iter().enumerate() {
            if self.seen[i] {
                continue;
            }
            let value = fields.get(p.field).copied().unwrap_or("");
            if value == p.literal {
                self.seen[i] = true;
                self.left -= 1;
                self.values[i] = Vec::new();
            } else if self.keep_values {
                let vals = &mut self.values[i];
                if vals.len() < MAX_VALUES && !vals.iter().any(|v| v == value) {
                    vals.push(value.to_string());
                }
            }
        }
    }

    pub fn merge(&mut self, o: &ProbeSeen) {
        for (i, s) in o.seen.iter().enumerate() {
            if *s && !self.seen[i] {
                self.seen[i] = true;
                self.left -= 1;
                self.values[i] = Vec::new();
            } else if !self.seen[i] {
                for v in &o.values[i] {
                    if self.values[i].len() < MAX_VALUES && !self.values[i].contains(v) {
                        self.values[i].push(v.clone());
                    }
                }
            }
        }
    }
}

/// A warning per literal that no row holds.
pub fn unmatched_literals(plan: &SourcePlan, result: &SourceResult) -> Vec<Diag> {
    let mut out = Vec::new();
    for (i, p) in plan.probes.iter().enumerate() {
        if result.probes.seen.get(i).copied().unwrap_or(true) {
            continue;
        }
        let values = result.probes.values.get(i).map_or(&[][..], Vec::as_slice);
        let nearest = kimon_grammar::suggest::did_you_mean(&p.literal, values.iter().map(String::as_str));
        let mixed = crate::lint::unicode::mixed_script(&p.literal);
        let help = match (nearest, mixed) {
            (_, Some(letters)) => format!("the text contains look-alike letters ({letters}); retype it in one script"),
            (Some(n), None) => format!("did you mean `\"{n}\"`? the filter compares with exactly this text"),
            (None, None) => format!(
                "the filter compares with exactly this text; check the spelling against the values of column `{}`",
                plan.header.get(p.field).map_or(p.column.as_str(), String::as_str)
            ),
        };
        out.push(
            Diag::warning(
                "data-literal-unmatched",
                format!(
                    "`\"{}\"` matches no value of column `{}` in `{}`",
                    crate::data::reader::excerpt(p.literal.as_bytes()),
                    p.column,
                    plan.display
                ),
            )
            .at(p.origin.file, p.origin.span, "no row holds this text")
            .help(help),
        );
    }
    out
}

/// A warning per area whose declared units leave codes of the data out:
/// the number of distinct codes and a few of them, sorted.
pub fn undeclared_codes(plan: &SourcePlan, result: &SourceResult, model: &crate::model::Model) -> Vec<Diag> {
    let mut out = Vec::new();
    for (a, area) in plan.areas.iter().enumerate() {
        if area.units.is_empty() {
            continue;
        }
        let Some(dict) = result.dicts.get(a) else { continue };
        let mut codes: Vec<&str> = dict
            .code_names
            .iter()
            .map(String::as_str)
            .filter(|c| !area.units.iter().any(|u| u == c))
            // An undeclared total row (`Insgesamt`, `…SUM`) is rightly not a unit.
            .filter(|c| find_marker(&[c], &[0], &plan.format.total_rows).is_none())
            .collect();
        if codes.is_empty() {
            continue;
        }
        codes.sort_unstable();
        let n = codes.len();
        let shown: Vec<String> = codes
            .iter()
            .take(MAX_EXAMPLES)
            .map(|c| match c.is_empty() {
                true => "an empty code".to_string(),
                false => format!("`{}`", crate::data::reader::excerpt(c.as_bytes())),
            })
            .collect();
        let more = if n > MAX_EXAMPLES { ", …" } else { "" };
        let Some(def) = model.areas.get(&area.id) else { continue };
        let column = match area.let_slot {
            Some(_) => format!("`{}` (a `let`)", def.column),
            None => format!("column `{}`", plan.header.get(area.field).map_or("", String::as_str)),
        };
        out.push(
            Diag::warning(
                "data-undeclared-area",
                format!(
                    "{n} code(s) in {column} of `{}` belong to no unit of area `{}`: {}{more}; their rows are in no cell and no total",
                    plan.display,
                    area.id,
                    shown.join(", ")
                ),
            )
            .at(def.origin.file, def.origin.span, "declares the units")
            .help("declare the missing units with `unit \"…\" \"Name\"`, or, if they are totals, with `total_rows` in the source"),
        );
    }
    out
}
