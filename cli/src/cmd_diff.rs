//! `kimon diff`: compare two rulebooks after resolution.
//!
//! Exit codes: 0 when both rulebooks could be compared (differences or
//! not); 1 only with `--fail-on-change` and a difference or a comparability
//! warning; 2 when a rulebook cannot be read or does not resolve.

use crate::args::{DiffArgs, DiffFormat};
use crate::exit::Exit;
use kimon_engine::session;
use kimon_engine::tooling::diff::{diff, render_json, render_text};

pub fn run(args: &DiffArgs) -> Exit {
    let opts = args.access.options();
    let mut models = Vec::new();
    for file in [&args.a, &args.b] {
        let checked = session::check(file, &opts);
        match checked.model.filter(|_| !checked.diags.has_errors()) {
            Some(m) => models.push(m),
            None => {
                crate::print::diags(&checked.diags.items, &checked.sources);
                eprintln!("{}: does not resolve; nothing compared", file.display());
                return Exit::Usage;
            }
        }
    }
    let (a, b) = (&models[0], &models[1]);
    let report = diff(a, b, &args.a.display().to_string(), &args.b.display().to_string());
    let text = match args.format {
        DiffFormat::Text => render_text(&report, args.lang.into()),
        DiffFormat::Json => format!("{}\n", render_json(&report)),
    };
    let written = crate::print::human(&text);
    if written != Exit::Ok {
        written
    } else if args.fail_on_change && !report.is_empty() {
        Exit::Findings
    } else {
        Exit::Ok
    }
}
