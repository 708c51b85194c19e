//! Total rows inside the data („Insgesamt“, „Summe“, codes such as
//! `123SUMSUM`). Counted like any other row they would double every total,
//! silently. So a row is recognised as a total by its label or code; when
//! the source declares `total_rows`, such rows are kept out of the cells and
//! used as published totals to check the sum of their parts; when it does
//! not, a counted total row is an error.

use super::pass::{IssueKind, RowIssue};

/// Words that mark a total row when a source declares none.
const DEFAULT_WORDS: [&str; 7] = ["insgesamt", "summe", "gesamt", "zusammen", "total", "gesamtsumme", "alle"];

/// Where a row's total marker is: the field and the code prefix of its
/// parts (`123SUMSUM` sums the codes starting with `123`; a label sums all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub field: usize,
    pub prefix: String,
    pub text: String,
    /// Declared by an area's `total from`, whatever the source's
    /// `total_rows` say: kept out of the sums and checked.
    pub declared: bool,
    /// The area whose published total this row is (`total from`).
    pub level: Option<String>,
}

/// `total from "K030"` of an area whose column this source has: rows with
/// that code are the area's published total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalCode {
    pub field: usize,
    pub code: String,
    pub area: String,
}

/// The `total from` codes that apply to a source, by its header: every
/// area whose column the file has, whether or not an indicator of this
/// source uses the area — a total row counted by an indicator without the
/// area would double its total.
pub fn total_codes(
    model: &crate::model::Model,
    source: &crate::model::Source,
    header: &[String],
) -> Vec<TotalCode> {
    model
        .areas
        .values()
        .filter_map(|a| {
            let code = a.total_code.clone()?;
            let field = header.iter().position(|h| h == source.header_for(&a.column))?;
            Some(TotalCode { field, code, area: a.id.clone() })
        })
        .collect()
}

/// The marker of a row holding a `total from` code.
pub fn code_marker(fields: &[&str], codes: &[TotalCode]) -> Option<Marker> {
    codes.iter().find(|c| fields.get(c.field).is_some_and(|v| v.trim() == c.code)).map(|c| Marker {
        field: c.field,
        prefix: String::new(),
        text: c.code.clone(),
        declared: true,
        level: Some(c.area.clone()),
    })
}

/// Finds a total marker in the row's key fields. `declared` are the
/// source's `total_rows`; when empty, the default words and `*SUM` codes.
pub fn find_marker(fields: &[&str], key_fields: &[usize], declared: &[String]) -> Option<Marker> {
    for &f in key_fields {
        let value = fields.get(f).copied().unwrap_or("").trim();
        if value.is_empty() {
            continue;
        }
        let prefix = if declared.is_empty() {
            if DEFAULT_WORDS.iter().any(|w| value.eq_ignore_ascii_case(w)) {
                Some(String::new())
            } else {
                strip_repeated(value, "SUM")
            }
        } else {
            declared.iter().find_map(|d| match d.strip_prefix('*') {
                Some(suffix) => strip_repeated(value, suffix),
                None => d.eq_ignore_ascii_case(value).then(String::new),
            })
        };
        if let Some(prefix) = prefix {
            return Some(Marker { field: f, prefix, text: value.to_string(), declared: false, level: None });
        }
    }
    None
}

/// `123SUMSUM` with suffix `SUM` → `123`; `None` without the suffix.
fn strip_repeated(value: &str, suffix: &str) -> Option<String> {
    if suffix.is_empty() || !value.ends_with(suffix) {
        return None;
    }
    let mut v = value;
    while let Some(rest) = v.strip_suffix(suffix) {
        v = rest;
    }
    Some(v.to_string())
}

/// A published total row, kept out of the cells.
#[derive(Debug, Clone)]
pub struct TotalRow {
    pub offset: u64,
    pub year: i32,
    pub marker: Marker,
    /// Values of the key fields, in `key_fields` order.
    pub key: Vec<String>,
    /// Per measure: the published value if the row passed its filter.
    pub values: Vec<Option<f64>>,
    /// Per measure: the file column its value was read from (`None` for a
    /// row count), so a mismatch names and points at the value.
    pub value_fields: Vec<Option<usize>>,
}

/// A counted row, remembered for the sum-of-parts check.
#[derive(Debug, Clone)]
pub struct PartRow {
    pub year: i32,
    pub key: Vec<String>,
    /// Per measure: `Some(Some(v))` counted, `Some(None)` missing, `None`
    /// not part of the measure.
    pub values: Vec<Option<Option<f64>>>,
}

/// Rows kept per source at most for the check (aggregate tables are small;
/// beyond this the check is skipped, the totals are still kept out).
pub const MAX_PART_ROWS: usize = 2_000_000;

#[derive(Debug, Clone, Default)]
pub struct TotalRows {
    pub totals: Vec<TotalRow>,
    pub parts: Vec<PartRow>,
    pub overflow: bool,
}

impl TotalRows {
    pub fn merge(&mut self, o: TotalRows) {
        self.totals.extend(o.totals);
        self.parts.extend(o.parts);
        self.overflow |= o.overflow;
    }

    /// Compares every published total with the sum of its parts (whole
    /// numbers only: a published rate is not a sum). Returns warnings as
    /// row issues and how many totals disagreed.
    pub fn check(&self, key_fields: &[usize], header: &[String]) -> (Vec<RowIssue>, u64) {
        let mut issues = Vec::new();
        let mut mismatches = 0u64;
        // Each total is compared with every kept row: beyond this many
        // comparisons the check is skipped (the totals are still kept out).
        const MAX_COMPARISONS: usize = 200_000_000;
        if self.overflow || self.totals.len().saturating_mul(self.parts.len()) > MAX_COMPARISONS {
            return (issues, 0);
        }
        for t in &self.totals {
            let Some(kpos) = key_fields.iter().position(|f| *f == t.marker.field) else { continue };
            let parts: Vec<&PartRow> = self
                .parts
                .iter()
                .filter(|p| {
                    p.year == t.year
                        && p.key.iter().zip(&t.key).enumerate().all(|(i, (a, b))| {
                            if i == kpos {
                                a.starts_with(&t.marker.prefix)
                            } else {
                                a == b
                            }
                        })
                })
                .collect();
            for (m, total) in t.values.iter().enumerate() {
                let Some(total) = total else { continue };
                let mut sum = 0.0;
                let mut n = 0usize;
                let mut usable = total.fract() == 0.0;
                for p in &parts {
                    match p.values.get(m) {
                        Some(Some(Some(v))) => {
                            usable &= v.fract() == 0.0;
                            sum += v;
                            n += 1;
                        }
                        Some(Some(None)) => usable = false,
                        _ => {}
                    }
                }
                if !usable || n == 0 || (sum - total).abs() < 0.5 {
                    continue;
                }
                mismatches += 1;
                if issues.len() < 3 {
                    let column = header.get(t.marker.field).map_or("", String::as_str);
                    let value_field = t.value_fields.get(m).copied().flatten();
                    let of = value_field
                        .and_then(|f| header.get(f))
                        .map_or_else(String::new, |h| format!(" of `{h}`"));
                    let level =
                        t.marker.level.as_ref().map_or_else(String::new, |a| format!(" of area `{a}`"));
                    issues.push(RowIssue {
                        kind: IssueKind::TotalMismatch,
                        offset: t.offset,
                        field: Some(value_field.unwrap_or(t.marker.field)),
                        detail: format!(
                            "published total{level}{of} {} (`{}` in column `{column}`, year {}) differs from the sum of its {n} parts, {} (difference {})",
                            fmt(*total),
                            t.marker.text,
                            t.year,
                            fmt(sum),
                            fmt(*total - sum)
                        ),
                        script: None,
                    });
                }
            }
        }
        (issues, mismatches)
    }
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_by_label_and_code() {
        let row = ["2021", "123456SUM", "12"];
        let m = find_marker(&row, &[1], &[]).map(|m| m.prefix);
        assert_eq!(m.as_deref(), Some("123456"));
        let row = ["2021", "SUMSUMSUM", "12"];
        assert_eq!(find_marker(&row, &[1], &[]).map(|m| m.prefix).as_deref(), Some(""));
        let row = ["2021", "Insgesamt", "12"];
        assert_eq!(find_marker(&row, &[1], &[]).map(|m| m.field), Some(1));
        let declared = vec!["Stadt gesamt".to_string()];
        assert_eq!(find_marker(&row, &[1], &declared), None);
        let row = ["2021", "Stadt gesamt", "12"];
        assert!(find_marker(&row, &[1], &declared).is_some());
        let row = ["2021", "Südstadt", "12"];
        assert_eq!(find_marker(&row, &[1], &[]), None);
    }
}
