//! `kimon site`: evaluate, build the site in memory, write it into a folder.

use crate::args::SiteArgs;
use crate::exit::Exit;
use kimon_engine::diag::SourceMap;
use kimon_engine::session;

pub fn run(args: &SiteArgs) -> Exit {
    let control = crate::signals::control();
    let opts = args.ledger.options(&args.access, &args.rulebook);
    let evaluated = match session::evaluate(&args.rulebook, &opts, args.lang.into(), &control) {
        Ok(e) => e,
        Err(f) => return crate::print::failure(&f),
    };
    if !args.quiet {
        crate::print::diags(&evaluated.warnings.items, &evaluated.sources);
    }
    let refused = |d: Box<kimon_engine::diag::Diag>| {
        crate::print::diags(&[*d], &SourceMap::default());
        Exit::Usage
    };
    let site = match kimon_engine::report::site::build(&evaluated, args.audience.into(), args.lang.into()) {
        Ok(s) => s,
        Err(d) => return refused(d),
    };
    let inputs = evaluated.input_files(&opts);
    if let Err(d) = kimon_engine::output::check_folder(&args.out, &site.files, &inputs, args.force) {
        return refused(d);
    }
    if let Err(exit) = crate::signals::begin_writing(&control) {
        return exit;
    }
    if let Err(exit) = crate::print::commit_ledger(&evaluated, &opts) {
        return exit;
    }
    match kimon_engine::output::write_folder(&args.out, &site.files, &inputs, args.force) {
        Ok(()) => Exit::Ok,
        Err(d) => refused(d),
    }
}
