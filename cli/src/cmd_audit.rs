use crate::args::AuditArgs;
use crate::exit::Exit;
use kimon_engine::publish::render_audit;
use kimon_engine::session;

pub fn run(args: &AuditArgs) -> Exit {
    let control = crate::signals::control();
    match session::audit(&args.rulebook, &args.ledger.options(&args.access, &args.rulebook), &control) {
        Ok(p) => {
            if let Err(exit) = crate::signals::begin_writing(&control) {
                return exit;
            }
            let written = crate::print::human(&render_audit(&p));
            if written != Exit::Ok {
                written
            } else if p.audit_passed {
                Exit::Ok
            } else {
                Exit::Findings
            }
        }
        Err(f) => crate::print::failure(&f),
    }
}
