//! Translating indicator tables into the constraint system of the privacy
//! module (cells, linear relations, rate pairs) and its statuses back into
//! published tables.

use super::atom_index::{AtomIndex, Part};
use super::cell_key::Noise;
use super::shown::{PubCell, PublishedTable, Shown, Suppression};
use super::structural::Structural;
use crate::assess::survey::Design;
use crate::eval::{Acc, AreaKey, CellKey, Evaluation, IndicatorTable};
use crate::model::{GroupRuleDef, Indicator, Model, SourceKind};
use crate::privacy::{Cell, CellId, ForcedReason, PrivacyRules, RelationKind, SdcProblem, Status};
use indexmap::IndexMap;

/// Latent cells up to which the atom relations are audited. Above it the
/// audit of one large component takes minutes (measured: 9,318 latents in
/// the large-city example); the run then falls back to the table relations
/// and says so in a warning. See the closing note of issue 11.
pub const MAX_ATOM_LATENTS: usize = 6000;

pub struct Built {
    /// Whether the atom relations were too many and left out.
    pub atoms_skipped: Option<usize>,
    pub problem: SdcProblem,
    /// Dedup key of every cell → its id.
    pub keys: IndexMap<String, CellId>,
}

/// The identity of a count, independent of which indicator publishes it: the
/// atom classes it sums (see `atom_index.rs`), or, for a cell without atoms
/// (never the case for an evaluated table), its measure text.
pub(crate) fn identity_key(
    index: &AtomIndex,
    part: Part,
    measure: &str,
    table: &IndicatorTable,
    key: &CellKey,
) -> String {
    match index.identity_of(&table.indicator, part, key) {
        Some(id) => format!("atoms#{id}"),
        None => cell_key(measure, table, key),
    }
}

/// The text identity of a count: the measure, the year, the area and the
/// groups that are not totals.
fn cell_key(measure: &str, table: &IndicatorTable, key: &CellKey) -> String {
    let area = match &key.area {
        AreaKey::Total => "total".to_string(),
        AreaKey::Unit(c) => format!("{}={c}", table.area.as_deref().unwrap_or("")),
    };
    let mut groups: Vec<String> = table
        .dims
        .iter()
        .zip(&key.groups)
        .filter_map(|(d, g)| g.as_ref().map(|g| format!("{d}={g}")))
        .collect();
    groups.sort();
    format!("{measure}#{}#{area}#{}", key.year, groups.join(","))
}

fn label(ind: &str, part: &str, table: &IndicatorTable, key: &CellKey) -> String {
    let area = match &key.area {
        AreaKey::Total => "gesamt".to_string(),
        AreaKey::Unit(c) => c.clone(),
    };
    let groups: Vec<String> = table
        .dims
        .iter()
        .zip(&key.groups)
        .map(|(d, g)| format!("{d}={}", g.as_deref().unwrap_or("insgesamt")))
        .collect();
    format!("{ind}.{part} {} {area} {}", key.year, groups.join(" "))
}

fn forced(acc: &Acc) -> Option<ForcedReason> {
    if acc.incomplete {
        return Some(ForcedReason::Missing);
    }
    match acc.missing? {
        crate::data::MissingKind::NotAvailable => Some(ForcedReason::Missing),
        _ => Some(ForcedReason::SuppressedAtSource),
    }
}

struct Builder<'f> {
    /// Cells another protection run has suppressed: hidden here as well.
    hidden_elsewhere: &'f std::collections::BTreeSet<String>,
    index: &'f AtomIndex,
    /// Identity id of each cell of this run that has one.
    identities: IndexMap<CellId, usize>,
    problem: SdcProblem,
    keys: IndexMap<String, CellId>,
    relations: std::collections::BTreeSet<(usize, Vec<usize>)>,
}

impl Builder<'_> {
    fn cell(&mut self, key: String, label: String, acc: &Acc, survey: bool) -> CellId {
        if let Some(id) = self.keys.get(&key) {
            return *id;
        }
        let mut cell = Cell::count(label, acc.sum.max(0.0));
        if survey {
            cell = cell.with_contributors(acc.rows);
        }
        if let Some(f) = forced(acc) {
            cell = cell.with_forced(f);
        } else if self.hidden_elsewhere.contains(&key) {
            // Unknown to the public; its own protection is checked in the run
            // whose rules suppressed it.
            cell = cell.with_forced(ForcedReason::Missing);
        }
        let id = self.problem.add_cell(cell);
        self.keys.insert(key, id);
        id
    }

    /// Marks a cell as a sum of amounts over persons: the persons behind it
    /// and its largest contributions, for the magnitude rules.
    fn magnitude(&mut self, cell: CellId, identity: Option<usize>, acc: &Acc) {
        let largest = identity.map(|i| self.index.largest(i)).unwrap_or_default();
        if let Some(c) = self.problem.cells.get_mut(cell.0) {
            c.contributors = Some(acc.rows);
            // Without the atoms' contributions, fail closed: the cell then
            // counts as dominated by one contributor.
            c.largest = if largest.is_empty() { vec![c.value] } else { largest };
        }
    }

    fn relation(&mut self, total: CellId, parts: Vec<CellId>, kind: RelationKind) {
        let mut sorted: Vec<usize> = parts.iter().map(|p| p.0).collect();
        sorted.sort_unstable();
        if parts.is_empty() || !self.relations.insert((total.0, sorted)) {
            return;
        }
        self.problem.add_relation(total, parts, kind);
    }
}

/// A count that is empty by definition and in the data: a constant 0 every
/// reader knows. Left out of the problem; in a sum it adds nothing. (Should
/// the data disagree, the cell is protected like any other and still shown
/// as not defined, so the sign depends on the rulebook alone.)
fn known_zero(structural: &Structural, ind: &str, part: Part, key: &CellKey, acc: &Acc) -> bool {
    structural.contains(ind, part, key)
        && acc.sum == 0.0
        && acc.rows == 0
        && acc.missing.is_none()
        && !acc.incomplete
}

#[allow(clippy::too_many_arguments)]
pub fn problem(
    model: &Model,
    eval: &Evaluation,
    index: &AtomIndex,
    structural: &Structural,
    ids: &[String],
    rules: PrivacyRules,
    hidden_elsewhere: &std::collections::BTreeSet<String>,
    ledger: Option<&crate::ledger::Ledger>,
) -> Built {
    let mut b = Builder {
        hidden_elsewhere,
        index,
        identities: IndexMap::new(),
        problem: SdcProblem::new(rules),
        keys: IndexMap::new(),
        relations: Default::default(),
    };
    for id in ids {
        let (Some(table), Some(ind)) = (eval.tables.get(id), model.indicators.get(id)) else { continue };
        let num_survey =
            model.sources.get(&ind.numerator.source).is_some_and(|s| s.kind == SourceKind::Survey);
        let den_survey = ind
            .denominator
            .as_ref()
            .and_then(|d| model.sources.get(&d.source))
            .is_some_and(|s| s.kind == SourceKind::Survey);
        // Sums of a column over persons (incomes, ages, hours): magnitude rules.
        let amount = |agg: &crate::model::AggregateDef| {
            agg.column.is_some()
                && model.sources.get(&agg.source).is_some_and(|s| s.kind == SourceKind::Microdata)
        };
        let num_amount = amount(&ind.numerator);
        let den_amount = ind.denominator.as_ref().is_some_and(amount);
        let mut num_ids: IndexMap<&CellKey, CellId> = IndexMap::new();
        let mut den_ids: IndexMap<&CellKey, CellId> = IndexMap::new();
        for (key, cell) in &table.cells {
            let n = (!known_zero(structural, id, Part::Numerator, key, &cell.num)).then(|| {
                let n = b.cell(
                    identity_key(index, Part::Numerator, &table.num_measure, table, key),
                    label(id, "zaehler", table, key),
                    &cell.num,
                    num_survey,
                );
                if let Some(i) = index.identity_of(id, Part::Numerator, key) {
                    b.identities.insert(n, i);
                }
                if num_amount {
                    b.magnitude(n, index.identity_of(id, Part::Numerator, key), &cell.num);
                }
                num_ids.insert(key, n);
                n
            });
            if let (Some(den), Some(m)) = (&cell.den, &table.den_measure) {
                if known_zero(structural, id, Part::Denominator, key, den) {
                    continue;
                }
                let d = b.cell(
                    identity_key(index, Part::Denominator, m, table, key),
                    label(id, "nenner", table, key),
                    den,
                    den_survey,
                );
                if let Some(i) = index.identity_of(id, Part::Denominator, key) {
                    b.identities.insert(d, i);
                }
                if den_amount {
                    b.magnitude(d, index.identity_of(id, Part::Denominator, key), den);
                }
                den_ids.insert(key, d);
                // A numerator known to be 0 needs no small-base protection.
                if let Some(n) = n {
                    b.problem.add_rate(n, d);
                }
            }
        }
        for (ids_map, measure_cells) in [(&num_ids, 0), (&den_ids, 1)] {
            let acc_of = |k: &CellKey| -> Option<Acc> {
                let c = table.cells.get(k)?;
                if measure_cells == 0 {
                    Some(c.num)
                } else {
                    c.den
                }
            };
            relations(&mut b, model, ind, table, ids_map, &acc_of);
        }
    }
    if let Some(ledger) = ledger {
        let sources: std::collections::BTreeSet<usize> = ids
            .iter()
            .filter_map(|id| eval.tables.get(id))
            .flat_map(|t| [t.num_def.as_ref(), t.den_def.as_ref()])
            .flatten()
            .filter_map(|d| eval.atoms.get_index_of(&d.source))
            .collect();
        super::ledger_cells::add(&mut b.problem, &mut b.keys, &mut b.identities, index, ledger, &sources);
    }
    let before = b.problem.clone();
    super::atom_relations::add(&mut b.problem, &b.identities, b.index);
    let latents = b.problem.cells.len() - before.cells.len();
    let atoms_skipped = (latents > MAX_ATOM_LATENTS).then_some(latents);
    if atoms_skipped.is_some() {
        b.problem = before;
    }
    // Without the atom relations the complement is the only place where a
    // reader's `numerator <= denominator` enters; with them it is implied
    // wherever the numerator's filter implies the denominator's.
    super::atom_relations::add_complements(&mut b.problem, atoms_skipped.is_none());
    Built { atoms_skipped, problem: b.problem, keys: b.keys }
}

/// Area totals, dimension totals (with an unpublished remainder for rows in
/// no group) and derived groups, for every combination of the other keys.
fn relations(
    b: &mut Builder,
    model: &Model,
    ind: &Indicator,
    table: &IndicatorTable,
    ids: &IndexMap<&CellKey, CellId>,
    acc_of: &dyn Fn(&CellKey) -> Option<Acc>,
) {
    let known = |k: &CellKey| acc_of(k).and_then(|a| a.value()).is_some();
    // Area: total = Σ units.
    if table.area.is_some() {
        type Parts = (Option<CellId>, Vec<CellId>, bool);
        let mut by_rest: IndexMap<(i32, &Vec<Option<String>>), Parts> = IndexMap::new();
        for (key, id) in ids {
            let e = by_rest.entry((key.year, &key.groups)).or_insert((None, Vec::new(), true));
            e.2 &= known(key);
            match key.area {
                AreaKey::Total => e.0 = Some(*id),
                AreaKey::Unit(_) => e.1.push(*id),
            }
        }
        for (_, (total, parts, all_known)) in by_rest {
            if let (Some(t), true) = (total, all_known) {
                b.relation(t, parts, RelationKind::AreaTotal);
            }
        }
    }
    for (k, dim_id) in table.dims.iter().enumerate() {
        let Some(dim) = model.dimensions.get(dim_id) else { continue };
        let base: Vec<&str> = dim.base_groups().map(|g| g.id.as_str()).collect();
        for (key, total_id) in ids.iter().filter(|(key, _)| key.groups[k].is_none()) {
            let with = |g: &str| {
                let mut other = (*key).clone();
                other.groups[k] = Some(g.to_string());
                other
            };
            let part_keys: Vec<CellKey> = base.iter().map(|g| with(g)).collect();
            if !known(key) || !part_keys.iter().all(known) {
                continue;
            }
            let mut parts: Vec<CellId> = part_keys.iter().filter_map(|pk| ids.get(pk).copied()).collect();
            let total = acc_of(key).map_or(0.0, |a| a.sum);
            let sum: f64 = part_keys.iter().filter_map(acc_of).map(|a| a.sum).sum();
            let rest = total - sum;
            if rest > 1e-9 {
                // Persons in no group: never published, and primary-tested
                // like a count, since the table reveals it by subtraction.
                let forced = match b.problem.rules.primary_reason(rest, None) {
                    Some(_) => ForcedReason::SensitiveLatent,
                    None => ForcedReason::Latent,
                };
                let cell = Cell::count(format!("{} ohne Gruppe", ind.id), rest).with_forced(forced);
                parts.push(b.problem.add_cell(cell));
            }
            b.relation(*total_id, parts, RelationKind::GroupTotal);
            for g in &dim.groups {
                let GroupRuleDef::Sum(members) = &g.rule else { continue };
                let dk = with(&g.id);
                let mks: Vec<CellKey> = members.iter().map(|m| with(m)).collect();
                if !known(&dk) || !mks.iter().all(known) {
                    continue;
                }
                if let Some(d) = ids.get(&dk) {
                    let parts = mks.iter().filter_map(|m| ids.get(m).copied()).collect();
                    b.relation(*d, parts, RelationKind::DerivedGroup);
                }
            }
        }
    }
}

fn shown(
    acc: &Acc,
    status: Option<Status>,
    rules_round: Option<u64>,
    noise: Option<(&Noise, Option<usize>)>,
) -> Shown {
    if acc.incomplete {
        return Shown::Incomplete;
    }
    if let Some(m) = acc.missing {
        return Shown::Missing(m);
    }
    match status {
        Some(Status::Published) => {
            let exact = match noise {
                // Fail closed: a count that cannot be perturbed is withheld.
                Some((noise, identity)) => match noise.perturb(identity, acc.sum) {
                    Some(v) => v,
                    None => return Shown::Suppressed(Suppression::Protected),
                },
                None => acc.sum,
            };
            Shown::Value(match rules_round {
                Some(base) if base > 1 => (exact / base as f64).round() * base as f64,
                _ => exact,
            })
        }
        Some(Status::Suppressed { .. }) => Shown::Suppressed(Suppression::Protected),
        // A cell the privacy step never saw is not published (fail closed).
        None => Shown::Suppressed(Suppression::Protected),
    }
}

/// Statuses that publish every cell of a table (a source that is public).
pub fn all_published(index: &AtomIndex, table: &IndicatorTable) -> IndexMap<String, Status> {
    let mut out = IndexMap::new();
    for key in table.cells.keys() {
        out.insert(identity_key(index, Part::Numerator, &table.num_measure, table, key), Status::Published);
        if let Some(m) = &table.den_measure {
            out.insert(identity_key(index, Part::Denominator, m, table, key), Status::Published);
        }
    }
    out
}

/// A share of a weighted survey: numerator and denominator count the same
/// survey source, so the numerator's respondents are a subset of the
/// denominator's and Kish's interval applies.
fn is_survey_share(model: &Model, ind: &Indicator) -> bool {
    use kimon_grammar::ast::AggregateFn::Count;
    let Some(den) = &ind.denominator else { return false };
    let counts = ind.numerator.function == Count && den.function == Count && den.column.is_none();
    counts
        && den.source == ind.numerator.source
        && model.sources.get(&den.source).is_some_and(|s| s.kind == SourceKind::Survey && s.weight.is_some())
}

pub fn published_table(
    model: &Model,
    index: &AtomIndex,
    structural: &Structural,
    ind: &Indicator,
    table: &IndicatorTable,
    statuses: &IndexMap<String, Status>,
    noise: Option<&Noise>,
) -> PublishedTable {
    let round = ind.privacy.round_to;
    // Respondent counts and intervals only where the base is published
    // exactly: next to rounded or perturbed counts the exact n would undo
    // the rounding or the noise.
    let exact = round.is_none() && noise.is_none();
    let survey_share = is_survey_share(model, ind);
    let mut cells = IndexMap::new();
    let noise_of =
        |part: Part, key: &CellKey| noise.map(|n| (n, index.identity_of(&table.indicator, part, key)));
    for (key, cell) in &table.cells {
        let defined = |part: Part| !structural.contains(&table.indicator, part, key);
        let ns = statuses.get(&identity_key(index, Part::Numerator, &table.num_measure, table, key)).copied();
        let numerator = match defined(Part::Numerator) {
            true => shown(&cell.num, ns, round, noise_of(Part::Numerator, key)),
            false => Shown::NotDefined,
        };
        let denominator = match (&cell.den, &table.den_measure) {
            (Some(_), Some(_)) if !defined(Part::Denominator) => Some(Shown::NotDefined),
            (Some(d), Some(m)) => Some(shown(
                d,
                statuses.get(&identity_key(index, Part::Denominator, m, table, key)).copied(),
                round,
                noise_of(Part::Denominator, key),
            )),
            _ => None,
        };
        // The value is computed from the published (possibly rounded)
        // counts, never from the exact ones: a rate from exact counts next
        // to rounded counts would undo the rounding. Only if both are published.
        let value = match (numerator, denominator) {
            // Empty by definition on either side: no value exists, whatever
            // the other side shows (decided by the rulebook alone).
            (Shown::NotDefined, _) | (_, Some(Shown::NotDefined)) => Shown::NotDefined,
            (Shown::Value(n), None) => Shown::Value(n),
            (Shown::Value(n), Some(Shown::Value(d))) => match d {
                d if d > 0.0 => Shown::Value(n / d * ind.unit.scale()),
                _ => Shown::Missing(crate::data::MissingKind::NotAvailable),
            },
            (Shown::Value(_), Some(other)) => other,
            (other, _) => other,
        };
        // From the published denominator: the exact one would tell whether
        // a rounded or perturbed base lies below the threshold.
        let small_base = value.value().is_some()
            && denominator.and_then(Shown::value).is_some_and(|d| d < model.assessment.small_base);
        let flags = match value {
            Shown::Value(_) => cell.num.flags | cell.den.map_or(0, |d| d.flags),
            _ => 0,
        };
        let design = match (value, denominator, &cell.den) {
            (Shown::Value(_), Some(Shown::Value(_)), Some(den)) if exact && survey_share => {
                Some(Design { n: den.rows, sum_w: den.sum, sum_w2: den.sum_sq })
            }
            _ => None,
        };
        cells.insert(
            key.clone(),
            PubCell {
                numerator,
                denominator,
                value,
                small_base,
                implausible: cell.implausible,
                flags,
                design,
            },
        );
    }
    PublishedTable {
        indicator: ind.id.clone(),
        dims: table.dims.clone(),
        area: table.area.clone(),
        years: table.years.clone(),
        cells,
    }
}
