//! The pages of the site, cut from the one report document.
//!
//! Why cut instead of build anew: the report's document already decides
//! what is published, in which words and with which signs; the site only
//! lays the same sections out on several pages. So the site and the
//! report cannot disagree on a number, and the privacy tests of the
//! document hold for both. What the site adds is navigation, the unit
//! and direction of each indicator, the reasons of its findings (texts
//! the findings publish) and a CSV file per chart table.

use super::paths::{self, relative};
use super::words::{polarity, site_words, SiteWords};
use crate::diag::Diag;
use crate::eval::AreaKey;
use crate::findings::IndicatorFindings;
use crate::report::chart::{self, Download};
use crate::report::doc::{self, Block, Fact, Link, ReportDoc, Section, Table};
use crate::report::numfmt::Lang;
use crate::session::Evaluated;
use serde::Serialize;
use std::collections::BTreeMap;

/// One page: a heading, sections and links.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Page {
    /// Path below the site's folder (`indikator/x/index.html`).
    pub path: String,
    /// The page's `<h1>` and title.
    pub title: String,
    /// One section whose blocks stand right under the `<h1>` (its
    /// subheadings are `<h2>`); otherwise every section gets an `<h2>`.
    pub single: bool,
    pub facts: Vec<Fact>,
    pub lead: Option<String>,
    pub sections: Vec<Section>,
    /// Lists of links after the sections (fields and their indicators).
    pub groups: Vec<LinkGroup>,
    /// The way back: overview, field (links relative to this page).
    pub crumbs: Vec<Link>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// Charts drawn on the page (the end-to-end check compares it with
    /// the SVG a browser rendered).
    pub chart_count: usize,
    /// The search page's list (only on `suche.html`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<super::search::Search>,
    /// The tables this page offers for download: the CSV file's site path
    /// (the XLSX file lies beside it, see [`paths::download`]) and content.
    #[serde(skip)]
    pub downloads: Vec<(String, Download)>,
}

/// A heading (linked or not) with links under it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkGroup {
    /// Heading level (2 or 3).
    pub level: u8,
    pub title: String,
    pub href: Option<String>,
    pub links: Vec<Link>,
}

impl Page {
    fn new(path: String, title: String) -> Page {
        Page {
            path,
            title,
            single: false,
            facts: Vec::new(),
            lead: None,
            sections: Vec::new(),
            groups: Vec::new(),
            crumbs: Vec::new(),
            prev: None,
            next: None,
            chart_count: 0,
            search: None,
            downloads: Vec::new(),
        }
    }

    /// A page made of one section of the document.
    fn single(path: &str, section: &Section) -> Page {
        let mut p = Page::new(path.into(), section.title.clone());
        p.single = true;
        p.sections.push(section.clone());
        p
    }
}

fn link(from: &str, to: &str, text: &str) -> Link {
    Link { href: relative(from, to), text: text.into() }
}

/// An indicator of the document with its page.
struct Entry<'a> {
    ind: &'a IndicatorFindings,
    section: &'a Section,
    path: String,
}

/// The sections that the overview page does not show: each has a page
/// of its own or only served the report's order.
fn elsewhere(id: &str) -> bool {
    id.starts_with("feld-")
        || id.starts_with("ind-")
        || id.starts_with("anhang")
        || matches!(id, "methoden" | "glossar" | "impressum")
}

/// Refuses two ids with one address (see [`paths`]): nothing is written.
fn claim(taken: &mut BTreeMap<String, String>, path: &str, id: &str) -> Result<(), Box<Diag>> {
    match taken.insert(path.to_string(), id.to_string()) {
        Some(other) if other != id => Err(Box::new(
            Diag::error(
                "site-path-collision",
                format!("`{other}` and `{id}` would both be published at `{path}`"),
            )
            .help("rename one of the two ids"),
        )),
        _ => Ok(()),
    }
}

/// Every page of the site, overview first.
pub(crate) fn pages(ev: &Evaluated, doc: &ReportDoc, lang: Lang) -> Result<Vec<Page>, Box<Diag>> {
    let w = site_words(lang);
    let mut taken = BTreeMap::new();
    let mut entries = Vec::new();
    for s in &doc.sections {
        let Some(id) = s.id.strip_prefix("ind-") else { continue };
        let Some(ind) = ev.findings.indicators.iter().find(|i| i.id == id) else { continue };
        let path = paths::indicator_page(id);
        claim(&mut taken, &path, id)?;
        entries.push(Entry { ind, section: s, path });
    }
    let mut fields = Vec::new();
    for s in &doc.sections {
        let Some(fid) = s.id.strip_prefix("feld-") else { continue };
        let path = paths::field_page(fid);
        claim(&mut taken, &path, fid)?;
        fields.push((fid, s, path));
    }

    let mut out = vec![overview(doc, &fields, &entries, w)];
    for (fid, s, path) in &fields {
        out.push(field(s, path, fid, &entries, w, lang));
    }
    for (i, e) in entries.iter().enumerate() {
        let mut p = indicator(e, &fields, w, lang);
        let neighbour = |j: usize| entries.get(j).map(|n| link(&e.path, &n.path, &n.ind.title));
        p.prev = i.checked_sub(1).and_then(neighbour);
        p.next = neighbour(i + 1);
        out.push(p);
    }
    for (id, path) in
        [("methoden", "methoden.html"), ("glossar", "glossar.html"), ("impressum", "impressum.html")]
    {
        if let Some(s) = doc.sections.iter().find(|s| s.id == id) {
            let mut p = Page::single(path, s);
            if id == "impressum" {
                site_statement(&mut p, ev, lang);
            }
            out.push(p);
        }
    }
    out.push(signs(w, lang));
    let listed: Vec<(String, &Section, String)> = entries
        .iter()
        .map(|e| {
            let field =
                fields.iter().find(|(fid, _, _)| *fid == e.ind.field).map(|(_, s, _)| s.title.clone());
            (e.path.clone(), e.section, field.unwrap_or_default())
        })
        .collect();
    let mut search = Page::new(super::search::PAGE.into(), w.search.into());
    search.search = Some(super::search::search(&listed, w, lang));
    out.push(search);
    for p in &mut out {
        p.chart_count =
            p.sections.iter().flat_map(|s| &s.blocks).filter(|b| matches!(b, Block::Chart(_))).count();
    }
    Ok(out)
}

/// `index.html`: the report's front matter (key figures, overview,
/// targets) and the fields with their indicators.
fn overview(doc: &ReportDoc, fields: &[(&str, &Section, String)], entries: &[Entry], w: &SiteWords) -> Page {
    let here = "index.html";
    let mut p = Page::new(here.into(), doc.title.clone());
    p.facts = doc.facts.clone();
    p.lead = Some(doc.lead.clone());
    p.sections = doc.sections.iter().filter(|s| !elsewhere(&s.id)).cloned().collect();
    if !fields.is_empty() {
        p.groups.push(LinkGroup { level: 2, title: w.fields.into(), href: None, links: Vec::new() });
    }
    for (fid, s, path) in fields {
        p.groups.push(LinkGroup {
            level: 3,
            title: s.title.clone(),
            href: Some(relative(here, path)),
            links: entries
                .iter()
                .filter(|e| e.ind.field == *fid)
                .map(|e| link(here, &e.path, &e.ind.title))
                .collect(),
        });
    }
    p
}

/// A field's page: its description and key figures, then its indicators.
fn field(s: &Section, path: &str, fid: &str, entries: &[Entry], w: &SiteWords, lang: Lang) -> Page {
    let mut p = Page::single(path, s);
    let appendix = doc::see_appendix(lang);
    for s in &mut p.sections {
        s.blocks.retain(|b| !matches!(b, Block::Paragraph { text } if text == appendix));
    }
    p.crumbs.push(link(path, "index.html", w.home));
    p.groups.push(LinkGroup {
        level: 2,
        title: w.indicators.into(),
        href: None,
        links: entries
            .iter()
            .filter(|e| e.ind.field == fid)
            .map(|e| link(path, &e.path, &e.ind.title))
            .collect(),
    });
    p
}

/// An indicator's page: the report's detail section with unit,
/// direction, the findings' reasons and a CSV file per chart table.
fn indicator(e: &Entry, fields: &[(&str, &Section, String)], w: &SiteWords, lang: Lang) -> Page {
    let mut p = Page::single(&e.path, e.section);
    p.crumbs.push(link(&e.path, "index.html", w.home));
    if let Some((_, s, path)) = fields.iter().find(|(fid, _, _)| *fid == e.ind.field) {
        p.crumbs.push(link(&e.path, path, &s.title));
    }
    let unit = chart::value_axis_title(doc::chart_unit(e.ind.unit), lang);
    let section = &mut p.sections[0];
    if let Some(Block::Facts { items }) = section.blocks.first_mut() {
        // The definition in full, also where the audience's print edition
        // leaves the formulas out: a portal page is where one looks it up.
        let dw = doc::words(lang);
        if !items.iter().any(|f| f.term == dw.numerator) {
            items.push(Fact { term: dw.numerator.into(), text: e.ind.numerator.clone() });
            if let Some(d) = &e.ind.denominator {
                items.push(Fact { term: dw.denominator.into(), text: d.clone() });
            }
        }
        items.push(Fact { term: w.unit.into(), text: unit.into() });
        items.push(Fact { term: w.polarity.into(), text: polarity(e.ind.polarity, lang).into() });
    }
    let mut reasons: Vec<String> = Vec::new();
    for f in e.ind.findings.iter().filter(|f| f.area == AreaKey::Total && !f.reason.is_empty()) {
        let item = match f.year {
            Some(y) => format!("{} ({y}): {}", f.label, f.reason),
            None => format!("{}: {}", f.label, f.reason),
        };
        if !reasons.contains(&item) {
            reasons.push(item);
        }
    }
    if !reasons.is_empty() {
        section.blocks.push(Block::List { title: w.reasons.into(), items: reasons });
    }
    let mut n = 0;
    for b in &mut section.blocks {
        let t: &mut Table = match b {
            Block::Chart(c) => &mut c.table,
            Block::Table(t) => t,
            _ => continue,
        };
        let Some(d) = t.download.clone() else { continue };
        n += 1;
        for (ext, words) in [("csv", w.download), ("xlsx", w.download_xlsx)] {
            let file = paths::download(&e.ind.id, n, ext);
            t.links.push(Link { href: relative(&e.path, &file), text: format!("{words}: {}", t.caption) });
        }
        p.downloads.push((paths::download(&e.ind.id, n, "csv"), d));
    }
    p
}

/// The imprint page speaks of the web site, not of „this report“: its
/// accessibility statement (the section's last paragraph) is the site's.
fn site_statement(p: &mut Page, ev: &Evaluated, lang: Lang) {
    let contact = ev.findings.rulebook.contact.as_deref();
    let last = p.sections.iter_mut().flat_map(|s| s.blocks.iter_mut()).rev().find_map(|b| match b {
        Block::Paragraph { text } => Some(text),
        _ => None,
    });
    if let Some(text) = last {
        *text = doc::site_accessibility(contact, lang);
    }
}

/// `zeichen.html`: every official sign and flag with its meaning.
fn signs(w: &SiteWords, lang: Lang) -> Page {
    let rows = crate::report::sign::full_key(lang).into_iter().map(|(s, m)| vec![s, m.to_string()]).collect();
    let section = Section {
        id: "zeichen".into(),
        level: 2,
        title: w.signs.into(),
        in_contents: false,
        appendix: false,
        blocks: vec![
            Block::Paragraph { text: w.signs_lead.into() },
            Block::Table(Table {
                caption: w.signs.into(),
                header: vec![w.sign.into(), w.meaning.into()],
                rows,
                numeric: vec![false, false],
                ..Default::default()
            }),
        ],
    };
    Page::single("zeichen.html", &section)
}
