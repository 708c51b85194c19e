//! The kimon rulebook language: grammar, typed AST with spans, and the
//! canonical formatter. pest stays behind the private `syntax` module, so no
//! pest type appears in this crate's public API and the parser could be
//! swapped without touching the engine.

pub mod ast;
mod comments;
mod error;
pub mod format;
mod syntax;

pub use comments::Comment;
pub use error::ParseError;

pub use syntax::{parse, Parsed, MAX_EXPR_DEPTH, MAX_NESTING};
pub mod suggest;
