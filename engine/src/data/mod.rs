//! Reading data: official missing-value symbols, field parsing, CSV
//! headers and byte-range splitting for the parallel streaming pass.

pub mod missing;
pub mod number;
pub mod reader;

pub use missing::MissingKind;
