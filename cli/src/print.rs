//! Printing diagnostics to the terminal: colour only when stderr is a
//! terminal and `NO_COLOR` is not set.

use kimon_engine::diag::{render_human, Diag, RenderStyle, SourceMap};
use std::io::IsTerminal;

pub fn style() -> RenderStyle {
    if std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal() {
        RenderStyle::Colour
    } else {
        RenderStyle::Plain
    }
}

pub fn diags(diags: &[Diag], sources: &SourceMap) {
    if !diags.is_empty() {
        eprint!("{}", render_human(diags, sources, style()));
    }
}
