//! `kimon export`: evaluate, then write the protected tables.

use crate::args::{CsvDialectArg, ExportArgs, ExportFormatArg};
use crate::exit::Exit;
use crate::publish::Run;
use kimon_engine::report::export::{export, ExportFormat};

pub fn run(args: &ExportArgs) -> Exit {
    // A target that can never be written is refused before the work.
    if let Err(exit) = crate::print::out_target(&args.out, &[], args.follow_symlinks) {
        return exit;
    }
    let run = match Run::evaluate(&args.rulebook, &args.ledger, &args.access, Default::default(), args.quiet)
    {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let german = run.evaluated.model.meta.language.eq_ignore_ascii_case("de");
    let ui = crate::ui::Ui::for_rulebook(None, Some(&run.evaluated.model.meta.language));
    // German Excel misreads plain CSV (one column, `12.5` a date): a German
    // rulebook's CSV is written for it unless the plain dialect is asked for.
    let dialect = match (args.plain_csv, args.csv_dialect) {
        (true, _) | (false, Some(CsvDialectArg::Plain)) => CsvDialectArg::Plain,
        (false, Some(CsvDialectArg::Excel)) => CsvDialectArg::Excel,
        (false, None) if german => CsvDialectArg::Excel,
        (false, None) => CsvDialectArg::Plain,
    };
    let format = match (args.format, dialect) {
        (ExportFormatArg::Csv, CsvDialectArg::Plain) => ExportFormat::Csv,
        (ExportFormatArg::Csv, CsvDialectArg::Excel) => ExportFormat::CsvExcel,
        (ExportFormatArg::Xlsx, _) => ExportFormat::Xlsx,
    };
    let out = match crate::print::out_target(&args.out, &run.inputs(), args.follow_symlinks) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    if let Err(exit) = run.begin_writing() {
        return exit;
    }
    match export(&run.evaluated, format, &out) {
        Ok(()) => {
            if !args.quiet {
                let what = match format {
                    ExportFormat::Csv => ui.t("CSV, `,` und Dezimalpunkt", "CSV, `,` and decimal point"),
                    ExportFormat::CsvExcel => ui.t(
                        "CSV für Excel, `;` und Dezimalkomma",
                        "CSV for German Excel, `;` and decimal comma",
                    ),
                    ExportFormat::Xlsx => "XLSX",
                };
                eprintln!(
                    "{} {} ({what})",
                    ui.t("Tabellen exportiert:", "Tables exported:"),
                    args.out.display()
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
