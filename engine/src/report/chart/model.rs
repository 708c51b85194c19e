//! The plain data a chart is drawn from. No engine types: the report stage
//! maps its findings into these, so the chart code can be tested alone.

use super::numfmt::Lang;

/// What the numbers on the value axis are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Unit {
    /// A share in percent (`12.3` = 12,3 %); differences are percentage points.
    #[default]
    Percent,
    /// A rate per 1,000 (`2.5` = 2,5 ‰).
    Per1000,
    /// A number of persons or cases.
    Count,
    /// A mean such as an average age.
    Mean,
    /// A ratio of two rates, read around 1.
    Ratio,
}

/// One cell of a series. A suppressed cell carries no number at all, so a
/// protected value cannot reach the renderer by construction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PointValue {
    /// A publishable value in the chart's [`Unit`]. A non-finite value is
    /// drawn like [`PointValue::Missing`].
    Value(f64),
    /// Withheld by statistical disclosure control ("gesperrt").
    Suppressed,
    /// Not available for this year ("keine Daten").
    Missing,
}

impl PointValue {
    /// The value if it is a finite number; suppressed, missing and NaN/∞ give `None`.
    pub fn finite(self) -> Option<f64> {
        match self {
            PointValue::Value(v) if v.is_finite() => Some(v),
            _ => None,
        }
    }

    /// Maps a non-finite value to [`PointValue::Missing`], the one place
    /// where such a defect is turned into something drawable.
    pub(crate) fn normalized(self) -> PointValue {
        match self {
            PointValue::Value(v) if !v.is_finite() => PointValue::Missing,
            other => other,
        }
    }
}

/// One year of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// The reporting year.
    pub year: i32,
    /// The value, or why there is none.
    pub value: PointValue,
}

/// One group's line, e.g. "Ausländer*innen".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// The group's name as the legend shows it.
    pub label: String,
    /// The comparison group (drawn as a dark dashed line).
    pub is_reference: bool,
    /// Points in any order; a year given twice keeps its first point.
    pub points: Vec<Point>,
}

/// A target value to be reached by a year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TargetLine {
    /// The year by which the target should be reached.
    pub year: i32,
    /// The target value in the chart's unit.
    pub value: f64,
    /// Text next to the target marker, e.g. "Ziel 2030"; empty for none.
    pub label: String,
}

/// How a range of values is assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BandKind {
    /// Values here count as a strength.
    Strength,
    /// Neither strength nor need for action.
    Neutral,
    /// Values here call for action.
    NeedForAction,
}

/// A threshold band drawn as a background stripe. Either edge may be
/// infinite (e.g. "up to 0,5"); a NaN edge drops the band.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// One edge, in the chart's unit.
    pub from: f64,
    /// The other edge.
    pub to: f64,
    /// The assessment of the band.
    pub kind: BandKind,
    /// Legend text; empty means the kind's name.
    pub label: String,
}

/// A line chart of one indicator over the years, one line per group.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimeSeriesChart {
    /// Heading inside the SVG and its `<title>`.
    pub title: String,
    /// What the value axis shows, e.g. "Anteil in %".
    pub y_label: String,
    /// The unit of every value, band edge and target.
    pub unit: Unit,
    /// Language of all generated text and numbers.
    pub lang: Lang,
    /// The lines, in legend order.
    pub series: Vec<Series>,
    /// An optional target.
    pub target: Option<TargetLine>,
    /// Threshold bands behind the lines.
    pub bands: Vec<Band>,
    /// Years in which the series definition changed: a dashed vertical line
    /// is drawn just before each, and no line connects points across it.
    pub break_years: Vec<i32>,
}

/// One district's bar in a gap chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The district's name.
    pub label: String,
    /// The gap (percentage points for [`Unit::Percent`]).
    pub value: PointValue,
    /// The whole city's bar, drawn darker and with a bold label.
    pub is_total: bool,
}

/// Horizontal bars of a gap by district around a zero axis (around 1 for
/// [`Unit::Ratio`], where 1 means "no difference").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GapBarChart {
    /// Heading inside the SVG and its `<title>`.
    pub title: String,
    /// Language of all generated text and numbers.
    pub lang: Lang,
    /// The unit of the compared values; the gap is in its points.
    pub unit: Unit,
    /// Bars in the order given (the report decides the order).
    pub bars: Vec<Bar>,
    /// Draw a solid line at zero (at 1 for ratios).
    pub zero_line: bool,
    /// Threshold values drawn as vertical lines, coloured by kind.
    pub threshold_lines: Vec<(f64, BandKind)>,
}
