//! Byte offsets (the spans of the parser and of miette) to LSP positions and
//! back. LSP counts characters in UTF-16 code units, so „Einbürgerung“ is
//! 14 units but 18 bytes: a plain byte column would put every squiggle after
//! an umlaut in the wrong place.

use lsp_types::{Position, Range};

/// Line starts of one text, for repeated conversions.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The position of a byte offset; offsets past the end or inside a
    /// character are clamped to the nearest character boundary before it.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts[line];
        let units: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, units as u32)
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    /// The byte offset of a position; a character past the line's end means
    /// the line's end, a line past the text's end means the text's end.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else { return self.text.len() };
        let end = self.starts.get(pos.line as usize + 1).map_or(self.text.len(), |e| e - 1);
        let mut units = 0usize;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// The range of the whole text (for formatting edits).
    pub fn full_range(&self) -> Range {
        Range::new(Position::new(0, 0), self.position(self.text.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umlauts_count_once_and_astral_twice() {
        let text = "a „Einbürgerung“ x\n😀b\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        // „ (1) + Einbürgerung (12) + “ (1) + 2 spaces + a = 17 units.
        assert_eq!(idx.position(x), Position::new(0, 17));
        assert_eq!(idx.offset(Position::new(0, 17)), x);
        let b = text.rfind('b').unwrap();
        assert_eq!(idx.position(b), Position::new(1, 2));
        assert_eq!(idx.offset(Position::new(1, 2)), b);
        assert_eq!(idx.offset(Position::new(1, 99)), text.len() - 1);
        assert_eq!(idx.offset(Position::new(9, 0)), text.len());
        assert_eq!(idx.position(9999), Position::new(2, 0));
        // An offset inside `ü` falls back to its start.
        let u = text.find('ü').unwrap();
        assert_eq!(idx.position(u + 1), idx.position(u));
    }
}
