//! The checks every archive entry passes before its bytes are read: a
//! regular file under a plain relative path. Anything else a tar can hold
//! (links, devices, FIFOs, directories, absolute or `..` paths) could write
//! outside the target folder or replace files there, so it is refused.

use crate::diag::Diag;

/// Why an entry is refused, in words, or `None` for a regular file.
pub fn refused_type(entry_type: tar::EntryType, link: Option<String>) -> Option<String> {
    use tar::EntryType as T;
    match entry_type {
        T::Regular => None,
        T::Symlink => Some(format!("a symbolic link (to `{}`)", link.unwrap_or_default())),
        T::Link => Some(format!("a hard link (to `{}`)", link.unwrap_or_default())),
        T::Char | T::Block => Some("a device".to_string()),
        T::Fifo => Some("a named pipe (FIFO)".to_string()),
        T::Directory => Some("a directory entry".to_string()),
        other => Some(format!("an entry of unsupported type {:?}", other.as_byte() as char)),
    }
}

/// Checks a path from the archive: UTF-8, relative, `/`-separated plain
/// names (no `.`, `..`, empty parts, backslashes, drive letters or NUL).
pub fn check_path(raw: &[u8]) -> Result<String, String> {
    let path = std::str::from_utf8(raw).map_err(|_| "the path is not UTF-8".to_string())?;
    if path.is_empty() {
        return Err("the path is empty".into());
    }
    if path.starts_with('/') {
        return Err("the path is absolute".into());
    }
    if path.contains('\\') || path.contains('\0') || path.contains(':') {
        return Err("the path contains `\\`, `:` or NUL".into());
    }
    for part in path.split('/') {
        match part {
            ".." => return Err("the path leaves the target folder (`..`)".into()),
            "" | "." => return Err("the path has an empty or `.` part".into()),
            _ => {}
        }
    }
    Ok(path.to_string())
}

/// The refusal of one entry: which package, which entry, where, and why.
pub fn refusal(package: &str, index: usize, offset: u64, shown: &str, why: &str) -> Diag {
    Diag::error(
        "package-refused",
        format!("package `{package}`, entry {index} (`{shown}`, at byte {offset}): {why}"),
    )
    .help("nothing was unpacked; `kimon pack` writes only regular files under plain relative paths with a manifest of their hashes; this package was altered or not made by kimon — ask the sender for a fresh one")
}

/// A package-wide refusal (not tied to one entry).
pub fn refused(package: &str, why: impl std::fmt::Display, help: &str) -> Diag {
    Diag::error("package-refused", format!("package `{package}`: {why}"))
        .help(format!("nothing was unpacked; {help}"))
}

/// A refusal because of the target folder, not the package.
pub fn refused_target(into: &str, why: impl std::fmt::Display, help: &str) -> Diag {
    Diag::error("unpack-target", format!("cannot unpack into `{into}`: {why}; nothing was unpacked"))
        .help(help)
}
