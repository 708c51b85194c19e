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

/// Whether a window is evidence enough: at least `min_points` published
/// points spanning at least `min_years` years. Two points are a line,
/// not a development.
pub fn enough(window: &[Point], min_points: usize, min_years: i32) -> bool {
    let span = match (window.first(), window.last()) {
        (Some(a), Some(b)) => b.year - a.year,
        _ => 0,
    };
    window.len() >= min_points && span >= min_years
}

/// The last change per year and the typical (median absolute) change per
/// year before it, when the last exceeds `factor` × typical. The typical
/// change is at least `floor` so that a flat series does not make every
/// small step "volatile".
pub fn volatile(window: &[Point], factor: f64, floor: f64) -> Option<(f64, f64)> {
    if window.len() < 3 {
        return None;
    }
    let per_year = |a: &Point, b: &Point| (b.value - a.value) / f64::from((b.year - a.year).max(1));
    let mut earlier: Vec<f64> = window.windows(2).map(|w| per_year(&w[0], &w[1]).abs()).collect();
    let last = earlier.pop()?;
    earlier.sort_by(f64::total_cmp);
    let mid = earlier.len() / 2;
    let median = if earlier.len() % 2 == 1 { earlier[mid] } else { (earlier[mid - 1] + earlier[mid]) / 2.0 };
    let typical = median.max(floor);
    let signed_last = window.get(window.len() - 2).zip(window.last()).map(|(a, b)| per_year(a, b))?;
    (last > factor * typical).then_some((signed_last, typical))
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
    fn two_points_are_no_evidence() {
        let p = pts(&[(2023, 1.0), (2024, 2.8)]);
        assert!(!enough(&p, 3, 3));
        let p = pts(&[(2020, 1.0), (2022, 1.5), (2024, 2.0)]);
        assert!(enough(&p, 3, 3));
        let p = pts(&[(2022, 1.0), (2023, 1.5), (2024, 2.0)]);
        assert!(!enough(&p, 3, 3), "three points over two years");
    }

    #[test]
    fn a_jump_is_volatile() {
        let p = pts(&[(2020, 1.0), (2021, 1.1), (2022, 1.0), (2023, 1.1), (2024, 2.8)]);
        let (last, typical) = volatile(&p, 2.0, 0.01).unwrap();
        assert!((last - 1.7).abs() < 1e-9 && (typical - 0.1).abs() < 1e-9);
        let p = pts(&[(2020, 1.0), (2021, 1.5), (2022, 2.0), (2023, 2.5), (2024, 3.0)]);
        assert_eq!(volatile(&p, 2.0, 0.01), None);
    }

    #[test]
    fn one_point_has_no_change() {
        assert_eq!(annual_change(&pts(&[(2020, 1.0)])), None);
    }
}
