//! `kimon ledger`: list what the publication ledger records.

use crate::args::LedgerListArgs;
use crate::exit::Exit;
use kimon_engine::ledger::{default_path, render_list, Ledger};

pub fn run(args: &LedgerListArgs) -> Exit {
    let is_rulebook = args.path.extension().is_some_and(|e| e == "kimon");
    let path = if is_rulebook { default_path(&args.path) } else { args.path.clone() };
    if !path.exists() {
        eprintln!("no ledger at `{}`: nothing has been published with it yet", path.display());
        return Exit::Usage;
    }
    match Ledger::load(&path) {
        Ok(ledger) => crate::print::human(&render_list(&ledger, args.cells)),
        Err(d) => {
            crate::print::diags(&[*d], &Default::default());
            Exit::Usage
        }
    }
}
