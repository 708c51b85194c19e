//! The line writer. It knows nothing about rulebooks or comments: it only
//! turns "a line at depth n" and "a blank line here" into text, so that the
//! rules "2-space indentation", "never two blank lines in a row" and "exactly
//! one newline at the end" live in one place and cannot be broken by the
//! layout code above it.

/// One indentation step. The canonical style has no options.
const INDENT: &str = "  ";

/// Separates code from a comment at the end of the same line.
const TRAILING_GAP: &str = "  ";

/// Accumulates the formatted output line by line.
#[derive(Debug, Default)]
pub(super) struct Printer {
    out: String,
}

impl Printer {
    pub(super) fn new() -> Self {
        Printer::default()
    }

    /// Writes `text` at `depth` levels of indentation, with an optional
    /// end-of-line comment. `text` may itself contain newlines (verbatim rhai
    /// code); only its first line is indented, the rest is the author's.
    pub(super) fn line(&mut self, depth: usize, text: &str, trailing: Option<&str>) {
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        self.out.push_str(text);
        if let Some(comment) = trailing {
            self.out.push_str(TRAILING_GAP);
            self.out.push_str(comment);
        }
        self.out.push('\n');
    }

    /// Requests one empty line. Collapses with an empty line already written
    /// and is ignored at the very start, so at most one blank line can ever
    /// appear in a row.
    pub(super) fn blank_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// The finished text: ends with exactly one newline, or is empty when
    /// there was nothing to print (an empty file stays empty).
    pub(super) fn finish(self) -> String {
        let mut out = self.out;
        let kept = out.trim_end_matches('\n').len();
        out.truncate(kept);
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_and_appends_trailing_comments() {
        let mut p = Printer::new();
        p.line(0, "a {", Some("// c"));
        p.line(1, "b", None);
        p.line(0, "}", None);
        assert_eq!(p.finish(), "a {  // c\n  b\n}\n");
    }

    #[test]
    fn never_writes_two_blank_lines_or_a_leading_one() {
        let mut p = Printer::new();
        p.blank_line();
        p.line(0, "a", None);
        p.blank_line();
        p.blank_line();
        p.line(0, "b", None);
        p.blank_line();
        assert_eq!(p.finish(), "a\n\nb\n");
    }

    #[test]
    fn empty_document_stays_empty() {
        assert_eq!(Printer::new().finish(), "");
    }
}
