//! `kimon report`: evaluate, then write the report for one audience, and
//! say so in one line („Bericht geschrieben: bericht.html (…)“).

use crate::args::{Language, ReportArgs, ReportFormatArg};
use crate::exit::Exit;
use crate::publish::Run;
use crate::ui::Ui;
use kimon_engine::report::{write_report, ReportFormat};

pub fn run(args: &ReportArgs) -> Exit {
    // A target that can never be written is refused before the work.
    if let Err(exit) = crate::print::out_target(&args.out, &[], args.follow_symlinks) {
        return exit;
    }
    let lang = Language::or_german(args.lang);
    let run = match Run::evaluate(&args.rulebook, &args.ledger, &args.access, lang.into(), args.quiet) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let ui = Ui::for_rulebook(args.lang, Some(&run.evaluated.model.meta.language));
    let format = match args.format {
        ReportFormatArg::Html => ReportFormat::Html,
        ReportFormatArg::Md => ReportFormat::Markdown,
    };
    let out = match crate::print::out_target(&args.out, &run.inputs(), args.follow_symlinks) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    if let Err(exit) = run.begin_writing() {
        return exit;
    }
    match write_report(&run.evaluated, args.audience.into(), lang.into(), format, &out) {
        Ok(w) => {
            if !args.quiet {
                eprintln!(
                    "{} {} ({} {} {}, {})",
                    ui.t("Bericht geschrieben:", "Report written:"),
                    args.out.display(),
                    ui.t("Hauptteil etwa", "main part about"),
                    w.main_pages,
                    ui.t("Seiten", "pages"),
                    crate::print::size(w.bytes, ui)
                );
            }
            Exit::Ok
        }
        Err(e) => {
            eprintln!("{}: {e}", ui.t("Fehler", "error"));
            Exit::Usage
        }
    }
}
