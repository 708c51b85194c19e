//! The data templates `kimon init` writes: per source a CSV or XLSX file
//! with the columns the rulebook reads and three example rows, and
//! `daten/LIESMICH.md` describing every column.
//!
//! Example rows are marked in one extra column, [`EXAMPLE_COLUMN`], with
//! [`EXAMPLE_MARK`]: the rulebook never reads that column, so the marker
//! costs nothing, and `check`/`eval` warn as long as a marked row is left
//! in (see `eval::presence`). Real rows leave it empty.

use super::columns::{columns, ColumnDoc, Role};
use crate::model::{Model, Source, SourceKind};

/// The column that marks example rows.
pub const EXAMPLE_COLUMN: &str = "beispiel";
/// The marker of an example row.
pub const EXAMPLE_MARK: &str = "ja";
/// Example rows per template.
const EXAMPLE_ROWS: usize = 3;
/// Rows of the XLSX template that carry the drop-down lists.
const VALIDATED_ROWS: u32 = 100_000;

/// One example value: a number or a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Number(f64),
    Text(String),
    Empty,
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Number(n) => format!("{n}"),
            Cell::Text(t) => t.clone(),
            Cell::Empty => String::new(),
        }
    }
}

/// The example value of a column in example row `row`; `summed` is the
/// column's position among the summed columns and how many there are, so a
/// numerator (declared first) is smaller than its denominator.
fn example(doc: &ColumnDoc, row: usize, years: Option<(i32, i32)>, summed: (usize, usize)) -> Cell {
    match doc.role {
        Role::Year => {
            let (a, b) = years.unwrap_or((2024, 2024));
            Cell::Number(f64::from(if row == EXAMPLE_ROWS - 1 { b } else { a }))
        }
        Role::Area => Cell::Text(format!("0{}", 1 + row % 2)),
        Role::Weight => Cell::Number([1.0, 0.8, 1.25][row % 3]),
        Role::Summed => {
            let base = [120.0, 45.0, 80.0][row % 3];
            Cell::Number((base * (summed.0 + 1) as f64 / summed.1.max(1) as f64).round())
        }
        Role::Feature if !doc.codes.is_empty() => {
            let code = &doc.codes[row % doc.codes.len()].value;
            match code.parse::<f64>() {
                Ok(n) if doc.numeric || doc.closed => Cell::Number(n),
                _ => Cell::Text(code.clone()),
            }
        }
        Role::Feature if doc.numeric => Cell::Number([34.0, 8.0, 52.0][row % 3]),
        Role::Feature => Cell::Empty,
    }
}

/// The example rows of a source (without the marker column).
pub fn example_rows(model: &Model, source: &Source) -> Vec<Vec<Cell>> {
    let docs = columns(model, source);
    let n = docs.iter().filter(|d| d.role == Role::Summed).count();
    let position = |i: usize| docs[..i].iter().filter(|d| d.role == Role::Summed).count();
    (0..EXAMPLE_ROWS)
        .map(|r| {
            docs.iter().enumerate().map(|(i, d)| example(d, r, model.meta.years, (position(i), n))).collect()
        })
        .collect()
}

/// The CSV template: header, the example rows marked as such.
pub fn csv_template(model: &Model, source: &Source) -> String {
    let docs = columns(model, source);
    let mut header: Vec<String> = docs.iter().map(|d| d.header.clone()).collect();
    header.push(EXAMPLE_COLUMN.into());
    let mut out = header.join(",");
    out.push('\n');
    for row in example_rows(model, source) {
        let mut fields: Vec<String> = row.iter().map(Cell::csv).collect();
        fields.push(EXAMPLE_MARK.into());
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// The XLSX template: sheet „Daten“ (read by kimon: the first sheet) with
/// the header, the marked example rows and a drop-down list of the codes on
/// every coded column; sheet „Codes“ lists them with their meaning.
pub fn xlsx_template(model: &Model, source: &Source) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let docs = columns(model, source);
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let data = book.add_worksheet();
    data.set_name("Daten")?;
    for (c, d) in docs.iter().enumerate() {
        let col = c as u16;
        data.write_string_with_format(0, col, &d.header, &bold)?;
        data.set_column_width(col, (d.header.chars().count() + 4).max(12) as f64)?;
        if let Some(v) = validation(d, model.meta.years)? {
            data.add_data_validation(1, col, VALIDATED_ROWS, col, &v)?;
        }
    }
    let mark = docs.len() as u16;
    data.write_string_with_format(0, mark, EXAMPLE_COLUMN, &bold)?;
    data.set_column_width(mark, 12)?;
    for (r, row) in example_rows(model, source).iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Number(n) => data.write_number(r, c as u16, *n)?,
                Cell::Text(t) => data.write_string(r, c as u16, t)?,
                Cell::Empty => data,
            };
        }
        data.write_string(r, mark, EXAMPLE_MARK)?;
    }
    data.set_freeze_panes(1, 0)?;
    let codes = book.add_worksheet();
    codes.set_name("Codes")?;
    for (c, h) in ["Spalte", "Bedeutung", "Werte"].iter().enumerate() {
        codes.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    codes.set_column_width(0, 24)?;
    codes.set_column_width(1, 60)?;
    codes.set_column_width(2, 60)?;
    let mut r = 1;
    for d in &docs {
        codes.write_string(r, 0, &d.header)?;
        codes.write_string(r, 1, meaning(model, source, d))?;
        codes.write_string(r, 2, allowed(d))?;
        r += 1;
    }
    codes.write_string(r, 0, EXAMPLE_COLUMN)?;
    codes.write_string(r, 1, example_note())?;
    book.save_to_buffer()
}

fn validation(
    d: &ColumnDoc,
    years: Option<(i32, i32)>,
) -> Result<Option<rust_xlsxwriter::DataValidation>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, DataValidationRule};
    Ok(match d.role {
        Role::Year => {
            let (a, b) = years.unwrap_or((1990, 2100));
            Some(
                DataValidation::new()
                    .allow_whole_number(DataValidationRule::Between(a - 30, b + 30))
                    .set_error_message("Ein Jahr, vierstellig (z. B. 2024).")?,
            )
        }
        Role::Feature if !d.codes.is_empty() => {
            let list: Vec<&str> = d.codes.iter().map(|c| c.value.as_str()).collect();
            let v = DataValidation::new().allow_list_strings(&list)?;
            Some(if d.closed {
                v.set_error_message(format!("Erlaubt: {}", list.join(", ")))?
            } else {
                // Other values are allowed (an `otherwise` group takes them):
                // the list proposes, Excel only informs.
                v.set_error_style(DataValidationErrorStyle::Information).set_error_message(format!(
                    "Vorgeschlagen: {}; andere Werte sind erlaubt.",
                    list.join(", ")
                ))?
            })
        }
        _ => None,
    })
}

/// What a column means, in one German sentence.
pub fn meaning(model: &Model, source: &Source, d: &ColumnDoc) -> String {
    let used = if d.used_by.is_empty() {
        String::new()
    } else {
        format!(" Verwendet für: {}.", d.used_by.join("; "))
    };
    match d.role {
        Role::Year => "Berichtsjahr (vierstellig, z. B. 2024; Stichtag der Quelle).".to_string(),
        Role::Area => {
            let area = model.areas.values().find(|a| source.header_for(&a.column) == d.header);
            let title = area.map_or("Gebiet", |a| a.title.as_str());
            format!("Schlüssel der Gebietseinheit „{title}“ (z. B. 01), wie im Regelwerk unter `area` benannt.{used}")
        }
        Role::Weight => {
            "Gewicht der befragten Person (Zahl, Dezimalpunkt), aus der Gewichtung der Befragung.".to_string()
        }
        Role::Summed => match source.kind {
            SourceKind::Aggregate => format!("Anzahl Personen in dieser Zeile (wird summiert).{used}"),
            _ => format!("Zahl, die summiert wird.{used}"),
        },
        Role::Feature => {
            let dims = if d.dimensions.is_empty() {
                String::new()
            } else {
                format!(" Bestimmt die Gruppe in: {}.", d.dimensions.join(", "))
            };
            let kind = if d.numeric && d.codes.is_empty() { "Zahl." } else { "Merkmal." };
            format!("{kind}{dims}{used}")
        }
    }
}

/// The allowed values, in one line.
pub fn allowed(d: &ColumnDoc) -> String {
    match d.role {
        Role::Year => "vierstellige Jahreszahl".into(),
        Role::Area => "Code der Einheit (Text, führende Nullen bleiben)".into(),
        Role::Weight | Role::Summed => "Zahl".into(),
        Role::Feature if d.codes.is_empty() => {
            if d.numeric {
                "Zahl".into()
            } else {
                "beliebiger Text".into()
            }
        }
        Role::Feature => {
            let mut parts: Vec<String> = d
                .codes
                .iter()
                .map(|c| match &c.label {
                    Some(l) => format!("`{}` = {l}", c.value),
                    None => format!("`{}`", c.value),
                })
                .collect();
            if let Some(o) = &d.others {
                parts.push(format!("jeder andere Wert = {o}"));
            } else if !d.closed {
                parts.push("andere Werte zählen in keinem Filter".into());
            }
            parts.join("; ")
        }
    }
}

fn example_note() -> String {
    format!(
        "Zeilen mit `{EXAMPLE_MARK}` in dieser Spalte sind Beispiele: löschen Sie sie, bevor Sie auswerten. Eigene Zeilen lassen die Spalte leer."
    )
}

/// `daten/LIESMICH.md`: every source, every column, its meaning and codes.
pub fn liesmich(model: &Model, municipality: &str, ext: &str) -> String {
    let mut t = String::new();
    t.push_str(&format!("# Datenvorlagen – Integrationsmonitoring {municipality}\n\n"));
    t.push_str("Erzeugt von `kimon init` aus dem Regelwerk. Jede Quelle des Regelwerks hat hier eine\n");
    t.push_str(&format!("Vorlage (`.{ext}`) mit genau den Spalten, die das Regelwerk liest.\n\n"));
    t.push_str("## So füllen Sie die Vorlagen\n\n");
    t.push_str(&format!(
        "1. Die ersten Zeilen jeder Vorlage sind **Beispiele**: sie tragen `{EXAMPLE_MARK}` in der Spalte `{EXAMPLE_COLUMN}`.\n   Löschen Sie sie und tragen Sie Ihre Daten ein; die Spalte `{EXAMPLE_COLUMN}` bleibt in eigenen Zeilen leer.\n   Solange Beispielzeilen drin sind, warnen `kimon check` und `kimon eval`.\n"
    ));
    t.push_str("2. Codes genau so schreiben wie unten angegeben (Groß-/Kleinschreibung zählt). In den\n   XLSX-Vorlagen bietet eine Auswahlliste die Codes an.\n");
    t.push_str("3. Eine Quelle, für die Sie (noch) keine Daten haben, darf leer bleiben (nur die Kopfzeile):\n   `kimon check` nennt sie, und der Bericht schreibt bei den betroffenen Handlungsfeldern „keine Daten“.\n");
    t.push_str("4. Große Registerdateien (mehr als eine Million Zeilen) als CSV (UTF-8) liefern und die Zeile\n   `file` der Quelle im Regelwerk auf die `.csv`-Datei ändern.\n\n");
    t.push_str(
        "Dann: `kimon check REGELWERK.kimon`, danach `kimon report REGELWERK.kimon --out bericht.html`.\n",
    );
    for s in model.sources.values() {
        t.push_str(&format!("\n## `{}.{ext}` – {}\n\n", s.id, s.title));
        let kind = match s.kind {
            SourceKind::Microdata => "Einzeldaten: eine Zeile je Person und Jahr",
            SourceKind::Aggregate => "Tabelle: eine Zeile je Jahr und Merkmalskombination mit Anzahlen",
            SourceKind::Survey => "Befragung: eine Zeile je befragter Person und Jahr, mit Gewicht",
        };
        t.push_str(&format!("{kind}.\n"));
        if let Some(d) = &s.description {
            t.push_str(&format!("{d}\n"));
        }
        t.push_str("\n| Spalte | Bedeutung | erlaubte Werte |\n|---|---|---|\n");
        for d in columns(model, s) {
            t.push_str(&format!(
                "| `{}` | {} | {} |\n",
                d.header,
                meaning(model, s, &d).replace('|', "\\|"),
                allowed(&d).replace('|', "\\|")
            ));
        }
        t.push_str(&format!("| `{EXAMPLE_COLUMN}` | {} | `{EXAMPLE_MARK}` oder leer |\n", example_note()));
    }
    t
}
