//! The kimon language server (`kimon lsp`): what `kimon check`, `explain`
//! and `fmt` do, answered as an editor asks — diagnostics as you type,
//! hover, go to definition, references, completion, formatting and
//! did-you-mean quick fixes. Synchronous (`lsp-server`, as rust-analyzer):
//! one request at a time is plenty for a rulebook.

pub mod analysis;
pub mod complete;
pub mod data_headers;
pub mod diagnostics;
pub mod edit;
pub mod hover;
pub mod index;
pub mod keywords;
pub mod navigate;
pub mod position;
mod server;
pub mod uri;

pub use server::{capabilities, serve};

/// Runs the server on stdin/stdout until the editor says `exit`.
pub fn run_stdio() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}
