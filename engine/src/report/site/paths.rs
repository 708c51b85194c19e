//! Where each page of the site lies: a permanent address from the
//! indicator's (or field's) id.
//!
//! Why these rules: ids are Unicode and a rulebook author may rename
//! nothing but the title, so the id is the stable part of an address.
//! An address must also survive any web server and file system:
//!
//! - an id of lowercase ASCII letters, digits and `_` is its own name
//!   (`indikator/auslaenderanteil/`), readable and permanent;
//! - any other id (umlauts, capitals, other scripts, a reserved Windows
//!   name such as `con`) becomes a readable ASCII stem, a `-` and twelve
//!   hex digits of the SHA-256 of the id (`indikator/quote-1a2b…/`).
//!
//! Plain names never contain `-`, so the two kinds cannot collide; two
//! hashed names are compared when the site is built (see
//! [`super::build`]), so a collision is refused, never written over.
//! Names are lowercase, so file systems that ignore case cannot merge two.

/// Names Windows refuses as file names, whatever the extension.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
    "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The longest plain name and the longest readable stem of a hashed one.
const MAX_PLAIN: usize = 64;
const MAX_STEM: usize = 40;

/// The file-name stem for an id (without folder and extension).
pub(crate) fn slug(id: &str) -> String {
    let plain = !id.is_empty()
        && id.len() <= MAX_PLAIN
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !RESERVED.contains(&id);
    if plain {
        return id.to_string();
    }
    let mut stem = String::new();
    for c in id.chars().flat_map(char::to_lowercase) {
        let piece = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() || c == '_' => {
                stem.push(c);
                continue;
            }
            _ => "-",
        };
        stem.push_str(piece);
    }
    let mut collapsed = String::new();
    for part in stem.split('-').filter(|p| !p.is_empty()) {
        if collapsed.len() + part.len() + 1 > MAX_STEM {
            break;
        }
        if !collapsed.is_empty() {
            collapsed.push('-');
        }
        collapsed.push_str(part);
    }
    let hash = crate::pin::sha256_hex(id.as_bytes());
    if collapsed.is_empty() {
        format!("id-{}", &hash[..12])
    } else {
        format!("{collapsed}-{}", &hash[..12])
    }
}

/// The page of an indicator: a folder per indicator, so its address on
/// a web server is `/indikator/<id>/` as in the indicator portals. Links
/// name the `index.html` inside, which `file://` needs (it lists a folder
/// instead of opening its index).
pub(crate) fn indicator_page(id: &str) -> String {
    format!("indikator/{}/index.html", slug(id))
}

/// The page of a field of action.
pub(crate) fn field_page(id: &str) -> String {
    format!("handlungsfelder/{}.html", slug(id))
}

/// The `n`th (1-based) download of an indicator's page, as `ext` (`csv`
/// or `xlsx`: the same table, so the same stem).
pub(crate) fn download(id: &str, n: usize, ext: &str) -> String {
    format!("daten/{}-{n}.{ext}", slug(id))
}

/// `to` as seen from the page at `from` (both relative to the site's
/// root): every link is relative, so the folder works anywhere.
pub(crate) fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_are_their_own_names() {
        assert_eq!(slug("auslaenderanteil"), "auslaenderanteil");
        assert_eq!(slug("sgb2_quote_2"), "sgb2_quote_2");
    }

    #[test]
    fn other_ids_get_a_readable_stem_and_a_hash() {
        let s = slug("Einbürgerungsquote");
        assert!(s.starts_with("einbuergerungsquote-"), "{s}");
        assert_eq!(s.len(), "einbuergerungsquote-".len() + 12);
        assert_ne!(slug("Quote"), slug("quote"), "case-only differences stay apart");
        assert!(slug("con").starts_with("con-"), "reserved Windows name");
        assert!(slug("日本").starts_with("id-"), "no ASCII at all");
        assert!(slug("../../etc/passwd")
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(slug("Einbürgerungsquote"), s, "stable");
    }

    #[test]
    fn plain_and_hashed_names_cannot_meet() {
        for id in ["a-b", "A", "ä", "x y", "con"] {
            assert!(slug(id).contains('-'), "{id}");
        }
        assert!(!slug("a_b").contains('-'));
    }

    #[test]
    fn links_are_relative() {
        assert_eq!(relative("index.html", "glossar.html"), "glossar.html");
        assert_eq!(relative("indikator/x/index.html", "daten/x-1.csv"), "../../daten/x-1.csv");
        assert_eq!(indicator_page("quote"), "indikator/quote/index.html");
    }
}
