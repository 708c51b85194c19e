//! The line chart: one line per group over the years, with threshold bands,
//! target, series breaks, and visible gaps where values are suppressed or
//! missing.

use super::alt_text::alt_text;
use super::document::{self, Header, Ids, MARGIN, WIDTH};
use super::legend::{self, Item, Symbol};
use super::lines::{draw_series, runs_exist};
use super::markers::target_marker;
use super::model::{Band, BandKind, TargetLine, TimeSeriesChart, Unit};
use super::numfmt::Lang;
use super::palette::{band_fill, band_hatched, AXIS, BREAK, GRID, MUTED, TARGET};
use super::prepare::{is_missing, is_suppressed, prepare, year_range, Prepared};
use super::scale::{nice_ticks, year_ticks, Linear, Ticks};
use super::svg::{num, SvgWriter};
use super::text_width::text_width;
use super::unit_fmt::{format_tick, format_value};
use super::vocab::{band_kind, capitalize, word, Word};

const PLOT_H: f64 = 200.0;
const TICK_FONT: f64 = 11.0;
/// Space between the plot edge and the first/last year, so markers do not
/// sit on the axis.
const X_PAD: f64 = 14.0;
/// Vertical spacing of the rows of signs for protected/missing values,
/// which sit below the year labels (never inside or right under the plot,
/// where they would read as values at or below zero).
const STRIP_ROW: f64 = 14.0;

/// Renders the chart as a standalone `<svg>` element (viewBox 680 wide,
/// about 360 high, growing with the legend). Never panics: empty series,
/// one point, only suppressed values and NaN all give a valid chart.
pub fn render_time_series(chart: &TimeSeriesChart) -> String {
    let lang = chart.lang;
    let series = prepare(chart);
    let desc = alt_text(chart, lang);
    let ids = Ids::new("ts", &chart.title, &desc);
    let header = Header::new(&chart.title, &chart.y_label);
    let target = chart.target.as_ref().filter(|t| t.value.is_finite());
    let years = x_domain(&series, target);
    let breaks = visible_breaks(&chart.break_years, years);
    let ticks = y_ticks(chart.unit, &series, target, &chart.bands);

    let tick_labels: Vec<String> = ticks
        .iter()
        .flat_map(|t| t.values.iter().map(|&v| format_tick(v, t.decimals, chart.unit, lang)))
        .collect();
    let label_w = tick_labels.iter().map(|l| text_width(l, TICK_FONT)).fold(0.0, f64::max);
    let plot = Plot {
        left: (MARGIN + label_w + 8.0).clamp(MARGIN + 24.0, WIDTH / 3.0),
        right: WIDTH - MARGIN - 4.0,
        top: header.bottom() + 14.0,
        bottom: header.bottom() + 14.0 + PLOT_H,
    };
    let gap_rows: Vec<usize> = (0..series.len())
        .filter(|&i| series.get(i).is_some_and(|s| s.count(is_suppressed) + s.count(is_missing) > 0))
        .collect();
    let strip_h = if gap_rows.is_empty() { 0.0 } else { 6.0 + STRIP_ROW * gap_rows.len() as f64 };
    let year_label_y = plot.bottom + 15.0;
    let strip_top = year_label_y + 6.0;

    let items = legend_items(chart, &series, target, !breaks.is_empty());
    let placed = legend::layout(&items, WIDTH - 2.0 * MARGIN);
    let legend_y = year_label_y + strip_h + 14.0;
    let height = (legend_y + legend::height(&placed) + 8.0).ceil();

    let xs = years
        .map(|(a, b)| Linear::new((f64::from(a), f64::from(b)), (plot.left + X_PAD, plot.right - X_PAD)));
    let ys = ticks.as_ref().map(|t| Linear::new((t.lo, t.hi), (plot.bottom, plot.top)));

    let mut w = SvgWriter::new();
    document::open(&mut w, &ids, height, lang, &chart.title, &desc);
    header.draw(&mut w);
    if let Some(ys) = ys {
        draw_bands(&mut w, &chart.bands, &plot, &ys, ticks.as_ref(), &ids.hatch, lang);
    }
    if let (Some(t), Some(ys)) = (ticks.as_ref(), ys) {
        draw_value_axis(&mut w, t, &tick_labels, &plot, &ys);
    }
    hline(&mut w, (plot.left, plot.right), plot.bottom, AXIS, None);
    if let (Some((a, b)), Some(xs)) = (years, xs) {
        draw_year_axis(&mut w, a, b, &plot, &xs, year_label_y);
        for &year in &breaks {
            draw_break(&mut w, year, &plot, &xs, lang);
        }
        if let (Some(t), Some(ys)) = (target, ys) {
            draw_target(&mut w, t, chart.unit, &plot, &xs, &ys, lang);
        }
        if let Some(ys) = ys {
            let order =
                series.iter().filter(|s| s.is_reference).chain(series.iter().filter(|s| !s.is_reference));
            for s in order {
                draw_series(&mut w, s, &breaks, &xs, &ys, chart.unit, lang);
            }
        }
        draw_gap_strip(&mut w, &series, &gap_rows, strip_top, &xs, lang);
    }
    if !runs_exist(&series) {
        let (cx, cy) = (num((plot.left + plot.right) / 2.0), num((plot.top + plot.bottom) / 2.0));
        w.text(
            "text",
            &[("x", &cx), ("y", &cy), ("text-anchor", "middle"), ("fill", MUTED)],
            word(Word::NothingToShow, lang),
        );
    }
    legend::draw(&mut w, &placed, MARGIN, legend_y, &ids.hatch);
    w.finish()
}

/// The plot rectangle.
struct Plot {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

/// Years covered by the data and the target (a target year after the data
/// stretches the axis: the time left to reach it is part of the message).
fn x_domain(series: &[Prepared<'_>], target: Option<&TargetLine>) -> Option<(i32, i32)> {
    let data = year_range(series);
    match (data, target) {
        (Some((a, b)), Some(t)) => Some((a.min(t.year), b.max(t.year))),
        (Some(r), None) => Some(r),
        (None, Some(t)) => Some((t.year, t.year)),
        (None, None) => None,
    }
}

/// Break years that fall inside the axis (a break before the first year
/// separates nothing), sorted and without repeats.
fn visible_breaks(breaks: &[i32], years: Option<(i32, i32)>) -> Vec<i32> {
    let Some((a, b)) = years else { return Vec::new() };
    let mut out: Vec<i32> = breaks.iter().copied().filter(|&y| y > a && y <= b).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The value axis. Shares and counts start at zero when all values are
/// positive (they are read as amounts); means and ratios do not. Band
/// edges near the data are pulled into view; a far-off edge is not, so it
/// cannot flatten the lines.
fn y_ticks(
    unit: Unit,
    series: &[Prepared<'_>],
    target: Option<&TargetLine>,
    bands: &[Band],
) -> Option<Ticks> {
    let values = series.iter().flat_map(|s| s.points.iter().filter_map(|p| p.value.finite()));
    let values = values.chain(target.map(|t| t.value));
    let (mut lo, mut hi) =
        values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo > hi {
        return None;
    }
    if matches!(unit, Unit::Percent | Unit::Per1000 | Unit::Count) && lo >= 0.0 {
        lo = 0.0;
    }
    let reach = (hi - lo).max(hi.abs() * 0.1);
    for edge in bands.iter().filter(|b| !b.from.is_nan() && !b.to.is_nan()).flat_map(|b| [b.from, b.to]) {
        if edge.is_finite() && edge >= lo - reach && edge <= hi + reach {
            lo = lo.min(edge);
            hi = hi.max(edge);
        }
    }
    nice_ticks(lo, hi, 5)
}

fn legend_items(
    chart: &TimeSeriesChart,
    series: &[Prepared<'_>],
    target: Option<&TargetLine>,
    has_breaks: bool,
) -> Vec<Item> {
    let lang = chart.lang;
    let mut items: Vec<Item> = series
        .iter()
        .map(|s| Item {
            symbol: Symbol::Line { colour: s.colour, dash: s.dash, shape: s.shape },
            label: s.legend_label(lang),
        })
        .collect();
    if let Some(t) = target {
        let label = format!(
            "{} {} {} {}",
            word(Word::Target, lang),
            format_value(t.value, chart.unit, lang),
            word(Word::By, lang),
            t.year
        );
        items.push(Item { symbol: Symbol::Target, label: capitalize(&label) });
    }
    let mut seen: Vec<(BandKind, &str)> = Vec::new();
    for b in chart.bands.iter().filter(|b| !b.from.is_nan() && !b.to.is_nan()) {
        if !seen.contains(&(b.kind, b.label.as_str())) {
            seen.push((b.kind, b.label.as_str()));
            let label =
                if b.label.trim().is_empty() { capitalize(band_kind(b.kind, lang)) } else { b.label.clone() };
            items.push(Item { symbol: Symbol::Band(b.kind), label });
        }
    }
    if series.iter().any(|s| s.count(is_suppressed) > 0) {
        items
            .push(Item { symbol: Symbol::Suppressed, label: word(Word::SuppressedLegend, lang).to_string() });
    }
    if series.iter().any(|s| s.count(is_missing) > 0) {
        items.push(Item { symbol: Symbol::Missing, label: word(Word::NoData, lang).to_string() });
    }
    if has_breaks {
        items.push(Item { symbol: Symbol::Break, label: capitalize(word(Word::SeriesBreak, lang)) });
    }
    items
}

fn draw_bands(
    w: &mut SvgWriter,
    bands: &[Band],
    plot: &Plot,
    ys: &Linear,
    ticks: Option<&Ticks>,
    hatch: &str,
    lang: Lang,
) {
    let Some(t) = ticks else { return };
    let url = format!("url(#{hatch})");
    for b in bands {
        if b.from.is_nan() || b.to.is_nan() {
            continue;
        }
        let lo = b.from.min(b.to).max(t.lo);
        let hi = b.from.max(b.to).min(t.hi);
        if lo >= hi {
            continue;
        }
        let (top, bottom) = (ys.map(hi), ys.map(lo));
        let (x, y, width, h) = (num(plot.left), num(top), num(plot.right - plot.left), num(bottom - top));
        w.open("g", &[]);
        let tip = if b.label.is_empty() { band_kind(b.kind, lang) } else { b.label.as_str() };
        w.text("title", &[], tip);
        w.leaf(
            "rect",
            &[("x", &x), ("y", &y), ("width", &width), ("height", &h), ("fill", band_fill(b.kind))],
        );
        if band_hatched(b.kind) {
            w.leaf("rect", &[("x", &x), ("y", &y), ("width", &width), ("height", &h), ("fill", &url)]);
        }
        w.close();
    }
}

fn draw_value_axis(w: &mut SvgWriter, t: &Ticks, labels: &[String], plot: &Plot, ys: &Linear) {
    w.open("g", &[("font-size", "11"), ("fill", MUTED), ("text-anchor", "end")]);
    for (v, label) in t.values.iter().zip(labels) {
        let y = ys.map(*v);
        hline(w, (plot.left, plot.right), y, GRID, None);
        let (tx, ty) = (num(plot.left - 6.0), num(y + 4.0));
        w.text("text", &[("x", &tx), ("y", &ty)], label);
    }
    w.close();
}

fn draw_year_axis(w: &mut SvgWriter, first: i32, last: i32, plot: &Plot, xs: &Linear, label_y: f64) {
    let max_labels = ((plot.right - plot.left) / 40.0).floor().max(1.0) as usize;
    w.open("g", &[("font-size", "11"), ("fill", MUTED), ("text-anchor", "middle")]);
    for year in year_ticks(first, last, max_labels) {
        let x = xs.map(f64::from(year));
        let (x_s, y1, y2, ty) = (num(x), num(plot.bottom), num(plot.bottom + 4.0), num(label_y));
        w.leaf("line", &[("x1", &x_s), ("y1", &y1), ("x2", &x_s), ("y2", &y2), ("stroke", AXIS)]);
        w.text("text", &[("x", &x_s), ("y", &ty)], &year.to_string());
    }
    w.close();
}

/// A dashed vertical line halfway between the year before the break and
/// the break year.
fn draw_break(w: &mut SvgWriter, year: i32, plot: &Plot, xs: &Linear, lang: Lang) {
    let x = num(xs.map(f64::from(year) - 0.5));
    let (y1, y2) = (num(plot.top), num(plot.bottom));
    w.open(
        "line",
        &[
            ("x1", &x),
            ("y1", &y1),
            ("x2", &x),
            ("y2", &y2),
            ("stroke", BREAK),
            ("stroke-width", "1.5"),
            ("stroke-dasharray", "4 3"),
        ],
    );
    w.text("title", &[], &format!("{} {year}", capitalize(word(Word::SeriesBreak, lang))));
    w.close();
}

fn draw_target(
    w: &mut SvgWriter,
    t: &TargetLine,
    unit: Unit,
    plot: &Plot,
    xs: &Linear,
    ys: &Linear,
    lang: Lang,
) {
    let (x, y) = (xs.map(f64::from(t.year)), ys.map(t.value));
    hline(w, (plot.left, x), y, TARGET, Some("2 3"));
    let tip = format!(
        "{} {} {} {}",
        capitalize(word(Word::Target, lang)),
        format_value(t.value, unit, lang),
        word(Word::By, lang),
        t.year
    );
    target_marker(w, x, y, Some(&tip));
    let label = t.label.trim();
    if !label.is_empty() {
        let fits_right = x + 10.0 + text_width(label, 11.0) <= plot.right;
        let (tx, anchor) = if fits_right { (x + 10.0, "start") } else { (x - 10.0, "end") };
        let (tx, ty) = (num(tx), num(if y - 9.0 < plot.top + 8.0 { y + 17.0 } else { y - 9.0 }));
        w.text("text", &[("x", &tx), ("y", &ty), ("font-size", "11"), ("text-anchor", anchor)], label);
    }
}

/// Suppressed and missing values as the sign „.“ in rows below the year
/// labels, one row per affected series in its colour, so a gap in a line is
/// always explained and never mistaken for a value of zero or below.
fn draw_gap_strip(
    w: &mut SvgWriter,
    series: &[Prepared<'_>],
    rows: &[usize],
    top: f64,
    xs: &Linear,
    lang: Lang,
) {
    for (row, &i) in rows.iter().enumerate() {
        let Some(s) = series.get(i) else { continue };
        let y = top + STRIP_ROW * (row as f64 + 0.5);
        for p in &s.points {
            let x = xs.map(f64::from(p.year));
            if is_suppressed(p.value) {
                let tip = format!("{} {}: {}", s.label, p.year, word(Word::Suppressed, lang));
                super::markers::suppressed_marker(w, x, y, s.colour, Some(&tip));
            } else if is_missing(p.value) {
                let tip = format!("{} {}: {}", s.label, p.year, word(Word::NoData, lang));
                super::markers::missing_marker(w, x, y, s.colour, Some(&tip));
            }
        }
    }
}

/// A one-unit horizontal line, optionally dashed.
fn hline(w: &mut SvgWriter, (x1, x2): (f64, f64), y: f64, stroke: &str, dash: Option<&str>) {
    let (x1, x2, y) = (num(x1), num(x2), num(y));
    let mut attrs = vec![
        ("x1", x1.as_str()),
        ("y1", y.as_str()),
        ("x2", x2.as_str()),
        ("y2", y.as_str()),
        ("stroke", stroke),
    ];
    if let Some(d) = dash {
        attrs.push(("stroke-dasharray", d));
    }
    w.leaf("line", &attrs);
}
