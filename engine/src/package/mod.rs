//! Rulebook packages (`.kimonpkg`): a rulebook with everything it
//! `extends`/`import`s, header-only data templates, its README and a
//! manifest, to pass on to another municipality — and the guarded way in.
//!
//! The format is a plain (uncompressed) POSIX tar: inspectable with any
//! `tar tvf`, and with fixed modes, owners and mtimes so that packing the
//! same files twice gives the same bytes. `kimon-manifest.json` comes first,
//! then the files in path order. A package never holds data rows: templates
//! are written from the rulebook's declared columns, not read from data.
//!
//! Unpacking trusts nothing in the archive: every entry is checked (plain
//! relative path, regular file, size, count, duplicates) before its bytes
//! are read, every file against the manifest's SHA-256, and nothing is
//! written until the whole package has passed.

mod entry;
mod manifest;
mod pack;
pub mod signature;
mod unpack;

pub use manifest::{FileKind, Manifest, ManifestFile, MANIFEST_NAME};
pub use pack::{pack, PackRequest, Packed};
pub use signature::{keygen, sign, signature_path, KeyPair};
pub use unpack::{unpack, UnpackRequest, Unpacked};

use crate::diag::{Diag, Diags, SourceMap};

/// Why nothing was packed or unpacked: the diagnostics and the rulebook
/// texts they point into.
#[derive(Debug, Default)]
pub struct Refused {
    pub diags: Diags,
    pub sources: SourceMap,
}

impl From<Diag> for Box<Refused> {
    fn from(d: Diag) -> Self {
        Box::new(Refused { diags: Diags { items: vec![d] }, sources: SourceMap::default() })
    }
}
