//! Running the `kimon` binary the way a user does.

use super::published::{parse_csv, parse_json, parse_report_md, Published};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The `kimon` binary of this build profile. `KIMON_BIN` overrides it;
/// otherwise `cargo build -p kimon` (same profile) runs once per test
/// binary, so the attacker never runs against a stale binary.
pub fn kimon() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("KIMON_BIN") {
            return PathBuf::from(p);
        }
        let bin = kimon_tests::kimon_bin();
        let release = bin.parent().and_then(Path::file_name).is_some_and(|n| n == "release");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(kimon_tests::repo()).args(["build", "--quiet", "-p", "kimon"]);
        if release {
            cmd.arg("--release");
        }
        let status = cmd.status();
        assert!(
            matches!(status, Ok(s) if s.success()),
            "building the kimon binary failed: {status:?} (set KIMON_BIN to use a prebuilt one)"
        );
        bin
    })
}

/// What one CLI call printed.
#[derive(Debug, Clone)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str], dir: &Path) -> Run {
    let out = Command::new(kimon()).args(args).current_dir(dir).output();
    match out {
        Ok(o) => Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        },
        Err(e) => Run { code: None, stdout: String::new(), stderr: format!("could not start kimon: {e}") },
    }
}

/// The result of publishing a rulebook: everything a reader gets.
#[derive(Debug, Clone)]
pub struct Publication {
    pub published: Published,
    /// The CLI refused to publish (e.g. the audit failed): nothing to attack.
    pub refused: Option<String>,
}

/// `kimon eval RULEBOOK --format json` and `kimon export RULEBOOK --format
/// csv --out …`, with extra flags for both (e.g. `--ledger PATH`).
pub fn publish(rulebook: &Path, extra: &[&str]) -> Publication {
    let dir = rulebook.parent().unwrap_or(Path::new("."));
    let rb = rulebook.to_string_lossy().into_owned();
    let mut published = Published::default();
    let mut refused = None;

    let mut args = vec!["eval", rb.as_str(), "--format", "json"];
    args.extend_from_slice(extra);
    let eval = run(&args, dir);
    published.texts.push(("eval stderr".into(), eval.stderr.clone()));
    if eval.code == Some(0) || (!eval.stdout.trim().is_empty() && eval.stdout.trim_start().starts_with('{')) {
        if let Err(e) = parse_json(&eval.stdout, &mut published) {
            panic!("{e}\nstderr: {}", eval.stderr);
        }
    } else {
        refused = Some(format!("eval exit {:?}: {}", eval.code, eval.stderr));
    }

    let csv_path = dir.join("export.csv");
    let csv_s = csv_path.to_string_lossy().into_owned();
    let mut args = vec!["export", rb.as_str(), "--format", "csv", "--out", csv_s.as_str()];
    args.extend_from_slice(extra);
    let export = run(&args, dir);
    published.texts.push(("export stderr".into(), export.stderr.clone()));
    match std::fs::read_to_string(&csv_path) {
        Ok(text) if export.code == Some(0) => {
            if let Err(e) = parse_csv(&text, &mut published) {
                panic!("{e}\nstderr: {}", export.stderr);
            }
        }
        _ => {
            refused.get_or_insert_with(|| format!("export exit {:?}: {}", export.code, export.stderr));
        }
    }
    Publication { published, refused }
}

/// `kimon report RULEBOOK --format md --out …` with extra flags: the
/// findings tables of the report, read like the other outputs.
pub fn publish_report(rulebook: &Path, extra: &[&str]) -> Publication {
    let dir = rulebook.parent().unwrap_or(Path::new("."));
    let rb = rulebook.to_string_lossy().into_owned();
    let out = dir.join("report.md");
    let out_s = out.to_string_lossy().into_owned();
    let mut args = vec!["report", rb.as_str(), "--format", "md", "--out", out_s.as_str()];
    args.extend_from_slice(extra);
    let run = run(&args, dir);
    let mut published = Published::default();
    published.texts.push(("report stderr".into(), run.stderr.clone()));
    let mut refused = None;
    match std::fs::read_to_string(&out) {
        Ok(text) if run.code == Some(0) => parse_report_md(&text, &mut published),
        _ => refused = Some(format!("report exit {:?}: {}", run.code, run.stderr)),
    }
    Publication { published, refused }
}
