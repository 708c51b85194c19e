//! `kimon sniff FILE`: a proposed `source` block for a table just received.

use crate::args::SniffArgs;
use crate::exit::Exit;
use kimon_engine::tooling::sniff::sniff;

pub fn run(args: &SniffArgs) -> Exit {
    // The proposal names the file as a rulebook beside it would.
    let name = args
        .file
        .file_name()
        .map_or_else(|| args.file.display().to_string(), |n| n.to_string_lossy().into_owned());
    match sniff(&args.file, &name) {
        Ok(text) => crate::print::human(&text),
        Err(d) => {
            crate::print::diags(&[*d], &Default::default());
            Exit::Usage
        }
    }
}
