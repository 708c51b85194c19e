//! Where a feature sits in a GeoJSON file, for diagnostics that point at
//! the line. The parsed document has no positions, so the place is found
//! again in the text: the n-th `"Feature"` type tag, or the key property
//! with its value. Both hold for every GeoJSON file written by common
//! tools; when nothing is found the diagnostic points at the rulebook.

/// Byte offset of the `n`-th (0-based) `"Feature"` string in `text`.
pub(crate) fn nth_feature(text: &str, n: usize) -> Option<usize> {
    text.match_indices("\"Feature\"").nth(n).map(|(i, _)| i)
}

/// Byte offset of `"key": value` (value as a JSON string or number) at or
/// after `from`.
pub(crate) fn key_value(text: &str, from: usize, key: &str, value: &str) -> Option<usize> {
    let name = format!("\"{key}\"");
    let mut at = from.min(text.len());
    while let Some(i) = text.get(at..).and_then(|t| t.find(&name)) {
        let start = at + i;
        let rest = text[start + name.len()..].trim_start();
        if let Some(after) = rest.strip_prefix(':') {
            let v = after.trim_start();
            let quoted = format!("\"{value}\"");
            if v.starts_with(&quoted)
                || (v.starts_with(value)
                    && !v[value.len()..].starts_with(|c: char| c.is_ascii_alphanumeric()))
            {
                return Some(start);
            }
        }
        at = start + name.len();
    }
    None
}

/// 1-based line and column (in characters) of a byte offset, and the line.
pub(crate) fn line_of(text: &str, offset: usize) -> (u64, u64, &str) {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |p| offset + p);
    let line = text[..offset].matches('\n').count() as u64 + 1;
    let column = text[start..offset].chars().count() as u64 + 1;
    (line, column, text[start..end].trim_end_matches('\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\"type\": \"FeatureCollection\", \"features\": [\n {\"type\": \"Feature\", \"properties\": {\"code\": \"01\"}},\n {\"type\": \"Feature\", \"properties\": {\"code\": 7}}\n]}";

    #[test]
    fn finds_features_and_keys_by_line() {
        let second = nth_feature(DOC, 1).unwrap();
        assert_eq!(line_of(DOC, second).0, 3);
        assert!(nth_feature(DOC, 2).is_none(), "the collection's own type is not a feature");
        let at = key_value(DOC, 0, "code", "7").unwrap();
        let (line, column, text) = line_of(DOC, at);
        assert_eq!((line, column), (3, 37));
        assert!(text.contains("\"code\": 7"));
        assert_eq!(line_of(DOC, key_value(DOC, 0, "code", "01").unwrap()).0, 2);
        assert!(key_value(DOC, 0, "code", "0").is_none());
    }
}
