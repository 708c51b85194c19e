//! Replays the fuzzing corpus and every crash input found so far through
//! the same code the `cargo fuzz` targets run (`fuzz/src/targets.rs`), so a
//! fixed crash stays fixed without nightly or libFuzzer. Kept fast: at most
//! [`MAX_FILES`] inputs per target (crash artifacts always included) and
//! inputs up to [`MAX_BYTES`].

#[path = "../../fuzz/src/targets.rs"]
mod targets;

use kimon_tests::repo;
use std::path::{Path, PathBuf};
use std::time::Instant;

const MAX_FILES: usize = 400;
const MAX_BYTES: u64 = 64 * 1024;

/// Crash artifacts first (all of them), then the corpus in name order up to
/// the cap.
fn inputs(target: &str) -> Vec<PathBuf> {
    let list = |dir: PathBuf| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        v.retain(|p| p.is_file() && p.metadata().is_ok_and(|m| m.len() <= MAX_BYTES));
        v.sort();
        v
    };
    let fuzz = repo().join("fuzz");
    let mut all = list(fuzz.join("artifacts").join(target));
    let corpus = list(fuzz.join("corpus").join(target));
    // Seeds (named `seed-*`) always, then an even sample of the rest.
    let (seeds, rest): (Vec<_>, Vec<_>) = corpus
        .into_iter()
        .partition(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("seed-")));
    all.extend(seeds);
    let room = MAX_FILES.saturating_sub(all.len());
    let step = (rest.len() / room.max(1)).max(1);
    all.extend(rest.into_iter().step_by(step).take(room));
    all
}

fn replay(target: &str, run: fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no corpus for fuzz target {target}");
    let start = Instant::now();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let one = Instant::now();
        run(&bytes);
        let took = one.elapsed();
        assert!(took.as_secs() < 5, "{}: {took:?}", display(f));
    }
    eprintln!("fuzz corpus {target}: {} inputs in {:?}", files.len(), start.elapsed());
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn rulebook_corpus() {
    replay("rulebook", targets::rulebook);
}

#[test]
fn data_corpus() {
    replay("data", targets::data);
}

#[test]
fn rhai_corpus() {
    replay("rhai", targets::rhai);
}

#[test]
fn deep_corpus() {
    replay("deep", targets::deep);
}
