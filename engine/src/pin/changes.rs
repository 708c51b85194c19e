//! What a change of a pinned file means for the rulebook that pins it: the
//! semantic `kimon diff` of the rulebook resolved with the pinned text
//! against the same rulebook resolved with the file as it is now.

use super::store::stored_copy;
use crate::load::{load_with, AccessPolicy, LoadOptions};
use crate::tooling::diff::{diff, DiffReport};
use std::path::Path;

/// The outcome of comparing a pinned file's old and new text.
#[derive(Debug)]
pub enum SemanticChange {
    /// A = with the pinned text, B = with the file as it is now.
    Diff(DiffReport),
    /// No verified copy of the pinned text is kept.
    NoCopy,
    /// One of the two versions does not resolve (the message says which).
    Unresolvable(String),
}

/// Compares `root` resolved with the pinned text of `target` (from the copy
/// kept in `pinning_dir`) against `root` resolved with `target` as it is.
/// Pins are not enforced for either side: the point is to see the change.
pub fn semantic_change(
    root: &Path,
    policy: &AccessPolicy,
    target: &Path,
    pinned_sha: &str,
    pinning_dir: &Path,
) -> SemanticChange {
    let Some(old_text) = stored_copy(pinning_dir, pinned_sha) else {
        return SemanticChange::NoCopy;
    };
    let old_opts = LoadOptions { ignore_pins: true, substitutes: vec![(target.to_path_buf(), old_text)] };
    let new_opts = LoadOptions { ignore_pins: true, substitutes: Vec::new() };
    let shown = root.display().to_string();
    let old = crate::resolve::resolve(load_with(root, policy, &old_opts));
    let new = crate::resolve::resolve(load_with(root, policy, &new_opts));
    let (Some(a), false) = (old.0, old.1.has_errors()) else {
        return SemanticChange::Unresolvable(format!("`{shown}` does not resolve with the pinned text"));
    };
    let (Some(b), false) = (new.0, new.1.has_errors()) else {
        return SemanticChange::Unresolvable(format!(
            "`{shown}` does not resolve with the file as it is now"
        ));
    };
    SemanticChange::Diff(diff(&a, &b, &format!("{shown} (pinned)"), &format!("{shown} (now)")))
}
