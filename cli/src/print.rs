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

/// Diagnostics for people: bidirectional controls in quoted source lines
/// or labels are shown as `<U+202E>`, so they cannot reorder what is read.
pub fn diags(diags: &[Diag], sources: &SourceMap) {
    if !diags.is_empty() {
        eprint!("{}", kimon_engine::text::show_bidi(&render_human(diags, sources, style())));
    }
}

/// Writes text meant for people (tables, explanations, lists) to standard
/// output with bidirectional controls made visible, as in reports and CSV
/// exports; machine formats (JSON) go through [`stdout`] unchanged.
pub fn human(text: &str) -> crate::exit::Exit {
    stdout(&kimon_engine::text::show_bidi(text))
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

/// Checks an `--out` target (see [`kimon_engine::output::check_target`])
/// and returns the path to write, or prints the diagnostic and returns the
/// exit code (2: a usage problem).
pub fn out_target(
    target: &std::path::Path,
    inputs: &[std::path::PathBuf],
    follow_symlinks: bool,
) -> Result<std::path::PathBuf, crate::exit::Exit> {
    kimon_engine::output::check_target(target, inputs, follow_symlinks).map_err(|d| {
        diags(&[*d], &SourceMap::default());
        crate::exit::Exit::Usage
    })
}

/// Records this publication in the ledger before any output is written;
/// the ledger may not be an input of the run. On failure nothing is
/// published (exit 2).
pub fn commit_ledger(
    evaluated: &kimon_engine::session::Evaluated,
    opts: &kimon_engine::session::Options,
) -> Result<(), crate::exit::Exit> {
    let Some(path) = &opts.ledger else { return Ok(()) };
    // The ledger must not replace the rulebook or a data file.
    let others: Vec<std::path::PathBuf> =
        evaluated.input_files(opts).into_iter().filter(|p| p != path).collect();
    out_target(path, &others, false)?;
    evaluated.commit_ledger().map_err(|d| {
        diags(&[*d], &SourceMap::default());
        crate::exit::Exit::Usage
    })
}

/// Writes text to standard output; a failed write (closed pipe, full disk,
/// `/dev/full`) is reported and exits with 2.
pub fn stdout(text: &str) -> crate::exit::Exit {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => crate::exit::Exit::Ok,
        // The reader went away (`kimon eval | head`): nothing to report.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => crate::exit::Exit::Usage,
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            crate::exit::Exit::Usage
        }
    }
}

/// Writes output atomically to a file (already checked with
/// [`out_target`]), or to stdout.
pub fn output(path: Option<&std::path::Path>, text: &str) -> crate::exit::Exit {
    match path {
        Some(p) => match kimon_engine::output::write_atomic(p, text.as_bytes()) {
            Ok(()) => crate::exit::Exit::Ok,
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", p.display());
                crate::exit::Exit::Usage
            }
        },
        None => stdout(text),
    }
}

/// A file size for people: `12 KB`, `1,2 MB` (decimal comma in German).
pub fn size(bytes: usize, ui: crate::ui::Ui) -> String {
    let text = if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1000))
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    };
    if ui.de() {
        text.replace('.', ",")
    } else {
        text
    }
}
