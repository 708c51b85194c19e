//! `kimon report` on the shipped example: snapshots per audience, no
//! suppressed value in any table row or chart of its cell, well-formed
//! self-contained HTML, and the export.

use kimon_engine::eval::{AreaKey, Control};
use kimon_engine::model::Audience;
use kimon_engine::report::doc::{self, ReportDoc};
use kimon_engine::report::html::render_html;
use kimon_engine::report::markdown::render_markdown;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use kimon_tests::leaks::{forbidden_forms, forbidden_gap, leaks, who};
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
    assert!(text.starts_with("indikator,titel,einheit,jahr,gebiet,gruppe,wert,zaehler,nenner,status,grund,ebene,gebiet_code,gruppen_code,abgeleitet,definition,regelwerk\n"));
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
