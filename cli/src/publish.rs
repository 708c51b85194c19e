//! The steps every publishing command (`report`, `site`, `export`) shares:
//! evaluate with the ledger's options and print the warnings, then, right
//! before the first byte is written, stop if interrupted and record the
//! publication in the ledger.
//!
//! Why one place: the order matters for privacy (the ledger entry comes
//! before any output, nothing is written after Ctrl-C) and three copies
//! of it had started to drift.

use crate::args::{AccessArgs, LedgerArgs};
use crate::exit::Exit;
use kimon_engine::eval::Control;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{self, Evaluated, Options};
use std::path::Path;
use std::sync::Arc;

/// An evaluated rulebook ready to be published.
pub struct Run {
    pub evaluated: Evaluated,
    pub opts: Options,
    control: Arc<Control>,
}

impl Run {
    /// Evaluates `rulebook` (Ctrl-C cancels), printing the warnings
    /// unless `quiet`; a failed evaluation is printed and becomes the
    /// exit code.
    pub fn evaluate(
        rulebook: &Path,
        ledger: &LedgerArgs,
        access: &AccessArgs,
        lang: Lang,
        quiet: bool,
    ) -> Result<Run, Exit> {
        let control = crate::signals::control();
        let opts = ledger.options(access, rulebook);
        let evaluated =
            session::evaluate(rulebook, &opts, lang, &control).map_err(|f| crate::print::failure(&f))?;
        if !quiet {
            crate::print::diags(&evaluated.warnings.items, &evaluated.sources);
        }
        Ok(Run { evaluated, opts, control })
    }

    /// The rulebook and data files of the run: no output may replace one.
    pub fn inputs(&self) -> Vec<std::path::PathBuf> {
        self.evaluated.input_files(&self.opts)
    }

    /// Call right before writing: refuses after Ctrl-C and records the
    /// publication in the ledger (on failure nothing is written).
    pub fn begin_writing(&self) -> Result<(), Exit> {
        crate::signals::begin_writing(&self.control)?;
        crate::print::commit_ledger(&self.evaluated, &self.opts)
    }
}
