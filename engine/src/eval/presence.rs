//! Empty or example data is never silent: `check` (and so `eval`, which
//! checks first) warns for a source whose file holds no data row, for
//! example rows of a `kimon init` template left in, and for a field of
//! action none of whose indicators has any data. Without these warnings an
//! empty template evaluates with exit 0 and the report's „keine Befunde
//! mit Einstufung …“ reads like „no problems“.
//!
//! Only the start of a file is read: the templates put their examples
//! first, and a source counts as present once one real row is seen.

use crate::diag::Diag;
use crate::model::{Model, Source};
use crate::session::Options;
use crate::tooling::templates::{EXAMPLE_COLUMN, EXAMPLE_MARK};
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Data rows looked at per file.
const LOOK_AT_ROWS: usize = 1000;

/// What the start of a source's file holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Presence {
    /// Data rows seen (at most [`LOOK_AT_ROWS`]).
    pub rows: usize,
    /// Of them, rows marked as examples.
    pub examples: usize,
}

impl Presence {
    /// Whether the source holds real (non-example) rows.
    pub fn has_data(self) -> bool {
        self.rows > self.examples
    }
}

/// Reads the first rows of a file source; `None` when it cannot be read
/// (the header check reports that) or the source is a database table.
pub fn presence(source: &Source, opts: &Options) -> Option<Presence> {
    if source.database.is_some() || source.format.layout.is_some() || source.format.years_in_columns.is_some()
    {
        return None;
    }
    let base = opts.data_dir.clone().unwrap_or_else(|| source.base_dir.clone());
    let path = base.join(&source.file);
    match crate::data::sheet::kind(&path) {
        Some(crate::data::sheet::Kind::Xlsx) => {
            let (text, _) = crate::data::sheet::convert(&path, &source.format).ok()?;
            Some(count(text.lines().map(|l| l.to_string()), b';'))
        }
        Some(_) => None,
        None => read_csv(&path),
    }
}

fn read_csv(path: &Path) -> Option<Presence> {
    let header = crate::data::reader::read_header(path).ok()?;
    let f = std::fs::File::open(path).ok()?;
    let lines = BufReader::new(f)
        .split(b'\n')
        .map_while(Result::ok)
        .map(|l| String::from_utf8_lossy(&l).into_owned());
    Some(count(lines.take(LOOK_AT_ROWS + 1), header.delimiter))
}

/// Counts the data rows after the header line, and those marked as examples.
fn count(mut lines: impl Iterator<Item = String>, delimiter: u8) -> Presence {
    let Some(header) = lines.next() else { return Presence::default() };
    let split = |l: &str| -> Vec<String> {
        l.trim_end_matches(['\r', '\n'])
            .split(delimiter as char)
            .map(|c| c.trim().trim_matches('"').to_string())
            .collect()
    };
    let head = split(header.trim_start_matches('\u{feff}'));
    let marker = head.iter().position(|h| h.eq_ignore_ascii_case(EXAMPLE_COLUMN));
    let mut p = Presence::default();
    for line in lines.take(LOOK_AT_ROWS) {
        let fields = split(&line);
        if fields.iter().all(String::is_empty) {
            continue;
        }
        p.rows += 1;
        if let Some(m) = marker {
            if fields.get(m).is_some_and(|v| v.eq_ignore_ascii_case(EXAMPLE_MARK)) {
                p.examples += 1;
            }
        }
    }
    p
}

/// The warnings about empty sources, example rows and fields without data.
pub fn lint(model: &Model, opts: &Options) -> Vec<Diag> {
    let mut out = Vec::new();
    let mut without: Vec<&str> = Vec::new();
    for s in model.sources.values() {
        let Some(p) = presence(s, opts) else { continue };
        let at = |d: Diag| d.at(s.origin.file, s.origin.span, "source declared here");
        if p.rows == 0 {
            out.push(at(Diag::warning(
                "data-empty",
                format!("source `{}` ({}): `{}` holds no data rows", s.id, s.title, s.file),
            )
            .help("fill the file (see `daten/LIESMICH.md` of a `kimon init` scaffold); its indicators show „keine Daten“ until then")));
        } else if p.examples > 0 {
            out.push(at(Diag::warning(
                "data-example-rows",
                format!(
                    "source `{}`: `{}` still holds {} example row(s) (`{EXAMPLE_MARK}` in column `{EXAMPLE_COLUMN}`)",
                    s.id, s.file, p.examples
                ),
            )
            .help("delete the example rows before publishing; they are evaluated like real data")));
        }
        // Example rows are data to the evaluation; their own warning says
        // what to do, so only truly empty sources make a field empty.
        if p.rows == 0 {
            without.push(s.id.as_str());
        }
    }
    for field in model.fields.values() {
        let inds: Vec<_> = model.indicators.values().filter(|i| i.field == field.id).collect();
        if inds.is_empty() {
            continue;
        }
        let empty = |i: &&crate::model::Indicator| {
            std::iter::once(&i.numerator)
                .chain(i.denominator.iter())
                .any(|a| without.contains(&a.source.as_str()))
        };
        if inds.iter().all(empty) {
            let mut srcs: Vec<&str> = Vec::new();
            for i in &inds {
                for a in std::iter::once(&i.numerator).chain(i.denominator.iter()) {
                    if without.contains(&a.source.as_str()) && !srcs.contains(&a.source.as_str()) {
                        srcs.push(a.source.as_str());
                    }
                }
            }
            out.push(
                Diag::warning(
                    "field-without-data",
                    format!(
                        "field of action `{}` ({}) has no data: its indicators read empty sources ({})",
                        field.id,
                        field.title,
                        srcs.join(", ")
                    ),
                )
                .at(field.origin.file, field.origin.span, "field declared here")
                .help("the report says „keine Daten“ for this field until the sources are filled"),
            );
        }
    }
    out
}
