//! The closing block: imprint (publisher, „Stand“, contact) and the
//! accessibility statement.
//!
//! Why the „Stand“ comes from the rulebook and the data, never the clock:
//! the same rulebook and data must give a byte-identical report, and a
//! reader needs the date the *numbers* refer to, not when a file was made.

use super::{Block, Fact, Section};
use crate::report::numfmt::Lang;
use crate::session::Evaluated;

/// „Stand“: the rulebook's own date if it declares one, with the latest
/// data year; else the latest data year and the rulebook version.
fn as_of(ev: &Evaluated, lang: Lang) -> Option<String> {
    let meta = &ev.findings.rulebook;
    let latest = ev
        .findings
        .indicators
        .iter()
        .filter_map(|i| i.latest_year)
        .chain(ev.findings.checks.iter().map(|c| c.year))
        .max()
        .or(meta.years.map(|(_, b)| b));
    if let Some(d) = &meta.as_of {
        return Some(match (lang, latest) {
            (Lang::De, Some(y)) => format!("{d} (Daten bis {y})"),
            (Lang::En, Some(y)) => format!("{d} (data up to {y})"),
            (_, None) => d.clone(),
        });
    }
    let latest = latest?;
    Some(match (lang, &meta.version) {
        (Lang::De, Some(v)) => format!("Daten bis {latest}, Regelwerk Version {v}"),
        (Lang::De, None) => format!("Daten bis {latest}"),
        (Lang::En, Some(v)) => format!("data up to {latest}, rulebook version {v}"),
        (Lang::En, None) => format!("data up to {latest}"),
    })
}

/// The accessibility statement of the printed or single-file report.
fn accessibility(contact: Option<&str>, lang: Lang) -> String {
    with_contact(report_statement(lang), contact, lang)
}

/// The web site's own statement: it has navigation and a search, and one
/// small script of its own, so the report's sentence would be wrong there.
pub(crate) fn site_accessibility(contact: Option<&str>, lang: Lang) -> String {
    let base = match lang {
        Lang::De => "Diese Website ist für Screenreader, Tastatur und Ausdruck gegliedert: ein Sprunglink zum Inhalt, Navigation und Suche als beschriftete Bereiche, Überschriften in fester Rangfolge, zu jedem Diagramm ein Text und die Tabelle mit allen Zahlen (auch als CSV- und XLSX-Datei), Farben für Farbfehlsichtige unterscheidbar und nie allein Träger einer Aussage (jedes Symbol steht mit einem Wort). Einziges Skript ist die Suche; ohne JavaScript zeigt die Suchseite die ganze Liste. Es werden keine Inhalte aus dem Netz geladen.",
        Lang::En => "This website is structured for screen readers, keyboard and print: a skip link to the content, navigation and search as labelled regions, headings in a fixed order, every chart with a text and the table of all its figures (also as CSV and XLSX file), colours distinguishable with colour-vision deficiency and never the only carrier of meaning (every symbol comes with a word). The only script is the search; without JavaScript the search page shows the whole list. No content is loaded from the web.",
    };
    with_contact(base, contact, lang)
}

fn with_contact(base: &str, contact: Option<&str>, lang: Lang) -> String {
    match (contact, lang) {
        (Some(c), Lang::De) => format!("{base} Barrieren bitte melden an: {c}."),
        (Some(c), Lang::En) => format!("{base} Please report barriers to: {c}."),
        (None, _) => base.to_string(),
    }
}

fn report_statement(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "Dieser Bericht ist für Screenreader und Ausdruck gegliedert: Überschriften in fester Rangfolge, zu jedem Diagramm ein Text und die Tabelle mit allen Zahlen, Farben für Farbfehlsichtige unterscheidbar und nie allein Träger einer Aussage (jedes Symbol steht mit einem Wort), keine Skripte und keine Inhalte aus dem Netz.",
        Lang::En => "This report is structured for screen readers and print: headings in a fixed order, every chart with a text and the table of all its figures, colours distinguishable with colour-vision deficiency and never the only carrier of meaning (every symbol comes with a word), no scripts and no content from the web.",
    }
}

/// Imprint and accessibility statement (appendix, last section).
pub(crate) fn section(ev: &Evaluated, lang: Lang) -> Section {
    let meta = &ev.findings.rulebook;
    let de = lang == Lang::De;
    let mut items = Vec::new();
    let publisher = meta.publisher.clone().or_else(|| meta.municipality.clone());
    if let Some(p) = publisher {
        items.push(Fact { term: if de { "Herausgeber" } else { "Publisher" }.into(), text: p });
    }
    items.push(Fact { term: if de { "Regelwerk" } else { "Rulebook" }.into(), text: meta.name.clone() });
    if let Some(s) = as_of(ev, lang) {
        items.push(Fact { term: "Stand".into(), text: s });
    }
    if let Some(c) = &meta.contact {
        items.push(Fact { term: if de { "Kontakt" } else { "Contact" }.into(), text: c.clone() });
    }
    items.push(Fact {
        term: if de { "Erstellt mit" } else { "Made with" }.into(),
        text: "kimon (Kommunales IntegrationsMONitoring)".into(),
    });
    let blocks = vec![
        Block::Facts { items },
        Block::Subheading {
            text: if de { "Erklärung zur Barrierefreiheit" } else { "Accessibility statement" }.into(),
        },
        Block::Paragraph { text: accessibility(meta.contact.as_deref(), lang) },
    ];
    Section {
        id: "impressum".into(),
        level: 2,
        title: if de { "Impressum" } else { "Imprint" }.into(),
        in_contents: true,
        appendix: true,
        blocks,
    }
}
