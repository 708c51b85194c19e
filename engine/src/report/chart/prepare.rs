//! Turns the input series into what every output (SVG, alt text, table)
//! works from, so all three agree: points sorted by year, one per year
//! (the first given wins), non-finite values as missing, and each series'
//! colour, dash and marker fixed by its position.

use super::model::{Point, PointValue, Series, TimeSeriesChart};
use super::numfmt::Lang;
use super::palette::{series_colour, series_shape, Shape, REFERENCE, REFERENCE_DASH};
use super::vocab::{word, Word};

/// A series ready to draw.
#[derive(Debug, Clone)]
pub(crate) struct Prepared<'a> {
    pub label: &'a str,
    pub is_reference: bool,
    pub points: Vec<Point>,
    pub colour: &'static str,
    pub dash: Option<&'static str>,
    pub shape: Shape,
}

impl Prepared<'_> {
    /// The legend label; the reference group says so, since a dashed black
    /// line does not explain itself.
    pub(crate) fn legend_label(&self, lang: Lang) -> String {
        if self.is_reference {
            format!("{} {}", self.label, word(Word::ReferenceSuffix, lang))
        } else {
            self.label.to_string()
        }
    }

    /// The value shown for `year`, if the series has a point there.
    pub(crate) fn at(&self, year: i32) -> Option<PointValue> {
        self.points.iter().find(|p| p.year == year).map(|p| p.value)
    }

    pub(crate) fn count(&self, pred: fn(PointValue) -> bool) -> usize {
        self.points.iter().filter(|p| pred(p.value)).count()
    }
}

/// All series of `chart`, in input order.
pub(crate) fn prepare(chart: &TimeSeriesChart) -> Vec<Prepared<'_>> {
    let mut non_reference = 0;
    chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let colour = if s.is_reference {
                REFERENCE
            } else {
                non_reference += 1;
                series_colour(non_reference - 1)
            };
            Prepared {
                label: &s.label,
                is_reference: s.is_reference,
                points: clean_points(s),
                colour,
                dash: s.is_reference.then_some(REFERENCE_DASH),
                shape: series_shape(i),
            }
        })
        .collect()
}

fn clean_points(s: &Series) -> Vec<Point> {
    let mut points: Vec<Point> =
        s.points.iter().map(|p| Point { year: p.year, value: p.value.normalized() }).collect();
    points.sort_by_key(|p| p.year);
    points.dedup_by_key(|p| p.year);
    points
}

/// First and last year over all points of all series.
pub(crate) fn year_range(series: &[Prepared<'_>]) -> Option<(i32, i32)> {
    let years = series.iter().flat_map(|s| s.points.iter().map(|p| p.year));
    let (lo, hi) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    (lo <= hi).then_some((lo, hi))
}

/// Every year that has a point in some series, ascending.
pub(crate) fn all_years(series: &[Prepared<'_>]) -> Vec<i32> {
    let mut years: Vec<i32> = series.iter().flat_map(|s| s.points.iter().map(|p| p.year)).collect();
    years.sort_unstable();
    years.dedup();
    years
}

pub(crate) fn is_suppressed(v: PointValue) -> bool {
    v == PointValue::Suppressed
}

pub(crate) fn is_missing(v: PointValue) -> bool {
    v == PointValue::Missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_dedups_and_normalizes() {
        let chart = TimeSeriesChart {
            series: vec![
                Series {
                    label: "A".into(),
                    is_reference: false,
                    points: vec![
                        Point { year: 2021, value: PointValue::Value(f64::NAN) },
                        Point { year: 2020, value: PointValue::Value(1.0) },
                        Point { year: 2020, value: PointValue::Value(2.0) },
                    ],
                },
                Series { label: "R".into(), is_reference: true, points: vec![] },
                Series { label: "B".into(), is_reference: false, points: vec![] },
            ],
            ..TimeSeriesChart::default()
        };
        let p = prepare(&chart);
        assert_eq!(
            p[0].points,
            vec![
                Point { year: 2020, value: PointValue::Value(1.0) },
                Point { year: 2021, value: PointValue::Missing },
            ]
        );
        assert_eq!(p[1].colour, REFERENCE);
        assert_eq!(p[2].colour, series_colour(1));
        assert_eq!(p[1].legend_label(Lang::De), "R (Referenz)");
        assert_eq!(year_range(&p), Some((2020, 2021)));
        assert_eq!(year_range(&p[1..]), None);
    }
}
