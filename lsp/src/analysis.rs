//! One check of an open rulebook, as `kimon check` runs it, with the
//! editor's unsaved buffers read instead of the files on disk.

use crate::data_headers::DataTables;
use crate::index::Index;
use kimon_engine::diag::{Diag, FileId, SourceMap};
use kimon_engine::load::{LoadOptions, LoadedFile};
use kimon_engine::model::Model;
use kimon_engine::session::{check_with, Options};
use std::path::{Path, PathBuf};

/// Everything the requests on one document need.
pub struct Analysis {
    pub diags: Vec<Diag>,
    pub sources: SourceMap,
    pub model: Option<Model>,
    pub files: Vec<LoadedFile>,
    pub index: Index,
    /// The document's own file among the loaded ones.
    pub root: Option<FileId>,
    /// Columns and codes of the data files the sources name.
    pub data: DataTables,
}

/// Checks the rulebook at `path`; `open` are the texts of all open
/// documents by canonical path (the document itself among them).
pub fn analyse(path: &Path, text: &str, open: &[(PathBuf, String)]) -> Analysis {
    let opts = Options::default();
    if path.canonicalize().is_err() {
        return unsaved(path, text);
    }
    let load_opts = LoadOptions { ignore_pins: false, substitutes: open.to_vec() };
    let (checked, files) = check_with(path, &opts, &load_opts);
    let canonical = path.canonicalize().ok();
    let root =
        checked.sources.files().find(|(_, f)| f.path.canonicalize().ok() == canonical).map(|(id, _)| id);
    let index = Index::build(&files);
    let data = DataTables::read(&files, &checked.sources);
    Analysis {
        diags: checked.diags.items,
        sources: checked.sources,
        model: checked.model,
        files,
        index,
        root,
        data,
    }
}

/// A buffer not yet saved anywhere: only its syntax can be checked (its
/// imports and data are relative to a folder it does not have yet).
fn unsaved(path: &Path, text: &str) -> Analysis {
    let mut sources = SourceMap::default();
    let id = sources.add(path.display().to_string(), path.to_path_buf(), text.to_string());
    let mut diags = Vec::new();
    let mut files = Vec::new();
    match kimon_grammar::parse(text) {
        Ok(p) => files.push(LoadedFile {
            id,
            ast: p.file,
            level: 0,
            dir: PathBuf::new(),
            canonical: path.to_path_buf(),
        }),
        Err(errors) => {
            for e in errors {
                diags.push(Diag::error("syntax", e.message).at(id, e.span, e.label).help_opt(e.help));
            }
        }
    }
    let index = Index::build(&files);
    Analysis { diags, sources, model: None, files, index, root: Some(id), data: DataTables::default() }
}
