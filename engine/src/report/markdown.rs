//! The Markdown renderer: the same document as the HTML page, with each
//! chart replaced by its text alternative and its data table.

use super::doc::{Block, ReportDoc, Table};

/// Every text of the document is plain text (labels come from shared,
/// untrusted rulebooks): a `<` that could open a tag and an `&` that could
/// start an entity are escaped, so no raw HTML (`<script>`,
/// `<img onerror=…>`) reaches a Markdown renderer; `[`, `]` and
/// backticks are escaped, so no link or code span can be formed; line breaks
/// cannot start a new block; bidirectional controls are shown visibly.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let shown = crate::text::show_bidi(s);
    let mut chars = shown.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        match c {
            // Only `<` before a letter, `/`, `!` or `?` can open a tag, a
            // comment or an autolink; `age < 65` stays readable.
            '<' if next.is_ascii_alphabetic() || matches!(next, '/' | '!' | '?') => out.push_str("&lt;"),
            // Only `&` before a name or `#` can form an entity.
            '&' if next.is_ascii_alphanumeric() || next == '#' => out.push_str("&amp;"),
            '[' | ']' | '`' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Table cells may not contain `|` or line breaks (the text is escaped
/// first, see [`esc`]).
fn cell(s: &str) -> String {
    esc(s).replace('|', "\\|")
}

/// A table cell made of several texts, joined with „; “: no HTML (`<br>`)
/// in cells, so the Markdown reads the same as plain text and in every
/// renderer.
fn cell_lines<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        if !out.is_empty() {
            // A sentence already ends in a full stop.
            out.push_str(if out.ends_with('.') { " " } else { "; " });
        }
        out.push_str(&cell(p));
    }
    out
}

/// A table whose body cells are escaped (see [`cell`]); [`table`] prints
/// body cells as they are, so the overview can keep its bold field names.
fn escaped(t: &Table) -> Table {
    let mut t = t.clone();
    for row in &mut t.rows {
        for c in row.iter_mut() {
            *c = cell(c);
        }
    }
    t
}

fn table(out: &mut String, t: &Table) {
    if !t.caption.is_empty() {
        out.push_str(&format!("*{}*\n\n", esc(&t.caption)));
    }
    let head: Vec<String> = t.header.iter().map(|h| cell(h)).collect();
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    let rule: Vec<&str> = (0..t.header.len())
        .map(|i| if t.numeric.get(i).copied().unwrap_or(false) { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in &t.rows {
        let cells: Vec<String> = row.to_vec();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
    if !t.footnote.is_empty() {
        out.push_str(&format!("*{}*\n\n", esc(&t.footnote)));
    }
}

/// One block; `level` is its section's heading level, so a subheading is
/// one level below it (no skipped heading levels).
fn block(out: &mut String, b: &Block, chart_label: &str, level: usize) {
    match b {
        Block::Paragraph { text } => out.push_str(&format!("{}\n\n", esc(text))),
        Block::Lead { text } => out.push_str(&format!("> {}\n\n", esc(text))),
        Block::Subheading { text } => {
            out.push_str(&format!("{} {}\n\n", "#".repeat((level + 1).min(6)), esc(text)));
        }
        Block::Facts { items } => {
            for f in items {
                out.push_str(&format!("- **{}:** {}\n", esc(&f.term), esc(&f.text)));
            }
            out.push('\n');
        }
        Block::List { title, items } => {
            out.push_str(&format!("**{}**\n\n", esc(title)));
            for i in items {
                out.push_str(&format!("- {}\n", esc(i)));
            }
            out.push('\n');
        }
        Block::Overview(o) => {
            let t = Table {
                indicator: None,
                caption: String::new(),
                header: vec![o.field_header.clone(), o.strengths_header.clone(), o.needs_header.clone()],
                rows: o
                    .rows
                    .iter()
                    .map(|r| {
                        let mut field = format!("**{}** – {}", cell(&r.field), cell(&r.steerable));
                        if !r.other.is_empty() {
                            field = format!("{field}; {}", cell(&r.other));
                        }
                        vec![
                            field,
                            cell_lines(r.strengths.iter().map(String::as_str)),
                            cell_lines(r.needs.iter().map(String::as_str)),
                        ]
                    })
                    .collect(),
                numeric: vec![false; 3],
                footnote: String::new(),
                ..Default::default()
            };
            table(out, &t);
        }
        Block::Table(t) | Block::KeyFigures(t) => table(out, &escaped(t)),
        Block::Chart(c) => {
            out.push_str(&format!("**{chart_label}:** {}\n\n", esc(&c.alt)));
            table(out, &escaped(&c.table));
        }
    }
}

/// Renders the document as Markdown (CommonMark with GFM tables).
pub fn render_markdown(doc: &ReportDoc) -> String {
    let chart_label = if doc.lang == "de" { "Abbildung" } else { "Figure" };
    let mut out = format!("# {}\n\n*{}*\n\n", esc(&doc.title), esc(&doc.subtitle));
    for f in &doc.facts {
        out.push_str(&format!("- **{}:** {}\n", esc(&f.term), esc(&f.text)));
    }
    out.push_str(&format!("\n> {}\n\n", esc(&doc.lead)));
    out.push_str(&format!("**{}**\n\n", esc(&doc.contents_label)));
    // Plain titles: Markdown renderers derive heading anchors differently.
    for (n, s) in doc.sections.iter().filter(|s| s.in_contents).enumerate() {
        out.push_str(&format!("{}. {}\n", n + 1, esc(&s.title)));
    }
    out.push('\n');
    for s in &doc.sections {
        let hashes = "#".repeat(usize::from(s.level.clamp(2, 4)));
        out.push_str(&format!("{hashes} {}\n\n", esc(&s.title)));
        for b in &s.blocks {
            block(&mut out, b, chart_label, usize::from(s.level.clamp(2, 4)));
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
