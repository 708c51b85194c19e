//! Axis arithmetic: "nice" value ticks in 1-2-5 steps, year ticks, and the
//! linear mapping from data to drawing coordinates.

/// Values beyond this magnitude are clamped before scaling: no municipal
/// indicator gets there, and it keeps every span finite.
const LIMIT: f64 = 1e12;
/// Hard cap on ticks, whatever the input.
const MAX_TICKS: usize = 25;

/// Tick positions for a value axis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    /// Lowest tick, the axis' lower end.
    pub lo: f64,
    /// Highest tick, the axis' upper end.
    pub hi: f64,
    /// The values, ascending, `lo` and `hi` included.
    pub values: Vec<f64>,
    /// Decimals needed to print every tick exactly.
    pub decimals: usize,
}

/// Ticks covering `[lo, hi]` with about `target` intervals whose width is
/// 1, 2 or 5 times a power of ten. Equal ends are widened (a flat series
/// still gets an axis); `None` only for NaN input.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Option<Ticks> {
    if lo.is_nan() || hi.is_nan() {
        return None;
    }
    let (mut lo, mut hi) = (lo.clamp(-LIMIT, LIMIT), hi.clamp(-LIMIT, LIMIT));
    if lo > hi {
        std::mem::swap(&mut lo, &mut hi);
    }
    let magnitude = lo.abs().max(hi.abs());
    if hi - lo <= magnitude * 1e-9 {
        let pad = if magnitude == 0.0 { 1.0 } else { magnitude * 0.1 };
        lo -= pad;
        hi += pad;
        if lo < 0.0 && magnitude > 0.0 && hi - pad >= 0.0 {
            // A flat positive series should not dip below zero just for padding.
            lo = lo.max(0.0);
        }
    }
    let step = nice_step((hi - lo) / target.max(1) as f64);
    let first = (lo / step + 1e-9).floor();
    let last = (hi / step - 1e-9).ceil();
    let count = ((last - first) as usize).saturating_add(1).min(MAX_TICKS);
    let values: Vec<f64> = (0..count).map(|i| clean((first + i as f64) * step)).collect();
    let decimals = (-(step.log10() + 1e-9).floor()).max(0.0) as usize;
    Some(Ticks {
        lo: values.first().copied().unwrap_or(lo),
        hi: values.last().copied().unwrap_or(hi),
        values,
        decimals,
    })
}

/// The 1-2-5 step at or above `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let residual = raw / power;
    let factor = if residual <= 1.0 + 1e-9 {
        1.0
    } else if residual <= 2.0 + 1e-9 {
        2.0
    } else if residual <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    factor * power
}

/// Rounds away binary noise such as `0.30000000000000004` and `-0`.
fn clean(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Years to label on a time axis: all of them when they fit, otherwise
/// the multiples of 2, 5, 10 … (round years, as readers expect), at most
/// `max_labels` (at least one) entries.
pub(crate) fn year_ticks(first: i32, last: i32, max_labels: usize) -> Vec<i32> {
    let (first, last) = (i64::from(first.min(last)), i64::from(first.max(last)));
    let max_labels = max_labels.max(1) as i64;
    let span = last - first;
    let mut step: i64 = 1;
    for candidate in
        [1i64, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000, 10_000, 100_000, 1_000_000, 1_000_000_000]
    {
        step = candidate;
        if span / candidate < max_labels {
            break;
        }
    }
    let mut out = Vec::new();
    let mut year = first + (step - first.rem_euclid(step)) % step;
    while year <= last && (out.len() as i64) < max_labels {
        out.push(year as i32);
        year += step;
    }
    if out.is_empty() {
        out.push(first as i32);
    }
    out
}

/// A linear map from a data interval to a drawing interval.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Linear {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Linear {
    pub(crate) fn new(domain: (f64, f64), range: (f64, f64)) -> Self {
        Linear { d0: domain.0, d1: domain.1, r0: range.0, r1: range.1 }
    }

    /// Maps `v`, clamped to the range; a degenerate domain maps to the middle.
    pub(crate) fn map(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        let mid = (self.r0 + self.r1) / 2.0;
        if !(span.is_finite() && span != 0.0 && v.is_finite()) {
            return mid;
        }
        let t = ((v - self.d0) / span).clamp(0.0, 1.0);
        self.r0 + t * (self.r1 - self.r0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(lo: f64, hi: f64) -> Vec<f64> {
        nice_ticks(lo, hi, 5).map(|t| t.values).unwrap_or_default()
    }

    #[test]
    fn one_two_five_steps() {
        assert_eq!(values(0.0, 10.0), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(values(0.0, 12.3), vec![0.0, 5.0, 10.0, 15.0]);
        assert_eq!(values(0.0, 1.0), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(values(3.2, 7.9), vec![3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
        assert_eq!(values(0.0, 4321.0), vec![0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0]);
        assert_eq!(values(-2.3, 4.1), vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0]);
    }

    #[test]
    fn decimals_follow_the_step() {
        assert_eq!(nice_ticks(0.0, 1.0, 5).map(|t| t.decimals), Some(1));
        assert_eq!(nice_ticks(0.0, 0.05, 5).map(|t| t.decimals), Some(2));
        assert_eq!(nice_ticks(0.0, 100.0, 5).map(|t| t.decimals), Some(0));
        assert_eq!(values(0.0, 0.3), vec![0.0, 0.1, 0.2, 0.3]);
    }

    #[test]
    fn degenerate_input_never_panics() {
        assert_eq!(values(5.0, 5.0), vec![4.4, 4.6, 4.8, 5.0, 5.2, 5.4, 5.6]);
        assert_eq!(values(0.0, 0.0), vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
        assert_eq!(values(9.0, 1.0), values(1.0, 9.0));
        assert!(nice_ticks(f64::NAN, 1.0, 5).is_none());
        let huge = nice_ticks(f64::NEG_INFINITY, f64::INFINITY, 5).map(|t| t.values.len());
        assert!(matches!(huge, Some(n) if (2..=MAX_TICKS).contains(&n)));
        assert!(values(1e-300, 2e-300).len() <= MAX_TICKS);
        assert!(nice_ticks(0.0, 1.0, 0).is_some());
    }

    #[test]
    fn year_ticks_are_all_or_round_years() {
        assert_eq!(year_ticks(2015, 2020, 12), vec![2015, 2016, 2017, 2018, 2019, 2020]);
        assert_eq!(year_ticks(2000, 2030, 12), vec![2000, 2005, 2010, 2015, 2020, 2025, 2030]);
        assert_eq!(year_ticks(2015, 2030, 6), vec![2015, 2020, 2025, 2030]);
        assert_eq!(year_ticks(2015, 2030, 15), vec![2016, 2018, 2020, 2022, 2024, 2026, 2028, 2030]);
        assert_eq!(year_ticks(-7, 3, 4), vec![-5, 0]);
        assert_eq!(year_ticks(2024, 2024, 12), vec![2024]);
        assert_eq!(year_ticks(2020, 2010, 12).first(), Some(&2010));
        assert!(year_ticks(i32::MIN, i32::MAX, 12).len() <= 12);
        assert!(!year_ticks(i32::MIN, i32::MAX, 1).is_empty());
    }

    #[test]
    fn linear_maps_and_clamps() {
        let s = Linear::new((0.0, 10.0), (100.0, 0.0));
        assert_eq!(s.map(0.0), 100.0);
        assert_eq!(s.map(5.0), 50.0);
        assert_eq!(s.map(20.0), 0.0);
        assert_eq!(Linear::new((1.0, 1.0), (0.0, 10.0)).map(1.0), 5.0);
        assert_eq!(s.map(f64::NAN), 50.0);
    }
}
