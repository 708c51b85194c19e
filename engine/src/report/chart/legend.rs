//! The legend under a chart: symbol + label items flowed into rows. Every
//! cue a chart uses (line style, band fill, suppressed/missing marker,
//! target, break) gets an entry, so nothing depends on colour alone.

use super::markers::{missing_marker, series_marker, suppressed_marker, target_marker};
use super::model::BandKind;
use super::palette::{
    band_fill, band_hatched, threshold_colour, threshold_dash, Shape, BREAK, GAP_MARKER, TEXT,
};
use super::svg::{num, SvgWriter};
use super::text_width::{text_width, truncate};

const FONT: f64 = 12.0;
const ROW_H: f64 = 19.0;
const SYMBOL_W: f64 = 26.0;
const SYMBOL_GAP: f64 = 6.0;
const ITEM_GAP: f64 = 20.0;

/// What an entry shows before its label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Symbol {
    /// A series: line sample with its marker.
    Line { colour: &'static str, dash: Option<&'static str>, shape: Shape },
    /// A threshold band swatch.
    Band(BandKind),
    /// A vertical threshold line sample.
    Threshold(BandKind),
    /// The suppressed-value diamond.
    Suppressed,
    /// The missing-value cross.
    Missing,
    /// The target bullseye.
    Target,
    /// A series-break line sample.
    Break,
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub symbol: Symbol,
    pub label: String,
}

/// An entry with its place.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    x: f64,
    row: usize,
    symbol: Symbol,
    label: String,
}

/// Flows `items` into rows of at most `width`; an item wider than a row
/// gets its label truncated.
pub(crate) fn layout(items: &[Item], width: f64) -> Vec<Placed> {
    let mut placed = Vec::with_capacity(items.len());
    let (mut x, mut row) = (0.0, 0);
    let max_label = (width - SYMBOL_W - SYMBOL_GAP).max(FONT);
    for item in items {
        let label = truncate(&item.label, FONT, max_label);
        let w = SYMBOL_W + SYMBOL_GAP + text_width(&label, FONT);
        if x > 0.0 && x + w > width {
            row += 1;
            x = 0.0;
        }
        placed.push(Placed { x, row, symbol: item.symbol.clone(), label });
        x += w + ITEM_GAP;
    }
    placed
}

/// Height of a laid-out legend (zero when empty).
pub(crate) fn height(placed: &[Placed]) -> f64 {
    placed.iter().map(|p| p.row + 1).max().map_or(0.0, |rows| rows as f64 * ROW_H)
}

/// Draws the legend with its top-left corner at `(x0, y0)`.
pub(crate) fn draw(w: &mut SvgWriter, placed: &[Placed], x0: f64, y0: f64, hatch: &str) {
    if placed.is_empty() {
        return;
    }
    w.open("g", &[("font-size", "12"), ("fill", TEXT)]);
    for p in placed {
        let x = x0 + p.x;
        let cy = y0 + p.row as f64 * ROW_H + ROW_H / 2.0;
        draw_symbol(w, &p.symbol, x, cy, hatch);
        let (tx, ty) = (num(x + SYMBOL_W + SYMBOL_GAP), num(cy + FONT * 0.35));
        w.text("text", &[("x", &tx), ("y", &ty)], &p.label);
    }
    w.close();
}

fn draw_symbol(w: &mut SvgWriter, symbol: &Symbol, x: f64, cy: f64, hatch: &str) {
    let mid = x + SYMBOL_W / 2.0;
    let (x1, x2, y) = (num(x), num(x + SYMBOL_W), num(cy));
    match symbol {
        Symbol::Line { colour, dash, shape } => {
            let mut attrs =
                vec![("x1", x1.as_str()), ("y1", y.as_str()), ("x2", x2.as_str()), ("y2", y.as_str())];
            attrs.extend_from_slice(&[("stroke", colour), ("stroke-width", "2")]);
            if let Some(d) = dash {
                attrs.push(("stroke-dasharray", d));
            }
            w.leaf("line", &attrs);
            series_marker(w, *shape, mid, cy, colour, None);
        }
        Symbol::Band(kind) => {
            let (ry, fill) = (num(cy - 6.0), band_fill(*kind));
            let width = num(SYMBOL_W);
            w.leaf(
                "rect",
                &[
                    ("x", &x1),
                    ("y", &ry),
                    ("width", &width),
                    ("height", "12"),
                    ("fill", fill),
                    ("stroke", "#999999"),
                    ("stroke-width", "0.5"),
                ],
            );
            if band_hatched(*kind) {
                let url = format!("url(#{hatch})");
                w.leaf(
                    "rect",
                    &[("x", &x1), ("y", &ry), ("width", &width), ("height", "12"), ("fill", &url)],
                );
            }
        }
        Symbol::Threshold(kind) => {
            let (top, bottom, mx) = (num(cy - 7.0), num(cy + 7.0), num(mid));
            w.leaf(
                "line",
                &[
                    ("x1", &mx),
                    ("y1", &top),
                    ("x2", &mx),
                    ("y2", &bottom),
                    ("stroke", threshold_colour(*kind)),
                    ("stroke-width", "2"),
                    ("stroke-dasharray", threshold_dash(*kind)),
                ],
            );
        }
        Symbol::Suppressed => suppressed_marker(w, mid, cy, GAP_MARKER, None),
        Symbol::Missing => missing_marker(w, mid, cy, GAP_MARKER, None),
        Symbol::Target => target_marker(w, mid, cy, None),
        Symbol::Break => {
            let (top, bottom, mx) = (num(cy - 7.0), num(cy + 7.0), num(mid));
            w.leaf(
                "line",
                &[
                    ("x1", &mx),
                    ("y1", &top),
                    ("x2", &mx),
                    ("y2", &bottom),
                    ("stroke", BREAK),
                    ("stroke-width", "1.5"),
                    ("stroke-dasharray", "4 3"),
                ],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(label: &str) -> Item {
        Item { symbol: Symbol::Missing, label: label.to_string() }
    }

    #[test]
    fn flows_into_rows_and_truncates_giants() {
        let items: Vec<Item> = (0..8).map(|i| item(&format!("Gruppe Nummer {i}"))).collect();
        let placed = layout(&items, 400.0);
        assert!(height(&placed) >= 2.0 * ROW_H);
        assert!(placed
            .iter()
            .all(|p| p.x + SYMBOL_W + SYMBOL_GAP + text_width(&p.label, FONT) <= 400.0 + 1e-9));
        let giant = layout(&[item(&"x".repeat(500))], 300.0);
        assert_eq!(giant.len(), 1);
        assert!(giant.iter().all(|p| p.label.ends_with('\u{2026}')));
        assert_eq!(height(&layout(&[], 300.0)), 0.0);
    }
}
