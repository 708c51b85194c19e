//! `kimon adopt PEER.kimon INDICATOR --into RULEBOOK`: a thin wrapper
//! around [`kimon_engine::tooling::adopt`].

use crate::args::AdoptArgs;
use crate::exit::Exit;
use kimon_engine::tooling::adopt::{adopt, render_text, AdoptRequest};

pub fn run(args: &AdoptArgs) -> Exit {
    let req = AdoptRequest {
        peer: args.peer.clone(),
        indicator: args.indicator.clone(),
        into: args.into.clone(),
        opts: args.access.options(),
        dry_run: args.dry_run,
    };
    match adopt(&req) {
        Ok(done) => {
            crate::print::diags(&done.check.items, &done.check_sources);
            let written = crate::print::human(&render_text(&done, &args.into, args.lang.into()));
            if written != Exit::Ok {
                written
            } else if done.check.has_errors() {
                Exit::Findings
            } else {
                Exit::Ok
            }
        }
        Err(refused) => {
            crate::print::diags(&refused.diags.items, &refused.sources);
            eprintln!("{}: nothing adopted", args.into.display());
            Exit::Usage
        }
    }
}
