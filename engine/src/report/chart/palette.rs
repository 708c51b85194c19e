//! Colours, dash patterns and marker shapes.
//!
//! Series colours are the Okabe–Ito palette (safe for the common colour
//! vision deficiencies), ordered so the ones with most contrast on white
//! come first; yellow, hard to see as a thin line, is last. Colour is never
//! the only cue: each series also has its own marker shape, the reference
//! group is black and dashed, and need-for-action bands are hatched, so the
//! charts survive a greyscale printer.

use super::model::BandKind;

/// Okabe–Ito colours for non-reference series, in order of use.
const SERIES: [&str; 7] = [
    "#0072B2", // blue
    "#D55E00", // vermillion
    "#009E73", // bluish green
    "#CC79A7", // reddish purple
    "#E69F00", // orange
    "#56B4E9", // sky blue
    "#F0E442", // yellow
];

/// The reference group's line (Okabe–Ito black).
pub(crate) const REFERENCE: &str = "#000000";
/// The reference group's dash pattern.
pub(crate) const REFERENCE_DASH: &str = "7 4";
/// Main text.
pub(crate) const TEXT: &str = "#1a1a1a";
/// Secondary text (axis titles, tick labels, notes).
pub(crate) const MUTED: &str = "#505050";
/// Grid lines.
pub(crate) const GRID: &str = "#dcdcdc";
/// Axis lines.
pub(crate) const AXIS: &str = "#333333";
/// District bars in gap charts.
pub(crate) const BAR: &str = "#0072B2";
/// The whole city's bar, set apart from the districts.
pub(crate) const BAR_TOTAL: &str = "#3a3a3a";
/// Target line and marker.
pub(crate) const TARGET: &str = "#000000";
/// Series-break lines.
pub(crate) const BREAK: &str = "#767676";
/// Markers for suppressed and missing values in gap charts.
pub(crate) const GAP_MARKER: &str = "#505050";

/// Colour of the `k`-th non-reference series (cycles after seven).
pub(crate) fn series_colour(k: usize) -> &'static str {
    SERIES.get(k % SERIES.len()).copied().unwrap_or(REFERENCE)
}

/// A marker shape per series, so lines can be told apart without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Circle,
    Square,
    TriangleUp,
    TriangleDown,
}

/// The shape of the `i`-th series (counted over all series). The diamond
/// is kept out: a hollow diamond means "suppressed".
pub(crate) fn series_shape(i: usize) -> Shape {
    match i % 4 {
        0 => Shape::Circle,
        1 => Shape::Square,
        2 => Shape::TriangleUp,
        _ => Shape::TriangleDown,
    }
}

/// Light background fill of a band (Okabe–Ito hues at ~18 % on white).
pub(crate) fn band_fill(kind: BandKind) -> &'static str {
    match kind {
        BandKind::Strength => "#D1EDE6",
        BandKind::Neutral => "#EFEFEF",
        BandKind::NeedForAction => "#F7E2D1",
    }
}

/// Stroke of the hatching on need-for-action bands.
pub(crate) const HATCH_STROKE: &str = "#D55E00";

/// Whether a band kind is hatched (the greyscale cue for need for action).
pub(crate) fn band_hatched(kind: BandKind) -> bool {
    kind == BandKind::NeedForAction
}

/// Map classes: ColorBrewer „Blues“, one hue from light (low) to dark
/// (high), safe for the common colour-vision deficiencies and ordered in
/// greyscale. Indexed by the number of classes (1–5).
pub(crate) fn sequential(classes: usize) -> &'static [&'static str] {
    match classes {
        0 | 1 => &["#6baed6"],
        2 => &["#c6dbef", "#3182bd"],
        3 => &["#deebf7", "#9ecae1", "#3182bd"],
        4 => &["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"],
        _ => &["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
    }
}

/// Outlines of map units (grey, visible on white hatching and on the
/// darkest class) and the hatching of units without a published value
/// (grey, not the orange of need-for-action bands).
pub(crate) const MAP_OUTLINE: &str = "#767676";
pub(crate) const MAP_HATCH: &str = "#505050";

/// Colour of a threshold line in gap charts.
pub(crate) fn threshold_colour(kind: BandKind) -> &'static str {
    match kind {
        BandKind::Strength => "#009E73",
        BandKind::Neutral => "#767676",
        BandKind::NeedForAction => "#D55E00",
    }
}

/// Dash of a threshold line; differs by kind for greyscale prints.
pub(crate) fn threshold_dash(kind: BandKind) -> &'static str {
    match kind {
        BandKind::Strength => "2 3",
        BandKind::Neutral => "1 3",
        BandKind::NeedForAction => "7 3",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_cycle_and_shapes_avoid_the_diamond() {
        assert_eq!(series_colour(0), "#0072B2");
        assert_eq!(series_colour(7), "#0072B2");
        assert_eq!(series_shape(4), Shape::Circle);
        assert!(SERIES.iter().all(|c| *c != REFERENCE));
    }
}
