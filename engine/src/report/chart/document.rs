//! The parts every chart shares: the root `<svg>` with its accessible name
//! and description, the hatch pattern, and the heading block.

use super::numfmt::Lang;
use super::palette::{HATCH_STROKE, MUTED, TEXT};
use super::svg::{num, SvgWriter};
use super::text_width::{wrap, BOLD};

/// Width of every chart in user units. With `width="100%"` on a 170 mm
/// A4 text column one unit is 0.25 mm, so 12-unit text prints at ~8.5 pt.
pub(crate) const WIDTH: f64 = 680.0;
/// Left and right page margin inside the SVG.
pub(crate) const MARGIN: f64 = 14.0;

const TITLE_FONT: f64 = 15.0;
const TITLE_LINE: f64 = 19.0;
const SUB_FONT: f64 = 12.0;
const SUB_LINE: f64 = 16.0;

/// Ids used inside one chart. They are derived from the chart's text, so
/// several charts inlined in one HTML page do not share ids (which would
/// point `aria-labelledby` and `url(#…)` at the wrong chart), and the same
/// chart always gets the same ids (stable snapshots).
pub(crate) struct Ids {
    pub title: String,
    pub desc: String,
    pub hatch: String,
}

impl Ids {
    pub(crate) fn new(kind: &str, title: &str, desc: &str) -> Self {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in kind.bytes().chain([0]).chain(title.bytes()).chain([0]).chain(desc.bytes()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        let base = format!("kimon-{kind}-{hash:016x}");
        Ids { title: format!("{base}-title"), desc: format!("{base}-desc"), hatch: format!("{base}-hatch") }
    }
}

/// Opens the root element and writes `<title>`, `<desc>` and the shared
/// `<defs>`. `role="img"` with `aria-labelledby` makes screen readers read
/// title and description as one image; the visible text is then not read
/// twice.
pub(crate) fn open(w: &mut SvgWriter, ids: &Ids, height: f64, lang: Lang, title: &str, desc: &str) {
    let view_box = format!("0 0 {} {}", num(WIDTH), num(height));
    let labelled = format!("{} {}", ids.title, ids.desc);
    w.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("viewBox", &view_box),
            ("width", "100%"),
            ("role", "img"),
            ("aria-labelledby", &labelled),
            ("lang", lang.tag()),
            ("font-family", "sans-serif"),
            ("font-size", "12"),
            ("fill", TEXT),
        ],
    );
    w.text("title", &[("id", &ids.title)], title);
    w.text("desc", &[("id", &ids.desc)], desc);
    w.open("defs", &[]);
    w.open(
        "pattern",
        &[
            ("id", &ids.hatch),
            ("width", "6"),
            ("height", "6"),
            ("patternUnits", "userSpaceOnUse"),
            ("patternTransform", "rotate(45)"),
        ],
    );
    w.leaf(
        "line",
        &[
            ("x1", "0"),
            ("y1", "0"),
            ("x2", "0"),
            ("y2", "6"),
            ("stroke", HATCH_STROKE),
            ("stroke-width", "1.2"),
            ("stroke-opacity", "0.55"),
        ],
    );
    w.close();
    w.close();
    w.leaf("rect", &[("width", "100%"), ("height", "100%"), ("fill", "#ffffff")]);
}

/// The heading block: a bold title (up to two lines) and a muted subtitle.
pub(crate) struct Header {
    title: Vec<String>,
    subtitle: Vec<String>,
}

impl Header {
    pub(crate) fn new(title: &str, subtitle: &str) -> Self {
        let width = WIDTH - 2.0 * MARGIN;
        Header {
            title: wrap(title, TITLE_FONT * BOLD, width, 2),
            subtitle: wrap(subtitle, SUB_FONT, width, 2),
        }
    }

    /// The y coordinate just below the block.
    pub(crate) fn bottom(&self) -> f64 {
        8.0 + self.title.len() as f64 * TITLE_LINE + self.subtitle.len() as f64 * SUB_LINE
    }

    pub(crate) fn draw(&self, w: &mut SvgWriter) {
        let x = num(MARGIN);
        let mut y = 8.0;
        for line in &self.title {
            y += TITLE_LINE;
            let ty = num(y - 5.0);
            w.text("text", &[("x", &x), ("y", &ty), ("font-size", "15"), ("font-weight", "bold")], line);
        }
        for line in &self.subtitle {
            y += SUB_LINE;
            let ty = num(y - 4.0);
            w.text("text", &[("x", &x), ("y", &ty), ("fill", MUTED)], line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_by_content_and_are_stable() {
        let a = Ids::new("ts", "A", "x");
        assert_eq!(a.title, Ids::new("ts", "A", "x").title);
        assert_ne!(a.title, Ids::new("ts", "B", "x").title);
        assert_ne!(a.hatch, Ids::new("gap", "A", "x").hatch);
    }
}
