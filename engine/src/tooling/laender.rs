//! The sixteen Länder, for `kimon init --land`. The Land a rulebook names
//! is printed in the report's key facts; a scaffold must never take it
//! silently from the core set (whose example city lies in Hessen), so
//! `init` asks for it and writes it, and only these sixteen names pass.

/// Official name and the two-letter abbreviation (ISO 3166-2:DE suffix).
pub const LAENDER: [(&str, &str); 16] = [
    ("Baden-Württemberg", "BW"),
    ("Bayern", "BY"),
    ("Berlin", "BE"),
    ("Brandenburg", "BB"),
    ("Bremen", "HB"),
    ("Hamburg", "HH"),
    ("Hessen", "HE"),
    ("Mecklenburg-Vorpommern", "MV"),
    ("Niedersachsen", "NI"),
    ("Nordrhein-Westfalen", "NW"),
    ("Rheinland-Pfalz", "RP"),
    ("Saarland", "SL"),
    ("Sachsen", "SN"),
    ("Sachsen-Anhalt", "ST"),
    ("Schleswig-Holstein", "SH"),
    ("Thüringen", "TH"),
];

/// Lower case with umlauts spelled out, so `thueringen` and `Thüringen`
/// compare equal.
fn fold(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('ß', "ss")
        .replace(' ', "-")
}

/// The official name for what a user typed (name in any case, with or
/// without umlauts, or the abbreviation); `None` if it is no Land.
pub fn canonical(input: &str) -> Option<&'static str> {
    let want = fold(input);
    LAENDER
        .iter()
        .find(|(name, abbr)| fold(name) == want || abbr.eq_ignore_ascii_case(input.trim()))
        .map(|(n, _)| *n)
}

/// The closest official name, for a did-you-mean hint.
pub fn suggest(input: &str) -> Option<&'static str> {
    let want = fold(input);
    LAENDER
        .iter()
        .map(|(n, _)| (kimon_grammar::suggest::edit_distance(&fold(n), &want), *n))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_abbreviations_and_ascii_spellings() {
        assert_eq!(canonical("hessen"), Some("Hessen"));
        assert_eq!(canonical("NW"), Some("Nordrhein-Westfalen"));
        assert_eq!(canonical("Thueringen"), Some("Thüringen"));
        assert_eq!(canonical("baden wuerttemberg"), Some("Baden-Württemberg"));
        assert_eq!(canonical("Bavaria"), None);
        assert_eq!(suggest("Sachsen-Anhlt"), Some("Sachsen-Anhalt"));
    }
}
