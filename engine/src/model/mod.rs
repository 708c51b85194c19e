//! The resolved rulebook: every name checked, imports merged, overrides
//! applied. Evaluation, privacy and rendering work only on this model.

mod data_format;
mod dimension;
mod english;
mod indicator;
mod meta;
mod settings;
mod source;

pub use data_format::*;
pub use dimension::*;
pub use indicator::*;
pub use meta::*;
pub use settings::*;
pub use source::*;

use crate::diag::{FileId, SourceMap};
use indexmap::IndexMap;
use kimon_grammar::ast::{Expr, Span};
use serde::Serialize;

/// Where a declaration was written, for diagnostics after resolution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Origin {
    pub file: FileId,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub meta: Meta,
    pub sources: IndexMap<String, Source>,
    pub dimensions: IndexMap<String, Dimension>,
    pub areas: IndexMap<String, Area>,
    pub fields: IndexMap<String, Field>,
    pub indicators: IndexMap<String, Indicator>,
    pub checks: IndexMap<String, Check>,
    pub lets: IndexMap<String, LetDef>,
    pub privacy: PrivacySettings,
    pub assessment: AssessmentSettings,
    #[serde(skip)]
    pub files: SourceMap,
    /// German text → English version, from every `"…" en "…"` of the
    /// rulebook's files (later files win); see [`english`].
    #[serde(skip)]
    pub english: IndexMap<String, String>,
}

/// A `let` definition: a derived column computed per data row.
#[derive(Debug, Clone, Serialize)]
pub struct LetDef {
    pub name: String,
    pub body: LetBody,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub enum LetBody {
    Native(Expr),
    Rhai { code: String, code_span: Span },
}

/// A plausibility check over aggregates, e.g. Germans with migration
/// background + foreigners = persons with migration background.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub id: String,
    pub title: String,
    /// English title (`en "…"`), used instead of `title` for English output.
    pub title_en: Option<String>,
    pub expect: Option<Expr>,
    pub by: Vec<String>,
    pub tolerance: f64,
    pub severity: CheckSeverity,
    pub description: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckSeverity {
    Error,
    Warning,
}
