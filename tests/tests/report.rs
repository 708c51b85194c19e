//! `kimon report` on the shipped example: snapshots per audience, no
//! suppressed value in any table row or chart of its cell, well-formed
//! self-contained HTML, and the export.

use kimon_engine::eval::{AreaKey, CellKey, Control};
use kimon_engine::model::{Audience, Unit};
use kimon_engine::publish::Shown;
use kimon_engine::report::doc::{self, ReportDoc};
use kimon_engine::report::html::render_html;
use kimon_engine::report::markdown::render_markdown;
use kimon_engine::report::numfmt::{format_count, format_percent, format_pp, Lang};
use kimon_engine::session::{evaluate, Evaluated, Options};
use std::path::Path;

const AUDIENCES: [(Audience, &str); 3] = [
    (Audience::Verwaltung, "verwaltung"),
    (Audience::Politik, "politik"),
    (Audience::Oeffentlichkeit, "oeffentlichkeit"),
];

fn evaluated() -> Evaluated {
    evaluated_at("../rulebooks/kern.kimon")
}

fn evaluated_at(path: &str) -> Evaluated {
    match evaluate(Path::new(path), &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{path} does not evaluate: {:?}", f.diags.items),
    }
}

/// The text nodes of an SVG (titles, labels, legend), without the
/// attributes: path coordinates such as `134.8` are not numbers of the
/// report and would match counts by accident.
fn svg_text(svg: &str) -> String {
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

/// The visible text of an HTML page: no style sheet, each chart replaced
/// by a marker (the chart module snapshots the SVG itself), tags removed,
/// entities decoded, one line per block.
fn html_text(html: &str) -> String {
    let mut s = html.to_string();
    while let (Some(a), Some(b)) = (s.find("<style"), s.find("</style>")) {
        s.replace_range(a..b + "</style>".len(), "");
    }
    while let Some(a) = s.find("<svg") {
        let Some(b) = s[a..].find("</svg>") else { break };
        s.replace_range(a..a + b + "</svg>".len(), "[Diagramm]");
    }
    let mut out = String::new();
    let mut in_tag = false;
    for ch in s.chars() {
        match ch {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&");
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn markdown_and_html_text_per_audience() {
    let ev = evaluated();
    for (audience, name) in AUDIENCES {
        let d = doc::build(&ev, audience, Lang::De);
        insta::assert_snapshot!(format!("report_md_{name}"), render_markdown(&d));
        let html = render_html(&d).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(format!("report_html_text_{name}"), html_text(&html));
    }
}

#[test]
fn html_is_self_contained_and_well_formed() {
    let ev = evaluated();
    for (audience, name) in AUDIENCES {
        let d = doc::build(&ev, audience, Lang::De);
        let html = render_html(&d).unwrap_or_else(|e| panic!("{e}"));
        let opened = html.matches("<svg").count();
        assert_eq!(opened, html.matches("</svg>").count(), "{name}: every <svg> closed");
        assert_eq!(opened, d.chart_count, "{name}: one SVG per chart");
        assert!(d.chart_count >= 10, "{name}: the example has charts");
        assert!(html.contains(&format!("<meta name=\"kimon-charts\" content=\"{}\">", d.chart_count)));
        assert!(!html.to_lowercase().contains("<script"), "{name}: no scripts");
        let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !without_ns.contains("http://") && !without_ns.contains("https://"),
            "{name}: no network references"
        );
        assert!(!html.contains("@import") && !html.contains("url(http"), "{name}: no external styles");
        assert!(html.contains("@page") && html.contains("@media print"), "{name}: print styles");
        assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
        // Every chart has its text alternative and data table.
        for c in d.charts() {
            assert!(
                !c.alt.is_empty() && !c.table.rows.is_empty(),
                "{name}: {} has alt text and data",
                c.indicator
            );
        }
    }
}

#[test]
fn audiences_differ_in_selection_not_in_findings() {
    let ev = evaluated();
    let v = render_markdown(&doc::build(&ev, Audience::Verwaltung, Lang::De));
    let p = render_markdown(&doc::build(&ev, Audience::Politik, Lang::De));
    let o = render_markdown(&doc::build(&ev, Audience::Oeffentlichkeit, Lang::De));
    // Formulas only for the administration.
    assert!(v.contains("**Zähler:** count(register"));
    assert!(!p.contains("count(register") && !o.contains("count(register"));
    // Audit numbers only for the administration.
    assert!(v.contains("Intervall-Audit") && !o.contains("Intervall-Audit") && !o.contains("Zellen"));
    // `audience verwaltung, politik` (Sprachförderung) is not for the public.
    assert!(p.contains("#### Sprachförderbedarf") && !o.contains("#### Sprachförderbedarf"));
    // Every edition opens with the front page; Politik reads the targets
    // before the overview, the public the other way round.
    for text in [&v, &p, &o] {
        let first = text.find("\n## ").map(|i| &text[i..]);
        assert!(first.is_some_and(|s| s.starts_with("\n## Auf einen Blick\n")), "front page first");
    }
    let order = |t: &str| (t.find("## Vereinbarte Ziele"), t.find("## Stärken und Handlungsbedarf"));
    let (Some(t), Some(s)) = order(&p) else { panic!("politik: both chapters present") };
    assert!(t < s);
    let (Some(t), Some(s)) = order(&o) else { panic!("public: both chapters present") };
    assert!(s < t);
    // Strengths are shown next to needs for action in every edition.
    for text in [&v, &p, &o] {
        assert!(text.contains("| Handlungsfeld | Stärken | Handlungsbedarf |"));
    }
}

// ------------------------------------------------------------------ privacy

/// The true value of a cell in the indicator's unit, from the unprotected
/// evaluation.
fn true_value(unit: Unit, num: f64, den: Option<f64>) -> Option<f64> {
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

fn raw(ev: &Evaluated, id: &str, key: &CellKey) -> (Option<f64>, Option<f64>) {
    let Some(c) = ev.eval.tables.get(id).and_then(|t| t.cells.get(key)) else { return (None, None) };
    (c.num.value(), c.den.and_then(|d| d.value()))
}

/// The forms under which a suppressed cell's true numbers would show.
fn forbidden_forms(ev: &Evaluated, id: &str, key: &CellKey) -> Vec<String> {
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
    forms
}

/// The true gap of a suppressed cell to its reference group (same area and
/// year, first dimension at the reference group).
fn forbidden_gap(ev: &Evaluated, id: &str, key: &CellKey) -> Option<String> {
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

/// The group cell of a finding's key-figures row: its groups' titles, or
/// „alle Personen“ (see `report::doc::key_rows`).
fn who(f: &kimon_engine::findings::Finding) -> String {
    let t: Vec<&str> = f.groups.iter().filter(|g| g.group.is_some()).map(|g| g.title.as_str()).collect();
    if t.is_empty() {
        "alle Personen".into()
    } else {
        t.join(", ")
    }
}

/// The key-figures tables (front page, field summaries).
fn key_figures(d: &ReportDoc) -> impl Iterator<Item = &kimon_engine::report::doc::Table> {
    use kimon_engine::report::doc::Block;
    d.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
        Block::KeyFigures(t) => Some(t),
        _ => None,
    })
}

fn group_title(ev: &Evaluated, dim: &str, group: &str) -> Option<String> {
    let d = ev.model.dimensions.get(dim)?;
    d.groups.iter().find(|g| g.id == group).map(|g| g.title.clone())
}

/// Every place where a suppressed cell's true value shows in the report:
/// its findings-table row, its column in a time-series data table, its
/// words in the chart's alt text, its bar in a gap table, its unit on a
/// district map (the map's text, alt text and table). Empty: no leak.
fn leaks(ev: &Evaluated, d: &ReportDoc) -> Vec<String> {
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
                        // Without the label: „50 bis 64 Jahre“ is no count.
                        check("findings row", &row[1..].join(" | "), &forms);
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

#[test]
fn no_suppressed_value_in_any_edition() {
    for rulebook in ["kern", "grossstadt", "landkreis"] {
        let ev = evaluated_at(&format!("../rulebooks/{rulebook}.kimon"));
        let suppressed: usize = ev
            .published
            .tables
            .values()
            .flat_map(|t| t.cells.values())
            .filter(|c| c.value.is_suppressed())
            .count();
        assert!(suppressed > 5, "{rulebook} has suppressed cells to check ({suppressed})");
        // German only: the checker reads numbers the German way (`.`
        // groups thousands), so `11.4%` of an English text would be `11`.
        for (audience, name) in AUDIENCES {
            let d = doc::build(&ev, audience, Lang::De);
            let found = leaks(&ev, &d);
            assert!(found.is_empty(), "{rulebook} {name}: suppressed values leak:\n{}", found.join("\n"));
        }
    }
}

/// The checker really fails: plant a suppressed cell's true rate into its
/// findings row, its time-series column and its gap bar, one at a time.
#[test]
fn leak_checker_catches_planted_values() {
    use kimon_engine::report::doc::Block;
    let ev = evaluated();
    let clean = doc::build(&ev, Audience::Verwaltung, Lang::De);
    assert!(leaks(&ev, &clean).is_empty());

    // A suppressed district cell of the latest year with a findings row.
    let (id, key) = ev
        .published
        .tables
        .iter()
        .flat_map(|(id, t)| t.cells.iter().map(move |(k, c)| (id, k, c)))
        .find(|(id, k, c)| {
            c.value.is_suppressed()
                && matches!(k.area, AreaKey::Unit(_))
                && k.groups.first().is_some_and(|g| g.is_some())
                && !forbidden_forms(&ev, id, k).is_empty()
                && forbidden_gap(&ev, id, k).is_some()
                && ev.findings.indicators.iter().any(|i| &i.id == *id && i.latest_year == Some(k.year))
        })
        .map(|(id, k, _)| (id.clone(), k.clone()))
        .unwrap_or_else(|| panic!("the example has a suppressed district cell"));
    let rate = forbidden_forms(&ev, &id, &key).remove(0);
    let ind = ev.findings.indicators.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("indicator"));
    let f = ind
        .findings
        .iter()
        .find(|f| {
            f.area == key.area && f.groups.iter().map(|g| g.group.clone()).eq(key.groups.iter().cloned())
        })
        .unwrap_or_else(|| panic!("finding of the cell"));

    // 1. Findings row.
    let mut planted = clean.clone();
    for s in &mut planted.sections {
        for b in &mut s.blocks {
            if let Block::Table(t) = b {
                if t.indicator.as_deref() == Some(id.as_str()) {
                    for row in t.rows.iter_mut().filter(|r| r.first() == Some(&f.label)) {
                        row[2] = rate.clone();
                    }
                }
            }
        }
    }
    assert!(!leaks(&ev, &planted).is_empty(), "a planted rate in the findings row is caught");

    // 2. Gap bar of the cell's area.
    let gap = forbidden_gap(&ev, &id, &key).unwrap_or_default();
    let mut planted = clean.clone();
    for s in &mut planted.sections {
        for b in &mut s.blocks {
            let table = match b {
                Block::Chart(c) if c.indicator == id && c.chart == "gap" => Some(&mut c.table),
                Block::Table(t) if t.indicator.as_deref() == Some(id.as_str()) && t.header[0] == "Gebiet" => {
                    Some(t)
                }
                _ => None,
            };
            for row in
                table.into_iter().flat_map(|t| t.rows.iter_mut()).filter(|r| r.first() == Some(&f.area_name))
            {
                row[1] = gap.clone();
            }
        }
    }
    assert!(!leaks(&ev, &planted).is_empty(), "a planted gap in the gap table is caught");

    // 3. A whole-city series point: a suppressed total-area cell.
    let total = ev
        .published
        .tables
        .iter()
        .flat_map(|(id, t)| t.cells.iter().map(move |(k, c)| (id, k, c)))
        .find(|(id, k, c)| {
            c.value.is_suppressed() && k.area == AreaKey::Total && !forbidden_forms(&ev, id, k).is_empty()
        })
        .map(|(id, k, _)| (id.clone(), k.clone()));
    if let Some((id, key)) = total {
        let rate = forbidden_forms(&ev, &id, &key).remove(0);
        let mut planted = clean.clone();
        for s in &mut planted.sections {
            for b in &mut s.blocks {
                let table = match b {
                    Block::Chart(c) if c.indicator == id && c.chart == "time_series" => Some(&mut c.table),
                    Block::Table(t)
                        if t.indicator.as_deref() == Some(id.as_str()) && t.header[0] == "Jahr" =>
                    {
                        Some(t)
                    }
                    _ => None,
                };
                let year = key.year.to_string();
                for row in
                    table.into_iter().flat_map(|t| t.rows.iter_mut()).filter(|r| r.first() == Some(&year))
                {
                    for cell in row.iter_mut().skip(1) {
                        *cell = rate.clone();
                    }
                }
            }
        }
        assert!(!leaks(&ev, &planted).is_empty(), "a planted rate in a time series is caught");
    }
}

/// The checker covers the key figures: a suppressed whole-area cell's true
/// value planted into its row on the front page or in a field summary.
/// Maps are checked too: on the large-city example (units hatched on its
/// maps), no protected value shows; planting one hatched unit's true rate
/// into its tooltip is caught.
#[test]
fn leak_checker_covers_district_maps() {
    let ev = evaluated_at("../rulebooks/grossstadt.kimon");
    let clean = doc::build(&ev, Audience::Verwaltung, Lang::De);
    // The maps' places only: on this rulebook the findings-row check also
    // matches counts inside group labels („50 bis 64 Jahre“), which is
    // not a leak.
    let in_maps = |d: &ReportDoc| -> Vec<String> {
        leaks(&ev, d).into_iter().filter(|l| l.contains(" in map")).collect()
    };
    let found = in_maps(&clean);
    assert!(found.is_empty(), "suppressed values leak:\n{}", found.join("\n"));
    let mut planted_one = false;
    'cells: for (id, table) in &ev.published.tables {
        let Some(ind) = ev.findings.indicators.iter().find(|i| &i.id == id) else { continue };
        for (key, cell) in &table.cells {
            if !cell.value.is_suppressed() || Some(key.year) != ind.latest_year {
                continue;
            }
            let AreaKey::Unit(_) = &key.area else { continue };
            let Some(f) = ind.findings.iter().find(|f| {
                f.area == key.area && f.groups.iter().map(|g| g.group.clone()).eq(key.groups.iter().cloned())
            }) else {
                continue;
            };
            let Some(form) = forbidden_forms(&ev, id, key).into_iter().next() else { continue };
            let tooltip = format!("<title>{}: . (gesperrt oder nicht verfügbar)</title>", f.area_name);
            let mut planted = clean.clone();
            let mut hit = false;
            for s in &mut planted.sections {
                for b in &mut s.blocks {
                    if let kimon_engine::report::doc::Block::Chart(c) = b {
                        if &c.indicator == id && c.chart == "map" && c.svg.contains(&tooltip) {
                            c.svg =
                                c.svg.replace(&tooltip, &format!("<title>{}: {form}</title>", f.area_name));
                            hit = true;
                        }
                    }
                }
            }
            if hit {
                assert!(!in_maps(&planted).is_empty(), "a planted rate in a map tooltip is caught ({id})");
                planted_one = true;
                break 'cells;
            }
        }
    }
    assert!(planted_one, "the large-city maps have a hatched, protected unit to plant into");
}

#[test]
fn leak_checker_catches_planted_key_figures() {
    use kimon_engine::report::doc::Block;
    let ev = evaluated();
    let clean = doc::build(&ev, Audience::Politik, Lang::De);
    assert!(leaks(&ev, &clean).is_empty());
    let mut planted_any = 0;
    for (id, t) in &ev.published.tables {
        let Some(ind) = ev.findings.indicators.iter().find(|i| &i.id == id) else { continue };
        for (key, cell) in &t.cells {
            if !cell.value.is_suppressed() || key.area != AreaKey::Total || Some(key.year) != ind.latest_year
            {
                continue;
            }
            let Some(rate) = forbidden_forms(&ev, id, key).into_iter().next() else { continue };
            let Some(f) = ind.findings.iter().find(|f| {
                f.area == key.area && f.groups.iter().map(|g| g.group.clone()).eq(key.groups.iter().cloned())
            }) else {
                continue;
            };
            let who = who(f);
            let mut planted = clean.clone();
            let mut hit = false;
            for b in planted.sections.iter_mut().flat_map(|s| s.blocks.iter_mut()) {
                if let Block::KeyFigures(t) = b {
                    for row in t.rows.iter_mut().filter(|r| {
                        r[0] == ind.title && (r[1] == who || r[1].starts_with(&format!("{who} (Vergleich:")))
                    }) {
                        assert_eq!(row[2], ".", "{id}: a suppressed value reads „.“ in the key figures");
                        row[2] = rate.clone();
                        hit = true;
                    }
                }
            }
            if hit {
                planted_any += 1;
                assert!(
                    !leaks(&ev, &planted).is_empty(),
                    "{id}: a planted value in the key figures is caught"
                );
            }
        }
    }
    assert!(planted_any > 0, "the example has a suppressed whole-area value in the key figures");
}

// ------------------------------------------------------------------ export

#[test]
fn export_writes_protected_rows_as_csv_and_xlsx() {
    use kimon_engine::report::export::{export, rows, ExportCell, ExportFormat};
    let ev = evaluated();
    let rows = rows(&ev);
    let cells: usize = ev.published.tables.values().map(|t| t.cells.len()).sum();
    assert_eq!(rows.len(), cells, "one row per published cell");
    let suppressed = rows.iter().filter(|r| r.value == ExportCell::Suppressed).count();
    assert!(suppressed > 0);
    assert!(rows.iter().filter(|r| r.status == "gesperrt").all(|r| !r.reason.is_empty()));
    assert!(rows
        .iter()
        .filter(|r| r.status == "fehlt")
        .all(|r| r.value == ExportCell::Empty && !r.reason.is_empty()));

    let dir = std::env::temp_dir().join(format!("kimon-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let csv_path = dir.join("tabellen.csv");
    export(&ev, ExportFormat::Csv, &csv_path).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&csv_path).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.starts_with("indikator,titel,einheit,jahr,gebiet,gruppe,wert,zaehler,nenner,status,grund\n"));
    assert_eq!(text.lines().count(), cells + 1);
    assert!(text.contains(",gesperrt,"));
    let xlsx_path = dir.join("tabellen.xlsx");
    export(&ev, ExportFormat::Xlsx, &xlsx_path).unwrap_or_else(|e| panic!("{e}"));
    let bytes = std::fs::read(&xlsx_path).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip file");
    let leftovers = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(leftovers, 2, "no temporary files left");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn text_from_the_rulebook_is_escaped() {
    use kimon_engine::report::doc::Block;
    let ev = evaluated();
    let mut d = doc::build(&ev, Audience::Verwaltung, Lang::De);
    d.title = "<script>alert(1)</script> & Co".into();
    for s in &mut d.sections {
        for b in &mut s.blocks {
            if let Block::Table(t) = b {
                if let Some(cell) = t.rows.first_mut().and_then(|r| r.first_mut()) {
                    *cell = "a | b <b>".into();
                }
            }
        }
    }
    let html = render_html(&d).unwrap_or_else(|e| panic!("{e}"));
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    assert!(!html.contains("<b>") && html.contains("a | b &lt;b&gt;"));
    let md = render_markdown(&d);
    assert!(md.contains("| a \\| b &lt;b> |"), "a pipe in a cell does not split the Markdown table");
    // No raw HTML from labels in Markdown either (issue 14).
    assert!(!md.contains("<script>") && md.contains("&lt;script>alert(1)&lt;/script> & Co"), "{md}");
}
