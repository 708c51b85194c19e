/// The language of a report. German is the default because the reports go
/// to German city councils; English exists for partner cities and reviewers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    /// German: `1.234,5`, `12,3 %`.
    #[default]
    De,
    /// English: `1,234.5`, `12.3%`.
    En,
}

impl Lang {
    /// The decimal separator.
    pub fn decimal_separator(self) -> char {
        match self {
            Lang::De => ',',
            Lang::En => '.',
        }
    }

    /// The separator between groups of three integer digits.
    pub fn group_separator(self) -> char {
        match self {
            Lang::De => '.',
            Lang::En => ',',
        }
    }

    /// The BCP 47 tag, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
}
