//! `kimon lsp`: the language server on stdin/stdout; everything it does
//! lives in the `kimon-lsp` library.

use crate::exit::Exit;

pub fn run() -> Exit {
    match kimon_lsp::run_stdio() {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("error: language server: {e}");
            Exit::Usage
        }
    }
}
