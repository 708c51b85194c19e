//! `kimon bench-tables`: evaluates a rulebook (privacy included) and writes
//! the benchmark's canonical `tables.csv`, `gaps.csv` and `suppressed.csv`
//! (see `bench/README.md`), with one timing line on stderr.

use crate::args::BenchTablesArgs;
use crate::exit::Exit;
use kimon_engine::bench_export::bench_tables;
use kimon_engine::session;
use std::time::Instant;

pub fn run(args: &BenchTablesArgs) -> Exit {
    let control = crate::signals::control();
    let started = Instant::now();
    let opts = args.access.options();
    let evaluated =
        match session::evaluate(&args.rulebook, &opts, kimon_engine::report::numfmt::Lang::En, &control) {
            Ok(e) => e,
            Err(f) => return crate::print::failure(&f),
        };
    let total = started.elapsed().as_secs_f64();
    if !args.quiet {
        crate::print::diags(&evaluated.warnings.items, &evaluated.sources);
    }
    let out = bench_tables(&evaluated.model, &evaluated.published);
    if let Err(exit) = crate::signals::begin_writing(&control) {
        return exit;
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("error: cannot create `{}`: {e}", args.out.display());
        return Exit::Usage;
    }
    for (name, text) in [
        ("tables.csv", &out.tables_csv),
        ("gaps.csv", &out.gaps_csv),
        ("suppressed.csv", &out.suppressed_csv),
    ] {
        let path = match crate::print::out_target(&args.out.join(name), &evaluated.input_files(&opts), false)
        {
            Ok(p) => p,
            Err(exit) => return exit,
        };
        let exit = crate::print::output(Some(&path), text);
        if exit != Exit::Ok {
            return exit;
        }
    }
    let rows: u64 = evaluated.eval.stats.iter().map(|s| s.rows).sum();
    let bytes: u64 = evaluated.eval.stats.iter().map(|s| s.bytes).sum();
    let pass: f64 = evaluated.eval.stats.iter().map(|s| s.seconds).sum();
    // Privacy is part of `total` above; measuring it on its own means
    // running it a second time, so it is opt-in (and not in `total`).
    let privacy = if args.time_privacy {
        let t = Instant::now();
        let again = kimon_engine::publish::publish(&evaluated.model, &evaluated.eval);
        let s = t.elapsed().as_secs_f64();
        if again.is_err() {
            eprintln!("error: second privacy run failed");
            return Exit::Findings;
        }
        format!(" privacy={s:.3}s")
    } else {
        String::new()
    };
    let c = evaluated.published.counts();
    eprintln!(
        "kimon: {} cells, {} suppressed, {} gaps, {} gaps suppressed (privacy: {} of {} cells published, {} withheld); \
         rows={rows} bytes={bytes} total={total:.3}s pass={pass:.3}s rest={:.3}s{privacy} {:.1} MB/s {:.2} M rows/s",
        out.cells,
        out.suppressed_cells,
        out.gaps,
        out.suppressed_gaps,
        c.published,
        c.cells,
        c.primary + c.complementary + c.audit_added,
        total - pass,
        bytes as f64 / 1e6 / pass.max(1e-9),
        rows as f64 / 1e6 / pass.max(1e-9),
    );
    Exit::Ok
}
