//! The high-level entry points the CLI calls: each is one library function
//! with plain data in and out.

use crate::diag::{Diags, SourceMap};
use crate::load::{load, AccessPolicy};
use crate::model::Model;
use std::path::{Path, PathBuf};

/// Options shared by all commands that read a rulebook.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Data files are looked up here instead of next to the rulebook.
    pub data_dir: Option<PathBuf>,
    /// Further directories a rulebook may read from.
    pub allow_paths: Vec<PathBuf>,
}

impl Options {
    pub fn policy(&self, rulebook: &Path) -> AccessPolicy {
        let mut extra = self.allow_paths.clone();
        extra.extend(self.data_dir.iter().cloned());
        AccessPolicy::for_rulebook(rulebook, &extra)
    }
}

/// Result of `kimon check`: the model (if it could be built), all
/// diagnostics, and the sources to render them against.
pub struct Checked {
    pub model: Option<Model>,
    pub diags: Diags,
    pub sources: SourceMap,
}

/// Loads, resolves and lints a rulebook.
pub fn check(rulebook: &Path, opts: &Options) -> Checked {
    let loaded = load(rulebook, &opts.policy(rulebook));
    let sources = loaded.sources.clone();
    let (model, mut diags) = crate::resolve::resolve(loaded);
    if let Some(m) = &model {
        crate::lint::lint(m, &mut diags);
    }
    diags.sort();
    Checked { model, diags, sources }
}
