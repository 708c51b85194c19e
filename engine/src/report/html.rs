//! The HTML renderer: one self-contained page (inline CSS, inline SVG, no
//! scripts, no external resources) from the report document, laid out by
//! a minijinja template with HTML auto-escaping. Only the charts' SVG is
//! inserted unescaped; the chart module escapes every text it writes.

use super::doc::ReportDoc;
use minijinja::value::Serde;
use minijinja::{context, AutoEscape, Environment, Value};

const TEMPLATE: &str = include_str!("templates/report.html");
const CSS: &str = include_str!("templates/report.css");

/// Why the page could not be rendered (a template bug, not bad input).
#[derive(Debug, thiserror::Error)]
#[error("report template: {0}")]
pub struct RenderError(String);

/// Renders the document as a complete HTML page.
pub fn render_html(doc: &ReportDoc) -> Result<String, RenderError> {
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
            footer => footer,
        })
        .map_err(|e| RenderError(e.to_string()))?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}
