//! Key files of parents: a CSV with the columns `code` and `parent` that
//! maps the units of one area level to the units of the next (planning
//! area → district), for hierarchies whose codes do not nest by prefix.
//!
//! Why a file of its own and strict reading: a unit missing from the key,
//! or listed twice with two parents, would move persons into the wrong
//! district or out of every district without a trace — so each is an
//! error with file, line and column.

use crate::data::reader::excerpt;
use rustc_hash::FxHashMap;
use std::path::Path;

/// Largest key file read (a key lists units, not persons).
const MAX_KEY_BYTES: u64 = 16 << 20;

/// A code → parent map, in file order for diagnostics.
#[derive(Debug, Clone, Default)]
pub struct ParentKey {
    pub parents: FxHashMap<String, String>,
}

/// A problem in a key file: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyProblem {
    pub line: u64,
    /// 1-based column (characters) of the offending field, 1 for the line.
    pub column: u64,
    pub text: String,
    pub what: String,
}

/// Reads a key file that the access policy already allowed. Delimiter
/// `,` or `;` (whichever the header uses), UTF-8 (with or without BOM).
pub fn read(path: &Path) -> Result<ParentKey, KeyProblem> {
    let problem = |line: u64, column: u64, text: &str, what: String| KeyProblem {
        line,
        column,
        text: excerpt(text.as_bytes()),
        what,
    };
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if len > MAX_KEY_BYTES {
        return Err(problem(1, 1, "", format!("the key file is larger than {} MiB", MAX_KEY_BYTES >> 20)));
    }
    let bytes = std::fs::read(path).map_err(|e| problem(1, 1, "", format!("cannot read it: {e}")))?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}'),
        Err(e) => {
            let (line, column) = crate::data::encoding::line_column(&bytes, e.valid_up_to());
            return Err(problem(
                line,
                column,
                "",
                "a byte sequence that is not UTF-8; save the key as \"CSV UTF-8\"".into(),
            ));
        }
    };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i as u64 + 1, l.trim_end_matches('\r')));
    let Some((_, head)) = lines.next() else {
        return Err(problem(
            1,
            1,
            "",
            "the key file is empty; it needs the columns `code` and `parent`".into(),
        ));
    };
    let delimiter = if head.matches(';').count() > head.matches(',').count() { ';' } else { ',' };
    let names: Vec<&str> = head.split(delimiter).map(|h| h.trim().trim_matches('"')).collect();
    let (Some(ci), Some(pi)) =
        (names.iter().position(|n| *n == "code"), names.iter().position(|n| *n == "parent"))
    else {
        return Err(problem(1, 1, head, "the header must name the columns `code` and `parent`".into()));
    };
    let mut key = ParentKey::default();
    for (n, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(delimiter).map(|f| f.trim().trim_matches('"')).collect();
        if fields.len() != names.len() {
            return Err(problem(
                n,
                1,
                line,
                format!("this row has {} fields, the header has {}", fields.len(), names.len()),
            ));
        }
        let column_of = |i: usize| -> u64 {
            line.split(delimiter).take(i).map(|f| f.chars().count() as u64 + 1).sum::<u64>() + 1
        };
        let (code, parent) = (fields[ci], fields[pi]);
        if code.is_empty() || parent.is_empty() {
            let i = if code.is_empty() { ci } else { pi };
            return Err(problem(n, column_of(i), line, "an empty code or parent".into()));
        }
        match key.parents.get(code) {
            Some(p) if p != parent => {
                return Err(problem(
                    n,
                    column_of(pi),
                    line,
                    format!("`{code}` is listed again with another parent (`{p}` before, `{parent}` here)"),
                ))
            }
            Some(_) => {}
            None => {
                key.parents.insert(code.to_string(), parent.to_string());
            }
        }
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Result<ParentKey, KeyProblem> {
        let dir = std::env::temp_dir().join(format!("kimon-keyfile-{}-{}", std::process::id(), text.len()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("key.csv");
        let _ = std::fs::write(&path, text);
        let r = read(&path);
        let _ = std::fs::remove_dir_all(&dir);
        r
    }

    #[test]
    fn codes_map_to_parents_and_problems_have_positions() {
        let k = key("code;parent\n0101;01\n0102;01\n0201;02\n").unwrap_or_default();
        assert_eq!(k.parents.get("0102").map(String::as_str), Some("01"));
        assert_eq!(k.parents.len(), 3);
        let e = key("code,parent\n0101,01\n0101,02\n").err();
        assert_eq!(e.as_ref().map(|e| (e.line, e.column)), Some((3, 6)));
        let e = key("plr,bezirk\n0101,01\n").err();
        assert_eq!(e.map(|e| e.line), Some(1));
        let e = key("code,parent\n0101\n").err();
        assert_eq!(e.map(|e| e.line), Some(2));
    }
}
