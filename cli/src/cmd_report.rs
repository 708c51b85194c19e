//! `kimon report`: evaluate, then write the report for one audience.

use crate::args::{ReportArgs, ReportFormatArg};
use crate::exit::Exit;
use kimon_engine::report::{write_report, ReportFormat};
use kimon_engine::session;

pub fn run(args: &ReportArgs) -> Exit {
    let control = crate::signals::control();
    let evaluated =
        match session::evaluate(&args.rulebook, &args.access.options(), args.lang.into(), &control) {
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
    match write_report(&evaluated, args.audience.into(), args.lang.into(), format, &args.out) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Usage
        }
    }
}
