//! The adapter: the only place that knows the shape of kimon's published
//! outputs (`eval --format json`, `export --format csv`). Everything else in
//! the attacker works on [`Published`].
//!
//! A number present in the output is a published cell; anything else that is
//! not empty (a symbol such as „.“, „gesperrt“, an object with a status but
//! no number) is a protected cell. Missing data (empty, `missing`,
//! `incomplete`) is neither.

use serde_json::Value;

/// One published number, or the fact that it is protected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// The printed value and the half-width of its printing precision.
    Value(f64, f64),
    Protected,
    Absent,
}

impl Num {
    pub fn value(self) -> Option<f64> {
        match self {
            Num::Value(v, _) => Some(v),
            _ => None,
        }
    }

    pub fn is_protected(self) -> bool {
        matches!(self, Num::Protected)
    }
}

/// Which cell of which indicator, as a reader names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    pub indicator: String,
    pub year: i32,
    /// The area's printed name (unit name or total name).
    pub area: String,
    /// The group titles joined with ", ", or "alle Personen".
    pub group: String,
}

impl std::fmt::Display for CellKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {} [{}]", self.indicator, self.year, self.area, self.group)
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub key: CellKey,
    pub value: Num,
    pub numerator: Num,
    pub denominator: Num,
    /// "csv", "json finding", "json series".
    pub origin: &'static str,
}

/// A published number that relates two cells' values.
#[derive(Debug, Clone)]
pub enum Relation {
    /// value(key) − value(reference) = gap (or value/reference = gap for ratios).
    Comparison { key: CellKey, reference_value: Num, gap: f64, ratio: bool },
    /// value(key) − value(key at from_year) = change.
    Change { key: CellKey, from_year: i32, change: f64 },
}

#[derive(Debug, Clone)]
pub struct CheckResult {
    pub check: String,
    pub year: i32,
    /// The check's cell: unit name and group ids, or "gesamt".
    pub cell: String,
    pub difference: Option<f64>,
    pub passed: Option<bool>,
}

/// What the JSON says about an indicator's definition.
#[derive(Debug, Clone, Default)]
pub struct IndicatorInfo {
    pub id: String,
    pub unit: String,
    pub numerator: String,
    pub denominator: Option<String>,
    pub dimensions: Vec<String>,
    pub area: Option<String>,
    /// Printed name of the area total, if a total row was published.
    pub total_name: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Published {
    pub indicators: Vec<IndicatorInfo>,
    pub rows: Vec<Row>,
    pub relations: Vec<Relation>,
    pub checks: Vec<CheckResult>,
    /// Every published text, by name, for leak scans.
    pub texts: Vec<(String, String)>,
}

/// Half-width of a number printed with `decimals` decimals (plus float slack).
fn half_width(decimals: u32) -> f64 {
    0.5 * 10f64.powi(-(decimals as i32)) + 1e-9
}

/// JSON numbers are printed with full precision.
const JSON_HALF_WIDTH: f64 = 1e-7;

/// A JSON cell: a bare number, `{"status": "value", "detail": x}`, a symbol
/// string, or an object/string saying it is protected.
pub fn json_num(v: Option<&Value>) -> Num {
    let Some(v) = v else { return Num::Absent };
    match v {
        Value::Null => Num::Absent,
        Value::Number(n) => n.as_f64().map_or(Num::Absent, |x| Num::Value(x, JSON_HALF_WIDTH)),
        Value::String(s) => text_num(s, JSON_HALF_WIDTH),
        Value::Object(m) => {
            let status = m.get("status").and_then(Value::as_str).unwrap_or("");
            let number = ["detail", "value"].iter().find_map(|k| m.get(*k).and_then(Value::as_f64));
            match (status, number) {
                ("missing" | "incomplete" | "fehlt", _) => Num::Absent,
                ("value" | "published" | "", Some(x)) => Num::Value(x, JSON_HALF_WIDTH),
                _ => Num::Protected,
            }
        }
        Value::Bool(_) | Value::Array(_) => Num::Protected,
    }
}

/// A printed cell: a number, empty (missing), or any symbol (protected).
fn text_num(s: &str, fallback_half_width: f64) -> Num {
    let t = s.trim();
    if t.is_empty() || t == "fehlt" || t == "missing" {
        return Num::Absent;
    }
    match t.parse::<f64>() {
        Ok(x) => {
            let decimals = t.split_once('.').map_or(0, |(_, d)| d.len() as u32);
            // A trimmed CSV number is exact at 4 decimals; a JSON string at
            // its own precision.
            Num::Value(x, half_width(decimals.max(4)).min(fallback_half_width.max(half_width(4))))
        }
        Err(_) => Num::Protected,
    }
}

fn group_name(groups: Option<&Value>) -> String {
    let names: Vec<String> = groups
        .and_then(Value::as_array)
        .map(|gs| {
            gs.iter()
                .filter(|g| g.get("group").is_some_and(|x| !x.is_null()))
                .filter_map(|g| g.get("title").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        "alle Personen".into()
    } else {
        names.join(", ")
    }
}

/// `kimon eval --format json` output.
pub fn parse_json(text: &str, out: &mut Published) -> Result<(), String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("eval JSON does not parse: {e}"))?;
    out.texts.push(("eval.json".into(), text.to_string()));
    let indicators = root.get("indicators").and_then(Value::as_array).cloned().unwrap_or_default();
    for ind in &indicators {
        let id = ind.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
        let text = |k: &str| ind.get(k).and_then(Value::as_str).map(str::to_string);
        let mut info = IndicatorInfo {
            id: id.clone(),
            unit: text("unit").unwrap_or_default(),
            numerator: text("numerator").unwrap_or_default(),
            denominator: text("denominator"),
            dimensions: ind
                .get("dimensions")
                .and_then(Value::as_array)
                .map(|d| d.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default(),
            area: text("area"),
            total_name: None,
        };
        for f in ind.get("findings").and_then(Value::as_array).into_iter().flatten() {
            let area = f.get("area_name").and_then(Value::as_str).unwrap_or_default().to_string();
            if f.get("area").and_then(|a| a.get("kind")).and_then(Value::as_str) == Some("total") {
                info.total_name = Some(area.clone());
            }
            let group = group_name(f.get("groups"));
            let key_for =
                |year: i32| CellKey { indicator: id.clone(), year, area: area.clone(), group: group.clone() };
            if let Some(year) = f.get("year").and_then(Value::as_i64) {
                let key = key_for(year as i32);
                out.rows.push(Row {
                    key: key.clone(),
                    value: json_num(f.get("value")),
                    numerator: json_num(f.get("numerator")),
                    denominator: json_num(f.get("denominator")),
                    origin: "json finding",
                });
                if let Some(c) = f.get("comparison").filter(|c| !c.is_null()) {
                    if let Some(gap) = c.get("gap").and_then(Value::as_f64) {
                        let ratio = c.get("gap_kind").and_then(Value::as_str) == Some("ratio");
                        out.relations.push(Relation::Comparison {
                            key: key.clone(),
                            reference_value: json_num(c.get("value")),
                            gap,
                            ratio,
                        });
                    }
                }
                for ch in ["change_previous", "change_first"] {
                    let Some(c) = f.get(ch).filter(|c| !c.is_null()) else { continue };
                    if let (Some(from), Some(change)) =
                        (c.get("from_year").and_then(Value::as_i64), c.get("change").and_then(Value::as_f64))
                    {
                        out.relations.push(Relation::Change {
                            key: key.clone(),
                            from_year: from as i32,
                            change,
                        });
                    }
                }
            }
            for p in f.get("series").and_then(Value::as_array).into_iter().flatten() {
                let Some(year) = p.get("year").and_then(Value::as_i64) else { continue };
                out.rows.push(Row {
                    key: key_for(year as i32),
                    value: json_num(p.get("value")),
                    numerator: Num::Absent,
                    denominator: Num::Absent,
                    origin: "json series",
                });
            }
        }
        out.indicators.push(info);
    }
    for c in root.get("checks").and_then(Value::as_array).into_iter().flatten() {
        out.checks.push(CheckResult {
            check: c.get("check").and_then(Value::as_str).unwrap_or_default().to_string(),
            year: c.get("year").and_then(Value::as_i64).unwrap_or_default() as i32,
            cell: c.get("cell").and_then(Value::as_str).unwrap_or_default().to_string(),
            difference: c.get("difference").and_then(Value::as_f64),
            passed: c.get("passed").and_then(Value::as_bool),
        });
    }
    Ok(())
}

/// `kimon export --format csv` output: header names decide the columns.
pub fn parse_csv(text: &str, out: &mut Published) -> Result<(), String> {
    out.texts.push(("export.csv".into(), text.to_string()));
    // Both dialects: plain (`,`, decimal point) and German Excel (byte-order
    // mark, `;`, decimal comma — the default for a German rulebook).
    let text = text.trim_start_matches('\u{feff}');
    let excel = text.lines().next().is_some_and(|h| h.contains(';'));
    let delimiter = if excel { b';' } else { b',' };
    let mut r = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let header = r.headers().map_err(|e| format!("export CSV header: {e}"))?.clone();
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.trim()));
    let need =
        |names: &[&str]| col(names).ok_or_else(|| format!("export CSV has no column {names:?}: {header:?}"));
    let (ci, cy, ca, cg) = (
        need(&["indikator", "indicator"])?,
        need(&["jahr", "year"])?,
        need(&["gebiet", "area"])?,
        need(&["gruppe", "group"])?,
    );
    let (cv, cn, cd) =
        (col(&["wert", "value"]), col(&["zaehler", "numerator"]), col(&["nenner", "denominator"]));
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("export CSV: {e}"))?;
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c)).map_or(Num::Absent, |s| {
                if excel {
                    text_num(&s.replace(',', "."), 0.0)
                } else {
                    text_num(s, 0.0)
                }
            })
        };
        let year = rec.get(cy).and_then(|y| y.trim().parse::<i32>().ok()).ok_or("export CSV: bad year")?;
        out.rows.push(Row {
            key: CellKey {
                indicator: rec.get(ci).unwrap_or_default().to_string(),
                year,
                area: rec.get(ca).unwrap_or_default().to_string(),
                group: rec.get(cg).unwrap_or_default().to_string(),
            },
            value: get(cv),
            numerator: get(cn),
            denominator: get(cd),
            origin: "csv",
        });
    }
    Ok(())
}

/// A number as the Markdown report prints it: German digits („1.234“,
/// „10,4 %“), „gesperrt“ or another word for a protected cell, empty when
/// missing.
fn report_num(s: &str) -> Num {
    let t = s.trim().trim_end_matches('%').trim_end_matches("PP").trim();
    if t.is_empty() || t == "fehlt" {
        return Num::Absent;
    }
    let plain = t.replace('.', "").replace(',', ".").replace(['\u{a0}', '\u{202f}'], "");
    match plain.parse::<f64>() {
        Ok(x) => {
            let decimals = plain.split_once('.').map_or(0, |(_, d)| d.len() as u32);
            Num::Value(x, half_width(decimals))
        }
        Err(_) => Num::Protected,
    }
}

/// `kimon report --format md`: the findings tables („*Befunde: TITLE*“ then
/// `| Gruppe, Gebiet | Jahr | Wert | Zähler | Nenner | …`). Fixture
/// indicators use their id as title.
pub fn parse_report_md(text: &str, out: &mut Published) {
    out.texts.push(("report.md".into(), text.to_string()));
    let mut indicator: Option<String> = None;
    let mut in_table = false;
    for line in text.lines() {
        let l = line.trim();
        if let Some(t) = l.strip_prefix("*Befunde: ") {
            indicator = Some(t.trim_end_matches('*').trim().to_string());
            in_table = false;
            continue;
        }
        if l.starts_with("| Gruppe, Gebiet | Jahr | Wert | Zähler | Nenner") {
            in_table = true;
            continue;
        }
        if !l.starts_with('|') {
            in_table = false;
            continue;
        }
        let (true, Some(ind)) = (in_table, &indicator) else { continue };
        let cols: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
        if cols.len() < 5 || cols[0].starts_with("---") {
            continue;
        }
        let Ok(year) = cols[1].parse::<i32>() else { continue };
        let Some((group, area)) = cols[0].rsplit_once(", ") else { continue };
        out.rows.push(Row {
            key: CellKey { indicator: ind.clone(), year, area: area.to_string(), group: group.to_string() },
            value: report_num(cols[2]),
            numerator: report_num(cols[3]),
            denominator: report_num(cols[4]),
            origin: "report md",
        });
    }
}
