//! The copies of pinned files kept beside the pinning rulebook, so that a
//! later mismatch can be explained as a semantic diff (a pin itself holds
//! only the hash). Content-addressed: `.kimon-pins/<sha256>.kimon`; a copy
//! whose bytes do not hash to its name is ignored.

use super::hash::sha256_hex;
use crate::limits::MAX_RULEBOOK_BYTES;
use std::path::{Path, PathBuf};

/// The folder beside a pinning rulebook that holds the pinned copies.
pub const STORE_DIR: &str = ".kimon-pins";

fn copy_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(STORE_DIR).join(format!("{}.kimon", sha256.to_ascii_lowercase()))
}

/// The pinned text with this hash, if a verified copy is kept in `dir`.
pub fn stored_copy(dir: &Path, sha256: &str) -> Option<String> {
    if !super::is_sha256_hex(sha256) {
        return None;
    }
    let path = copy_path(dir, sha256);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.file_type().is_file() || meta.len() > MAX_RULEBOOK_BYTES {
        return None;
    }
    let bytes = std::fs::read(&path).ok()?;
    if sha256_hex(&bytes) != sha256.to_ascii_lowercase() {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// Keeps a copy of `bytes` in `dir` (atomically; an existing verified copy
/// is left alone). Returns the path written or kept.
pub fn store_copy(dir: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let sha = sha256_hex(bytes);
    let path = copy_path(dir, &sha);
    if stored_copy(dir, &sha).is_some() {
        return Ok(path);
    }
    std::fs::create_dir_all(dir.join(STORE_DIR))?;
    crate::output::write_atomic(&path, bytes)?;
    Ok(path)
}
