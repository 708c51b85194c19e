//! Names an expression refers to, for dependency ordering of `let`s.

use kimon_grammar::ast::Expr;

pub fn referenced_names(e: &Expr) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    e.walk(&mut |x| {
        if let Expr::Name(i) = x {
            if !out.contains(&i.name) {
                out.push(i.name.clone());
            }
        }
    });
    out
}
