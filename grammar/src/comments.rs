//! Collects `// …` comments with their spans. The grammar skips comments;
//! the formatter re-attaches them by position, so every comment survives
//! `kimon fmt`.

use crate::ast::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The comment text including the leading `//`, without trailing spaces.
    pub text: String,
    pub span: Span,
}

/// Scans the source for comments, skipping string literals and rhai code in
/// backticks (where `//` is not a comment).
pub fn scan_comments(source: &str) -> Vec<Comment> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'`' => i = skip_until(bytes, i + 1, b'`'),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = source[i..].find('\n').map_or(source.len(), |n| i + n);
                let text = source[i..end].trim_end().to_string();
                out.push(Comment { span: Span::new(i, i + text.len()), text });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_until(bytes: &[u8], start: usize, end: u8) -> usize {
    bytes[start.min(bytes.len())..].iter().position(|b| *b == end).map_or(bytes.len(), |n| start + n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_but_not_inside_strings_or_code() {
        let src = "a \"x // no\" // yes\nlet b = rhai `1 // no`\n// last";
        let texts: Vec<_> = scan_comments(src).into_iter().map(|c| c.text).collect();
        assert_eq!(texts, vec!["// yes", "// last"]);
    }
}
