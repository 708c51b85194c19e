//! The language of messages for people (success lines, progress, usage
//! errors): German when `--lang de` is given, or the rulebook says
//! `language de`, or `LANG`/`LC_ALL`/`LC_MESSAGES` start with `de`;
//! English otherwise. Stable error codes (`kimon::…`) stay English.

/// Which language to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    De,
    En,
}

impl Ui {
    /// From the environment only (no rulebook read yet).
    pub fn from_env() -> Ui {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if v.is_empty() {
                    continue;
                }
                return if v.to_ascii_lowercase().starts_with("de") { Ui::De } else { Ui::En };
            }
        }
        Ui::En
    }

    /// For a command on a rulebook: an explicit `--lang` wins, then the
    /// rulebook's `language`, then the environment.
    pub fn for_rulebook(flag: Option<crate::args::Language>, rulebook_language: Option<&str>) -> Ui {
        match (flag, rulebook_language) {
            (Some(crate::args::Language::De), _) => Ui::De,
            (Some(crate::args::Language::En), _) => Ui::En,
            (None, Some(l)) if l.eq_ignore_ascii_case("de") => Ui::De,
            (None, Some(l)) if l.eq_ignore_ascii_case("en") => Ui::En,
            _ => Ui::from_env(),
        }
    }

    /// Picks the German or the English text.
    pub fn t<'a>(self, de: &'a str, en: &'a str) -> &'a str {
        match self {
            Ui::De => de,
            Ui::En => en,
        }
    }

    pub fn de(self) -> bool {
        self == Ui::De
    }
}
