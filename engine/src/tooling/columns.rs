//! What each column of a source means and which codes it may hold, read
//! from the rulebook: the data templates, `daten/LIESMICH.md` and the
//! drop-down lists of the XLSX templates are all generated from this, so a
//! newcomer learns `DE`, `none/own/parents` or `w` without reading the core.

use crate::model::{GroupRuleDef, LetBody, Model, Source};
use kimon_grammar::ast::{BinOp, Expr, Literal};

/// What a column is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Year,
    Area,
    Weight,
    /// Summed by `sum(source.column)`.
    Summed,
    /// Compared with codes or numbers in filters and group rules.
    Feature,
}

/// One code a column may hold and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub value: String,
    /// The group it selects (e.g. „Deutsche“), if a group rule names it.
    pub label: Option<String>,
}

/// A column of a source's file, documented.
#[derive(Debug, Clone)]
pub struct ColumnDoc {
    /// The header in the file.
    pub header: String,
    pub role: Role,
    /// Codes in first-seen order.
    pub codes: Vec<Code>,
    /// Only the listed codes are meaningful (every group names its code,
    /// or a 0/1 flag); otherwise other values are allowed and counted in
    /// an `otherwise` group or by no filter.
    pub closed: bool,
    /// What other values mean, when a group takes them (`otherwise`).
    pub others: Option<String>,
    /// Compared with numbers (`age >= 18`): a number is expected.
    pub numeric: bool,
    /// Titles of the indicators that read the column.
    pub used_by: Vec<String>,
    /// Titles of the dimensions whose groups it decides.
    pub dimensions: Vec<String>,
}

/// Every column of `source` that the rulebook reads, documented.
pub fn columns(model: &Model, source: &Source) -> Vec<ColumnDoc> {
    let headers = super::init::source_columns(model, source);
    let logical = |header: &str| -> String {
        source
            .columns
            .iter()
            .find(|(_, h)| h.as_str() == header)
            .map_or(header.to_string(), |(l, _)| l.clone())
    };
    headers
        .iter()
        .map(|h| {
            let name = logical(h);
            let role = if name == source.year_column {
                Role::Year
            } else if source.weight.as_deref() == Some(name.as_str()) {
                Role::Weight
            } else if model.areas.values().any(|a| a.column == name) {
                Role::Area
            } else if summed(model, source, &name) {
                Role::Summed
            } else {
                Role::Feature
            };
            let mut doc = ColumnDoc {
                header: h.clone(),
                role,
                codes: Vec::new(),
                closed: false,
                others: None,
                numeric: false,
                used_by: Vec::new(),
                dimensions: Vec::new(),
            };
            describe(model, source, &name, &mut doc);
            doc
        })
        .collect()
}

fn summed(model: &Model, source: &Source, name: &str) -> bool {
    model.indicators.values().any(|i| {
        std::iter::once(&i.numerator)
            .chain(i.denominator.iter())
            .any(|a| a.source == source.id && a.column.as_deref() == Some(name))
    })
}

/// Whether `e` reads `name`, looking into native `let`s.
fn reads(model: &Model, e: &Expr, name: &str) -> bool {
    let mut names = Vec::new();
    super::names_in(e, &mut names);
    names.iter().any(|n| {
        n == name
            || matches!(model.lets.get(n).map(|l| &l.body), Some(LetBody::Native(b)) if reads_direct(b, name))
    })
}

fn reads_direct(e: &Expr, name: &str) -> bool {
    let mut names = Vec::new();
    super::names_in(e, &mut names);
    names.iter().any(|n| n == name)
}

/// Expressions with the `let`s they name, so comparisons inside a `let`
/// are seen too.
fn with_lets<'a>(model: &'a Model, e: &'a Expr) -> Vec<&'a Expr> {
    let mut out = vec![e];
    let mut names = Vec::new();
    super::names_in(e, &mut names);
    for n in names {
        if let Some(LetBody::Native(b)) = model.lets.get(&n).map(|l| &l.body) {
            out.push(b);
        }
    }
    out
}

fn literal_text(e: &Expr) -> Option<(String, bool)> {
    match e {
        Expr::Str(t) => Some((t.value.clone(), false)),
        Expr::Number { literal, .. } => Some((literal.clone(), true)),
        _ => None,
    }
}

/// Codes compared with `name` in `e`: (value, numeric, compared by `==`).
fn comparisons(e: &Expr, name: &str, out: &mut Vec<(String, bool, bool)>, numeric: &mut bool) {
    e.walk(&mut |x| match x {
        Expr::Binary { op, left, right, .. } => {
            let (n, lit) = match (&**left, &**right) {
                (Expr::Name(n), other) | (other, Expr::Name(n)) => (n, other),
                _ => return,
            };
            if n.name != name {
                return;
            }
            match (op, literal_text(lit)) {
                (BinOp::Eq | BinOp::Ne, Some((v, num))) => out.push((v, num, *op == BinOp::Eq)),
                (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge, Some((_, true))) => *numeric = true,
                _ => {}
            }
        }
        Expr::InRange { subject, .. } if matches!(&**subject, Expr::Name(n) if n.name == name) => {
            *numeric = true
        }
        Expr::InList { subject, items, .. } if matches!(&**subject, Expr::Name(n) if n.name == name) => {
            for item in items {
                match item {
                    Literal::Str(t) => out.push((t.value.clone(), false, true)),
                    Literal::Number { literal, .. } => out.push((literal.clone(), true, true)),
                    Literal::Name(_) => {}
                }
            }
        }
        _ => {}
    });
}

fn push_code(doc: &mut ColumnDoc, value: String, label: Option<String>) {
    match doc.codes.iter_mut().find(|c| c.value == value) {
        Some(c) => {
            if c.label.is_none() {
                c.label = label;
            }
        }
        None => doc.codes.push(Code { value, label }),
    }
}

fn describe(model: &Model, source: &Source, name: &str, doc: &mut ColumnDoc) {
    let mut numeric = false;
    let mut found: Vec<(String, bool, bool)> = Vec::new();
    let mut has_otherwise = false;
    let mut all_groups_named = true;
    let mut in_dimension = false;
    for ind in model.indicators.values() {
        let aggs: Vec<&crate::model::AggregateDef> = std::iter::once(&ind.numerator)
            .chain(ind.denominator.iter())
            .filter(|a| a.source == source.id)
            .collect();
        if aggs.is_empty() {
            continue;
        }
        let mut uses = aggs.iter().any(|a| a.column.as_deref() == Some(name));
        for a in &aggs {
            if let Some(f) = &a.filter {
                for e in with_lets(model, f) {
                    comparisons(e, name, &mut found, &mut numeric);
                }
                uses |= reads(model, f, name);
            }
        }
        for dim in ind.dimensions.iter().filter_map(|d| model.dimensions.get(d)) {
            let decides =
                dim.groups.iter().any(|g| matches!(&g.rule, GroupRuleDef::When(e) if reads(model, e, name)));
            if !decides {
                continue;
            }
            uses = true;
            in_dimension = true;
            if !doc.dimensions.contains(&dim.title) {
                doc.dimensions.push(dim.title.clone());
            }
            for g in &dim.groups {
                match &g.rule {
                    GroupRuleDef::When(e) => {
                        let mut mine = Vec::new();
                        for x in with_lets(model, e) {
                            comparisons(x, name, &mut mine, &mut numeric);
                        }
                        for (v, _, eq) in &mine {
                            if *eq {
                                push_code(doc, v.clone(), Some(g.title.clone()));
                            }
                        }
                        if !mine.iter().any(|(_, _, eq)| *eq) {
                            all_groups_named = false;
                        }
                        found.extend(mine);
                    }
                    GroupRuleDef::Otherwise => {
                        has_otherwise = true;
                        doc.others = Some(g.title.clone());
                    }
                    _ => {}
                }
            }
        }
        if uses && !doc.used_by.contains(&ind.title) {
            doc.used_by.push(ind.title.clone());
        }
    }
    // Plausibility checks compare codes too (`mh_status == "ohne"`).
    for check in model.checks.values() {
        if let Some(e) = &check.expect {
            e.walk(&mut |x| {
                if let Expr::Aggregate(a) = x {
                    if a.source.name == source.id {
                        if let Some(f) = &a.filter {
                            comparisons(f, name, &mut found, &mut numeric);
                        }
                    }
                }
            });
        }
    }
    for (v, _, _) in &found {
        push_code(doc, v.clone(), None);
    }
    let flags = !found.is_empty() && found.iter().all(|(v, num, _)| *num && (v == "0" || v == "1"));
    if flags {
        // A 0/1 flag: both values belong in the list, whichever the rulebook compares with.
        doc.codes.retain(|c| c.value != "0" && c.value != "1");
        doc.codes.insert(0, Code { value: "0".into(), label: Some("nein".into()) });
        doc.codes.insert(1, Code { value: "1".into(), label: Some("ja".into()) });
    }
    doc.numeric = numeric || (!found.is_empty() && found.iter().all(|(_, num, _)| *num) && !flags);
    doc.closed = flags || (in_dimension && !has_otherwise && all_groups_named && !doc.codes.is_empty());
}
