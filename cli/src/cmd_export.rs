//! `kimon export`: evaluate, then write the protected tables.

use crate::args::{ExportArgs, ExportFormatArg};
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
    let format = match args.format {
        ExportFormatArg::Csv => ExportFormat::Csv,
        ExportFormatArg::Xlsx => ExportFormat::Xlsx,
    };
    let out = match crate::print::out_target(&args.out, &run.inputs(), args.follow_symlinks) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    if let Err(exit) = run.begin_writing() {
        return exit;
    }
    match export(&run.evaluated, format, &out) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Usage
        }
    }
}
