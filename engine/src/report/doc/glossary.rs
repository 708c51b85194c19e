//! The glossary: the terms the report uses, in plain words — the
//! rulebook's term (Migrationshintergrund or Einwanderungsgeschichte) with
//! the definitions the sources actually use, gaps in
//! Prozentpunkte and as Verhältnis, the reference group, the symbols.
//!
//! Why generated from the model: a fixed glossary would explain
//! definitions the report does not use and miss the ones it does; the
//! definitions come from the sources of the included indicators only.

use super::words::mh_label;
use super::{Block, Fact, Section};
use crate::findings::IndicatorFindings;
use crate::model::{MhDefinition, Model, Terminology};
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

/// The rulebook's term for the population concept with its definition
/// and the definitions the report's sources actually use. Each term's
/// entry names the other one, so a reader who knows only one finds it.
fn population_term(t: Terminology, list: &[&str], lang: Lang) -> Fact {
    let sources = list.join("; ");
    let text = match (t, lang) {
        (Terminology::Migrationshintergrund, Lang::De) => format!("Eine Person hat einen Migrationshintergrund, wenn sie selbst oder mindestens ein Elternteil nicht mit deutscher Staatsangehörigkeit geboren wurde (Mikrozensus). Wer dazu zählt, legt jede Quelle selbst fest. In diesem Bericht: {sources}. Werte aus Quellen mit verschiedenen Definitionen sind nicht direkt vergleichbar. Das Statistische Bundesamt verwendet seit 2023 den engeren Begriff „Einwanderungsgeschichte“ (selbst oder beide Elternteile seit 1950 eingewandert)."),
        (Terminology::Einwanderungsgeschichte, Lang::De) => format!("Begriff des Statistischen Bundesamts seit 2023: Eine Person hat eine Einwanderungsgeschichte, wenn sie selbst oder beide Elternteile seit 1950 nach Deutschland eingewandert sind. Wer dazu zählt, legt jede Quelle selbst fest. In diesem Bericht: {sources}. Werte aus Quellen mit verschiedenen Definitionen sind nicht direkt vergleichbar. Der frühere Begriff „Migrationshintergrund“ ist weiter gefasst (ein Elternteil genügt)."),
        (Terminology::Migrationshintergrund, Lang::En) => format!("A person has a migration background (Migrationshintergrund) if they or at least one parent were not German citizens at birth (Mikrozensus). Each source defines who counts. In this report: {sources}. Values from sources with different definitions are not directly comparable. Since 2023 the Federal Statistical Office uses the narrower term “immigration history” (Einwanderungsgeschichte: the person or both parents immigrated since 1950)."),
        (Terminology::Einwanderungsgeschichte, Lang::En) => format!("Term of the Federal Statistical Office since 2023 (Einwanderungsgeschichte): a person has an immigration history if they or both parents immigrated to Germany since 1950. Each source defines who counts. In this report: {sources}. Values from sources with different definitions are not directly comparable. The earlier term “migration background” (Migrationshintergrund) is wider (one parent suffices)."),
    };
    fact(mh_label(t, lang), text)
}

/// The glossary section (appendix).
pub(crate) fn section(model: &Model, included: &[&IndicatorFindings], lang: Lang) -> Section {
    let de = lang == Lang::De;
    let mut items = Vec::new();
    let defs = definitions(model, included);
    if !defs.is_empty() {
        let list: Vec<&str> = defs.iter().map(|d| d.in_lang(lang)).collect();
        items.push(population_term(model.meta.terminology, &list, lang));
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
