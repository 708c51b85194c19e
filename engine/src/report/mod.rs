//! Rendering: charts, German number formatting and the report documents.

pub mod chart;
pub mod numfmt;
