//! The typed rulebook AST. Every node carries a byte [`Span`] into its file;
//! equality ignores spans so that `parse(fmt(x)) == parse(x)` can be checked.

mod expr;
mod items;
mod span;

pub use expr::*;
pub use items::*;
pub use span::*;
