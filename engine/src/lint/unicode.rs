//! Spoofing lints over the parsed files (before resolution, so they see
//! every identifier and literal with its span):
//!
//! - an identifier or a filter literal mixing scripts (`DЕ` with a Cyrillic
//!   `Е`): a look-alike letter makes a filter compare with a text no data
//!   holds, so a group silently comes out empty;
//! - two different identifiers that look the same (Unicode confusables
//!   skeleton, UTS #39): two indicators or groups a reader cannot tell apart;
//! - bidirectional controls inside labels (outside labels they are syntax
//!   errors): outputs show them visibly; the warning says where they are.
//!
//! Uses the Unicode data of the `unicode-security` crate.

use crate::diag::{Diag, Diags, FileId};
use crate::load::Loaded;
use kimon_grammar::ast::{Expr, Ident, IndicatorProp, Item, LetValue, Literal, Span};
use unicode_security::MixedScript;

pub fn lint(loaded: &Loaded, diags: &mut Diags) {
    let mut idents: Vec<(FileId, Ident)> = Vec::new();
    for f in &loaded.files {
        let mut filter_texts: Vec<(String, Span)> = Vec::new();
        for item in &f.ast.items {
            collect(item, &mut idents, f.id, &mut filter_texts);
        }
        for (text, span) in filter_texts {
            if !text.is_single_script() {
                diags.push(
                    Diag::warning(
                        "lint::mixed-script",
                        format!("the text {} in a filter mixes scripts ({})", quoted(&text), foreign_letters(&text)),
                    )
                    .at(f.id, span, "look-alike letters")
                    .help("the filter compares with exactly these letters, so rows that look the same do not match; retype the text in one script"),
                );
            }
        }
        bidi_in_labels(loaded, f.id, diags);
    }
    // Identifiers: mixed script, then look-alike pairs (one pass, keyed by
    // the confusables skeleton).
    let mut names: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut skeletons: std::collections::HashMap<String, (FileId, &Ident)> = std::collections::HashMap::new();
    let mut pairs: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    for (file, id) in &idents {
        if !names.insert(id.name.as_str()) {
            continue;
        }
        if !id.name.is_single_script() {
            diags.push(
                Diag::warning(
                    "lint::mixed-script",
                    format!("identifier {} mixes scripts ({})", quoted(&id.name), foreign_letters(&id.name)),
                )
                .at(*file, id.span, "look-alike letters")
                .help("retype the name in one script, so that it cannot be confused with another one"),
            );
        }
        let skel: String = unicode_security::skeleton(&id.name).collect();
        match skeletons.get(&skel) {
            Some((ofile, other)) => {
                if !pairs.insert((other.name.clone(), id.name.clone())) {
                    continue;
                }
                let mut d = Diag::warning(
                    "lint::confusable",
                    format!(
                        "identifiers {} and {} look the same but are different names",
                        quoted(&other.name),
                        quoted(&id.name)
                    ),
                )
                .at(*file, id.span, "this one")
                .help(format!(
                    "rename one of them; {}",
                    foreign_letters(&format!("{}{}", other.name, id.name))
                ));
                if ofile == file {
                    d.related.push((other.span, "looks like this one".into()));
                }
                diags.push(d);
            }
            None => {
                skeletons.insert(skel, (*file, id));
            }
        }
    }
}

/// A name or text for a message, in backticks, at most 80 characters.
fn quoted(s: &str) -> String {
    let mut out = String::from("`");
    for c in s.chars().take(80) {
        out.push(c);
    }
    out.push('`');
    out
}

/// The look-alike letters of a text that mixes scripts, in words (`None`
/// for a text in one script); used by the data notices too.
pub fn mixed_script(s: &str) -> Option<String> {
    (!s.is_single_script()).then(|| foreign_letters(s))
}

/// "Cyrillic `Е` (U+0415)" for the letters outside the text's main script.
fn foreign_letters(s: &str) -> String {
    use unicode_script::UnicodeScript;
    let mut counts: Vec<(unicode_script::Script, usize)> = Vec::new();
    for c in s.chars() {
        let sc = c.script();
        if matches!(sc, unicode_script::Script::Common | unicode_script::Script::Inherited) {
            continue;
        }
        match counts.iter_mut().find(|(x, _)| *x == sc) {
            Some((_, n)) => *n += 1,
            None => counts.push((sc, 1)),
        }
    }
    // Rulebooks are German: Latin is the expected script whenever present.
    let main = if counts.iter().any(|(s, _)| *s == unicode_script::Script::Latin) {
        Some(unicode_script::Script::Latin)
    } else {
        counts.iter().max_by_key(|(_, n)| *n).map(|(s, _)| *s)
    };
    let mut parts: Vec<String> = Vec::new();
    for c in s.chars() {
        let sc = c.script();
        if Some(sc) != main
            && !matches!(sc, unicode_script::Script::Common | unicode_script::Script::Inherited)
        {
            let p = format!("{} `{c}` (U+{:04X})", sc.full_name(), c as u32);
            if !parts.contains(&p) {
                parts.push(p);
            }
        }
    }
    if parts.is_empty() {
        "different scripts".into()
    } else {
        parts.join(", ")
    }
}

fn collect(item: &Item, idents: &mut Vec<(FileId, Ident)>, file: FileId, texts: &mut Vec<(String, Span)>) {
    let mut exprs: Vec<&Expr> = Vec::new();
    match item {
        Item::Source(d) => idents.push((file, d.id.clone())),
        Item::Dimension(d) => {
            idents.push((file, d.id.clone()));
            for p in &d.props {
                if let kimon_grammar::ast::DimensionProp::Group(g) = &p.kind {
                    idents.push((file, g.id.clone()));
                    if let kimon_grammar::ast::GroupRule::When(e) = &g.rule {
                        exprs.push(e);
                    }
                }
            }
        }
        Item::Area(d) => idents.push((file, d.id.clone())),
        Item::Field(d) => idents.push((file, d.id.clone())),
        Item::Indicator(d) => {
            idents.push((file, d.id.clone()));
            for p in &d.props {
                if let IndicatorProp::Numerator(a) | IndicatorProp::Denominator(a) = &p.kind {
                    if let Some(f) = &a.filter {
                        exprs.push(f);
                    }
                }
            }
        }
        Item::Check(d) => {
            idents.push((file, d.id.clone()));
            for p in &d.props {
                if let kimon_grammar::ast::CheckProp::Expect(e) = &p.kind {
                    exprs.push(e);
                }
            }
        }
        Item::Let(d) => {
            idents.push((file, d.name.clone()));
            if let LetValue::Native(e) = &d.value {
                exprs.push(e);
            }
        }
        _ => {}
    }
    for e in exprs {
        e.walk(&mut |x| match x {
            Expr::Str(t) => texts.push((t.value.clone(), t.span)),
            Expr::Name(i) => idents.push((file, i.clone())),
            Expr::InList { items, .. } => {
                for l in items {
                    match l {
                        Literal::Str(t) => texts.push((t.value.clone(), t.span)),
                        Literal::Name(i) => idents.push((file, i.clone())),
                        Literal::Number { .. } => {}
                    }
                }
            }
            Expr::Aggregate(a) => {
                if let Some(c) = &a.column {
                    idents.push((file, c.clone()));
                }
            }
            _ => {}
        });
    }
}

/// A warning per label holding bidirectional controls (any in the file is
/// inside a string: elsewhere the parser refuses them).
fn bidi_in_labels(loaded: &Loaded, file: FileId, diags: &mut Diags) {
    let text = loaded.sources.text(file);
    if !crate::text::has_bidi_control(text) {
        return;
    }
    for (i, c) in text.char_indices().filter(|(_, c)| crate::text::is_bidi_control(*c)) {
        diags.push(
            Diag::warning(
                "lint::bidi-control",
                format!("a label holds the invisible direction control U+{:04X}", c as u32),
            )
            .at(file, Span::new(i, i + c.len_utf8()), "here")
            .help("it could reverse how the label reads; reports and exports show it as <U+…>; delete it unless the label really needs it"),
        );
        if diags.items.len() > 10_000 {
            return;
        }
    }
}
