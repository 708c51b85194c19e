//! Helpers shared by the end-to-end tests: running library calls the way
//! the CLI does and rendering their output without colour.

pub mod leaks;

use kimon_engine::diag::{render_human, RenderStyle};
use kimon_engine::session::{self, Options};
use std::path::{Path, PathBuf};

/// Repository root (tests run with the `tests/` package as working dir).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `kimon check` on a file, rendered as the CLI prints it (no colour).
pub fn check_output(path: &str) -> String {
    let checked = session::check(Path::new(path), &Options::default());
    let mut out = render_human(&checked.diags.items, &checked.sources, RenderStyle::Plain);
    out.push_str(&format!("errors: {}, warnings: {}\n", checked.diags.errors(), checked.diags.warnings()));
    out
}

/// The path of the `kimon` binary built by cargo for these tests.
pub fn kimon_bin() -> PathBuf {
    let mut p = std::env::current_exe().unwrap_or_default();
    p.pop();
    if p.ends_with("deps") {
        p.pop();
    }
    p.join(format!("kimon{}", std::env::consts::EXE_SUFFIX))
}

/// What a finished `kimon` run left: exit code (-1 if killed by a signal)
/// and its output as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the `kimon` binary with `args` in `dir`, without colour.
pub fn run_kimon(dir: &Path, args: &[&str]) -> Run {
    let out = std::process::Command::new(kimon_bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run kimon");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
