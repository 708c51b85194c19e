//! `kimon report` as one library call: build the document, render it,
//! write it atomically.

use super::doc::{self, Audience};
use super::numfmt::Lang;
use crate::session::Evaluated;
use std::path::Path;

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Html,
    Markdown,
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Render(#[from] super::html::RenderError),
    #[error("cannot write `{path}`: {source}")]
    Io { path: String, source: std::io::Error },
}

/// The report as text.
pub fn render_report(
    ev: &Evaluated,
    audience: Audience,
    lang: Lang,
    format: ReportFormat,
) -> Result<String, ReportError> {
    let doc = doc::build(ev, audience, lang);
    Ok(match format {
        ReportFormat::Html => super::html::render_html(&doc)?,
        ReportFormat::Markdown => super::markdown::render_markdown(&doc),
    })
}

/// What was written, for the CLI's one-line success message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub bytes: usize,
    /// Estimated A4 pages before the appendix (see `doc::measure`).
    pub main_pages: usize,
}

/// Renders the report and writes it to `out` atomically.
pub fn write_report(
    ev: &Evaluated,
    audience: Audience,
    lang: Lang,
    format: ReportFormat,
    out: &Path,
) -> Result<Written, ReportError> {
    let doc = doc::build(ev, audience, lang);
    let main_pages = doc::measure::estimate(&doc).pages;
    let text = match format {
        ReportFormat::Html => super::html::render_html(&doc)?,
        ReportFormat::Markdown => super::markdown::render_markdown(&doc),
    };
    crate::output::write_atomic(out, text.as_bytes())
        .map_err(|source| ReportError::Io { path: out.display().to_string(), source })?;
    Ok(Written { bytes: text.len(), main_pages })
}
