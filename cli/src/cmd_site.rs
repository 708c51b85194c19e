//! `kimon site`: evaluate, build the site in memory, write it into a folder.

use crate::args::{Language, SiteArgs};
use crate::exit::Exit;
use crate::publish::Run;
use kimon_engine::diag::SourceMap;

pub fn run(args: &SiteArgs) -> Exit {
    let lang = Language::or_german(args.lang);
    let run = match Run::evaluate(&args.rulebook, &args.ledger, &args.access, lang.into(), args.quiet) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let ui = crate::ui::Ui::for_rulebook(args.lang, Some(&run.evaluated.model.meta.language));
    let refused = |d: Box<kimon_engine::diag::Diag>| {
        crate::print::diags(&[*d], &SourceMap::default());
        Exit::Usage
    };
    let site = match kimon_engine::report::site::build(&run.evaluated, args.audience.into(), lang.into()) {
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
        Ok(()) => {
            if !args.quiet {
                let bytes: usize = site.files.values().map(Vec::len).sum();
                eprintln!(
                    "{} {} ({} {}, {})",
                    ui.t("Website geschrieben:", "Site written:"),
                    args.out.display(),
                    site.files.len(),
                    ui.t("Dateien", "files"),
                    crate::print::size(bytes, ui)
                );
            }
            Exit::Ok
        }
        Err(d) => refused(d),
    }
}
