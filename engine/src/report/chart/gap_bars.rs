//! The gap chart: one horizontal bar per district for the gap between a
//! group and its reference, left of the zero axis when negative, right
//! when positive. The whole-city bar is set apart; suppressed districts
//! get a marker and the word "gesperrt" instead of a bar.

use super::alt_text::alt_text_gap;
use super::document::{self, Header, Ids, MARGIN, WIDTH};
use super::legend::{self, Item, Symbol};
use super::markers::{missing_marker, suppressed_marker};
use super::model::{BandKind, Bar, GapBarChart, PointValue, Unit};
use super::numfmt::Lang;
use super::palette::{threshold_colour, threshold_dash, AXIS, BAR, BAR_TOTAL, GAP_MARKER, GRID, MUTED};
use super::scale::{nice_ticks, Linear, Ticks};
use super::svg::{num, SvgWriter};
use super::text_width::{text_width, truncate, BOLD};
use super::unit_fmt::{format_gap, format_gap_bare, gap_axis_title, gap_baseline, value_decimals};
use super::vocab::{band_kind, capitalize, word, Word};

const ROW_H: f64 = 24.0;
const BAR_H: f64 = 14.0;
const LANE_H: f64 = 14.0;
const FONT: f64 = 12.0;
const VALUE_FONT: f64 = 11.0;
/// Background of the whole-city row.
const TOTAL_ROW: &str = "#efefef";

/// Renders the chart as a standalone `<svg>` element, 680 wide and as
/// high as its rows need. Never panics: no bars, only suppressed bars, NaN
/// and equal values all give a valid chart.
///
/// Drawing order: row backgrounds, grid, bars, zero line, threshold lines,
/// then markers and all text on top (with a halo in the row's background
/// colour), so no line ever runs through a number.
pub fn render_gap_bars(chart: &GapBarChart) -> String {
    let lang = chart.lang;
    let desc = alt_text_gap(chart, lang);
    let ids = Ids::new("gap", &chart.title, &desc);
    let header = Header::new(&chart.title, gap_axis_title(chart.unit, lang));
    let layout = Layout::new(chart, &header);
    let items = legend_items(chart, &layout.thresholds);
    let placed = legend::layout(&items, WIDTH - 2.0 * MARGIN);
    let tick_y = layout.rows_bottom + 15.0;
    let legend_y = tick_y + 12.0;
    let height = (legend_y + legend::height(&placed) + 8.0).ceil();

    let mut w = SvgWriter::new();
    document::open(&mut w, &ids, height, lang, &chart.title, &desc);
    header.draw(&mut w);
    for (i, _) in chart.bars.iter().enumerate().filter(|(_, b)| b.is_total) {
        let (x, y, width, h) = (num(MARGIN / 2.0), num(layout.row_top(i)), num(WIDTH - MARGIN), num(ROW_H));
        w.leaf("rect", &[("x", &x), ("y", &y), ("width", &width), ("height", &h), ("fill", TOTAL_ROW)]);
    }
    if let (Some(t), Some(xs)) = (layout.ticks.as_ref(), layout.xs.as_ref()) {
        draw_grid(&mut w, t, xs, &layout, tick_y, chart.unit, lang);
    }
    for (i, bar) in chart.bars.iter().enumerate() {
        draw_bar(&mut w, bar, layout.row_mid(i), &layout, chart);
    }
    if chart.zero_line {
        let (x, y1, y2) = (num(layout.xb), num(layout.rows_top - 4.0), num(layout.rows_bottom + 2.0));
        w.leaf(
            "line",
            &[("x1", &x), ("y1", &y1), ("x2", &x), ("y2", &y2), ("stroke", AXIS), ("stroke-width", "1.5")],
        );
    }
    if let Some(xs) = layout.xs.as_ref() {
        draw_thresholds(&mut w, &layout, xs, header.bottom() + 12.0, chart.unit, lang);
    }
    for (i, bar) in chart.bars.iter().enumerate() {
        draw_row_text(&mut w, bar, layout.row_mid(i), &layout, chart);
    }
    if chart.bars.is_empty() {
        let cx = num((layout.plot.0 + layout.plot.1) / 2.0);
        let cy = num(layout.rows_top + ROW_H / 2.0 + 4.0);
        w.text(
            "text",
            &[("x", &cx), ("y", &cy), ("text-anchor", "middle"), ("fill", MUTED)],
            word(Word::NothingToShow, lang),
        );
    }
    legend::draw(&mut w, &placed, MARGIN, legend_y, &ids.hatch);
    w.finish()
}

/// Where everything goes.
struct Layout {
    thresholds: Vec<(f64, BandKind)>,
    /// Lane (0 or 1) of each threshold label, in `thresholds` order.
    lanes: Vec<usize>,
    rows_top: f64,
    rows_bottom: f64,
    label_right: f64,
    label_w: f64,
    plot: (f64, f64),
    ticks: Option<Ticks>,
    xs: Option<Linear>,
    /// x of the baseline (0, or 1 for ratios).
    xb: f64,
}

impl Layout {
    fn new(chart: &GapBarChart, header: &Header) -> Self {
        let (unit, lang) = (chart.unit, chart.lang);
        let thresholds: Vec<(f64, BandKind)> =
            chart.threshold_lines.iter().copied().filter(|(v, _)| v.is_finite()).collect();
        let label_w = chart.bars.iter().map(label_width).fold(0.0, f64::max).min(WIDTH * 0.3);
        let label_right = MARGIN + label_w;
        let plot = (label_right + 12.0, WIDTH - MARGIN);

        let base = gap_baseline(unit);
        let values: Vec<f64> = chart.bars.iter().filter_map(|b| b.value.finite()).collect();
        let decimals = value_decimals(unit);
        let value_w = values
            .iter()
            .map(|&v| text_width(&format_gap_bare(v, decimals, unit, lang), VALUE_FONT) * BOLD)
            .fold(0.0, f64::max)
            + 8.0;
        let ticks = domain(&values, &thresholds, base);
        let pad_left = if values.iter().any(|&v| v < base) { value_w } else { 8.0 };
        let pad_right = if values.iter().any(|&v| v > base) { value_w } else { 8.0 };
        let xs = ticks.as_ref().map(|t| Linear::new((t.lo, t.hi), (plot.0 + pad_left, plot.1 - pad_right)));
        let xb = xs.map_or((plot.0 + plot.1) / 2.0, |s| s.map(base));
        let lanes = xs.map(|s| label_lanes(&thresholds, &s, unit, lang)).unwrap_or_default();
        let lane_count = lanes.iter().max().map_or(0.0, |&l| l as f64 + 1.0);
        let rows_top =
            header.bottom() + 12.0 + lane_count * LANE_H + if lane_count > 0.0 { 6.0 } else { 0.0 };
        let rows_bottom = rows_top + ROW_H * chart.bars.len().max(1) as f64;
        Layout { thresholds, lanes, rows_top, rows_bottom, label_right, label_w, plot, ticks, xs, xb }
    }

    fn row_top(&self, i: usize) -> f64 {
        self.rows_top + ROW_H * i as f64
    }

    fn row_mid(&self, i: usize) -> f64 {
        self.row_top(i) + ROW_H / 2.0
    }
}

fn label_width(b: &Bar) -> f64 {
    text_width(&b.label, FONT) * if b.is_total { BOLD } else { 1.0 }
}

/// The gap axis: every value, every threshold and the baseline in view;
/// no axis at all when there is nothing to place on it.
fn domain(values: &[f64], thresholds: &[(f64, BandKind)], base: f64) -> Option<Ticks> {
    if values.is_empty() && thresholds.is_empty() {
        return None;
    }
    let all = values.iter().copied().chain(thresholds.iter().map(|t| t.0)).chain([base]);
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    nice_ticks(lo, hi, 6)
}

/// The text above a threshold line, e.g. "Handlungsbedarf +3,0".
fn threshold_label(v: f64, kind: BandKind, unit: Unit, lang: Lang) -> String {
    format!("{} {}", capitalize(band_kind(kind, lang)), format_gap_bare(v, value_decimals(unit), unit, lang))
}

/// Lane per threshold label: left to right, the upper lane unless that
/// would overlap the previous label there.
fn label_lanes(thresholds: &[(f64, BandKind)], xs: &Linear, unit: Unit, lang: Lang) -> Vec<usize> {
    let mut order: Vec<usize> = (0..thresholds.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| thresholds.get(i).map_or(0.0, |t| t.0);
        key(a).total_cmp(&key(b))
    });
    let mut lanes = vec![0; thresholds.len()];
    let mut lane_end = [f64::NEG_INFINITY; 2];
    for i in order {
        let Some(&(v, kind)) = thresholds.get(i) else { continue };
        let (start, end) = label_extent(xs.map(v), &threshold_label(v, kind, unit, lang));
        let lane = if start > lane_end[0] + 6.0 { 0 } else { 1 };
        lane_end[lane] = lane_end[lane].max(end);
        if let Some(slot) = lanes.get_mut(i) {
            *slot = lane;
        }
    }
    lanes
}

/// Left and right end of a label centred at `x`, kept inside the margins.
fn label_extent(x: f64, label: &str) -> (f64, f64) {
    let half = text_width(label, VALUE_FONT) / 2.0;
    let centre = x.clamp(MARGIN + half, (WIDTH - MARGIN - half).max(MARGIN + half));
    (centre - half, centre + half)
}

fn legend_items(chart: &GapBarChart, thresholds: &[(f64, BandKind)]) -> Vec<Item> {
    let lang = chart.lang;
    let mut items: Vec<Item> = thresholds
        .iter()
        .map(|&(v, kind)| Item {
            symbol: Symbol::Threshold(kind),
            label: format!(
                "{} {}: {}",
                capitalize(word(Word::Threshold, lang)),
                band_kind(kind, lang),
                format_gap(v, chart.unit, lang, true)
            ),
        })
        .collect();
    if chart.bars.iter().any(|b| b.value == PointValue::Suppressed) {
        items
            .push(Item { symbol: Symbol::Suppressed, label: word(Word::SuppressedLegend, lang).to_string() });
    }
    if chart.bars.iter().any(|b| b.value.normalized() == PointValue::Missing) {
        items.push(Item { symbol: Symbol::Missing, label: word(Word::NoData, lang).to_string() });
    }
    items
}

fn draw_grid(
    w: &mut SvgWriter,
    t: &Ticks,
    xs: &Linear,
    layout: &Layout,
    label_y: f64,
    unit: Unit,
    lang: Lang,
) {
    w.open("g", &[("font-size", "11"), ("fill", MUTED), ("text-anchor", "middle")]);
    let (y1, y2, ty) = (num(layout.rows_top - 4.0), num(layout.rows_bottom), num(label_y));
    for &v in &t.values {
        let x = num(xs.map(v));
        w.leaf("line", &[("x1", &x), ("y1", &y1), ("x2", &x), ("y2", &y2), ("stroke", GRID)]);
        w.text("text", &[("x", &x), ("y", &ty)], &format_gap_bare(v, t.decimals, unit, lang));
    }
    w.close();
}

/// The bar itself (with its exact value as tooltip), or nothing.
fn draw_bar(w: &mut SvgWriter, bar: &Bar, cy: f64, layout: &Layout, chart: &GapBarChart) {
    let (Some(v), Some(xs)) = (bar.value.finite(), layout.xs.as_ref()) else { return };
    let xv = xs.map(v);
    let (x, width) = (num(layout.xb.min(xv)), num((xv - layout.xb).abs().max(1.0)));
    let (y, h) = (num(cy - BAR_H / 2.0), num(BAR_H));
    let fill = if bar.is_total { BAR_TOTAL } else { BAR };
    w.open("rect", &[("x", &x), ("y", &y), ("width", &width), ("height", &h), ("fill", fill)]);
    w.text("title", &[], &format!("{}: {}", bar.label, format_gap(v, chart.unit, chart.lang, true)));
    w.close();
}

/// The row's label, and its value, "gesperrt" or "keine Daten".
fn draw_row_text(w: &mut SvgWriter, bar: &Bar, cy: f64, layout: &Layout, chart: &GapBarChart) {
    let lang = chart.lang;
    let halo_fill = if bar.is_total { TOTAL_ROW } else { "#ffffff" };
    let halo = [
        ("stroke", halo_fill),
        ("stroke-width", "3"),
        ("stroke-linejoin", "round"),
        ("paint-order", "stroke"),
    ];
    let weight = if bar.is_total { "bold" } else { "normal" };
    let (lx, ly) = (num(layout.label_right), num(cy + 4.0));
    let font = FONT * if bar.is_total { BOLD } else { 1.0 };
    let label = truncate(&bar.label, font, layout.label_w.max(FONT));
    w.text("text", &[("x", &lx), ("y", &ly), ("text-anchor", "end"), ("font-weight", weight)], &label);
    let xb = layout.xb;
    match (bar.value.normalized(), layout.xs.as_ref()) {
        (PointValue::Value(v), Some(xs)) => {
            let xv = xs.map(v);
            let text = format_gap_bare(v, value_decimals(chart.unit), chart.unit, lang);
            let (tx, anchor) = if xv >= xb { (xv + 5.0, "start") } else { (xv - 5.0, "end") };
            let tx = num(tx);
            let mut attrs =
                vec![("x", tx.as_str()), ("y", ly.as_str()), ("font-size", "11"), ("font-weight", weight)];
            attrs.push(("text-anchor", anchor));
            attrs.extend_from_slice(&halo);
            w.text("text", &attrs, &text);
        }
        (value, _) => {
            let suppressed = value == PointValue::Suppressed;
            let text = word(if suppressed { Word::Suppressed } else { Word::NoData }, lang);
            let tip = format!("{}: {text}", bar.label);
            if suppressed {
                suppressed_marker(w, xb, cy, GAP_MARKER, Some(&tip));
            } else {
                missing_marker(w, xb, cy, GAP_MARKER, Some(&tip));
            }
            let fits_right = xb + 9.0 + text_width(text, VALUE_FONT) <= layout.plot.1;
            let (tx, anchor) = if fits_right { (xb + 9.0, "start") } else { (xb - 9.0, "end") };
            let tx = num(tx);
            let mut attrs =
                vec![("x", tx.as_str()), ("y", ly.as_str()), ("font-size", "11"), ("font-style", "italic")];
            attrs.extend_from_slice(&[("fill", MUTED), ("text-anchor", anchor)]);
            attrs.extend_from_slice(&halo);
            w.text("text", &attrs, text);
        }
    }
}

fn draw_thresholds(w: &mut SvgWriter, layout: &Layout, xs: &Linear, lanes_top: f64, unit: Unit, lang: Lang) {
    let (y1, y2) = (num(layout.rows_top - 4.0), num(layout.rows_bottom));
    for (i, &(v, kind)) in layout.thresholds.iter().enumerate() {
        let x = xs.map(v);
        let xl = num(x);
        w.leaf(
            "line",
            &[
                ("x1", &xl),
                ("y1", &y1),
                ("x2", &xl),
                ("y2", &y2),
                ("stroke", threshold_colour(kind)),
                ("stroke-width", "1.5"),
                ("stroke-dasharray", threshold_dash(kind)),
            ],
        );
        let label = threshold_label(v, kind, unit, lang);
        let (start, end) = label_extent(x, &label);
        let lane = layout.lanes.get(i).copied().unwrap_or(0) as f64;
        let (tx, ty) = (num((start + end) / 2.0), num(lanes_top + LANE_H * (lane + 1.0) - 3.0));
        w.text("text", &[("x", &tx), ("y", &ty), ("font-size", "11"), ("text-anchor", "middle")], &label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_threshold_labels_take_the_second_lane() {
        let xs = Linear::new((0.0, 10.0), (100.0, 600.0));
        let t = [(3.0, BandKind::NeedForAction), (3.2, BandKind::Neutral), (9.0, BandKind::Strength)];
        assert_eq!(label_lanes(&t, &xs, Unit::Percent, Lang::De), vec![0, 1, 0]);
        assert!(label_lanes(&[], &xs, Unit::Percent, Lang::De).is_empty());
    }

    #[test]
    fn no_axis_without_anything_to_place() {
        assert!(domain(&[], &[], 0.0).is_none());
        assert!(domain(&[], &[(1.0, BandKind::Neutral)], 0.0).is_some());
    }
}
