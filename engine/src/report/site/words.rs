//! The site's own words (navigation, page names, downloads); the content
//! keeps the report's words (`doc::words`).

use crate::model::Polarity;
use crate::report::numfmt::Lang;

/// Navigation and page names in one language.
pub(crate) struct SiteWords {
    pub home: &'static str,
    pub methods: &'static str,
    pub glossary: &'static str,
    pub signs: &'static str,
    pub imprint: &'static str,
    pub fields: &'static str,
    pub indicators: &'static str,
    pub nav: &'static str,
    pub crumbs: &'static str,
    pub pager: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub skip: &'static str,
    pub unit: &'static str,
    pub polarity: &'static str,
    pub reasons: &'static str,
    pub download: &'static str,
    pub download_xlsx: &'static str,
    pub sign: &'static str,
    pub meaning: &'static str,
    pub signs_lead: &'static str,
    pub footer: &'static str,
    pub search: &'static str,
    pub search_label: &'static str,
    pub search_button: &'static str,
    pub search_hint: &'static str,
    pub search_none: &'static str,
    pub search_one: &'static str,
    pub search_many: &'static str,
}

const DE: SiteWords = SiteWords {
    home: "Übersicht",
    methods: "Methoden",
    glossary: "Glossar",
    signs: "Zeichenerklärung",
    imprint: "Impressum",
    fields: "Handlungsfelder",
    indicators: "Indikatoren",
    nav: "Hauptnavigation",
    crumbs: "Sie sind hier",
    pager: "Vorheriger und nächster Indikator",
    previous: "Vorheriger Indikator",
    next: "Nächster Indikator",
    skip: "Zum Inhalt springen",
    unit: "Einheit",
    polarity: "Richtung",
    reasons: "Begründungen der Bewertung",
    download: "Daten als CSV (Semikolon, Dezimalkomma)",
    download_xlsx: "Daten als Excel-Datei (XLSX)",
    sign: "Zeichen",
    meaning: "Bedeutung",
    signs_lead: "Wo eine Tabelle keine Zahl zeigt, steht das amtliche Zeichen. Gesperrte Werte sind zum Schutz einzelner Personen nicht veröffentlicht; ihr Grund ist selbst geheim und wird daher wie „unbekannt“ gezeigt.",
    footer: "Erstellt mit kimon (Kommunales IntegrationsMONitoring). Gesperrte Werte sind zum Schutz einzelner Personen nicht veröffentlicht.",
    search: "Suche",
    search_label: "Indikatoren durchsuchen",
    search_button: "Suchen",
    search_hint: "Alle Indikatoren mit Handlungsfeld, Definition und Zweck. Das Suchfeld zeigt nur die Indikatoren, die alle eingegebenen Wörter enthalten.",
    search_none: "Keine Treffer.",
    search_one: "1 Treffer.",
    search_many: "{n} Treffer.",
};

const EN: SiteWords = SiteWords {
    home: "Overview",
    methods: "Methods",
    glossary: "Glossary",
    signs: "Key to signs",
    imprint: "Imprint",
    fields: "Fields of action",
    indicators: "Indicators",
    nav: "Main navigation",
    crumbs: "You are here",
    pager: "Previous and next indicator",
    previous: "Previous indicator",
    next: "Next indicator",
    skip: "Skip to content",
    unit: "Unit",
    polarity: "Direction",
    reasons: "Reasons for the assessment",
    download: "Data as CSV",
    download_xlsx: "Data as Excel file (XLSX)",
    sign: "Sign",
    meaning: "Meaning",
    signs_lead: "Where a table shows no number, it shows the official sign. Suppressed values are withheld to protect individuals; the reason is itself confidential and therefore shown like „unknown“.",
    footer: "Made with kimon (Kommunales IntegrationsMONitoring). Suppressed values are withheld to protect individuals.",
    search: "Search",
    search_label: "Search the indicators",
    search_button: "Search",
    search_hint: "All indicators with their field, definition and purpose. The search box shows only the indicators that contain every word entered.",
    search_none: "No results.",
    search_one: "1 result.",
    search_many: "{n} results.",
};

pub(crate) fn site_words(lang: Lang) -> &'static SiteWords {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

/// Which direction of an indicator is favourable, in words.
pub(crate) fn polarity(p: Polarity, lang: Lang) -> &'static str {
    match (p, lang) {
        (Polarity::Higher, Lang::De) => "höhere Werte sind günstiger",
        (Polarity::Lower, Lang::De) => "niedrigere Werte sind günstiger",
        (Polarity::Neutral, Lang::De) => "Kontext: keine Richtung ist günstiger",
        (Polarity::Higher, Lang::En) => "higher values are favourable",
        (Polarity::Lower, Lang::En) => "lower values are favourable",
        (Polarity::Neutral, Lang::En) => "context: no direction is favourable",
    }
}
