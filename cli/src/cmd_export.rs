//! `kimon export`: evaluate, then write the protected tables.

use crate::args::{ExportArgs, ExportFormatArg};
use crate::exit::Exit;
use kimon_engine::report::export::{export, ExportFormat};
use kimon_engine::session;

pub fn run(args: &ExportArgs) -> Exit {
    let control = crate::signals::control();
    if let Err(exit) = crate::print::out_target(&args.out, &[], args.follow_symlinks) {
        return exit;
    }
    let opts = args.ledger.options(&args.access, &args.rulebook);
    let evaluated = match session::evaluate(&args.rulebook, &opts, Default::default(), &control) {
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
    match export(&evaluated, format, &out) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Usage
        }
    }
}
