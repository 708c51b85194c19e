//! The data behind a chart as rows of formatted strings, for the table the
//! HTML report puts next to each chart (the accessible, exact view of what
//! the chart only approximates). Same formatting as the chart itself.

use super::alt_text::cell;
use super::model::{GapBarChart, PointValue, TimeSeriesChart, Unit};
use super::prepare::{all_years, prepare};
use super::unit_fmt::{format_gap, gap_axis_title, value_axis_title};
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
    /// The same data for download (the web site's CSV files).
    pub download: Download,
}

/// The table behind a chart for machine reading. Why a second form: the
/// printed cells are rounded and carry units and typographic signs
/// (`12,3 %`, `−0,4`), which a spreadsheet reads as text. Here every value
/// is the exact published number (see [`crate::report::numfmt::exact_decimal`])
/// with the unit in the column header; a cell without a published value
/// keeps the official sign. Built from the same [`PointValue`]s as the
/// chart, so it holds nothing the chart does not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Download {
    /// Column headers, value columns with their unit.
    pub header: Vec<String>,
    /// Body rows, one per row of the printed table.
    pub rows: Vec<Vec<DownloadCell>>,
}

/// One cell of a [`Download`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownloadCell {
    /// A label (year, area, group).
    Text(String),
    /// A published value, decimal point, no grouping (the writer
    /// localises the decimal separator).
    Number(String),
    /// No published value: the official sign („.“).
    Sign(&'static str),
}

/// A value as a download cell: the number, or the sign „.“.
pub(crate) fn download_cell(v: PointValue) -> DownloadCell {
    match v.finite().and_then(crate::report::numfmt::exact_decimal) {
        Some(s) => DownloadCell::Number(s),
        None => DownloadCell::Sign(NO_DATA_CELL),
    }
}

/// Year rows × series columns. Suppressed cells read "gesperrt"
/// ("suppressed"); missing values and years a series does not cover read
/// [`NO_DATA_CELL`].
pub fn data_table(chart: &TimeSeriesChart) -> DataTable {
    let lang = chart.lang;
    let series = prepare(chart);
    let mut header = vec![word(Word::Year, lang).to_string()];
    header.extend(series.iter().map(|s| s.legend_label(lang)));
    let years = all_years(&series);
    let rows = years
        .iter()
        .map(|&year| {
            let mut row = vec![year.to_string()];
            row.extend(series.iter().map(|s| match s.at(year) {
                Some(PointValue::Suppressed) => NO_DATA_CELL.to_string(),
                Some(v @ PointValue::Value(_)) => cell(v, chart.unit, lang),
                Some(PointValue::Missing) | None => NO_DATA_CELL.to_string(),
            }));
            row
        })
        .collect();
    let unit = value_axis_title(chart.unit, lang);
    let mut down_header = vec![header[0].clone()];
    down_header.extend(series.iter().map(|s| format!("{} ({unit})", s.legend_label(lang))));
    let down_rows = years
        .iter()
        .map(|&year| {
            let mut row = vec![DownloadCell::Text(year.to_string())];
            row.extend(series.iter().map(|s| download_cell(s.at(year).unwrap_or(PointValue::Missing))));
            row
        })
        .collect();
    let download = Download { header: down_header, rows: down_rows };
    DataTable { caption: chart.title.clone(), header, rows, download }
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
    let download = Download {
        header: vec![header[0].clone(), gap_axis_title(chart.unit, lang).to_string()],
        rows: chart
            .bars
            .iter()
            .map(|b| vec![DownloadCell::Text(b.label.clone()), download_cell(b.value.normalized())])
            .collect(),
    };
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
    DataTable { caption: chart.title.clone(), header, rows, download }
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
