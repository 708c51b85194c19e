//! Time-series arithmetic on published values: average annual change over
//! the last periods, never across a series break.

/// A published point of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub year: i32,
    pub value: f64,
}

/// The points usable for a trend ending at `latest`: at most `periods`
/// intervals back, and only after the last series break at or before it.
pub fn window(points: &[Point], latest: i32, periods: usize, breaks: &[i32]) -> Vec<Point> {
    let start = breaks.iter().copied().filter(|b| *b <= latest).max().unwrap_or(i32::MIN);
    let mut usable: Vec<Point> =
        points.iter().copied().filter(|p| p.year >= start && p.year <= latest).collect();
    usable.sort_by_key(|p| p.year);
    let keep = periods + 1;
    if usable.len() > keep {
        usable.drain(..usable.len() - keep);
    }
    usable
}

/// Average annual change between the first and last point of a window
/// (as the German sustainability strategy does), `None` with < 2 points.
pub fn annual_change(window: &[Point]) -> Option<f64> {
    let (first, last) = (window.first()?, window.last()?);
    let years = f64::from(last.year - first.year);
    (years > 0.0).then(|| (last.value - first.value) / years)
}

/// Whether a break lies strictly between two years (the second series
/// starts at the break year).
pub fn break_between(breaks: &[i32], from: i32, to: i32) -> bool {
    breaks.iter().any(|b| *b > from && *b <= to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[(i32, f64)]) -> Vec<Point> {
        v.iter().map(|(y, x)| Point { year: *y, value: *x }).collect()
    }

    #[test]
    fn annual_change_uses_first_and_last_of_window() {
        let p = pts(&[
            (2015, 10.0),
            (2016, 9.0),
            (2017, 9.5),
            (2018, 8.0),
            (2019, 7.0),
            (2020, 6.0),
            (2021, 5.0),
        ]);
        let w = window(&p, 2021, 5, &[]);
        assert_eq!(w.first().map(|p| p.year), Some(2016));
        // (5 − 9) / 5 years = −0.8 per year
        assert!((annual_change(&w).unwrap() + 0.8).abs() < 1e-12);
    }

    #[test]
    fn window_never_spans_a_break() {
        let p = pts(&[(2015, 10.0), (2016, 9.0), (2017, 20.0), (2018, 19.0)]);
        let w = window(&p, 2018, 5, &[2017]);
        assert_eq!(w.len(), 2);
        assert!((annual_change(&w).unwrap() + 1.0).abs() < 1e-12);
        assert!(break_between(&[2017], 2016, 2017));
        assert!(!break_between(&[2017], 2017, 2018));
    }

    #[test]
    fn one_point_has_no_change() {
        assert_eq!(annual_change(&pts(&[(2020, 1.0)])), None);
    }
}
