//! Rough text measurement for layout (legend flow, label columns, title
//! wrapping). The SVG is drawn before any font is known, so widths are
//! estimated from character classes of a typical sans-serif, erring wide
//! so that text fits in the wider fonts (DejaVu Sans) too.

/// Estimated width of `text` at `font_size` in user units.
pub(crate) fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * font_size
}

/// Advance widths in em, rounded up from DejaVu Sans, the widest common
/// sans-serif (Arial and Helvetica are ~10 % narrower, so text that fits
/// here fits there).
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | '\u{a0}' | ' ' => 0.33,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.42,
        'm' | 'w' | 'M' | 'W' | '%' | '@' | '\u{2030}' => 0.98,
        '0'..='9' | '+' | '\u{2212}' | '\u{2013}' | '*' => 0.64,
        c if c.is_uppercase() => 0.74,
        _ => 0.62,
    }
}

/// How much wider bold text runs than regular.
pub(crate) const BOLD: f64 = 1.1;

/// `text` cut to fit `max_width`, ending in "…" when cut.
pub(crate) fn truncate(text: &str, font_size: f64, max_width: f64) -> String {
    if text_width(text, font_size) <= max_width {
        return text.to_string();
    }
    let budget = max_width - text_width("\u{2026}", font_size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = char_em(c) * font_size;
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('\u{2026}');
    out
}

/// Word-wraps `text` into at most `max_lines` lines of `max_width`; the
/// last line is truncated with "…" if text remains.
pub(crate) fn wrap(text: &str, font_size: f64, max_width: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if current.is_empty() || text_width(&candidate, font_size) <= max_width {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    let max_lines = max_lines.max(1);
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(format!("{rest}\u{2026}"));
    }
    lines.into_iter().map(|l| truncate(&l, font_size, max_width)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_truncates() {
        assert!(text_width("Mitte", 12.0) > text_width("ill", 12.0));
        assert_eq!(truncate("kurz", 12.0, 500.0), "kurz");
        let cut = truncate(&"Sehr langer Bezirksname ".repeat(5), 12.0, 100.0);
        assert!(cut.ends_with('\u{2026}'));
        assert!(text_width(&cut, 12.0) <= 100.0);
        assert_eq!(truncate("", 12.0, 0.0), "");
    }

    #[test]
    fn wraps_into_lines() {
        let lines = wrap("Arbeitslosenquote nach Staatsangehörigkeit in der Gesamtstadt", 14.0, 250.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| text_width(l, 14.0) <= 250.0));
        assert_eq!(wrap("", 14.0, 100.0, 2), Vec::<String>::new());
        let three = wrap("a b c d e f g h i j k l m n o p", 14.0, 30.0, 2);
        assert_eq!(three.len(), 2);
        assert!(three[1].ends_with('\u{2026}'));
    }
}
