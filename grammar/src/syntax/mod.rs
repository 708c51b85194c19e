//! The only place that knows pest. `parse` returns the typed AST or every
//! syntax error it can find: on failure the file is split at top-level
//! declarations and each is parsed on its own, so one typo does not hide
//! the rest.

mod errors;
mod lower;
mod recover;

use crate::ast::File;
use crate::comments::{scan_comments, Comment};
use crate::error::ParseError;
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "syntax/kimon.pest"]
struct KimonParser;

/// Deepest bracket nesting accepted. pest parses recursively; a hostile file
/// with 100,000 `(` would otherwise overflow the stack.
pub const MAX_NESTING: usize = 64;

/// Deepest expression tree accepted, counting every construct: each operator
/// of a chain (`a and b and …`, `x + y + …`), each `not` and unary `-`, each
/// call, aggregate and bracket adds one level. Later passes over the tree
/// (checks, evaluation, formatting) recurse; this bounds their stack use.
pub const MAX_EXPR_DEPTH: usize = 256;

/// A parsed file with the comments the formatter needs.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub file: File,
    pub comments: Vec<Comment>,
}

/// Parses one rulebook file.
pub fn parse(source: &str) -> Result<Parsed, Vec<ParseError>> {
    if let Some(err) = recover::check_nesting(source) {
        return Err(vec![err]);
    }
    if let Some(err) = recover::check_bidi(source) {
        return Err(vec![err]);
    }
    match KimonParser::parse(Rule::file, source) {
        Ok(mut pairs) => {
            let file_pair = pairs.next().ok_or_else(|| vec![errors::internal(0)])?;
            let file = lower::file(file_pair, 0).map_err(|e| vec![e])?;
            Ok(Parsed { file, comments: scan_comments(source) })
        }
        Err(first) => {
            let first = errors::from_pest(&first, source, 0);
            let mut all = recover::parse_items_separately(source);
            if all.is_empty() || all.iter().all(|e| e.span.start > first.span.start) {
                all.insert(0, first);
            }
            all.dedup_by(|a, b| a.span.start == b.span.start);
            Err(all)
        }
    }
}

fn parse_single_item(chunk: &str, offset: usize) -> Result<(), ParseError> {
    KimonParser::parse(Rule::item_only, chunk).map(|_| ()).map_err(|e| errors::from_pest(&e, chunk, offset))
}
