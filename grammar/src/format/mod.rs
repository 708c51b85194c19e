//! The canonical formatter behind `kimon fmt`. There is exactly one style
//! and no options, so rulebooks from different municipalities look alike
//! and diffs show changes in meaning rather than in layout.
//!
//! Guarantees (checked by `tests/format.rs` for every fixture and every
//! rulebook in the repository):
//! - **meaning preserved**: `parse(format(x)).file == parse(x).file`;
//! - **idempotent**: `format(format(x)) == format(x)`;
//! - **every comment survives**, in its original order;
//! - formatting a parsed file cannot fail and does not panic.
//!
//! Layout:
//! - 2-space indentation; `{` ends the declaration line, `}` stands on its
//!   own line; a block with nothing in it (no comment either) is `name {}`.
//! - One property per line, in source order. Optional `;` separators are
//!   dropped, except the two places where removing one would change the
//!   parse: after `compare a` when another property follows (the next
//!   keyword would be read as the second name) and after a number without
//!   suffix when the next setting or band is called `pp`.
//! - Top-level items are separated by exactly one blank line. Runs of
//!   `import`s, of `let`s and of brace-less `field`s are not split up: there
//!   the author's blank line (at most one) is kept, as between properties.
//!   No blank line directly after `{` or before `}`.
//! - Single spaces between tokens: `group any "Title" = own + parents`,
//!   `a + b`, `not x`, `-x`, `age in 15..64`, `["a", "b"]`, `round(x, 1)`,
//!   `count(register where …)`, `sum(src.col where …)`; parentheses only
//!   where the author wrote them. No line is ever wrapped.
//! - Numbers keep the author's digits (`2.50` stays `2.50`); a unit suffix
//!   follows after one space: `5 %`, `2 pp` (German typography spaces `%`).
//! - Strings are re-escaped: `\"`, `\\`, and newline/tab as `\n`/`\t`.
//!   rhai code is printed verbatim between its backticks.
//! - Comments are placed by position: own-line comments go before the next
//!   node of the innermost enclosing block, indented like it; a comment
//!   after code keeps its place at the end of that line (two spaces before
//!   `//`); comments before a `}` stay inside the block; comments at the end
//!   of the file stay there. A comment that was inside a node printed on one
//!   line (e.g. within a multi-line expression or between `indicator x` and
//!   its `{`) moves to its own line just above that node. A blank line
//!   between comments and code is kept (at most one).
//! - The output ends with exactly one newline (an empty file stays empty).

mod comments;
mod expr;
mod items;
mod layout;
mod printer;
mod source;

use crate::{ParseError, Parsed};

/// Parses `source` and prints it in the canonical layout. Fails only with
/// the syntax errors of the input.
pub fn format_source(source: &str) -> Result<String, Vec<ParseError>> {
    let parsed = crate::parse(source)?;
    Ok(format_parsed(&parsed, source))
}

/// Prints an already parsed file in the canonical layout. `source` must be
/// the text `parsed` came from: comments and blank lines are placed by the
/// byte positions of the AST. (Given another text the layout degrades, but
/// this never panics.)
pub fn format_parsed(parsed: &Parsed, source: &str) -> String {
    let mut layout = layout::Layout::new(source, &parsed.comments);
    items::with_english(&parsed.file.english, || items::file(&mut layout, &parsed.file));
    layout.finish()
}

/// An expression printed in canonical form on one line (used by `explain`,
/// reports and to recognise identical filters).
pub fn expr_to_string(e: &crate::ast::Expr) -> String {
    expr::expr(e)
}

/// ` version "…" sha256 "…"` as `kimon fmt` prints it after a path, with
/// its leading space (used by `kimon pin` to rewrite one pin in place).
pub fn pin_to_string(p: &crate::ast::Pin) -> String {
    items::pin(Some(p))
}

/// A text as a quoted, escaped rulebook string.
pub fn quote(s: &str) -> String {
    expr::string(s)
}

/// `count(src where …)` / `sum(src.col where …)` in canonical form.
pub fn aggregate_to_string(a: &crate::ast::Aggregate) -> String {
    expr::aggregate(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(src: &str) -> String {
        match format_source(src) {
            Ok(out) => out,
            Err(errors) => panic!("does not parse: {errors:?}\n{src}"),
        }
    }

    #[test]
    fn formats_the_sample_header() {
        let src = "rulebook \"R\" { municipality \"M\"; kind city; years 2015..2024 }";
        assert_eq!(fmt(src), "rulebook \"R\" {\n  municipality \"M\"\n  kind city\n  years 2015..2024\n}\n");
    }

    #[test]
    fn trailing_and_leading_comments() {
        let src = "// head\nsource s {  // open\n  // lead\n  kind microdata  // tail\n  // last\n}  // after\n// end\n";
        assert_eq!(fmt(src), src);
    }

    #[test]
    fn comment_inside_a_multiline_expression_moves_above() {
        let src = "check c {\n  expect a == 1 // one\n    and b == 2\n}\n";
        assert_eq!(fmt(src), "check c {\n  // one\n  expect a == 1 and b == 2\n}\n");
    }

    #[test]
    fn keeps_the_semicolon_that_compare_needs() {
        let src = "indicator i { compare a; unit percent; compare b; by x }";
        let out = fmt(src);
        assert_eq!(out, "indicator i {\n  compare a;\n  unit percent\n  compare b\n  by x\n}\n");
        assert_eq!(crate::parse(&out).map(|p| p.file).ok(), crate::parse(src).map(|p| p.file).ok());
    }

    #[test]
    fn keeps_the_semicolon_before_a_setting_called_pp() {
        let src = "privacy { a 5; pp 3 }";
        assert_eq!(fmt(src), "privacy {\n  a 5;\n  pp 3\n}\n");
    }

    #[test]
    fn empty_blocks_and_empty_files() {
        assert_eq!(fmt(""), "");
        assert_eq!(fmt("  \n\n"), "");
        assert_eq!(fmt("field f \"F\" { }"), "field f \"F\" {}\n");
        assert_eq!(fmt("assessment { // nothing yet\n}"), "assessment {  // nothing yet\n}\n");
        assert_eq!(fmt("assessment {\n // nothing yet\n}"), "assessment {\n  // nothing yet\n}\n");
    }

    #[test]
    fn crlf_bom_and_missing_final_newline() {
        let lf = "// a\nsource s {\n  kind microdata  // b\n\n  file \"x\"\n}\n// end";
        let crlf = format!("\u{FEFF}{}", lf.replace('\n', "\r\n"));
        assert_eq!(fmt(&crlf), fmt(lf));
        assert_eq!(fmt(lf), format!("{lf}\n"));
    }

    #[test]
    fn comments_glued_to_code_without_spaces() {
        let src = "privacy{min_count 5;// a\nfloor 1// b\n}// c";
        assert_eq!(fmt(src), "privacy {\n  min_count 5  // a\n  floor 1  // b\n}  // c\n");
    }

    #[test]
    fn a_source_that_does_not_match_the_ast_does_not_panic() {
        let Ok(parsed) =
            crate::parse("// c\nindicator i \"\u{e4}\" { thresholds gap { a < 1 } }\nlet x = 1 // d")
        else {
            panic!("fixture does not parse")
        };
        for other in ["", "x", "\u{e4}\u{e4}\u{e4}\u{e4}\u{e4}\u{e4}\u{e4}\u{e4}", "{{{{{{{{{{{{{{{{{{{{{{{{"]
        {
            let out = format_parsed(&parsed, other);
            assert!(out.contains("// c") && out.contains("// d"));
        }
    }
}
