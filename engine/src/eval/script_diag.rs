//! rhai errors as diagnostics pointing into the rulebook: the script's
//! offset is shifted to the code's position in the rulebook file.

use crate::diag::{Diag, FileId};
use crate::sandbox::ScriptError;
use kimon_grammar::ast::Span;

fn point(code_span: Span, offset: Option<usize>) -> Span {
    match offset {
        Some(o) if code_span.start + o < code_span.end => {
            Span::new(code_span.start + o, code_span.start + o + 1)
        }
        _ => code_span,
    }
}

pub fn compile_error(e: &ScriptError, file: FileId, code_span: Span, name: &str) -> Diag {
    Diag::error("rhai-compile", format!("the rhai script of `let {name}` does not compile: {e}"))
        .at(file, point(code_span, e.offset()), "here")
        .help("rulebook scripts are single rhai expressions over the source's columns; `import`, `eval`, files and printing are not available")
}

pub fn runtime_error(
    e: &ScriptError,
    file: FileId,
    code_span: Span,
    name: &str,
    data: &str,
    line: u64,
) -> Diag {
    let limit = matches!(e, ScriptError::LimitExceeded { .. });
    Diag::error(
        if limit { "rhai-limit" } else { "rhai-runtime" },
        format!("the rhai script of `let {name}` failed on {data}, line {line}: {e}"),
    )
    .at(file, point(code_span, e.offset()), if limit { "limit exceeded here" } else { "failed here" })
    .help(if limit {
        "scripts run under fixed limits (operations, call depth, string/array size, 1 s per row); simplify the script"
    } else {
        "check the script against this data row; test for missing values with `x == ()`"
    })
}
