//! Rulebook packages end to end through the `kimon` binary (issue 16):
//! `kimon pack` → `kimon unpack` gives back the rulebooks byte for byte and
//! a rulebook that checks clean; hostile packages (absolute paths, `..`,
//! links, devices, huge declared sizes, altered files, data rows) are
//! refused before anything is written.

use std::path::Path;

use kimon_tests::run_kimon as kimon;

/// kern.kimon, grossstadt.kimon (pinned), grossstadt's data, both
/// rulebooks' district outlines and a README in `src/` of a temporary folder.
fn office() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("grossstadt")).expect("mkdir");
    std::fs::create_dir_all(src.join("kern")).expect("mkdir");
    let rb = kimon_tests::repo().join("rulebooks");
    for f in ["kern.kimon", "grossstadt.kimon", "kern/bezirke.geojson", "grossstadt/bezirke.geojson"] {
        std::fs::copy(rb.join(f), src.join(f)).expect("copy rulebook");
    }
    for e in std::fs::read_dir(rb.join("grossstadt")).expect("data dir").flatten() {
        if e.path().extension().is_some_and(|x| x == "csv") {
            std::fs::copy(e.path(), src.join("grossstadt").join(e.file_name())).expect("copy data");
        }
    }
    std::fs::write(src.join("README.md"), "# Beispielstadt\n\nWie wir messen.\n").expect("readme");
    assert_eq!(kimon(&src, &["pin", "grossstadt.kimon"]).code, 0);
    dir
}

fn pack(dir: &Path) -> Vec<u8> {
    let run = kimon(dir, &["pack", "src/grossstadt.kimon", "--out", "g.kimonpkg", "--licence", "CC-BY-4.0"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read(dir.join("g.kimonpkg")).expect("package")
}

#[test]
fn pack_then_unpack_gives_back_the_rulebooks_and_checks_clean() {
    let office = office();
    let dir = office.path();
    let bytes = pack(dir);
    assert_eq!(pack(dir), bytes, "packing twice gives the same bytes");

    let run = kimon(dir, &["unpack", "g.kimonpkg", "--into", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for f in ["grossstadt.kimon", "kern.kimon", "README.md"] {
        let a = std::fs::read(dir.join("src").join(f)).expect("source");
        let b = std::fs::read(dir.join("out").join(f)).expect("unpacked");
        assert!(a == b, "{f} differs after the round trip");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/kimon-manifest.json")).expect("manifest"))
            .expect("json");
    assert_eq!(manifest["name"], "Diversitätsmonitoring Beispielstadt");
    assert_eq!(manifest["version"], "2025.1");
    assert_eq!(manifest["licence"], "CC-BY-4.0");
    let files = manifest["files"].as_array().expect("files");
    let templates: Vec<&str> =
        files.iter().filter(|f| f["kind"] == "template").filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(templates.len(), 6, "{templates:?}");
    for t in &templates {
        let text = std::fs::read_to_string(dir.join("out").join(t)).expect("template");
        assert_eq!(text.lines().count(), 1, "{t} must be a header only: {text}");
        let real = std::fs::read_to_string(dir.join("src").join(t)).expect("data");
        assert!(real.lines().count() > 1 && !text.contains(real.lines().nth(1).unwrap_or("-")));
    }
    // The outlines the rulebook draws maps with travel as they are: those
    // of grossstadt's own `area bezirk`, which replaces the core's.
    let references: Vec<&str> =
        files.iter().filter(|f| f["kind"] == "reference").filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(references, ["grossstadt/bezirke.geojson"]);
    for r in &references {
        let a = std::fs::read(dir.join("src").join(r)).expect("source");
        assert!(std::fs::read(dir.join("out").join(r)).ok() == Some(a), "{r} differs after the round trip");
    }
    let check = kimon(dir, &["check", "out/grossstadt.kimon"]);
    assert_eq!(check.code, 0, "the unpacked rulebook checks clean: {}", check.stderr);
    assert!(!dir
        .read_dir()
        .expect("ls")
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains("kimon-unpack")));

    let again = kimon(dir, &["unpack", "g.kimonpkg", "--into", "out"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("exist already") && again.stderr.contains("--force"), "{}", again.stderr);
    std::fs::write(dir.join("out/kern.kimon"), "// überschrieben?\n").expect("write");
    let forced = kimon(dir, &["unpack", "g.kimonpkg", "--into", "out", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(
        std::fs::read(dir.join("out/kern.kimon")).ok(),
        std::fs::read(dir.join("src/kern.kimon")).ok()
    );
    assert!(run.stdout.contains("every hash verified"), "{}", run.stdout);
}

/// One raw tar entry, written without the tar crate's own path checks.
struct Raw {
    path: Vec<u8>,
    kind: tar::EntryType,
    data: Vec<u8>,
    /// The size the header declares (default: the data's length).
    size: Option<u64>,
    link: Vec<u8>,
}

impl Raw {
    fn file(path: &str, data: &[u8]) -> Raw {
        Raw {
            path: path.into(),
            kind: tar::EntryType::Regular,
            data: data.to_vec(),
            size: None,
            link: Vec::new(),
        }
    }
}

fn build(entries: &[Raw]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        let mut h = tar::Header::new_ustar();
        h.as_old_mut().name[..e.path.len()].copy_from_slice(&e.path);
        h.as_old_mut().linkname[..e.link.len()].copy_from_slice(&e.link);
        h.set_entry_type(e.kind);
        h.set_mode(0o644);
        h.set_mtime(0);
        h.set_size(e.size.unwrap_or(e.data.len() as u64));
        h.set_cksum();
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(&e.data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

/// The entries of a good package, in order.
fn entries(bytes: &[u8]) -> Vec<Raw> {
    let mut archive = tar::Archive::new(bytes);
    let mut out = Vec::new();
    for e in archive.entries().expect("tar").flatten() {
        let mut e = e;
        let path = e.path_bytes().into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut data).expect("read");
        out.push(Raw { path, kind: tar::EntryType::Regular, data, size: None, link: Vec::new() });
    }
    out
}

/// Replaces a file's content and, with `relist`, its manifest entry too.
fn replace(entries: &mut [Raw], path: &str, data: &[u8], relist: bool) {
    for e in entries.iter_mut() {
        if e.path == path.as_bytes() {
            e.data = data.to_vec();
        }
    }
    if relist {
        let m = entries.iter_mut().find(|e| e.path == b"kimon-manifest.json").expect("manifest");
        let mut json: serde_json::Value = serde_json::from_slice(&m.data).expect("json");
        for f in json["files"].as_array_mut().expect("files") {
            if f["path"] == path {
                f["sha256"] = kimon_engine::pin::sha256_hex(data).into();
                f["size"] = (data.len() as u64).into();
            }
        }
        m.data = serde_json::to_vec_pretty(&json).expect("json");
    }
}

#[test]
fn hostile_packages_are_refused_before_anything_is_written() {
    let office = office();
    let dir = office.path();
    let good = pack(dir);
    let base = || entries(&good);
    let with = |extra: Raw| {
        let mut e = base();
        e.insert(1, extra);
        e
    };
    let twice = |a: &str, b: &str| {
        let mut e = base();
        e.insert(1, Raw::file(a, b"// eins\n"));
        e.insert(2, Raw::file(b, b"// zwei\n"));
        e
    };
    let link = |path: &str, kind, to: &str| Raw {
        path: path.into(),
        kind,
        data: Vec::new(),
        size: None,
        link: to.into(),
    };
    let mut cases: Vec<(&str, Vec<Raw>, &str)> = vec![
        ("absolute path", with(Raw::file("/tmp/kimon-evil.kimon", b"// x\n")), "the path is absolute"),
        ("dot-dot", with(Raw::file("../evil.kimon", b"// x\n")), "leaves the target folder"),
        (
            "dot-dot inside",
            with(Raw::file("grossstadt/../../evil.kimon", b"// x\n")),
            "leaves the target folder",
        ),
        ("symlink", with(link("kern2.kimon", tar::EntryType::Symlink, "/etc/passwd")), "a symbolic link"),
        ("hardlink", with(link("kern2.kimon", tar::EntryType::Link, "../../etc/passwd")), "a hard link"),
        ("fifo", with(link("pipe.csv", tar::EntryType::Fifo, "")), "a named pipe"),
        ("device", with(link("null.csv", tar::EntryType::Char, "")), "a device"),
        (
            "huge file",
            with(Raw { size: Some(10 << 30), ..Raw::file("gross.csv", b"") }),
            "it declares 10737418240 bytes",
        ),
        ("duplicate", twice("dup.kimon", "dup.kimon"), "a second entry with this name"),
        ("duplicate by case", twice("dup.kimon", "DUP.kimon"), "a second entry with this name"),
        ("unlisted", with(Raw::file("extra.kimon", b"// x\n")), "not listed in the manifest"),
    ];
    let mut altered = base();
    replace(&mut altered, "kern.kimon", b"// ausgetauscht\n", false);
    cases.push(("hash mismatch", altered, "does not match the manifest"));
    let mut rows = base();
    replace(&mut rows, "grossstadt/stadtrat.csv", b"jahr,sitze\n2024,3\n", true);
    cases.push(("data rows", rows, "holds rows after its header"));
    let mut no_manifest = base();
    no_manifest.remove(0);
    cases.push(("no manifest", no_manifest, "has no `kimon-manifest.json`"));

    let mut report = String::new();
    for (name, entries, needle) in cases {
        std::fs::write(dir.join("evil.kimonpkg"), build(&entries)).expect("write package");
        let run = kimon(dir, &["unpack", "evil.kimonpkg", "--into", "out"]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        // miette wraps long messages; compare with the line breaks undone.
        let flat = run.stderr.split_whitespace().filter(|w| *w != "│").collect::<Vec<_>>().join(" ");
        assert!(flat.contains(needle), "{name}: lacks {needle:?}:\n{}", run.stderr);
        assert!(!dir.join("out").exists(), "{name}: something was written");
        assert!(!Path::new("/tmp/kimon-evil.kimon").exists() && !dir.join("evil.kimon").exists());
        report.push_str(&format!("== {name}\n{}", run.stderr));
    }
    assert!(!dir
        .read_dir()
        .expect("ls")
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains("kimon-unpack")));
    // The core's hash changes whenever kern.kimon does; the snapshot names it.
    let kern = kimon_engine::pin::sha256_hex(&std::fs::read(dir.join("src/kern.kimon")).expect("kern"));
    insta::assert_snapshot!("hostile_packages", report.replace(&kern, "[sha256 of kern.kimon]"));
}

#[test]
fn unpack_does_not_write_through_a_link_in_the_target() {
    let office = office();
    let dir = office.path();
    pack(dir);
    std::fs::create_dir(dir.join("out")).expect("mkdir");
    std::fs::create_dir(dir.join("elsewhere")).expect("mkdir");
    std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join("out/grossstadt")).expect("symlink");
    let run = kimon(dir, &["unpack", "g.kimonpkg", "--into", "out", "--force"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(dir.join("elsewhere")).expect("ls").count(), 0);
}

#[test]
fn a_rulebook_reaching_outside_its_folder_is_not_packed() {
    let office = office();
    let dir = office.path();
    std::fs::write(dir.join("src/local.kimon"), "import \"../shared.kimon\"\n").expect("write");
    std::fs::write(dir.join("shared.kimon"), "field f \"F\"\n").expect("write");
    let run = kimon(dir, &["pack", "src/local.kimon", "--out", "l.kimonpkg", "--allow-path", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("outside the rulebook's folder"), "{}", run.stderr);
    assert!(!dir.join("l.kimonpkg").exists());
}

// ------------------------------------------------------------ signatures

/// A key pair made with `kimon keygen` in `dir`; the public key line.
fn keygen(dir: &Path, name: &str, out: &str) -> String {
    let run = kimon(dir, &["keygen", "--name", name, "--out", out]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read_to_string(dir.join(format!("{out}.pub"))).expect("public key")
}

fn trust(dir: &Path, lines: &[&str]) {
    let text = format!("# Schlüssel, denen das Integrationsbüro vertraut\n\n{}", lines.concat());
    std::fs::write(dir.join("trusted-keys.txt"), text).expect("keys file");
}

fn signed_package(dir: &Path) -> String {
    let public = keygen(dir, "Stadt Beispiel, Integrationsbüro", "amt.key");
    let run = kimon(dir, &["pack", "src/grossstadt.kimon", "--out", "g.kimonpkg", "--sign", "amt.key"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.join("g.kimonpkg.sig").is_file(), "detached signature written");
    public
}

#[test]
fn a_signed_package_unpacks_with_the_trusted_key() {
    let office = office();
    let dir = office.path();
    let public = signed_package(dir);
    trust(dir, &[&public]);
    let run = kimon(dir, &["unpack", "g.kimonpkg", "--into", "out", "--keys", "trusted-keys.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("signed by „Stadt Beispiel, Integrationsbüro“"), "{}", run.stdout);
    assert!(dir.join("out/grossstadt.kimon").is_file());
    // `kimon sign` signs an existing package the same way.
    std::fs::remove_file(dir.join("g.kimonpkg.sig")).expect("rm");
    assert_eq!(kimon(dir, &["sign", "g.kimonpkg", "--key", "amt.key"]).code, 0);
    let run = kimon(dir, &["unpack", "g.kimonpkg", "--into", "out2", "--keys", "trusted-keys.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_tampered_signed_package_is_refused() {
    let office = office();
    let dir = office.path();
    let public = signed_package(dir);
    trust(dir, &[&public]);
    let mut bytes = std::fs::read(dir.join("g.kimonpkg")).expect("package");
    // One byte of the padding after the last entry: the manifest still
    // matches, only the signature can tell.
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(dir.join("g.kimonpkg"), &bytes).expect("write");
    let run = kimon(dir, &["unpack", "g.kimonpkg", "--into", "out", "--keys", "trusted-keys.txt"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("„Stadt Beispiel, Integrationsbüro“ does not match"), "{}", run.stderr);
    assert!(!dir.join("out").exists(), "nothing unpacked");
}

#[test]
fn a_package_signed_with_an_unknown_key_or_unsigned_is_refused_with_keys() {
    let office = office();
    let dir = office.path();
    signed_package(dir);
    let other = keygen(dir, "Landkreis Nachbar", "nachbar.key");
    trust(dir, &[&other]);
    let run = kimon(dir, &["unpack", "g.kimonpkg", "--into", "out", "--keys", "trusted-keys.txt"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("signed with a key that `trusted-keys.txt` does not list"), "{}", run.stderr);

    std::fs::remove_file(dir.join("g.kimonpkg.sig")).expect("rm");
    let run = kimon(dir, &["unpack", "g.kimonpkg", "--into", "out", "--keys", "trusted-keys.txt"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("it has no signature"), "{}", run.stderr);
    assert!(!dir.join("out").exists(), "nothing unpacked");

    // A broken line in the keys file is an error, not a silently dropped key.
    std::fs::write(dir.join("trusted-keys.txt"), "# ok\nnot-a-key Jemand\n").expect("write");
    let run = kimon(dir, &["unpack", "g.kimonpkg", "--into", "out", "--keys", "trusted-keys.txt"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("line 2 is not `PUBLIC-KEY NAME`"), "{}", run.stderr);

    // Without `--keys` an unsigned package unpacks as before.
    let run = kimon(dir, &["unpack", "g.kimonpkg", "--into", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn keygen_never_overwrites_a_key() {
    let office = office();
    let dir = office.path();
    keygen(dir, "Stadt Beispiel", "amt.key");
    let before = std::fs::read(dir.join("amt.key")).expect("key");
    let run = kimon(dir, &["keygen", "--name", "Jemand", "--out", "amt.key"]);
    assert_eq!(run.code, 1);
    assert_eq!(std::fs::read(dir.join("amt.key")).expect("key"), before);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("amt.key")).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "the secret key is readable by its owner only");
    }
}
