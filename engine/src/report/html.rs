//! The HTML renderer: one self-contained page (inline CSS, inline SVG, no
//! scripts, no external resources) from the report document, laid out by
//! a minijinja template with HTML auto-escaping. Only the charts' SVG is
//! inserted unescaped; the chart module escapes every text it writes.

use super::doc::ReportDoc;
use minijinja::value::Serde;
use minijinja::{context, AutoEscape, Environment, Value};

const TEMPLATE: &str = include_str!("templates/report.html");
/// The block layout shared with the web site (see [`super::site`]).
pub(crate) const BLOCKS: &str = include_str!("templates/blocks.html");
const CSS: &str = include_str!("templates/report.css");

/// Why the page could not be rendered (a template bug, not bad input).
#[derive(Debug, thiserror::Error)]
#[error("report template: {0}")]
pub struct RenderError(pub(crate) String);

/// Text as a CSS string literal. Every character that is not an ASCII
/// letter, digit or space is written as a hex escape, so no text from a
/// rulebook can end the string, the rule or the `<style>` element.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:06x}", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// Print margins: the running head and „Seite n von m“ on every page
/// but the first (the front page carries the title itself).
fn page_css(doc: &ReportDoc) -> String {
    let (page, of) = if doc.lang == "de" { ("Seite ", " von ") } else { ("Page ", " of ") };
    format!(
        "@page {{ @top-left {{ content: {}; font-size: 8pt; color: #505050; }} @bottom-right {{ content: {} counter(page) {} counter(pages); font-size: 8pt; color: #505050; }} }}\n@page :first {{ @top-left {{ content: none; }} }}",
        css_string(&doc.running_head),
        css_string(page),
        css_string(of)
    )
}

/// The template environment of the report and the site: HTML escaping
/// for every template, bidirectional controls made visible, and the
/// shared block layout loaded.
pub(crate) fn environment() -> Result<Environment<'static>, RenderError> {
    let mut env = Environment::new();
    // Escaping on for the page no matter the template's name.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    // Bidirectional controls in labels (from shared rulebooks and data)
    // would reverse how the text around them is shown: made visible.
    env.set_formatter(|out, state, value| {
        if let Some(s) = value.as_str() {
            if !value.is_safe() && crate::text::has_bidi_control(s) {
                return minijinja::escape_formatter(out, state, &Value::from(crate::text::show_bidi(s)));
            }
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.add_template("blocks.html", BLOCKS).map_err(|e| RenderError(e.to_string()))?;
    Ok(env)
}

/// The report's style sheet (the site adds its own rules to it).
pub(crate) const REPORT_CSS: &str = CSS;

/// Renders the document as a complete HTML page.
pub fn render_html(doc: &ReportDoc) -> Result<String, RenderError> {
    let mut env = environment()?;
    env.add_template("report.html", TEMPLATE).map_err(|e| RenderError(e.to_string()))?;
    let tmpl = env.get_template("report.html").map_err(|e| RenderError(e.to_string()))?;
    let footer = match doc.lang.as_str() {
        "de" => "Erstellt mit kimon (Kommunales IntegrationsMONitoring). Gesperrte Werte sind zum Schutz einzelner Personen nicht veröffentlicht.",
        _ => "Made with kimon (Kommunales IntegrationsMONitoring). Suppressed values are withheld to protect individuals.",
    };
    let mut html = tmpl
        .render(context! {
            doc => Serde(doc),
            css => Value::from_safe_string(CSS.to_string()),
            page_css => Value::from_safe_string(page_css(doc)),
            footer => footer,
        })
        .map_err(|e| RenderError(e.to_string()))?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn css_strings_cannot_break_out() {
        let s = css_string("a\"; } </style><script>x</script> ü");
        assert_eq!(s.matches('"').count(), 2, "only the delimiters: {s}");
        assert!(!s.contains('<') && !s.contains('}') && !s.contains(';'));
        assert!(s.contains("\\0000fc"), "umlaut escaped: {s}");
    }
}
