//! `kimon site`: evaluate, build the site in memory, write it into a folder.

use crate::args::SiteArgs;
use crate::exit::Exit;
use crate::publish::Run;
use kimon_engine::diag::SourceMap;

pub fn run(args: &SiteArgs) -> Exit {
    let run = match Run::evaluate(&args.rulebook, &args.ledger, &args.access, args.lang.into(), args.quiet) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let refused = |d: Box<kimon_engine::diag::Diag>| {
        crate::print::diags(&[*d], &SourceMap::default());
        Exit::Usage
    };
    let site = match kimon_engine::report::site::build(&run.evaluated, args.audience.into(), args.lang.into())
    {
        Ok(s) => s,
        Err(d) => return refused(d),
    };
    let inputs = run.inputs();
    if let Err(d) = kimon_engine::output::check_folder(&args.out, &site.files, &inputs, args.force) {
        return refused(d);
    }
    if let Err(exit) = run.begin_writing() {
        return exit;
    }
    match kimon_engine::output::write_folder(&args.out, &site.files, &inputs, args.force) {
        Ok(()) => Exit::Ok,
        Err(d) => refused(d),
    }
}
