//! Row expressions (compiled filters, group conditions, derived area codes)
//! written as SQL with kimon's meaning.
//!
//! kimon's filters are two-valued: a missing value (SQL `NULL`) is neither
//! equal nor unequal to anything and never true, and `not` of a comparison
//! with a missing value is true. SQL is three-valued, so every condition
//! is closed with `COALESCE(…, FALSE)` before `NOT`, `AND` or `OR` see it.
//! Text literals compare as text (`CAST(col AS TEXT) = 'DE'`), number
//! literals as numbers (`age >= 15`, the column must be numeric).

use super::dialect::Dialect;
use crate::eval::expr::{Func, Lit, Node, Slot};
use crate::eval::plan::{LetPlan, SourcePlan};
use crate::eval::value::V;
use crate::model::Origin;
use kimon_grammar::ast::BinOp;

/// Why an expression cannot be computed in the database.
#[derive(Debug, Clone, PartialEq)]
pub struct Untranslatable {
    pub what: String,
    /// Where the cause is, when it is not the expression itself (a `let`).
    pub origin: Option<Origin>,
}

pub type Sql = Result<String, Untranslatable>;

/// Translates the nodes of one source plan.
pub struct Translator<'p> {
    pub dialect: Dialect,
    pub plan: &'p SourcePlan,
}

impl Translator<'_> {
    fn column(&self, i: usize) -> Sql {
        match self.plan.header.get(i) {
            Some(h) => Ok(self.dialect.ident(h)),
            None => Err(Untranslatable { what: format!("column #{i}"), origin: None }),
        }
    }

    fn text(&self, v: &str) -> String {
        format!("CAST({v} AS {})", self.dialect.text_type())
    }

    fn double(&self, v: &str) -> String {
        format!("CAST({v} AS {})", self.dialect.double_type())
    }

    /// A `let` inlined as its SQL value.
    fn let_value(&self, i: usize) -> Sql {
        match self.plan.lets.get(i) {
            Some(LetPlan::Native(node)) => self.value(node),
            Some(LetPlan::Rhai { origin, name, .. }) => Err(Untranslatable {
                what: format!("`let {name}` is a rhai script, which the database cannot run"),
                origin: Some(*origin),
            }),
            None => Err(Untranslatable { what: format!("let #{i}"), origin: None }),
        }
    }

    fn literal(&self, l: &Lit) -> String {
        match l {
            Lit::Num(x) => number(*x),
            Lit::Str(s) => self.dialect.string(s),
            Lit::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }

    /// A condition that is `TRUE` or `FALSE`, never `NULL`.
    pub fn cond(&self, n: &Node) -> Sql {
        Ok(match n {
            Node::Lit(Lit::Bool(b)) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Node::Lit(Lit::Num(x)) => if *x != 0.0 { "TRUE" } else { "FALSE" }.to_string(),
            Node::Lit(Lit::Str(s)) => if V::Str(s).truthy() { "TRUE" } else { "FALSE" }.to_string(),
            Node::Not(a) => format!("NOT {}", self.cond(a)?),
            Node::And(a, b) => format!("({} AND {})", self.cond(a)?, self.cond(b)?),
            Node::Or(a, b) => format!("({} OR {})", self.cond(a)?, self.cond(b)?),
            Node::Bin(op @ (BinOp::And | BinOp::Or), a, b) => {
                let word = if *op == BinOp::And { "AND" } else { "OR" };
                format!("({} {word} {})", self.cond(a)?, self.cond(b)?)
            }
            Node::Bin(op, a, b) if is_comparison(*op) => self.compare(*op, a, b)?,
            Node::InRange(a, lo, hi) => {
                format!("COALESCE({} BETWEEN {} AND {}, FALSE)", self.value(a)?, number(*lo), number(*hi))
            }
            Node::InList(a, items) => self.in_list(a, items)?,
            Node::Call(Func::IsMissing, args) => match args.first() {
                Some(a) => format!("({} IS NULL)", self.value(a)?),
                None => "TRUE".to_string(),
            },
            // A column (or computed value) used as a flag: kimon's truth of text.
            other => {
                let v = self.value(other)?;
                format!(
                    "COALESCE({} IN ('1', 'true', 'TRUE', 'ja', 'Ja', 'yes', 'j', 'J'), FALSE)",
                    self.text(&v)
                )
            }
        })
    }

    fn compare(&self, op: BinOp, a: &Node, b: &Node) -> Sql {
        let sym = match op {
            BinOp::Eq => "=",
            BinOp::Ne => "<>",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            _ => ">=",
        };
        // Text literal on one side: compare as text.
        let text_side = |x: &Node| matches!(x, Node::Lit(Lit::Str(_)));
        let (l, r) = if text_side(a) || text_side(b) {
            let side = |x: &Node| -> Sql {
                match x {
                    Node::Lit(l) => Ok(self.literal(l)),
                    other => Ok(self.text(&self.value(other)?)),
                }
            };
            (side(a)?, side(b)?)
        } else {
            (self.value(a)?, self.value(b)?)
        };
        Ok(format!("COALESCE({l} {sym} {r}, FALSE)"))
    }

    fn in_list(&self, a: &Node, items: &[Lit]) -> Sql {
        let v = self.value(a)?;
        let texts: Vec<String> =
            items.iter().filter(|l| matches!(l, Lit::Str(_))).map(|l| self.literal(l)).collect();
        let nums: Vec<String> =
            items.iter().filter(|l| matches!(l, Lit::Num(_))).map(|l| self.literal(l)).collect();
        let mut parts = Vec::new();
        if !texts.is_empty() {
            parts.push(format!("COALESCE({} IN ({}), FALSE)", self.text(&v), texts.join(", ")));
        }
        if !nums.is_empty() {
            parts.push(format!("COALESCE({v} IN ({}), FALSE)", nums.join(", ")));
        }
        Ok(match parts.len() {
            0 => "FALSE".to_string(),
            1 => parts.remove(0),
            _ => format!("({})", parts.join(" OR ")),
        })
    }

    /// A value (`NULL` = missing).
    pub fn value(&self, n: &Node) -> Sql {
        Ok(match n {
            Node::Lit(l) => self.literal(l),
            Node::Slot(Slot::Field(i)) => self.column(*i)?,
            Node::Slot(Slot::Let(i)) => self.let_value(*i)?,
            Node::Neg(a) => format!("(-{})", self.value(a)?),
            Node::Bin(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div), a, b) => {
                let (x, y) = (self.double(&self.value(a)?), self.double(&self.value(b)?));
                match op {
                    BinOp::Add => format!("({x} + {y})"),
                    BinOp::Sub => format!("({x} - {y})"),
                    BinOp::Mul => format!("({x} * {y})"),
                    // x / 0 is not finite: missing, as in kimon.
                    _ => format!("({x} / NULLIF({y}, 0))"),
                }
            }
            Node::Call(f, args) => self.call(*f, args)?,
            cond => format!("(CASE WHEN {} THEN TRUE ELSE FALSE END)", self.cond(cond)?),
        })
    }

    fn call(&self, f: Func, args: &[Node]) -> Sql {
        let arg = |i: usize| -> Sql {
            match args.get(i) {
                Some(a) => self.value(a),
                None => Err(Untranslatable { what: "a function without its argument".into(), origin: None }),
            }
        };
        let literal_int = |i: usize, what: &str| -> Result<i64, Untranslatable> {
            match args.get(i) {
                Some(Node::Lit(Lit::Num(x))) if x.fract() == 0.0 && x.abs() < 1e6 => Ok(*x as i64),
                None => Ok(0),
                _ => Err(Untranslatable {
                    what: format!("{what} that is not a whole-number literal"),
                    origin: None,
                }),
            }
        };
        Ok(match f {
            Func::Abs => format!("ABS({})", self.double(&arg(0)?)),
            Func::Round => {
                let digits = literal_int(1, "`round` with a number of digits")?.clamp(0, 12);
                self.dialect.round(&self.double(&arg(0)?), digits)
            }
            Func::Min | Func::Max => {
                let (x, y) = (self.double(&arg(0)?), self.double(&arg(1)?));
                let g = if matches!(f, Func::Min) { "LEAST" } else { "GREATEST" };
                // LEAST/GREATEST skip NULLs in PostgreSQL; kimon's min of a
                // missing value is missing.
                format!("(CASE WHEN {x} IS NULL OR {y} IS NULL THEN NULL ELSE {g}({x}, {y}) END)")
            }
            Func::Prefix => {
                let len = literal_int(1, "`prefix` with a length")?;
                if len < 0 {
                    "NULL".to_string()
                } else {
                    format!("SUBSTR({}, 1, {len})", self.text(&arg(0)?))
                }
            }
            Func::IsMissing => format!("(CASE WHEN {} IS NULL THEN TRUE ELSE FALSE END)", arg(0)?),
        })
    }
}

fn is_comparison(op: BinOp) -> bool {
    matches!(op, BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge)
}

/// A finite number as SQL (`15`, `0.5`, `-3`); non-finite numbers cannot
/// come from a rulebook literal and are written as `NULL`.
fn number(x: f64) -> String {
    if !x.is_finite() {
        return "NULL".to_string();
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}
