//! The data behind a chart as rows of formatted strings, for the table the
//! HTML report puts next to each chart (the accessible, exact view of what
//! the chart only approximates). Same formatting as the chart itself.

use super::alt_text::cell;
use super::model::{GapBarChart, PointValue, TimeSeriesChart, Unit};
use super::prepare::{all_years, prepare};
use super::unit_fmt::format_gap;
use super::vocab::{word, Word};

/// What a table cell shows for a value that is missing or protected: the
/// official sign „.“ (unknown or to be kept secret). Never the dash, which
/// officially means „exactly zero“.
pub const NO_DATA_CELL: &str = ".";

/// A chart's data: a caption, one header row and body rows of equal length.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataTable {
    /// The chart title, for `<caption>`.
    pub caption: String,
    /// Column headers.
    pub header: Vec<String>,
    /// Body rows; each has `header.len()` cells.
    pub rows: Vec<Vec<String>>,
}

/// Year rows × series columns. Suppressed cells read "gesperrt"
/// ("suppressed"); missing values and years a series does not cover read
/// [`NO_DATA_CELL`].
pub fn data_table(chart: &TimeSeriesChart) -> DataTable {
    let lang = chart.lang;
    let series = prepare(chart);
    let mut header = vec![word(Word::Year, lang).to_string()];
    header.extend(series.iter().map(|s| s.legend_label(lang)));
    let rows = all_years(&series)
        .into_iter()
        .map(|year| {
            let mut row = vec![year.to_string()];
            row.extend(series.iter().map(|s| match s.at(year) {
                Some(PointValue::Suppressed) => NO_DATA_CELL.to_string(),
                Some(v @ PointValue::Value(_)) => cell(v, chart.unit, lang),
                Some(PointValue::Missing) | None => NO_DATA_CELL.to_string(),
            }));
            row
        })
        .collect();
    DataTable { caption: chart.title.clone(), header, rows }
}

/// One row per bar, in chart order: area and gap (`+1,2 PP`), with the
/// same "gesperrt" / [`NO_DATA_CELL`] conventions.
pub fn data_table_gap(chart: &GapBarChart) -> DataTable {
    let lang = chart.lang;
    let value_header = match chart.unit {
        Unit::Ratio => word(Word::RatioHeader, lang),
        _ => word(Word::Gap, lang),
    };
    let header = vec![word(Word::Area, lang).to_string(), value_header.to_string()];
    let rows = chart
        .bars
        .iter()
        .map(|b| {
            let value = match b.value.normalized() {
                PointValue::Value(v) => format_gap(v, chart.unit, lang, true),
                PointValue::Suppressed | PointValue::Missing => NO_DATA_CELL.to_string(),
            };
            vec![b.label.clone(), value]
        })
        .collect();
    DataTable { caption: chart.title.clone(), header, rows }
}

impl DataTable {
    /// Number of body rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no body rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}
