//! `kimon export`: evaluate, then write the protected tables.

use crate::args::{ExportArgs, ExportFormatArg};
use crate::exit::Exit;
use kimon_engine::report::export::{export, ExportFormat};
use kimon_engine::session;

pub fn run(args: &ExportArgs) -> Exit {
    let control = crate::signals::control();
    let evaluated =
        match session::evaluate(&args.rulebook, &args.access.options(), Default::default(), &control) {
            Ok(e) => e,
            Err(f) => return crate::print::failure(&f),
        };
    if !args.quiet {
        crate::print::diags(&evaluated.warnings.items, &evaluated.sources);
    }
    let format = match args.format {
        ExportFormatArg::Csv => ExportFormat::Csv,
        ExportFormatArg::Xlsx => ExportFormat::Xlsx,
    };
    match export(&evaluated, format, &args.out) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Usage
        }
    }
}
