//! Pinned imports: `extends "kern.kimon" version "2025.1" sha256 "…"`.
//!
//! A rulebook that extends a shared core trusts whatever file lies at that
//! path; a silently changed core changes every municipality's results. A pin
//! fixes the exact bytes: the loader hashes the referenced file *before* it
//! is parsed and refuses it on a mismatch.
//!
//! Design decision (README „Austausch zwischen Kommunen“): a pin holds only
//! the hash, never the pinned text, so on a mismatch kimon can always show
//! both hashes but can only show *what* changed if it still has the old
//! text. `kimon pin` and `kimon update --write` therefore keep a copy of
//! every pinned file in `.kimon-pins/<sha256>.kimon` beside the pinning
//! rulebook (content-addressed, verified against its name before use).
//! With that copy the refusal and `kimon update` show the semantic
//! `kimon diff` of the pinning rulebook resolved with the pinned text
//! against the same rulebook resolved with the file as it is now; without
//! it they say honestly that only the hashes can be compared.

mod changes;
mod hash;
mod rewrite;
mod store;
mod update;
mod verify;

pub use changes::{semantic_change, SemanticChange};
pub use hash::{is_sha256_hex, sha256_hex};
pub use rewrite::{pin, references, PinOutcome, PinnedRef, Reference};
pub use store::{store_copy, stored_copy, STORE_DIR};
pub use update::{render as render_update, update, UpdateEntry, UpdateReport};
pub use verify::{explain_mismatches, refuses_file, verify, version_diag, Mismatch, PinFailure};
