//! File access rules for shared (untrusted) rulebooks: a rulebook may read
//! only inside its own directory tree and the directories the user allowed
//! on the command line. Paths are canonicalised first, so `..` escapes and
//! symlinks pointing outside are caught.

use crate::diag::Diag;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct AccessPolicy {
    /// Canonical directories that may be read.
    roots: Vec<PathBuf>,
}

#[derive(Debug)]
pub enum AccessError {
    NotFound(PathBuf, std::io::Error),
    Outside(PathBuf),
    /// Not a regular file: a FIFO (which would block the read forever), a
    /// device, a socket or a directory. Carries the canonical path and what
    /// it is.
    NotRegular(PathBuf, &'static str),
}

/// What a non-regular file is, in words, for diagnostics.
pub fn file_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else if ft.is_symlink() {
        "a symbolic link"
    } else if ft.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

impl AccessError {
    pub fn into_diag(self, display: &str) -> Diag {
        match self {
            AccessError::NotFound(_, e) => {
                Diag::error("file-not-found", format!("cannot open `{display}`: {e}"))
                    .help("check the path; it is relative to the rulebook file that names it")
            }
            AccessError::Outside(_) => {
                let dir = std::path::Path::new(display)
                    .parent()
                    .map_or_else(|| ".".to_string(), |d| d.display().to_string());
                Diag::error("path-not-allowed", format!("`{display}` lies outside the rulebook's directory tree"))
                    .help(format!(
                        "a shared rulebook may only read files below its own directory (symbolic links and `..` included); if you trust it, allow the directory with `--allow-path {dir}`"
                    ))
            }
            AccessError::NotRegular(canonical, kind) => {
                Diag::error("not-a-regular-file", format!("`{display}` is {kind}, not a regular file"))
                    .help(format!(
                        "kimon reads rulebooks only from regular files (a named pipe would block forever, a device never ends); `{display}` resolves to `{}`",
                        canonical.display()
                    ))
            }
        }
    }
}

impl AccessError {
    /// Like [`AccessError::into_diag`], for a data file named by a `source`:
    /// data may also be allowed with `--data-dir`, so the hint names both
    /// flags and the path that was refused.
    pub fn into_data_diag(self, display: &str) -> Diag {
        match self {
            AccessError::Outside(canonical) => {
                let dir = canonical.parent().map_or_else(|| ".".to_string(), |d| d.display().to_string());
                Diag::error(
                    "path-not-allowed",
                    format!("data file `{display}` lies outside the rulebook's directory tree"),
                )
                .help(format!(
                    "a shared rulebook may only read data below its own directory (symbolic links, `..` and absolute paths included; it resolves to `{}`); if you trust it, allow the directory with `--allow-path {dir}` or point `--data-dir` at the directory holding the data",
                    canonical.display()
                ))
            }
            AccessError::NotRegular(canonical, kind) => Diag::error(
                "not-a-regular-file",
                format!("data file `{display}` is {kind}, not a regular file"),
            )
            .help(format!(
                "kimon reads data only from regular files (a named pipe would block forever, a device never ends); `{display}` resolves to `{}`",
                canonical.display()
            )),
            other => other.into_diag(display),
        }
    }
}

impl AccessPolicy {
    /// A policy for the rulebook at `root_file`: its directory plus `extra`
    /// directories (`--data-dir`, `--allow-path`). Directories that do not
    /// exist are ignored here; using them fails later with a clear message.
    pub fn for_rulebook(root_file: &Path, extra: &[PathBuf]) -> Self {
        let mut roots = Vec::new();
        let dir = root_file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if let Ok(c) = dir.canonicalize() {
            roots.push(c);
        }
        for e in extra {
            if let Ok(c) = e.canonicalize() {
                roots.push(c);
            }
        }
        AccessPolicy { roots }
    }

    /// A policy that allows everything below the given directories.
    pub fn with_roots(roots: Vec<PathBuf>) -> Self {
        AccessPolicy { roots: roots.into_iter().filter_map(|r| r.canonicalize().ok()).collect() }
    }

    /// Returns the canonical path if it may be read: inside an allowed
    /// directory and a regular file. The file type is checked on the
    /// resolved path without opening it, so a FIFO (whose `open` blocks until
    /// a writer appears), a device or a socket is refused before any read.
    pub fn check(&self, path: &Path) -> Result<PathBuf, AccessError> {
        let canonical = path.canonicalize().map_err(|e| AccessError::NotFound(path.to_path_buf(), e))?;
        if !self.roots.iter().any(|r| canonical.starts_with(r)) {
            return Err(AccessError::Outside(canonical));
        }
        let meta = std::fs::metadata(&canonical).map_err(|e| AccessError::NotFound(path.to_path_buf(), e))?;
        if !meta.file_type().is_file() {
            let kind = file_kind(&meta.file_type());
            return Err(AccessError::NotRegular(canonical, kind));
        }
        Ok(canonical)
    }
}
