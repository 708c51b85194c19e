//! What the findings say shows in the report and the site (issue 18):
//! survey values with their confidence interval and respondents, „nicht
//! signifikant“ where a gap lies within its sampling error, and every
//! comparison of a cross-classified cell with whom it compares and the gap
//! with its unit — in every audience, German and English, in the document
//! model, its Markdown and HTML, and the site cut from it.

use kimon_engine::eval::{AreaKey, Control};
use kimon_engine::findings::Finding;
use kimon_engine::model::Audience;
use kimon_engine::report::doc::{self, ReportDoc, Table};
use kimon_engine::report::html::render_html;
use kimon_engine::report::markdown::render_markdown;
use kimon_engine::report::numfmt::{format_count, Lang};
use kimon_engine::report::site;
use kimon_engine::session::{evaluate, Evaluated, Options};
use kimon_tests::repo;

const AUDIENCES: [Audience; 3] = [Audience::Verwaltung, Audience::Politik, Audience::Oeffentlichkeit];

fn evaluated(name: &str, lang: Lang) -> Evaluated {
    let path = repo().join("rulebooks").join(name);
    match evaluate(&path, &Options::default(), lang, &Control::default()) {
        Ok(e) => e,
        Err(f) => panic!("{name} does not evaluate: {:?}", f.diags.items),
    }
}

/// The findings table of an indicator.
fn findings_table<'a>(d: &'a ReportDoc, id: &str) -> &'a Table {
    d.tables()
        .find(|t| {
            t.indicator.as_deref() == Some(id)
                && (t.caption.starts_with("Befunde") || t.caption.starts_with("Findings"))
        })
        .unwrap_or_else(|| panic!("no findings table of {id}"))
}

fn column(t: &Table, head: &str) -> usize {
    t.header
        .iter()
        .position(|h| h.starts_with(head))
        .unwrap_or_else(|| panic!("no column {head}: {:?}", t.header))
}

fn row<'a>(t: &'a Table, f: &Finding) -> &'a Vec<String> {
    t.rows.iter().find(|r| r.first() == Some(&f.label)).unwrap_or_else(|| panic!("no row {}", f.label))
}

/// Every survey value of the findings table shows its interval and its
/// respondents in their own columns, for every audience and language; the
/// key figures give them next to the value; Markdown, HTML and the site
/// carry them.
#[test]
fn survey_values_show_interval_and_respondents() {
    for lang in [Lang::De, Lang::En] {
        let ev = evaluated("kern.kimon", lang);
        let ind = ev.findings.indicators.iter().find(|i| i.id == "diskriminierung").expect("diskriminierung");
        let (ci_head, n_head) = match lang {
            Lang::De => ("Konfidenzintervall (95\u{a0}%)", "Befragte (n)"),
            Lang::En => ("Confidence interval (95%)", "Respondents (n)"),
        };
        let to = if lang == Lang::De { " bis " } else { " to " };
        for audience in AUDIENCES {
            let d = doc::build(&ev, audience, lang);
            let t = findings_table(&d, "diskriminierung");
            let (ci, n) = (column(t, ci_head), column(t, n_head));
            let mut shown = 0;
            for f in ind.findings.iter().filter(|f| f.area == AreaKey::Total) {
                let r = row(t, f);
                let resp = f.respondents.expect("a published survey value has its respondents");
                assert_eq!(r[n], format_count(resp, lang), "{audience:?} {}", f.label);
                assert!(r[ci].contains(to), "{audience:?} {}: {}", f.label, r[ci]);
                shown += 1;
            }
            assert_eq!(shown, 5, "{audience:?}: five groups of the whole city");
            // The key figures give interval and n next to the value.
            let key_value = d
                .sections
                .iter()
                .flat_map(|s| &s.blocks)
                .filter_map(|b| match b {
                    doc::Block::KeyFigures(t) => Some(t),
                    _ => None,
                })
                .flat_map(|t| &t.rows)
                .find(|r| r.first() == Some(&ind.title))
                .and_then(|r| r.get(2).cloned());
            if let Some(v) = key_value {
                assert!(v.contains("n\u{a0}=\u{a0}") && v.contains(to), "{audience:?} key figure: {v}");
            }
            let md = render_markdown(&d);
            assert!(md.contains(ci_head) && md.contains(n_head), "{audience:?} Markdown");
            let html = render_html(&d).expect("HTML");
            assert!(html.contains(n_head), "{audience:?} HTML");
            let files = site::build(&ev, audience, lang).expect("site").files;
            let n = format_count(ind.findings[1].respondents.unwrap_or_default(), lang);
            let on_site = files
                .iter()
                .filter(|(p, _)| p.ends_with(".html"))
                .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
                .any(|p| p.contains(n_head) && p.contains(&format!(">{n}</td>")));
            assert!(on_site, "{audience:?}: a site page shows n = {n}");
        }
    }
}

/// A gap within its sampling error is marked in the gap column.
#[test]
fn gaps_within_sampling_error_say_not_significant() {
    for (lang, word) in [(Lang::De, "nicht signifikant"), (Lang::En, "not significant")] {
        let ev = evaluated("grossstadt.kimon", lang);
        let ind =
            ev.findings.indicators.iter().find(|i| i.id == "zufriedenheit_verwaltung").expect("indicator");
        let f = ind
            .findings
            .iter()
            .find(|f| f.area == AreaKey::Total && f.comparisons.iter().any(|c| c.significant == Some(false)))
            .expect("a gap within its sampling error");
        for audience in AUDIENCES {
            let d = doc::build(&ev, audience, lang);
            let t = findings_table(&d, "zufriedenheit_verwaltung");
            let gap = column(t, if lang == Lang::De { "Abstand" } else { "Gap" });
            assert!(row(t, f)[gap].contains(word), "{audience:?}: {:?}", row(t, f));
            let significant = ind.findings.iter().find(|g| {
                g.area == AreaKey::Total && g.comparisons.iter().any(|c| c.significant == Some(true))
            });
            if let Some(g) = significant {
                assert!(!row(t, g)[gap].contains(word), "{audience:?}: {:?}", row(t, g));
            }
        }
    }
}

/// A cross-classified cell shows each comparison it made: foreign
/// under-18s against foreign 30–49-year-olds *and* against German
/// under-18s, each with its label and its gap in percentage points.
#[test]
fn cross_classified_rows_show_every_comparison() {
    for (lang, unit) in [(Lang::De, "%-Punkte"), (Lang::En, "pp")] {
        let ev = evaluated("grossstadt.kimon", lang);
        let ind = ev.findings.indicators.iter().find(|i| i.id == "sgb2_alter").expect("sgb2_alter");
        let kid = ind
            .findings
            .iter()
            .find(|f| {
                f.area == AreaKey::Total
                    && f.groups.iter().map(|g| g.group.as_deref()).eq([Some("a0_17"), Some("foreign")])
            })
            .expect("foreign under-18s");
        assert_eq!(kid.comparisons.len(), 2);
        for audience in AUDIENCES {
            let d = doc::build(&ev, audience, lang);
            let t = findings_table(&d, "sgb2_alter");
            let r = row(t, kid);
            let cmp = &r[column(t, if lang == Lang::De { "Vergleich" } else { "Comparison" })];
            let gap = &r[column(t, if lang == Lang::De { "Abstand" } else { "Gap" })];
            for c in &kid.comparisons {
                assert!(cmp.contains(&format!("{}: ", c.label)), "{audience:?}: {cmp}");
            }
            // One gap per comparison, in their order: with its unit, or
            // the sign of a value that is not published.
            let parts: Vec<&str> = gap.split("; ").collect();
            assert_eq!(parts.len(), kid.comparisons.len(), "{audience:?}: {gap}");
            for (p, c) in parts.iter().zip(&kid.comparisons) {
                assert_eq!(p.contains(unit), c.gap.is_some(), "{audience:?}: {gap}");
            }
            // The key figures name both comparisons too.
            for row in d.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
                doc::Block::KeyFigures(t) => Some(t),
                _ => None,
            }) {
                for r in row.rows.iter().filter(|r| r.first() == Some(&ind.title)) {
                    if r[1].starts_with(
                        &kid.groups.iter().map(|g| g.title.as_str()).collect::<Vec<_>>().join(", "),
                    ) {
                        for c in &kid.comparisons {
                            assert!(r[1].contains(&c.label), "{audience:?}: {}", r[1]);
                        }
                    }
                }
            }
        }
    }
}
