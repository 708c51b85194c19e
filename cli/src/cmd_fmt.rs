use crate::args::FmtArgs;
use crate::exit::Exit;
use kimon_engine::diag::{Diag, SourceMap};

pub fn run(args: &FmtArgs) -> Exit {
    let mut exit = Exit::Ok;
    for path in &args.files {
        let display = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read `{display}`: {e}");
                exit = exit.worst(Exit::Usage);
                continue;
            }
        };
        match kimon_grammar::format::format_source(&text) {
            Ok(formatted) if formatted == text => {}
            Ok(_) if args.check => {
                eprintln!("{display}: would be reformatted");
                exit = exit.worst(Exit::Findings);
            }
            Ok(formatted) => {
                if let Err(e) = kimon_engine::output::write_atomic(path, formatted.as_bytes()) {
                    eprintln!("error: cannot write `{display}`: {e}");
                    exit = exit.worst(Exit::Usage);
                } else {
                    eprintln!("{display}: formatted");
                }
            }
            Err(errors) => {
                let mut sources = SourceMap::default();
                let id = sources.add(display.clone(), path.clone(), text);
                let diags: Vec<Diag> = errors
                    .into_iter()
                    .map(|e| {
                        Diag::error("syntax", e.message.clone())
                            .at(id, e.span, e.label.clone())
                            .help_opt(e.help.clone())
                    })
                    .collect();
                crate::print::diags(&diags, &sources);
                eprintln!("{display}: not formatted (syntax errors)");
                exit = exit.worst(Exit::Findings);
            }
        }
    }
    exit
}
