//! `kimon report`: evaluate, then write the report for one audience.

use crate::args::{ReportArgs, ReportFormatArg};
use crate::exit::Exit;
use crate::publish::Run;
use kimon_engine::report::{write_report, ReportFormat};

pub fn run(args: &ReportArgs) -> Exit {
    // A target that can never be written is refused before the work.
    if let Err(exit) = crate::print::out_target(&args.out, &[], args.follow_symlinks) {
        return exit;
    }
    let run = match Run::evaluate(&args.rulebook, &args.ledger, &args.access, args.lang.into(), args.quiet) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
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
    match write_report(&run.evaluated, args.audience.into(), args.lang.into(), format, &out) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Usage
        }
    }
}
