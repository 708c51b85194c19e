use crate::args::GenArgs;
use crate::exit::Exit;
use kimon_engine::generator::{write_register, GenConfig};
use kimon_engine::output::AtomicFile;

pub fn run(args: &GenArgs) -> Exit {
    let cfg = GenConfig {
        persons: args.persons,
        years: args.years,
        first_year: args.first_year,
        districts: args.districts,
        seed: args.seed,
    };
    let out = match crate::print::out_target(&args.out, &[], args.follow_symlinks) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    let result = AtomicFile::create(&out).and_then(|mut file| {
        let stats = write_register(&cfg, &mut file)?;
        file.commit()?;
        Ok(stats)
    });
    match result {
        Ok(stats) => {
            eprintln!("{}: {} rows, {} bytes", args.out.display(), stats.rows, stats.bytes);
            Exit::Ok
        }
        Err(e) => {
            eprintln!("error: cannot write `{}`: {e}", args.out.display());
            Exit::Usage
        }
    }
}
