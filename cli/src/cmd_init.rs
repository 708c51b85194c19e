//! `kimon init`: scaffold a rulebook extending the core set. What is not
//! given as a flag is asked for on a terminal; without one (scripts, CI) a
//! missing answer is a usage error — never a silent default, least of all
//! for the Land.

use crate::args::{InitArgs, InitKind, TemplateFormatArg};
use crate::exit::Exit;
use crate::ui::Ui;
use kimon_engine::diag::{Diag, SourceMap};
use kimon_engine::model::MunicipalityKind;
use kimon_engine::tooling::init::{init, InitRequest, TemplateFormat};
use std::io::{BufRead, IsTerminal, Write};

fn usage(d: Diag) -> Exit {
    crate::print::diags(&[d], &SourceMap::default());
    Exit::Usage
}

/// Asks one question on the terminal; `None` when stdin is no terminal.
fn ask(question: &str) -> Option<String> {
    if !std::io::stdin().is_terminal() {
        return None;
    }
    eprint!("{question}: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    let answer = line.trim().to_string();
    (!answer.is_empty()).then_some(answer)
}

fn missing(flag: &str, ui: Ui) -> Exit {
    usage(
        Diag::error("init-usage", format!("{} `--{flag}`", ui.t("es fehlt", "missing")))
            .help(ui.t(
                "z. B. `kimon init --kind city --name \"Stadt Beispiel\" --land Niedersachsen DIR` (auf einem Terminal wird gefragt)",
                "e.g. `kimon init --kind city --name \"Stadt Beispiel\" --land Niedersachsen DIR` (asked for on a terminal)",
            )),
    )
}

/// `2019..2024` or `2019-2024`.
pub fn parse_years(s: &str) -> Option<(i32, i32)> {
    let (a, b) = s.split_once("..").or_else(|| s.split_once('-'))?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

pub fn run(args: &InitArgs) -> Exit {
    let ui = Ui::from_env();
    let kind = match args.kind {
        Some(k) => k,
        None => match ask(
            ui.t("Art der Kommune (city, county, town)", "Kind of municipality (city, county, town)")
        )
        .as_deref()
        {
            Some("city" | "stadt" | "Stadt") => InitKind::City,
            Some("county" | "kreis" | "Kreis" | "landkreis" | "Landkreis") => InitKind::County,
            Some("town" | "gemeinde" | "Gemeinde") => InitKind::Town,
            Some(other) => {
                return usage(
                    Diag::error("init-usage", format!("`{other}` is not a kind of municipality"))
                        .help("city, county or town"),
                )
            }
            None => return missing("kind", ui),
        },
    };
    let Some(name) = args.name.clone().or_else(|| ask(ui.t("Name der Kommune", "Name of the municipality")))
    else {
        return missing("name", ui);
    };
    let Some(land) =
        args.land.clone().or_else(|| ask(ui.t("Land (z. B. Niedersachsen)", "Land (e.g. Niedersachsen)")))
    else {
        return missing("land", ui);
    };
    let years = match &args.years {
        Some(y) => match parse_years(y) {
            Some(r) => Some(r),
            None => {
                return usage(
                    Diag::error("init-usage", format!("`--years {y}` is not a range of years"))
                        .help("e.g. `--years 2019..2024`"),
                )
            }
        },
        None => None,
    };
    let kind = match kind {
        InitKind::City => MunicipalityKind::City,
        InitKind::County => MunicipalityKind::County,
        InitKind::Town => MunicipalityKind::Town,
    };
    let format = match args.data {
        TemplateFormatArg::Xlsx => TemplateFormat::Xlsx,
        TemplateFormatArg::Csv => TemplateFormat::Csv,
    };
    let req = InitRequest { kind, name, land, years, format, dir: args.dir.clone() };
    match init(&req) {
        Ok(report) => {
            for f in &report.files {
                eprintln!("{} {}", ui.t("angelegt:", "created"), f.display());
            }
            let readme = args.dir.join(kimon_engine::tooling::init::DATA_DIR).join("LIESMICH.md");
            eprintln!(
                "{} {}; {} `kimon check {}`",
                ui.t("weiter: Vorlagen füllen, siehe", "next: fill the templates, see"),
                readme.display(),
                ui.t("dann", "then"),
                report.rulebook.display()
            );
            Exit::Ok
        }
        Err(d) => usage(*d),
    }
}
