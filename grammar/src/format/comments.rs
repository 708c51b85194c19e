//! The queue of comments not yet printed. The layout prints nodes in source
//! order and, before and after each printed line, takes the comments that
//! belong there. Because the queue only ever advances, every comment is
//! printed exactly once and in its original order: none can be lost or
//! duplicated, whatever the layout decides.

use super::source::SourceText;
use crate::Comment;

pub(super) struct CommentQueue<'a> {
    comments: Vec<&'a Comment>,
    next: usize,
}

impl<'a> CommentQueue<'a> {
    pub(super) fn new(source: &SourceText<'a>) -> Self {
        CommentQueue { comments: source.comments().to_vec(), next: 0 }
    }

    fn peek(&self) -> Option<&'a Comment> {
        self.comments.get(self.next).copied()
    }

    /// Takes the next comment if it starts before `pos`: a comment on its
    /// own line before a node, or one inside a node that is printed on a
    /// single line (it moves to a line of its own above that node).
    pub(super) fn pop_before(&mut self, pos: usize) -> Option<&'a Comment> {
        let comment = self.peek().filter(|c| c.span.start < pos)?;
        self.next += 1;
        Some(comment)
    }

    /// Takes the next comment if it follows code ending at `end` on the same
    /// source line: it stays at the end of the printed line.
    pub(super) fn pop_trailing(&mut self, source: &SourceText, end: usize) -> Option<&'a Comment> {
        let comment = self.peek().filter(|c| source.same_line(end, c.span.start))?;
        self.next += 1;
        Some(comment)
    }

    /// Whether a comment not yet printed starts inside `from..to`.
    pub(super) fn any_within(&self, from: usize, to: usize) -> bool {
        self.comments
            .get(self.next..)
            .unwrap_or_default()
            .iter()
            .any(|c| c.span.start >= from && c.span.start < to)
    }
}
