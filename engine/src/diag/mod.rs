//! Diagnostics: one plain data type for every error and warning kimon
//! reports (rulebook, data, privacy), rendered through miette for people and
//! as JSON for machines.

mod render;
mod sources;

pub use render::{render_human, render_json, RenderStyle};
pub use sources::{FileId, SourceMap};

use kimon_grammar::ast::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a diagnostic points: a span in a rulebook file, or a line and
/// column in a data file (whose text is not kept in memory).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Location {
    Rulebook { file: FileId, span: Span },
    Data { path: String, line: u64, column: u64, text: String, field_start: usize, field_len: usize },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diag {
    pub severity: Severity,
    /// Stable code such as `kimon::unknown-name`, for documentation and tests.
    pub code: String,
    pub message: String,
    pub location: Option<Location>,
    pub label: String,
    pub help: Option<String>,
    /// Further places in the same file worth pointing at.
    pub related: Vec<(Span, String)>,
}

impl Diag {
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Diag {
            severity: Severity::Error,
            code: format!("kimon::{code}"),
            message: message.into(),
            location: None,
            label: String::new(),
            help: None,
            related: Vec::new(),
        }
    }

    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Diag { severity: Severity::Warning, ..Diag::error(code, message) }
    }

    pub fn at(mut self, file: FileId, span: Span, label: impl Into<String>) -> Self {
        self.location = Some(Location::Rulebook { file, span });
        self.label = label.into();
        self
    }

    pub fn at_data(mut self, location: Location, label: impl Into<String>) -> Self {
        self.location = Some(location);
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A list of diagnostics collected over a whole run, so many errors are
/// reported at once instead of stopping at the first.
#[derive(Debug, Clone, Default)]
pub struct Diags {
    pub items: Vec<Diag>,
}

impl Diags {
    pub fn push(&mut self, d: Diag) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diag>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diag::is_error)
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    /// Sorts by file position so output does not depend on check order.
    pub fn sort(&mut self) {
        self.items.sort_by_key(|d| match &d.location {
            Some(Location::Rulebook { file, span }) => (0, file.0, span.start as u64, 0),
            Some(Location::Data { line, column, .. }) => (1, 0, *line, *column),
            None => (2, 0, 0, 0),
        });
    }
}
