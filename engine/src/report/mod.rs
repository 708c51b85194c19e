//! Rendering: charts, German number formatting and the report documents.
//!
//! The report is built once as a [`doc::ReportDoc`] (audience decides
//! selection and wording) and laid out by [`html::render_html`] or
//! [`markdown::render_markdown`]; [`export`] writes the protected tables.

pub mod chart;
pub mod doc;
pub mod export;
pub mod html;
pub mod markdown;
pub mod numfmt;
mod render;
pub mod sign;
pub mod site;

pub use render::{render_report, write_report, ReportError, ReportFormat};
