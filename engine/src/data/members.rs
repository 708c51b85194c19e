//! A county source over its member towns' published exports
//! (`kind member_exports`): every town's CSV from `kimon export` is
//! checked and the summable rows of all of them are written into one long
//! table that the evaluation reads like any aggregate table.
//!
//! Only what the towns published goes in. A suppressed cell („gesperrt“)
//! becomes the official sign `.` — a missing value, so every county sum it
//! belongs to is *unvollständig* and never estimated; the county's own
//! privacy rules then protect the county's cells as usual. Only counts
//! (numerators and denominators) are carried: a county rate is recomputed
//! from summed numerators and denominators, never averaged from rates.
//!
//! Before anything is summed, every indicator must carry the same
//! definition fingerprint in every member's export (see
//! `report::export::definition`): two towns measuring „Arbeitslosigkeit“
//! differently are refused, naming both.
//!
//! The composed table has the columns `year`, `mitglied` (the member's
//! code), `indikator`, one column per dimension the exports name (the
//! group's id), `zaehler` and `nenner`. Only rows for a whole town (no
//! district) and of its finest groups (no derived group such as `any`, no
//! margin of a cross table) are taken, so that no person is counted twice.

use crate::diag::{Diag, Location};
use crate::model::MemberExport;
use indexmap::IndexMap;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A member's export, found and allowed by the caller.
pub struct MemberFile<'a> {
    pub member: &'a MemberExport,
    /// Where it is read from.
    pub path: PathBuf,
    /// As shown in diagnostics.
    pub display: String,
}

/// The composed table and the warnings about suppressed member cells.
#[derive(Debug)]
pub struct Composed {
    pub csv: String,
    pub notes: Vec<Diag>,
}

/// Columns every member export must have.
const NEEDED: [&str; 10] = [
    "indikator",
    "einheit",
    "jahr",
    "wert",
    "zaehler",
    "nenner",
    "gebiet_code",
    "gruppen_code",
    "abgeleitet",
    "definition",
];

/// A number as published: a value, suppressed, or empty/missing.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    Value(f64),
    Suppressed,
    Empty,
}

/// One summable row of one member.
struct Row {
    year: i32,
    indicator: String,
    groups: Vec<(String, String)>,
    numerator: Num,
    denominator: Num,
}

struct Definition {
    fingerprint: String,
    rulebook: String,
    member: String,
    display: String,
}

/// Reads and checks every member's export and composes the county table.
pub fn compose(files: &[MemberFile<'_>]) -> Result<Composed, Box<Diag>> {
    let mut per_member: Vec<(&MemberFile<'_>, Vec<Row>)> = Vec::new();
    let mut definitions: BTreeMap<String, Definition> = BTreeMap::new();
    let mut dims: Vec<String> = Vec::new();
    for f in files {
        let rows = read_member(f, &mut definitions)?;
        for r in &rows {
            for (d, _) in &r.groups {
                if !dims.contains(d) {
                    dims.push(d.clone());
                }
            }
        }
        per_member.push((f, rows));
    }
    dims.sort();
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    let err = |e: csv::Error| Diag::error("data-io", format!("cannot compose the members' table: {e}"));
    let mut header = vec!["year".to_string(), "mitglied".into(), "indikator".into()];
    header.extend(dims.iter().cloned());
    header.extend(["zaehler".to_string(), "nenner".into()]);
    w.write_record(&header).map_err(err)?;
    let mut notes = Vec::new();
    for (f, rows) in &per_member {
        // Suppressed cells per indicator, to name them in one warning each.
        let mut suppressed: IndexMap<&str, Vec<String>> = IndexMap::new();
        for r in rows {
            let mut rec = vec![r.year.to_string(), f.member.code.clone(), r.indicator.clone()];
            for d in &dims {
                rec.push(r.groups.iter().find(|(x, _)| x == d).map(|(_, g)| g.clone()).unwrap_or_default());
            }
            rec.push(text(r.numerator));
            rec.push(text(r.denominator));
            w.write_record(&rec).map_err(err)?;
            if r.numerator == Num::Suppressed || r.denominator == Num::Suppressed {
                let groups: Vec<String> = r.groups.iter().map(|(_, g)| g.clone()).collect();
                let cell = if groups.is_empty() {
                    r.year.to_string()
                } else {
                    format!("{} {}", r.year, groups.join("/"))
                };
                suppressed.entry(r.indicator.as_str()).or_default().push(cell);
            }
        }
        for (indicator, cells) in suppressed {
            let shown: Vec<&str> = cells.iter().take(8).map(String::as_str).collect();
            let more =
                if cells.len() > 8 { format!(" und {} weitere", cells.len() - 8) } else { String::new() };
            notes.push(
                Diag::warning(
                    "member-suppressed",
                    format!(
                        "Mitglied {} (`{}`): `{indicator}` gesperrt in {}{more} — die Kreissummen mit diesen Zellen sind unvollständig und werden nicht veröffentlicht",
                        f.member.code,
                        f.display,
                        shown.join(", ")
                    ),
                )
                .help("kimon schätzt einen gesperrten Wert nie und rechnet ihn nicht aus anderen Zahlen zurück; nur die Gemeinde selbst kann ihn (zusammen mit dem Kreis) freigeben"),
            );
        }
    }
    let bytes = w.into_inner().map_err(|e| err(e.into_error().into()))?;
    let csv = String::from_utf8(bytes).map_err(|e| Diag::error("data-io", e.to_string()))?;
    Ok(Composed { csv, notes })
}

fn text(n: Num) -> String {
    match n {
        Num::Value(x) => crate::report::numfmt::exact_decimal(x).unwrap_or_default(),
        Num::Suppressed => ".".into(),
        Num::Empty => String::new(),
    }
}

/// Where a diagnostic about a member's export points.
struct At<'a> {
    display: &'a str,
    lines: Vec<&'a str>,
}

impl At<'_> {
    fn diag(&self, d: Diag, line: u64, field: &str, label: &str) -> Diag {
        let text =
            self.lines.get(line.saturating_sub(1) as usize).copied().unwrap_or("").trim_end_matches('\r');
        let start = if field.is_empty() { None } else { text.find(field) };
        let (start, len) = match start {
            Some(s) => (s, field.len()),
            None => (0, text.chars().next().map_or(0, char::len_utf8)),
        };
        let column = text[..start].chars().count() as u64 + 1;
        d.at_data(
            Location::Data {
                path: self.display.to_string(),
                line,
                column,
                text: text.to_string(),
                field_start: start,
                field_len: len,
            },
            label.to_string(),
        )
    }
}

const HELP_EXPORT: &str = "a member's file is the CSV the town wrote with `kimon export RULEBOOK --format csv` (this kimon's version or newer), unchanged";

fn read_member(
    f: &MemberFile<'_>,
    definitions: &mut BTreeMap<String, Definition>,
) -> Result<Vec<Row>, Box<Diag>> {
    let bytes = std::fs::read(&f.path)
        .map_err(|e| Diag::error("data-io", format!("cannot read `{}`: {e}", f.display)))?;
    let content = String::from_utf8(bytes).map_err(|e| {
        Diag::error(
            "member-export-malformed",
            format!(
                "`{}` is not UTF-8 (byte {}): not an export kimon wrote",
                f.display,
                e.utf8_error().valid_up_to()
            ),
        )
        .help(HELP_EXPORT)
    })?;
    // Both dialects of `kimon export`: plain (`,`, decimal point) and the
    // German Excel default of a `language de` rulebook (byte-order mark,
    // `;`, decimal comma).
    let marked = content.starts_with('\u{feff}');
    let content = content.strip_prefix('\u{feff}').unwrap_or(&content);
    let first = content.lines().next().unwrap_or("");
    let excel = marked || (first.contains(';') && !first.contains(','));
    let number = |s: &str| if excel { number(&s.replace(',', ".")) } else { number(s) };
    let at = At { display: &f.display, lines: content.split('\n').collect() };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(if excel { b';' } else { b',' })
        .from_reader(content.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| at.diag(malformed(&f.display, &e.to_string()), 1, "", "header"))?
        .clone();
    let mut col = IndexMap::new();
    for name in NEEDED {
        match headers.iter().position(|h| h == name) {
            Some(i) => {
                col.insert(name, i);
            }
            None => {
                return Err(Box::new(at.diag(
                    Diag::error(
                        "member-export-malformed",
                        format!("`{}` has no column `{name}`", f.display),
                    )
                    .help("exports of older kimon versions lack the codes and the definition fingerprint the county needs; the town exports again with this version"),
                    1,
                    "",
                    "header of the export",
                )))
            }
        }
    }
    let rulebook_col = headers.iter().position(|h| h == "regelwerk");
    let mut rows = Vec::new();
    // The finest groups per indicator: rows with fewer groups are margins.
    let mut depth: IndexMap<String, usize> = IndexMap::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line());
            at.diag(malformed(&f.display, &e.to_string()), line, "", "this line")
        })?;
        let line = rec.position().map_or(1, |p| p.line());
        let get = |name: &str| rec.get(col[name]).unwrap_or("");
        let bad = |name: &str, what: String| {
            at.diag(
                Diag::error("member-export-malformed", format!("`{}`, line {line}: {what}", f.display))
                    .help(HELP_EXPORT),
                line,
                get(name),
                &format!("column `{name}`"),
            )
        };
        let indicator = get("indikator").to_string();
        if indicator.is_empty() {
            return Err(Box::new(bad("indikator", "empty indicator id".into())));
        }
        let year: i32 = get("jahr")
            .trim()
            .parse()
            .map_err(|_| bad("jahr", format!("`{}` is not a year", get("jahr"))))?;
        let fingerprint = get("definition").to_string();
        if fingerprint.is_empty() {
            return Err(Box::new(bad("definition", format!("`{indicator}` has no definition fingerprint"))));
        }
        let rulebook = rulebook_col.and_then(|i| rec.get(i)).unwrap_or("").to_string();
        match definitions.get(&indicator) {
            Some(d) if d.fingerprint != fingerprint => {
                return Err(Box::new(at.diag(
                    Diag::error(
                        "member-definition-differs",
                        format!(
                            "`{indicator}` is defined differently by member {} and member {}: their numbers cannot be added („Äpfel mit Birnen“)\n  member {} (`{}`, {}): definition {}\n  member {} (`{}`, {}): definition {fingerprint}",
                            d.member, f.member.code, d.member, d.display, d.rulebook, d.fingerprint,
                            f.member.code, f.display, rulebook
                        ),
                    )
                    .help("compare the two rulebooks with `kimon diff A B`; the towns agree on one definition (e.g. both extend the same pinned core) and export again"),
                    line,
                    &fingerprint,
                    "differing definition",
                )))
            }
            Some(_) => {}
            None => {
                definitions.insert(
                    indicator.clone(),
                    Definition {
                        fingerprint: fingerprint.clone(),
                        rulebook: rulebook.clone(),
                        member: f.member.code.clone(),
                        display: f.display.clone(),
                    },
                );
            }
        }
        if !get("gebiet_code").is_empty() || get("abgeleitet") == "ja" {
            continue;
        }
        let mut groups = Vec::new();
        for part in get("gruppen_code").split(';').filter(|p| !p.is_empty()) {
            let Some((d, g)) = part.split_once('=') else {
                return Err(Box::new(bad("gruppen_code", format!("`{part}` is not `dimension=group`"))));
            };
            groups.push((d.to_string(), g.to_string()));
        }
        let numerator = number(get("zaehler"))
            .ok_or_else(|| bad("zaehler", format!("`{}` is not a number", get("zaehler"))))?;
        let denominator = number(get("nenner"))
            .ok_or_else(|| bad("nenner", format!("`{}` is not a number", get("nenner"))))?;
        let value =
            number(get("wert")).ok_or_else(|| bad("wert", format!("`{}` is not a number", get("wert"))))?;
        if get("einheit") != "anzahl" && matches!(value, Num::Value(_)) && numerator == Num::Empty {
            return Err(Box::new(at.diag(
                Diag::error(
                    "member-export-rate-only",
                    format!(
                        "`{}`, line {line}: `{indicator}` is published as a rate without its numerator and denominator; a county cannot add rates",
                        f.display
                    ),
                )
                .help("a county rate is recomputed from summed numerators and denominators; the town exports them (`kimon export` writes `zaehler` and `nenner`) or the county leaves this indicator out"),
                line,
                get("wert"),
                "a rate only",
            )));
        }
        let d = depth.entry(indicator.clone()).or_insert(0);
        *d = (*d).max(groups.len());
        rows.push(Row { year, indicator, groups, numerator, denominator });
    }
    rows.retain(|r| depth.get(&r.indicator).is_some_and(|d| *d == r.groups.len()));
    Ok(rows)
}

fn malformed(display: &str, what: &str) -> Diag {
    Diag::error("member-export-malformed", format!("`{display}` cannot be read as an export: {what}"))
        .help(HELP_EXPORT)
}

/// A number as `kimon export` writes it (decimal point, no grouping).
fn number(s: &str) -> Option<Num> {
    let t = s.trim();
    if t.is_empty() {
        return Some(Num::Empty);
    }
    if t == "gesperrt" || t == "." {
        return Some(Num::Suppressed);
    }
    if crate::data::missing::official_sign(t).is_some() {
        return Some(Num::Empty);
    }
    let x: f64 = t.parse().ok()?;
    x.is_finite().then_some(Num::Value(x))
}

#[cfg(test)]
mod tests {
    use super::{number, Num};

    #[test]
    fn numbers_signs_and_suppressed_cells() {
        assert_eq!(number("12.5"), Some(Num::Value(12.5)));
        assert_eq!(number("gesperrt"), Some(Num::Suppressed));
        assert_eq!(number(""), Some(Num::Empty));
        assert_eq!(number("zwölf"), None);
    }
}
