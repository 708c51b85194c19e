//! The site's search: a form in every page's header that opens
//! `suche.html`, the list of all indicators with their field, definition
//! and purpose; `suche.js` filters that list as one types.
//!
//! Why built like this:
//!
//! - **Offline and from `file://`.** The index is the page itself, no
//!   file is fetched (browsers refuse `fetch` on `file://`), and the
//!   script reads the query from the address (`?q=`), which works there
//!   too. Nothing is loaded from elsewhere.
//! - **Without JavaScript** the form still leads to the full list, which
//!   the browser's own find works on; the script only hides what does not
//!   match.
//! - **Accessible**: a native form with a label and a button, results as
//!   plain links, and the number of hits announced in a status region.
//! - **Only the document's words**: titles and facts are taken from the
//!   published sections, so the search page shows nothing the indicator
//!   pages do not.

use super::paths::relative;
use super::words::SiteWords;
use crate::report::doc::{self, Block, Section};
use crate::report::numfmt::Lang;
use serde::Serialize;

/// The search page's path and its script's.
pub(crate) const PAGE: &str = "suche.html";
pub(crate) const SCRIPT: &str = "suche.js";

const SCRIPT_TEXT: &str = include_str!("../templates/suche.js");

/// The script, written once as its own file.
pub(crate) fn script() -> &'static str {
    SCRIPT_TEXT
}

/// One indicator in the search list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Entry {
    pub href: String,
    pub title: String,
    pub field: String,
    /// Definition and purpose as the indicator page states them.
    pub text: Vec<String>,
}

/// What the search page shows besides its entries.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Search {
    pub label: String,
    pub button: String,
    pub hint: String,
    /// Status texts for the script: no hit, one hit, `{n}` hits.
    pub none: String,
    pub one: String,
    pub many: String,
    pub entries: Vec<Entry>,
    /// The script, relative to the page.
    pub script: String,
}

/// The definition and purpose facts of an indicator's section.
fn texts(section: &Section, lang: Lang) -> Vec<String> {
    let w = doc::words(lang);
    let Some(Block::Facts { items }) = section.blocks.first() else { return Vec::new() };
    items
        .iter()
        .filter(|f| (f.term == w.definition || f.term == w.purpose) && !f.text.is_empty())
        .map(|f| f.text.clone())
        .collect()
}

/// The search list: every indicator page (site path, its section) with
/// the title of its field.
pub(crate) fn search(indicators: &[(String, &Section, String)], w: &SiteWords, lang: Lang) -> Search {
    let entries = indicators
        .iter()
        .map(|(path, section, field)| Entry {
            href: relative(PAGE, path),
            title: section.title.clone(),
            field: field.clone(),
            text: texts(section, lang),
        })
        .collect();
    Search {
        label: w.search_label.into(),
        button: w.search_button.into(),
        hint: w.search_hint.into(),
        none: w.search_none.into(),
        one: w.search_one.into(),
        many: w.search_many.into(),
        entries,
        script: relative(PAGE, SCRIPT),
    }
}
