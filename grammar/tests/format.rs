//! Tests of `kimon fmt` (`kimon_grammar::format`).
//!
//! Every input goes through the same three checks: formatting is
//! idempotent, keeps the meaning (equal AST; spans are ignored by AST
//! equality) and keeps every comment. They run on the fixtures in
//! `tests/fixtures/format/` (whose output is also pinned as insta snapshots),
//! on every `*.kimon` file in the repository's `rulebooks/` and `tests/`
//! folders, and on fixtures mutated with extra line breaks and comments.

use kimon_grammar::format::format_source;
use kimon_grammar::parse;
use std::path::{Path, PathBuf};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Formats `src` (which must parse) and checks the three guarantees plus the
/// basic shape of the output. Returns the formatted text.
fn check_invariants(label: &str, src: &str) -> String {
    let before = match parse(src) {
        Ok(parsed) => parsed,
        Err(errors) => panic!("{label}: input does not parse: {errors:?}"),
    };
    let once = match format_source(src) {
        Ok(out) => out,
        Err(errors) => panic!("{label}: format_source failed: {errors:?}"),
    };
    let after = match parse(&once) {
        Ok(parsed) => parsed,
        Err(errors) => panic!("{label}: formatted output does not parse: {errors:?}\n{once}"),
    };
    assert!(after.file == before.file, "{label}: formatting changed the meaning\n{once}");

    let mut texts_before: Vec<&str> = before.comments.iter().map(|c| c.text.as_str()).collect();
    let mut texts_after: Vec<&str> = after.comments.iter().map(|c| c.text.as_str()).collect();
    texts_before.sort_unstable();
    texts_after.sort_unstable();
    assert_eq!(texts_after, texts_before, "{label}: comments lost or duplicated\n{once}");

    let twice = format_source(&once).unwrap_or_default();
    assert_eq!(twice, once, "{label}: formatting is not idempotent");

    if !once.is_empty() {
        assert!(once.ends_with('\n') && !once.ends_with("\n\n"), "{label}: bad final newline");
    }
    assert!(!once.contains("\n\n\n"), "{label}: two blank lines in a row\n{once}");
    assert!(!once.starts_with('\n'), "{label}: leading blank line\n{once}");
    once
}

/// `*.kimon` files below `dir`, sorted; build output and hidden folders are
/// skipped. A missing folder yields none.
fn kimon_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "kimon") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn fixtures() -> Vec<(String, String)> {
    let files = kimon_files(&manifest_dir().join("tests/fixtures/format"));
    assert!(!files.is_empty(), "no formatter fixtures found");
    files
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            let src = std::fs::read_to_string(&path).unwrap_or_default();
            (name, src)
        })
        .collect()
}

#[test]
fn fixtures_match_snapshots() {
    for (name, src) in fixtures() {
        let out = check_invariants(&name, &src);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("fixtures/format/snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_input_file(manifest_dir().join(format!("tests/fixtures/format/{name}.kimon")));
        settings.bind(|| insta::assert_snapshot!(name.as_str(), out));
    }
}

/// Picks up rulebooks added to the repository later; passes when there are
/// none yet. Files that do not parse are the parser tests' business.
#[test]
fn repository_rulebooks_format_stably() {
    let root = manifest_dir();
    let mut checked = 0;
    for dir in ["../rulebooks", "../tests"] {
        for path in kimon_files(&root.join(dir)) {
            let Ok(src) = std::fs::read_to_string(&path) else { continue };
            if parse(&src).is_ok() {
                check_invariants(&path.display().to_string(), &src);
                checked += 1;
            }
        }
    }
    println!("checked {checked} repository rulebooks");
}

/// A small deterministic generator (xorshift64), so the mutation test needs
/// no extra dependency and every failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Byte positions of whitespace between tokens: outside strings, rhai code
/// and comments. Anything the grammar skips may be inserted there.
fn gap_positions(src: &str) -> Vec<usize> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'`' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'`' {
                    i += 1;
                }
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b' ' | b'\t' | b'\n' => {
                out.push(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Inserts line breaks, blank lines and comments (own-line and trailing) at
/// random token gaps of every fixture and checks the guarantees each time.
/// `KIMON_FMT_FUZZ_ROUNDS` raises the number of rounds per fixture for a
/// longer local run.
#[test]
fn mutated_fixtures_keep_the_guarantees() {
    let rounds = std::env::var("KIMON_FMT_FUZZ_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(40);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (name, src) in fixtures() {
        let gaps = gap_positions(&src);
        if gaps.is_empty() {
            continue;
        }
        for round in 0..rounds {
            let mut positions: Vec<usize> =
                (0..1 + rng.below(6)).map(|_| gaps[rng.below(gaps.len())]).collect();
            positions.sort_unstable();
            positions.dedup();
            let mut mutated = src.clone();
            for (n, &at) in positions.iter().enumerate().rev() {
                let insert = match rng.below(6) {
                    0 => "\n".to_string(),
                    1 => "\n\n".to_string(),
                    2 => format!(" // fuzz {n}\n"),
                    3 => format!("\n// fuzz {n}\n"),
                    4 => format!("\n\n// fuzz {n}\n\n"),
                    _ => format!("// fuzz {n}\n// fuzz {n}b\n"),
                };
                mutated.insert_str(at, &insert);
            }
            if parse(&mutated).is_ok() {
                check_invariants(&format!("{name} round {round}:\n{mutated}"), &mutated);
            }
        }
    }
}

#[test]
fn long_chains_do_not_overflow_the_stack() {
    // Within the expression depth limit (256, see hostile tests for deeper ones).
    let sum = vec!["x"; 200].join(" + ");
    let nots = "not ".repeat(200);
    let negs = "-".repeat(200);
    let src = format!("let a = {sum}\nlet b = {nots}x\nlet c = {negs}x\n");
    let out = check_invariants("long chains", &src);
    assert_eq!(out, src);
}

#[test]
fn syntax_errors_are_returned_not_formatted() {
    assert!(format_source("indicator { }").is_err());
    assert!(format_source("rulebook \"x\" { years 2015 }").is_err());
}

#[test]
fn already_canonical_text_is_unchanged() {
    let src = "\
// Kopf
rulebook \"R\" {
  municipality \"M\"
  years 2015..2024
}

import \"a.kimon\"
import \"b.kimon\"

indicator i \"I\" {
  field labour  // Feld
  core yes

  numerator count(register where unemployed == 1 and age in 15..64)
  target gap(any, none) <= 2 pp by 2027
  thresholds gap {
    strength <= 0.5 pp
    need_for_action > 3 pp
  }
}

let a = 1
let b = rhai `x + 1`
";
    assert_eq!(check_invariants("canonical", src), src);
}

#[test]
fn area_geometry_round_trips_with_and_without_key() {
    let src = "\
area bezirk \"Stadtbezirk\" {
  unit \"01\" \"Altstadt\"
  geometry \"bezirke.geojson\"
}

area kreis {
  unit \"1\"
  geometry \"k/kreis.geojson\" key \"AGS\"
}
";
    assert_eq!(check_invariants("geometry", src), src);
    let messy = "area a{unit \"1\"\n geometry   \"x.geojson\"   key   \"id\" }\n";
    assert!(check_invariants("geometry-messy", messy).contains("  geometry \"x.geojson\" key \"id\"\n"));
}

/// Builds random expressions level by level along the grammar (so they
/// always parse), with random parentheses, spacing, line breaks and
/// comments between tokens: a dependency-free stand-in for a proptest of
/// "printing the AST gives back the same AST".
struct ExprGen {
    rng: Rng,
    out: String,
    comments: usize,
}

impl ExprGen {
    fn gap(&mut self) {
        match self.rng.below(12) {
            0 => self.out.push_str("\n    "),
            1 => {
                self.comments += 1;
                self.out.push_str(&format!(" // e{}\n    ", self.comments));
            }
            2 => self.out.push_str("  "),
            _ => self.out.push(' '),
        }
    }

    fn token(&mut self, t: &str) {
        self.gap();
        self.out.push_str(t);
    }

    fn chain(&mut self, depth: usize, ops: &[&str], operand: fn(&mut Self, usize)) {
        operand(self, depth);
        let extra = [0, 0, 0, 1, 1, 2][self.rng.below(6)];
        for _ in 0..extra {
            let op = ops[self.rng.below(ops.len())];
            self.token(op);
            operand(self, depth);
        }
    }

    fn or(&mut self, depth: usize) {
        self.chain(depth, &["or"], Self::and);
    }

    fn and(&mut self, depth: usize) {
        self.chain(depth, &["and"], Self::not);
    }

    fn not(&mut self, depth: usize) {
        for _ in 0..self.rng.below(4).saturating_sub(2) {
            self.token("not");
        }
        self.cmp(depth);
    }

    fn cmp(&mut self, depth: usize) {
        self.sum(depth);
        match self.rng.below(8) {
            0 => {
                self.token("in");
                self.token("-1..2.5");
            }
            1 => {
                self.token("in");
                self.token("[\"a\", 2, -3, b]");
            }
            2 | 3 => {
                let op = ["<", "<=", ">", ">=", "==", "!="][self.rng.below(6)];
                self.token(op);
                self.sum(depth);
            }
            _ => {}
        }
    }

    fn sum(&mut self, depth: usize) {
        self.chain(depth, &["+", "-"], Self::prod);
    }

    fn prod(&mut self, depth: usize) {
        self.chain(depth, &["*", "/"], Self::unary);
    }

    fn unary(&mut self, depth: usize) {
        for _ in 0..self.rng.below(5).saturating_sub(3) {
            self.token("-");
        }
        self.atom(depth);
    }

    fn atom(&mut self, depth: usize) {
        let choice = if depth == 0 { self.rng.below(5) } else { self.rng.below(12) % 9 };
        match choice {
            0 => self.token("x"),
            1 => self.token("2.50"),
            2 => self.token("\"s \\\" t\""),
            3 => self.token("true"),
            4 => self.token("count(register)"),
            5 => {
                self.token("(");
                self.or(depth - 1);
                self.token(")");
            }
            6 => {
                self.token("round(");
                self.or(depth - 1);
                self.token(",");
                self.or(depth - 1);
                self.token(")");
            }
            7 => {
                self.token("sum(register.income where");
                self.or(depth - 1);
                self.token(")");
            }
            _ => self.token("f()"),
        }
    }
}

#[test]
fn random_expressions_keep_the_guarantees() {
    let mut generator = ExprGen { rng: Rng(0x2545_F491_4F6C_DD1D), out: String::new(), comments: 0 };
    for case in 0..300 {
        generator.out = "check c {\n  expect".to_string();
        generator.or(2);
        generator.out.push_str("\n}\nlet v =");
        generator.or(1);
        generator.out.push('\n');
        let src = generator.out.clone();
        assert!(parse(&src).is_ok(), "case {case}: generator produced invalid input\n{src}");
        check_invariants(&format!("expression case {case}:\n{src}"), &src);
    }
}

#[test]
fn rulebook_terminology_round_trips() {
    let src = "\
rulebook \"Kern\" {
  language de
  terminology einwanderungsgeschichte
}
";
    assert_eq!(check_invariants("terminology", src), src);
    let messy = "rulebook \"K\" {terminology   migrationshintergrund }\n";
    assert!(check_invariants("terminology-messy", messy).contains("  terminology migrationshintergrund\n"));
}
