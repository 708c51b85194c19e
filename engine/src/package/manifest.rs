//! The package manifest: what the package is and the hash of every file.

use serde::{Deserialize, Serialize};

/// Name of the manifest entry, always the first in the archive.
pub const MANIFEST_NAME: &str = "kimon-manifest.json";

/// Format tag; a later incompatible layout gets a new one.
pub const FORMAT: &str = "kimon-package/1";

/// What a file in a package is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// The packed rulebook or a file it extends or imports.
    Rulebook,
    /// A CSV header for a source's data file: one line, never data rows.
    Template,
    /// The README beside the rulebook.
    Readme,
    /// A file the rulebook reads besides data: an area's key file
    /// (`parents`, codes to parent units) or its outlines (`geometry`).
    /// Both describe areas, not persons, and are packed as they are.
    Reference,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub kind: FileKind,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// The rulebook's name (`rulebook "…"`).
    pub name: String,
    pub version: Option<String>,
    pub publisher: Option<String>,
    /// Under which terms peers may reuse the rulebook (e.g. an SPDX id).
    pub licence: Option<String>,
    /// Path of the packed rulebook inside the package.
    pub rulebook: String,
    pub files: Vec<ManifestFile>,
}

impl Manifest {
    pub fn new(name: String, rulebook: String) -> Self {
        Manifest {
            format: FORMAT.to_string(),
            name,
            version: None,
            publisher: None,
            licence: None,
            rulebook,
            files: Vec::new(),
        }
    }

    /// Pretty JSON with a final newline (stable: fields in declared order).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
