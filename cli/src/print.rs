//! Printing diagnostics to the terminal: colour only when stderr is a
//! terminal and `NO_COLOR` is not set.

use kimon_engine::diag::{render_human, Diag, RenderStyle, SourceMap};
use std::io::IsTerminal;

pub fn style() -> RenderStyle {
    if std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal() {
        RenderStyle::Colour
    } else {
        RenderStyle::Plain
    }
}

pub fn diags(diags: &[Diag], sources: &SourceMap) {
    if !diags.is_empty() {
        eprint!("{}", render_human(diags, sources, style()));
    }
}

/// Reports a failed evaluation and picks the exit code.
pub fn failure(f: &kimon_engine::session::Failed) -> crate::exit::Exit {
    diags(&f.diags.items, &f.sources);
    if f.io {
        crate::exit::Exit::Usage
    } else {
        crate::exit::Exit::Findings
    }
}

/// Writes output atomically to a file, or to stdout.
pub fn output(path: Option<&std::path::Path>, text: &str) -> crate::exit::Exit {
    match path {
        Some(p) => match kimon_engine::output::write_atomic(p, text.as_bytes()) {
            Ok(()) => crate::exit::Exit::Ok,
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", p.display());
                crate::exit::Exit::Usage
            }
        },
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
                return crate::exit::Exit::Usage;
            }
            crate::exit::Exit::Ok
        }
    }
}
