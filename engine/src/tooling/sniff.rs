//! `kimon sniff FILE`: looks at a table a user has just received and
//! proposes a `source` block — encoding, number format, year, total rows,
//! sentinels, column names that need a mapping, and the columns that look
//! like areas, groups and values. The proposal only uses settings kimon
//! checks, so `kimon check` accepts it; the comments say what to decide.

use crate::data::missing::official_sign;
use crate::data::number::{parse_value, NumClass};
use crate::data::prepare::prepare;
use crate::data::reader::read_header;
use crate::data::years::{parse_year, YearProblem};
use crate::diag::Diag;
use crate::model::{Encoding, NumberFormat};
use std::path::Path;

/// Rows looked at.
const SAMPLE_ROWS: usize = 20_000;

/// What one column looked like.
#[derive(Default)]
struct Column {
    values: usize,
    numbers: usize,
    years: usize,
    school_years: usize,
    distinct: Vec<String>,
    too_many: bool,
    classes: Vec<NumClass>,
    sentinels: Vec<String>,
    totals: Vec<String>,
}

const TOTAL_WORDS: [&str; 6] = ["insgesamt", "summe", "gesamt", "zusammen", "total", "gesamtsumme"];
const YEAR_NAMES: [&str; 9] =
    ["jahr", "year", "stichtag", "zeit", "time", "berichtsjahr", "schuljahr", "datum", "time_code"];

/// Proposes a source block for `path`; `display` is the path as the user
/// wrote it (put into `file "…"`).
pub fn sniff(path: &Path, display: &str) -> Result<String, Box<Diag>> {
    let io = |e: String| Box::new(Diag::error("data-io", format!("cannot read `{display}`: {e}")));
    let mut format = crate::model::DataFormat::default();
    let guess = match crate::data::sheet::kind(path) {
        Some(_) => {
            let g = crate::data::sheet::guess(path).map_err(|e| io(format!("{e:?}")))?;
            format.sheet = Some(g.sheet.clone());
            format.header_row = Some(g.header_row);
            format.last_row = g.last_row;
            Some(g)
        }
        None => None,
    };
    let prepared = prepare(path, &format).map_err(|e| io(format!("{e:?}")))?;
    let header = read_header(&prepared.stream_path).map_err(|e| io(e.to_string()))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(header.delimiter)
        .flexible(true)
        .from_path(&prepared.stream_path)
        .map_err(|e| io(e.to_string()))?;
    let mut cols: Vec<Column> = header.columns.iter().map(|_| Column::default()).collect();
    let mut rows = 0usize;
    for record in rdr.records().take(SAMPLE_ROWS) {
        let Ok(record) = record else { continue };
        rows += 1;
        for (c, field) in cols.iter_mut().zip(record.iter()) {
            observe(c, field.trim());
        }
    }
    let proposal = render(
        path,
        display,
        &prepared.encoding,
        prepared.guessed,
        &header.columns,
        header.delimiter,
        &cols,
        rows,
    );
    Ok(match guess {
        Some(g) => with_sheet(proposal, &g),
        None => proposal,
    })
}

/// Adds a workbook's sheet and rows after the `file` line of a proposal.
fn with_sheet(proposal: String, g: &crate::data::sheet::Guess) -> String {
    let mut lines = vec![format!("  sheet {}", quote(&g.sheet)), format!("  header_row {}", g.header_row)];
    if let Some(last) = g.last_row {
        lines.push(format!("  last_row {last}"));
    }
    if g.sheets.len() > 1 {
        let others: Vec<String> = g.sheets.iter().filter(|s| **s != g.sheet).map(|s| quote(s)).collect();
        lines.push(format!("  // other sheets: {}", others.join(", ")));
    }
    let mut out = String::new();
    let mut done = false;
    for line in proposal.lines() {
        out.push_str(line);
        out.push('\n');
        if !done && line.trim_start().starts_with("file ") {
            for l in &lines {
                out.push_str(l);
                out.push('\n');
            }
            done = true;
        }
    }
    out
}

fn observe(c: &mut Column, v: &str) {
    if v.is_empty() {
        return;
    }
    c.values += 1;
    if !c.too_many && !c.distinct.iter().any(|d| d == v) {
        if c.distinct.len() >= 200 {
            c.too_many = true;
        } else {
            c.distinct.push(v.to_string());
        }
    }
    match parse_year(v, Some(crate::model::SchoolYear::End)) {
        Ok(y) if (1900..=2100).contains(&y) => {
            c.years += 1;
            if v.contains('/') {
                c.school_years += 1;
            }
        }
        Ok(_) | Err(YearProblem::NotAYear | YearProblem::SchoolYearRule) => {}
    }
    if TOTAL_WORDS.iter().any(|w| v.eq_ignore_ascii_case(w)) || (v.ends_with("SUM") && v.len() > 3) {
        let label = if v.ends_with("SUM") { "*SUM".to_string() } else { v.to_string() };
        if !c.totals.contains(&label) {
            c.totals.push(label);
        }
    }
    if official_sign(v).is_some() {
        c.numbers += 1;
        return;
    }
    if let Ok((x, class)) = parse_value(v, NumberFormat::default()) {
        c.numbers += 1;
        if !c.classes.contains(&class) {
            c.classes.push(class);
        }
        let digits = v.trim_start_matches('-');
        let first = digits.chars().next();
        let repdigit = digits.len() >= 6 && digits.chars().all(|d| Some(d) == first);
        if x < 0.0 && repdigit && !c.sentinels.iter().any(|s| s == v) {
            c.sentinels.push(v.to_string());
        }
    }
}

/// An identifier for a header (`Arbeitslose (Jahresdurchschnitt)` →
/// `arbeitslose_jahresdurchschnitt`).
fn ident_for(h: &str) -> String {
    let mut out = String::new();
    for ch in h.trim().chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut out = out.trim_matches('_').to_string();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out = format!("c_{out}");
    }
    if ["and", "or", "not", "in", "where", "true", "false", "otherwise", "by"].contains(&out.as_str()) {
        out.push('_');
    }
    out
}

fn is_ident(h: &str) -> bool {
    let mut chars = h.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && ident_for(h) == h.to_lowercase()
        && !["and", "or", "not", "in", "where", "true", "false", "otherwise", "by"].contains(&h)
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[allow(clippy::too_many_arguments)]
fn render(
    path: &Path,
    display: &str,
    encoding: &Encoding,
    guessed: bool,
    header: &[String],
    delimiter: u8,
    cols: &[Column],
    rows: usize,
) -> String {
    let stem = path.file_stem().map_or_else(|| "daten".into(), |s| s.to_string_lossy().into_owned());
    let id = ident_for(&stem);
    let name = path.file_name().map_or_else(|| display.to_string(), |s| s.to_string_lossy().into_owned());
    let mut lines: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    // Columns used by name need an identifier.
    let mut names: Vec<String> = Vec::new();
    let mut mappings: Vec<String> = Vec::new();
    for h in header {
        if h.is_empty() {
            names.push(String::new());
            continue;
        }
        if is_ident(h) {
            names.push(h.clone());
        } else {
            let mut n = ident_for(h);
            while names.contains(&n) {
                n.push('_');
            }
            mappings.push(format!("  column {n} = {}", quote(h)));
            names.push(n);
        }
    }
    lines.push("  kind aggregate".into());
    lines.push(format!("  file {}", quote(display)));
    if *encoding != Encoding::Utf8 {
        let e = match encoding {
            Encoding::Windows1252 => "windows-1252",
            Encoding::Utf16Le => "utf-16",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Utf8 => "utf-8",
        };
        lines.push(format!("  encoding {}", quote(e)));
        if guessed {
            notes.push("not UTF-8: read as Windows-1252 (the Excel default); check the umlauts".into());
        }
    }
    // Years over columns (`Bezirk;2019;2020;2021`): two or more headers
    // that are years make a wide table; its values get a name of their own.
    let year_headers: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| matches!(parse_year(h, None), Ok(y) if (1900..=2100).contains(&y)))
        .map(|(i, _)| i)
        .collect();
    let years_wide = year_headers.len() >= 2;
    if years_wide {
        let value = ["Wert", "Anzahl", "wert_jahr"].into_iter().find(|v| !header.iter().any(|h| h == v));
        lines.push(format!("  years in columns as {}", value.unwrap_or("wert_jahr_")));
        notes.push(format!(
            "one column per year ({}): their values are read as one column, each with its year",
            year_headers.iter().map(|i| header[*i].as_str()).collect::<Vec<_>>().join(", ")
        ));
        // Year headers need no names of their own.
        mappings.retain(|m| !year_headers.iter().any(|i| m.ends_with(&format!("= {}", quote(&header[*i])))));
    }
    // Year: a column named like one, or holding years; else from the file name.
    let year_col = cols.iter().enumerate().filter(|_| !years_wide).find(|(i, c)| {
        let h = header[*i].to_lowercase();
        c.values > 0
            && c.years == c.values
            && (YEAR_NAMES.iter().any(|y| h.contains(y)) || c.distinct.len() < 60)
    });
    match year_col {
        Some((i, c)) => {
            lines.push(format!("  year_column {}", names[i]));
            if c.school_years > 0 {
                lines.push("  school_year end".into());
                notes.push("school years such as 2020/21 are counted in the year they end; write `school_year start` if your office counts them otherwise".into());
            }
        }
        None if years_wide => {}
        None => {
            let year = (0..name.len().saturating_sub(3)).find_map(|k| {
                let s = name.get(k..k + 4)?;
                let y: i32 = s.parse().ok()?;
                (1990..=2100).contains(&y).then_some(y)
            });
            match year {
                Some(y) => {
                    lines.push(format!("  year {y}"));
                    notes.push(format!("no year column: the year {y} is taken from the file name; check it"));
                }
                None => {
                    lines.push("  year 2024".into());
                    notes.push(
                        "no year column and no year in the file name: set `year` to the reference year"
                            .into(),
                    );
                }
            }
        }
    }
    // Number format from the shapes seen in value columns.
    let all: Vec<NumClass> = cols.iter().flat_map(|c| c.classes.iter().copied()).collect();
    let has = |k: NumClass| all.contains(&k);
    if has(NumClass::DecimalComma) || has(NumClass::ThousandsDot) && !has(NumClass::DecimalDot) {
        lines.push("  decimal \",\"".into());
        lines.push("  thousands \".\"".into());
    } else if has(NumClass::DecimalDot) || has(NumClass::ThousandsComma) {
        lines.push("  decimal \".\"".into());
        if has(NumClass::ThousandsComma) {
            lines.push("  thousands \",\"".into());
        }
    } else if has(NumClass::AmbiguousDot) || has(NumClass::AmbiguousComma) {
        lines.push("  decimal \",\"".into());
        lines.push("  thousands \".\"".into());
        notes.push("numbers such as 1.234 could be read two ways: German format assumed, check it".into());
    }
    let totals: Vec<String> = cols.iter().flat_map(|c| c.totals.iter().cloned()).collect();
    if !totals.is_empty() {
        let mut t = totals.clone();
        t.sort();
        t.dedup();
        lines.push(format!("  total_rows {}", t.iter().map(|x| quote(x)).collect::<Vec<_>>().join(", ")));
    }
    let mut sentinels: Vec<String> = cols.iter().flat_map(|c| c.sentinels.iter().cloned()).collect();
    sentinels.sort();
    sentinels.dedup();
    if !sentinels.is_empty() {
        lines
            .push(format!("  missing {}", sentinels.iter().map(|x| quote(x)).collect::<Vec<_>>().join(", ")));
    }
    lines.extend(mappings);
    // What the columns look like.
    let mut values = Vec::new();
    let mut rates = Vec::new();
    let mut areas = Vec::new();
    let mut groups = Vec::new();
    for (i, c) in cols.iter().enumerate() {
        if names[i].is_empty()
            || year_col.is_some_and(|(y, _)| y == i)
            || c.values == 0
            || year_headers.contains(&i) && years_wide
        {
            continue;
        }
        let h = header[i].to_lowercase();
        let area_name = AREA_NAMES.iter().any(|a| h.contains(a));
        if c.numbers == c.values && c.distinct.len() > 1 && !looks_like_codes(c) && !area_name {
            if RATE_NAMES.iter().any(|r| h.contains(r)) {
                rates.push(names[i].clone());
            } else {
                values.push(names[i].clone());
            }
        } else if c.too_many || c.distinct.len() > 12 || looks_like_codes(c) || area_name {
            areas.push(format!(
                "{} ({}{} codes)",
                names[i],
                if c.too_many { "over " } else { "" },
                c.distinct.len()
            ));
        } else {
            let shown: Vec<String> = c.distinct.iter().take(6).map(|d| quote(d)).collect();
            groups.push(format!("{} ({})", names[i], shown.join(", ")));
        }
    }
    let sep = if delimiter == b';' { "semicolon" } else { "comma" };
    let mut out =
        format!("// kimon sniff: {name} — {}, {sep}-separated, {rows} rows looked at\n", encoding.name());
    for n in &notes {
        out.push_str(&format!("// note: {n}\n"));
    }
    out.push_str(&format!("source {id} {} {{\n", quote(&name)));
    for l in &lines {
        out.push_str(l);
        out.push('\n');
    }
    if !values.is_empty() {
        out.push_str(&format!("  // values to sum: {}\n", values.join(", ")));
    }
    if paired_names(&values) {
        out.push_str("  // one column per group? declare them in a dimension: group … column \"…\"\n");
    }
    if !rates.is_empty() {
        out.push_str(&format!(
            "  // published rates (never summed; compute shares from counts): {}\n",
            rates.join(", ")
        ));
    }
    if !areas.is_empty() {
        out.push_str(&format!("  // candidate areas: {}\n", areas.join(", ")));
    }
    if !groups.is_empty() {
        out.push_str(&format!("  // candidate groups: {}\n", groups.join(", ")));
    }
    out.push_str("}\n");
    out
}

/// Whether two value columns look like one value for two groups
/// (`EW_deutsch`, `EW_auslaendisch`; `mit_MH`, `Deutsche_mit_MH`).
fn paired_names(values: &[String]) -> bool {
    let first = |v: &String| v.split('_').next().unwrap_or("").to_lowercase();
    let last = |v: &String| v.rsplit('_').next().unwrap_or("").to_lowercase();
    values.iter().enumerate().any(|(i, a)| {
        values[i + 1..]
            .iter()
            .any(|b| a.contains('_') && b.contains('_') && (first(a) == first(b) || last(a) == last(b)))
    })
}

/// Codes with a leading zero (`01`, `09161`) are keys, not numbers.
fn looks_like_codes(c: &Column) -> bool {
    c.distinct.iter().any(|d| d.len() >= 2 && d.starts_with('0') && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Header words of area columns.
const AREA_NAMES: [&str; 13] = [
    "gebiet",
    "bezirk",
    "kreis",
    "gemeinde",
    "raum",
    "plr",
    "ags",
    "quartier",
    "region",
    "stadtteil",
    "ortsteil",
    "geocode",
    "municipality",
];
/// Header words of published rates.
const RATE_NAMES: [&str; 5] = ["anteil", "quote", "prozent", "%", "share"];
