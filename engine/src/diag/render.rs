//! Rendering diagnostics: miette's graphical report for people (with or
//! without colour) and a flat JSON form for machines.

use super::{Diag, Location, Severity, SourceMap};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderStyle {
    /// Unicode drawing without colour: snapshots, pipes, `NO_COLOR`.
    Plain,
    /// Colour for terminals.
    Colour,
}

/// One line of a data file presented to miette as if it were the whole
/// file, with line numbers shifted so the report shows the real line.
struct DataLine {
    name: String,
    line: u64,
    text: String,
}

impl SourceCode for DataLine {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.line.saturating_sub(1) as usize,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// Part of one long line presented to miette as if it were the whole file,
/// with line and column numbers shifted so the report shows the real
/// position: a 50 KB one-line rulebook or a 4 KB data row is quoted as a
/// short excerpt around the span, not in full.
struct Excerpt {
    name: String,
    /// 0-based line of the excerpt in the real file.
    line: usize,
    /// Bytes between the real line start and the excerpt's first byte.
    column: usize,
    text: String,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.line,
            inner.column() + self.column,
            inner.line_count(),
        )))
    }
}

/// Lines longer than this are quoted as an excerpt around the span.
const LONG_LINE: usize = 200;
/// Bytes of context kept before and after the span's start in an excerpt.
const CONTEXT_BEFORE: usize = 40;
const CONTEXT_AFTER: usize = 80;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The excerpt of the line holding `[start, end)` when that line is long,
/// and the span re-based into it; `None` when the line is short enough to
/// be shown whole.
fn excerpt(name: &str, text: &str, start: usize, end: usize) -> Option<(Excerpt, (usize, usize))> {
    let start = floor_boundary(text, start.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |p| start + p);
    if line_end - line_start <= LONG_LINE {
        return None;
    }
    let ws = floor_boundary(text, start.saturating_sub(CONTEXT_BEFORE).max(line_start));
    let we = ceil_boundary(text, (start + CONTEXT_AFTER).min(line_end));
    let prefix = if ws > line_start { "…" } else { "" };
    let suffix = if we < line_end { "…" } else { "" };
    let shown = format!("{prefix}{}{suffix}", &text[ws..we]);
    let line = text[..line_start].bytes().filter(|b| *b == b'\n').count();
    let column = (ws - line_start).saturating_sub(prefix.len());
    let local_start = start - ws + prefix.len();
    let local_len = end.clamp(start, we) - start;
    Some((Excerpt { name: name.to_string(), line, column, text: shown }, (local_start, local_len)))
}

enum Code {
    Rulebook(NamedSource<String>),
    Data(DataLine),
    Excerpt(Excerpt),
}

struct View<'a> {
    diag: &'a Diag,
    code: Option<Code>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for View<'_> {}

impl Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.diag.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        match &self.code {
            Some(Code::Rulebook(s)) => Some(s),
            Some(Code::Data(d)) => Some(d),
            Some(Code::Excerpt(e)) => Some(e),
            None => None,
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

fn view<'a>(diag: &'a Diag, sources: &SourceMap) -> View<'a> {
    let mut labels = Vec::new();
    let code = match &diag.location {
        Some(Location::Rulebook { file, span }) => {
            if let Some((ex, primary)) =
                excerpt(sources.display(*file), sources.text(*file), span.start, span.end)
            {
                // Only the primary span: related spans lie elsewhere in
                // the file, outside the excerpt.
                labels.push(LabeledSpan::new_primary_with_span(Some(diag.label.clone()), primary));
                return View { diag, code: Some(Code::Excerpt(ex)), labels };
            }
            let text = sources.text(*file).to_string();
            let clamp = |s: usize| s.min(text.len());
            labels.push(LabeledSpan::new_primary_with_span(
                Some(diag.label.clone()),
                (clamp(span.start), clamp(span.end) - clamp(span.start)),
            ));
            for (rspan, rlabel) in &diag.related {
                labels.push(LabeledSpan::new_with_span(
                    Some(rlabel.clone()),
                    (clamp(rspan.start), clamp(rspan.end) - clamp(rspan.start)),
                ));
            }
            Some(Code::Rulebook(NamedSource::new(sources.display(*file), text)))
        }
        Some(Location::Data { path, line, text, field_start, field_len, .. }) => {
            let start = (*field_start).min(text.len());
            let len = (*field_len).min(text.len() - start);
            if let Some((mut ex, primary)) = excerpt(path, text, start, start + len) {
                ex.line = line.saturating_sub(1) as usize;
                labels.push(LabeledSpan::new_primary_with_span(Some(diag.label.clone()), primary));
                Some(Code::Excerpt(ex))
            } else {
                labels.push(LabeledSpan::new_primary_with_span(Some(diag.label.clone()), (start, len)));
                Some(Code::Data(DataLine { name: path.clone(), line: *line, text: text.clone() }))
            }
        }
        None => None,
    };
    View { diag, code, labels }
}

/// Renders diagnostics the way `kimon check` prints them.
pub fn render_human(diags: &[Diag], sources: &SourceMap, style: RenderStyle) -> String {
    let theme = match style {
        RenderStyle::Plain => GraphicalTheme::unicode_nocolor(),
        RenderStyle::Colour => GraphicalTheme::unicode(),
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let mut out = String::new();
    for d in diags {
        let v = view(d, sources);
        if handler.render_report(&mut out, &v).is_err() {
            out.push_str(&d.message);
            out.push('\n');
        }
    }
    out
}

#[derive(Serialize)]
struct JsonDiag<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    file: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    end_line: Option<u64>,
    end_column: Option<u64>,
    snippet: Option<String>,
    label: &'a str,
    help: Option<&'a str>,
}

/// Machine-readable diagnostics (`--format json`): one JSON array.
pub fn render_json(diags: &[Diag], sources: &SourceMap) -> String {
    let rows: Vec<JsonDiag> = diags
        .iter()
        .map(|d| {
            let mut row = JsonDiag {
                severity: d.severity,
                code: &d.code,
                message: &d.message,
                file: None,
                line: None,
                column: None,
                end_line: None,
                end_column: None,
                snippet: None,
                label: &d.label,
                help: d.help.as_deref(),
            };
            match &d.location {
                Some(Location::Rulebook { file, span }) => {
                    let (l, c) = sources.line_col(*file, span.start);
                    let (el, ec) = sources.line_col(*file, span.end);
                    row.file = Some(sources.display(*file).to_string());
                    row.line = Some(l as u64);
                    row.column = Some(c as u64);
                    row.end_line = Some(el as u64);
                    row.end_column = Some(ec as u64);
                    row.snippet = sources.text(*file).get(span.start..span.end).map(str::to_string);
                }
                Some(Location::Data { path, line, column, text, field_start, field_len }) => {
                    row.file = Some(path.clone());
                    row.line = Some(*line);
                    row.column = Some(*column);
                    row.snippet = text.get(*field_start..field_start + field_len).map(str::to_string);
                }
                None => {}
            }
            row
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_string())
}
