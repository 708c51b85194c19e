//! Row filters compiled once into a small tree of native nodes with column
//! slots resolved, then evaluated per row without allocation. rhai is only
//! used for `let … = rhai` definitions that need a script.

use super::value::{Owned, V};
use crate::diag::{Diag, FileId};
use crate::model::Origin;
use kimon_grammar::ast::{BinOp, Expr, Literal};
use kimon_grammar::suggest::did_you_mean;

/// Where a name used in a filter lives in the row buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Field(usize),
    Let(usize),
}

/// Names visible to a filter: the source's columns and the `let`s.
pub trait Names {
    fn slot(&self, name: &str) -> Option<Slot>;
    fn candidates(&self) -> Vec<String>;
    /// Text shown in "unknown column" messages, e.g. "column of `register.csv`".
    fn what(&self) -> String;
}

#[derive(Debug, Clone)]
pub enum Lit {
    Num(f64),
    Str(String),
    Bool(bool),
}

impl Lit {
    fn view(&self) -> V<'_> {
        match self {
            Lit::Num(n) => V::Num(*n),
            Lit::Str(s) => V::Str(s),
            Lit::Bool(b) => V::Bool(*b),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Func {
    Round,
    Abs,
    Min,
    Max,
    IsMissing,
    /// `prefix(code, n)`: the first `n` characters of a code, for area
    /// levels coded hierarchically (planning area `0110` → district `01`).
    Prefix,
}

#[derive(Debug, Clone)]
pub enum Node {
    Lit(Lit),
    Slot(Slot),
    Not(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Bin(BinOp, Box<Node>, Box<Node>),
    Neg(Box<Node>),
    InRange(Box<Node>, f64, f64),
    InList(Box<Node>, Vec<Lit>),
    Call(Func, Vec<Node>),
}

/// One row as filters see it.
pub struct Row<'a> {
    pub fields: &'a [&'a str],
    pub lets: &'a [Owned],
}

impl Node {
    /// The slots this node reads (fields and lets), for finding the
    /// columns a derived area code comes from.
    pub fn slots(&self, out: &mut Vec<Slot>) {
        match self {
            Node::Lit(_) => {}
            Node::Slot(s) => out.push(*s),
            Node::Not(a) | Node::Neg(a) | Node::InRange(a, ..) | Node::InList(a, _) => a.slots(out),
            Node::And(a, b) | Node::Or(a, b) | Node::Bin(_, a, b) => {
                a.slots(out);
                b.slots(out);
            }
            Node::Call(_, args) => args.iter().for_each(|a| a.slots(out)),
        }
    }

    #[inline]
    pub fn eval<'a>(&'a self, row: &Row<'a>) -> V<'a> {
        match self {
            Node::Lit(l) => l.view(),
            Node::Slot(Slot::Field(i)) => {
                row.fields.get(*i).map_or(V::Missing(Default::default()), |s| V::field(s))
            }
            Node::Slot(Slot::Let(i)) => row.lets.get(*i).map_or(V::Missing(Default::default()), Owned::view),
            Node::Not(n) => V::Bool(!n.eval(row).truthy()),
            Node::And(a, b) => V::Bool(a.eval(row).truthy() && b.eval(row).truthy()),
            Node::Or(a, b) => V::Bool(a.eval(row).truthy() || b.eval(row).truthy()),
            Node::Neg(n) => n.eval(row).num().map_or(V::Missing(Default::default()), |x| V::Num(-x)),
            Node::InRange(n, lo, hi) => V::Bool(n.eval(row).num().is_some_and(|x| x >= *lo && x <= *hi)),
            Node::InList(n, items) => {
                let v = n.eval(row);
                V::Bool(items.iter().any(|l| v.equals(l.view()) == Some(true)))
            }
            Node::Bin(op, a, b) => binary(*op, a.eval(row), b.eval(row)),
            Node::Call(f, args) => call(*f, args, row),
        }
    }
}

#[inline]
fn binary<'a>(op: BinOp, a: V<'a>, b: V<'a>) -> V<'a> {
    let missing = V::Missing(Default::default());
    match op {
        BinOp::Eq => a.equals(b).map_or(V::Bool(false), V::Bool),
        BinOp::Ne => a.equals(b).map_or(V::Bool(false), |e| V::Bool(!e)),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => match (a, b) {
            (V::Str(x), V::Str(y)) if x.parse::<f64>().is_err() || y.parse::<f64>().is_err() => {
                V::Bool(match op {
                    BinOp::Lt => x < y,
                    BinOp::Le => x <= y,
                    BinOp::Gt => x > y,
                    _ => x >= y,
                })
            }
            _ => match (a.num(), b.num()) {
                (Some(x), Some(y)) => V::Bool(match op {
                    BinOp::Lt => x < y,
                    BinOp::Le => x <= y,
                    BinOp::Gt => x > y,
                    _ => x >= y,
                }),
                _ => V::Bool(false),
            },
        },
        BinOp::And => V::Bool(a.truthy() && b.truthy()),
        BinOp::Or => V::Bool(a.truthy() || b.truthy()),
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => match (a.num(), b.num()) {
            (Some(x), Some(y)) => {
                let r = match op {
                    BinOp::Add => x + y,
                    BinOp::Sub => x - y,
                    BinOp::Mul => x * y,
                    _ => x / y,
                };
                if r.is_finite() {
                    V::Num(r)
                } else {
                    missing
                }
            }
            _ => missing,
        },
    }
}

fn call<'a>(f: Func, args: &'a [Node], row: &Row<'a>) -> V<'a> {
    let missing = V::Missing(Default::default());
    let num = |i: usize| args.get(i).and_then(|a| a.eval(row).num());
    match f {
        Func::IsMissing => V::Bool(matches!(args.first().map(|a| a.eval(row)), Some(V::Missing(_)) | None)),
        Func::Abs => num(0).map_or(missing, |x| V::Num(x.abs())),
        Func::Round => match num(0) {
            Some(x) => {
                let digits = num(1).unwrap_or(0.0).clamp(0.0, 12.0) as i32;
                let p = 10f64.powi(digits);
                V::Num((x * p).round() / p)
            }
            None => missing,
        },
        Func::Prefix => match (args.first().map(|a| a.eval(row)), num(1)) {
            (Some(V::Str(s)), Some(n)) if n >= 0.0 => {
                let end = s.char_indices().nth(n as usize).map_or(s.len(), |(i, _)| i);
                V::Str(&s[..end])
            }
            _ => missing,
        },
        Func::Min | Func::Max => match (num(0), num(1)) {
            (Some(x), Some(y)) => V::Num(if matches!(f, Func::Min) { x.min(y) } else { x.max(y) }),
            _ => missing,
        },
    }
}

/// Compiles a row filter. Aggregates are not allowed here (the resolver has
/// already reported them); unknown names become diagnostics.
pub fn compile(e: &Expr, names: &dyn Names, file: FileId, errors: &mut Vec<Diag>) -> Node {
    let bad = Node::Lit(Lit::Bool(false));
    match e {
        Expr::Number { value, .. } => Node::Lit(Lit::Num(*value)),
        Expr::Str(t) => Node::Lit(Lit::Str(t.value.clone())),
        Expr::Bool { value, .. } => Node::Lit(Lit::Bool(*value)),
        Expr::Name(i) => match names.slot(&i.name) {
            Some(s) => Node::Slot(s),
            None => {
                let cands = names.candidates();
                let hint = did_you_mean(&i.name, cands.iter().map(String::as_str));
                errors.push(
                    Diag::error("unknown-column", format!("unknown column `{}`", i.name))
                        .at(file, i.span, format!("not a {}", names.what()))
                        .help(match hint {
                            Some(h) => format!("did you mean `{h}`?"),
                            None => format!(
                                "available: {}",
                                cands
                                    .iter()
                                    .take(20)
                                    .map(|c| format!("`{c}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        }),
                );
                bad
            }
        },
        Expr::Paren { inner, .. } => compile(inner, names, file, errors),
        Expr::Not { inner, .. } => Node::Not(Box::new(compile(inner, names, file, errors))),
        Expr::Neg { inner, .. } => Node::Neg(Box::new(compile(inner, names, file, errors))),
        Expr::Binary { op: BinOp::And, left, right, .. } => Node::And(
            Box::new(compile(left, names, file, errors)),
            Box::new(compile(right, names, file, errors)),
        ),
        Expr::Binary { op: BinOp::Or, left, right, .. } => Node::Or(
            Box::new(compile(left, names, file, errors)),
            Box::new(compile(right, names, file, errors)),
        ),
        Expr::Binary { op, left, right, .. } => Node::Bin(
            *op,
            Box::new(compile(left, names, file, errors)),
            Box::new(compile(right, names, file, errors)),
        ),
        Expr::InRange { subject, low, high, .. } => {
            Node::InRange(Box::new(compile(subject, names, file, errors)), *low, *high)
        }
        Expr::InList { subject, items, .. } => Node::InList(
            Box::new(compile(subject, names, file, errors)),
            items
                .iter()
                .map(|l| match l {
                    Literal::Str(t) => Lit::Str(t.value.clone()),
                    Literal::Number { value, .. } => Lit::Num(*value),
                    Literal::Name(i) => Lit::Str(i.name.clone()),
                })
                .collect(),
        ),
        Expr::Call { function, args, span } => {
            let f = match (function.name.as_str(), args.len()) {
                ("round", 1 | 2) => Some(Func::Round),
                ("abs", 1) => Some(Func::Abs),
                ("min", 2) => Some(Func::Min),
                ("max", 2) => Some(Func::Max),
                ("is_missing", 1) => Some(Func::IsMissing),
                ("prefix", 2) => Some(Func::Prefix),
                _ => None,
            };
            match f {
                Some(f) => Node::Call(f, args.iter().map(|a| compile(a, names, file, errors)).collect()),
                None => {
                    errors.push(
                        Diag::error("unknown-function", format!("unknown function `{}` with {} argument(s)", function.name, args.len()))
                            .at(file, *span, "not a kimon function")
                            .help("available: round(x), round(x, digits), abs(x), min(a, b), max(a, b), is_missing(x), prefix(code, n); use `let … = rhai` for more"),
                    );
                    bad
                }
            }
        }
        Expr::Aggregate(a) => {
            errors.push(
                Diag::error("nested-aggregate", "an aggregate cannot appear inside a row filter")
                    .at(file, a.span, "here"),
            );
            bad
        }
    }
}

/// The origin of an expression, for messages that point at the rulebook.
pub fn origin_of(e: &Expr, file: FileId) -> Origin {
    Origin { file, span: e.span() }
}

/// A row filter specialised for the streaming pass: the common shapes
/// (`column == "text"`, `column == 1`, `column < 65`, `column in 15..64`,
/// combined with `and`/`or`/`not`) compare the field's bytes or its parsed
/// integer directly instead of going through [`V`] values and the generic
/// interpreter. Everything else falls back to [`Node::eval`], so the
/// meaning is always that of the generic interpreter (tested below).
#[derive(Debug, Clone)]
pub enum Fast {
    Const(bool),
    /// Text equality with a string literal; a missing field is neither
    /// equal nor unequal (as in [`V::equals`]).
    StrEq {
        field: usize,
        lit: Box<str>,
        negate: bool,
    },
    /// A comparison of a field with a number literal (`field op lit`).
    NumCmp {
        field: usize,
        op: BinOp,
        lit: f64,
    },
    InRange {
        field: usize,
        lo: f64,
        hi: f64,
    },
    Not(Box<Fast>),
    And(Box<Fast>, Box<Fast>),
    Or(Box<Fast>, Box<Fast>),
    Generic(Node),
}

impl Fast {
    /// Specialises a compiled filter.
    pub fn from_node(n: &Node) -> Fast {
        match n {
            Node::Lit(Lit::Bool(b)) => Fast::Const(*b),
            Node::Not(a) => Fast::Not(Box::new(Fast::from_node(a))),
            Node::And(a, b) => Fast::And(Box::new(Fast::from_node(a)), Box::new(Fast::from_node(b))),
            Node::Or(a, b) => Fast::Or(Box::new(Fast::from_node(a)), Box::new(Fast::from_node(b))),
            Node::InRange(a, lo, hi) => match **a {
                Node::Slot(Slot::Field(field)) => Fast::InRange { field, lo: *lo, hi: *hi },
                _ => Fast::Generic(n.clone()),
            },
            Node::Bin(op, a, b) => {
                let flipped = match op {
                    BinOp::Lt => BinOp::Gt,
                    BinOp::Le => BinOp::Ge,
                    BinOp::Gt => BinOp::Lt,
                    BinOp::Ge => BinOp::Le,
                    other => *other,
                };
                let (field, lit, op) = match (&**a, &**b) {
                    (Node::Slot(Slot::Field(f)), Node::Lit(l)) => (*f, l, *op),
                    (Node::Lit(l), Node::Slot(Slot::Field(f))) => (*f, l, flipped),
                    _ => return Fast::Generic(n.clone()),
                };
                match (op, lit) {
                    (BinOp::Eq | BinOp::Ne, Lit::Str(s)) => {
                        Fast::StrEq { field, lit: s.as_str().into(), negate: op == BinOp::Ne }
                    }
                    (BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge, Lit::Num(x)) => {
                        Fast::NumCmp { field, op, lit: *x }
                    }
                    _ => Fast::Generic(n.clone()),
                }
            }
            _ => Fast::Generic(n.clone()),
        }
    }

    /// The fields whose [`FieldVal`] [`Fast::test`] reads.
    pub fn fields(&self, out: &mut Vec<usize>) {
        match self {
            Fast::StrEq { field, .. } | Fast::NumCmp { field, .. } | Fast::InRange { field, .. } => {
                if !out.contains(field) {
                    out.push(*field);
                }
            }
            Fast::Not(a) => a.fields(out),
            Fast::And(a, b) | Fast::Or(a, b) => {
                a.fields(out);
                b.fields(out);
            }
            Fast::Const(_) | Fast::Generic(_) => {}
        }
    }

    /// Whether the row passes the filter (the truth of the expression).
    /// `vals[i]` must hold [`FieldVal::of`] field `i` for every field that
    /// [`Fast::fields`] lists: each field is classified and parsed once per
    /// row however many filters read it.
    #[inline]
    pub fn test(&self, row: &Row<'_>, vals: &[FieldVal]) -> bool {
        match self {
            Fast::Const(b) => *b,
            Fast::StrEq { field, lit, negate } => match vals.get(*field) {
                Some(v) if !v.missing => row.fields.get(*field).is_some_and(|s| short_eq(s, lit)) != *negate,
                _ => false,
            },
            Fast::NumCmp { field, op, lit } => {
                let Some(v) = vals.get(*field).filter(|v| !v.missing) else { return false };
                let x = v.num;
                if x.is_nan() {
                    // Text is unequal to every number, and never ordered.
                    return *op == BinOp::Ne;
                }
                match op {
                    BinOp::Eq => x == *lit,
                    BinOp::Ne => x != *lit,
                    BinOp::Lt => x < *lit,
                    BinOp::Le => x <= *lit,
                    BinOp::Gt => x > *lit,
                    _ => x >= *lit,
                }
            }
            Fast::InRange { field, lo, hi } => vals.get(*field).is_some_and(|v| v.num >= *lo && v.num <= *hi),
            Fast::Not(a) => !a.test(row, vals),
            Fast::And(a, b) => a.test(row, vals) && b.test(row, vals),
            Fast::Or(a, b) => a.test(row, vals) || b.test(row, vals),
            Fast::Generic(n) => n.eval(row).truthy(),
        }
    }
}

/// Equality of two short strings without a `memcmp` call.
#[inline]
fn short_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// A field classified once per row: missing symbol or not, and its number
/// (`NaN` if it is not numeric; parsed numbers are always finite).
#[derive(Debug, Clone, Copy)]
pub struct FieldVal {
    pub missing: bool,
    pub num: f64,
}

impl Default for FieldVal {
    fn default() -> Self {
        FieldVal { missing: true, num: f64::NAN }
    }
}

impl FieldVal {
    #[inline]
    pub fn of(text: Option<&str>) -> FieldVal {
        match text.map(V::field) {
            None | Some(V::Missing(_)) => FieldVal::default(),
            Some(v) => FieldVal { missing: false, num: v.num().unwrap_or(f64::NAN) },
        }
    }
}

#[cfg(test)]
mod fast_tests {
    use super::*;

    fn field(i: usize) -> Box<Node> {
        Box::new(Node::Slot(Slot::Field(i)))
    }
    fn num(x: f64) -> Box<Node> {
        Box::new(Node::Lit(Lit::Num(x)))
    }
    fn text(s: &str) -> Box<Node> {
        Box::new(Node::Lit(Lit::Str(s.into())))
    }

    /// The specialised filters agree with the generic interpreter on every
    /// shape they cover, including missing symbols, text and leading zeros.
    #[test]
    fn fast_filters_agree_with_the_interpreter() {
        let values =
            ["", "0", "1", "01", "15", "64", "65", "x", "-", ".", "DE", "de", "a", "1.5", "12,5", " 7 "];
        let mut nodes = Vec::new();
        for op in [BinOp::Eq, BinOp::Ne, BinOp::Lt, BinOp::Le, BinOp::Gt, BinOp::Ge] {
            for lit in [num(1.0), num(65.0), num(0.0), text("DE"), text("1"), text("01")] {
                nodes.push(Node::Bin(op, field(0), lit.clone()));
                nodes.push(Node::Bin(op, lit, field(0)));
            }
        }
        nodes.push(Node::InRange(field(0), 15.0, 64.0));
        nodes.push(Node::Not(Box::new(Node::InRange(field(0), 0.0, 1.0))));
        nodes.push(Node::Or(
            Box::new(Node::Bin(BinOp::Eq, field(0), num(1.0))),
            Box::new(Node::Bin(BinOp::Eq, field(0), text("DE"))),
        ));
        nodes.push(Node::Slot(Slot::Field(0)));
        for node in &nodes {
            let fast = Fast::from_node(node);
            for v in values {
                let fields = [v];
                let row = Row { fields: &fields, lets: &[] };
                let vals = [FieldVal::of(Some(v))];
                assert_eq!(fast.test(&row, &vals), node.eval(&row).truthy(), "{node:?} on {v:?}");
            }
        }
    }
}
