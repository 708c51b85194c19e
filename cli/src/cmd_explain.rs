//! `kimon explain`: the interpretation aid for one indicator (without one:
//! the list of indicators to choose from), or with
//! `--sql` the query each database source runs (no connection is made).

use crate::args::ExplainArgs;
use crate::exit::Exit;
use kimon_engine::session;
use kimon_engine::tooling::explain::{explain, explain_sql, list};

pub fn run(args: &ExplainArgs) -> Exit {
    let opts = args.access.options();
    let checked = session::check(&args.rulebook, &opts);
    let Some(model) = checked.model.as_ref().filter(|_| !checked.diags.has_errors()) else {
        crate::print::diags(&checked.diags.items, &checked.sources);
        let io = checked.diags.items.iter().all(|d| d.location.is_none());
        return if io { Exit::Usage } else { Exit::Findings };
    };
    let text = match (&args.indicator, args.sql) {
        (_, true) => explain_sql(model, &opts, args.dialect.into()).map_err(|d| d.items),
        (Some(id), false) => explain(model, id, args.lang.into()).map_err(|d| vec![*d]),
        (None, false) => Ok(list(model, args.lang.into())),
    };
    match text {
        Ok(text) => crate::print::human(&text),
        Err(items) => {
            let io = items.iter().all(|d| d.location.is_none());
            crate::print::diags(&items, &checked.sources);
            if io {
                Exit::Usage
            } else {
                Exit::Findings
            }
        }
    }
}
