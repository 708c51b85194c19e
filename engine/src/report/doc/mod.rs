//! The report as one document model, built once from the evaluated
//! findings and rendered by both the HTML and the Markdown renderer.
//!
//! Why one model: the audience (administration, council, public) only
//! decides *which* blocks are included and *how* they are worded. Keeping
//! that decision in one builder means the HTML and Markdown outputs cannot
//! drift apart, and the privacy test can check the one structure every
//! output is made of. Every number in here is already formatted text, and
//! only published values (`Shown::Value`) are ever formatted.

mod build;
mod cells;
mod charts;
mod checks_report;
mod front;
mod glossary;
mod imprint;
mod indicator;
mod key_rows;
mod maps;
pub mod measure;
mod methods;
mod overview;
mod titles;
pub use titles::title_problems;
mod words;

pub use build::build;
pub(crate) use build::see_appendix;
pub(crate) use charts::chart_unit;
pub(crate) use imprint::site_accessibility;
pub(crate) use words::words;

use serde::Serialize;

/// Who the report is written for; re-exported from the rulebook model so
/// an indicator's `audience` list and the report speak the same language.
pub use crate::model::Audience;

/// A whole report: title page data and the sections in reading order.
#[derive(Debug, Clone, Serialize)]
pub struct ReportDoc {
    /// BCP 47 language tag (`de`, `en`).
    pub lang: String,
    /// The audience keyword (`verwaltung`, `politik`, `oeffentlichkeit`).
    pub audience: String,
    /// The audience in words, for the title page.
    pub audience_label: String,
    pub title: String,
    pub subtitle: String,
    /// What the report is and how to read it, in the audience's words.
    pub lead: String,
    /// Title-page facts: municipality, state, version, years.
    pub facts: Vec<Fact>,
    pub sections: Vec<Section>,
    /// Number of charts in the document (the end-to-end check compares it
    /// with the SVG elements a browser actually rendered).
    pub chart_count: usize,
    /// The table of contents heading.
    pub contents_label: String,
    /// What the print edition says on every page (running header).
    pub running_head: String,
}

/// A term and its explanation (title page, indicator profile).
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub term: String,
    pub text: String,
}

/// A heading with its blocks. `level` 2 is a chapter, 3 an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Anchor id, ASCII only.
    pub id: String,
    pub level: u8,
    pub title: String,
    /// Listed in the table of contents.
    pub in_contents: bool,
    /// Part of the appendix (detail for those who look things up): the
    /// page budgets count only the sections before the first of these.
    #[serde(default)]
    pub appendix: bool,
    pub blocks: Vec<Block>,
}

/// One piece of content.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
    },
    /// A heading inside a section (not in the table of contents).
    Subheading {
        text: String,
    },
    /// A lead paragraph set off visually (a plain-language summary).
    Lead {
        text: String,
    },
    Facts {
        items: Vec<Fact>,
    },
    List {
        title: String,
        items: Vec<String>,
    },
    /// Strengths and needs for action side by side, per field.
    Overview(Overview),
    Table(Table),
    /// The key figures of the front page and the field summaries: one row
    /// per finding with value, comparison value, gap, trend and status.
    KeyFigures(Table),
    Chart(Chart),
}

/// The strengths / needs-for-action overview.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub field_header: String,
    pub strengths_header: String,
    pub needs_header: String,
    pub rows: Vec<OverviewRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverviewRow {
    pub field: String,
    pub steerable: String,
    pub strengths: Vec<String>,
    pub needs: Vec<String>,
    /// What else the field holds ("5 weitere Befunde unauffällig"), or empty.
    pub other: String,
}

/// A table of formatted cells.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Table {
    /// The indicator the table belongs to, if any (for tests and anchors).
    pub indicator: Option<String>,
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Per column: right-aligned numbers.
    pub numeric: Vec<bool>,
    /// The key to the signs used in the cells (empty if none is used);
    /// filled by the builder for every table at the end.
    pub footnote: String,
    /// A chart's data for download (exact published values, unit in the
    /// header): only the web site writes it, as CSV and XLSX files.
    #[serde(skip)]
    pub download: Option<crate::report::chart::Download>,
    /// The links to those files, relative to the page (set by the site).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

/// A link: where to and its text.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub text: String,
}

/// An inline SVG chart with its text alternative and data table.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub indicator: String,
    /// `time_series`, `gap` or `map`.
    pub chart: String,
    pub svg: String,
    pub alt: String,
    pub table: Table,
}

impl ReportDoc {
    /// The sections before the appendix: what the page budgets count.
    pub fn main_sections(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().take_while(|s| !s.appendix)
    }

    /// Every table in the document, chart data tables included.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections.iter().flat_map(|s| s.blocks.iter()).filter_map(|b| match b {
            Block::Table(t) | Block::KeyFigures(t) => Some(t),
            Block::Chart(c) => Some(&c.table),
            _ => None,
        })
    }

    /// Every table, mutably (for passes over the finished document).
    pub(crate) fn tables_mut(&mut self) -> impl Iterator<Item = &mut Table> {
        self.sections.iter_mut().flat_map(|s| s.blocks.iter_mut()).filter_map(|b| match b {
            Block::Table(t) | Block::KeyFigures(t) => Some(t),
            Block::Chart(c) => Some(&mut c.table),
            _ => None,
        })
    }

    /// Every chart in the document.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.sections.iter().flat_map(|s| s.blocks.iter()).filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
    }
}
