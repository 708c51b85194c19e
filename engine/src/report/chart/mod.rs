//! Charts for council reports as small, self-contained inline SVG.
//!
//! Three chart kinds, each with a text alternative and a data table:
//!
//! - [`render_time_series`]: an indicator over the years, one line per
//!   group, the reference group dark and dashed, threshold bands as light
//!   stripes, an optional target, series breaks.
//! - [`render_gap_bars`]: the gap by district as horizontal bars around
//!   zero.
//! - [`render_map`]: a district map (choropleth) of one year's values,
//!   see [`map`].
//!
//! Design choices, and why:
//!
//! - **Only std.** The output is a short, escaped string; a plotting crate
//!   would add weight and nondeterminism for no gain.
//! - **Privacy by type.** [`PointValue::Suppressed`] carries no number, so a
//!   protected value cannot be drawn, scaled, tooltipped or described. It
//!   shows as a gap in the line plus a hollow diamond below the plot (in a
//!   gap chart: a diamond and "gesperrt" instead of the bar), explained in
//!   the legend.
//! - **Accessible.** `role="img"` with `<title>` and `<desc>` (the
//!   [`alt_text()`]), a [`data_table()`] for the exact values, colour-blind safe
//!   Okabe–Ito colours, plus marker shapes, dashes and hatching so a
//!   greyscale print keeps every distinction.
//! - **Print.** viewBox 680 units wide with `width="100%"`: on a 170 mm A4
//!   text column one unit is 0.25 mm and 12-unit text is ~8.5 pt.
//! - **Deterministic.** No hash maps, coordinates with at most two
//!   decimals, ids derived from the chart's text: the same input gives the
//!   same bytes, so snapshots are stable and several charts can share one
//!   HTML page.
//! - **Never panics.** Empty input, one point, only suppressed values,
//!   equal values and NaN all give a valid chart.
//!
//! Numbers are written by the sibling `numfmt` module (German decimal
//! comma, U+2212 minus, no-break space before `%`).

mod alt_text;
mod data_table;
mod document;
mod gap_bars;
mod legend;
mod lines;
pub mod map;
mod markers;
mod model;
mod palette;
mod prepare;
mod scale;
mod svg;
mod text_width;
mod time_series;
mod unit_fmt;
mod vocab;

#[cfg(test)]
mod tests;

use super::numfmt;

pub use alt_text::{alt_text, alt_text_gap};
pub use data_table::{data_table, data_table_gap, DataTable, Download, DownloadCell, NO_DATA_CELL};
pub use gap_bars::render_gap_bars;
pub use map::{alt_text_map, data_table_map, render_map, MapChart, MapUnit};
pub use model::{
    Band, BandKind, Bar, GapBarChart, Point, PointValue, Series, TargetLine, TimeSeriesChart, Unit,
};
pub use numfmt::Lang;
pub use time_series::render_time_series;
pub use unit_fmt::{gap_axis_title, value_axis_title};
