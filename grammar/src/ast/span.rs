use serde::Serialize;

/// A byte range in the source file. Two spans always compare equal: the AST
/// equality that the formatter tests rely on must ignore positions.
#[derive(Debug, Clone, Copy, Default, Serialize, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Shifts a span parsed from a slice back into whole-file coordinates.
    pub fn offset(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl PartialEq for Span {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, _state: &mut H) {}
}

/// A name written by the rulebook author, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal, already unescaped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

/// A number with an optional unit suffix (`%` or `pp`) as the author wrote it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub value: f64,
    /// The literal digits, kept so the formatter prints `2.50` back as written.
    pub literal: String,
    pub suffix: Option<Suffix>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Suffix {
    Percent,
    PercentagePoints,
}

/// An integer such as a year, with its span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Int {
    pub value: i64,
    pub span: Span,
}
