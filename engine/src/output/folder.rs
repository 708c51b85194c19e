//! Writing a set of files into a folder (`kimon site --out DIR`) with the
//! same care as a single `--out` file.
//!
//! Why these rules: a folder target has more ways to go wrong than a file.
//! A link anywhere on the way would let the files land outside the folder;
//! an existing file may be someone's work or an input of the run. So,
//! before anything is written:
//!
//! - the target must be a folder or not exist, and no part of any path
//!   below it may be a symbolic link or something other than a folder or
//!   a regular file;
//! - an existing file is replaced only with `force`, and never when it is
//!   an input of the run (compared by identity, as for `--out` files).
//!
//! The files are written into a staging folder beside the target first:
//! a new target appears complete in one rename; into an existing folder
//! every file is renamed into place (each rename atomic). A refused or
//! failed write leaves the target as it was.

use crate::diag::Diag;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn refused(target: &Path, why: String, help: &str) -> Box<Diag> {
    Box::new(Diag::error("output-refused", format!("`{}`: {why}", target.display())).help(help))
}

/// Checks the target and every path below it; returns the files that
/// exist already.
fn plan(
    into: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    inputs: &[PathBuf],
) -> Result<Vec<PathBuf>, Box<Diag>> {
    let other = "choose another `--out` folder";
    if let Ok(meta) = std::fs::symlink_metadata(into) {
        if meta.file_type().is_symlink() {
            return Err(refused(
                into,
                "is a symbolic link; kimon does not write through links".into(),
                other,
            ));
        }
        if !meta.is_dir() {
            let kind = crate::load::file_kind(&meta.file_type());
            return Err(refused(into, format!("is {kind}, not a folder"), other));
        }
    }
    let mut existing = Vec::new();
    for path in files.keys() {
        let mut at = into.to_path_buf();
        let parts: Vec<&str> = path.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            at.push(part);
            let Ok(meta) = std::fs::symlink_metadata(&at) else { break };
            let last = i + 1 == parts.len();
            if meta.file_type().is_symlink() {
                return Err(refused(
                    &at,
                    "is a symbolic link; kimon does not write through links".into(),
                    other,
                ));
            }
            if !last && !meta.is_dir() {
                return Err(refused(&at, "is in the way (not a folder)".into(), other));
            }
            if last {
                if !meta.is_file() {
                    return Err(refused(&at, "exists and is not a regular file".into(), other));
                }
                // An input (rulebook, data, outlines) is never replaced.
                super::check_target(&at, inputs, false)?;
                existing.push(at.clone());
            }
        }
    }
    Ok(existing)
}

/// Whether `files` may be written into `into` (see the module docs):
/// called before anything else is committed (the ledger), and again by
/// [`write_folder`].
pub fn check_folder(
    into: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    inputs: &[PathBuf],
    force: bool,
) -> Result<(), Box<Diag>> {
    let existing = plan(into, files, inputs)?;
    if !existing.is_empty() && !force {
        let names: Vec<String> = existing.iter().take(5).map(|p| p.display().to_string()).collect();
        let more =
            if existing.len() > 5 { format!(" and {} more", existing.len() - 5) } else { String::new() };
        return Err(refused(
            into,
            format!("these files exist already: {}{more}", names.join(", ")),
            "pass `--force` to replace them, or choose an empty or new folder",
        ));
    }
    Ok(())
}

/// Writes `files` (paths `/`-separated, relative) into the folder `into`.
/// Existing files are replaced only with `force`; see the module docs.
pub fn write_folder(
    into: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    inputs: &[PathBuf],
    force: bool,
) -> Result<(), Box<Diag>> {
    check_folder(into, files, inputs, force)?;
    let name = into.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let parent = match into.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => p.to_path_buf(),
        None => PathBuf::from("."),
    };
    let staging = parent.join(format!(".{name}.kimon-tmp-{}", std::process::id()));
    let io = |e: std::io::Error| {
        refused(into, format!("cannot write: {e}"), "check the folder's permissions and free space")
    };
    std::fs::create_dir(&staging).map_err(io)?;
    let result = (|| -> std::io::Result<()> {
        for (path, bytes) in files {
            let dest = staging.join(path);
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&dest)?;
            std::io::Write::write_all(&mut f, bytes)?;
            f.sync_all()?;
        }
        if std::fs::symlink_metadata(into).is_err() {
            return std::fs::rename(&staging, into);
        }
        for path in files.keys() {
            let dest = into.join(path);
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::rename(staging.join(path), dest)?;
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result.map_err(io)
}
