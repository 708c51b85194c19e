use crate::ast::Span;

/// A syntax error with the byte span it points at, a plain-language message
/// and a hint. The engine turns it into a miette diagnostic with the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
}

impl ParseError {
    pub fn new(message: impl Into<String>, span: Span, label: impl Into<String>) -> Self {
        ParseError { message: message.into(), span, label: label.into(), help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
