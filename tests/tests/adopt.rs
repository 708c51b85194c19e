//! `kimon adopt` as a library call: an indicator of a peer taken over into a
//! fresh `kimon init` rulebook checks clean, keeps its provenance (shown by
//! `explain`, kept by `kimon fmt`), is renamed where the target means
//! something else by the same id, is not adopted twice, and an unknown
//! indicator is refused with a did-you-mean.

use kimon_engine::model::MunicipalityKind;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{check, Options};
use kimon_engine::tooling::adopt::{adopt, render_text, Action, AdoptRequest, Kind};
use kimon_engine::tooling::{explain, init};
use kimon_tests::repo;
use std::path::{Path, PathBuf};

/// A fresh `kimon init` rulebook in its own directory.
fn fresh(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("kimon-adopt-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let req = init::InitRequest::new(MunicipalityKind::City, "Stadt Neuhausen", "Niedersachsen", dir);
    init::init(&req).unwrap().rulebook
}

fn request(peer: &Path, indicator: &str, into: &Path) -> AdoptRequest {
    AdoptRequest {
        peer: peer.to_path_buf(),
        indicator: indicator.into(),
        into: into.to_path_buf(),
        opts: Options::default(),
        dry_run: false,
    }
}

fn peer(name: &str) -> PathBuf {
    repo().join("tests/fixtures/peers").join(name)
}

#[test]
fn adopted_indicator_checks_clean_and_keeps_its_provenance() {
    let into = fresh("clean");
    let from = repo().join("rulebooks/grossstadt.kimon");
    let done = adopt(&request(&from, "sgb2_alter", &into)).unwrap();
    assert!(!done.already && done.written);
    assert_eq!(done.indicator, "sgb2_alter");
    assert_eq!(done.check.errors(), 0, "{:?}", done.check.items);
    // The age dimension was copied (its groups read `age` directly, so no
    // `let` comes along; copying a `let` is tested with Nordstadt below);
    // the register, the citizenship dimension and the field are the
    // target's own.
    let action = |kind: Kind, id: &str| {
        done.needs.iter().find(|n| n.kind == kind && n.id == id).map(|n| n.action.clone()).unwrap()
    };
    assert_eq!(action(Kind::Dimension, "altersgruppe"), Action::Add);
    assert!(done.needs.iter().all(|n| n.kind != Kind::Let), "{:?}", done.needs);
    assert_eq!(action(Kind::Source, "register"), Action::Reuse);
    assert_eq!(action(Kind::Dimension, "staatsangehoerigkeit"), Action::Reuse);
    assert_eq!(action(Kind::Field, "sozial"), Action::Reuse);
    // Written, canonical, and checks clean from disk too.
    let text = std::fs::read_to_string(&into).unwrap();
    assert_eq!(text, done.text);
    assert_eq!(kimon_grammar::format::format_source(&text).unwrap(), text, "canonical layout");
    let checked = check(&into, &Options::default());
    assert_eq!(checked.diags.errors(), 0, "{:?}", checked.diags.items);
    let model = checked.model.unwrap();
    let p = model.indicators["sgb2_alter"].adopted.clone().expect("provenance recorded");
    assert_eq!(p.from, from.display().to_string());
    assert_eq!(p.version.as_deref(), Some("2025.1"));
    let sha = kimon_engine::pin::sha256_hex(&std::fs::read(&from).unwrap());
    assert_eq!(p.sha256, sha);
    assert!(
        text.contains(&format!("adopted from \"{}\" version \"2025.1\" sha256 \"{sha}\"", from.display()))
    );
    // explain shows where it came from.
    let ex = explain::explain(&model, "sgb2_alter", Lang::De).unwrap();
    assert!(ex.contains("Herkunft") && ex.contains(&sha), "{ex}");
    // Its data: the register template exists and holds what it needs.
    assert_eq!(done.data.len(), 1);
    assert!(done.data[0].exists && done.data[0].header.contains(&"sgb2".to_string()), "{:?}", done.data);
    assert!(done.data[0].missing.is_empty(), "{:?}", done.data);
    // Adopting the same version again changes nothing.
    let again = adopt(&request(&from, "sgb2_alter", &into)).unwrap();
    assert!(again.already && !again.written);
    assert_eq!(std::fs::read_to_string(&into).unwrap(), text);
    assert!(render_text(&again, &into, Lang::De).contains("bereits"));
}

#[test]
fn a_name_conflict_renames_and_rewrites_references() {
    let into = fresh("rename");
    let from = peer("nordstadt.kimon");
    // The core already has `arbeitslosigkeit` (ages 15–64): Nordstadt's is
    // taken over under a new name.
    let done = adopt(&request(&from, "arbeitslosigkeit", &into)).unwrap();
    assert_eq!(done.indicator, "arbeitslosigkeit_nordstadt");
    assert_eq!(done.check.errors(), 0, "{:?}", done.check.items);
    assert!(done
        .text
        .contains("indicator arbeitslosigkeit_nordstadt \"Arbeitslosenquote (18 bis 64 Jahre)\""));
    // `mh` means four groups in the core and two in Nordstadt: renamed, and
    // the indicator's `by` follows; the let is new.
    let done = adopt(&request(&from, "langzeitarbeitslosigkeit", &into)).unwrap();
    let dim = done.needs.iter().find(|n| n.kind == Kind::Dimension).unwrap();
    assert_eq!(dim.action, Action::Rename { to: "mh_nordstadt".into() });
    assert!(done.text.contains("dimension mh_nordstadt \"Migrationshintergrund\""), "{}", done.text);
    assert!(done.text.contains("by mh_nordstadt"));
    assert!(done.text.contains("let langzeit = months_unemployed >= 12"));
    // The register template lacks `months_unemployed`: check says so, and
    // the report names the header the file needs.
    assert!(
        done.check.items.iter().any(|d| d.message.contains("months_unemployed")),
        "{:?}",
        done.check.items
    );
    assert!(done.data[0].header.contains(&"months_unemployed".to_string()));
    assert_eq!(done.data[0].missing, ["months_unemployed"]);
    let text = render_text(&done, &into, Lang::De);
    assert!(text.contains("umbenannt"), "{text}");
    assert!(text.contains("months_unemployed"), "{text}");
    insta::assert_snapshot!("rename_report", text.replace(&into.display().to_string(), "neuhausen.kimon"));
    // Both adoptions are in the file, and the core's `mh` is untouched.
    let model = check(&into, &Options::default()).model.unwrap();
    assert_eq!(model.dimensions["mh"].groups.len(), 4);
    assert_eq!(model.dimensions["mh_nordstadt"].groups.len(), 2);
    assert!(model.indicators["arbeitslosigkeit_nordstadt"].adopted.is_some());
}

#[test]
fn a_new_source_points_at_a_local_data_file() {
    let into = fresh("source");
    let done = adopt(&request(&peer("suedkreis.kimon"), "arbeitslosigkeit", &into)).unwrap();
    assert_eq!(done.indicator, "arbeitslosigkeit_landkreis_suedkreis");
    let source = done.needs.iter().find(|n| n.kind == Kind::Source).unwrap();
    assert_eq!((source.id.as_str(), &source.action), ("ba", &Action::Add));
    assert!(done.text.contains("file \"daten/ba.csv\""), "{}", done.text);
    assert!(!done.text.contains("suedkreis/ba.csv"));
    assert_eq!(done.check.errors(), 0, "{:?}", done.check.items);
    assert_eq!(done.data.len(), 1);
    assert!(!done.data[0].exists);
    assert_eq!(
        done.data[0].header,
        ["jahr", "arbeitslose", "age", "erwerbspersonen", "staatsangehoerigkeit"]
    );
    assert_eq!(done.data[0].missing, done.data[0].header);
    assert!(render_text(&done, &into, Lang::De).contains("Daten fehlen: daten/ba.csv"));
}

#[test]
fn unknown_indicator_is_refused_with_did_you_mean_and_nothing_written() {
    let into = fresh("unknown");
    let before = std::fs::read_to_string(&into).unwrap();
    let refused = adopt(&request(&peer("nordstadt.kimon"), "arbeitslosigkeitt", &into)).unwrap_err();
    let d = &refused.diags.items[0];
    assert_eq!(d.code, "kimon::unknown-indicator");
    assert!(d.help.as_deref().unwrap_or("").contains("`arbeitslosigkeit`"), "{:?}", d.help);
    assert_eq!(std::fs::read_to_string(&into).unwrap(), before);
    // A peer that does not resolve is refused, too.
    let broken = into.with_file_name("kaputt.kimon");
    std::fs::write(&broken, "indicator x { field nirgends }\n").unwrap();
    assert!(adopt(&request(&broken, "x", &into)).is_err());
    assert_eq!(std::fs::read_to_string(&into).unwrap(), before);
}

#[test]
fn dry_run_writes_nothing() {
    let into = fresh("dry");
    let before = std::fs::read_to_string(&into).unwrap();
    let mut req = request(&peer("nordstadt.kimon"), "arbeitslosigkeit", &into);
    req.dry_run = true;
    let done = adopt(&req).unwrap();
    assert!(!done.written);
    assert!(done.text.contains("arbeitslosigkeit_nordstadt"));
    assert_eq!(done.check.errors(), 0, "{:?}", done.check.items);
    assert_eq!(std::fs::read_to_string(&into).unwrap(), before);
}
