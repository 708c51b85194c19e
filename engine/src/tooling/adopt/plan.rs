//! What an adopted indicator needs and what the target rulebook already
//! has: each field, source, dimension, area and `let` the indicator reads is
//! reused (the target has the same thing under the same id), added, or
//! added under a new name (the target has something different under that
//! id).

use crate::model::{GroupRuleDef, Indicator, LetBody, Model};
use indexmap::IndexMap;

/// The kinds of declarations an indicator depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Field,
    Source,
    Let,
    Dimension,
    Area,
    Indicator,
}

impl Kind {
    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Field => "field",
            Kind::Source => "source",
            Kind::Let => "let",
            Kind::Dimension => "dimension",
            Kind::Area => "area",
            Kind::Indicator => "indicator",
        }
    }
}

/// What happens to one declaration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum Action {
    /// The target declares the same thing under this id.
    Reuse,
    /// Copied under its own id.
    Add,
    /// Copied under a new id, because the target means something else by
    /// the peer's id.
    Rename { to: String },
}

/// One declaration the adopted indicator needs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Need {
    pub kind: Kind,
    pub id: String,
    #[serde(flatten)]
    pub action: Action,
}

impl Need {
    /// The id the declaration has in the target after adoption.
    pub fn target_id(&self) -> &str {
        match &self.action {
            Action::Rename { to } => to,
            _ => &self.id,
        }
    }
}

/// The declarations `ind` of `peer` needs, in the order they are written:
/// fields, sources, `let`s, dimensions, area, the indicator itself.
pub fn needs(peer: &Model, ind: &Indicator) -> Vec<(Kind, String)> {
    let mut out = vec![(Kind::Field, ind.field.clone())];
    for s in ind.sources() {
        out.push((Kind::Source, s.to_string()));
    }
    // Names read by the filters and group rules, then the lets they use.
    let mut names = Vec::new();
    for a in std::iter::once(&ind.numerator).chain(ind.denominator.as_ref()) {
        if let Some(f) = &a.filter {
            super::super::names_in(f, &mut names);
        }
    }
    for d in ind.dimensions.iter().filter_map(|d| peer.dimensions.get(d)) {
        for g in &d.groups {
            if let GroupRuleDef::When(e) = &g.rule {
                super::super::names_in(e, &mut names);
            }
        }
    }
    let mut lets: Vec<String> = Vec::new();
    let mut i = 0;
    while i < names.len() {
        let n = names[i].clone();
        i += 1;
        let Some(l) = peer.lets.get(&n) else { continue };
        if lets.contains(&n) {
            continue;
        }
        if let LetBody::Native(e) = &l.body {
            super::super::names_in(e, &mut names);
        }
        lets.push(n);
    }
    // A let is written before the lets it reads follow? Order does not
    // matter to the resolver; keep the order they were found in.
    out.extend(lets.into_iter().map(|l| (Kind::Let, l)));
    out.extend(ind.dimensions.iter().map(|d| (Kind::Dimension, d.clone())));
    out.extend(ind.area.iter().map(|a| (Kind::Area, a.clone())));
    out.push((Kind::Indicator, ind.id.clone()));
    out
}

/// Whether the target's declaration of `id` means the same as the peer's.
/// Fields and areas are the target's own frame (its fields of action, its
/// districts) and are always reused; a source is the same when it has the
/// same kind and definition of Migrationshintergrund (the file is local by
/// nature); dimensions and lets must agree in their rules.
fn same(kind: Kind, id: &str, peer: &Model, target: &Model) -> Option<bool> {
    Some(match kind {
        Kind::Field => target.fields.contains_key(id).then_some(true)?,
        Kind::Area => target.areas.contains_key(id).then_some(true)?,
        Kind::Source => {
            let (a, b) = (peer.sources.get(id)?, target.sources.get(id)?);
            a.kind == b.kind && a.mh_definition == b.mh_definition
        }
        Kind::Dimension => {
            let (a, b) = (peer.dimensions.get(id)?, target.dimensions.get(id)?);
            let rules = |d| {
                crate::tooling::diff::dimension_aspects(d)
                    .into_iter()
                    .filter(|(k, _)| *k != "title")
                    .collect::<Vec<_>>()
            };
            rules(a) == rules(b)
        }
        Kind::Let => {
            let (a, b) = (peer.lets.get(id)?, target.lets.get(id)?);
            let text = |l: &crate::model::LetDef| match &l.body {
                LetBody::Native(e) => kimon_grammar::format::expr_to_string(e),
                LetBody::Rhai { code, .. } => code.clone(),
            };
            text(a) == text(b)
        }
        Kind::Indicator => {
            target.indicators.get(id)?;
            false
        }
    })
}

fn taken(kind: Kind, id: &str, target: &Model) -> bool {
    match kind {
        Kind::Field => target.fields.contains_key(id),
        Kind::Source => target.sources.contains_key(id),
        Kind::Let => target.lets.contains_key(id),
        // `by` names dimensions and areas alike: one namespace.
        Kind::Dimension | Kind::Area => target.dimensions.contains_key(id) || target.areas.contains_key(id),
        Kind::Indicator => target.indicators.contains_key(id),
    }
}

/// Decides reuse, add or rename for every need. `suffix` (from the peer's
/// name) makes renamed ids: `arbeitslosigkeit_nordstadt`.
pub fn plan(peer: &Model, target: &Model, needs: &[(Kind, String)], suffix: &str) -> Vec<Need> {
    let mut new_ids: IndexMap<Kind, Vec<String>> = IndexMap::new();
    let mut out = Vec::new();
    for (kind, id) in needs {
        let action = match same(*kind, id, peer, target) {
            Some(true) => Action::Reuse,
            None if !taken(*kind, id, target) => Action::Add,
            _ => {
                let used = new_ids.entry(*kind).or_default();
                let mut to = format!("{id}_{suffix}");
                let mut n = 2;
                while taken(*kind, &to, target) || used.contains(&to) {
                    to = format!("{id}_{suffix}{n}");
                    n += 1;
                }
                Action::Rename { to }
            }
        };
        if let Action::Rename { to } = &action {
            new_ids.entry(*kind).or_default().push(to.clone());
        }
        out.push(Need { kind: *kind, id: id.clone(), action });
    }
    out
}
