//! `kimon explain`: the interpretation aid for one indicator.

use crate::args::ExplainArgs;
use crate::exit::Exit;
use kimon_engine::session;
use kimon_engine::tooling::explain::explain;

pub fn run(args: &ExplainArgs) -> Exit {
    let checked = session::check(&args.rulebook, &args.access.options());
    let Some(model) = checked.model.as_ref().filter(|_| !checked.diags.has_errors()) else {
        crate::print::diags(&checked.diags.items, &checked.sources);
        let io = checked.diags.items.iter().all(|d| d.location.is_none());
        return if io { Exit::Usage } else { Exit::Findings };
    };
    match explain(model, &args.indicator, args.lang.into()) {
        Ok(text) => crate::print::human(&text),
        Err(d) => {
            crate::print::diags(&[*d], &checked.sources);
            Exit::Usage
        }
    }
}
