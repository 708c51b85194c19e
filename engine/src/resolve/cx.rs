//! Shared helpers for resolution: reporting unknown names with a
//! did-you-mean hint, and parsing keyword-like identifiers.

use crate::diag::{Diag, Diags, FileId, SourceMap};
use crate::model::Origin;
use kimon_grammar::ast::{Ident, Span};
use kimon_grammar::suggest::did_you_mean;

pub struct Cx<'a> {
    pub diags: &'a mut Diags,
    #[allow(dead_code)]
    pub sources: &'a SourceMap,
}

impl Cx<'_> {
    pub fn push(&mut self, d: Diag) {
        self.diags.push(d);
    }

    /// Reports `name` as unknown among `candidates` (e.g. "dimension").
    pub fn unknown<'c>(
        &mut self,
        what: &str,
        name: &Ident,
        file: FileId,
        candidates: impl IntoIterator<Item = &'c str> + Clone,
    ) {
        let hint = did_you_mean(&name.name, candidates.clone());
        let list: Vec<&str> = candidates.into_iter().take(12).collect();
        let help = match hint {
            Some(h) => format!("did you mean `{h}`?"),
            None if list.is_empty() => format!("no {what} is declared; declare one first"),
            None => {
                format!("known: {}", list.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "))
            }
        };
        self.push(
            Diag::error("unknown-name", format!("`{}` is not a declared {what}", name.name))
                .at(file, name.span, format!("not a declared {what}"))
                .help(help),
        );
    }

    /// Parses a keyword-valued attribute (unit, polarity, …) or reports it.
    pub fn keyword<T>(
        &mut self,
        what: &str,
        ident: &Ident,
        file: FileId,
        allowed: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = parse(&ident.name);
        if v.is_none() {
            let hint = did_you_mean(&ident.name, allowed.iter().copied());
            let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
            self.push(
                Diag::error("invalid-value", format!("`{}` is not a valid {what}", ident.name))
                    .at(file, ident.span, format!("expected {list}"))
                    .help(match hint {
                        Some(h) => format!("did you mean `{h}`?"),
                        None => format!("use one of {list}"),
                    }),
            );
        }
        v
    }

    pub fn error(
        &mut self,
        code: &str,
        message: impl Into<String>,
        file: FileId,
        span: Span,
        label: impl Into<String>,
    ) {
        self.push(Diag::error(code, message).at(file, span, label));
    }
}

pub fn origin(file: FileId, span: Span) -> Origin {
    Origin { file, span }
}
