//! A tiny SVG writer that escapes every attribute value and every text, so
//! labels from rulebooks and data (district names, group names) can never
//! inject markup. Element and attribute names are `&'static str`: only this
//! module's callers, never input, can name them.

/// Writes indented SVG, one element per line (stable, reviewable snapshots).
pub(crate) struct SvgWriter {
    buf: String,
    open: Vec<&'static str>,
}

/// Attribute list: names are static, values are escaped on write.
pub(crate) type Attrs<'a> = [(&'static str, &'a str)];

impl SvgWriter {
    pub(crate) fn new() -> Self {
        SvgWriter { buf: String::with_capacity(16 * 1024), open: Vec::new() }
    }

    /// `<name a="v">`, to be closed by [`SvgWriter::close`].
    pub(crate) fn open(&mut self, name: &'static str, attrs: &Attrs<'_>) {
        self.start_tag(name, attrs);
        self.buf.push_str(">\n");
        self.open.push(name);
    }

    /// Closes the most recently opened element.
    pub(crate) fn close(&mut self) {
        if let Some(name) = self.open.pop() {
            self.indent();
            self.buf.push_str("</");
            self.buf.push_str(name);
            self.buf.push_str(">\n");
        }
    }

    /// `<name a="v"/>`.
    pub(crate) fn leaf(&mut self, name: &'static str, attrs: &Attrs<'_>) {
        self.start_tag(name, attrs);
        self.buf.push_str("/>\n");
    }

    /// `<name a="v">text</name>` with the text escaped.
    pub(crate) fn text(&mut self, name: &'static str, attrs: &Attrs<'_>, text: &str) {
        self.start_tag(name, attrs);
        self.buf.push('>');
        escape_into(&mut self.buf, text);
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push_str(">\n");
    }

    /// Closes whatever is still open and returns the document.
    pub(crate) fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.buf
    }

    fn start_tag(&mut self, name: &'static str, attrs: &Attrs<'_>) {
        self.indent();
        self.buf.push('<');
        self.buf.push_str(name);
        for (key, value) in attrs {
            self.buf.push(' ');
            self.buf.push_str(key);
            self.buf.push_str("=\"");
            escape_into(&mut self.buf, value);
            self.buf.push('"');
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.buf.push_str("  ");
        }
    }
}

/// [`escape_into`] to a new string.
#[cfg(test)]
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Escapes text for XML content and attributes: the five special
/// characters, plus characters XML 1.0 forbids (control characters,
/// U+FFFE/U+FFFF), which become U+FFFD so a stray byte in a label cannot
/// make the whole report unparsable.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            // Direction overrides would reverse the label: shown visibly.
            c if crate::text::is_bidi_control(c) => out.push_str(&format!("&lt;U+{:04X}&gt;", c as u32)),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// A coordinate with at most two decimals and no trailing zeros, so output
/// is byte-stable across platforms and small; non-finite becomes `0`.
pub(crate) fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let text = format!("{v:.2}");
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" || trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// `x1,y1 x2,y2 …` for a `points` attribute.
pub(crate) fn points(coords: &[(f64, f64)]) -> String {
    coords.iter().map(|&(x, y)| format!("{},{}", num(x), num(y))).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_and_control_characters() {
        assert_eq!(escape(r#"<script>"&'</script>"#), "&lt;script&gt;&quot;&amp;&#39;&lt;/script&gt;");
        assert_eq!(escape("a\u{0}b\u{1b}c\u{FFFF}"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}");
        assert_eq!(escape("Köln – Süd\n"), "Köln – Süd\n");
    }

    #[test]
    fn attributes_and_text_are_escaped() {
        let mut w = SvgWriter::new();
        w.open("g", &[("class", "a\"b")]);
        w.text("text", &[("x", "1")], "<b>&</b>");
        w.leaf("rect", &[("fill", "'x'")]);
        let out = w.finish();
        assert_eq!(
            out,
            "<g class=\"a&quot;b\">\n  <text x=\"1\">&lt;b&gt;&amp;&lt;/b&gt;</text>\n  <rect fill=\"&#39;x&#39;\"/>\n</g>\n"
        );
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(1.005), "1");
        assert_eq!(num(2.456), "2.46");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(-12.3), "-12.3");
        assert_eq!(points(&[(1.0, 2.5), (3.25, 4.0)]), "1,2.5 3.25,4");
    }
}
