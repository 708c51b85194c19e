//! Publishing in-process: the library calls `kimon eval --format json` and
//! `kimon export --format csv` make (`cli/src/cmd_eval.rs`,
//! `cmd_export.rs`), without starting the binary.
//!
//! This is the *reader's side* of the harness, not the attacker: it hands
//! over only the texts a reader gets (findings JSON, CSV export, the
//! warnings the CLI would print), which the attacker then parses exactly as
//! it parses the CLI's files. It exists for speed — two processes per
//! generated case each re-read and re-protected the same data, which cost
//! 2,000 cases about 11 minutes of CI.
//!
//! Like the CLI, the evaluation writes the default ledger beside the
//! rulebook. With `second_run` the export is a second evaluation that reads
//! that ledger, exactly as `kimon eval` followed by `kimon export` does
//! (their union is what a reader gets, and a difference between the two
//! runs would be a leak only the union shows). Without it, the JSON and the
//! CSV are rendered from the one evaluation — what a single publishing
//! command (`kimon report`) hands out — at half the cost.

use super::cli::Publication;
use super::published::{parse_csv, parse_json, Published};
use kimon_engine::diag::{render_human, RenderStyle};
use kimon_engine::eval::Control;
use kimon_engine::session::{self, Evaluated, Failed, Options};
use std::path::Path;

/// What the CLI prints on stderr for diagnostics (no colour).
fn stderr_text(items: &[kimon_engine::diag::Diag], sources: &kimon_engine::diag::SourceMap) -> String {
    if items.is_empty() {
        return String::new();
    }
    render_human(items, sources, RenderStyle::Plain)
}

fn failure_text(f: &Failed) -> String {
    stderr_text(&f.diags.items, &f.sources)
}

/// One run with the default ledger, as the CLI does it: evaluate, write the
/// ledger before any output. `Err` is what the CLI would print on refusing.
fn run(rulebook: &Path, lang: kimon_engine::report::numfmt::Lang) -> Result<(Evaluated, String), String> {
    let opts = Options { ledger: Some(kimon_engine::ledger::default_path(rulebook)), ..Options::default() };
    let ev = session::evaluate(rulebook, &opts, lang, &Control::default()).map_err(|f| failure_text(&f))?;
    let warnings = stderr_text(&ev.warnings.items, &ev.sources);
    ev.commit_ledger().map_err(|d| stderr_text(&[*d], &kimon_engine::diag::SourceMap::default()))?;
    Ok((ev, warnings))
}

/// The equivalent of [`super::cli::publish`] without extra flags (see the
/// module comment for `second_run`).
pub fn publish(rulebook: &Path, second_run: bool) -> Publication {
    let mut published = Published::default();
    let mut refused = None;
    let mut first = None;
    match run(rulebook, kimon_engine::report::numfmt::Lang::De) {
        Ok((ev, warnings)) => {
            published.texts.push(("eval stderr".into(), warnings));
            let json = kimon_engine::findings::to_json(&ev.findings);
            if let Err(e) = parse_json(&json, &mut published) {
                panic!("{e}");
            }
            first = Some(ev);
        }
        Err(why) => {
            published.texts.push(("eval stderr".into(), why.clone()));
            refused = Some(format!("eval refused: {why}"));
        }
    }
    let export = match first {
        Some(ev) if !second_run => Ok(ev),
        _ => run(rulebook, kimon_engine::report::numfmt::Lang::default()).map(|(ev, warnings)| {
            published.texts.push(("export stderr".into(), warnings));
            ev
        }),
    };
    match export {
        Ok(ev) => {
            let rows = kimon_engine::report::export::rows(&ev);
            let bytes =
                kimon_engine::report::export::to_csv(&rows).unwrap_or_else(|e| panic!("export CSV: {e}"));
            if let Err(e) = parse_csv(&String::from_utf8_lossy(&bytes), &mut published) {
                panic!("{e}");
            }
        }
        Err(why) => {
            published.texts.push(("export stderr".into(), why.clone()));
            refused.get_or_insert_with(|| format!("export refused: {why}"));
        }
    }
    Publication { published, refused }
}
