//! Error recovery: after a syntax error, split the file at lines that start
//! a top-level declaration and parse each chunk on its own.

use super::{parse_single_item, MAX_NESTING};
use crate::ast::Span;
use crate::error::ParseError;

const TOP_LEVEL: &[&str] = &[
    "rulebook",
    "import",
    "source",
    "dimension",
    "area",
    "field",
    "indicator",
    "override",
    "check",
    "privacy",
    "assessment",
    "let",
];

pub fn parse_items_separately(source: &str) -> Vec<ParseError> {
    let starts = item_starts(source);
    let mut errors = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(source.len());
        let Some(chunk) = source.get(start..end) else { continue };
        if let Err(e) = parse_single_item(chunk, start) {
            errors.push(e);
        }
    }
    errors
}

/// Byte offsets of lines (at column 0) that begin with a top-level keyword.
fn item_starts(source: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let word: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if TOP_LEVEL.contains(&word.as_str()) {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts
}

/// Refuses input nested deeper than [`MAX_NESTING`] brackets before pest
/// sees it (strings, comments and rhai code are skipped).
pub fn check_nesting(source: &str) -> Option<ParseError> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'`' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'`' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(
                        ParseError::new(
                            format!("brackets nested deeper than {MAX_NESTING} levels"),
                            Span::new(i, i + 1),
                            "nesting limit reached here",
                        )
                        .with_help("split the expression with `let` definitions"),
                    );
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether `c` is a bidirectional formatting character (U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Refuses bidirectional control characters outside string literals: in
/// code, comments and rhai scripts they can make the text look different
/// from what is parsed ("Trojan Source", CVE-2021-42574). Inside labels
/// they are allowed by the grammar; the engine warns and outputs show them
/// visibly.
pub fn check_bidi(source: &str) -> Option<ParseError> {
    enum In {
        Code,
        Str,
        Comment,
        Script,
    }
    let mut state = In::Code;
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match state {
            In::Str => match c {
                '\\' => {
                    chars.next();
                }
                '"' => state = In::Code,
                _ => {}
            },
            _ if is_bidi_control(c) => {
                return Some(
                    ParseError::new(
                        format!(
                            "bidirectional control character U+{:04X} outside a label: it can make the rulebook read differently from what it does",
                            c as u32
                        ),
                        Span::new(i, i + c.len_utf8()),
                        "invisible direction control here",
                    )
                    .with_help("delete the character; kimon accepts direction controls only inside labels (and shows them visibly there)"),
                );
            }
            In::Code => match c {
                '"' => state = In::Str,
                '`' => state = In::Script,
                '/' if chars.peek().map(|p| p.1) == Some('/') => state = In::Comment,
                _ => {}
            },
            In::Comment if c == '\n' => state = In::Code,
            In::Script if c == '`' => state = In::Code,
            In::Comment | In::Script => {}
        }
    }
    None
}
