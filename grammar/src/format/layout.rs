//! The layout engine between the AST walk and the line writer. The AST walk
//! (`items.rs`) says "this node is one line covering these source bytes" or
//! "a block opens here / closes here"; the layout decides, from the source
//! positions, which comments go before the line, which one stays at its end,
//! and whether a blank line precedes it. Keeping this in one place makes the
//! comment and blank-line rules the same for every construct of the grammar.

use super::comments::CommentQueue;
use super::printer::Printer;
use super::source::SourceText;
use crate::Comment;

pub(super) struct Layout<'a> {
    source: SourceText<'a>,
    queue: CommentQueue<'a>,
    out: Printer,
    /// Current block depth (0 = top level).
    depth: usize,
    /// Source position just after the last printed thing, for blank lines.
    last_end: usize,
    /// Nothing printed yet in the current block: no blank line may follow `{`.
    at_block_start: bool,
    /// The next printed thing must be preceded by a blank line (item separation).
    force_blank: bool,
}

impl<'a> Layout<'a> {
    pub(super) fn new(text: &'a str, comments: &'a [Comment]) -> Self {
        let source = SourceText::new(text, comments);
        let queue = CommentQueue::new(&source);
        Layout {
            source,
            queue,
            out: Printer::new(),
            depth: 0,
            last_end: 0,
            at_block_start: true,
            force_blank: false,
        }
    }

    pub(super) fn source(&self) -> &SourceText<'a> {
        &self.source
    }

    /// Puts exactly one blank line before whatever is printed next (its
    /// leading comments included): the separation between top-level items.
    pub(super) fn separate(&mut self) {
        self.force_blank = true;
    }

    /// Prints a node that takes one line and covers source `start..end`
    /// (`end` = end of its last code token). Comments before `end` are
    /// printed above it, a comment right after it on the same source line
    /// stays at its end.
    pub(super) fn line(&mut self, start: usize, end: usize, text: &str) {
        self.comments_before(start, end);
        self.spacing(start);
        self.write(end, text);
    }

    /// Prints `header {` (the `{` at source position `brace`) and enters the
    /// block.
    pub(super) fn open(&mut self, start: usize, brace: usize, header: &str) {
        self.line(start, brace.saturating_add(1), &format!("{header} {{"));
        self.depth += 1;
        self.at_block_start = true;
    }

    /// Leaves the block whose `}` is at source position `close`. Comments
    /// before the brace stay inside the block, indented like its contents.
    pub(super) fn close(&mut self, close: usize) {
        self.comments_before(close, close);
        self.depth = self.depth.saturating_sub(1);
        self.write(close.saturating_add(1), "}");
    }

    /// Whether a comment not yet printed lies in `from..to`, e.g. inside
    /// the braces of an otherwise empty block.
    pub(super) fn has_comment_within(&self, from: usize, to: usize) -> bool {
        self.queue.any_within(from, to)
    }

    /// Prints the comments left at the end of the file and returns the text.
    pub(super) fn finish(mut self) -> String {
        self.depth = 0;
        self.comments_before(usize::MAX, usize::MAX);
        self.out.finish()
    }

    /// Prints, each on its own line, the comments that start before `end`
    /// of a line beginning at `start`. Those inside the line (a node that
    /// spanned several source lines) count as sitting at `start` when
    /// deciding about blank lines, so they stay glued to their node.
    fn comments_before(&mut self, start: usize, end: usize) {
        while let Some(comment) = self.queue.pop_before(end) {
            let inside = comment.span.start >= start;
            self.spacing(comment.span.start.min(start));
            self.out.line(self.depth, &comment.text, None);
            self.last_end = if inside { start } else { comment.span.end };
            self.at_block_start = false;
        }
    }

    /// Writes a blank line before a thing starting at `at` when an item
    /// separation is due or the author left one there, never right after `{`.
    fn spacing(&mut self, at: usize) {
        let wanted = self.force_blank || self.source.blank_line_between(self.last_end, at);
        if wanted && !self.at_block_start {
            self.out.blank_line();
        }
        self.force_blank = false;
    }

    /// Writes the line itself with its end-of-line comment, if any.
    fn write(&mut self, end: usize, text: &str) {
        let trailing = self.queue.pop_trailing(&self.source, end);
        self.out.line(self.depth, text, trailing.map(|c| c.text.as_str()));
        self.last_end = trailing.map_or(end, |c| c.span.end.max(end));
        self.at_block_start = false;
    }
}
