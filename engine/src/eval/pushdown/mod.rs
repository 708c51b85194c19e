//! Database pushdown: a database source's atom table is computed by the
//! database in one `GROUP BY` query, so person-level rows never leave it.
//!
//! `plan` plans the source without a connection, `query` compiles the
//! plan into SQL (in the dialect asked for; `kimon explain --sql` prints
//! it), `postgres` runs it, and `fill` turns the result rows into the same
//! accumulators and atoms the file pass produces, so everything after the
//! atom table is shared.

pub mod dialect;
pub mod fill;
pub mod plan;
pub mod postgres;
pub mod query;
pub mod run;
pub mod translate;

pub use dialect::Dialect;
pub use query::AtomQuery;
