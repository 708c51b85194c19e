//! The small symbols charts and legends share: series markers, the boxed
//! official sign „.“ for protected and missing values, the target
//! bullseye. Each may carry a tooltip (`<title>` child) naming what it
//! stands for — never a suppressed number, which the types do not carry.

use super::palette::{Shape, TARGET};
use super::svg::{num, points, SvgWriter};

/// Half-size of a series marker.
const R: f64 = 3.5;

/// A filled series marker with a white outline (stays visible on lines and
/// bands).
pub(crate) fn series_marker(
    w: &mut SvgWriter,
    shape: Shape,
    x: f64,
    y: f64,
    colour: &str,
    tip: Option<&str>,
) {
    let style = [("fill", colour), ("stroke", "#ffffff"), ("stroke-width", "1")];
    match shape {
        Shape::Circle => {
            let (cx, cy, r) = (num(x), num(y), num(R));
            let mut attrs = vec![("cx", cx.as_str()), ("cy", cy.as_str()), ("r", r.as_str())];
            attrs.extend_from_slice(&style);
            element(w, "circle", &attrs, tip);
        }
        Shape::Square => {
            let (sx, sy, side) = (num(x - R), num(y - R), num(2.0 * R));
            let mut attrs = vec![
                ("x", sx.as_str()),
                ("y", sy.as_str()),
                ("width", side.as_str()),
                ("height", side.as_str()),
            ];
            attrs.extend_from_slice(&style);
            element(w, "rect", &attrs, tip);
        }
        Shape::TriangleUp | Shape::TriangleDown => {
            let s = if shape == Shape::TriangleUp { 1.0 } else { -1.0 };
            let r = R * 1.2;
            let pts = points(&[(x, y - s * r), (x + r, y + s * r * 0.8), (x - r, y + s * r * 0.8)]);
            let mut attrs = vec![("points", pts.as_str())];
            attrs.extend_from_slice(&style);
            element(w, "polygon", &attrs, tip);
        }
    }
}

/// A protected value: the official sign „.“ in a small box. A sign, not
/// a shape at a position on the value axis, so it can never be read as a
/// value (the old hollow diamond below the plot looked like a negative
/// number).
pub(crate) fn suppressed_marker(w: &mut SvgWriter, x: f64, y: f64, colour: &str, tip: Option<&str>) {
    sign_box(w, x, y, colour, None, tip);
}

/// A missing value: the same sign in a dashed box (the key explains both).
pub(crate) fn missing_marker(w: &mut SvgWriter, x: f64, y: f64, colour: &str, tip: Option<&str>) {
    sign_box(w, x, y, colour, Some("2 1.5"), tip);
}

/// The box with the sign „.“, as one group carrying the class `sign` (the
/// tests find every sign by it).
fn sign_box(w: &mut SvgWriter, x: f64, y: f64, colour: &str, dash: Option<&str>, tip: Option<&str>) {
    let r = 5.5;
    let (bx, by, side) = (num(x - r), num(y - r), num(2.0 * r));
    let (tx, ty) = (num(x), num(y + 1.5));
    w.open("g", &[("class", "sign")]);
    if let Some(t) = tip {
        w.text("title", &[], t);
    }
    let mut attrs = vec![
        ("x", bx.as_str()),
        ("y", by.as_str()),
        ("width", side.as_str()),
        ("height", side.as_str()),
        ("rx", "1.5"),
        ("fill", "#ffffff"),
        ("stroke", colour),
        ("stroke-width", "1.2"),
    ];
    if let Some(d) = dash {
        attrs.push(("stroke-dasharray", d));
    }
    w.leaf("rect", &attrs);
    w.text(
        "text",
        &[
            ("x", &tx),
            ("y", &ty),
            ("text-anchor", "middle"),
            ("font-size", "13"),
            ("font-weight", "700"),
            ("fill", colour),
        ],
        ".",
    );
    w.close();
}

/// The target: a ring with a dot, like a bullseye.
pub(crate) fn target_marker(w: &mut SvgWriter, x: f64, y: f64, tip: Option<&str>) {
    let (cx, cy) = (num(x), num(y));
    w.open("g", &[]);
    if let Some(t) = tip {
        w.text("title", &[], t);
    }
    w.leaf(
        "circle",
        &[
            ("cx", &cx),
            ("cy", &cy),
            ("r", "6"),
            ("fill", "#ffffff"),
            ("stroke", TARGET),
            ("stroke-width", "2"),
        ],
    );
    w.leaf("circle", &[("cx", &cx), ("cy", &cy), ("r", "2"), ("fill", TARGET)]);
    w.close();
}

/// Writes `name` as a leaf, or with a `<title>` child when there is a tip.
fn element(w: &mut SvgWriter, name: &'static str, attrs: &[(&'static str, &str)], tip: Option<&str>) {
    match tip {
        Some(t) => {
            w.open(name, attrs);
            w.text("title", &[], t);
            w.close();
        }
        None => w.leaf(name, attrs),
    }
}
