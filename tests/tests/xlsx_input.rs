//! Spreadsheet input (issue 12): an `.xlsx` as an office gets it — a notes
//! sheet first, a title above the header, numbers stored as floats, a
//! percentage column, official signs as text, a footnote below the table —
//! read as published. The workbooks are written here with rust_xlsxwriter
//! (no binary fixtures); every expected number is computed from the rows
//! the test wrote.

use kimon_engine::diag::{render_human, RenderStyle};
use kimon_engine::eval::{AreaKey, CellKey, Control};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;

/// One district row of the sheet: (year, district, population, foreigners
/// as the cell holds them, share of foreigners as a fraction).
type Row = (i32, &'static str, f64, Cell, f64);

#[derive(Clone, Copy)]
enum Cell {
    Num(f64),
    Text(&'static str),
}

const ROWS: [Row; 6] = [
    (2021, "01", 12345.0, Cell::Num(1502.0), 0.1217),
    (2021, "02", 8730.0, Cell::Num(611.0), 0.07),
    (2021, "03", 4210.0, Cell::Text("-"), 0.0),
    (2022, "01", 12501.0, Cell::Num(1611.0), 0.1289),
    (2022, "02", 8802.0, Cell::Text("."), 0.0735),
    (2022, "03", 4198.0, Cell::Num(57.0), 0.0136),
];

const RULEBOOK: &str = r#"
rulebook "Bezirke aus Excel" {
  municipality "Musterstadt"
  kind city
  years 2020..2023
}

source bez "Einwohner nach Bezirken" {
  kind aggregate
  file "bezirke.xlsx"
  sheet "Bezirke"
  header_row 3
  last_row 9
  year_column Jahr
  confidential no
}

area bezirk "Bezirk" {
  column Bezirk
  total "Musterstadt"
}

field demo "Demografie" { steerable no }

indicator auslaender "Ausländeranteil" {
  field demo
  purpose "Anteil der Ausländer*innen an den Einwohner*innen"
  unit percent
  polarity neutral
  numerator sum(bez.Auslaender)
  denominator sum(bez.Einwohner)
  by bezirk
}

indicator anteil "Ausländeranteil (veröffentlicht)" {
  field demo
  purpose "Der veröffentlichte Anteil, mit den Einwohner*innen gewichtet"
  unit percent
  polarity neutral
  numerator rate(bez.Anteil)
  denominator sum(bez.Einwohner)
  by bezirk
}
"#;

/// Writes the workbook: sheet „Hinweise“ first, then „Bezirke“ with a
/// title in row 1, the header in row 3, the rows from row 4 and a footnote
/// in row 11 (below `last_row 9`, after an empty row).
fn workbook(dir: &Path, rows: &[Row], extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet().set_name("Hinweise").unwrap();
    notes.write_string(0, 0, "Zeichenerklärung: - nichts vorhanden, . geheim").unwrap();
    let sheet = wb.add_worksheet().set_name("Bezirke").unwrap();
    let pct = Format::new().set_num_format("0.0%");
    sheet.write_string(0, 0, "Einwohner nach Bezirken, 31.12.").unwrap();
    for (c, h) in ["Jahr", "Bezirk", "Einwohner", "Auslaender", "Anteil"].iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    for (i, (year, code, ew, aus, share)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_number(r, 0, *year).unwrap();
        sheet.write_string(r, 1, *code).unwrap();
        // Stored as a float, as Excel stores every number.
        sheet.write_number(r, 2, *ew).unwrap();
        match aus {
            Cell::Num(v) => sheet.write_number(r, 3, *v).unwrap(),
            Cell::Text(t) => sheet.write_string(r, 3, *t).unwrap(),
        };
        sheet.write_number_with_format(r, 4, *share, &pct).unwrap();
    }
    sheet.write_string(10, 0, "Quelle: Statistikstelle; 1) ohne Nebenwohnsitze").unwrap();
    extra(sheet);
    wb.save(dir.join("bezirke.xlsx")).unwrap();
}

fn setup(
    rulebook: &str,
    rows: &[Row],
    extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet),
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.kimon"), rulebook).unwrap();
    workbook(dir.path(), rows, extra);
    dir
}

fn run(dir: &Path) -> Result<Evaluated, String> {
    evaluate(&dir.join("r.kimon"), &Options::default(), Lang::De, &Control::default()).map_err(|f| {
        let errors: Vec<_> = f.diags.items.iter().filter(|d| d.is_error()).cloned().collect();
        // The temporary directory differs per run; snapshots name the file only.
        render_human(&errors, &f.sources, RenderStyle::Plain)
            .replace(&format!("{}/", dir.display()), "")
            .replace(&dir.display().to_string(), "")
    })
}

fn cell(e: &Evaluated, indicator: &str, year: i32, area: Option<&str>) -> (Option<f64>, Option<f64>) {
    let key = CellKey {
        year,
        area: area.map_or(AreaKey::Total, |a| AreaKey::Unit(a.to_string())),
        groups: Vec::new(),
    };
    let c = &e.eval.tables[indicator].cells[&key];
    (c.num.value(), c.den.and_then(|d| d.value()))
}

#[test]
fn xlsx_is_read_as_published() {
    let dir = setup(RULEBOOK, &ROWS, |_| {});
    let e = run(dir.path()).unwrap_or_else(|m| panic!("{m}"));
    for year in [2021, 2022] {
        let rows: Vec<&Row> = ROWS.iter().filter(|r| r.0 == year).collect();
        for (_, code, ew, aus, share) in &rows {
            let want = match aus {
                Cell::Num(v) => Some(*v),
                // `-` is exactly zero in official tables.
                Cell::Text("-") => Some(0.0),
                // `.` is unknown or secret: no value.
                Cell::Text(_) => None,
            };
            assert_eq!(cell(&e, "auslaender", year, Some(code)), (want, Some(*ew)), "{year} {code}");
            // The percentage cell is read as the percentage shown (12,2 %),
            // not as the fraction Excel stores.
            let (n, d) = cell(&e, "anteil", year, Some(code));
            let shown = n.zip(d).map(|(n, d)| n / d * 100.0);
            assert!(shown.is_some_and(|v| (v - share * 100.0).abs() < 1e-9), "{year} {code}: {shown:?}");
        }
        let ew: f64 = rows.iter().map(|r| r.2).sum();
        let (num, den) = cell(&e, "auslaender", year, None);
        assert_eq!(den, Some(ew), "{year}: the footnote row is not a district");
        let known: Option<f64> = rows
            .iter()
            .map(|r| match r.3 {
                Cell::Num(v) => Some(v),
                Cell::Text("-") => Some(0.0),
                Cell::Text(_) => None,
            })
            .sum();
        assert_eq!(num, known, "{year}");
    }
}

#[test]
fn a_missing_sheet_names_the_sheets_there_are() {
    let dir = setup(&RULEBOOK.replace("sheet \"Bezirke\"", "sheet \"Tabelle1\""), &ROWS, |_| {});
    let msg = run(dir.path()).err().expect("refused");
    assert!(msg.contains("„Hinweise“, „Bezirke“"), "{msg}");
    insta::assert_snapshot!(msg);
}

#[test]
fn a_bad_value_names_its_cell() {
    let mut rows = ROWS;
    rows[4].3 = Cell::Text("ca. 600");
    let dir = setup(RULEBOOK, &rows, |_| {});
    let msg = run(dir.path()).err().expect("refused");
    // Row 8 of the sheet, column D: the copy kimon reads is never named.
    assert!(msg.contains("Bezirke!D8"), "{msg}");
    assert!(!msg.contains(".utf8.csv"), "{msg}");
    insta::assert_snapshot!(msg);
}

#[test]
fn rows_below_the_table_need_last_row() {
    let dir = setup(&RULEBOOK.replace("  last_row 9\n", ""), &ROWS, |_| {});
    let msg = run(dir.path()).err().expect("the footnote is not a row of the table");
    assert!(msg.contains("Bezirke"), "{msg}");
    assert!(msg.contains("A11"), "{msg}");
    insta::assert_snapshot!(msg);
}

#[test]
fn dates_in_the_year_column_are_years() {
    let dir = setup(RULEBOOK, &ROWS, |sheet| {
        let date = Format::new().set_num_format("dd.mm.yyyy");
        // 2021's first row gets its reference date instead of the year.
        let d = ExcelDateTime::from_ymd(2021, 12, 31).unwrap();
        sheet.write_datetime_with_format(3, 0, &d, &date).unwrap();
    });
    let e = run(dir.path()).unwrap_or_else(|m| panic!("{m}"));
    assert_eq!(cell(&e, "auslaender", 2021, Some("01")), (Some(1502.0), Some(12345.0)));
}

#[test]
fn a_date_in_a_summed_column_is_refused_at_its_cell() {
    let dir = setup(RULEBOOK, &ROWS, |sheet| {
        let date = Format::new().set_num_format("dd.mm.yyyy");
        let d = ExcelDateTime::from_ymd(2021, 12, 31).unwrap();
        sheet.write_datetime_with_format(4, 2, &d, &date).unwrap();
    });
    let msg = run(dir.path()).err().expect("a date is no count");
    assert!(msg.contains("Bezirke!C5"), "{msg}");
}

#[test]
fn a_zip_bomb_is_refused_in_bounded_memory() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.kimon"), RULEBOOK).unwrap();
    let file = std::fs::File::create(dir.path().join("bezirke.xlsx")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("xl/sharedStrings.xml", opts).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..520 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    let len = std::fs::metadata(dir.path().join("bezirke.xlsx")).unwrap().len();
    assert!(len < 4 << 20, "the bomb is small: {len}");
    let msg = run(dir.path()).err().expect("refused");
    assert!(msg.contains("unpacks to more than 512 MiB"), "{msg}");
    insta::assert_snapshot!(msg);
}

#[test]
fn old_formats_are_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.kimon"), RULEBOOK.replace("bezirke.xlsx", "bezirke.ods")).unwrap();
    std::fs::write(dir.path().join("bezirke.ods"), b"PK").unwrap();
    let msg = run(dir.path()).err().expect("refused");
    insta::assert_snapshot!(msg);
}

#[test]
fn sniff_proposes_the_sheet_and_rows_and_the_proposal_evaluates() {
    let dir = setup(RULEBOOK, &ROWS, |_| {});
    let path = dir.path().join("bezirke.xlsx");
    let text = kimon_engine::tooling::sniff::sniff(&path, "bezirke.xlsx")
        .unwrap_or_else(|d| panic!("{}", d.message));
    assert!(text.contains("  sheet \"Bezirke\"\n  header_row 3\n  last_row 9\n"), "{text}");
    assert!(text.contains("\"Hinweise\""), "{text}");
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("source "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("")
        .to_string();
    let rulebook = format!(
        "rulebook \"Vorschlag\" {{ municipality \"Teststadt\"; kind city }}\n\n{text}\nfield f \"Feld\" {{ steerable no }}\n\nindicator zeilen \"Zeilen\" {{\n  field f\n  purpose \"Zählt die Zeilen\"\n  unit count\n  polarity neutral\n  numerator count({id})\n}}\n"
    );
    std::fs::write(dir.path().join("r.kimon"), &rulebook).unwrap();
    let e = run(dir.path()).unwrap_or_else(|m| panic!("{rulebook}\n{m}"));
    let rows: f64 = e.eval.tables["zeilen"].cells.values().filter_map(|c| c.num.value()).sum();
    assert_eq!(rows, ROWS.len() as f64, "one count per row of the table");
}

#[test]
fn a_mean_over_a_percentage_formatted_column_is_linted() {
    // Whole percentages (12 %, 7 %): only the cell format says they are shares.
    let mut rows = ROWS;
    for r in rows.iter_mut() {
        r.4 = (r.4 * 100.0).round() / 100.0;
    }
    let rulebook = format!(
        "{RULEBOOK}\nindicator mittel \"Mittel der Bezirkswerte\" {{\n  field demo\n  purpose \"Mittel\"\n  unit mean\n  polarity neutral\n  numerator sum(bez.Wert)\n  denominator count(bez)\n  by bezirk\n}}\n"
    )
    .replace("rate(bez.Anteil)", "rate(bez.Wert)");
    // A header that does not say „Anteil“.
    let dir = setup(&rulebook, &rows, |sheet| {
        sheet.write_string(2, 4, "Wert").unwrap();
    });
    let checked = kimon_engine::session::check(&dir.path().join("r.kimon"), &Options::default());
    let lints: Vec<_> = checked
        .diags
        .items
        .iter()
        .filter(|d| d.code == "kimon::lint::mean-of-shares")
        .map(|d| &d.message)
        .collect();
    assert_eq!(lints.len(), 1, "{lints:?}");
    assert!(lints[0].contains("`mittel`") && lints[0].contains("formats it as a percentage"), "{}", lints[0]);
}
