//! `kimon site`: the report as a static web site in the style of the
//! indicator portals — an overview, a page per field of action and per
//! indicator at a permanent address, methods, glossary, key to signs and
//! imprint, and the table behind every chart as a CSV and an XLSX file.
//!
//! Why it is built like this:
//!
//! - **One document.** The pages are cut from the report's document
//!   ([`crate::report::doc::build`]) for the same audience and language,
//!   so the site publishes exactly what the report publishes: only the
//!   publication layer's values, protected cells as their official sign.
//!   The CSV and XLSX files hold the charts' published values (the numbers the
//!   findings publish, before rounding for print), nothing more.
//! - **A folder, nothing else.** Every link is relative, there is no
//!   script, font or image from elsewhere, one style sheet and one small
//!   script of our own (the search, [`search`]): the folder works from
//!   `file://` and from any web server.
//! - **Deterministic.** Paths come from ids ([`paths`]), pages from the
//!   document in its order, files are kept in a [`BTreeMap`]; no clock
//!   („Stand“ comes from the rulebook and the data, as in the report).
//!
//! [`build`] returns the files; writing them is the caller's job
//! ([`crate::output::write_folder`]).

mod csv;
mod pages;
mod paths;
mod render;
mod search;
mod words;
mod xlsx;

use crate::diag::Diag;
use crate::model::Audience;
use crate::report::doc;
use crate::report::numfmt::Lang;
use crate::session::Evaluated;
use std::collections::BTreeMap;

/// The files of a site: path below the site's folder (`/`-separated) →
/// content.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Builds the site for one audience and language.
pub fn build(ev: &Evaluated, audience: Audience, lang: Lang) -> Result<Site, Box<Diag>> {
    let document = doc::build(ev, audience, lang);
    let pages = pages::pages(ev, &document, lang)?;
    let w = words::site_words(lang);
    let info = render::SiteInfo { lang: document.lang.clone(), title: document.title.clone() };
    // The main navigation: the overview, the fields, then the reference pages.
    let mut nav: Vec<(String, String)> = Vec::new();
    for p in &pages {
        let own = p.path == "index.html" || p.path.starts_with("handlungsfelder/");
        if own {
            let text = if p.path == "index.html" { w.home.to_string() } else { p.title.clone() };
            nav.push((p.path.clone(), text));
        }
    }
    for (path, text) in [
        ("methoden.html", w.methods),
        ("glossar.html", w.glossary),
        ("zeichen.html", w.signs),
        ("impressum.html", w.imprint),
        (search::PAGE, w.search),
    ] {
        if pages.iter().any(|p| p.path == path) {
            nav.push((path.into(), text.into()));
        }
    }
    let template_error = |e: crate::report::html::RenderError| {
        Box::new(Diag::error("site-render", e.to_string()).help("this is a bug in kimon; please report it"))
    };
    let renderer = render::Renderer::new().map_err(template_error)?;
    let mut site = Site::default();
    site.files.insert(render::CSS_PATH.into(), render::css().into_bytes());
    site.files.insert(search::SCRIPT.into(), search::script().as_bytes().to_vec());
    for p in &pages {
        let html = renderer.page(&info, p, &nav, w).map_err(template_error)?;
        site.files.insert(p.path.clone(), html.into_bytes());
        for (path, download) in &p.downloads {
            let failed = |path: &str, e: String| {
                Box::new(
                    Diag::error("site-render", format!("`{path}`: {e}"))
                        .help("this is a bug in kimon; please report it"),
                )
            };
            let bytes = csv::to_csv(download, lang).map_err(|e| failed(path, e))?;
            site.files.insert(path.clone(), bytes);
            let xlsx_path = format!("{}.xlsx", path.trim_end_matches(".csv"));
            let bytes = xlsx::to_xlsx(download, lang).map_err(|e| failed(&xlsx_path, e))?;
            site.files.insert(xlsx_path, bytes);
        }
    }
    Ok(site)
}
