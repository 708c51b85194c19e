//! Questions the layout asks about the original source text: where a node's
//! code really ends, where a block's `{` is, whether the author left a blank
//! line. The AST does not record braces or blank lines, and pest gives rules
//! that end in an optional part (`quantity`, `cmp_expr`, `let_decl`, …) a
//! span that runs on over the following whitespace *and comments*, so the
//! end of a span cannot be used as it is.
//!
//! Every slice is taken with `get`, so a source that does not match the
//! parsed spans (API misuse) gives a worse layout, never a panic.

use crate::ast::Span;
use crate::Comment;

/// Characters the grammar skips as whitespace (its `WHITESPACE` rule).
pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{FEFF}' | '\u{A0}')
}

/// Whitespace or the optional `;` separator, which the formatter drops.
fn is_gap(c: char) -> bool {
    is_space(c) || c == ';'
}

/// The source text with its comments sorted by position.
pub(super) struct SourceText<'a> {
    text: &'a str,
    comments: Vec<&'a Comment>,
}

impl<'a> SourceText<'a> {
    pub(super) fn new(text: &'a str, comments: &'a [Comment]) -> Self {
        let mut comments: Vec<&Comment> = comments.iter().collect();
        comments.sort_by_key(|c| c.span.start);
        SourceText { text, comments }
    }

    /// The comments in source order.
    pub(super) fn comments(&self) -> &[&'a Comment] {
        &self.comments
    }

    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or("")
    }

    /// The end of the last code token inside `span`: trailing whitespace and
    /// comments that pest folded into the span are cut off.
    pub(super) fn code_end(&self, span: Span) -> usize {
        let start = span.start.min(self.text.len());
        let mut end = span.end.clamp(start, self.text.len());
        loop {
            end = start + self.slice(start, end).trim_end_matches(is_space).len();
            match self.comment_around(end) {
                Some(c) if c.span.start >= start && c.span.start < end => end = c.span.start,
                _ => return end,
            }
        }
    }

    /// The comment that position `pos` lies in (or just after, on the same
    /// line). A comment runs to the end of its line, so that is the last
    /// comment starting before `pos` when no newline lies in between.
    fn comment_around(&self, pos: usize) -> Option<&'a Comment> {
        let index = self.comments.partition_point(|c| c.span.start < pos);
        let comment = *self.comments.get(index.checked_sub(1)?)?;
        let between = self.text.get(comment.span.start..pos)?;
        (!between.contains('\n')).then_some(comment)
    }

    /// The position of the `{` that opens a block, searching from `from`
    /// (just after the declaration's last header token). Comments, strings
    /// and code are skipped, so a `{` inside them is never taken.
    pub(super) fn open_brace(&self, from: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut i = from;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'{' => return Some(i),
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = self.text.get(i..)?.find('\n').map_or(bytes.len(), |n| i + n);
                }
                b'"' => i = skip_string(bytes, i),
                b'`' => i = skip_code(bytes, i),
                _ => i += 1,
            }
        }
        None
    }

    /// Whether the author left a blank line between `from` and `to`. Only a
    /// gap of pure whitespace (and dropped `;`) counts: when comments are
    /// moved, the stretch between two printed things may contain code.
    pub(super) fn blank_line_between(&self, from: usize, to: usize) -> bool {
        if from >= to {
            return false;
        }
        let gap = self.slice(from, to);
        gap.chars().all(is_gap) && gap.matches('\n').count() >= 2
    }

    /// Whether a comment starting at `at` sits on the same line as code that
    /// ends at `end`, with nothing but spaces or `;` in between.
    pub(super) fn same_line(&self, end: usize, at: usize) -> bool {
        end <= at && self.slice(end, at).chars().all(|c| c != '\n' && is_gap(c))
    }
}

fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_code(bytes: &[u8], start: usize) -> usize {
    bytes
        .get(start + 1..)
        .and_then(|rest| rest.iter().position(|&b| b == b'`'))
        .map_or(bytes.len(), |n| start + n + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str, start: usize) -> Comment {
        Comment { text: text.to_string(), span: Span::new(start, start + text.len()) }
    }

    #[test]
    fn code_end_cuts_trailing_whitespace_and_comments() {
        let src = "unit x  // a\n  // b\n  next";
        let comments = vec![comment("// a", 8), comment("// b", 15)];
        let s = SourceText::new(src, &comments);
        assert_eq!(s.code_end(Span::new(0, 22)), 6);
        assert_eq!(s.code_end(Span::new(0, 6)), 6);
    }

    #[test]
    fn open_brace_skips_comments_and_strings() {
        let src = "x \"{\" // {\n {";
        let comments = vec![comment("// {", 6)];
        let s = SourceText::new(src, &comments);
        assert_eq!(s.open_brace(0), Some(12));
    }

    #[test]
    fn blank_lines_count_only_in_pure_gaps() {
        let s = SourceText::new("a\n\n b;\n \n c", &[]);
        assert!(s.blank_line_between(1, 4));
        assert!(!s.blank_line_between(2, 4));
        assert!(s.blank_line_between(5, 10));
        assert!(!s.blank_line_between(0, 10));
        assert!(!s.blank_line_between(4, 4));
    }

    #[test]
    fn same_line_allows_spaces_and_semicolons_only() {
        let s = SourceText::new("a ; // c\nb\n// d", &[]);
        assert!(s.same_line(1, 4));
        assert!(!s.same_line(10, 11));
        assert!(!s.same_line(0, 4));
    }
}
