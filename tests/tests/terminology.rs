//! Issue 13, terminology: a rulebook chooses „Einwanderungsgeschichte“
//! (Destatis since 2023) or „Migrationshintergrund“ with
//! `terminology …`; the glossary defines the chosen term and every text
//! kimon generates (glossary, labels, assessment reasons) uses it. A
//! wrong keyword is an error with the place and a did-you-mean.

use kimon_engine::eval::Control;
use kimon_engine::model::{Audience, Terminology};
use kimon_engine::report::doc::{self, Block, ReportDoc};
use kimon_engine::report::markdown::render_markdown;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use kimon_tests::{check_output, repo};
use std::path::Path;

const MH: &str = "Migrationshintergrund";
const EG: &str = "Einwanderungsgeschichte";

/// The shipped core rulebook with `terminology <keyword>` in its header
/// and, when `rename` is set, its own titles and descriptions moved to
/// the new term too (the author's part of the switch), written beside a
/// copy of its data.
fn variant(dir: &Path, keyword: &str, rename: bool) -> std::path::PathBuf {
    let src = std::fs::read_to_string(repo().join("rulebooks/kern.kimon")).expect("read kern");
    let mut out = src.replacen("  language de\n", &format!("  language de\n  terminology {keyword}\n"), 1);
    assert_ne!(out, src, "the header has `language de`");
    if rename {
        out = out.replace("ohne Migrationshintergrund", "ohne Einwanderungsgeschichte");
        out = out.replace("mit Migrationshintergrund", "mit Einwanderungsgeschichte");
        out = out.replace("Migrationshintergrunds", "der Einwanderungsgeschichte");
        out = out.replace(MH, EG);
    }
    let data = dir.join("kern");
    std::fs::create_dir_all(&data).expect("mkdir");
    for e in std::fs::read_dir(repo().join("rulebooks/kern")).expect("read").flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), data.join(e.file_name())).expect("copy");
        }
    }
    let path = dir.join("kern.kimon");
    std::fs::write(&path, out).expect("write");
    path
}

fn evaluated(path: &Path) -> Evaluated {
    match evaluate(path, &Options::default(), Lang::De, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{} does not evaluate: {:?}", path.display(), f.diags.items),
    }
}

/// The glossary's entry for `term`, if any.
fn glossary_entry(d: &ReportDoc, term: &str) -> Option<String> {
    let s = d.sections.iter().find(|s| s.id == "glossar")?;
    s.blocks.iter().find_map(|b| match b {
        Block::Facts { items } => items.iter().find(|f| f.term == term).map(|f| f.text.clone()),
        _ => None,
    })
}

#[test]
fn each_setting_speaks_its_term_everywhere() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // Einwanderungsgeschichte, with the author's titles renamed too: the
    // old term is left only where the glossary explains it.
    let ev = evaluated(&variant(tmp.path(), "einwanderungsgeschichte", true));
    assert_eq!(ev.model.meta.terminology, Terminology::Einwanderungsgeschichte);
    for a in [Audience::Verwaltung, Audience::Politik, Audience::Oeffentlichkeit] {
        let d = doc::build(&ev, a, Lang::De);
        let entry = glossary_entry(&d, EG).unwrap_or_else(|| panic!("{a:?}: no glossary entry {EG}"));
        assert!(entry.contains("seit 1950") && entry.contains("Statistischen Bundesamts"), "{entry}");
        assert!(glossary_entry(&d, MH).is_none(), "{a:?}: one term only");
        let text = render_markdown(&d);
        let explained = "Der frühere Begriff „Migrationshintergrund“";
        assert_eq!(text.matches(MH).count(), text.matches(explained).count(), "{a:?}: {MH} left:\n{text}");
        assert_eq!(text.matches(explained).count(), 1, "{a:?}: the glossary names the old term once");
        if a == Audience::Verwaltung {
            // The sources' definitions are labelled with the term.
            assert!(text.contains(&format!("{EG}: aus dem Melderegister abgeleitet")), "{text}");
        }
    }
    // The English report says „immigration history“.
    let en = render_markdown(&doc::build(&ev, Audience::Verwaltung, Lang::En));
    assert!(en.contains("Immigration history") && !en.contains("Migration background"), "{en}");

    // Migrationshintergrund, stated explicitly: the same report as
    // without the line, and the new term only where the glossary names it.
    let tmp2 = tempfile::tempdir().expect("tempdir");
    let explicit = evaluated(&variant(tmp2.path(), "migrationshintergrund", false));
    let default = evaluated(&repo().join("rulebooks/kern.kimon"));
    assert_eq!(default.model.meta.terminology, Terminology::Migrationshintergrund);
    for a in [Audience::Verwaltung, Audience::Oeffentlichkeit] {
        let d = doc::build(&explicit, a, Lang::De);
        let entry = glossary_entry(&d, MH).unwrap_or_else(|| panic!("{a:?}: no glossary entry {MH}"));
        assert!(entry.contains("mindestens ein Elternteil"), "{entry}");
        let text = render_markdown(&d);
        assert_eq!(text.matches(EG).count(), 1, "{a:?}: {EG} only in the glossary's note:\n{text}");
        assert_eq!(
            text,
            render_markdown(&doc::build(&default, a, Lang::De)),
            "{a:?}: default is this setting"
        );
    }
}

#[test]
fn definition_mismatch_reason_uses_the_term() {
    use kimon_engine::assess::text::definition_mismatch;
    let de = definition_mismatch("A / B", Terminology::Einwanderungsgeschichte, Lang::De);
    assert!(de.contains("Definitionen der Einwanderungsgeschichte (A / B)"), "{de}");
    let de = definition_mismatch("A / B", Terminology::Migrationshintergrund, Lang::De);
    assert!(de.contains("Definitionen des Migrationshintergrunds (A / B)"), "{de}");
    let en = definition_mismatch("A / B", Terminology::Einwanderungsgeschichte, Lang::En);
    assert!(en.contains("definitions of immigration history"), "{en}");
}

#[test]
fn a_misspelt_term_is_an_error_with_place_and_suggestion() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = variant(tmp.path(), "einwanderungsgeschichtee", false);
    let out = check_output(&path.to_string_lossy());
    assert!(out.contains("`einwanderungsgeschichtee` is not a valid terminology"), "{out}");
    assert!(out.contains("did you mean `einwanderungsgeschichte`?"), "{out}");
    assert!(out.contains("kern.kimon:14:15"), "line and column: {out}");
    assert!(out.contains("errors: 1,"), "{out}");
}

#[test]
fn titles_in_the_other_term_are_a_warning() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mixed = variant(tmp.path(), "einwanderungsgeschichte", false);
    let out = check_output(&mixed.to_string_lossy());
    assert!(out.contains("lint::mixed-terms"), "{out}");
    assert!(out.contains("`mit Migrationshintergrund` says „Migrationshintergrund“"), "{out}");
    assert!(out.contains("choose `terminology migrationshintergrund`"), "{out}");
    assert!(out.contains("errors: 0,"), "a warning, not an error: {out}");
    let tmp2 = tempfile::tempdir().expect("tempdir");
    let renamed = variant(tmp2.path(), "einwanderungsgeschichte", true);
    assert!(!check_output(&renamed.to_string_lossy()).contains("mixed-terms"));
    // The shipped rulebook never chose: no warning.
    assert!(!check_output(&repo().join("rulebooks/kern.kimon").to_string_lossy()).contains("mixed-terms"));
}
