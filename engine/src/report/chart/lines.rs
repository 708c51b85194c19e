//! A series drawn as polylines: split into runs at suppressed and missing
//! values and at series breaks, so no line ever bridges a value that is
//! not shown, plus a marker (with tooltip) on every shown value so that
//! isolated values remain visible.

use super::markers::series_marker;
use super::model::{Point, Unit};
use super::numfmt::Lang;
use super::prepare::Prepared;
use super::scale::Linear;
use super::svg::{points, SvgWriter};
use super::unit_fmt::format_value;

/// Consecutive drawable values of one series as `(year, value)` runs.
/// A run ends at a suppressed or missing point and before a break year
/// that lies after the previous point. Years absent from the input do not
/// end a run: a biennial survey is still one line.
pub(crate) fn runs(points: &[Point], breaks: &[i32]) -> Vec<Vec<(i32, f64)>> {
    let mut out: Vec<Vec<(i32, f64)>> = Vec::new();
    let mut current: Vec<(i32, f64)> = Vec::new();
    for p in points {
        match p.value.finite() {
            Some(v) => {
                let broken =
                    current.last().is_some_and(|&(prev, _)| breaks.iter().any(|&b| prev < b && b <= p.year));
                if broken {
                    out.push(std::mem::take(&mut current));
                }
                current.push((p.year, v));
            }
            None => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether any series has a value to draw.
pub(crate) fn runs_exist(series: &[Prepared<'_>]) -> bool {
    series.iter().any(|s| s.points.iter().any(|p| p.value.finite().is_some()))
}

/// Draws one series: its runs as polylines, then its markers on top.
pub(crate) fn draw_series(
    w: &mut SvgWriter,
    s: &Prepared<'_>,
    breaks: &[i32],
    xs: &Linear,
    ys: &Linear,
    unit: Unit,
    lang: Lang,
) {
    let runs = runs(&s.points, breaks);
    if runs.is_empty() {
        return;
    }
    w.open("g", &[]);
    for run in runs.iter().filter(|r| r.len() > 1) {
        let coords: Vec<(f64, f64)> =
            run.iter().map(|&(year, v)| (xs.map(f64::from(year)), ys.map(v))).collect();
        let pts = points(&coords);
        let mut attrs = vec![
            ("points", pts.as_str()),
            ("fill", "none"),
            ("stroke", s.colour),
            ("stroke-width", "2.2"),
            ("stroke-linejoin", "round"),
            ("stroke-linecap", "round"),
        ];
        if let Some(d) = s.dash {
            attrs.push(("stroke-dasharray", d));
        }
        w.leaf("polyline", &attrs);
    }
    for &(year, v) in runs.iter().flatten() {
        let tip = format!("{} {year}: {}", s.label, format_value(v, unit, lang));
        series_marker(w, s.shape, xs.map(f64::from(year)), ys.map(v), s.colour, Some(&tip));
    }
    w.close();
}

#[cfg(test)]
mod tests {
    use super::super::model::PointValue;
    use super::*;

    fn p(year: i32, value: PointValue) -> Point {
        Point { year, value }
    }

    #[test]
    fn splits_at_gaps_and_breaks() {
        use PointValue::*;
        let pts = [
            p(2015, Value(1.0)),
            p(2016, Value(2.0)),
            p(2017, Suppressed),
            p(2018, Value(3.0)),
            p(2019, Value(4.0)),
            p(2020, Missing),
            p(2021, Value(5.0)),
            p(2023, Value(6.0)),
            p(2024, Value(7.0)),
        ];
        let r = runs(&pts, &[2019, 2024]);
        assert_eq!(
            r,
            vec![
                vec![(2015, 1.0), (2016, 2.0)],
                vec![(2018, 3.0)],
                vec![(2019, 4.0)],
                vec![(2021, 5.0), (2023, 6.0)],
                vec![(2024, 7.0)],
            ]
        );
    }

    #[test]
    fn nothing_to_draw() {
        assert!(runs(&[p(2020, PointValue::Suppressed)], &[]).is_empty());
        assert!(runs(&[], &[2020]).is_empty());
    }
}
