//! `kimon catalogue`: every indicator of every rulebook in some folders, as
//! peers see it when they want to learn how others measure a thing (source
//! report §3.5.7: learning from each other, not ranking). Indicators that
//! measure the same thing are grouped and their differences spelled out, so
//! nobody sets figures side by side that must not be compared („Äpfel mit
//! Birnen“, §3.5.1).
//!
//! Definitions only: the catalogue loads and resolves rulebooks and never
//! opens a data file, so it holds no value and can be shared freely.

mod discover;
mod entry;
mod group;
mod html;

pub use discover::rulebook_files;
pub use entry::{Entry, GroupBy, SourceEntry};
pub use group::{Difference, DifferenceValue, FieldGroup, Measure};
pub use html::render_html;

use crate::load::AccessPolicy;
use crate::model::Model;
use crate::report::numfmt::Lang;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One rulebook the catalogue read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulebookInfo {
    /// The file as found (relative to the folder given when possible).
    pub file: String,
    pub name: String,
    pub municipality: Option<String>,
    pub publisher: Option<String>,
    pub version: Option<String>,
    pub indicators: usize,
}

/// The catalogue: the rulebooks read, the ones skipped, and the indicators
/// grouped by field of action and by what they measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalogue {
    pub rulebooks: Vec<RulebookInfo>,
    /// Rulebooks that could not be read or do not resolve, with the reason.
    pub warnings: Vec<String>,
    pub fields: Vec<FieldGroup>,
}

/// Builds the catalogue of every rulebook (`*.kimon`) in `paths` (folders
/// are searched recursively, files taken as they are). A rulebook that
/// fails to load or resolve is listed in `warnings` and skipped.
pub fn catalogue(paths: &[PathBuf], lang: Lang) -> Catalogue {
    let (files, mut warnings) = rulebook_files(paths);
    let mut read: Vec<(String, Model)> = Vec::new();
    for (display, path) in files {
        match resolve(&path) {
            Ok(model) => read.push((display, model)),
            Err(reason) => warnings.push(format!("{display}: {reason}")),
        }
    }
    let rulebooks = read
        .iter()
        .map(|(file, m)| RulebookInfo {
            file: file.clone(),
            name: m.meta.name.clone(),
            municipality: m.meta.municipality.clone(),
            publisher: m.meta.publisher.clone(),
            version: m.meta.version.clone(),
            indicators: m.indicators.len(),
        })
        .collect();
    let fields = group::group(&read, lang);
    Catalogue { rulebooks, warnings, fields }
}

/// Loads and resolves one rulebook, its `extends` and `import`s included;
/// no data file is opened (the header check of `kimon check` is not run).
fn resolve(path: &Path) -> Result<Model, String> {
    let policy = AccessPolicy::for_rulebook(path, &[]);
    let loaded = crate::load::load(path, &policy);
    if let Some(d) = loaded.diags.items.iter().find(|d| d.is_error()) {
        return Err(d.message.clone());
    }
    let (model, diags) = crate::resolve::resolve(loaded);
    let errors = diags.items.iter().filter(|d| d.is_error()).count();
    match (model, diags.items.iter().find(|d| d.is_error())) {
        (Some(m), None) => Ok(m),
        (_, Some(d)) => Err(format!("does not resolve ({errors} error(s)), first: {}", d.message)),
        (None, None) => Err("does not resolve".into()),
    }
}

/// The catalogue as pretty-printed JSON (stable field order).
pub fn render_json(c: &Catalogue) -> String {
    serde_json::to_string_pretty(c).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
