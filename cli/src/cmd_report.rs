//! `kimon report`: evaluate, then write the report for one audience.

use crate::args::{ReportArgs, ReportFormatArg};
use crate::exit::Exit;
use kimon_engine::report::{write_report, ReportFormat};
use kimon_engine::session;

pub fn run(args: &ReportArgs) -> Exit {
    let control = crate::signals::control();
    if let Err(exit) = crate::print::out_target(&args.out, &[], args.follow_symlinks) {
        return exit;
    }
    let opts = args.ledger.options(&args.access, &args.rulebook);
    let evaluated = match session::evaluate(&args.rulebook, &opts, args.lang.into(), &control) {
        Ok(e) => e,
        Err(f) => return crate::print::failure(&f),
    };
    if !args.quiet {
        crate::print::diags(&evaluated.warnings.items, &evaluated.sources);
    }
    let format = match args.format {
        ReportFormatArg::Html => ReportFormat::Html,
        ReportFormatArg::Md => ReportFormat::Markdown,
    };
    let out = match crate::print::out_target(&args.out, &evaluated.input_files(&opts), args.follow_symlinks) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    if let Err(exit) = crate::signals::begin_writing(&control) {
        return exit;
    }
    if let Err(exit) = crate::print::commit_ledger(&evaluated, &opts) {
        return exit;
    }
    match write_report(&evaluated, args.audience.into(), args.lang.into(), format, &out) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Usage
        }
    }
}
