//! Reading data: the official sign legend, value and year parsing,
//! encodings, spreadsheets, CSV headers and byte-range splitting for the parallel
//! streaming pass.

pub mod encoding;
pub mod keyfile;
pub mod members;
pub mod missing;
pub mod number;
pub mod parquet;
pub mod prepare;
pub mod reader;
pub mod sheet;
pub mod value_field;
pub mod years;
pub mod zip_guard;

pub use missing::MissingKind;
