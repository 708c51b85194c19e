//! Go to definition and find references, across the files the loader read.

use crate::analysis::Analysis;
use crate::position::LineIndex;
use kimon_engine::diag::FileId;
use kimon_grammar::ast::Span;
use lsp_types::Location;

pub fn definition(a: &Analysis, offset: usize) -> Vec<Location> {
    let Some(o) = a.root.and_then(|r| a.index.at(r, offset)) else { return Vec::new() };
    a.index.definitions(&o.key).into_iter().filter_map(|(f, s)| location(a, f, s)).collect()
}

pub fn references(a: &Analysis, offset: usize, include_declaration: bool) -> Vec<Location> {
    let Some(o) = a.root.and_then(|r| a.index.at(r, offset)) else { return Vec::new() };
    a.index
        .references(&o.key, include_declaration)
        .into_iter()
        .filter_map(|(f, s)| location(a, f, s))
        .collect()
}

/// The editor's location of a span in one of the loaded files.
pub fn location(a: &Analysis, file: FileId, span: Span) -> Option<Location> {
    let f = a.sources.get(file)?;
    let path = f.path.canonicalize().unwrap_or_else(|_| f.path.clone());
    let uri = crate::uri::from_path(&path)?;
    Some(Location::new(uri, LineIndex::new(&f.text).range(span.start, span.end)))
}
