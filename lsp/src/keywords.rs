//! The language's keywords with a one-line description each, for hover and
//! completion. Kept next to the grammar's words (`kimon.pest`); a test
//! checks every keyword here is one the grammar knows.

/// `(keyword, description)`; German, as the rulebooks' users write German.
pub const KEYWORDS: &[(&str, &str)] = &[
    ("rulebook", "Kopf des Regelwerks: Name, Kommune, Land, Jahre, Sprache."),
    ("municipality", "Name der Kommune, über die berichtet wird."),
    ("state", "Bundesland der Kommune."),
    ("kind", "Art: bei `rulebook` city/county/…, bei `source` microdata/aggregate/survey."),
    ("version", "Version des Regelwerks (für `extends … version` und Pins)."),
    ("language", "Sprache des Berichts: `de` oder `en`."),
    ("years", "Berichtsjahre, z. B. `years 2019..2024`."),
    ("extends", "Erweitert ein anderes Regelwerk (z. B. den Kern); eigene Angaben gehen vor."),
    ("import", "Liest Deklarationen aus einer weiteren Datei."),
    ("description", "Beschreibung für Bericht und Lesehilfe."),
    ("publisher", "Herausgeber (Impressum des Berichts)."),
    ("contact", "Kontakt für Fragen und Barrieren (Impressum)."),
    ("as_of", "Stand des Berichts, wie er gedruckt wird."),
    ("terminology", "Begriff im Bericht: `migrationshintergrund` oder `einwanderungsgeschichte`."),
    ("source", "Eine Datenquelle: Datei (CSV/XLSX) oder Datenbank, mit Art und Spalten."),
    ("file", "Datendatei der Quelle, relativ zum Regelwerk."),
    ("database", "Datenbank der Quelle (`postgres://…`); Zugangsdaten kommen aus der Umgebung."),
    ("table", "Tabelle in der Datenbank."),
    (
        "migration_background",
        "Wie die Quelle den Migrationshintergrund bestimmt (register, survey, school, …).",
    ),
    ("year_column", "Spalte mit dem Berichtsjahr."),
    ("weight", "Spalte mit dem Gewicht (Befragungen)."),
    ("column", "Ordnet einem Namen im Regelwerk eine Spalte der Datei zu: `column x = \"Spalte\"`."),
    ("series_break", "Zeitreihenbruch ab einem Jahr, mit Begründung."),
    ("confidential", "`no` für bereits veröffentlichte Tabellen (keine Geheimhaltung nötig)."),
    ("dimension", "Ein Merkmal, das Personen in Gruppen teilt (z. B. Staatsangehörigkeit)."),
    ("group", "Eine Gruppe eines Merkmals: `group x \"Titel\" when …` oder `otherwise`."),
    ("when", "Bedingung, die die Zeilen einer Gruppe auswählt."),
    ("otherwise", "Alle Zeilen, die keine andere Gruppe des Merkmals auswählt."),
    ("reference", "Die Vergleichsgruppe des Merkmals (für Abstände)."),
    ("area", "Eine Gebietsgliederung (Stadtbezirke, Gemeinden) mit ihren Einheiten."),
    ("unit", "Einheit: bei `area` ein Gebiet (`unit \"01\" \"Altstadt\"`), bei `indicator` percent/count/…"),
    ("total", "Name der Gesamtheit einer Gebietsgliederung."),
    ("geometry", "GeoJSON-Datei mit den Umrissen der Gebiete für Karten."),
    ("field", "Ein Handlungsfeld (Bildung, Arbeit, …); Indikatoren gehören zu einem Feld."),
    ("steerable", "Wie weit die Kommune das Feld steuern kann: yes/partly/no."),
    ("indicator", "Ein Indikator: Zähler, Nenner, Gliederung, Vergleich, Ziele und Schwellen."),
    ("override", "`override indicator x { … }` ändert einzelne Angaben eines geerbten Indikators."),
    ("core", "Gehört der Indikator zum Kernset?"),
    ("purpose", "Wozu der Indikator dient (Lesehilfe)."),
    ("audience", "Für wen der Indikator berichtet wird (council, public, administration)."),
    ("polarity", "Welche Richtung besser ist: higher, lower oder neutral."),
    ("numerator", "Zähler: `count(quelle where …)` oder `sum(quelle.spalte where …)`."),
    ("denominator", "Nenner, wie der Zähler geschrieben."),
    ("by", "Gliederung nach Merkmalen oder Gebieten."),
    ("compare", "Vergleich zweier Gruppen (Abstand zur Referenzgruppe)."),
    ("target", "Ein Ziel, z. B. `target gap(foreign, german) <= 2 pp by 2027`."),
    ("thresholds", "Schwellen für die Einstufung (strength, need_for_action)."),
    ("note", "Hinweis zur Auslegung des Indikators."),
    ("definition", "Fachliche Definition des Indikators."),
    ("check", "Eine Plausibilitätsprüfung über Summen der Daten."),
    ("expect", "Die Bedingung einer Plausibilitätsprüfung."),
    ("tolerance", "Erlaubte Abweichung einer Plausibilitätsprüfung."),
    ("severity", "Fehler oder Warnung, wenn eine Prüfung nicht aufgeht."),
    ("privacy", "Geheimhaltung: Mindestfallzahl, Dominanz, Nullen, Verfahren."),
    ("assessment", "Einstellungen der Einstufung der Befunde."),
    ("let", "Eine abgeleitete Spalte, je Datenzeile berechnet."),
    ("rhai", "Eine `let`-Berechnung als Rhai-Skript (in der Sandbox)."),
    ("count", "Zählt die Zeilen einer Quelle, die den Filter erfüllen."),
    ("sum", "Summiert eine Spalte einer Quelle über die Zeilen, die den Filter erfüllen."),
    ("rate", "Liest veröffentlichte Quoten, wie veröffentlicht (nie addiert)."),
    ("where", "Filter der Zeilen eines Zählers oder Nenners."),
    ("and", "Beide Bedingungen gelten."),
    ("or", "Mindestens eine Bedingung gilt."),
    ("not", "Die Bedingung gilt nicht."),
    ("in", "Wert in einer Liste (`in [\"TR\", \"SY\"]`) oder einem Bereich (`in 15..64`)."),
    ("gap", "Abstand zweier Gruppen (in Prozentpunkten bei Quoten)."),
    ("ratio", "Verhältnis zweier Gruppen (1 = gleich)."),
    ("value", "Der Wert einer Gruppe."),
    ("pp", "Prozentpunkte."),
    ("yes", "Ja."),
    ("no", "Nein."),
    ("true", "Wahr."),
    ("false", "Falsch."),
];

pub fn describe(word: &str) -> Option<&'static str> {
    KEYWORDS.iter().find(|(k, _)| *k == word).map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_keyword_is_in_the_grammar() {
        let grammar = include_str!("../../grammar/src/syntax/kimon.pest");
        for (k, _) in super::KEYWORDS {
            assert!(grammar.contains(&format!("\"{k}\"")), "`{k}` is not a word of kimon.pest");
        }
    }
}
