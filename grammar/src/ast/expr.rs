use super::{Ident, Span, Text};
use serde::Serialize;

/// Expressions: row filters (`unemployed == 1 and age in 15..64`), native
/// `let` definitions and plausibility-check formulas over aggregates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Expr {
    Number { value: f64, literal: String, span: Span },
    Str(Text),
    Bool { value: bool, span: Span },
    Name(Ident),
    Neg { inner: Box<Expr>, span: Span },
    Not { inner: Box<Expr>, span: Span },
    Binary { op: BinOp, left: Box<Expr>, right: Box<Expr>, span: Span },
    InRange { subject: Box<Expr>, low: f64, high: f64, low_lit: String, high_lit: String, span: Span },
    InList { subject: Box<Expr>, items: Vec<Literal>, span: Span },
    Call { function: Ident, args: Vec<Expr>, span: Span },
    Aggregate(Box<Aggregate>),
    Paren { inner: Box<Expr>, span: Span },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    /// The operator as written in the language.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }

    /// Binding strength, used by the formatter to print only the parentheses
    /// the author wrote (parentheses are kept as `Paren` nodes).
    pub fn is_comparison(self) -> bool {
        matches!(self, BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge)
    }
}

/// A literal in a list (`in ["TR", "SY"]`) or a setting value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Literal {
    Str(Text),
    Number { value: f64, literal: String, span: Span },
    Name(Ident),
}

impl Literal {
    pub fn span(&self) -> Span {
        match self {
            Literal::Str(t) => t.span,
            Literal::Number { span, .. } => *span,
            Literal::Name(i) => i.span,
        }
    }
}

/// `count(source where …)` or `sum(source.column where …)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    pub function: AggregateFn,
    pub source: Ident,
    pub column: Option<Ident>,
    pub filter: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AggregateFn {
    Count,
    Sum,
    /// Published rates, read as published: never added, never averaged;
    /// weighted with their base where one is given.
    Rate,
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Number { span, .. }
            | Expr::Bool { span, .. }
            | Expr::Neg { span, .. }
            | Expr::Not { span, .. }
            | Expr::Binary { span, .. }
            | Expr::InRange { span, .. }
            | Expr::InList { span, .. }
            | Expr::Call { span, .. }
            | Expr::Paren { span, .. } => *span,
            Expr::Str(t) => t.span,
            Expr::Name(i) => i.span,
            Expr::Aggregate(a) => a.span,
        }
    }

    /// Visits this expression and every sub-expression, parents first.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Expr)) {
        visit(self);
        match self {
            Expr::Neg { inner, .. } | Expr::Not { inner, .. } | Expr::Paren { inner, .. } => {
                inner.walk(visit)
            }
            Expr::Binary { left, right, .. } => {
                left.walk(visit);
                right.walk(visit);
            }
            Expr::InRange { subject, .. } | Expr::InList { subject, .. } => subject.walk(visit),
            Expr::Call { args, .. } => args.iter().for_each(|a| a.walk(visit)),
            Expr::Aggregate(agg) => {
                if let Some(f) = &agg.filter {
                    f.walk(visit)
                }
            }
            Expr::Number { .. } | Expr::Str(_) | Expr::Bool { .. } | Expr::Name(_) => {}
        }
    }
}
