//! The report's leak checker, shared by the report and the site tests:
//! for every protected cell, the forms its true numbers would take
//! (computed from the unprotected evaluation) and every place of a
//! document where they must not appear.

use kimon_engine::eval::{AreaKey, CellKey};
use kimon_engine::model::{SourceKind, Unit};
use kimon_engine::publish::Shown;
use kimon_engine::report::doc::ReportDoc;
use kimon_engine::report::numfmt::{format_count, format_percent, format_pp, Lang};
use kimon_engine::session::Evaluated;

/// The text nodes of an SVG (titles, labels, legend), without the
/// attributes: path coordinates such as `134.8` are not numbers of the
/// report and would match counts by accident.
pub fn svg_text(svg: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in svg.chars() {
        match ch {
            '<' => {
                in_tag = true;
                out.push('\n');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The true value of a cell in the indicator's unit, from the unprotected
/// evaluation.
pub fn true_value(unit: Unit, num: f64, den: Option<f64>) -> Option<f64> {
    let d = den?;
    if d == 0.0 {
        return None;
    }
    match unit {
        Unit::Percent => Some(100.0 * num / d),
        Unit::Per1000 => Some(1000.0 * num / d),
        _ => None,
    }
}

pub fn raw(ev: &Evaluated, id: &str, key: &CellKey) -> (Option<f64>, Option<f64>) {
    let Some(c) = ev.eval.tables.get(id).and_then(|t| t.cells.get(key)) else { return (None, None) };
    (c.num.value(), c.den.and_then(|d| d.value()))
}

/// The forms under which a suppressed cell's true numbers would show.
pub fn forbidden_forms(ev: &Evaluated, id: &str, key: &CellKey) -> Vec<String> {
    let Some(cell) = ev.published.tables.get(id).and_then(|t| t.cells.get(key)) else { return Vec::new() };
    let Some(unit) = ev.model.indicators.get(id).map(|i| i.unit) else { return Vec::new() };
    let (num, den) = raw(ev, id, key);
    let mut forms = Vec::new();
    if cell.value.is_suppressed() {
        if let Some(v) = num.and_then(|n| true_value(unit, n, den)) {
            forms.push(format_percent(v, 1, Lang::De));
        }
    }
    let big = |x: Option<f64>| x.filter(|v| *v >= 10.0).map(|v| format_count(v.round() as u64, Lang::De));
    if cell.numerator.is_suppressed() {
        forms.extend(big(num));
    }
    if cell.denominator.is_some_and(Shown::is_suppressed) {
        forms.extend(big(den));
    }
    forms.extend(respondent_forms(ev, id, key));
    forms
}

/// The respondents behind a protected survey cell, in the forms the report
/// writes them: its own column of a findings row (`| 138 |`), the
/// key-figure phrase (`n = 138`) and the annotation (`138 Befragte`). Only
/// survey indicators; from the unprotected evaluation.
pub fn respondent_forms(ev: &Evaluated, id: &str, key: &CellKey) -> Vec<String> {
    let Some(ind) = ev.model.indicators.get(id) else { return Vec::new() };
    let survey = |s: &str| ev.model.sources.get(s).is_some_and(|s| s.kind == SourceKind::Survey);
    let Some(cell) = ev.published.tables.get(id).and_then(|t| t.cells.get(key)) else { return Vec::new() };
    if !survey(&ind.numerator.source) || !cell.value.is_suppressed() {
        return Vec::new();
    }
    let Some(raw) = ev.eval.tables.get(id).and_then(|t| t.cells.get(key)) else { return Vec::new() };
    let mut ns = vec![raw.num.rows];
    ns.extend(raw.den.map(|d| d.rows));
    ns.into_iter()
        .filter(|n| *n > 0)
        .flat_map(|n| {
            let n = format_count(n, Lang::De);
            [format!("| {n} |"), format!("n\u{a0}=\u{a0}{n}"), format!("{n} Befragte")]
        })
        .collect()
}

/// The true gap of a suppressed cell to its reference group (same area and
/// year, first dimension at the reference group).
pub fn forbidden_gap(ev: &Evaluated, id: &str, key: &CellKey) -> Option<String> {
    let ind = ev.model.indicators.get(id)?;
    let dim = ev.model.dimensions.get(ind.dimensions.first()?)?;
    let mut rkey = key.clone();
    *rkey.groups.first_mut()? = Some(dim.reference.clone()?);
    if rkey == *key {
        return None;
    }
    let (n, d) = raw(ev, id, key);
    let (rn, rd) = raw(ev, id, &rkey);
    let gap = true_value(ind.unit, n?, d)? - true_value(ind.unit, rn?, rd)?;
    Some(format_pp(gap, 1, Lang::De, true))
}

/// A findings-table cell without the comparison labels: „Deutsche, 30
/// bis 49 Jahre: 5,8 %; …“ → „5,8 %; …“ (see `report::doc::cells`).
fn without_labels(cell: &str) -> String {
    let parts: Vec<&str> = cell.split("; ").map(|p| p.rsplit(": ").next().unwrap_or(p)).collect();
    parts.join("; ")
}

/// The group cell of a finding's key-figures row: its groups' titles, or
/// „alle Personen“ (see `report::doc::key_rows`).
pub fn who(f: &kimon_engine::findings::Finding) -> String {
    let t: Vec<&str> = f.groups.iter().filter(|g| g.group.is_some()).map(|g| g.title.as_str()).collect();
    if t.is_empty() {
        "alle Personen".into()
    } else {
        t.join(", ")
    }
}

/// The key-figures tables (front page, field summaries).
pub fn key_figures(d: &ReportDoc) -> impl Iterator<Item = &kimon_engine::report::doc::Table> {
    use kimon_engine::report::doc::Block;
    d.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
        Block::KeyFigures(t) => Some(t),
        _ => None,
    })
}

pub fn group_title(ev: &Evaluated, dim: &str, group: &str) -> Option<String> {
    let d = ev.model.dimensions.get(dim)?;
    d.groups.iter().find(|g| g.id == group).map(|g| g.title.clone())
}

/// Every place where a suppressed cell's true value shows in the report:
/// its findings-table row, its column in a time-series data table, its
/// words in the chart's alt text, its bar in a gap table, its unit on a
/// district map (the map's text, alt text and table). Empty: no leak.
pub fn leaks(ev: &Evaluated, d: &ReportDoc) -> Vec<String> {
    let mut found = Vec::new();
    for (id, table) in &ev.published.tables {
        let Some(ind) = ev.findings.indicators.iter().find(|i| &i.id == id) else { continue };
        for (key, cell) in &table.cells {
            let suppressed = cell.value.is_suppressed()
                || cell.numerator.is_suppressed()
                || cell.denominator.is_some_and(Shown::is_suppressed);
            if !suppressed {
                continue;
            }
            let forms = forbidden_forms(ev, id, key);
            let year = key.year.to_string();
            let mut check = |place: &str, text: &str, forms: &[String]| {
                for f in forms.iter().filter(|f| text.contains(f.as_str())) {
                    found.push(format!("{id} {key:?}: `{f}` in {place}: {text}"));
                }
            };
            // (1) The findings-table row of the cell (latest year only).
            let finding = ind.findings.iter().find(|f| {
                f.area == key.area && f.groups.iter().map(|g| g.group.clone()).eq(key.groups.iter().cloned())
            });
            if let Some(f) = finding {
                for t in d
                    .tables()
                    .filter(|t| t.indicator.as_deref() == Some(id) && t.caption.starts_with("Befunde"))
                {
                    for row in
                        t.rows.iter().filter(|r| r.first() == Some(&f.label) && r.get(1) == Some(&year))
                    {
                        // Without the labels (the row's own and those of
                        // its comparisons): „50 bis 64 Jahre“ is no count.
                        let cells: Vec<String> = row[1..].iter().map(|c| without_labels(c)).collect();
                        check("findings row", &cells.join(" | "), &forms);
                    }
                }
            }
            // (4) Key figures (front page, field summaries), latest year:
            // the cell's own row, and the comparison value of every row
            // compared with it.
            if let (AreaKey::Total, Some(f)) = (&key.area, finding) {
                if Some(key.year) == ind.latest_year {
                    let who = who(f);
                    let gap = if cell.value.is_suppressed() { forbidden_gap(ev, id, key) } else { None };
                    for row in key_figures(d).flat_map(|t| &t.rows).filter(|r| r.first() == Some(&ind.title))
                    {
                        let group = row.get(1).map_or("", String::as_str);
                        if group == who || group.starts_with(&format!("{who} (Vergleich:")) {
                            let numbers = row.get(2..5).map(|c| c.join(" | ")).unwrap_or_default();
                            check("key figures row", &numbers, &forms);
                            if let Some(g) = &gap {
                                check("key figures gap", &numbers, std::slice::from_ref(g));
                            }
                        }
                        if group.ends_with(&format!("(Vergleich: {who})")) {
                            check("key figures comparison", row.get(3).map_or("", |s| s.as_str()), &forms);
                        }
                    }
                }
            }
            // (2) Time series: whole area, one group (or none) varying.
            if key.area == AreaKey::Total {
                let some: Vec<(usize, &String)> =
                    key.groups.iter().enumerate().filter_map(|(i, g)| g.as_ref().map(|g| (i, g))).collect();
                let column = match some.as_slice() {
                    [] => Some("alle Personen".to_string()),
                    [(i, g)] => table.dims.get(*i).and_then(|dim| group_title(ev, dim, g)),
                    _ => None,
                };
                if let Some(column) = column {
                    // Drawn charts' tables and tables of skipped charts.
                    let series_tables = d
                        .tables()
                        .filter(|t| t.indicator.as_deref() == Some(id.as_str()))
                        .filter(|t| t.header.first().is_some_and(|h| h == "Jahr"));
                    for t in series_tables {
                        let Some(col) = t.header.iter().position(|h| h.starts_with(column.as_str())) else {
                            continue;
                        };
                        for row in t.rows.iter().filter(|r| r.first() == Some(&year)) {
                            check("time-series table", row.get(col).map_or("", |s| s.as_str()), &forms);
                        }
                    }
                    for c in d.charts().filter(|c| &c.indicator == id && c.chart == "time_series") {
                        if key.year == ind.latest_year.unwrap_or_default() {
                            let words: Vec<String> = forms.iter().map(|f| format!("{column} {f}")).collect();
                            check("alt text", &c.alt, &words);
                        }
                    }
                }
            }
            // (5) District maps: the unit's tooltip, label, legend and
            // alt text, and its row in the map's table (drawn or left as
            // a table when the map is skipped), latest year.
            if let (AreaKey::Unit(_), Some(f), true) = (&key.area, finding, Some(key.year) == ind.latest_year)
            {
                // Forms are matched as whole numbers here: the map's text
                // holds other units' rates (`11,7 %`, `16,3 %`) and years.
                let whole = |text: &str, form: &str| {
                    // Not inside a longer number: `16,3 %` is not `6,3 %`.
                    text.match_indices(form).any(|(at, _)| {
                        let before = text[..at].chars().next_back();
                        let after = text[at + form.len()..].chars().next();
                        !before.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.')
                            && !after.is_some_and(|c| c.is_ascii_digit() || c == ',')
                    })
                };
                for c in d.charts().filter(|c| &c.indicator == id && c.chart == "map") {
                    for (place, text) in [("map svg", svg_text(&c.svg)), ("map alt text", c.alt.clone())] {
                        for f in forms.iter().filter(|f| whole(&text, f)) {
                            check(
                                place,
                                &format!("{f} (as a whole number in: {text})"),
                                std::slice::from_ref(f),
                            );
                        }
                    }
                }
                let map_tables = d
                    .tables()
                    .filter(|t| t.indicator.as_deref() == Some(id.as_str()))
                    .filter(|t| t.header.iter().map(String::as_str).eq(["Gebiet", "Wert", "Klasse"]));
                for t in map_tables {
                    for row in t.rows.iter().filter(|r| r.first() == Some(&f.area_name)) {
                        check("map table", &row.join(" | "), &forms);
                    }
                }
            }
            // (3) Gap chart: the cell's area bar, latest year — in a drawn
            // chart's table or in the table left when the chart is skipped.
            if cell.value.is_suppressed() && Some(key.year) == ind.latest_year {
                if let (Some(gap), Some(f)) = (forbidden_gap(ev, id, key), finding) {
                    let gap_tables = d
                        .tables()
                        .filter(|t| t.indicator.as_deref() == Some(id.as_str()))
                        .filter(|t| t.header.first().is_some_and(|h| h == "Gebiet"));
                    for t in gap_tables {
                        for row in t.rows.iter().filter(|r| r.first() == Some(&f.area_name)) {
                            check("gap table", &row.join(" | "), std::slice::from_ref(&gap));
                        }
                    }
                }
            }
        }
    }
    found
}
