//! The catalogue as one self-contained, accessible HTML page: no script, no
//! external request (styles inline), `lang` set, one `h1`, headings in
//! order, tables with captions and `th scope`. German by default.

use super::group::aspect_label;
use super::{Catalogue, Entry, Measure};
use crate::report::numfmt::Lang;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An id attribute from rulebook ids (already identifiers; kept safe anyway).
fn anchor(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '-' }).collect::<String>())
        .collect::<Vec<_>>()
        .join("--")
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;line-height:1.5;margin:0 auto;max-width:72rem;padding:1rem;color:#1a1a1a;background:#fff}\
table{border-collapse:collapse;margin:0.5rem 0 1rem;width:100%}\
th,td{border:1px solid #767676;padding:0.3rem 0.5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
table{table-layout:fixed}\
thead th{background:#e8e8e8}caption{text-align:left;font-weight:bold;padding:0.3rem 0}\
article{border-top:2px solid #595959;margin-top:1.5rem}\
.warn{background:#fff4e5;border-left:4px solid #8a4b00;padding:0.4rem 0.6rem}\
.ok{background:#eef7ee;border-left:4px solid #1e5e1e;padding:0.4rem 0.6rem}\
dt{font-weight:bold}dd{margin:0 0 0.4rem 1rem}code{font-family:ui-monospace,monospace;background:#f2f2f2;padding:0 0.2rem}\
a{color:#0b4f9c}";

/// Renders the catalogue as HTML in `lang`.
pub fn render_html(c: &Catalogue, lang: Lang) -> String {
    let de = lang == Lang::De;
    let tr = |a: &str, b: &str| if de { a.to_string() } else { b.to_string() };
    let mut h = String::new();
    let title = tr("Katalog der Indikatoren", "Catalogue of indicators");
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"kimon-charts\" content=\"0\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n",
        if de { "de" } else { "en" }
    ));
    h.push_str(&format!(
        "<p>{}</p>\n</header>\n<main>\n",
        tr(
            "Wie messen andere Kommunen dasselbe? Der Katalog zeigt die Definitionen aller Indikatoren der gelesenen Regelwerke – keine Werte. Indikatoren, die dasselbe messen, stehen zusammen; wo sie sich unterscheiden, ist es ausgewiesen. Unterschiedlich definierte Indikatoren dürfen nicht nebeneinandergestellt werden („Äpfel mit Birnen“).",
            "How do other municipalities measure the same thing? The catalogue shows the definitions of every indicator of the rulebooks read — no values. Indicators that measure the same thing stand together, with their differences spelled out. Indicators defined differently must not be set side by side (“apples and pears”)."
        )
    ));
    rulebooks(&mut h, c, lang);
    if !c.fields.is_empty() {
        h.push_str(&format!("<nav aria-label=\"{}\">\n<ul>\n", tr("Handlungsfelder", "Fields of action")));
        for f in &c.fields {
            h.push_str(&format!("<li><a href=\"#{}\">{}</a></li>\n", anchor(&["f", &f.id]), esc(&f.title)));
        }
        h.push_str("</ul>\n</nav>\n");
    }
    for f in &c.fields {
        h.push_str(&format!("<section id=\"{}\">\n<h2>{}</h2>\n", anchor(&["f", &f.id]), esc(&f.title)));
        for m in &f.measures {
            measure(&mut h, &f.id, m, lang);
        }
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn rulebooks(h: &mut String, c: &Catalogue, lang: Lang) {
    let de = lang == Lang::De;
    let tr = |a: &'static str, b: &'static str| if de { a } else { b };
    h.push_str(&format!(
        "<section id=\"regelwerke\">\n<h2>{}</h2>\n",
        tr("Gelesene Regelwerke", "Rulebooks read")
    ));
    h.push_str(&format!(
        "<table>\n<caption>{}</caption>\n<thead><tr>",
        tr("Regelwerke im Katalog", "Rulebooks in the catalogue")
    ));
    for col in [
        tr("Datei", "File"),
        tr("Regelwerk", "Rulebook"),
        tr("Kommune", "Municipality"),
        tr("Herausgeber", "Publisher"),
        "Version",
        tr("Indikatoren", "Indicators"),
    ] {
        h.push_str(&format!("<th scope=\"col\">{col}</th>"));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for r in &c.rulebooks {
        let opt = |o: &Option<String>| o.as_deref().map_or_else(|| "–".to_string(), esc);
        h.push_str(&format!(
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&r.file),
            esc(&r.name),
            opt(&r.municipality),
            opt(&r.publisher),
            opt(&r.version),
            r.indicators
        ));
    }
    h.push_str("</tbody>\n</table>\n");
    if !c.warnings.is_empty() {
        h.push_str(&format!("<h3>{}</h3>\n<ul>\n", tr("Nicht gelesen", "Not read")));
        for w in &c.warnings {
            h.push_str(&format!("<li>{}</li>\n", esc(w)));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

/// Who an entry belongs to, for column heads.
fn owner(e: &Entry) -> String {
    match &e.municipality {
        Some(m) => format!("{m} ({})", e.rulebook),
        None => e.rulebook.clone(),
    }
}

fn measure(h: &mut String, field: &str, m: &Measure, lang: Lang) {
    let de = lang == Lang::De;
    let tr = |a: &'static str, b: &'static str| if de { a } else { b };
    h.push_str(&format!(
        "<article id=\"{}\">\n<h3>{} <code>{}</code></h3>\n",
        anchor(&["m", field, &m.id]),
        esc(&m.title),
        esc(&m.id)
    ));
    if m.entries.len() > 1 {
        if m.comparable {
            h.push_str(&format!(
                "<p class=\"ok\">{} {}</p>\n",
                m.entries.len(),
                tr(
                    "Regelwerke messen dies gleich (Zähler, Nenner, Einheit und Definition des Migrationshintergrunds stimmen überein).",
                    "rulebooks measure this alike (numerator, denominator, unit and definition of migration background agree)."
                )
            ));
        } else {
            let what: Vec<&str> = m
                .mismatch
                .iter()
                .map(|a| match a.as_str() {
                    "numerator" => aspect_label("definition", lang),
                    "denominator" => aspect_label("base_population", lang),
                    other => aspect_label(other, lang),
                })
                .collect();
            h.push_str(&format!(
                "<p class=\"warn\"><strong>{}</strong> {} {}.</p>\n",
                tr("Äpfel mit Birnen:", "Apples and pears:"),
                tr(
                    "Die Werte sind nicht vergleichbar; es unterscheiden sich",
                    "the figures are not comparable; they differ in"
                ),
                esc(&what.join(", "))
            ));
        }
    }
    if !m.differences.is_empty() {
        h.push_str(&format!(
            "<table>\n<caption>{} {}</caption>\n<thead><tr><th scope=\"col\">{}</th>",
            tr("Unterschiede:", "Differences:"),
            esc(&m.title),
            tr("Aspekt", "Aspect")
        ));
        for e in &m.entries {
            h.push_str(&format!("<th scope=\"col\">{} <code>{}</code></th>", esc(&owner(e)), esc(&e.id)));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for d in &m.differences {
            h.push_str(&format!("<tr><th scope=\"row\">{}</th>", aspect_label(&d.aspect, lang)));
            for v in &d.values {
                h.push_str(&format!("<td>{}</td>", esc(&v.value)));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
    }
    for e in &m.entries {
        entry(h, e, lang);
    }
    h.push_str("</article>\n");
}

fn entry(h: &mut String, e: &Entry, lang: Lang) {
    let de = lang == Lang::De;
    let tr = |a: &'static str, b: &'static str| if de { a } else { b };
    h.push_str(&format!("<h4>{} <code>{}</code></h4>\n<dl>\n", esc(&owner(e)), esc(&e.id)));
    let mut item = |dt: &str, dd: String| h.push_str(&format!("<dt>{dt}</dt><dd>{dd}</dd>\n"));
    item(tr("Titel", "Title"), esc(&e.title));
    if let Some(p) = &e.publisher {
        item(tr("Herausgeber", "Publisher"), esc(p));
    }
    let core = if e.core { tr(" — Kernindikator", " — core indicator") } else { "" };
    item(tr("Handlungsfeld", "Field of action"), format!("{}{core}", esc(&e.field_title)));
    if !e.steerability.is_empty() {
        item(tr("Steuerbarkeit", "Steerability"), esc(&e.steerability));
    }
    if let Some(p) = &e.purpose {
        item(tr("Wozu?", "Purpose"), esc(p));
    }
    if let Some(d) = &e.definition {
        item("Definition", esc(d));
    }
    item(
        tr("Zähler", "Numerator"),
        format!("{}<br><code>{}</code>", esc(&e.numerator_words), esc(&e.numerator)),
    );
    if let (Some(w), Some(f)) = (&e.denominator_words, &e.denominator) {
        item(tr("Nenner", "Denominator"), format!("{}<br><code>{}</code>", esc(w), esc(f)));
    }
    item(tr("Einheit", "Unit"), format!("{}; {}", esc(&e.unit), esc(&e.polarity)));
    for s in &e.sources {
        let date = s.reference_date.as_deref().map_or_else(String::new, |d| format!("; {}", esc(d)));
        item(
            tr("Quelle", "Source"),
            format!(
                "{} (<code>{}</code>), {}{date}<br>{}: {}",
                esc(&s.title),
                esc(&s.id),
                esc(&s.kind),
                tr("Migrationshintergrund", "Migration background"),
                esc(&s.mh_words)
            ),
        );
    }
    for g in &e.groups {
        let groups: Vec<String> = g.groups.iter().map(|x| esc(x)).collect();
        item(tr("Gruppen", "Groups"), format!("{}: {}", esc(&g.title), groups.join("; ")));
    }
    if let Some(a) = &e.area {
        item(tr("Gebiet", "Area"), esc(a));
    }
    if !e.targets.is_empty() {
        item(tr("Ziele", "Targets"), esc(&e.targets.join("; ")));
    }
    if !e.thresholds.is_empty() {
        item(tr("Schwellenwerte", "Thresholds"), esc(&e.thresholds.join("; ")));
    }
    if let Some(p) = &e.adopted {
        item(
            tr("Übernommen aus", "Adopted from"),
            format!("{} (sha256 <code>{}</code>)", esc(&p.from), esc(&p.sha256)),
        );
    }
    h.push_str("</dl>\n");
}
