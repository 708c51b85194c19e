//! The Markdown renderer: the same document as the HTML page, with each
//! chart replaced by its text alternative and its data table.

use super::doc::{Block, ReportDoc, Table};

/// Table cells may not contain `|` or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn table(out: &mut String, t: &Table) {
    if !t.caption.is_empty() {
        out.push_str(&format!("*{}*\n\n", t.caption));
    }
    let head: Vec<String> = t.header.iter().map(|h| cell(h)).collect();
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    let rule: Vec<&str> = (0..t.header.len())
        .map(|i| if t.numeric.get(i).copied().unwrap_or(false) { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

fn block(out: &mut String, b: &Block, chart_label: &str) {
    match b {
        Block::Paragraph { text } => out.push_str(&format!("{text}\n\n")),
        Block::Lead { text } => out.push_str(&format!("> {text}\n\n")),
        Block::Subheading { text } => out.push_str(&format!("#### {text}\n\n")),
        Block::Facts { items } => {
            for f in items {
                out.push_str(&format!("- **{}:** {}\n", f.term, f.text));
            }
            out.push('\n');
        }
        Block::List { title, items } => {
            out.push_str(&format!("**{title}**\n\n"));
            for i in items {
                out.push_str(&format!("- {i}\n"));
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
                        let mut field = format!("**{}**<br>{}", r.field, r.steerable);
                        if !r.other.is_empty() {
                            field = format!("{field}<br>{}", r.other);
                        }
                        vec![field, r.strengths.join("<br>"), r.needs.join("<br>")]
                    })
                    .collect(),
                numeric: vec![false; 3],
            };
            table(out, &t);
        }
        Block::Table(t) => table(out, t),
        Block::Chart(c) => {
            out.push_str(&format!("**{chart_label}:** {}\n\n", c.alt));
            table(out, &c.table);
        }
    }
}

/// Renders the document as Markdown (CommonMark with GFM tables).
pub fn render_markdown(doc: &ReportDoc) -> String {
    let chart_label = if doc.lang == "de" { "Abbildung" } else { "Figure" };
    let mut out = format!("# {}\n\n*{}*\n\n", doc.title, doc.subtitle);
    for f in &doc.facts {
        out.push_str(&format!("- **{}:** {}\n", f.term, f.text));
    }
    out.push_str(&format!("\n> {}\n\n", doc.lead));
    out.push_str(&format!("**{}**\n\n", doc.contents_label));
    // Plain titles: Markdown renderers derive heading anchors differently.
    for (n, s) in doc.sections.iter().filter(|s| s.in_contents).enumerate() {
        out.push_str(&format!("{}. {}\n", n + 1, s.title));
    }
    out.push('\n');
    for s in &doc.sections {
        let hashes = "#".repeat(usize::from(s.level.clamp(2, 4)));
        out.push_str(&format!("{hashes} {}\n\n", s.title));
        for b in &s.blocks {
            block(&mut out, b, chart_label);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
