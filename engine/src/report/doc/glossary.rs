//! The glossary: the terms the report uses, in plain words — the
//! definitions of Migrationshintergrund the sources actually use, gaps in
//! Prozentpunkte and as Verhältnis, the reference group, the symbols.
//!
//! Why generated from the model: a fixed glossary would explain
//! definitions the report does not use and miss the ones it does; the
//! definitions come from the sources of the included indicators only.

use super::{Block, Fact, Section};
use crate::findings::IndicatorFindings;
use crate::model::{MhDefinition, Model};
use crate::report::numfmt::Lang;
use crate::report::sign::Sign;

fn fact(term: &str, text: impl Into<String>) -> Fact {
    Fact { term: term.into(), text: text.into() }
}

/// The distinct definitions of migration background the included
/// indicators' sources use, in the model's source order.
fn definitions(model: &Model, included: &[&IndicatorFindings]) -> Vec<MhDefinition> {
    let used: Vec<&str> = included.iter().flat_map(|i| i.sources.iter().map(|s| s.id.as_str())).collect();
    let mut out = Vec::new();
    for s in model.sources.values().filter(|s| used.contains(&s.id.as_str())) {
        if let Some(d) = s.mh_definition.filter(|d| *d != MhDefinition::None) {
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    out
}

/// The glossary section (appendix).
pub(crate) fn section(model: &Model, included: &[&IndicatorFindings], lang: Lang) -> Section {
    let de = lang == Lang::De;
    let mut items = Vec::new();
    let defs = definitions(model, included);
    if !defs.is_empty() {
        let list: Vec<&str> = defs.iter().map(|d| d.german()).collect();
        items.push(fact(
            if de { "Migrationshintergrund" } else { "Migration background" },
            if de {
                format!("Wer als Person mit Migrationshintergrund zählt, legt jede Quelle selbst fest. In diesem Bericht: {}. Werte aus Quellen mit verschiedenen Definitionen sind nicht direkt vergleichbar.", list.join("; "))
            } else {
                format!("Each source defines who counts as a person with migration background. In this report (German terms): {}. Values from sources with different definitions are not directly comparable.", list.join("; "))
            },
        ));
        items.push(fact(
            "Einwanderungsgeschichte",
            if de {
                "Begriff des Statistischen Bundesamts seit 2023: Personen, die selbst oder deren beide Elternteile seit 1950 eingewandert sind. Enger als „Migrationshintergrund“."
            } else {
                "Term of the Federal Statistical Office since 2023: persons who themselves or both of whose parents immigrated since 1950. Narrower than “migration background”."
            },
        ));
    }
    let entries: [(&str, &str, &str); 6] = [
        ("Prozentpunkte (%-Punkte)", "Der Abstand zwischen zwei Anteilen: von 10 % auf 12 % sind es 2 Prozentpunkte (nicht 2 %).", "The difference between two shares: from 10 % to 12 % is 2 percentage points (not 2 %)."),
        ("Verhältnis", "Ein Wert geteilt durch den Vergleichswert. 1 heißt: gleich stark vertreten; 0,5 heißt: halb so stark.", "A value divided by the reference value. 1 means equally represented; 0.5 means half as strongly."),
        ("Referenzgruppe (Vergleich)", "Die Gruppe, mit der eine andere verglichen wird, z. B. Deutsche beim Vergleich mit Ausländer*innen. Der Abstand ist Wert minus Vergleichswert.", "The group another is compared with, e.g. Germans when comparing foreign nationals. The gap is value minus reference value."),
        ("Stärke, Handlungsbedarf", "Einstufung nach den Zielen und Schwellenwerten, die vor der Auswertung vereinbart wurden; „+“ Stärke, „!“ Handlungsbedarf.", "Classification by the targets and thresholds agreed before the evaluation; “+” strength, “!” need for action."),
        ("Entwicklung", "Richtung der letzten Jahre: ↑ günstig, → stabil, ↓ ungünstig (je nachdem, ob ein höherer Wert besser ist); ↗ steigend, ↘ fallend bei Indikatoren ohne Bewertungsrichtung.", "Direction over recent years: ↑ improving, → stable, ↓ worsening (depending on whether higher is better); ↗ rising, ↘ falling for indicators without a direction."),
        ("Ziel", "☀ erreicht, ⛅ auf gutem Weg, ☁ knapp nicht auf Kurs, ☂ richtige Richtung, aber zu langsam, ⚡ entfernt sich vom Ziel.", "☀ met, ⛅ on track, ☁ nearly on track, ☂ right direction but too slow, ⚡ moving away."),
    ];
    for (term, de_text, en_text) in entries {
        items.push(fact(term, if de { de_text } else { en_text }));
    }
    let signs: Vec<String> =
        Sign::ALL.iter().map(|s| format!("„{}“ {}", s.symbol(), s.meaning(lang))).collect();
    items.push(fact(if de { "Zeichen in Tabellen" } else { "Signs in tables" }, signs.join("; ")));
    Section {
        id: "glossar".into(),
        level: 2,
        title: if de { "Glossar" } else { "Glossary" }.into(),
        in_contents: true,
        appendix: true,
        blocks: vec![Block::Facts { items }],
    }
}
