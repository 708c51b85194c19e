//! The first hour of a new municipality, played as a user does it: `kimon
//! init` with flags, the XLSX templates filled (here programmatically with
//! the core's example data), `check`, `report`, `export`. Plus one test per
//! bullet of issue 17's „Why“: the Land is never inherited, empty and
//! example data are never silent, the codes are in the templates, the
//! method text follows the settings, the README says how to install,
//! messages speak German, the CSV opens in German Excel, `explain` lists.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn kimon() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("KIMON_BIN") {
            return PathBuf::from(p);
        }
        let bin = kimon_tests::kimon_bin();
        let release = bin.parent().and_then(Path::file_name).is_some_and(|n| n == "release");
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.current_dir(kimon_tests::repo()).args(["build", "--quiet", "-p", "kimon"]);
        if release {
            cmd.arg("--release");
        }
        assert!(cmd.status().is_ok_and(|s| s.success()), "building kimon failed");
        bin
    })
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs kimon in `dir` with a German-neutral environment (`LANG=C`), so
/// only the rulebook and `--lang` decide the language of messages.
fn run(dir: &Path, args: &[&str]) -> Out {
    let o = Command::new(kimon())
        .args(args)
        .current_dir(dir)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("kimon-first-hour-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `kimon init` for Stadt Neuhausen in Niedersachsen; returns the rulebook.
fn init(dir: &Path, data: &str) -> PathBuf {
    let r = run(
        dir,
        &[
            "init",
            "--kind",
            "city",
            "--name",
            "Stadt Neuhausen",
            "--land",
            "Niedersachsen",
            "--years",
            "2019..2024",
            "--data",
            data,
            "neu",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("LIESMICH.md"), "{}", r.stderr);
    dir.join("neu/stadt-neuhausen.kimon")
}

/// The header row of the first sheet of an XLSX template.
fn xlsx_header(path: &Path) -> Vec<String> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    range.rows().next().unwrap().iter().map(|c| c.to_string()).collect()
}

/// Fills an XLSX template with the rows of the core's example data (by
/// column name), replacing the example rows; codes stay text, counts
/// become numbers, the `beispiel` column stays empty.
fn fill(template: &Path, example: &Path) {
    let header = xlsx_header(template);
    let mut csv = csv::Reader::from_path(example).unwrap();
    let src: Vec<String> = csv.headers().unwrap().iter().map(str::to_string).collect();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Daten").unwrap();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for (r, rec) in csv.records().enumerate() {
        let rec = rec.unwrap();
        for (c, h) in header.iter().enumerate() {
            let Some(i) = src.iter().position(|s| s == h) else { continue };
            let v = &rec[i];
            let code = v.starts_with('0') && v.len() > 1;
            match v.parse::<f64>() {
                Ok(n) if !code => sheet.write_number(r as u32 + 1, c as u16, n).unwrap(),
                _ if v.is_empty() => sheet,
                _ => sheet.write_string(r as u32 + 1, c as u16, v).unwrap(),
            };
        }
    }
    book.save(template).unwrap();
}

/// Empties a template: the header only.
fn empty(template: &Path) {
    let header = xlsx_header(template);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    book.save(template).unwrap();
}

fn kern(id: &str) -> PathBuf {
    kimon_tests::repo().join("rulebooks/kern").join(format!("{id}.csv"))
}

/// The overview row of a field in a Markdown report.
fn overview_row<'a>(md: &'a str, field: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with('|') && l.contains(field))
        .unwrap_or_else(|| panic!("no row for {field}:\n{md}"))
}

#[test]
fn the_first_hour_init_fill_check_report() {
    let dir = scratch("play");
    let rb = init(&dir, "xlsx");
    let data = rb.parent().unwrap().join("daten");
    let rbs = rb.to_string_lossy().into_owned();
    // Fill every template but the staff survey, which the office does not have yet.
    for id in ["register", "schule", "schuleingang", "befragung"] {
        fill(&data.join(format!("{id}.xlsx")), &kern(id));
    }
    empty(&data.join("personal.xlsx"));
    let c = run(&dir, &["check", &rbs]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    assert!(!c.stderr.contains("data-example-rows"), "{}", c.stderr);
    assert!(c.stderr.contains("kimon::data-empty") && c.stderr.contains("`personal`"), "{}", c.stderr);
    assert!(
        c.stderr.contains("kimon::field-without-data") && c.stderr.contains("`oeffnung`"),
        "{}",
        c.stderr
    );
    assert_eq!(c.stderr.matches("kimon::").count(), 2, "only the empty source and its field: {}", c.stderr);

    // The report: the right Land, and „keine Daten“ where there are none.
    let out = dir.join("bericht.md");
    let r = run(&dir, &["report", &rbs, "--format", "md", "--out", out.to_str().unwrap(), "--no-ledger"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("Bericht geschrieben:"), "a German rulebook speaks German: {}", r.stderr);
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("Niedersachsen"), "the Land given to init");
    assert!(!md.contains("Hessen"), "never the core's Land");
    let row = overview_row(&md, "Interkulturelle Öffnung der Verwaltung");
    assert!(row.contains("keine Daten"), "{row}");
    assert!(!row.contains("keine Befunde"), "{row}");
    // A field with data keeps the usual wording.
    assert!(!overview_row(&md, "Bildung").contains("keine Daten"));

    // Filled completely, the rulebook checks clean.
    fill(&data.join("personal.xlsx"), &kern("personal"));
    let c = run(&dir, &["check", "--deny-warnings", &rbs]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    assert!(!c.stderr.contains("kimon::"), "{}", c.stderr);
}

#[test]
fn why_init_writes_the_land_and_refuses_a_wrong_one() {
    let dir = scratch("land");
    let rb = init(&dir, "csv");
    let text = std::fs::read_to_string(&rb).unwrap();
    assert!(text.contains("state \"Niedersachsen\""), "{text}");
    let r = run(&dir, &["init", "--kind", "city", "--name", "X", "--land", "Niedersachen", "other"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `Niedersachsen`"), "{}", r.stderr);
    // Without a terminal, a missing Land is a usage error, not Hessen.
    let r = run(&dir, &["init", "--kind", "city", "--name", "X", "third"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--land"), "{}", r.stderr);
    assert!(!dir.join("third").exists());
}

#[test]
fn why_empty_and_example_data_are_never_silent() {
    let dir = scratch("empty");
    let rb = init(&dir, "csv");
    let rbs = rb.to_string_lossy().into_owned();
    // As written: every template holds marked example rows.
    let e = run(&dir, &["eval", &rbs, "--no-ledger"]);
    assert_eq!(e.stderr.matches("kimon::data-example-rows").count(), 5, "{}", e.stderr);
    // Headers only: every source is empty and every field without data.
    for f in std::fs::read_dir(rb.parent().unwrap().join("daten")).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|e| e == "csv") {
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, format!("{}\n", text.lines().next().unwrap())).unwrap();
        }
    }
    let c = run(&dir, &["check", &rbs]);
    assert_eq!(c.stderr.matches("kimon::data-empty").count(), 5, "{}", c.stderr);
    assert_eq!(c.stderr.matches("kimon::field-without-data").count(), 11, "{}", c.stderr);
    let out = dir.join("leer.md");
    let r =
        run(&dir, &["report", &rbs, "--format", "md", "--out", out.to_str().unwrap(), "--no-ledger", "-q"]);
    if r.code == 0 {
        let md = std::fs::read_to_string(&out).unwrap();
        assert!(!md.contains("keine Befunde mit Einstufung"), "{md}");
        assert!(overview_row(&md, "Bildung").contains("keine Daten"));
    } else {
        // Nothing to report at all is refused, which is not silent either.
        assert!(r.stderr.contains("kimon::"), "{}", r.stderr);
    }
}

#[test]
fn why_the_codes_are_in_the_templates() {
    let dir = scratch("codes");
    let rb = init(&dir, "xlsx");
    let data = rb.parent().unwrap().join("daten");
    let readme = std::fs::read_to_string(data.join("LIESMICH.md")).unwrap();
    for needle in [
        "`DE` = Deutsche",
        "`none` = ohne Migrationshintergrund",
        "`own` = mit eigener Migrationserfahrung",
        "`parents` = Nachkommen von Eingewanderten",
        "`w` = Frauen",
        "`permanent`",
        "`0` = nein; `1` = ja",
        "`beispiel`",
    ] {
        assert!(readme.contains(needle), "LIESMICH.md lacks {needle}:\n{readme}");
    }
    // The XLSX template's drop-down lists (data validation in the sheet XML).
    let file = std::fs::File::open(data.join("register.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("type=\"list\""), "{xml}");
    assert!(xml.contains("\"none,own,parents\""), "{xml}");
    assert!(xml.contains("\"DE\""), "{xml}");
    // And kimon reads the template back: its example rows are found.
    let c = run(&dir, &["check", rb.to_str().unwrap()]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    assert!(c.stderr.contains("`daten/register.xlsx` still holds 3 example row(s)"), "{}", c.stderr);
}

#[test]
fn why_the_method_text_follows_the_settings() {
    use kimon_engine::assess::privacy_rules::rules_text;
    use kimon_engine::model::PrivacySettings;
    use kimon_engine::report::numfmt::Lang;
    let mut p = PrivacySettings::default();
    let with_zero = rules_text(&p, Lang::De);
    assert!(
        with_zero.contains("Zahlen unter 3 Personen nicht veröffentlicht (eine 0 wird veröffentlicht)"),
        "{with_zero}"
    );
    p.zero_publishable = false;
    p.round_to = Some(5);
    let without = rules_text(&p, Lang::De);
    assert!(without.contains("auch eine 0 wird nicht veröffentlicht"), "{without}");
    assert!(without.contains("auf ein Vielfaches von 5 gerundet"), "{without}");
    p.method = kimon_engine::model::PrivacyMethod::CellKey;
    let ck = rules_text(&p, Lang::En);
    assert!(ck.contains("cell key method") && !ck.contains("below 3 persons"), "{ck}");
}

#[test]
fn why_the_readme_says_how_to_install_and_the_toolchain_is_pinned() {
    let repo = kimon_tests::repo();
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    assert!(readme.contains("cargo install --path cli"));
    assert!(readme.contains("Die erste Stunde"));
    let pin = std::fs::read_to_string(repo.join("rust-toolchain.toml")).unwrap();
    let cargo = std::fs::read_to_string(repo.join("Cargo.toml")).unwrap();
    let channel = pin.lines().find_map(|l| l.trim().strip_prefix("channel = ")).unwrap().trim_matches('"');
    let minimum =
        cargo.lines().find_map(|l| l.trim().strip_prefix("rust-version = ")).unwrap().trim_matches('"');
    let v = |s: &str| s.split('.').map(|x| x.parse::<u32>().unwrap()).collect::<Vec<_>>();
    assert!(v(channel) >= v(minimum), "pinned {channel} is older than rust-version {minimum}");
}

#[test]
fn why_messages_csv_and_explain_serve_people() {
    let dir = scratch("people");
    let kern = kimon_tests::repo().join("rulebooks/kern.kimon");
    let k = kern.to_str().unwrap();
    // CSV for German Excel by default: byte-order mark, `;`, decimal comma.
    let out = dir.join("t.csv");
    let r = run(&dir, &["export", k, "--out", out.to_str().unwrap(), "--no-ledger"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("Tabellen exportiert:"), "{}", r.stderr);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{feff}indikator;titel;".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.lines().nth(1).unwrap().contains(";12,8585;"), "{}", text.lines().nth(1).unwrap());
    let plain = dir.join("p.csv");
    let r = run(&dir, &["export", k, "--out", plain.to_str().unwrap(), "--no-ledger", "--plain-csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(&plain).unwrap();
    assert!(text.starts_with("indikator,titel,") && text.contains(",12.8585,"));
    // Report and site say what they wrote; `--lang en` speaks English.
    let html = dir.join("b.html");
    let r = run(&dir, &["report", k, "--out", html.to_str().unwrap(), "--no-ledger", "-q"]);
    assert!(r.stderr.is_empty(), "quiet: {}", r.stderr);
    let r = run(&dir, &["report", k, "--out", html.to_str().unwrap(), "--no-ledger", "--lang", "en"]);
    assert!(r.stderr.contains("Report written:"), "{}", r.stderr);
    let r = run(&dir, &["site", k, "--out", dir.join("site").to_str().unwrap(), "--no-ledger"]);
    assert!(r.stderr.contains("Website geschrieben:"), "{}", r.stderr);
    // `explain` without an indicator lists them.
    let r = run(&dir, &["explain", k]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("einbuergerung")
            && r.stdout.contains("Einbürgerungsquote [Rechtliche Integration]")
    );
}
