//! Turning rhai's line/column positions into byte offsets.
//!
//! The engine reports script errors as miette diagnostics, which want a byte
//! span into the rulebook. rhai only knows 1-based lines and 1-based
//! *character* columns, so the conversion has to walk the source text.

use rhai::Position;

/// Byte offset into `source` of a rhai [`Position`], or `None` when rhai has
/// no position for the error.
///
/// rhai starts a new line at every `\n` and counts every other character,
/// including a `\r` before the `\n`, as one column; this mirrors that
/// exactly. Positions past the end of a line (rhai points one column past
/// the last character for "unexpected end of input") clamp to the line end,
/// so the result is always a valid char boundary within `source`.
pub(crate) fn byte_offset(source: &str, pos: Position) -> Option<usize> {
    let line = pos.line()?;
    let mut line_start = 0;
    // `split('\n')` yields one more item than there are newlines, so every
    // line rhai can name is found; a line beyond the end clamps to the end.
    let mut lines = source.split('\n');
    for _ in 1..line {
        match lines.next() {
            Some(text) => line_start += text.len() + 1,
            None => return Some(source.len()),
        }
    }
    let text = match lines.next() {
        Some(text) => text,
        None => return Some(source.len()),
    };
    // `position()` is `None` at the very beginning of a line (column 0).
    let column = pos.position().unwrap_or(1).max(1);
    let within = text.char_indices().nth(column - 1).map_or(text.len(), |(index, _)| index);
    Some((line_start + within).min(source.len()))
}

#[cfg(test)]
mod tests {
    use super::byte_offset;
    use rhai::Position;

    #[test]
    fn first_line_and_later_lines() {
        let src = "ab\ncdé\r\nfg";
        assert_eq!(byte_offset(src, Position::new(1, 1)), Some(0));
        assert_eq!(byte_offset(src, Position::new(1, 2)), Some(1));
        assert_eq!(byte_offset(src, Position::new(2, 3)), Some(5));
        // 'é' is two bytes; the `\r` after it is column 4 of line 2.
        assert_eq!(byte_offset(src, Position::new(2, 4)), Some(7));
        assert_eq!(byte_offset(src, Position::new(3, 2)), Some(10));
    }

    #[test]
    fn out_of_range_clamps_and_none_stays_none() {
        let src = "ab\ncd";
        assert_eq!(byte_offset(src, Position::new(1, 99)), Some(2));
        assert_eq!(byte_offset(src, Position::new(9, 1)), Some(5));
        assert_eq!(byte_offset(src, Position::NONE), None);
        assert_eq!(byte_offset("", Position::new(1, 1)), Some(0));
    }
}
