//! Text hygiene for untrusted strings (labels, codes, identifiers): the
//! Unicode bidirectional control characters that can reverse how a label is
//! displayed ("Trojan Source", CVE-2021-42574).

/// Whether `c` is a bidirectional formatting character: the embeddings and
/// overrides U+202A–U+202E, the isolates U+2066–U+2069, the marks U+200E,
/// U+200F and U+061C.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether `s` holds any bidirectional formatting character.
pub fn has_bidi_control(s: &str) -> bool {
    s.chars().any(is_bidi_control)
}

/// `s` with every bidirectional formatting character made visible as its
/// code point (`<U+202E>`), so it can neither reorder the text around it
/// nor hide.
pub fn show_bidi(s: &str) -> String {
    if !has_bidi_control(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_bidi_control(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A text cell for a spreadsheet export, safe against formula injection
/// (OWASP "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return would be run as a formula by Excel or LibreOffice,
/// so it gets a leading `'`, which spreadsheets show as text. Bidirectional
/// controls are made visible. Only text cells pass through here; numbers
/// (negative ones included) are written as numbers.
pub fn spreadsheet_text(s: &str) -> String {
    let shown = show_bidi(s);
    if shown.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{shown}")
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_are_shown() {
        assert_eq!(show_bidi("abc\u{202E}fed"), "abc<U+202E>fed");
        assert_eq!(show_bidi("Ausländer*innen"), "Ausländer*innen");
        assert!(has_bidi_control("\u{2066}x\u{2069}"));
        assert!(!has_bidi_control("Deutsche"));
    }

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in
            ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"]
        {
            let out = spreadsheet_text(bad);
            assert!(out.starts_with('\''), "{bad:?} → {out:?}");
        }
        assert_eq!(spreadsheet_text("Ausländer*innen"), "Ausländer*innen");
        assert_eq!(spreadsheet_text("Bezirk 01"), "Bezirk 01");
    }
}
