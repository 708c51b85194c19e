//! `kimon init`: scaffold a rulebook extending the core set.

use crate::args::{InitArgs, InitKind};
use crate::exit::Exit;
use kimon_engine::model::MunicipalityKind;
use kimon_engine::tooling::init::{init, InitRequest};

pub fn run(args: &InitArgs) -> Exit {
    let kind = match args.kind {
        InitKind::City => MunicipalityKind::City,
        InitKind::County => MunicipalityKind::County,
        InitKind::Town => MunicipalityKind::Town,
    };
    let req = InitRequest { kind, name: args.name.clone(), dir: args.dir.clone() };
    match init(&req) {
        Ok(report) => {
            for f in &report.files {
                eprintln!("created {}", f.display());
            }
            eprintln!("next: fill the templates, then `kimon check {}`", report.rulebook.display());
            Exit::Ok
        }
        Err(d) => {
            crate::print::diags(&[*d], &kimon_engine::diag::SourceMap::default());
            Exit::Usage
        }
    }
}
