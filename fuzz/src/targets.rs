//! The fuzz targets' bodies, shared by the `cargo fuzz` binaries in
//! `fuzz_targets/` and by the corpus replay test of the normal suite
//! (`tests/tests/fuzz_corpus.rs` includes this file), so a crash found by
//! fuzzing is re-checked by `cargo test` forever after, with the same code.

use kimon_engine::eval::Control;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::sandbox::{Sandbox, ScriptValue};
use kimon_engine::session::{evaluate, Options};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Rulebook text → format, load (imports under the access policy),
/// resolve, lint.
pub fn rulebook(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The formatter must accept everything the parser accepts.
    let _ = kimon_grammar::format::format_source(text);
    // Imports resolve against a directory that holds nothing, so the
    // fuzzer exercises the policy and not-found paths.
    let dir = std::env::temp_dir().join("kimon-fuzz-rulebook");
    let _ = std::fs::create_dir_all(&dir);
    let policy = kimon_engine::load::AccessPolicy::with_roots(vec![dir.clone()]);
    let loaded = kimon_engine::load::load_text("fuzz.kimon", text.to_string(), &dir, &policy);
    let mut spoofing = kimon_engine::diag::Diags::default();
    kimon_engine::lint::unicode::lint(&loaded, &mut spoofing);
    let (model, mut diags) = kimon_engine::resolve::resolve(loaded);
    if let Some(m) = &model {
        kimon_engine::lint::lint(m, &mut diags);
    }
    diags.sort();
}

/// Deep-chain generator (issue 14: 12,000 `not` or 20,000 `and` once
/// overflowed the stack): the first byte picks a construct, the next two a
/// length up to 131,070, the rest (if short UTF-8) is the atom repeated;
/// the resulting `check … expect` goes through [`rulebook`].
pub fn deep(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else { return };
    let (len_bytes, tail) = rest.split_at(rest.len().min(2));
    let n = len_bytes.iter().fold(0usize, |a, b| a * 256 + usize::from(*b)) * 2;
    let atom = std::str::from_utf8(tail).ok().filter(|s| !s.is_empty() && s.len() < 64).unwrap_or("a");
    const OPS: [&str; 7] = [" and ", " or ", " + ", " - ", " * ", " / ", " == "];
    let expr = match kind % 10 {
        0 => format!("{}{atom}", "not ".repeat(n)),
        1 => format!("{}{atom}", "- ".repeat(n)),
        k @ 2..=8 => vec![atom; n.max(1)].join(OPS[usize::from(k - 2)]),
        _ => {
            // Nested calls stay under the bracket limit only up to 64.
            let k = n.min(200);
            format!("{}{atom}{}", "abs(".repeat(k), ")".repeat(k))
        }
    };
    let text = format!("check c \"c\" {{\n  expect {expr}\n}}\n");
    rulebook(text.as_bytes());
}

/// The fixed rulebooks the `data` target feeds, one per input layout:
/// microdata with a rhai `let`, a long aggregate table with official
/// missing symbols, a wide table (a column per group, total rows, a
/// derived area column), years in columns with German numbers in
/// Windows-1252, and areas linked through a key file.
const LAYOUTS: [(&str, &str); 5] = [
    ("micro", include_str!("../fixtures/micro.kimon")),
    ("aggregate", include_str!("../fixtures/aggregate.kimon")),
    ("wide", include_str!("../fixtures/wide.kimon")),
    ("years", include_str!("../fixtures/years.kimon")),
    ("keys", include_str!("../fixtures/keys.kimon")),
];

/// The key file of the `keys` layout when the input carries none.
const DEFAULT_KEYS: &[u8] = b"code,parent\nA01,1\nA02,2\n";

/// One directory per process and thread (the replay test runs in threads).
fn data_dir() -> PathBuf {
    thread_local! {
        static DIR: OnceLock<PathBuf> = const { OnceLock::new() };
    }
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    DIR.with(|cell| {
        cell.get_or_init(|| {
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let d = std::env::temp_dir().join(format!("kimon-fuzz-data-{}-{n}", std::process::id()));
            for (name, rulebook) in LAYOUTS {
                let _ = std::fs::create_dir_all(d.join(name));
                let _ = std::fs::write(d.join(name).join("rb.kimon"), rulebook);
            }
            d
        })
        .clone()
    })
}

/// The input becomes the CSV of a fixed small rulebook (the first byte
/// picks one of [`LAYOUTS`]; for the key-file layout a NUL byte splits the
/// rest into data and key file) and goes through the whole
/// `session::evaluate`: header, streaming pass, cubes, privacy, findings.
pub fn data(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else { return };
    let (kind, _) = LAYOUTS[usize::from(selector) % LAYOUTS.len()];
    let dir = data_dir().join(kind);
    let (body, keys) = match (kind, body.iter().position(|b| *b == 0)) {
        ("keys", Some(nul)) => (&body[..nul], &body[nul + 1..]),
        ("keys", None) => (body, DEFAULT_KEYS),
        _ => (body, &[][..]),
    };
    if std::fs::write(dir.join("data.csv"), body).is_err()
        || (kind == "keys" && std::fs::write(dir.join("keys.csv"), keys).is_err())
    {
        return;
    }
    let _ = evaluate(&dir.join("rb.kimon"), &Options::default(), Lang::De, &Control::default());
    // The lower-level readers on their own as well.
    if let Ok(text) = std::str::from_utf8(body) {
        for field in text.split([',', ';', '\n']).take(64) {
            let _ = kimon_engine::data::number::parse_number(field);
            let _ = kimon_engine::data::MissingKind::from_symbol(field);
        }
    }
}

fn sandbox() -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(Sandbox::default)
}

/// Script text compiled and run in the sandbox, as an expression and as a
/// program, twice through one evaluator (no state may leak between rows).
pub fn rhai(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let sb = sandbox();
    let vars = ["age", "citizenship", "weight", "missing"];
    let row =
        [ScriptValue::Int(42), ScriptValue::Str("DE".into()), ScriptValue::Float(1.5), ScriptValue::Missing];
    for program in [false, true] {
        let compiled = if program { sb.compile_program(text, &vars) } else { sb.compile(text, &vars) };
        if let Ok(script) = compiled {
            let mut ev = script.evaluator();
            let _ = ev.eval(sb, &row);
            let _ = ev.eval(sb, &row);
        }
    }
}
