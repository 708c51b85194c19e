//! Hostile rulebooks: what a malicious or broken *shared* rulebook can try
//! (endless scripts, recursion, huge values, deep nesting, import bombs,
//! reading outside its directory). Each case must fail with a clear
//! diagnostic, quickly and in bounded memory. Wall time is measured per case
//! and asserted below 5 s (each takes milliseconds; the margin is for a
//! loaded CI machine). Static cases live in `tests/hostile/`; those that need
//! absolute paths, symlinks or big files are generated into a temp dir.

use kimon_engine::diag::{render_human, Diag, RenderStyle};
use kimon_engine::eval::Control;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{check, evaluate, Options};
use kimon_tests::{check_output, repo};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const MAX_WALL: Duration = Duration::from_secs(5);
/// Peak resident memory of the whole test process (all cases run in
/// parallel threads): generous, but far below what an unbounded string,
/// array or import bomb would take.
const MAX_PEAK_RSS_KIB: u64 = 2 * 1024 * 1024;

/// A fresh temp directory for one case.
fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kimon-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `f`, asserting it takes less than [`MAX_WALL`] and that memory
/// stayed bounded; prints the time so the suite documents it.
fn timed<T>(case: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    eprintln!("hostile case {case}: {took:?}");
    assert!(took < MAX_WALL, "{case} took {took:?}");
    if let Some(kib) = peak_rss_kib() {
        assert!(kib < MAX_PEAK_RSS_KIB, "{case}: peak RSS {kib} KiB");
    }
    out
}

/// Evaluates a rulebook and returns its error diagnostics (panics if the
/// evaluation succeeded).
fn eval_errors(path: &Path, opts: &Options) -> Vec<Diag> {
    match evaluate(path, opts, Lang::De, &Control::default()) {
        Ok(_) => panic!("{} evaluated without errors", path.display()),
        Err(f) => f.diags.items,
    }
}

fn eval_rendered(path: &Path, opts: &Options) -> String {
    match evaluate(path, opts, Lang::De, &Control::default()) {
        Ok(_) => "evaluated without errors".into(),
        Err(f) => render_human(&f.diags.items, &f.sources, RenderStyle::Plain),
    }
}

/// Asserts some diagnostic has `code` and a message containing `needle`.
fn assert_diag(diags: &[Diag], code: &str, needle: &str) {
    assert!(
        diags.iter().any(|d| d.code == format!("kimon::{code}") && d.message.contains(needle)),
        "expected kimon::{code} containing {needle:?}, got {:#?}",
        diags.iter().map(|d| (&d.code, &d.message)).collect::<Vec<_>>()
    );
}

fn hostile(name: &str) -> PathBuf {
    Path::new("hostile").join(name)
}

/// The cases in `tests/hostile/` that fail at evaluation: (file, code,
/// part of the message).
const EVAL_CASES: &[(&str, &str, &str)] = &[
    // Loops and statements cannot even be written: rulebook scripts are
    // single expressions, so an endless loop is a compile error.
    ("rhai_loop.kimon", "rhai-compile", "does not compile"),
    ("rhai_while.kimon", "rhai-compile", "does not compile"),
    ("rhai_recursion.kimon", "rhai-compile", "does not compile"),
    ("rhai_closure_recursion.kimon", "rhai-compile", "does not compile"),
    ("rhai_huge_string.kimon", "rhai-limit", "text would be longer"),
    ("rhai_string_doubling.kimon", "rhai-limit", "text would be longer"),
    ("rhai_huge_array.kimon", "rhai-limit", "list would have more"),
    // Nested `map` callbacks: a million operations per row. rhai restarts
    // its own operation count inside each callback; the sandbox counts
    // itself (this took a minute for 49 rows before).
    ("rhai_operations.kimon", "rhai-limit", "limit of 100000 steps"),
    ("rhai_import.kimon", "rhai-compile", "`import` is not available"),
    ("rhai_eval.kimon", "rhai-compile", "`eval` is not available"),
    ("rhai_nesting.kimon", "rhai-compile", "nested too deeply"),
    ("dsl_nesting.kimon", "syntax", "nested deeper than"),
    ("data_dotdot.kimon", "path-not-allowed", "`bad_data/ba.csv` lies outside"),
];

#[test]
fn hostile_rulebooks_fail_fast_with_a_diagnostic() {
    for (file, code, needle) in EVAL_CASES {
        let diags = timed(file, || eval_errors(&hostile(file), &Options::default()));
        assert_diag(&diags, code, needle);
    }
}

#[test]
fn sandbox_counts_operations_inside_callbacks() {
    use kimon_engine::sandbox::{Sandbox, ScriptError, LIMIT_OPERATIONS};
    let sb = Sandbox::default();
    let list = format!("[{}]", vec!["1"; 999].join(","));
    let src = format!("{list}.map(|v| {list}.map(|w| w + v).len()).len()");
    let script = sb.compile(&src, &[]).unwrap();
    let r = timed("sandbox_nested_map", || sb.eval(&script, &[]));
    assert!(
        matches!(r, Err(ScriptError::LimitExceeded { ref which, .. }) if which == LIMIT_OPERATIONS),
        "{r:?}"
    );
}

#[test]
fn rhai_print_reaches_no_output() {
    // `print` is a no-op in the sandbox: the script cannot forge report
    // lines on stdout/stderr. (Evaluation succeeds; `x` is just `()`.)
    let r = timed("rhai_print", || {
        evaluate(&hostile("rhai_print.kimon"), &Options::default(), Lang::De, &Control::default())
    });
    assert!(r.is_ok());
}

#[test]
fn self_import_is_a_cycle() {
    let c = timed("self_import", || check(&hostile("self_import.kimon"), &Options::default()));
    assert_diag(&c.diags.items, "import-cycle", "self_import.kimon → self_import.kimon");
}

#[test]
fn three_file_import_cycle() {
    let c = timed("cycle_3", || check(&hostile("cycle_1.kimon"), &Options::default()));
    assert_diag(
        &c.diags.items,
        "import-cycle",
        "cycle_1.kimon → cycle_2.kimon → cycle_3.kimon → cycle_1.kimon",
    );
}

#[test]
fn import_chain_1000_files_deep_stops_at_the_depth_limit() {
    let dir = temp_dir("chain");
    for i in 0..1000 {
        std::fs::write(dir.join(format!("f{i}.kimon")), format!("import \"f{}.kimon\"\n", i + 1)).unwrap();
    }
    std::fs::write(dir.join("f1000.kimon"), "field arbeit \"Arbeit\" { steerable partly }\n").unwrap();
    let c = timed("import_chain_1000", || check(&dir.join("f0.kimon"), &Options::default()));
    let limit = kimon_engine::limits::MAX_IMPORT_DEPTH;
    assert_diag(&c.diags.items, "import-depth", &format!("deeper than {limit} files"));
    // Only the chain up to the limit was read, not all 1,000 files.
    assert!(c.sources.files().count() <= limit + 1, "{} files loaded", c.sources.files().count());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wide_import_fan_out_stops_at_the_file_limit() {
    // 300 imports of distinct files: more than MAX_RULEBOOK_FILES.
    let dir = temp_dir("fanout");
    let mut root = String::new();
    for i in 0..300 {
        std::fs::write(dir.join(format!("g{i}.kimon")), "// empty\n").unwrap();
        root.push_str(&format!("import \"g{i}.kimon\"\n"));
    }
    std::fs::write(dir.join("root.kimon"), root).unwrap();
    let c = timed("import_fan_out_300", || check(&dir.join("root.kimon"), &Options::default()));
    assert_diag(&c.diags.items, "too-many-files", "more than");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fifty_megabyte_rulebook_is_refused_before_parsing() {
    let dir = temp_dir("huge");
    let path = dir.join("huge.kimon");
    let line = format!("// {}\n", "x".repeat(1021));
    let text = line.repeat(50 * 1024);
    assert!(text.len() >= 50 * 1024 * 1024);
    std::fs::write(&path, text).unwrap();
    let c = timed("rulebook_50mb", || check(&path, &Options::default()));
    assert_diag(&c.diags.items, "rulebook-too-large", "rulebooks may be at most");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn huge_import_is_refused_too() {
    let dir = temp_dir("huge-import");
    std::fs::write(dir.join("root.kimon"), "import \"big.kimon\"\n").unwrap();
    let f = std::fs::File::create(dir.join("big.kimon")).unwrap();
    // Sparse: size without writing 50 MB.
    f.set_len(50 * 1024 * 1024).unwrap();
    let c = timed("import_50mb", || check(&dir.join("root.kimon"), &Options::default()));
    assert_diag(&c.diags.items, "rulebook-too-large", "big.kimon");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A minimal rulebook reading `file` (as written in the `source`).
fn data_rulebook(file: &str) -> String {
    let template = std::fs::read_to_string(repo().join("tests/hostile/data_dotdot.kimon")).unwrap();
    template.replace("\"../bad_data/ba.csv\"", &format!("{file:?}"))
}

/// `outside/register.csv` (a real data file) and `book/` (the rulebook's
/// directory) side by side in a temp dir.
fn outside_setup(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = temp_dir(name);
    let outside = dir.join("outside");
    let book = dir.join("book");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(&book).unwrap();
    let data = outside.join("register.csv");
    std::fs::copy(repo().join("tests/hostile/register.csv"), &data).unwrap();
    (dir, book, data)
}

#[test]
fn data_by_absolute_path_is_refused_and_allowed_with_a_flag() {
    let (dir, book, data) = outside_setup("abs");
    let rb = book.join("rb.kimon");
    std::fs::write(&rb, data_rulebook(data.to_str().unwrap())).unwrap();
    let diags = timed("data_absolute", || eval_errors(&rb, &Options::default()));
    assert_diag(&diags, "path-not-allowed", "outside/register.csv");
    let help = diags.iter().find_map(|d| d.help.clone()).unwrap();
    assert!(help.contains("--allow-path") && help.contains("--data-dir"), "{help}");
    // The flag named in the hint does allow it.
    let opts = Options { allow_paths: vec![dir.join("outside")], ..Options::default() };
    assert!(evaluate(&rb, &opts, Lang::De, &Control::default()).is_ok());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn data_by_dotdot_is_refused_and_allowed_with_data_dir() {
    let (dir, book, _) = outside_setup("dotdot");
    let rb = book.join("rb.kimon");
    std::fs::write(&rb, data_rulebook("../outside/register.csv")).unwrap();
    let diags = timed("data_dotdot", || eval_errors(&rb, &Options::default()));
    assert_diag(&diags, "path-not-allowed", "outside/register.csv");
    // With `--data-dir` the file is looked up there (and may be read).
    std::fs::write(&rb, data_rulebook("register.csv")).unwrap();
    let opts = Options { data_dir: Some(dir.join("outside")), ..Options::default() };
    assert!(evaluate(&rb, &opts, Lang::De, &Control::default()).is_ok());
    // But `--data-dir` does not open the rest of the disk: `..` from the
    // data dir to a third directory is still refused.
    std::fs::create_dir_all(dir.join("elsewhere")).unwrap();
    std::fs::copy(dir.join("outside/register.csv"), dir.join("elsewhere/register.csv")).unwrap();
    std::fs::write(&rb, data_rulebook("../elsewhere/register.csv")).unwrap();
    let opts = Options { data_dir: Some(dir.join("outside")), ..Options::default() };
    let diags = eval_errors(&rb, &opts);
    assert_diag(&diags, "path-not-allowed", "elsewhere/register.csv");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn data_through_a_symlink_pointing_outside_is_refused() {
    let (dir, book, data) = outside_setup("symlink");
    std::os::unix::fs::symlink(&data, book.join("register.csv")).unwrap();
    let rb = book.join("rb.kimon");
    std::fs::write(&rb, data_rulebook("register.csv")).unwrap();
    let diags = timed("data_symlink", || eval_errors(&rb, &Options::default()));
    assert_diag(&diags, "path-not-allowed", "register.csv");
    let help = diags.iter().find_map(|d| d.help.clone()).unwrap();
    // The hint names where the link really leads.
    assert!(help.contains(&data.canonicalize().unwrap().display().to_string()), "{help}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn import_through_a_symlink_or_absolute_path_is_refused() {
    let (dir, book, _) = outside_setup("import-symlink");
    let secret = dir.join("outside/secret.kimon");
    std::fs::write(&secret, "field arbeit \"Arbeit\" { steerable partly }\n").unwrap();
    std::os::unix::fs::symlink(&secret, book.join("link.kimon")).unwrap();
    std::fs::write(book.join("a.kimon"), "import \"link.kimon\"\n").unwrap();
    std::fs::write(book.join("b.kimon"), format!("import {:?}\n", secret.to_str().unwrap())).unwrap();
    for f in ["a.kimon", "b.kimon"] {
        let c = timed("import_outside", || check(&book.join(f), &Options::default()));
        assert_diag(&c.diags.items, "path-not-allowed", "lies outside");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// Snapshots of a few of the diagnostics as users see them.

#[test]
fn snapshot_three_file_cycle() {
    insta::assert_snapshot!(check_output("hostile/cycle_1.kimon"));
}

#[test]
fn snapshot_data_dotdot() {
    let Err(mut f) =
        evaluate(&hostile("data_dotdot.kimon"), &Options::default(), Lang::De, &Control::default())
    else {
        panic!("evaluated without errors")
    };
    // The hint names the resolved absolute path; make it machine-independent
    // before rendering (the renderer wraps lines by length).
    let root = repo().canonicalize().unwrap().display().to_string();
    for d in &mut f.diags.items {
        d.help = d.help.take().map(|h| h.replace(&root, "<repo>"));
    }
    insta::assert_snapshot!(render_human(&f.diags.items, &f.sources, RenderStyle::Plain));
}

#[test]
fn snapshot_rhai_huge_string() {
    insta::assert_snapshot!(eval_rendered(&hostile("rhai_huge_string.kimon"), &Options::default()));
}

#[test]
fn snapshot_rhai_import() {
    insta::assert_snapshot!(eval_rendered(&hostile("rhai_import.kimon"), &Options::default()));
}

// ------------------------------------------------ round two (issue 14)

/// `book/rb.kimon` (the hostile data rulebook reading `register.csv`) and
/// `data` as `book/register.csv`.
fn data_case(name: &str, data: &[u8]) -> (PathBuf, PathBuf) {
    let dir = temp_dir(name);
    std::fs::write(dir.join("register.csv"), data).unwrap();
    let rb = dir.join("rb.kimon");
    std::fs::write(&rb, data_rulebook("register.csv")).unwrap();
    (dir, rb)
}

#[test]
fn header_line_of_100_mb_without_newline_fails_fast_in_bounded_memory() {
    // Before: the whole line was buffered (4.5 GB RSS for 100 MB) and
    // echoed in a 110 MB error message.
    let mut data = b"person_id,year,".to_vec();
    data.resize(100 << 20, b'x');
    let (dir, rb) = data_case("long-header", &data);
    drop(data);
    let diags = timed("header_100mb", || eval_errors(&rb, &Options::default()));
    assert_diag(&diags, "data-io", "the header line is longer than 1024 KiB");
    assert_diag(&diags, "data-io", "it starts with `person_id,year,xxxx");
    let rendered = eval_rendered(&rb, &Options::default());
    assert!(rendered.len() < 2000, "{} bytes of diagnostics", rendered.len());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_data_line_of_100_mb_is_an_error_with_a_short_excerpt() {
    let mut data = std::fs::read(repo().join("tests/hostile/register.csv")).unwrap();
    data.extend_from_slice(b"99,2020,01,");
    data.resize(data.len() + (100 << 20), b'7');
    data.push(b'\n');
    let (dir, rb) = data_case("long-line", &data);
    drop(data);
    let rendered = timed("data_line_100mb", || eval_rendered(&rb, &Options::default()));
    assert!(rendered.contains("a line is longer than"), "{}", &rendered[..rendered.len().min(2000)]);
    assert!(rendered.len() < 3000, "{} bytes of diagnostics", rendered.len());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_quote_that_never_closes_stops_at_the_record_limit() {
    // Before: the csv crate collected the rest of the file into one
    // record (memory grew with the file) before anything looked at it.
    let mut data = std::fs::read(repo().join("tests/hostile/register.csv")).unwrap();
    data.extend_from_slice(b"99,2020,\"01,");
    data.resize(data.len() + (100 << 20), b'7');
    data.push(b'\n');
    let (dir, rb) = data_case("open-quote", &data);
    drop(data);
    let rendered = timed("open_quote_100mb", || eval_rendered(&rb, &Options::default()));
    assert!(rendered.contains("a record is longer than 64 MiB"), "{}", &rendered[..rendered.len().min(2000)]);
    assert!(rendered.len() < 3000, "{} bytes of diagnostics", rendered.len());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every evaluated cell's numbers, independent of file paths.
fn cells_digest(e: &kimon_engine::session::Evaluated) -> String {
    let mut out = String::new();
    for (id, t) in &e.eval.tables {
        for (k, c) in &t.cells {
            out.push_str(&format!("{id} {k:?} {:?} {:?}\n", c.num.value(), c.den.and_then(|d| d.value())));
        }
    }
    out
}

#[test]
fn utf16_data_is_decoded_with_or_without_a_byte_order_mark() {
    // Excel's "Unicode text" export: read as it is (issue 12), never with
    // NUL bytes between the letters.
    let text = std::fs::read_to_string(repo().join("tests/hostile/register.csv")).unwrap();
    let (_, plain_rb) = data_case("utf8ref", text.as_bytes());
    let reference = match evaluate(&plain_rb, &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => cells_digest(&e),
        Err(f) => panic!("{:?}", f.diags.items),
    };
    for (name, bom, le) in [("utf16le", [0xFF, 0xFE], true), ("utf16be", [0xFE, 0xFF], false)] {
        let mut data = bom.to_vec();
        for u in text.encode_utf16() {
            data.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        let (dir, rb) = data_case(name, &data);
        for bytes in [&data[..], &data[2..]] {
            std::fs::write(dir.join("register.csv"), bytes).unwrap();
            let got =
                timed(name, || match evaluate(&rb, &Options::default(), Lang::De, &Control::default()) {
                    Ok(e) => cells_digest(&e),
                    Err(f) => panic!("{name}: {:?}", f.diags.items),
                });
            assert_eq!(got, reference, "{name}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn sums_that_would_overflow_are_a_data_error_with_file_and_line() {
    let mut data = std::fs::read_to_string(repo().join("tests/hostile/register.csv")).unwrap();
    data.push_str("98,2020,01,1e308,m,DE,none,0,german,0,0,0,0,,\n");
    data.push_str("99,2020,02,1e308,m,DE,none,0,german,0,0,0,0,,\n");
    let (dir, rb) = data_case("overflow", data.as_bytes());
    let text = data_rulebook("register.csv").replace("count(register where age > 1)", "sum(register.age)");
    std::fs::write(&rb, text).unwrap();
    let diags = timed("overflow", || eval_errors(&rb, &Options::default()));
    assert_diag(&diags, "data-too-large", "`1e308` is too large");
    assert!(!diags.iter().any(|d| d.message.contains("bug")), "{diags:#?}");
    let rendered = eval_rendered(&rb, &Options::default());
    let lines = data.lines().count();
    assert!(rendered.contains(&format!("register.csv:{}:", lines - 1)), "{rendered}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A rulebook whose labels and data codes carry spreadsheet formulas,
/// HTML and a right-to-left override.
fn injection_case(name: &str) -> (PathBuf, PathBuf) {
    let mut data = std::fs::read_to_string(repo().join("tests/hostile/register.csv")).unwrap();
    // A district code that is a formula.
    data = data.replacen(",01,", ",=HYPERLINK(\"http://x.invalid\"),", 3);
    let (dir, rb) = data_case(name, data.as_bytes());
    let text = data_rulebook("register.csv")
        .replace("\"Arbeitslosenquote\"", "\"<script>alert(1)</script>\"")
        .replace("\"Deutsche\"", "\"=cmd|' /C calc'!A0\"")
        .replace("\"Ausländer*innen\"", "\"@SUM(1+1)\u{202E}nenni*rednälsuA\"")
        .replace(
            "\nfield arbeit \"Arbeit\"",
            "\narea bezirk \"Bezirk\" {\n  column district\n  total \"+Stadt\"\n}\n\nfield arbeit \"Arbeit\"",
        )
        .replace("  by staat\n", "  by staat, bezirk\n");
    std::fs::write(&rb, text).unwrap();
    (dir, rb)
}

fn evaluated(rb: &Path) -> kimon_engine::session::Evaluated {
    match evaluate(rb, &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{}", render_human(&f.diags.items, &f.sources, RenderStyle::Plain)),
    }
}

#[test]
fn csv_export_neutralises_formula_cells_but_keeps_numbers() {
    use kimon_engine::report::export::{rows, to_csv};
    let (dir, rb) = injection_case("csv-injection");
    let ev = evaluated(&rb);
    let csv = String::from_utf8(to_csv(&rows(&ev)).unwrap()).unwrap();
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(csv.as_bytes());
    let mut seen_numbers = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        for (i, cell) in rec.iter().enumerate() {
            let numeric = (6..=8).contains(&i);
            if numeric && cell.parse::<f64>().is_ok() {
                seen_numbers += 1;
                continue;
            }
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "column {i}: formula cell {cell:?} in\n{csv}"
            );
            assert!(!cell.contains('\u{202E}'), "bidi override in {cell:?}");
        }
    }
    assert!(seen_numbers > 0);
    assert!(csv.contains("'=cmd|"), "{csv}");
    assert!(csv.contains("'=HYPERLINK("), "{csv}");
    assert!(csv.contains("'+Stadt"), "{csv}");
    assert!(csv.contains("'@SUM(1+1)<U+202E>"), "{csv}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn markdown_report_escapes_labels_and_shows_bidi_controls() {
    use kimon_engine::model::Audience;
    use kimon_engine::report::{render_report, ReportFormat};
    let (dir, rb) = injection_case("md-injection");
    let ev = evaluated(&rb);
    for format in [ReportFormat::Markdown, ReportFormat::Html] {
        let text = render_report(&ev, Audience::Verwaltung, Lang::De, format).unwrap();
        assert!(!text.contains("<script>"), "raw <script> in {format:?}");
        assert!(text.contains("&lt;script"), "{format:?}: label lost");
        assert!(!text.contains('\u{202E}'), "bidi override in {format:?}");
        assert!(text.contains("U+202E"), "{format:?}: bidi control not shown");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bidi_controls_outside_labels_are_syntax_errors() {
    let dir = temp_dir("bidi");
    let base = data_rulebook("register.csv");
    // In a filter (Trojan Source: the text reads differently than it runs),
    // in a comment and in an identifier position.
    for (n, text) in [
        base.replace("age > 1", "age > 1 \u{202E}and age < 0\u{202C}"),
        base.replace("// Hostile", "// \u{2066}Hostile\u{2069}"),
        base.replace("indicator alq", "indicator a\u{200F}lq"),
    ]
    .into_iter()
    .enumerate()
    {
        let rb = dir.join(format!("b{n}.kimon"));
        std::fs::write(&rb, text).unwrap();
        let c = timed("bidi", || check(&rb, &Options::default()));
        assert_diag(&c.diags.items, "syntax", "bidirectional control character");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn expression_depth_limit_is_checked_for_every_construct() {
    use kimon_grammar::{parse, MAX_EXPR_DEPTH};
    let wrap = |f: &str| format!("check c \"c\" {{\n  expect {f}\n}}\n");
    let many = MAX_EXPR_DEPTH * 4;
    for (what, f) in [
        ("not", format!("{}a", "not ".repeat(many))),
        ("and", vec!["a"; many].join(" and ")),
        ("or", vec!["a"; many].join(" or ")),
        ("plus", vec!["a"; many].join(" + ")),
        ("times", vec!["a"; many].join(" * ")),
        ("neg", format!("{}a", "- ".repeat(many))),
    ] {
        let err = parse(&wrap(&f)).expect_err(what);
        assert!(err[0].message.contains("nested deeper than"), "{what}: {err:?}");
    }
    // Just under the limit parses, and every later pass copes.
    let ok = vec!["a"; MAX_EXPR_DEPTH - 8].join(" and ");
    assert!(parse(&wrap(&ok)).is_ok());
}

#[test]
fn look_alike_letters_in_filters_and_names_are_warned_about() {
    let dir = temp_dir("spoof");
    std::fs::copy(repo().join("tests/hostile/register.csv"), dir.join("register.csv")).unwrap();
    // `DЕ` with a Cyrillic `Е` (U+0415): the filter would match nothing and
    // the group be rated without a word of warning.
    let base = data_rulebook("register.csv");
    let spoofed = base.replace("citizenship == \"DE\"", "citizenship == \"D\u{415}\"");
    let rb = dir.join("literal.kimon");
    std::fs::write(&rb, &spoofed).unwrap();
    let c = timed("spoof_literal", || check(&rb, &Options::default()));
    assert_diag(&c.diags.items, "lint::mixed-script", "the text `DЕ` in a filter mixes scripts");
    assert_diag(&c.diags.items, "lint::mixed-script", "Cyrillic `Е` (U+0415)");
    let rendered = render_human(&c.diags.items, &c.sources, RenderStyle::Plain);
    let line = spoofed.lines().position(|l| l.contains("D\u{415}")).unwrap() + 1;
    assert!(rendered.contains(&format!("literal.kimon:{line}:")), "{rendered}");

    // Two indicators that look identical: `alq` and `аlq` (Cyrillic `а`).
    let twin = base.split("indicator alq").nth(1).unwrap();
    let two = format!("{base}\nindicator \u{430}lq{twin}");
    let rb = dir.join("twins.kimon");
    std::fs::write(&rb, &two).unwrap();
    let c = timed("spoof_twins", || check(&rb, &Options::default()));
    assert_diag(&c.diags.items, "lint::confusable", "identifiers `alq` and `аlq` look the same");
    assert_diag(&c.diags.items, "lint::mixed-script", "identifier `аlq` mixes scripts");

    // Plain German with umlauts and ß is one script: no warning.
    std::fs::write(dir.join("plain.kimon"), base.replace("\"DE\"", "\"Straße-Ü\"")).unwrap();
    let c = check(&dir.join("plain.kimon"), &Options::default());
    assert!(
        !c.diags.items.iter().any(|d| d.code.contains("mixed-script") || d.code.contains("confusable")),
        "{:#?}",
        c.diags.items
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bidi_controls_in_labels_are_warned_about() {
    let dir = temp_dir("bidi-label");
    let rb = dir.join("rb.kimon");
    std::fs::write(&rb, data_rulebook("register.csv").replace("\"Deutsche\"", "\"Deu\u{202E}tsche\""))
        .unwrap();
    let c = timed("bidi_label", || check(&rb, &Options::default()));
    assert_diag(&c.diags.items, "lint::bidi-control", "U+202E");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn measuring_the_input_for_the_progress_bar_does_not_open_a_fifo() {
    // `kimon eval` on a terminal measures the data files first; opening a
    // FIFO there blocked before the evaluation could refuse it.
    let dir = temp_dir("fifo-size");
    let st = std::process::Command::new("mkfifo").arg(dir.join("register.csv")).status().unwrap();
    assert!(st.success());
    let rb = dir.join("rb.kimon");
    std::fs::write(&rb, data_rulebook("register.csv")).unwrap();
    let model = check(&rb, &Options::default()).model.expect("rulebook resolves");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(kimon_engine::eval::input_size(&model, &Options::default()));
    });
    let size = rx.recv_timeout(Duration::from_secs(10)).expect("input_size blocked on a FIFO");
    assert_eq!(size.bytes, 0);
    std::fs::remove_dir_all(&dir).unwrap();
}
