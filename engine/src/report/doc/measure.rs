//! A deterministic estimate of the printed length of a report: A4 pages
//! of the main part (everything before the appendix), from words, table
//! rows and chart heights.
//!
//! Why an estimate and not a browser: the page budgets (Politik ≤ 12,
//! public ≤ 8 pages) are tested in the ordinary test suite, which has no
//! Chromium. The model follows the print style sheet (`report.css`: A4,
//! margins 18/16/20 mm, 10 pt, the same page breaks) and was calibrated
//! against Chromium's print-to-PDF of the shipped rulebooks; it errs on
//! the long side, so a report it passes does not overflow in print.

use super::{Block, ReportDoc, Section, Table};

/// Usable page height and width in millimetres (A4 minus the margins).
const PAGE_H: f64 = 297.0 - 18.0 - 20.0;
const PAGE_W: f64 = 210.0 - 32.0;
/// Line height of body text (10 pt × 1.45) and of table text (0.78 rem).
const LINE: f64 = 5.1;
const TABLE_LINE: f64 = 4.1;
/// Average characters per millimetre of line: body text and table text.
const CHARS_PER_MM: f64 = 0.56;
const TABLE_CHARS_PER_MM: f64 = 0.72;

/// Printed height estimate of a report's main part.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// A4 pages before the appendix (the front page included).
    pub pages: usize,
    /// Words in the main part (text and table cells).
    pub words: usize,
    /// Charts in the main part.
    pub charts: usize,
    /// Pages the title block and the front page („Auf einen Blick“) take.
    pub front_pages: usize,
}

/// Lines a text needs at a given width and density.
fn lines(text: &str, width_mm: f64, chars_per_mm: f64) -> f64 {
    let per_line = (width_mm * chars_per_mm).max(1.0);
    (text.chars().count() as f64 / per_line).ceil().max(1.0)
}

fn para(text: &str, width: f64) -> f64 {
    lines(text, width, CHARS_PER_MM) * LINE + 3.0
}

/// A table's height: each column gets width in proportion to its longest
/// cell (as the browser's automatic layout roughly does), each row is as
/// high as its tallest cell.
fn table(t: &Table) -> f64 {
    let n = t.header.len().max(1);
    let widest: Vec<f64> = (0..n)
        .map(|i| {
            let cells = t.rows.iter().filter_map(|r| r.get(i)).chain(t.header.get(i));
            cells.map(|c| c.chars().count()).max().unwrap_or(1).clamp(4, 60) as f64
        })
        .collect();
    let total: f64 = widest.iter().sum();
    let width = |i: usize| PAGE_W * widest[i] / total - 2.0;
    let row = |r: &[String]| {
        r.iter()
            .enumerate()
            .map(|(i, c)| lines(c, width(i.min(n - 1)).max(8.0), TABLE_CHARS_PER_MM))
            .fold(1.0, f64::max)
            * TABLE_LINE
            + 1.2
    };
    let caption = if t.caption.is_empty() { 0.0 } else { para(&t.caption, PAGE_W) };
    let key =
        if t.footnote.is_empty() { 0.0 } else { lines(&t.footnote, PAGE_W, TABLE_CHARS_PER_MM) * TABLE_LINE };
    caption + row(&t.header) + t.rows.iter().map(|r| row(r)).sum::<f64>() + key + 5.0
}

/// A chart's height from its SVG's aspect ratio (viewBox), at full width.
/// District maps are charts too: their viewBox grows with the outline's
/// aspect ratio (up to 360 units of map below the heading), so a tall city
/// counts as tall. They sit in the appendix, which the budgets leave out,
/// but a map moved into the main part would be measured like this.
fn chart_height(svg: &str) -> f64 {
    let vb = svg
        .split("viewBox=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|s| s.split_whitespace().filter_map(|x| x.parse::<f64>().ok()).collect::<Vec<_>>());
    match vb.as_deref() {
        Some([_, _, w, h]) if *w > 0.0 => PAGE_W * h / w,
        _ => PAGE_W * 0.6,
    }
}

/// Height of one block in millimetres.
fn block(b: &Block) -> f64 {
    match b {
        Block::Paragraph { text } => para(text, PAGE_W),
        Block::Lead { text } => para(text, PAGE_W - 12.0) + 6.0,
        Block::Subheading { text } => para(text, PAGE_W) + 3.0,
        Block::Facts { items } => {
            items.iter().map(|f| lines(&f.text, PAGE_W - 45.0, CHARS_PER_MM) * LINE + 0.7).sum::<f64>() + 5.0
        }
        Block::List { title, items } => {
            para(title, PAGE_W)
                + items.iter().map(|i| lines(i, PAGE_W - 8.0, CHARS_PER_MM) * LINE + 1.0).sum::<f64>()
        }
        Block::Overview(o) => {
            let rows: f64 = o
                .rows
                .iter()
                .map(|r| {
                    let col = |items: &[String]| {
                        items
                            .iter()
                            .map(|i| lines(i, PAGE_W * 0.37 - 6.0, TABLE_CHARS_PER_MM + 0.05))
                            .sum::<f64>()
                    };
                    let field = lines(&r.field, PAGE_W * 0.26, TABLE_CHARS_PER_MM)
                        + 1.0
                        + f64::from(!r.other.is_empty());
                    col(&r.strengths).max(col(&r.needs)).max(field) * TABLE_LINE * 1.05 + 1.5
                })
                .sum();
            rows + 10.0
        }
        Block::Table(t) | Block::KeyFigures(t) => table(t),
        Block::Chart(c) => chart_height(&c.svg) + para(&c.alt, PAGE_W) + table(&c.table) + 6.0,
    }
}

fn heading(level: u8) -> f64 {
    match level {
        2 => 17.0,
        3 => 12.0,
        _ => 9.0,
    }
}

/// Whether a section starts a new printed page: the print style sheet's
/// rules (`section.level-2` breaks, except the front page's key figures,
/// targets next to the overview, and field after field in the body).
fn starts_page(s: &Section, prev: Option<&Section>) -> bool {
    if s.level != 2 || s.id == "auf-einen-blick" {
        return false;
    }
    let prev = prev.map_or("", |p| p.id.as_str());
    let pair = matches!((prev, s.id.as_str()), ("ziele", "ueberblick") | ("ueberblick", "ziele"));
    let fields = prev.starts_with("feld-") && s.id.starts_with("feld-");
    !(pair || fields)
}

/// Words of a text (whitespace-separated).
fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn block_words(b: &Block) -> usize {
    let table_words = |t: &Table| t.rows.iter().flatten().chain(&t.header).map(|c| words(c)).sum::<usize>();
    match b {
        Block::Paragraph { text } | Block::Lead { text } | Block::Subheading { text } => words(text),
        Block::Facts { items } => items.iter().map(|f| words(&f.term) + words(&f.text)).sum(),
        Block::List { title, items } => words(title) + items.iter().map(|i| words(i)).sum::<usize>(),
        Block::Overview(o) => o
            .rows
            .iter()
            .map(|r| words(&r.field) + r.strengths.iter().chain(&r.needs).map(|i| words(i)).sum::<usize>())
            .sum(),
        Block::Table(t) | Block::KeyFigures(t) => table_words(t),
        Block::Chart(c) => words(&c.alt) + table_words(&c.table),
    }
}

/// Estimated height in millimetres of each main-part section (headings
/// included), to see where the length of a report comes from.
pub fn breakdown(doc: &ReportDoc) -> Vec<(String, f64)> {
    doc.main_sections()
        .map(|s| (s.id.clone(), heading(s.level) + s.blocks.iter().map(block).sum::<f64>()))
        .collect()
}

/// Estimates the printed main part of a report.
pub fn estimate(doc: &ReportDoc) -> Estimate {
    // The title block: kicker, title, facts, lead (the contents list is
    // screen-only).
    let mut used = 30.0
        + doc.facts.iter().map(|f| lines(&f.text, PAGE_W - 45.0, CHARS_PER_MM) * LINE + 0.7).sum::<f64>()
        + para(&doc.lead, PAGE_W - 12.0)
        + 6.0;
    let mut pages = 1usize;
    let mut words_n = words(&doc.title) + words(&doc.lead);
    let mut charts = 0;
    let mut front_pages = 1;
    let mut prev: Option<&Section> = None;
    for s in doc.main_sections() {
        if starts_page(s, prev) {
            pages += 1;
            used = 0.0;
        }
        // A heading is kept with what follows it.
        let mut pending = heading(s.level);
        words_n += words(&s.title);
        for b in &s.blocks {
            words_n += block_words(b);
            charts += usize::from(matches!(b, Block::Chart(_)));
            let h = block(b);
            let unbreakable = matches!(b, Block::Chart(_) | Block::Facts { .. });
            // A chart or a definition list moves to the next page whole;
            // text and tables split (a table's header repeats), but a
            // heading with less than two lines below it moves on.
            if used + pending + h > PAGE_H && (unbreakable || used + pending + 10.0 > PAGE_H) {
                pages += 1;
                used = 0.0;
            }
            used += pending + h;
            pending = 0.0;
            while used > PAGE_H {
                pages += 1;
                used -= PAGE_H;
            }
        }
        used += pending;
        if s.id == "auf-einen-blick" {
            front_pages = pages;
        }
        prev = Some(s);
    }
    Estimate { pages, words: words_n, charts, front_pages }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_map_is_as_high_as_its_view_box() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 680 408\" width=\"100%\">";
        assert!((super::chart_height(svg) - super::PAGE_W * 0.6).abs() < 1e-9);
        let tall = "<svg viewBox=\"0 0 680 680\">";
        assert!((super::chart_height(tall) - super::PAGE_W).abs() < 1e-9);
    }
}
