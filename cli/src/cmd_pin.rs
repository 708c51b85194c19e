//! `kimon pin` and `kimon update`: thin wrappers around [`kimon_engine::pin`].

use crate::args::{PinArgs, UpdateArgs};
use crate::exit::Exit;
use kimon_engine::pin;

pub fn pin(args: &PinArgs) -> Exit {
    let policy = args.access.options().policy(&args.rulebook);
    let outcome = pin::pin(&args.rulebook, &policy, false);
    if outcome.diags.has_errors() {
        crate::print::diags(&outcome.diags.items, &outcome.sources);
        eprintln!("{}: pins not written", args.rulebook.display());
        return Exit::Usage;
    }
    if let Err(e) = outcome.write() {
        eprintln!("error: cannot write `{}`: {e}", args.rulebook.display());
        return Exit::Usage;
    }
    let mut text = String::new();
    for p in &outcome.pins {
        let version = p.version.as_deref().map_or_else(String::new, |v| format!(" version {v}"));
        let what = match &p.before {
            None => "pinned",
            Some(b) if *b == p.sha256 => "unchanged",
            Some(_) => "re-pinned",
        };
        text.push_str(&format!("{}: {what}{version} sha256 {}\n", p.path, p.sha256));
    }
    if outcome.pins.is_empty() {
        text.push_str(&format!("{}: no `extends` or `import` to pin\n", args.rulebook.display()));
    }
    crate::print::stdout(&text)
}

pub fn update(args: &UpdateArgs) -> Exit {
    let policy = args.access.options().policy(&args.rulebook);
    let report = pin::update(&args.rulebook, &policy);
    if report.outcome.diags.has_errors() {
        crate::print::diags(&report.outcome.diags.items, &report.outcome.sources);
        eprintln!("{}: pins not compared", args.rulebook.display());
        return Exit::Usage;
    }
    let write = args.write && !report.changed.is_empty();
    if write {
        if let Err(e) = report.outcome.write() {
            eprintln!("error: cannot write `{}`: {e}", args.rulebook.display());
            return Exit::Usage;
        }
    }
    let printed = crate::print::stdout(&pin::render_update(&report, write));
    if printed != Exit::Ok {
        printed
    } else if !report.changed.is_empty() && !write {
        Exit::Findings
    } else {
        Exit::Ok
    }
}
