//! One page as HTML: the site template around the report's block layout.

use super::pages::Page;
use super::paths::relative;
use super::words::SiteWords;
use crate::report::html::{environment, RenderError, REPORT_CSS};
use minijinja::value::Serde;
use minijinja::{context, Environment};
use serde::Serialize;

const TEMPLATE: &str = include_str!("../templates/site.html");
const SITE_CSS: &str = include_str!("../templates/site.css");

/// The style sheet every page links to (one file, written once).
pub(crate) const CSS_PATH: &str = "kimon.css";

/// The style sheet: the report's, then the site's rules.
pub(crate) fn css() -> String {
    format!("{REPORT_CSS}\n{SITE_CSS}")
}

/// What every page shows the same way.
#[derive(Serialize)]
pub(crate) struct SiteInfo {
    pub lang: String,
    pub title: String,
}

/// An entry of the main navigation.
#[derive(Serialize)]
struct NavItem {
    href: String,
    text: String,
    current: bool,
}

/// The template, loaded once for all pages.
pub(crate) struct Renderer {
    env: Environment<'static>,
}

impl Renderer {
    pub(crate) fn new() -> Result<Renderer, RenderError> {
        let mut env = environment()?;
        env.add_template("site.html", TEMPLATE).map_err(|e| RenderError(e.to_string()))?;
        Ok(Renderer { env })
    }

    /// The page as HTML; `nav` lists the main navigation (site path, text).
    pub(crate) fn page(
        &self,
        site: &SiteInfo,
        page: &Page,
        nav: &[(String, String)],
        w: &SiteWords,
    ) -> Result<String, RenderError> {
        let here = page.path.as_str();
        let nav: Vec<NavItem> = nav
            .iter()
            .map(|(to, text)| NavItem { href: relative(here, to), text: text.clone(), current: to == here })
            .collect();
        let tmpl = self.env.get_template("site.html").map_err(|e| RenderError(e.to_string()))?;
        let mut html = tmpl
            .render(context! {
                site => Serde(site),
                page => Serde(page),
                nav => Serde(&nav),
                w => context! {
                    skip => w.skip, nav => w.nav, crumbs => w.crumbs, pager => w.pager,
                    previous => w.previous, next => w.next, footer => w.footer, imprint => w.imprint,
                    search => w.search, search_label => w.search_label, search_button => w.search_button,
                },
                search => relative(here, super::search::PAGE),
                css => relative(here, CSS_PATH),
                home => relative(here, "index.html"),
                imprint => relative(here, "impressum.html"),
            })
            .map_err(|e| RenderError(e.to_string()))?;
        if !html.ends_with('\n') {
            html.push('\n');
        }
        Ok(html)
    }
}
