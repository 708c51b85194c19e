//! Finding the rulebooks in the folders a user names: every `*.kimon` file,
//! recursively, in a stable order. Hidden folders (`.kimon-pins/` keeps
//! copies of pinned cores) and links are not followed, and the depth and
//! number of files are bounded so a folder of anything cannot stall it.

use std::path::{Path, PathBuf};

/// Deepest folder level searched below a named folder.
const MAX_DEPTH: usize = 6;
/// Most rulebooks one catalogue reads.
pub const MAX_RULEBOOKS: usize = 1000;

/// The rulebook files under `paths` as (display path, path), sorted and
/// without duplicates, and a warning for every path that cannot be read.
pub fn rulebook_files(paths: &[PathBuf]) -> (Vec<(String, PathBuf)>, Vec<String>) {
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    for p in paths {
        match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => walk(p, 0, &mut found, &mut warnings),
            Ok(m) if m.is_file() => found.push(p.clone()),
            Ok(_) => warnings.push(format!("{}: neither a folder nor a regular file; skipped", p.display())),
            Err(e) => warnings.push(format!("{}: cannot be read ({e}); skipped", p.display())),
        }
    }
    found.sort();
    found.dedup();
    if found.len() > MAX_RULEBOOKS {
        warnings
            .push(format!("{} rulebooks found; only the first {MAX_RULEBOOKS} are catalogued", found.len()));
        found.truncate(MAX_RULEBOOKS);
    }
    (found.into_iter().map(|p| (p.display().to_string(), p)).collect(), warnings)
}

fn walk(dir: &Path, depth: usize, found: &mut Vec<PathBuf>, warnings: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return warnings.push(format!("{}: cannot be read ({e}); skipped", dir.display())),
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || found.len() > MAX_RULEBOOKS {
            continue;
        }
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        if ft.is_dir() && depth < MAX_DEPTH {
            walk(&path, depth + 1, found, warnings);
        } else if ft.is_file() && path.extension().is_some_and(|x| x == "kimon") {
            found.push(path);
        }
    }
}
