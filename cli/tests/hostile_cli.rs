//! Hostile rulebooks and faults through the real binary (round two of the
//! hostile suite, issue 14): what must end with a diagnostic and an exit
//! code instead of a crash (SIGABRT on stack overflow), a hang (FIFOs), an
//! OOM kill (lines without newline) or destroyed files (`--out` onto an
//! input). The library-level cases live in `tests/tests/hostile.rs`.
//!
//! Each case runs `kimon` as a child process with a watchdog: a child that
//! has not finished after [`WATCHDOG`] is killed and the test fails (so a
//! hang fails the test instead of blocking the suite). The assertions are
//! on exit codes and messages, not on timings.

#![cfg(unix)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KIMON: &str = env!("CARGO_BIN_EXE_kimon");

/// Far above what any case takes (milliseconds); only a hang reaches it.
const WATCHDOG: Duration = Duration::from_secs(20);

/// What a finished child left behind.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Asserts the exit code and that stderr contains every needle.
    #[track_caller]
    fn expect(&self, code: i32, needles: &[&str]) {
        assert_eq!(self.code, Some(code), "exit code; stderr:\n{}", self.excerpt());
        for n in needles {
            assert!(self.stderr.contains(n), "stderr lacks {n:?}:\n{}", self.excerpt());
        }
    }

    fn excerpt(&self) -> String {
        self.stderr.chars().take(4000).collect()
    }
}

/// Runs `kimon args…` in `dir` with the watchdog.
fn kimon(dir: &Path, args: &[&str]) -> Run {
    kimon_cmd(Command::new(KIMON).current_dir(dir).args(args))
}

fn kimon_cmd(cmd: &mut Command) -> Run {
    let mut child = cmd
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain the pipes on threads so a chatty child cannot block on them.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out_pipe.read_to_end(&mut b);
        b
    });
    let err_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err_pipe.read_to_end(&mut b);
        b
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("kimon {:?} still running after {WATCHDOG:?}: killed", cmd.get_args().collect::<Vec<_>>());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_t.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap()).into_owned();
    {
        use std::os::unix::process::ExitStatusExt;
        assert!(status.signal().is_none(), "kimon died from signal {:?}:\n{}", status.signal(), stderr);
    }
    Run { code: status.code(), stdout, stderr }
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kimon-hostile-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A small rulebook on `register.csv` (the hostile suite's data) with
/// `FILTER` as the numerator's filter.
const RULEBOOK: &str = r#"rulebook "Feindselig" {
  years 2019..2024
}

source register "Register" {
  kind microdata
  file "register.csv"
}

dimension staat "Staatsangehörigkeit" {
  group german "Deutsche" when citizenship == "DE"
  group foreign "Ausländer*innen" otherwise
  reference german
}

field arbeit "Arbeit" { steerable partly }

indicator alq "Arbeitslosenquote" {
  field arbeit
  purpose "Zugang zum Arbeitsmarkt"
  unit percent
  polarity lower
  numerator count(register where FILTER)
  denominator count(register)
  by staat
  thresholds gap { strength <= 1 pp; need_for_action > 5 pp }
}
"#;

/// A directory with `rb.kimon` (the rulebook with `filter`) and the data.
fn book(name: &str, filter: &str) -> PathBuf {
    let dir = temp_dir(name);
    std::fs::write(dir.join("rb.kimon"), RULEBOOK.replace("FILTER", filter)).unwrap();
    std::fs::copy(repo().join("tests/hostile/register.csv"), dir.join("register.csv")).unwrap();
    dir
}

// ------------------------------------------------------------ crash: depth

/// Every command that parses the rulebook, on one deep-chain filter: a
/// diagnostic naming the limit and exit 1 (an error in the rulebook), never
/// a stack overflow.
fn assert_too_deep(name: &str, filter: &str) {
    let dir = book(name, filter);
    let limit = kimon_grammar::MAX_EXPR_DEPTH.to_string();
    let msg = format!("expression nested deeper than {limit} levels");
    for args in [
        vec!["check", "rb.kimon"],
        vec!["eval", "rb.kimon"],
        vec!["report", "rb.kimon", "--out", "bericht.html"],
        vec!["fmt", "--check", "rb.kimon"],
        vec!["export", "rb.kimon", "--format", "csv", "--out", "x.csv"],
    ] {
        let r = kimon(&dir, &args);
        r.expect(1, &[&msg, "rb.kimon:23:", "help:"]);
        // The message quotes a short excerpt, not the 50 KB line.
        assert!(r.stderr.len() < 4000, "{args:?}: {} bytes of diagnostics", r.stderr.len());
    }
    assert!(!dir.join("bericht.html").exists() && !dir.join("x.csv").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn twelve_thousand_nots_are_a_diagnostic() {
    assert_too_deep("not", &format!("{}age > 1", "not ".repeat(12_000)));
}

#[test]
fn twenty_thousand_ands_are_a_diagnostic() {
    assert_too_deep("and", &vec!["age > 1"; 20_000].join(" and "));
}

#[test]
fn fifty_thousand_ors_are_a_diagnostic() {
    assert_too_deep("or", &vec!["age > 1"; 50_000].join(" or "));
}

#[test]
fn fifty_thousand_plus_are_a_diagnostic() {
    assert_too_deep("plus", &format!("age{} > 1", " + age".repeat(50_000)));
}

#[test]
fn twenty_thousand_unary_minus_are_a_diagnostic() {
    assert_too_deep("neg", &format!("{}age > 1", "- ".repeat(20_000)));
}

#[test]
fn chains_inside_brackets_and_calls_are_counted_together() {
    // 60 nested `abs(` calls (under the bracket limit), each holding a
    // chain of 10 `+`: 60 × 11 levels.
    let mut f = String::from("age");
    for _ in 0..60 {
        f = format!("abs({f}{})", " + 1".repeat(10));
    }
    assert_too_deep("calls", &format!("{f} > 1"));
}

#[test]
fn a_chain_just_under_the_limit_still_evaluates() {
    // 200 operands: 199 `or` levels plus the comparisons — fine.
    let dir = book("under", &vec!["age > 1"; 200].join(" or "));
    let r = kimon(&dir, &["eval", "rb.kimon", "-q"]);
    r.expect(0, &[]);
    assert!(r.stdout.contains("Arbeitslosenquote"), "{}", r.stdout);
    let r = kimon(&dir, &["fmt", "--check", "rb.kimon"]);
    assert!(r.code == Some(0) || r.code == Some(1), "{}", r.excerpt());
    std::fs::remove_dir_all(&dir).unwrap();
}

// ------------------------------------------------------- destroyed data: --out

/// A directory with the small rulebook (a plain filter) and its data.
fn plain_book(name: &str) -> PathBuf {
    book(name, "age > 1")
}

#[test]
fn export_onto_its_own_data_file_is_refused() {
    let dir = plain_book("out-data");
    let before = std::fs::read(dir.join("register.csv")).unwrap();
    let r = kimon(&dir, &["export", "rb.kimon", "--format", "csv", "--out", "register.csv", "-q"]);
    r.expect(2, &["kimon::output-is-input", "`register.csv` is an input of this run"]);
    assert_eq!(std::fs::read(dir.join("register.csv")).unwrap(), before, "the data were replaced");
    // Through another spelling of the same file: `./sub/../register.csv`.
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let r = kimon(&dir, &["eval", "rb.kimon", "--out", "./sub/../register.csv", "-q"]);
    r.expect(2, &["is an input of this run"]);
    // And through a hard link.
    std::fs::hard_link(dir.join("register.csv"), dir.join("hard.csv")).unwrap();
    let r = kimon(&dir, &["export", "rb.kimon", "--out", "hard.csv", "-q"]);
    r.expect(2, &["is an input of this run"]);
    assert_eq!(std::fs::read(dir.join("register.csv")).unwrap(), before);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn report_onto_the_rulebook_or_an_import_is_refused() {
    let dir = plain_book("out-rulebook");
    let text = std::fs::read_to_string(dir.join("rb.kimon")).unwrap();
    std::fs::write(dir.join("extra.kimon"), "// imported\n").unwrap();
    std::fs::write(dir.join("rb.kimon"), format!("import \"extra.kimon\"\n{text}")).unwrap();
    for target in ["rb.kimon", "extra.kimon"] {
        let r = kimon(&dir, &["report", "rb.kimon", "--out", target, "-q"]);
        r.expect(2, &["is an input of this run"]);
    }
    assert!(std::fs::read_to_string(dir.join("rb.kimon")).unwrap().contains("import \"extra.kimon\""));
    assert_eq!(std::fs::read_to_string(dir.join("extra.kimon")).unwrap(), "// imported\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn out_onto_a_device_fifo_or_directory_is_refused() {
    let dir = plain_book("out-device");
    mkfifo(&dir.join("pipe"));
    std::fs::create_dir_all(dir.join("adir")).unwrap();
    for (target, kind) in [("/dev/null", "a device"), ("pipe", "a named pipe"), ("adir", "a directory")] {
        let r = kimon(&dir, &["eval", "rb.kimon", "--out", target, "-q"]);
        r.expect(2, &["kimon::output-refused", kind, "not a regular file"]);
        let r = kimon(&dir, &["export", "rb.kimon", "--out", target, "-q"]);
        r.expect(2, &[kind]);
    }
    // Still what they were.
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(dir.join("pipe")).unwrap().file_type().is_fifo());
    assert!(std::fs::symlink_metadata("/dev/null").unwrap().file_type().is_char_device());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn out_through_a_symlink_needs_the_flag() {
    let dir = plain_book("out-symlink");
    std::fs::write(dir.join("real.txt"), "old").unwrap();
    std::os::unix::fs::symlink("real.txt", dir.join("link.txt")).unwrap();
    let r = kimon(&dir, &["eval", "rb.kimon", "--out", "link.txt", "-q"]);
    r.expect(2, &["is a symbolic link", "--follow-symlinks"]);
    assert_eq!(std::fs::read_to_string(dir.join("real.txt")).unwrap(), "old");
    // With the flag, the file the link points to is written; the link stays.
    let r = kimon(&dir, &["eval", "rb.kimon", "--out", "link.txt", "-q", "--follow-symlinks"]);
    r.expect(0, &[]);
    assert!(std::fs::symlink_metadata(dir.join("link.txt")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(dir.join("real.txt")).unwrap().contains("Arbeitslosenquote"));
    // A link to an input is refused even with the flag.
    std::os::unix::fs::symlink("register.csv", dir.join("data-link.csv")).unwrap();
    let r = kimon(&dir, &["export", "rb.kimon", "--out", "data-link.csv", "-q", "--follow-symlinks"]);
    r.expect(2, &["is an input of this run"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn write_errors_on_stdout_are_reported() {
    let dir = plain_book("dev-full");
    if !Path::new("/dev/full").exists() {
        return;
    }
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    for args in [&["eval", "rb.kimon", "-q"][..], &["check", "--format", "json", "rb.kimon"]] {
        let out = Command::new(KIMON)
            .current_dir(&dir)
            .args(args)
            .stdin(Stdio::null())
            .stdout(full.try_clone().unwrap())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write to standard output"), "{args:?}: {stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ------------------------------------------------------------- hang: FIFOs

fn mkfifo(path: &Path) {
    let st = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(st.success());
}

#[test]
fn a_fifo_as_data_file_is_refused_without_blocking() {
    let dir = plain_book("fifo-data");
    std::fs::remove_file(dir.join("register.csv")).unwrap();
    mkfifo(&dir.join("register.csv"));
    for args in [&["eval", "rb.kimon", "-q"][..], &["report", "rb.kimon", "--out", "r.html", "-q"]] {
        let r = kimon(&dir, args);
        r.expect(2, &["kimon::not-a-regular-file", "`register.csv` is a named pipe (FIFO)", "rb.kimon:5:"]);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_fifo_as_import_is_refused_without_blocking() {
    let dir = plain_book("fifo-import");
    let text = std::fs::read_to_string(dir.join("rb.kimon")).unwrap();
    std::fs::write(dir.join("rb.kimon"), format!("import \"pipe.kimon\"\n{text}")).unwrap();
    mkfifo(&dir.join("pipe.kimon"));
    let r = kimon(&dir, &["check", "rb.kimon"]);
    r.expect(1, &["kimon::not-a-regular-file", "`pipe.kimon` is a named pipe (FIFO)"]);
    // The rulebook itself as a FIFO: no location to point at, a usage error.
    let r = kimon(&dir, &["check", "pipe.kimon"]);
    r.expect(2, &["is a named pipe (FIFO)"]);
    let r = kimon(&dir, &["eval", "/dev/zero"]);
    r.expect(2, &["is a device"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------- spoofing: terminal output

/// A right-to-left override in a label (allowed there, with a warning)
/// reaches people's terminal text only as `<U+202E>`: the eval table,
/// `explain` and the diagnostics. Machine formats keep the exact text.
#[test]
fn bidi_controls_in_labels_are_visible_in_terminal_text() {
    let dir = plain_book("bidi-terminal");
    let text = std::fs::read_to_string(dir.join("rb.kimon")).unwrap();
    let text = text.replace("\"Arbeitslosenquote\"", "\"Arbeitslosen\u{202E}etouq\"");
    std::fs::write(dir.join("rb.kimon"), text).unwrap();
    for args in
        [vec!["eval", "rb.kimon", "--format", "table", "--no-ledger"], vec!["explain", "rb.kimon", "alq"]]
    {
        let r = kimon(&dir, &args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.excerpt());
        assert!(r.stdout.contains("Arbeitslosen<U+202E>etouq"), "{args:?}: {}", r.stdout);
        assert!(!r.stdout.contains('\u{202E}'), "{args:?} printed the raw control");
        assert!(!r.stderr.contains('\u{202E}'), "{args:?} printed the raw control on stderr");
    }
    // The warning about the control quotes the source line: visibly.
    let r = kimon(&dir, &["check", "rb.kimon"]);
    assert!(r.stderr.contains("<U+202E>"), "{}", r.excerpt());
    assert!(!r.stderr.contains('\u{202E}'));
    // JSON keeps the label as written (programs read it, not people).
    let r = kimon(&dir, &["eval", "rb.kimon", "--format", "json", "--no-ledger", "-q"]);
    assert!(r.stdout.contains('\u{202E}'));
    std::fs::remove_dir_all(&dir).unwrap();
}
