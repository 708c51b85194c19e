//! `kimon catalogue DIR… [--out FILE] [--format html|json]`: the catalogue
//! of every indicator in the rulebooks found (see
//! [`kimon_engine::tooling::catalogue`]). Reads rulebooks only, never data.

use crate::args::{CatalogueArgs, CatalogueFormat};
use crate::exit::Exit;
use kimon_engine::tooling::catalogue::{catalogue, render_html, render_json, rulebook_files};

pub fn run(args: &CatalogueArgs) -> Exit {
    let lang = args.lang.into();
    let (files, _) = rulebook_files(&args.paths);
    let inputs: Vec<std::path::PathBuf> = files.into_iter().map(|(_, p)| p).collect();
    let out = match &args.out {
        Some(target) => match crate::print::out_target(target, &inputs, args.follow_symlinks) {
            Ok(p) => Some(p),
            Err(exit) => return exit,
        },
        None => None,
    };
    let c = catalogue(&args.paths, lang);
    for w in &c.warnings {
        eprintln!("warning: {w}");
    }
    if c.rulebooks.is_empty() {
        eprintln!("no rulebook could be read; nothing catalogued");
        return Exit::Usage;
    }
    let text = match args.format {
        CatalogueFormat::Html => render_html(&c, lang),
        CatalogueFormat::Json => format!("{}\n", render_json(&c)),
    };
    match out {
        None => crate::print::stdout(&text),
        Some(path) => match kimon_engine::output::write_atomic(&path, text.as_bytes()) {
            Ok(()) => {
                let measures: usize = c.fields.iter().map(|f| f.measures.len()).sum();
                eprintln!(
                    "{}: {} rulebook(s), {measures} indicator group(s) in {} field(s)",
                    path.display(),
                    c.rulebooks.len(),
                    c.fields.len()
                );
                Exit::Ok
            }
            Err(e) => {
                eprintln!("cannot write `{}`: {e}", path.display());
                Exit::Usage
            }
        },
    }
}
