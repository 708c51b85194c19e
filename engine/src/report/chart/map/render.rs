//! The map as SVG: units filled by class or hatched, names at their
//! centres, and a legend beside the map stating the classes and the sign.

use super::super::document::{self, Header, Ids, MARGIN, WIDTH};
use super::super::palette::{sequential, MAP_HATCH, MAP_OUTLINE, MUTED};
use super::super::svg::{num, SvgWriter};
use super::super::text_width::{truncate, wrap};
use super::super::unit_fmt::value_decimals;
use super::describe::{alt_text_map, class_label, classes_heading, no_data_label, tooltip};
use super::project::{label_point, path_data, Projection};
use super::MapChart;

/// Width and largest height of the map itself; the legend sits right of it.
const MAP_W: f64 = 400.0;
const MAP_MAX_H: f64 = 360.0;
const LEGEND_X: f64 = MARGIN + MAP_W + 24.0;
const ROW: f64 = 20.0;
/// Line height of a legend label's second line.
const LINE: f64 = 14.0;
const LABEL_FONT: f64 = 10.0;

/// Renders a map. Never panics: no units or no outlines give a frame with
/// the heading and the legend.
pub fn render_map(chart: &MapChart) -> String {
    let lang = chart.lang;
    let desc = alt_text_map(chart, lang);
    let ids = Ids::new("map", &chart.title, &desc);
    let header = Header::new(&chart.title, &chart.subtitle);
    let top = header.bottom() + 10.0;
    let projection =
        Projection::fit(chart.units.iter().flat_map(|u| u.rings.iter()), MARGIN, top, MAP_W, MAP_MAX_H);
    let map_h = projection.map_or(0.0, |p| p.height);
    let classes = chart.classes();
    let hatched = chart.units.iter().any(|u| u.value.finite().is_none());
    let palette = sequential(classes.len());
    let ids_hatch = format!("{}-nodata", ids.hatch);
    let hatch_fill = format!("url(#{ids_hatch})");
    // Legend entries: fill and label lines (wrapped beside the swatch).
    let label_w = WIDTH - MARGIN - LEGEND_X - 24.0;
    let mut entries: Vec<(String, Vec<String>)> = (0..classes.len())
        .map(|i| {
            let fill = palette.get(i).copied().unwrap_or(MUTED).to_string();
            // One line, as written: wrapping would turn the no-break space
            // before „%“ into a plain one.
            (fill, vec![truncate(&class_label(&classes, i, chart), 12.0, label_w)])
        })
        .collect();
    if hatched {
        entries.push((hatch_fill.clone(), wrap(no_data_label(lang), 12.0, label_w, 2)));
    }
    let legend_h =
        ROW + entries.iter().map(|(_, l)| ROW + LINE * l.len().saturating_sub(1) as f64).sum::<f64>();
    let height = (top + map_h.max(legend_h) + 12.0).ceil();

    let mut w = SvgWriter::new();
    document::open(&mut w, &ids, height, lang, &chart.title, &desc);
    let no_data = ids_hatch;
    w.open("defs", &[]);
    w.open(
        "pattern",
        &[
            ("id", &no_data),
            ("width", "5"),
            ("height", "5"),
            ("patternUnits", "userSpaceOnUse"),
            ("patternTransform", "rotate(45)"),
        ],
    );
    w.leaf("rect", &[("width", "5"), ("height", "5"), ("fill", "#ffffff")]);
    w.leaf(
        "line",
        &[("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "5"), ("stroke", MAP_HATCH), ("stroke-width", "1.3")],
    );
    w.close();
    w.close();
    header.draw(&mut w);

    let d = value_decimals(chart.unit);
    if let Some(p) = &projection {
        w.open("g", &[("stroke", MAP_OUTLINE), ("stroke-width", "0.8"), ("stroke-linejoin", "round")]);
        for (i, u) in chart.units.iter().enumerate() {
            let fill = match u.value.finite().and_then(|v| classes.class_of(v, d)) {
                Some(c) => palette.get(c).copied().unwrap_or(MUTED).to_string(),
                None => hatch_fill.clone(),
            };
            let path = path_data(p, &u.rings);
            w.open("path", &[("d", &path), ("fill", &fill), ("fill-rule", "evenodd")]);
            w.text("title", &[], &tooltip(chart, i));
            w.close();
        }
        w.close();
        // Names (and the sign of hatched units) on a white halo, readable
        // on every class colour.
        w.open(
            "g",
            &[
                ("font-size", "10"),
                ("text-anchor", "middle"),
                ("stroke", "#ffffff"),
                ("stroke-width", "3"),
                ("stroke-linejoin", "round"),
                ("paint-order", "stroke"),
            ],
        );
        for u in &chart.units {
            let Some((x, y)) = label_point(p, &u.rings) else { continue };
            let name = truncate(&u.name, LABEL_FONT, 96.0);
            let sign = u.value.finite().is_none();
            let ty = if sign { y - 2.0 } else { y + 3.5 };
            w.text("text", &[("x", &num(x)), ("y", &num(ty))], &name);
            if sign {
                w.text(
                    "text",
                    &[("x", &num(x)), ("y", &num(y + 11.0)), ("font-size", "20"), ("font-weight", "bold")],
                    super::super::data_table::NO_DATA_CELL,
                );
            }
        }
        w.close();
    }

    // The legend: heading, one swatch per class, the hatched sign.
    let mut y = top + 12.0;
    w.text("text", &[("x", &num(LEGEND_X)), ("y", &num(y)), ("font-weight", "bold")], classes_heading(lang));
    for (fill, lines) in &entries {
        y += ROW;
        w.leaf(
            "rect",
            &[
                ("x", &num(LEGEND_X)),
                ("y", &num(y - 10.0)),
                ("width", "18"),
                ("height", "12"),
                ("fill", fill),
                ("stroke", MAP_OUTLINE),
                ("stroke-width", "0.8"),
            ],
        );
        for (k, line) in lines.iter().enumerate() {
            if k > 0 {
                y += LINE;
            }
            w.text("text", &[("x", &num(LEGEND_X + 24.0)), ("y", &num(y))], line);
        }
    }
    w.finish()
}
