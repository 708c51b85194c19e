//! Class breaks of a map: equal intervals over the printed values.
//!
//! Why equal intervals and not quantiles: with six or twelve districts
//! quantile classes hold one or two units each and their edges are odd
//! numbers; equal steps give round, comparable edges that the legend can
//! state plainly. Breaks are rounded to the decimals the table prints, and
//! values are classed as printed, so a unit's colour always agrees with
//! its number in the table.

/// At most this many classes (more cannot be told apart in one hue).
pub(crate) const MAX_CLASSES: usize = 5;

/// Class edges: `edges[0]` is the lowest value, the last edge the
/// highest; class `i` holds `edges[i] ≤ v < edges[i + 1]` (the last class
/// includes its upper edge).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Classes {
    pub edges: Vec<f64>,
}

fn round_to(v: f64, decimals: usize) -> f64 {
    let f = 10f64.powi(decimals as i32);
    (v * f).round() / f
}

impl Classes {
    /// Equal-interval classes for `values` (finite, published), about one
    /// class per two values and at most [`MAX_CLASSES`]. No values: no
    /// classes; all values equal: one class.
    pub(crate) fn equal_interval(values: &[f64], decimals: usize) -> Self {
        let rounded: Vec<f64> =
            values.iter().filter(|v| v.is_finite()).map(|v| round_to(*v, decimals)).collect();
        let (Some(lo), Some(hi)) =
            (rounded.iter().copied().reduce(f64::min), rounded.iter().copied().reduce(f64::max))
        else {
            return Classes { edges: Vec::new() };
        };
        let k = rounded.len().div_ceil(2).clamp(1, MAX_CLASSES);
        let mut edges = vec![lo];
        if hi > lo {
            let step = (hi - lo) / k as f64;
            for i in 1..k {
                let b = round_to(lo + step * i as f64, decimals);
                if b > *edges.last().unwrap_or(&lo) && b < hi {
                    edges.push(b);
                }
            }
        }
        edges.push(hi);
        Classes { edges }
    }

    /// Number of classes.
    pub(crate) fn len(&self) -> usize {
        self.edges.len().saturating_sub(1)
    }

    /// The class of a value (rounded as printed): 0 is the lowest.
    pub(crate) fn class_of(&self, v: f64, decimals: usize) -> Option<usize> {
        if self.len() == 0 || !v.is_finite() {
            return None;
        }
        let v = round_to(v, decimals);
        let inner = &self.edges[1..self.edges.len() - 1];
        Some(inner.iter().filter(|b| v >= **b).count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_units_three_classes_with_round_edges() {
        let c = Classes::equal_interval(&[10.04, 12.0, 13.5, 16.0, 18.2, 19.0], 1);
        assert_eq!(c.edges, vec![10.0, 13.0, 16.0, 19.0]);
        assert_eq!(c.len(), 3);
        assert_eq!(c.class_of(10.04, 1), Some(0));
        assert_eq!(c.class_of(12.96, 1), Some(1), "classed as printed (13,0)");
        assert_eq!(c.class_of(16.0, 1), Some(2), "a value on a break is in the upper class");
        assert_eq!(c.class_of(19.0, 1), Some(2), "the last class includes its upper edge");
    }

    #[test]
    fn at_most_five_classes_and_degenerate_inputs() {
        let many: Vec<f64> = (0..24).map(f64::from).collect();
        assert_eq!(Classes::equal_interval(&many, 0).len(), 5);
        let same = Classes::equal_interval(&[4.0, 4.0, 4.0], 1);
        assert_eq!((same.len(), same.class_of(4.0, 1)), (1, Some(0)));
        let none = Classes::equal_interval(&[f64::NAN], 1);
        assert_eq!((none.len(), none.class_of(1.0, 1)), (0, None));
        assert_eq!(Classes::equal_interval(&[1.0], 1).len(), 1);
        // Edges that collide after rounding are merged.
        let tight = Classes::equal_interval(&[1.0, 1.1, 1.1, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2], 1);
        assert!(tight.edges.windows(2).all(|w| w[0] < w[1]), "{:?}", tight.edges);
    }
}
