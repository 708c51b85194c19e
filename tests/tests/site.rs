//! `kimon site` on the shipped rulebooks: the files it writes, links that
//! resolve, a page per indicator, CSV downloads equal to the published
//! findings, no protected value in any file (HTML or CSV), byte-identical
//! re-runs, the HTML conventions of the report, and the `--out` rules.

use kimon_engine::eval::{AreaKey, CellKey, Control};
use kimon_engine::model::Audience;
use kimon_engine::report::doc::{Block, Chart, ReportDoc, Section, Table};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::report::site;
use kimon_engine::session::{evaluate, Evaluated, Options};
use kimon_tests::leaks::{forbidden_forms, group_title, leaks, raw, true_value};
use kimon_tests::{repo, run_kimon};
use std::collections::BTreeMap;
use std::path::Path;

type Files = BTreeMap<String, Vec<u8>>;

/// A CSV file read back: header and rows.
type Csv = (Vec<String>, Vec<Vec<String>>);

fn evaluated(name: &str) -> Evaluated {
    let path = format!("../rulebooks/{name}.kimon");
    match evaluate(Path::new(&path), &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{path} does not evaluate: {:?}", f.diags.items),
    }
}

fn built(ev: &Evaluated, audience: Audience, lang: Lang) -> Files {
    match site::build(ev, audience, lang) {
        Ok(s) => s.files,
        Err(d) => panic!("site not built: {d:?}"),
    }
}

fn text(files: &Files, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("no file {path}")).clone()).expect("UTF-8")
}

fn html_pages(files: &Files) -> impl Iterator<Item = (&String, String)> {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8_lossy(b).into_owned()))
}

/// Text with the entities the template writes decoded.
fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// Text without tags, entities decoded, ASCII whitespace collapsed (the
/// no-break space before a unit stays: the forbidden forms carry it).
fn plain(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode(&out)
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every value of `attr="…"` in a page.
fn attributes(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| decode(&rest[..end]))
        })
        .collect()
}

/// The pieces between each `open` and the following `close`.
fn pieces<'a>(s: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(a) = rest.find(open) {
        let after = &rest[a + open.len()..];
        let Some(b) = after.find(close) else { break };
        out.push(&after[..b]);
        rest = &after[b + close.len()..];
    }
    out
}

/// The cells of one `<tr>`: the text of every `<th …>` and `<td …>`.
fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = row;
    while let Some(a) = rest.find(['<']) {
        let tag = &rest[a..];
        let is_cell = tag.starts_with("<th") || tag.starts_with("<td");
        let Some(gt) = tag.find('>') else { break };
        if is_cell {
            let body = &tag[gt + 1..];
            let end = body.find("</t").unwrap_or(body.len());
            out.push(plain(&body[..end]));
            rest = &body[end..];
            rest = rest.get(5..).unwrap_or("");
        } else {
            rest = &tag[gt + 1..];
        }
    }
    out
}

/// A site page read back into the document model: its tables (key
/// figures by their class), its charts (kind, SVG, alt text), with the
/// indicator of an indicator page — the places the report's leak checker
/// looks at, now as they stand in the written file.
fn page_as_blocks(html: &str) -> Vec<Block> {
    let indicator = pieces(html, "<section id=\"ind-", "\"").first().map(|s| decode(s));
    let mut blocks = Vec::new();
    for fig in pieces(html, "<figure class=\"chart chart-", "</figure>") {
        let kind = fig.split('"').next().unwrap_or_default().to_string();
        let svg = pieces(fig, "<svg", "</svg>").first().map(|s| format!("<svg{s}</svg>")).unwrap_or_default();
        let alt = pieces(fig, "<figcaption>", "</figcaption>").first().map(|s| plain(s)).unwrap_or_default();
        blocks.push(Block::Chart(Chart {
            indicator: indicator.clone().unwrap_or_default(),
            chart: kind,
            svg,
            alt,
            table: Table::default(),
        }));
    }
    for t in pieces(html, "<table", "</table>") {
        let key_figures = t.starts_with(" class=\"key-figures\"");
        let caption = pieces(t, "<caption>", "</caption>").first().map(|s| plain(s)).unwrap_or_default();
        let header = pieces(t, "<thead>", "</thead>").first().map(|h| cells(h)).unwrap_or_default();
        let body = pieces(t, "<tbody>", "</tbody>").first().copied().unwrap_or_default();
        let rows = pieces(body, "<tr>", "</tr>").into_iter().map(cells).collect();
        let table = Table {
            indicator: if key_figures { None } else { indicator.clone() },
            caption,
            header,
            rows,
            ..Default::default()
        };
        blocks.push(if key_figures { Block::KeyFigures(table) } else { Block::Table(table) });
    }
    blocks
}

/// Every HTML page of the site as one document for [`leaks`].
fn site_as_doc(files: &Files) -> ReportDoc {
    let sections = html_pages(files)
        .map(|(path, html)| Section {
            id: path.clone(),
            level: 2,
            title: path.clone(),
            in_contents: false,
            appendix: false,
            blocks: page_as_blocks(&html),
        })
        .collect();
    ReportDoc {
        lang: "de".into(),
        audience: String::new(),
        audience_label: String::new(),
        title: String::new(),
        subtitle: String::new(),
        lead: String::new(),
        facts: Vec::new(),
        sections,
        chart_count: 0,
        contents_label: String::new(),
        running_head: String::new(),
    }
}

/// A CSV download: header and rows (German dialect: BOM, `;`).
fn read_csv(bytes: &[u8]) -> Csv {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("UTF-8 byte-order mark");
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(body);
    let header = r.headers().expect("header").iter().map(String::from).collect();
    let rows = r.records().map(|rec| rec.expect("record").iter().map(String::from).collect()).collect();
    (header, rows)
}

/// An XLSX download read back with calamine, cells in the German CSV's
/// forms (numbers with a decimal comma, text as written), so the CSV
/// checks read both formats alike.
fn read_xlsx(bytes: &[u8]) -> Csv {
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("XLSX opens");
    let name = wb.sheet_names().first().cloned().expect("a sheet");
    let range = wb.worksheet_range(&name).expect("sheet reads");
    let mut rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(x) => csv_number(*x),
                    Data::Int(i) => i.to_string(),
                    Data::String(t) => t.clone(),
                    Data::Empty => String::new(),
                    other => panic!("unexpected XLSX cell {other:?}"),
                })
                .collect()
        })
        .collect();
    let header = if rows.is_empty() { Vec::new() } else { rows.remove(0) };
    (header, rows)
}

/// A download by its extension.
fn read_table(path: &str, bytes: &[u8]) -> Csv {
    if path.ends_with(".xlsx") {
        read_xlsx(bytes)
    } else {
        read_csv(bytes)
    }
}

/// A number as the German CSV writes it: four decimals at most, comma.
fn csv_number(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.replace('.', ",")
    }
}

/// The CSV and XLSX files an indicator page links to, by indicator id.
fn downloads(files: &Files) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, html) in html_pages(files) {
        let Some(id) = pieces(&html, "<section id=\"ind-", "\"").first().map(|s| decode(s)) else { continue };
        for href in
            attributes(&html, "href").into_iter().filter(|h| h.ends_with(".csv") || h.ends_with(".xlsx"))
        {
            out.entry(id.clone()).or_default().push(resolve(path, &href));
        }
    }
    out
}

/// `href` on the page at `from`, as a path below the site's folder.
fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for p in href.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The exact true value of a protected cell, and of its gap to the
/// reference group, as the CSV would write them.
fn exact_forms(ev: &Evaluated, id: &str, key: &CellKey) -> (Option<String>, Option<String>) {
    let Some(ind) = ev.model.indicators.get(id) else { return (None, None) };
    let (n, d) = raw(ev, id, key);
    let value = n.and_then(|n| true_value(ind.unit, n, d));
    let gap = (|| {
        let dim = ev.model.dimensions.get(ind.dimensions.first()?)?;
        let mut rkey = key.clone();
        *rkey.groups.first_mut()? = Some(dim.reference.clone()?);
        if rkey == *key {
            return None;
        }
        let (rn, rd) = raw(ev, id, &rkey);
        Some(value? - true_value(ind.unit, rn?, rd)?)
    })();
    (value.map(csv_number), gap.map(csv_number))
}

/// Every place where a protected cell's exact true value or gap stands in
/// a CSV download of its indicator: its column in a time series (whole
/// area), its row in a map or gap table (latest year). Empty: no leak.
fn csv_leaks(ev: &Evaluated, files: &Files) -> Vec<String> {
    let mut found = Vec::new();
    let by_indicator = downloads(files);
    for (id, table) in &ev.published.tables {
        let Some(ind) = ev.findings.indicators.iter().find(|i| &i.id == id) else { continue };
        let Some(paths) = by_indicator.get(id) else { continue };
        let csvs: Vec<(&String, Csv)> =
            paths.iter().map(|p| (p, read_table(p, files.get(p).expect("linked download exists")))).collect();
        for (key, cell) in &table.cells {
            if !cell.value.is_suppressed() {
                continue;
            }
            let (value, gap) = exact_forms(ev, id, key);
            let year = key.year.to_string();
            let latest = Some(key.year) == ind.latest_year;
            let finding = ind.findings.iter().find(|f| {
                f.area == key.area && f.groups.iter().map(|g| g.group.clone()).eq(key.groups.iter().cloned())
            });
            for (path, (header, rows)) in &csvs {
                let mut check = |place: &str, got: &str, form: &Option<String>| {
                    if form.as_deref() == Some(got) {
                        found.push(format!("{id} {key:?}: `{got}` in {place} of {path}"));
                    }
                };
                if header.first().is_some_and(|h| h == "Jahr") && key.area == AreaKey::Total {
                    let some: Vec<(usize, &String)> = key
                        .groups
                        .iter()
                        .enumerate()
                        .filter_map(|(i, g)| g.as_ref().map(|g| (i, g)))
                        .collect();
                    let column = match some.as_slice() {
                        [] => Some("alle Personen".to_string()),
                        [(i, g)] => table.dims.get(*i).and_then(|dim| group_title(ev, dim, g)),
                        _ => None,
                    };
                    let Some(column) = column else { continue };
                    let Some(col) = header.iter().position(|h| h.starts_with(&column)) else { continue };
                    for row in rows.iter().filter(|r| r.first() == Some(&year)) {
                        check("time series", row.get(col).map_or("", String::as_str), &value);
                    }
                }
                if let (true, Some(f), Some(h)) =
                    (header.first().is_some_and(|h| h == "Gebiet"), finding, header.get(1))
                {
                    if !latest {
                        continue;
                    }
                    for row in rows.iter().filter(|r| r.first() == Some(&f.area_name)) {
                        let got = row.get(1).map_or("", String::as_str);
                        if h.starts_with("Wert") {
                            check("map", got, &value);
                        } else {
                            check("gap bars", got, &gap);
                        }
                    }
                }
            }
        }
    }
    found
}

/// The paths of a folder's files, `/`-separated, sorted.
fn listing(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("below base");
                out.push(
                    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

// ----------------------------------------------------------------- the CLI

#[test]
fn the_core_example_writes_its_pages_and_downloads() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let out_s = out.to_string_lossy().into_owned();
    let rulebook = repo().join("rulebooks/kern.kimon");
    let rb = rulebook.to_string_lossy().into_owned();
    let run = run_kimon(tmp.path(), &["site", &rb, "--out", &out_s, "--no-ledger", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = listing(&out);
    insta::assert_snapshot!("site_files_kern", files.join("\n"));

    // Once more into the same folder: refused without --force, nothing changed.
    let before = std::fs::read(out.join("index.html")).expect("index");
    let again = run_kimon(tmp.path(), &["site", &rb, "--out", &out_s, "--no-ledger", "-q"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("exist already") && again.stderr.contains("--force"), "{}", again.stderr);
    let forced = run_kimon(tmp.path(), &["site", &rb, "--out", &out_s, "--no-ledger", "-q", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(std::fs::read(out.join("index.html")).expect("index"), before, "same bytes");
    assert_eq!(listing(&out), files, "no staging folder or temporary file left");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["site"], "nothing beside the site");
}

#[test]
fn out_targets_that_are_not_a_plain_folder_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rb = repo().join("rulebooks/landkreis.kimon").to_string_lossy().into_owned();
    let run = |out: &Path, extra: &[&str]| {
        let o = out.to_string_lossy().into_owned();
        let mut args = vec!["site", rb.as_str(), "--out", o.as_str(), "--no-ledger", "-q"];
        args.extend(extra);
        run_kimon(tmp.path(), &args)
    };
    // A regular file.
    let file = tmp.path().join("file.html");
    std::fs::write(&file, "mine").expect("write");
    let r = run(&file, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a folder"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "mine");
    #[cfg(unix)]
    {
        // A link to a folder, and a link inside the folder.
        let real = tmp.path().join("real");
        std::fs::create_dir(&real).expect("mkdir");
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let r = run(&link, &[]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
        assert_eq!(std::fs::read_dir(&real).expect("read").count(), 0, "nothing written through the link");
        let inner = tmp.path().join("inner");
        std::fs::create_dir(&inner).expect("mkdir");
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).expect("mkdir");
        std::os::unix::fs::symlink(&elsewhere, inner.join("indikator")).expect("symlink");
        let r = run(&inner, &["--force"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
        assert_eq!(std::fs::read_dir(&elsewhere).expect("read").count(), 0);
        assert_eq!(listing(&inner), Vec::<String>::new(), "nothing written at all");
    }
    // An input of the run at a path the site writes: never replaced,
    // not even with --force.
    let office = tmp.path().join("office");
    std::fs::create_dir(&office).expect("mkdir");
    let rulebook = office.join("index.html");
    std::fs::copy(repo().join("rulebooks/landkreis.kimon"), &rulebook).expect("copy");
    for entry in std::fs::read_dir(repo().join("rulebooks/landkreis"))
        .expect("read")
        .flatten()
        .filter(|e| e.path().is_file())
    {
        let dest = office.join("landkreis");
        std::fs::create_dir_all(&dest).expect("mkdir");
        std::fs::copy(entry.path(), dest.join(entry.file_name())).expect("copy");
    }
    let o = office.to_string_lossy().into_owned();
    let r = run_kimon(&office, &["site", "index.html", "--out", &o, "--no-ledger", "-q", "--force"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("input of this run"), "{}", r.stderr);
    assert!(std::fs::read_to_string(&rulebook).expect("read").contains("rulebook"), "input intact");
}

// ------------------------------------------------------------- the library

#[test]
fn links_resolve_and_every_indicator_has_its_page() {
    let ev = evaluated("kern");
    let files = built(&ev, Audience::Verwaltung, Lang::De);
    let mut targets = 0;
    for (path, html) in html_pages(&files) {
        for link in attributes(&html, "href").into_iter().chain(attributes(&html, "src")) {
            if link.starts_with('#') {
                continue;
            }
            assert!(
                !link.contains("://") && !link.starts_with("//") && !link.starts_with('/'),
                "{path}: only relative links, found {link}"
            );
            let target = resolve(path, link.split('#').next().unwrap_or_default());
            assert!(files.contains_key(&target), "{path}: `{link}` points at {target}, which is not written");
            targets += 1;
        }
    }
    assert!(targets > 500, "links checked: {targets}");
    // Every indicator of the rulebook (the administration sees all) has
    // exactly one page, listed on the overview and on its field's page.
    let index = text(&files, "index.html");
    let pages: Vec<&String> = files.keys().filter(|p| p.starts_with("indikator/")).collect();
    assert_eq!(pages.len(), ev.model.indicators.len(), "{pages:?}");
    for id in ev.model.indicators.keys() {
        let page = pages
            .iter()
            .find(|p| text(&files, p).contains(&format!("<section id=\"ind-{id}\">")))
            .unwrap_or_else(|| panic!("no page for {id}"));
        assert!(index.contains(&format!("href=\"{}\"", page.replace('/', "&#x2f;"))), "{id} on the overview");
    }
    // Previous/next walk through every indicator once.
    let with_next = pages.iter().filter(|p| text(&files, p).contains("rel=\"next\"")).count();
    assert_eq!(with_next, pages.len() - 1);
}

#[test]
fn a_chart_download_equals_the_published_findings() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rb = repo().join("rulebooks/kern.kimon").to_string_lossy().into_owned();
    let run = run_kimon(tmp.path(), &["eval", &rb, "--format", "json", "--no-ledger", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("findings JSON");
    let ev = evaluated("kern");
    let files = built(&ev, Audience::Oeffentlichkeit, Lang::De);
    let by_indicator = downloads(&files);
    let mut checked = 0;
    for ind in json["indicators"].as_array().expect("indicators") {
        let id = ind["id"].as_str().expect("id");
        let Some(first) = by_indicator.get(id).and_then(|p| p.first()) else { continue };
        let (header, rows) = read_table(first, &files[first]);
        if header.first().map(String::as_str) != Some("Jahr") {
            continue;
        }
        // The time series of the whole area, one column per group of the
        // first dimension (or all persons): each cell the published value.
        let dims = ind["dimensions"].as_array().expect("dimensions").len();
        for f in ind["findings"].as_array().expect("findings") {
            if f["area"]["kind"] != "total" {
                continue;
            }
            let groups = f["groups"].as_array().expect("groups");
            let title = match (dims, groups.first()) {
                (0, _) => "alle Personen".to_string(),
                (_, Some(g))
                    if groups.iter().skip(1).all(|g| g["group"].is_null()) && !g["group"].is_null() =>
                {
                    g["title"].as_str().expect("title").to_string()
                }
                _ => continue,
            };
            let col =
                header.iter().position(|h| h.starts_with(&title)).unwrap_or_else(|| panic!("{id}: {title}"));
            for p in f["series"].as_array().expect("series") {
                let year = p["year"].as_i64().expect("year").to_string();
                let expected = match p["value"]["status"].as_str() {
                    Some("value") => csv_number(p["value"]["detail"].as_f64().expect("number")),
                    _ => ".".to_string(),
                };
                let row = rows.iter().find(|r| r[0] == year).unwrap_or_else(|| panic!("{id}: {year}"));
                assert_eq!(row[col], expected, "{id} {title} {year} in {first}");
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "cells compared: {checked}");
}

#[test]
fn no_protected_value_in_any_file() {
    for name in ["kern", "grossstadt", "landkreis"] {
        let ev = evaluated(name);
        let suppressed = ev
            .published
            .tables
            .values()
            .flat_map(|t| t.cells.values())
            .filter(|c| c.value.is_suppressed())
            .count();
        assert!(suppressed > 5, "{name} has protected cells to check ({suppressed})");
        for audience in [Audience::Oeffentlichkeit, Audience::Verwaltung] {
            let files = built(&ev, audience, Lang::De);
            let found = leaks(&ev, &site_as_doc(&files));
            assert!(
                found.is_empty(),
                "{name} {audience:?}: protected values in the pages:\n{}",
                found.join("\n")
            );
            let found = csv_leaks(&ev, &files);
            assert!(
                found.is_empty(),
                "{name} {audience:?}: protected values in the CSV files:\n{}",
                found.join("\n")
            );
            // The walk really reads the files: every chart table of every
            // page comes back, and every download is read.
            let doc = site_as_doc(&files);
            assert!(doc.tables().count() > 5 && doc.charts().count() > 0, "{name}: pages read back");
            let csvs = files.keys().filter(|p| p.ends_with(".csv") || p.ends_with(".xlsx")).count();
            assert_eq!(
                downloads(&files).values().map(Vec::len).sum::<usize>(),
                csvs,
                "{name}: every CSV and XLSX file linked"
            );
        }
    }
}

/// The site's checkers fail when a protected cell's true value is planted
/// into a written page (its findings row) or a CSV file (its time series).
#[test]
fn site_leak_checkers_catch_planted_values() {
    let ev = evaluated("kern");
    let mut files = built(&ev, Audience::Verwaltung, Lang::De);
    assert!(leaks(&ev, &site_as_doc(&files)).is_empty() && csv_leaks(&ev, &files).is_empty());
    // (1) The findings row of a protected whole-area cell on its page.
    let mut planted_html = false;
    'html: for (id, table) in &ev.published.tables {
        let Some(ind) = ev.findings.indicators.iter().find(|i| &i.id == id) else { continue };
        for (key, cell) in &table.cells {
            if !cell.value.is_suppressed() || Some(key.year) != ind.latest_year {
                continue;
            }
            let Some(form) = forbidden_forms(&ev, id, key).into_iter().next() else { continue };
            let Some(f) = ind.findings.iter().find(|f| {
                f.area == key.area && f.groups.iter().map(|g| g.group.clone()).eq(key.groups.iter().cloned())
            }) else {
                continue;
            };
            let row = format!(
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">.</td>",
                f.label, key.year
            );
            let page = files.iter().find(|(p, b)| {
                let html = String::from_utf8_lossy(b);
                p.starts_with("indikator/")
                    && html.contains(&format!("<section id=\"ind-{id}\">"))
                    && html.contains(&row)
            });
            let Some((path, bytes)) = page.map(|(p, b)| (p.clone(), b.clone())) else { continue };
            let html = String::from_utf8(bytes).expect("UTF-8");
            let planted =
                row.replacen("<td class=\"num\">.</td>", &format!("<td class=\"num\">{form}</td>"), 1);
            files.insert(path.clone(), html.replacen(&row, &planted, 1).into_bytes());
            let found = leaks(&ev, &site_as_doc(&files));
            assert!(found.iter().any(|l| l.contains(&form)), "{path}: planted {form} not found: {found:?}");
            planted_html = true;
            break 'html;
        }
    }
    assert!(planted_html, "a protected findings row was found to plant into");
    // (2) A time-series cell of a CSV download.
    let files = built(&ev, Audience::Verwaltung, Lang::De);
    let mut planted_csv = false;
    'csv: for (id, paths) in downloads(&files) {
        let Some(table) = ev.published.tables.get(&id) else { continue };
        for (key, cell) in &table.cells {
            if !cell.value.is_suppressed()
                || key.area != AreaKey::Total
                || key.groups.iter().any(Option::is_some)
            {
                continue;
            }
            let (Some(value), _) = exact_forms(&ev, &id, key) else { continue };
            for path in paths.iter().filter(|p| p.ends_with(".csv")) {
                let text = text(&files, path);
                let line = text
                    .lines()
                    .find(|l| l.trim_start_matches('\u{feff}').starts_with(&format!("{};", key.year)));
                let Some(line) = line.filter(|l| l.split(';').nth(1) == Some(".")) else { continue };
                let planted = line.replacen(";.", &format!(";{value}"), 1);
                let mut bad = files.clone();
                bad.insert(path.clone(), text.replacen(line, &planted, 1).into_bytes());
                let found = csv_leaks(&ev, &bad);
                assert!(
                    found.iter().any(|l| l.contains(&value)),
                    "{path}: planted {value} not found: {found:?}"
                );
                planted_csv = true;
                break 'csv;
            }
        }
    }
    assert!(planted_csv, "a protected time-series cell was found to plant into");
}

#[test]
fn same_input_gives_the_same_bytes() {
    let ev = evaluated("kern");
    let a = built(&ev, Audience::Oeffentlichkeit, Lang::De);
    let b = built(&evaluated("kern"), Audience::Oeffentlichkeit, Lang::De);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs between two builds");
    }
    // English: the same addresses, English text and numbers.
    let en = built(&ev, Audience::Oeffentlichkeit, Lang::En);
    assert_eq!(en.keys().collect::<Vec<_>>(), a.keys().collect::<Vec<_>>());
    assert!(text(&en, "index.html").contains("<html lang=\"en\">"));
    let csv =
        en.iter().find(|(p, _)| p.ends_with(".csv")).map(|(_, b)| String::from_utf8_lossy(b).into_owned());
    assert!(csv.is_some_and(|c| c.lines().next().is_some_and(|h| h.contains(',') && !h.contains(';'))));
}

#[test]
fn pages_follow_the_report_html_conventions() {
    let ev = evaluated("grossstadt");
    let files = built(&ev, Audience::Verwaltung, Lang::De);
    for (path, html) in html_pages(&files) {
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"), "{path}");
        // One script of our own, on the search page only.
        let scripts = html.matches("<script").count();
        let expected = usize::from(path == "suche.html");
        assert_eq!(scripts, expected, "{path}: scripts");
        assert!(scripts == 0 || html.contains("<script src=\"suche.js\" defer></script>"), "{path}");
        assert!(!html.contains("<iframe") && !html.contains("<img"), "{path}");
        assert_eq!(html.matches("<h1>").count(), 1, "{path}: one h1");
        assert_eq!(html.matches("<main").count(), 1, "{path}: one main");
        // Headings never skip a level downwards.
        let mut level = 0;
        for piece in html.split("<h").skip(1) {
            let Some(l) = piece.chars().next().and_then(|c| c.to_digit(10)) else { continue };
            assert!(l <= level + 1, "{path}: h{l} after h{level}");
            level = l;
        }
        for t in pieces(&html, "<table", "</table>") {
            // The overview (strengths and needs) is titled by its section, as in the report.
            let captioned = t.contains("<caption>") || t.starts_with(" class=\"overview\"");
            assert!(captioned && t.contains("<th scope=\"col\""), "{path}: table without caption or header");
        }
        for svg in pieces(&html, "<svg", "</svg>") {
            assert!(
                svg.contains("role=\"img\"") && svg.contains("<title"),
                "{path}: chart without role or title"
            );
        }
        let charts: usize =
            pieces(&html, "name=\"kimon-charts\" content=\"", "\"")[0].parse().expect("count");
        assert_eq!(html.matches("<svg").count(), charts, "{path}: chart count");
    }
    let css = text(&files, "kimon.css");
    assert!(!css.contains("url(") && !css.contains("@import"), "no resources from elsewhere");
}

/// Every XLSX download holds its CSV sibling's table cell for cell
/// (numbers as numbers, the official sign as text), so the CSV's
/// guarantees hold for it; and the leak checker reads XLSX files: a
/// protected value planted into one is found.
#[test]
fn xlsx_downloads_hold_the_csv_table_and_are_leak_checked() {
    let ev = evaluated("kern");
    let files = built(&ev, Audience::Verwaltung, Lang::De);
    let mut pairs = 0;
    let mut signs = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".xlsx")) {
        let csv_path = format!("{}.csv", path.trim_end_matches(".xlsx"));
        let csv = read_csv(files.get(&csv_path).unwrap_or_else(|| panic!("{path}: no {csv_path}")));
        let xlsx = read_xlsx(bytes);
        assert_eq!(xlsx, csv, "{path} differs from {csv_path}");
        signs += xlsx.1.iter().flatten().filter(|c| *c == ".").count();
        pairs += 1;
    }
    assert_eq!(pairs, files.keys().filter(|p| p.ends_with(".csv")).count(), "an XLSX beside every CSV");
    assert!(pairs > 10 && signs > 0, "{pairs} files, {signs} signs");
    // Numbers are numbers in the workbook, not text.
    let first = files.iter().find(|(p, _)| p.ends_with(".xlsx")).map(|(_, b)| b.clone()).expect("one");
    {
        use calamine::{Data, Reader, Xlsx};
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(first)).expect("opens");
        let range = wb.worksheet_range("Daten").expect("sheet „Daten“");
        assert!(range.rows().skip(1).flatten().any(|c| matches!(c, Data::Float(_))), "numeric cells");
    }
    // Plant a protected whole-area value into an XLSX time series.
    let mut planted = false;
    'plant: for (id, paths) in downloads(&files) {
        let Some(table) = ev.published.tables.get(&id) else { continue };
        for (key, cell) in &table.cells {
            if !cell.value.is_suppressed()
                || key.area != AreaKey::Total
                || key.groups.iter().any(Option::is_some)
            {
                continue;
            }
            let (Some(value), _) = exact_forms(&ev, &id, key) else { continue };
            for path in paths.iter().filter(|p| p.ends_with(".xlsx")) {
                let (header, mut rows) = read_xlsx(&files[path]);
                let year = key.year.to_string();
                let Some(row) = rows
                    .iter_mut()
                    .find(|r| r.first() == Some(&year) && r.get(1).map(String::as_str) == Some("."))
                else {
                    continue;
                };
                row[1] = value.clone();
                let mut bad = files.clone();
                bad.insert(path.clone(), write_xlsx(&header, &rows));
                let found = csv_leaks(&ev, &bad);
                assert!(
                    found.iter().any(|l| l.contains(&value) && l.contains(".xlsx")),
                    "{path}: planted {value} not found: {found:?}"
                );
                planted = true;
                break 'plant;
            }
        }
    }
    assert!(planted, "a protected time-series cell was found to plant into");
}

/// A table as an XLSX file, numbers (German comma) as numbers.
fn write_xlsx(header: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).expect("write");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell.replace(',', ".").parse::<f64>() {
                Ok(x) => ws.write_number(r, c, x).map(|_| ()),
                Err(_) => ws.write_string(r, c, cell).map(|_| ()),
            }
            .expect("write");
        }
    }
    wb.save_to_buffer().expect("saved")
}

/// The search: a labelled form in every page's header that leads to
/// `suche.html`, which lists every indicator page with its field and the
/// definition the page states (the list works without JavaScript); the
/// script fetches nothing and stores nothing.
#[test]
fn search_lists_every_indicator_and_every_page_offers_it() {
    let ev = evaluated("kern");
    let files = built(&ev, Audience::Verwaltung, Lang::De);
    for (path, html) in html_pages(&files) {
        if path == "suche.html" {
            continue;
        }
        let form = pieces(&html, "<form class=\"site-search\" role=\"search\"", "</form>");
        assert_eq!(form.len(), 1, "{path}: one search form");
        let action = pieces(form[0], "action=\"", "\"");
        assert_eq!(action.first().map(|a| resolve(path, &decode(a))), Some("suche.html".into()), "{path}");
        assert!(
            form[0].contains("<label for=\"suche-kopf\">")
                && form[0].contains("<input id=\"suche-kopf\" type=\"search\" name=\"q\">"),
            "{path}: labelled search field"
        );
    }
    let page = text(&files, "suche.html");
    let list = pieces(&page, "<ul id=\"suche-liste\"", "</ul>");
    assert_eq!(list.len(), 1, "one result list");
    let items = pieces(list[0], "<li>", "</li>");
    let indicator_pages: Vec<&String> = files.keys().filter(|p| p.starts_with("indikator/")).collect();
    assert_eq!(items.len(), indicator_pages.len(), "one entry per indicator page");
    let mut targets = Vec::new();
    for item in &items {
        let href = attributes(item, "href");
        assert_eq!(href.len(), 1, "one link per entry: {item}");
        let target = resolve("suche.html", &decode(&href[0]));
        // The definition the indicator page states is searchable.
        let target_html = text(&files, &target);
        if let Some(def) = pieces(&target_html, "<dt>Definition</dt><dd>", "</dd>").first() {
            assert!(item.contains(def), "{target}: definition not in the search list");
        }
        targets.push(target);
    }
    targets.sort();
    assert_eq!(targets.iter().collect::<Vec<_>>(), indicator_pages, "every indicator page, once");
    assert!(page.contains("role=\"status\" aria-live=\"polite\""), "hits are announced");
    assert!(page.contains("<label for=\"suche-q\">"), "labelled field");
    let script = text(&files, "suche.js");
    for banned in ["http", "fetch(", "XMLHttpRequest", "import", "Storage", "cookie", "eval("] {
        assert!(!script.contains(banned), "suche.js contains {banned}");
    }
    assert!(
        script.contains("URLSearchParams") && script.contains("hidden"),
        "reads ?q= and hides non-matches"
    );
}

/// The site's imprint speaks of the web site, the report's of the report.
#[test]
fn the_site_imprint_speaks_of_the_site() {
    let ev = evaluated("kern");
    for (lang, site_word, report_word) in
        [(Lang::De, "Diese Website", "Dieser Bericht"), (Lang::En, "This website", "This report")]
    {
        let files = built(&ev, Audience::Oeffentlichkeit, lang);
        let imprint = plain(&text(&files, "impressum.html"));
        assert!(imprint.contains(site_word) && !imprint.contains(report_word), "{lang:?}: {imprint}");
        assert!(imprint.contains("integration@musterstadt.example"), "contact kept");
        let report = kimon_engine::report::doc::build(&ev, Audience::Oeffentlichkeit, lang);
        let statement = report.sections.iter().find(|s| s.id == "impressum").expect("imprint");
        assert!(
            statement
                .blocks
                .iter()
                .any(|b| matches!(b, Block::Paragraph { text } if text.starts_with(report_word))),
            "{lang:?}: the report keeps its own statement"
        );
    }
}
