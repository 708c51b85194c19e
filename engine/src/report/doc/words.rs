//! The report's fixed wording in German and English, and per audience.
//! Kept in one table so a translation or a change of tone is one edit.

use super::Audience;
use crate::model::Terminology;
use crate::report::numfmt::Lang;

/// The label of a source's definition of the population concept, in the
/// term the rulebook chose (`terminology …`).
pub(crate) fn mh_label(t: Terminology, lang: Lang) -> &'static str {
    match (t, lang) {
        (Terminology::Migrationshintergrund, Lang::De) => "Migrationshintergrund",
        (Terminology::Einwanderungsgeschichte, Lang::De) => "Einwanderungsgeschichte",
        (Terminology::Migrationshintergrund, Lang::En) => "Migration background",
        (Terminology::Einwanderungsgeschichte, Lang::En) => "Immigration history",
    }
}

/// What an audience gets; the builder asks these questions instead of
/// branching on the audience itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile {
    /// Numerator/denominator formulas and source files.
    pub formulas: bool,
    /// Numerator and denominator columns, audit and cell counts.
    pub counts: bool,
    /// Targets and trends before the overview.
    pub targets_first: bool,
    /// Every area finding's annotations, not only the whole city's.
    pub all_annotations: bool,
    /// Plausibility checks and data notes.
    pub checks: bool,
    /// One chart per indicator (the shorter editions keep within their
    /// page budget; every chart's numbers stay in the findings table).
    pub one_chart: bool,
}

pub(crate) fn profile(a: Audience) -> Profile {
    match a {
        Audience::Verwaltung => Profile {
            formulas: true,
            counts: true,
            targets_first: false,
            all_annotations: true,
            checks: true,
            one_chart: false,
        },
        Audience::Politik => Profile {
            formulas: false,
            counts: false,
            targets_first: true,
            all_annotations: false,
            checks: false,
            one_chart: true,
        },
        Audience::Oeffentlichkeit => Profile {
            formulas: false,
            counts: false,
            targets_first: false,
            all_annotations: false,
            checks: false,
            one_chart: true,
        },
    }
}

pub(crate) fn audience_keyword(a: Audience) -> &'static str {
    match a {
        Audience::Verwaltung => "verwaltung",
        Audience::Politik => "politik",
        Audience::Oeffentlichkeit => "oeffentlichkeit",
    }
}

/// Every fixed phrase of the report.
pub(crate) struct Words {
    pub report: &'static str,
    pub contents: &'static str,
    pub municipality: &'static str,
    pub state: &'static str,
    pub version: &'static str,
    pub years: &'static str,
    pub audience: &'static str,
    pub overview: &'static str,
    pub overview_intro: &'static str,
    pub field: &'static str,
    pub strengths: &'static str,
    pub needs: &'static str,
    pub no_strengths: &'static str,
    pub no_needs: &'static str,
    /// A field none of whose indicators has any data (an empty source):
    /// „keine Befunde …“ would read like „no problems“.
    pub no_data: &'static str,
    pub targets_trends: &'static str,
    pub targets_intro: &'static str,
    pub no_targets: &'static str,
    pub purpose: &'static str,
    pub definition: &'static str,
    pub numerator: &'static str,
    pub denominator: &'static str,
    pub sources: &'static str,
    pub steerability: &'static str,
    pub targets: &'static str,
    pub thresholds: &'static str,
    pub findings_table: &'static str,
    pub annotations: &'static str,
    pub notes: &'static str,
    pub group_area: &'static str,
    pub year: &'static str,
    pub value: &'static str,
    pub comparison: &'static str,
    pub gap: &'static str,
    pub trend: &'static str,
    pub assessment: &'static str,
    pub methods: &'static str,
    pub methods_intro: &'static str,
    pub privacy: &'static str,
    pub suppressed_by_indicator: &'static str,
    pub indicator: &'static str,
    pub cells: &'static str,
    pub protected: &'static str,
    pub missing: &'static str,
    pub checks: &'static str,
    pub check: &'static str,
    pub check_passed: &'static str,
    pub check_failed: &'static str,
    pub check_unknown: &'static str,
    pub data_notes: &'static str,
    pub all_persons: &'static str,
    pub target_label: &'static str,
    pub no_suppression: &'static str,
}

const DE: Words = Words {
    report: "Integrationsbericht",
    contents: "Inhalt",
    municipality: "Kommune",
    state: "Land",
    version: "Version des Regelwerks",
    years: "Berichtszeitraum",
    audience: "Fassung für",
    overview: "Stärken und Handlungsbedarf je Handlungsfeld",
    overview_intro: "Für jedes Handlungsfeld stehen Stärken und Handlungsbedarf nebeneinander. Die Einstufung folgt den Zielen und Schwellenwerten, die vor der Auswertung vereinbart wurden.",
    field: "Handlungsfeld",
    strengths: "Stärken",
    needs: "Handlungsbedarf",
    no_strengths: "keine Befunde mit Einstufung „Stärke“",
    no_needs: "keine Befunde mit Einstufung „Handlungsbedarf“",
    no_data: "keine Daten",
    targets_trends: "Vereinbarte Ziele",
    targets_intro: "Stand der vereinbarten Ziele für das ganze Gebiet.",
    no_targets: "Für die Indikatoren dieser Fassung sind keine Ziele vereinbart.",
    purpose: "Wozu",
    definition: "Definition",
    numerator: "Zähler",
    denominator: "Nenner",
    sources: "Quellen",
    steerability: "Steuerbarkeit",
    targets: "Ziele",
    thresholds: "Schwellenwerte",
    findings_table: "Befunde",
    annotations: "Einordnung",
    notes: "Lesehilfe",
    group_area: "Gruppe, Gebiet",
    year: "Jahr",
    value: "Wert",
    comparison: "Vergleich",
    gap: "Abstand",
    trend: "Entwicklung",
    assessment: "Bewertung",
    methods: "Methoden und Datenschutz",
    methods_intro: "Woher die Zahlen kommen, wie sie berechnet werden und welche Werte zum Schutz einzelner Personen nicht veröffentlicht werden.",
    privacy: "Geheimhaltung",
    suppressed_by_indicator: "Gesperrte Zellen je Indikator",
    indicator: "Indikator",
    cells: "Zellen",
    protected: "gesperrt („.“)",
    missing: "ohne Wert (Quelle)",
    checks: "Plausibilitätsprüfungen",
    check: "Prüfung (Zellen)",
    check_passed: "bestanden",
    check_failed: "nicht bestanden",
    check_unknown: "nicht prüfbar",
    data_notes: "Hinweise zu den Daten",
    all_persons: "alle Personen",
    target_label: "Ziel",
    no_suppression: "In dieser Auswertung musste kein Wert gesperrt werden.",
};

const EN: Words = Words {
    report: "Integration report",
    contents: "Contents",
    municipality: "Municipality",
    state: "State",
    version: "Rulebook version",
    years: "Reporting period",
    audience: "Edition for",
    overview: "Strengths and need for action per field",
    overview_intro: "For every field, strengths and need for action are shown side by side. The classification follows the targets and thresholds agreed before the evaluation.",
    field: "Field",
    strengths: "Strengths",
    needs: "Need for action",
    no_strengths: "no findings classified as strength",
    no_needs: "no findings classified as need for action",
    no_data: "no data",
    targets_trends: "Agreed targets",
    targets_intro: "Status of the agreed targets for the whole area.",
    no_targets: "No targets are agreed for the indicators of this edition.",
    purpose: "Purpose",
    definition: "Definition",
    numerator: "Numerator",
    denominator: "Denominator",
    sources: "Sources",
    steerability: "Steerability",
    targets: "Targets",
    thresholds: "Thresholds",
    findings_table: "Findings",
    annotations: "Interpretation",
    notes: "Reading aid",
    group_area: "Group, area",
    year: "Year",
    value: "Value",
    comparison: "Comparison",
    gap: "Gap",
    trend: "Development",
    assessment: "Assessment",
    methods: "Methods and data protection",
    methods_intro: "Where the figures come from, how they are computed, and which values are withheld to protect individuals.",
    privacy: "Disclosure control",
    suppressed_by_indicator: "Suppressed cells per indicator",
    indicator: "Indicator",
    cells: "Cells",
    protected: "withheld („.“)",
    missing: "no value (source)",
    checks: "Plausibility checks",
    check: "Check (cells)",
    check_passed: "passed",
    check_failed: "failed",
    check_unknown: "not checkable",
    data_notes: "Notes on the data",
    all_persons: "all persons",
    target_label: "Target",
    no_suppression: "No value had to be suppressed in this evaluation.",
};

pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

/// The audience in words, for the title page.
pub(crate) fn audience_label(a: Audience, lang: Lang) -> &'static str {
    match (a, lang) {
        (Audience::Verwaltung, Lang::De) => "Verwaltung (vollständige Fassung)",
        (Audience::Politik, Lang::De) => "Politik (Stadtrat und Ausschüsse)",
        (Audience::Oeffentlichkeit, Lang::De) => "Öffentlichkeit",
        (Audience::Verwaltung, Lang::En) => "administration (full edition)",
        (Audience::Politik, Lang::En) => "council and committees",
        (Audience::Oeffentlichkeit, Lang::En) => "the public",
    }
}

/// A short plain-language explanation of the report, per audience.
///
/// `municipality` is `None` when the rulebook names none (a comparison of
/// several municipalities): then no sentence names a place, rather than
/// filling the rulebook's title into a question.
pub(crate) fn intro(a: Audience, municipality: Option<&str>, lang: Lang) -> String {
    let Some(municipality) = municipality else {
        return match (a, lang) {
            (Audience::Oeffentlichkeit, Lang::De) => "Dieser Bericht zeigt in Zahlen, wo das Zusammenleben gut gelingt und wo mehr getan werden soll. Er vergleicht Gruppen miteinander, um ungleiche Chancen sichtbar zu machen – nicht, um einzelne Gruppen zu bewerten.".into(),
            (_, Lang::De) => "Der Bericht fasst die Ergebnisse des Monitorings zusammen: vereinbarte Ziele, Entwicklungen, Stärken und Handlungsbedarf.".into(),
            (Audience::Oeffentlichkeit, Lang::En) => "This report shows in figures where living together works well and where more should be done. It compares groups to make unequal opportunities visible – not to judge any group.".into(),
            (_, Lang::En) => "This report summarises the monitoring: agreed targets, developments, strengths and need for action.".into(),
        };
    };
    match (a, lang) {
        (Audience::Oeffentlichkeit, Lang::De) => format!(
            "Wie gut gelingt das Zusammenleben in {municipality}? Dieser Bericht zeigt in Zahlen, wo es gut läuft und wo die Stadt mehr tun will. Er vergleicht Gruppen miteinander, um ungleiche Chancen sichtbar zu machen – nicht, um einzelne Gruppen zu bewerten."
        ),
        (Audience::Politik, Lang::De) => format!(
            "Der Bericht fasst das Integrationsmonitoring von {municipality} für Stadtrat und Ausschüsse zusammen: zuerst die wichtigsten Befunde mit ihren Zahlen, dann die vereinbarten Ziele, Stärken und Handlungsbedarf je Handlungsfeld; die Einzelheiten stehen im Anhang."
        ),
        (Audience::Verwaltung, Lang::De) => format!(
            "Vollständige Fassung des Integrationsmonitorings von {municipality} mit Definitionen, Quellen, allen Befunden und den Angaben zur Geheimhaltung."
        ),
        (Audience::Oeffentlichkeit, Lang::En) => format!(
            "How well does living together work in {municipality}? This report shows in figures where things go well and where the city wants to do more. It compares groups to make unequal opportunities visible – not to judge any group."
        ),
        (Audience::Politik, Lang::En) => format!(
            "This report summarises the integration monitoring of {municipality} for the council: first the most important findings with their figures, then the agreed targets, strengths and need for action per field; the details are in the appendix."
        ),
        (Audience::Verwaltung, Lang::En) => format!(
            "Full edition of the integration monitoring of {municipality} with definitions, sources, all findings and the disclosure-control details."
        ),
    }
}
