//! A county built from its member towns' published exports (issue 16,
//! `kind member_exports`), end to end on the shipped example
//! `rulebooks/kreis-aus-gemeinden.kimon`: three towns evaluate their own
//! register and export it as the CLI does; the county sums the exports.
//! Every county cell equals the county evaluated from the pooled register
//! wherever the towns published every cell it is made of, and is no number
//! where a town suppressed one. A member with a different definition and a
//! malformed export are refused with a diagnostic at the file and line.

use kimon_engine::eval::{AreaKey, Control};
use kimon_engine::publish::{PubCell, Published, Shown};
use kimon_engine::report::export::{export, ExportFormat};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use std::path::Path;

const TOWNS: [(&str, &str); 3] = [("A", "stadt-a"), ("B", "stadt-b"), ("C", "dorf-c")];

/// The example in a temporary folder, without the shipped exports.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let rb = kimon_tests::repo().join("rulebooks");
    std::fs::copy(rb.join("kreis-aus-gemeinden.kimon"), dir.path().join("kreis.kimon")).expect("copy");
    let sub = dir.path().join("kreis-aus-gemeinden");
    std::fs::create_dir_all(sub.join("exporte")).expect("mkdir");
    std::fs::copy(rb.join("kreis-aus-gemeinden/gemeinde.kimon"), sub.join("gemeinde.kimon")).expect("copy");
    for (_, t) in TOWNS {
        std::fs::create_dir_all(sub.join(t)).expect("mkdir");
        std::fs::copy(
            rb.join(format!("kreis-aus-gemeinden/{t}/register.csv")),
            sub.join(t).join("register.csv"),
        )
        .expect("copy data");
    }
    dir
}

fn eval(rulebook: &Path, data_dir: Option<&Path>) -> Result<Evaluated, String> {
    let opts = Options { data_dir: data_dir.map(Path::to_path_buf), ..Options::default() };
    evaluate(rulebook, &opts, Lang::De, &Control::default()).map_err(|f| {
        f.diags.items.iter().map(|d| format!("{}: {}", d.code, d.message)).collect::<Vec<_>>().join("\n")
    })
}

/// Each town evaluates `gemeinde.kimon` on its own register and exports
/// the protected tables as `kimon export --format csv` does: the first town
/// in the German Excel dialect (the default for `language de`: `;`, decimal
/// comma, byte-order mark), the others plain — the county reads both.
fn export_towns(dir: &Path) -> Vec<(&'static str, Evaluated)> {
    let sub = dir.join("kreis-aus-gemeinden");
    TOWNS
        .iter()
        .enumerate()
        .map(|(i, (code, town))| {
            let ev = eval(&sub.join("gemeinde.kimon"), Some(&sub.join(town))).expect("town evaluates");
            let format = if i == 0 { ExportFormat::CsvExcel } else { ExportFormat::Csv };
            export(&ev, format, &sub.join(format!("exporte/{town}.csv"))).expect("export");
            (*code, ev)
        })
        .collect()
}

/// The same indicators over the pooled register, with the towns as units.
fn pooled(dir: &Path) -> Evaluated {
    let sub = dir.join("kreis-aus-gemeinden");
    let mut data = String::from("gemeinde,year,district,citizenship,age,employed,unemployed\n");
    for (code, town) in TOWNS {
        let text = std::fs::read_to_string(sub.join(town).join("register.csv")).expect("register");
        for line in text.lines().skip(1) {
            data.push_str(&format!("{code},{line}\n"));
        }
    }
    std::fs::create_dir_all(sub.join("gesamt")).expect("mkdir");
    std::fs::write(sub.join("gesamt/register.csv"), data).expect("pooled data");
    let town = std::fs::read_to_string(sub.join("gemeinde.kimon")).expect("rulebook");
    let rulebook = town
        .replace("file \"register.csv\"", "file \"gesamt/register.csv\"")
        .replace("by staatsangehoerigkeit, ortsteil", "by staatsangehoerigkeit, gemeinde")
        .replacen(
            "field bevoelkerung \"",
            "area gemeinde \"Gemeinde\" {\n  column gemeinde\n  unit \"A\" \"Stadt A\"\n  unit \"B\" \"Stadt B\"\n  unit \"C\" \"Dorf C\"\n  total \"Beispielkreis\"\n}\n\nfield bevoelkerung \"",
            1,
        );
    std::fs::write(sub.join("gepoolt.kimon"), rulebook).expect("pooled rulebook");
    eval(&sub.join("gepoolt.kimon"), None).expect("pooled evaluates")
}

/// Which part of a cell is compared: the numerator or the denominator.
#[derive(Clone, Copy, Debug)]
enum Part {
    Numerator,
    Denominator,
}

fn part(c: &PubCell, p: Part) -> Option<Shown> {
    match p {
        Part::Numerator => Some(c.numerator),
        Part::Denominator => c.denominator,
    }
}

/// Whether a town published this part of the cells a county cell is summed
/// from: the town's whole-area cells of the finest groups (the county's
/// „alle Personen“ adds the groups, never subtracts from a total).
fn all_published(town: &Published, indicator: &str, year: i32, groups: &[Option<String>], p: Part) -> bool {
    let table = &town.tables[indicator];
    let mut combos: Vec<Vec<Option<String>>> = vec![Vec::new()];
    for g in groups {
        let choices = match g {
            Some(g) => vec![Some(g.clone())],
            None => vec![Some("german".to_string()), Some("foreign".to_string())],
        };
        combos = combos
            .iter()
            .flat_map(|c| choices.iter().map(move |x| [c.clone(), vec![x.clone()]].concat()))
            .collect();
    }
    combos.iter().all(|g| {
        table
            .get(year, &AreaKey::Total, g)
            .and_then(|c| part(c, p))
            .is_some_and(|s| matches!(s, Shown::Value(_)))
    })
}

#[test]
fn county_from_three_towns_equals_the_pooled_county_on_every_published_cell() {
    let office = example();
    let dir = office.path();
    let towns = export_towns(dir);
    let county = eval(&dir.join("kreis.kimon"), None).expect("county evaluates");
    let pooled = pooled(dir);
    let (mut equal, mut incomplete) = (0, 0);
    for (id, table) in &county.published.tables {
        let raw = &pooled.eval.tables[id];
        for (key, cell) in &table.cells {
            let members: Vec<&str> = match &key.area {
                AreaKey::Unit(code) => vec![code.as_str()],
                AreaKey::Total => TOWNS.iter().map(|(c, _)| *c).collect(),
            };
            for p in [Part::Numerator, Part::Denominator] {
                let (Some(shown), Some(truth)) = (
                    part(cell, p),
                    match p {
                        Part::Numerator => Some(raw.cells[key].num),
                        Part::Denominator => raw.cells[key].den,
                    },
                ) else {
                    continue;
                };
                let at = format!("{id} {} {:?} {:?} {p:?}", key.year, key.area, key.groups);
                let complete = towns
                    .iter()
                    .filter(|(c, _)| members.contains(c))
                    .all(|(_, ev)| all_published(&ev.published, id, key.year, &key.groups, p));
                if complete {
                    // The county's own privacy may still hide a cell; a
                    // number it shows is the pooled number.
                    match shown {
                        Shown::Value(n) => {
                            assert_eq!(Some(n), truth.value(), "{at}");
                            equal += 1;
                        }
                        other => {
                            assert!(other.is_suppressed(), "{at}: every part was published, yet {other:?}")
                        }
                    }
                } else {
                    assert!(
                        !matches!(shown, Shown::Value(_)),
                        "{at} has a suppressed town part but shows {shown:?}"
                    );
                    assert!(!matches!(cell.value, Shown::Value(_)), "{at}: the value {:?}", cell.value);
                    if key.area == AreaKey::Total {
                        assert_eq!(shown, Shown::Incomplete, "{at}: a county total with a suppressed part");
                        incomplete += 1;
                    }
                }
            }
        }
    }
    assert!(equal >= 30, "only {equal} county cells compared");
    assert!(incomplete >= 3, "the example has suppressed town cells: {incomplete} incomplete totals");
    // The warnings name the member and the indicator whose cells were withheld.
    let warned: Vec<&str> = county.warnings.items.iter().map(|w| w.message.as_str()).collect();
    assert!(
        warned.iter().any(|w| w.contains("Mitglied C") && w.contains("`arbeitslosigkeit` gesperrt")),
        "{warned:?}"
    );
}

#[test]
fn a_member_with_another_definition_is_refused() {
    let office = example();
    let dir = office.path();
    export_towns(dir);
    // Dorf C counts the unemployed up to 65.
    let sub = dir.join("kreis-aus-gemeinden");
    let own = std::fs::read_to_string(sub.join("gemeinde.kimon")).expect("rulebook");
    let changed = own.replacen("unemployed == 1 and age in 15..64", "unemployed == 1 and age in 15..65", 1);
    assert_ne!(own, changed);
    std::fs::write(sub.join("dorf-c/gemeinde.kimon"), changed).expect("write");
    let ev = eval(&sub.join("dorf-c/gemeinde.kimon"), None).expect("evaluates");
    export(&ev, ExportFormat::Csv, &sub.join("exporte/dorf-c.csv")).expect("export");
    let err = eval(&dir.join("kreis.kimon"), None).err().expect("refused");
    assert!(err.starts_with("kimon::member-definition-differs"), "{err}");
    assert!(err.contains("`arbeitslosigkeit` is defined differently by member A and member C"), "{err}");
    assert!(!err.contains("`einwohner`"), "einwohner has the same definition: {err}");
}

#[test]
fn a_malformed_member_export_is_an_error_at_file_line_and_column() {
    let office = example();
    let dir = office.path();
    export_towns(dir);
    let path = dir.join("kreis-aus-gemeinden/exporte/stadt-b.csv");
    let text = std::fs::read_to_string(&path).expect("export");
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // The first published count of line 4 becomes text.
    let fields: Vec<&str> = lines[3].split(',').collect();
    let count = fields[7].to_string();
    assert!(count.parse::<f64>().is_ok(), "line 4 has a count: {}", lines[3]);
    lines[3] = lines[3].replacen(&format!(",{count},"), ",zwölf,", 1);
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let run = kimon_tests::run_kimon(dir, &["eval", "kreis.kimon", "--no-ledger"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("kimon::member-export-malformed"), "{}", run.stderr);
    assert!(run.stderr.contains("line 4: `zwölf` is not a number"), "{}", run.stderr);
    let col = lines[3].find("zwölf").expect("field") + 1;
    assert!(
        run.stderr.contains(&format!("kreis-aus-gemeinden/exporte/stadt-b.csv:4:{col}")),
        "{}",
        run.stderr
    );

    // An export of an older kimon, without the definition column.
    let old: Vec<String> = text.lines().map(|l| l.rsplitn(7, ',').last().unwrap_or("").to_string()).collect();
    std::fs::write(&path, old.join("\n") + "\n").expect("write");
    let run = kimon_tests::run_kimon(dir, &["eval", "kreis.kimon", "--no-ledger"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("has no column `gebiet_code`"), "{}", run.stderr);
}
