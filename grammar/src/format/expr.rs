//! Expressions and the small lexical pieces (strings, quantities, literals)
//! rendered as single-line text. Parentheses are printed only where the
//! author wrote them: the parser keeps them as `Paren` nodes and the AST
//! already encodes precedence, so printing the tree left to right gives back
//! the same tree.
//!
//! Chains that the grammar parses without recursion (`a + b + … + z`,
//! `not not … x`, `--x`) are walked with loops, so a long chain cannot
//! overflow the stack; real nesting needs brackets, which the parser caps at
//! `MAX_NESTING`.

use crate::ast::{Aggregate, AggregateFn, Expr, Ident, Literal, Quantity, Suffix};

/// A string literal with `"` and `\` escaped and newlines and tabs written
/// as `\n` and `\t`, so every string fits on its line and reads back equal.
pub(super) fn string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// A number as the author wrote its digits, with the unit suffix after one
/// space: `5 %`, `2 pp` (the spaced form is the German convention for `%`
/// and reads the same for both suffixes).
pub(super) fn quantity(q: &Quantity) -> String {
    match q.suffix {
        None => q.literal.clone(),
        Some(Suffix::Percent) => format!("{} %", q.literal),
        Some(Suffix::PercentagePoints) => format!("{} pp", q.literal),
    }
}

/// A list item or setting value.
pub(super) fn literal(l: &Literal) -> String {
    match l {
        Literal::Str(t) => string(&t.value),
        Literal::Number { literal, .. } => literal.clone(),
        Literal::Name(i) => i.name.clone(),
    }
}

/// `a, b, c` for `by`, `audience` and similar lists.
pub(super) fn ident_list(idents: &[Ident]) -> String {
    idents.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// `count(register where …)` or `sum(source.column where …)`.
pub(super) fn aggregate(a: &Aggregate) -> String {
    let mut out = String::new();
    write_aggregate(&mut out, a);
    out
}

/// An expression on one line.
pub(super) fn expr(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e);
    out
}

fn write_aggregate(out: &mut String, a: &Aggregate) {
    out.push_str(match a.function {
        AggregateFn::Count => "count(",
        AggregateFn::Sum => "sum(",
        AggregateFn::Rate => "rate(",
    });
    out.push_str(&a.source.name);
    if let Some(column) = &a.column {
        out.push('.');
        out.push_str(&column.name);
    }
    if let Some(filter) = &a.filter {
        out.push_str(" where ");
        write_expr(out, filter);
    }
    out.push(')');
}

fn write_expr(out: &mut String, e: &Expr) {
    let mut e = e;
    // Prefix chains iteratively: `not not x`, `--x`.
    loop {
        match e {
            Expr::Not { inner, .. } => {
                out.push_str("not ");
                e = inner;
            }
            Expr::Neg { inner, .. } => {
                out.push('-');
                e = inner;
            }
            _ => break,
        }
    }
    match e {
        Expr::Number { literal, .. } => out.push_str(literal),
        Expr::Str(t) => out.push_str(&string(&t.value)),
        Expr::Bool { value, .. } => out.push_str(if *value { "true" } else { "false" }),
        Expr::Name(i) => out.push_str(&i.name),
        Expr::Binary { .. } => write_chain(out, e),
        Expr::InRange { subject, low_lit, high_lit, .. } => {
            write_expr(out, subject);
            out.push_str(" in ");
            out.push_str(low_lit);
            out.push_str("..");
            out.push_str(high_lit);
        }
        Expr::InList { subject, items, .. } => {
            write_expr(out, subject);
            out.push_str(" in [");
            out.push_str(&items.iter().map(literal).collect::<Vec<_>>().join(", "));
            out.push(']');
        }
        Expr::Call { function, args, .. } => {
            out.push_str(&function.name);
            out.push('(');
            for (n, arg) in args.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                write_expr(out, arg);
            }
            out.push(')');
        }
        Expr::Aggregate(a) => write_aggregate(out, a),
        Expr::Paren { inner, .. } => {
            out.push('(');
            write_expr(out, inner);
            out.push(')');
        }
        // Already consumed by the prefix loop above.
        Expr::Not { .. } | Expr::Neg { .. } => {}
    }
}

/// A left-associative chain `a op b op c`, which the parser builds as a
/// left-leaning tree: its left spine is collected with a loop.
fn write_chain(out: &mut String, e: &Expr) {
    let mut rights = Vec::new();
    let mut leftmost = e;
    while let Expr::Binary { op, left, right, .. } = leftmost {
        rights.push((op.symbol(), right.as_ref()));
        leftmost = left;
    }
    write_expr(out, leftmost);
    for (symbol, right) in rights.into_iter().rev() {
        out.push(' ');
        out.push_str(symbol);
        out.push(' ');
        write_expr(out, right);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Span;

    #[test]
    fn strings_are_reescaped() {
        assert_eq!(string("a \"b\" \\ c\nd\te"), r#""a \"b\" \\ c\nd\te""#);
    }

    #[test]
    fn quantities_keep_the_literal_and_space_the_suffix() {
        let q = |literal: &str, suffix| Quantity {
            value: 0.0,
            literal: literal.to_string(),
            suffix,
            span: Span::default(),
        };
        assert_eq!(quantity(&q("2.50", None)), "2.50");
        assert_eq!(quantity(&q("5", Some(Suffix::Percent))), "5 %");
        assert_eq!(quantity(&q("-0.5", Some(Suffix::PercentagePoints))), "-0.5 pp");
    }
}
