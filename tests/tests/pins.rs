//! Pinned imports end to end through the `kimon` binary (issue 16): pin the
//! shipped Großstadt rulebook's `extends "kern.kimon"`, change the core,
//! see the refusal with both hashes and what changed, review it with
//! `kimon update`, accept it with `kimon update --write`.

use std::path::Path;

use kimon_tests::run_kimon as kimon;

/// A copy of kern.kimon, grossstadt.kimon, grossstadt's data and the district outlines.
fn office() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let rb = kimon_tests::repo().join("rulebooks");
    for f in ["kern.kimon", "grossstadt.kimon"] {
        std::fs::copy(rb.join(f), dir.path().join(f)).expect("copy rulebook");
    }
    std::fs::create_dir(dir.path().join("grossstadt")).expect("mkdir");
    std::fs::create_dir(dir.path().join("kern")).expect("mkdir");
    std::fs::copy(rb.join("kern/bezirke.geojson"), dir.path().join("kern/bezirke.geojson"))
        .expect("copy outlines");
    for e in std::fs::read_dir(rb.join("grossstadt")).expect("data dir").flatten() {
        // The data and the district outlines the rulebook draws maps with.
        if e.path().extension().is_some_and(|x| x == "csv" || x == "geojson") {
            std::fs::copy(e.path(), dir.path().join("grossstadt").join(e.file_name())).expect("copy data");
        }
    }
    dir
}

fn sha256(bytes: &[u8]) -> String {
    kimon_engine::pin::sha256_hex(bytes)
}

fn read(dir: &Path, f: &str) -> String {
    std::fs::read_to_string(dir.join(f)).expect("read")
}

/// Hashes vary with the shipped core's text; snapshots name them by role.
fn redact(text: &str, hashes: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (hash, name) in hashes {
        out = out.replace(hash, name);
    }
    out
}

const OLD_NUMERATOR: &str = "numerator count(register where unemployed == 1 and age in 15..64)";
const NEW_NUMERATOR: &str = "numerator count(register where unemployed == 1 and age in 15..67)";

#[test]
fn pin_change_refuse_update_write_accept() {
    let office = office();
    let dir = office.path();
    let original = read(dir, "grossstadt.kimon");
    let old_hash = sha256(read(dir, "kern.kimon").as_bytes());

    let pinned = kimon(dir, &["pin", "grossstadt.kimon"]);
    assert_eq!(pinned.code, 0, "{}", pinned.stderr);
    assert_eq!(pinned.stdout, format!("kern.kimon: pinned version 2025.1 sha256 {old_hash}\n"));
    // Only the pin is inserted: comments and layout stay as they were.
    let with_pin = read(dir, "grossstadt.kimon");
    let expected = original.replacen(
        "extends \"kern.kimon\"",
        &format!("extends \"kern.kimon\" version \"2025.1\" sha256 \"{old_hash}\""),
        1,
    );
    assert_eq!(with_pin, expected);
    assert!(dir.join(".kimon-pins").join(format!("{old_hash}.kimon")).is_file(), "pinned copy kept");
    assert_eq!(kimon(dir, &["fmt", "--check", "grossstadt.kimon"]).code, 0, "pinned text is canonical");
    let ok = kimon(dir, &["check", "grossstadt.kimon"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);

    // The core changes under the pin: the age range of the unemployed.
    let core = read(dir, "kern.kimon");
    assert!(core.contains(OLD_NUMERATOR), "fixture: kern.kimon's arbeitslosigkeit numerator moved");
    std::fs::write(dir.join("kern.kimon"), core.replace(OLD_NUMERATOR, NEW_NUMERATOR)).expect("write");
    let new_hash = sha256(read(dir, "kern.kimon").as_bytes());

    let refused = kimon(dir, &["check", "grossstadt.kimon"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    for needle in [old_hash.as_str(), new_hash.as_str(), "kimon update grossstadt.kimon", "age in 15..67"] {
        assert!(refused.stderr.contains(needle), "refusal lacks {needle}:\n{}", refused.stderr);
    }
    // Only the refusal: no name errors for what the unread core declares.
    assert!(!refused.stderr.contains("unknown-name"), "{}", refused.stderr);
    let hashes = [(old_hash.as_str(), "[pinned sha256]"), (new_hash.as_str(), "[new sha256]")];
    insta::assert_snapshot!("pin_refusal", redact(&refused.stderr, &hashes));

    // Evaluation refuses too.
    assert_ne!(kimon(dir, &["eval", "grossstadt.kimon", "-q"]).code, 0);

    let update = kimon(dir, &["update", "grossstadt.kimon"]);
    assert_eq!(update.code, 1, "changed pins without --write exit 1: {}", update.stderr);
    assert!(update.stdout.contains(&new_hash) && update.stdout.contains(&old_hash), "{}", update.stdout);
    assert_eq!(read(dir, "grossstadt.kimon"), with_pin, "update without --write writes nothing");
    insta::assert_snapshot!("pin_update", redact(&update.stdout, &hashes));

    let write = kimon(dir, &["update", "--write", "grossstadt.kimon"]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert_eq!(read(dir, "grossstadt.kimon"), with_pin.replace(&old_hash, &new_hash));
    let accepted = kimon(dir, &["check", "grossstadt.kimon"]);
    assert_eq!(accepted.code, 0, "{}", accepted.stderr);
    let again = kimon(dir, &["update", "grossstadt.kimon"]);
    assert_eq!((again.code, again.stdout.as_str()), (0, "kern.kimon: pin is current\n"));
}

#[test]
fn without_a_kept_copy_only_the_hashes_are_shown() {
    let office = office();
    let dir = office.path();
    assert_eq!(kimon(dir, &["pin", "grossstadt.kimon"]).code, 0);
    std::fs::remove_dir_all(dir.join(".kimon-pins")).expect("rm");
    let core = read(dir, "kern.kimon");
    std::fs::write(dir.join("kern.kimon"), format!("{core}\n// ergänzt\n")).expect("write");
    let refused = kimon(dir, &["check", "grossstadt.kimon"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("kimon::pin-mismatch"), "{}", refused.stderr);
    assert!(refused.stderr.contains("no copy of the pinned text"), "{}", refused.stderr);
    let update = kimon(dir, &["update", "grossstadt.kimon"]);
    assert!(update.stdout.contains("only the hashes can be compared"), "{}", update.stdout);
}

#[test]
fn a_comment_only_change_is_still_refused_but_said_to_change_nothing() {
    let office = office();
    let dir = office.path();
    assert_eq!(kimon(dir, &["pin", "grossstadt.kimon"]).code, 0);
    let core = read(dir, "kern.kimon");
    std::fs::write(dir.join("kern.kimon"), format!("// neu\n{core}")).expect("write");
    let refused = kimon(dir, &["check", "grossstadt.kimon"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("comments or layout only"), "{}", refused.stderr);
}

#[test]
fn a_pinned_version_must_be_the_declared_one_and_a_hash_must_be_a_hash() {
    let office = office();
    let dir = office.path();
    assert_eq!(kimon(dir, &["pin", "grossstadt.kimon"]).code, 0);
    let text = read(dir, "grossstadt.kimon");
    std::fs::write(
        dir.join("grossstadt.kimon"),
        text.replace("version \"2025.1\" sha256", "version \"2024.9\" sha256"),
    )
    .expect("write");
    let hash = sha256(read(dir, "kern.kimon").as_bytes());
    let wrong_version = kimon(dir, &["check", "grossstadt.kimon"]);
    assert_eq!(wrong_version.code, 1);
    insta::assert_snapshot!("pin_version", redact(&wrong_version.stderr, &[(hash.as_str(), "[sha256]")]));

    std::fs::write(dir.join("grossstadt.kimon"), text.replace(&hash, "abc")).expect("write");
    let malformed = kimon(dir, &["check", "grossstadt.kimon"]);
    assert_eq!(malformed.code, 1);
    insta::assert_snapshot!("pin_malformed", malformed.stderr);
}

#[test]
fn the_rulebooks_own_version_after_an_unpinned_extends_stays_its_own() {
    let src = "rulebook \"R\" {\n  extends \"k.kimon\"\n  version \"2025.1\"\n}\n";
    let parsed = kimon_grammar::parse(src).expect("parses");
    let kimon_grammar::ast::Item::Rulebook(r) = &parsed.file.items[0] else { panic!("no rulebook") };
    assert_eq!(r.props.len(), 2, "version is a property of its own: {:?}", r.props);
    assert!(matches!(r.props[0].kind, kimon_grammar::ast::RulebookProp::Extends(_, None)));
}
