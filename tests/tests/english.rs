//! Issue 17: „English report fully English“. A rulebook gives its titles
//! and texts an English version (`indicator alq "Arbeitslosenquote" en
//! "Unemployment rate"`, `purpose "…" en "…"`); `--lang en` then shows
//! no German name or text of the rulebook, and the German report shows no
//! English one.

use kimon_engine::eval::Control;
use kimon_engine::model::{Audience, Model};
use kimon_engine::report::doc;
use kimon_engine::report::markdown::render_markdown;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Evaluated, Options};
use kimon_tests::repo;

fn kern(lang: Lang) -> Evaluated {
    let path = repo().join("rulebooks").join("kern.kimon");
    evaluate(&path, &Options::default(), lang, &Control::default())
        .unwrap_or_else(|f| panic!("kern does not evaluate: {:?}", f.diags.items))
}

/// Every title and text of the model that has an English version, as
/// (German, English) — read from a German evaluation.
fn pairs(m: &Model) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |de: &str, en: &Option<String>| {
        if let Some(en) = en {
            if en != de {
                out.push((de.to_string(), en.clone()));
            }
        }
    };
    for s in m.sources.values() {
        add(&s.title, &s.title_en);
    }
    for d in m.dimensions.values() {
        add(&d.title, &d.title_en);
        for g in &d.groups {
            add(&g.title, &g.title_en);
        }
    }
    for f in m.fields.values() {
        add(&f.title, &f.title_en);
    }
    for i in m.indicators.values() {
        add(&i.title, &i.title_en);
    }
    for (de, en) in &m.english {
        out.push((de.clone(), en.clone()));
    }
    out
}

#[test]
fn the_core_rulebook_names_everything_in_english() {
    let ev = kern(Lang::De);
    assert_eq!(ev.model.untranslated(), Vec::<String>::new(), "declarations without `en \"…\"`");
    assert!(ev.model.english.len() >= 20, "texts with English: {}", ev.model.english.len());
}

#[test]
fn the_english_report_shows_no_german_title_or_text() {
    let de = kern(Lang::De);
    let en = kern(Lang::En);
    let pairs = pairs(&de.model);
    assert!(pairs.len() > 60, "{} pairs", pairs.len());
    for audience in [Audience::Politik, Audience::Verwaltung, Audience::Oeffentlichkeit] {
        let md_en = render_markdown(&doc::build(&en, audience, Lang::En));
        let md_de = render_markdown(&doc::build(&de, audience, Lang::De));
        let mut german_left = Vec::new();
        for (g, e) in &pairs {
            // Short German words can occur inside English ones („Gymnasium“).
            // The glossary names the German term once, in parentheses.
            let glossed = md_en.replace(&format!("({g})"), "");
            if g.chars().count() >= 6 && !e.contains(g.as_str()) && glossed.contains(g.as_str()) {
                german_left.push(g.clone());
            }
            if e.chars().count() >= 6 && !g.contains(e.as_str()) && md_de.contains(e.as_str()) {
                panic!("{audience:?}: English „{e}“ in the German report");
            }
        }
        assert!(german_left.is_empty(), "{audience:?}: German in the English report: {german_left:#?}");
        for want in ["Unemployment rate (aged 15 to 64)", "Foreign nationals", "Work and economy"] {
            assert!(md_en.contains(want), "{audience:?}: „{want}“ missing");
        }
        assert!(!md_en.contains("Selbstauskunft"), "{audience:?}: built-in German definition text");
    }
}

#[test]
fn findings_json_follows_the_language() {
    let en = kern(Lang::En);
    let json = kimon_engine::findings::to_json(&en.findings);
    assert!(json.contains("\"Unemployment rate (aged 15 to 64)\""), "indicator title");
    assert!(!json.contains("Arbeitslosenquote"), "German title in English findings");
    let de = kimon_engine::findings::to_json(&kern(Lang::De).findings);
    assert!(de.contains("Arbeitslosenquote") && !de.contains("Unemployment rate"));
}

#[test]
fn fmt_keeps_every_english_version() {
    let text = std::fs::read_to_string(repo().join("rulebooks").join("kern.kimon")).expect("read");
    let formatted = kimon_grammar::format::format_source(&text).expect("parses");
    assert_eq!(formatted.matches(" en \"").count(), text.matches(" en \"").count());
    let parsed = kimon_grammar::parse(&formatted).expect("formatted parses");
    let original = kimon_grammar::parse(&text).expect("parses");
    let values = |p: &kimon_grammar::Parsed| -> Vec<(String, String)> {
        p.file.english.iter().map(|(d, e)| (d.value.clone(), e.value.clone())).collect()
    };
    assert_eq!(values(&parsed), values(&original));
}

/// `en` stays usable as a name: only a string right after a title or text
/// makes it the English version.
#[test]
fn en_is_not_a_reserved_word() {
    let src = "dimension sprache \"Sprache\" en \"Language\" {\n  group en \"Englisch\" en \"English\" when lang == \"en\"\n  group de when lang == \"de\"\n}\n";
    let parsed = kimon_grammar::parse(src).unwrap_or_else(|e| panic!("{e:?}"));
    let values: Vec<(&str, &str)> =
        parsed.file.english.iter().map(|(d, e)| (d.value.as_str(), e.value.as_str())).collect();
    assert_eq!(values, [("Sprache", "Language"), ("Englisch", "English")]);
}
