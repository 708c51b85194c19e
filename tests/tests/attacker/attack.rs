//! The attacker: every published number becomes a linear constraint over
//! atoms (the finest partition of possible persons that the published cell
//! definitions induce); for each protected cell an (integer) LP gives the
//! tightest interval of its true value, compared with the protection
//! interval. Shares no code with kimon's protection layer.

use super::published::{CellKey, Num, Published, Relation};
use super::solver::{integer_atom_limit, optimise, reach, AtomFact, Bound, Witnesses};
use super::world::{IndSpec, Person, Pred, World};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

type Coef = Box<dyn Fn(&Person) -> f64 + Send + Sync>;

/// A linear function over quantities known to lie in `[lo, hi]`.
#[derive(Debug, Clone)]
pub struct Fact {
    pub terms: Vec<(usize, f64)>,
    pub lo: f64,
    pub hi: f64,
    pub origin: String,
}

/// A quantity whose true value must stay inside its protection interval.
#[derive(Debug, Clone)]
pub struct Target {
    pub terms: Vec<(usize, f64)>,
    pub label: String,
    /// Overrides the protection interval (e.g. the rounding interval).
    pub required: Option<(f64, f64)>,
}

/// A protected cell the attacker pinned down too narrowly.
#[derive(Debug, Clone)]
pub struct Broken {
    pub label: String,
    pub truth: f64,
    pub lo: f64,
    pub hi: f64,
    pub required: (f64, f64),
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: true value {} recovered within [{}, {}], protection interval [{}, {}]",
            self.label, self.truth, self.lo, self.hi, self.required.0, self.required.1
        )
    }
}

#[derive(Debug, Default)]
pub struct Report {
    pub broken: Vec<Broken>,
    pub targets: usize,
    pub facts: usize,
    pub atoms: usize,
    pub refused: Option<String>,
    pub lp_solves: usize,
    pub integer_solves: usize,
    /// Bounds whose LP optimum was fractional and whose integer optimum was
    /// not proven (component above `KIMON_ATTACK_INT_ATOMS` atoms, or branch
    /// and bound out of its `KIMON_ATTACK_INT_SECS`): the LP bound is used.
    pub integer_undecided: usize,
    /// Target sides settled by an integer point already known (the truth
    /// or an earlier solve's), without an LP.
    pub settled_by_points: usize,
}

impl Report {
    pub fn assert_nothing_found(&self, what: &str) {
        assert!(
            self.broken.is_empty(),
            "{what}: the attacker recovered {} protected cell(s) too narrowly (of {} checked, {} published facts, {} atoms):\n  {}",
            self.broken.len(),
            self.targets,
            self.facts,
            self.atoms,
            self.broken.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  ")
        );
    }

    pub fn find(&self, needle: &str) -> Option<&Broken> {
        self.broken.iter().find(|b| b.label.contains(needle))
    }
}

/// Which parts of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Num,
    Den,
}

pub struct Attacker<'w> {
    world: &'w World,
    quantities: Vec<(String, Coef)>,
    index: HashMap<String, usize>,
    pub facts: Vec<Fact>,
    pub targets: Vec<Target>,
    pub problems: Vec<String>,
    /// Solve the integer programme (tightest) and not only the LP relaxation.
    pub integer: bool,
    /// Also attack every atom with a true count in 1..min_count: a reader
    /// must not be able to prove such a derived small count non-empty
    /// (differencing, complements).
    pub atom_targets: bool,
    /// Also attack the complement (denominator − numerator) of every rate
    /// cell when it is small, or 0 while the numerator is not (group
    /// disclosure: „5 of 5 are unemployed“).
    pub complement_targets: bool,
    /// Printed (numerator, denominator) per cell, to tell rates computed
    /// from rounded counts from rates computed from exact ones.
    printed: HashMap<CellKey, (Option<f64>, Option<f64>)>,
}

fn group_preds(ind: &IndSpec, name: &str) -> Option<Vec<Pred>> {
    // Every combination of (dimension total | one group) per dimension.
    let mut combos: Vec<(Vec<String>, Vec<Pred>)> = vec![(vec![], vec![])];
    for d in &ind.dims {
        let mut next = Vec::new();
        for (names, preds) in &combos {
            next.push((names.clone(), preds.clone()));
            for (title, p) in &d.groups {
                let mut n = names.clone();
                n.push(title.clone());
                let mut ps = preds.clone();
                ps.push(p.clone());
                next.push((n, ps));
            }
        }
        combos = next;
    }
    combos.into_iter().find_map(|(names, preds)| {
        let printed = if names.is_empty() { "alle Personen".to_string() } else { names.join(", ") };
        (printed == name).then_some(preds)
    })
}

fn area_pred(area: Option<&super::world::AreaSpec>, name: &str) -> Option<Option<Pred>> {
    match area {
        None => Some(None),
        Some(a) => {
            if a.total.as_deref() == Some(name) {
                return Some(None);
            }
            a.units.iter().find(|(n, _)| n == name).map(|(_, p)| Some(p.clone()))
        }
    }
}

impl<'w> Attacker<'w> {
    pub fn new(world: &'w World) -> Self {
        Attacker {
            world,
            quantities: Vec::new(),
            index: HashMap::new(),
            facts: Vec::new(),
            targets: Vec::new(),
            problems: Vec::new(),
            integer: true,
            atom_targets: true,
            complement_targets: true,
            printed: HashMap::new(),
        }
    }

    fn intern(&mut self, label: String, coef: impl Fn() -> Coef) -> usize {
        if let Some(&i) = self.index.get(&label) {
            return i;
        }
        let i = self.quantities.len();
        self.quantities.push((label.clone(), coef()));
        self.index.insert(label, i);
        i
    }

    /// The quantity behind one part of a published cell, by the test's own
    /// definition of the indicator.
    pub fn cell(&mut self, key: &CellKey, part: Part) -> Option<usize> {
        let Some(ind) = self.world.indicator(&key.indicator) else {
            self.problems.push(format!("unknown indicator in output: {key}"));
            return None;
        };
        let Some(area) = area_pred(ind.area.as_ref(), &key.area) else {
            self.problems.push(format!("unknown area in output: {key}"));
            return None;
        };
        let Some(groups) = group_preds(ind, &key.group) else {
            self.problems.push(format!("unknown group in output: {key}"));
            return None;
        };
        let (base, weight) = match part {
            Part::Num => (ind.num.clone(), ind.num_weight.clone()),
            Part::Den => (ind.den.clone()?, None),
        };
        let year = key.year;
        let label = format!("{key} {}", if part == Part::Num { "numerator" } else { "denominator" });
        Some(self.intern(label, || {
            let (area, groups, base, weight) = (area.clone(), groups.clone(), base.clone(), weight.clone());
            Box::new(move |p: &Person| {
                let inside = p.year == year
                    && area.as_ref().is_none_or(|a| a(p))
                    && groups.iter().all(|g| g(p))
                    && base(p);
                match (inside, &weight) {
                    (false, _) => 0.0,
                    (true, None) => 1.0,
                    (true, Some(w)) => w(p),
                }
            })
        }))
    }

    /// An ad-hoc quantity (check sides and the like).
    pub fn quantity(
        &mut self,
        label: String,
        f: impl Fn(&Person) -> f64 + Send + Sync + Clone + 'static,
    ) -> usize {
        self.intern(label, || Box::new(f.clone()))
    }

    /// A published count (or sum): exact, or within the rounding of `round_to`.
    fn count_fact(&mut self, q: usize, v: f64, h: f64, origin: String) {
        let (lo, hi) = match self.world.rules.round_to {
            Some(b) if b > 1 && (v / b as f64).fract() == 0.0 => (v - b as f64 / 2.0, v + b as f64 / 2.0),
            _ => (v - h, v + h),
        };
        self.facts.push(Fact { terms: vec![(q, 1.0)], lo, hi, origin });
    }

    /// A published indicator value: scale·num/den ∈ [r−h, r+h], or the count itself.
    fn value_fact(&mut self, key: &CellKey, r: f64, h: f64, origin: &str) {
        let Some(ind) = self.world.indicator(&key.indicator) else { return };
        let (scale, has_den) = (ind.scale, ind.den.is_some());
        let Some(num) = self.cell(key, Part::Num) else { return };
        if !has_den {
            self.count_fact(num, r, h, format!("{origin} value {key}"));
            return;
        }
        let Some(den) = self.cell(key, Part::Den) else { return };
        // With rounding, a rate that matches the printed (rounded) counts
        // says nothing beyond them; one that does not was computed from the
        // exact counts and constrains them.
        if self.world.rules.round_to.is_some() {
            if let Some((Some(n), Some(d))) = self.printed.get(key) {
                if *d > 0.0 && (scale * n / d - r).abs() <= h + 1e-9 {
                    return;
                }
            }
        }
        // scale·num − (r−h)·den ≥ 0 and scale·num − (r+h)·den ≤ 0 (den ≥ 0).
        self.facts.push(Fact {
            terms: vec![(num, scale), (den, -(r - h))],
            lo: 0.0,
            hi: f64::INFINITY,
            origin: format!("{origin} rate {key} ≥ {}", r - h),
        });
        self.facts.push(Fact {
            terms: vec![(num, scale), (den, -(r + h))],
            lo: f64::NEG_INFINITY,
            hi: 0.0,
            origin: format!("{origin} rate {key} ≤ {}", r + h),
        });
    }

    /// Everything a reader derives from the published outputs.
    pub fn read(&mut self, p: &Published) {
        let mut known: BTreeMap<CellKey, (f64, f64)> = BTreeMap::new();
        for row in &p.rows {
            let e = self.printed.entry(row.key.clone()).or_default();
            e.0 = e.0.or(row.numerator.value());
            e.1 = e.1.or(row.denominator.value());
        }
        let mut complements_done = std::collections::HashSet::new();
        let mut sensitive_done = std::collections::HashSet::new();
        for row in &p.rows {
            if self.complement_targets && complements_done.insert(row.key.clone()) {
                self.complement_target(&row.key);
            }
            let key = &row.key;
            let count_indicator = self.world.indicator(&key.indicator).is_some_and(|i| i.den.is_none());
            // A count indicator's value is its numerator.
            let num = match (row.numerator, count_indicator) {
                (Num::Absent, true) => row.value,
                (n, _) => n,
            };
            for (part, n) in [(Part::Num, num), (Part::Den, row.denominator)] {
                if n == Num::Absent {
                    continue;
                }
                let Some(q) = self.cell(key, part) else { continue };
                if let Num::Value(v, h) = n {
                    self.count_fact(q, v, h, format!("{} {part:?} {key}", row.origin));
                }
                // Only sensitive cells (by the rulebook's primary rules on
                // their true value) are promised an interval; a cell
                // withheld as a complement is just an unknown.
                if sensitive_done.insert((key.clone(), part)) {
                    if let Some((required, why)) = self.sensitive_requirement(key, part, q) {
                        let shown = if n.is_protected() { "protected" } else { "PUBLISHED" };
                        self.target_within(
                            vec![(q, 1.0)],
                            format!("sensitive {part:?} of {key} ({why}; {shown} in {})", row.origin),
                            required,
                        );
                    }
                }
            }
            if let Num::Value(r, h) = row.value {
                known.insert(key.clone(), (r, h));
                self.value_fact(key, r, h, row.origin);
            }
        }
        for rel in &p.relations {
            match rel {
                Relation::Comparison { key, reference_value: Num::Value(rv, rh), gap, ratio } => {
                    if !known.contains_key(key) {
                        let (r, h) =
                            if *ratio { (rv * gap, rh * gap.abs() + 1e-6) } else { (rv + gap, rh + 1e-6) };
                        self.value_fact(key, r, h, "json comparison");
                    }
                }
                Relation::Change { key, from_year, change } => {
                    let from = CellKey { year: *from_year, ..key.clone() };
                    match (known.get(key).copied(), known.get(&from).copied()) {
                        (Some((v, h)), None) => self.value_fact(&from, v - change, h + 1e-6, "json change"),
                        (None, Some((v, h))) => self.value_fact(key, v + change, h + 1e-6, "json change"),
                        _ => {}
                    }
                }
                Relation::Comparison { .. } => {}
            }
        }
        for c in &p.checks {
            let Some(spec) = self.world.checks.iter().find(|s| s.id == c.check).cloned() else {
                continue;
            };
            // A failed check without a difference still says "not equal":
            // with only positive (negative) coefficients on counts, the
            // difference is at least the smallest coefficient (at most
            // minus it), i.e. "at least one person".
            let all_pos = spec.terms.iter().all(|(c, _)| *c > 0.0);
            let all_neg = spec.terms.iter().all(|(c, _)| *c < 0.0);
            let min_abs = spec.terms.iter().map(|(c, _)| c.abs()).fold(f64::INFINITY, f64::min);
            let (lo, hi) = match (c.difference, c.passed) {
                (Some(d), _) => (d - 1e-6, d + 1e-6),
                (None, Some(true)) => (-1e-6, 1e-6),
                (None, Some(false)) if all_pos => (min_abs - 1e-6, f64::INFINITY),
                (None, Some(false)) if all_neg => (f64::NEG_INFINITY, -min_abs + 1e-6),
                _ => continue,
            };
            let area: Option<Pred> = match &spec.area {
                None => None,
                Some(a) => match a.units.iter().find(|(n, _)| *n == c.cell) {
                    Some((_, p)) => Some(p.clone()),
                    None if a.total.as_deref() == Some(c.cell.as_str()) || c.cell == "gesamt" => None,
                    None => {
                        self.problems.push(format!("unknown check cell {} of {}", c.cell, c.check));
                        continue;
                    }
                },
            };
            let mut terms = Vec::new();
            for (i, (coef, pr)) in spec.terms.iter().enumerate() {
                let (year, area, pr) = (c.year, area.clone(), pr.clone());
                let q =
                    self.quantity(format!("check {} {} {} term {i}", c.check, c.year, c.cell), move |p| {
                        f64::from(u8::from(p.year == year && area.as_ref().is_none_or(|a| a(p)) && pr(p)))
                    });
                terms.push((q, *coef));
            }
            let verdict = match c.passed {
                Some(true) => "passed",
                Some(false) => "failed",
                None => "unknown",
            };
            self.facts.push(Fact {
                terms,
                lo,
                hi,
                origin: format!("check {} {} {} {verdict}", c.check, c.year, c.cell),
            });
        }
    }

    pub fn target(&mut self, terms: Vec<(usize, f64)>, label: String) {
        self.targets.push(Target { terms, label, required: None });
    }

    pub fn target_within(&mut self, terms: Vec<(usize, f64)>, label: String, required: (f64, f64)) {
        self.targets.push(Target { terms, label, required: Some(required) });
    }

    /// The attacker's own reading of the primary rules: is this part of a
    /// published cell sensitive by its *true* value, and which interval
    /// must a reader be unable to narrow it below? `None`: not sensitive.
    fn sensitive_requirement(&mut self, key: &CellKey, part: Part, q: usize) -> Option<((f64, f64), String)> {
        let rules = self.world.rules;
        let ind = self.world.indicator(&key.indicator)?.clone();
        let v = self.truth(&[(q, 1.0)]);
        let margin = rules.protection_absolute.max(rules.protection_relative * v);
        let interval = ((v - margin).max(0.0), v + margin);
        if part == Part::Num && ind.num_weight.is_some() {
            // A sum: sensitive when too few persons contribute.
            let persons = self.contributors(q);
            let min = rules.min_contributors?;
            return (persons > 0 && (persons as u64) < min)
                .then(|| (interval, format!("sum of {persons} contributor(s), true {v}")));
        }
        if v == 0.0 {
            return (!rules.zero_publishable).then(|| (interval, "zero, zeros not publishable".to_string()));
        }
        if v < rules.min_count as f64 {
            return Some((interval, format!("small count, true {v}")));
        }
        if part == Part::Num {
            if let (Some(min), Some(den)) = (rules.min_denominator, self.cell(key, Part::Den)) {
                let d = self.truth(&[(den, 1.0)]);
                if d < min as f64 {
                    // Everyone knows numerator ≤ a published denominator:
                    // no interval can reach beyond it.
                    let cap = self.printed.get(key).and_then(|x| x.1).unwrap_or(f64::INFINITY);
                    let required = (interval.0.min(cap), interval.1.min(cap).max(v));
                    return Some((required, format!("numerator {v} of a small base {d}")));
                }
            }
        }
        None
    }

    /// How many persons of the world fall into a quantity.
    fn contributors(&self, q: usize) -> usize {
        self.world.persons.iter().filter(|p| (self.quantities[q].1)(p) != 0.0).count()
    }

    fn complement_target(&mut self, key: &CellKey) {
        if self.world.indicator(&key.indicator).is_none_or(|i| i.den.is_none() || i.num_weight.is_some()) {
            return;
        }
        let (Some(num), Some(den)) = (self.cell(key, Part::Num), self.cell(key, Part::Den)) else { return };
        let terms = vec![(den, 1.0), (num, -1.0)];
        let (n, c) = (self.truth(&[(num, 1.0)]), self.truth(&terms));
        let small = c > 0.0 && c < self.world.rules.min_count as f64;
        let all_of_group = c == 0.0 && n > 0.0;
        if small || all_of_group {
            self.target(terms, format!("complement (denominator − numerator) of {key}"));
        }
    }

    /// The true value of a linear function of quantities.
    pub fn truth(&self, terms: &[(usize, f64)]) -> f64 {
        self.world
            .persons
            .iter()
            .map(|p| terms.iter().map(|(q, c)| c * (self.quantities[*q].1)(p)).sum::<f64>())
            .sum()
    }

    /// Solves for every target; panics with a clear message if the test's
    /// own model disagrees with the published numbers.
    pub fn solve(&self) -> Report {
        assert!(
            self.problems.is_empty(),
            "the attacker cannot place published cells (fixture definitions incomplete):\n  {}",
            self.problems.join("\n  ")
        );
        let rules = self.world.rules;
        // Atoms: possible persons with identical coefficient vectors.
        let nq = self.quantities.len();
        let signature = |p: &Person| -> Vec<(usize, u64)> {
            (0..nq)
                .filter_map(|q| {
                    let c = (self.quantities[q].1)(p);
                    (c != 0.0).then_some((q, c.to_bits()))
                })
                .collect()
        };
        let mut atom_of: HashMap<Vec<(usize, u64)>, usize> = HashMap::new();
        let mut atom_sig: Vec<Vec<(usize, u64)>> = Vec::new();
        for proto in self.world.domain.prototypes() {
            let s = signature(&proto);
            if s.is_empty() || atom_of.contains_key(&s) {
                continue;
            }
            atom_of.insert(s.clone(), atom_sig.len());
            atom_sig.push(s);
        }
        let na = atom_sig.len();
        let mut truth = vec![0f64; na];
        for p in &self.world.persons {
            assert!(self.world.domain.contains(p), "fixture person outside the declared domain: {p:?}");
            let s = signature(p);
            if s.is_empty() {
                continue;
            }
            let a = atom_of.get(&s).copied();
            let a = a.unwrap_or_else(|| panic!("person {p:?} matches no atom: domain incomplete"));
            truth[a] += 1.0;
        }
        // Quantity → atoms.
        let mut qa: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nq];
        for (a, s) in atom_sig.iter().enumerate() {
            for (q, bits) in s {
                qa[*q].push((a, f64::from_bits(*bits)));
            }
        }
        let expand = |terms: &[(usize, f64)]| -> BTreeMap<usize, f64> {
            let mut m: BTreeMap<usize, f64> = BTreeMap::new();
            for (q, c) in terms {
                for (a, k) in &qa[*q] {
                    *m.entry(*a).or_default() += c * k;
                }
            }
            m.retain(|_, c| c.abs() > 1e-12);
            m
        };
        let facts: Vec<(BTreeMap<usize, f64>, f64, f64, &str)> =
            self.facts.iter().map(|f| (expand(&f.terms), f.lo, f.hi, f.origin.as_str())).collect();
        // Sanity: the published numbers must agree with the test's model.
        let mut wrong = Vec::new();
        for (m, lo, hi, origin) in &facts {
            let v: f64 = m.iter().map(|(a, c)| c * truth[*a]).sum();
            let tol = 1e-6 * (1.0 + v.abs());
            if v < lo - tol || v > hi + tol {
                wrong.push(format!("{origin}: test model says {v}, published [{lo}, {hi}]"));
            }
        }
        assert!(
            wrong.is_empty(),
            "published numbers disagree with the test's own evaluation (fix the fixture's definitions):\n  {}",
            wrong.join("\n  ")
        );
        // Components.
        let mut parent: Vec<usize> = (0..na).collect();
        fn root(parent: &mut [usize], mut a: usize) -> usize {
            while parent[a] != a {
                parent[a] = parent[parent[a]];
                a = parent[a];
            }
            a
        }
        let mut atom_target_list = Vec::new();
        if self.atom_targets {
            for (a, s) in atom_sig.iter().enumerate() {
                if truth[a] > 0.0 && truth[a] < rules.min_count as f64 {
                    let within: Vec<&str> = s.iter().map(|(q, _)| self.quantities[*q].0.as_str()).collect();
                    atom_target_list.push((
                        BTreeMap::from([(a, 1.0)]),
                        Target {
                            terms: vec![],
                            label: format!(
                                "derived small count, provably non-empty (atom inside: {})",
                                within.join("; ")
                            ),
                            // A derived (never published) small count is
                            // disclosed when a reader can prove it non-empty;
                            // an upper bound from a published cell containing
                            // it is no disclosure.
                            required: Some((0.0, truth[a])),
                        },
                    ));
                }
            }
        }
        let targets: Vec<(BTreeMap<usize, f64>, &Target)> = self
            .targets
            .iter()
            .map(|t| (expand(&t.terms), t))
            .chain(atom_target_list.iter().map(|(m, t)| (m.clone(), t)))
            .collect();
        // The same cell is often published (and protected) in several outputs.
        let mut seen = std::collections::HashSet::new();
        let targets: Vec<(BTreeMap<usize, f64>, &Target)> = targets
            .into_iter()
            .filter(|(m, t)| {
                let key: Vec<(usize, u64)> = m.iter().map(|(a, c)| (*a, c.to_bits())).collect();
                seen.insert((key, t.required.map(|(a, b)| (a.to_bits(), b.to_bits()))))
            })
            .collect();
        for m in facts.iter().map(|f| &f.0).chain(targets.iter().map(|t| &t.0)) {
            let mut it = m.keys();
            if let Some(&first) = it.next() {
                for &a in it {
                    let (x, y) = (root(&mut parent, first), root(&mut parent, a));
                    parent[x] = y;
                }
            }
        }
        let mut by_comp: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, f) in facts.iter().enumerate() {
            if let Some(&a) = f.0.keys().next() {
                by_comp.entry(root(&mut parent, a)).or_default().push(i);
            }
        }
        // Atoms of each component, and each atom's position in its list.
        let mut comp_atoms: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut position = Vec::with_capacity(na);
        for a in 0..na {
            let list = comp_atoms.entry(root(&mut parent, a)).or_default();
            position.push(list.len());
            list.push(a);
        }
        let mut witnesses: HashMap<usize, Witnesses> = HashMap::new();
        let mut report =
            Report { targets: targets.len(), facts: facts.len(), atoms: na, ..Report::default() };
        for (m, t) in &targets {
            let Some(&a0) = m.keys().next() else { continue };
            let comp = root(&mut parent, a0);
            let fidx = by_comp.get(&comp).cloned().unwrap_or_default();
            let v: f64 = m.iter().map(|(a, c)| c * truth[*a]).sum();
            let margin = rules.protection_absolute.max(rules.protection_relative * v);
            let (req_lo, req_hi) = t.required.unwrap_or(((v - margin).max(0.0), v + margin));
            let atoms = comp_atoms.get(&comp).map(Vec::as_slice).unwrap_or_default();
            let fs: Vec<&AtomFact<'_>> = fidx.iter().map(|i| &facts[*i]).collect();
            let (lo_end, hi_end) = ((req_lo - 1e-9).ceil(), (req_hi + 1e-9).floor());
            let broken = |lo: f64, hi: f64| (lo - 1e-6).ceil() > lo_end || (hi + 1e-6).floor() < hi_end;
            let known = witnesses
                .entry(comp)
                .or_insert_with(|| Witnesses::new(atoms.iter().map(|a| truth[*a]).collect()));
            let local: Vec<(usize, f64)> = m.iter().map(|(a, c)| (position[*a], *c)).collect();
            // A side is settled by a known integer point at or beyond its
            // required end; otherwise it is solved. Only the sides a
            // requirement constrains: hi ≥ truth always.
            let need_hi = req_hi > v + 1e-9;
            let lp_lo = match known.reaching(&local, false, lo_end) {
                Some(w) => Bound::open(w),
                None => {
                    report.lp_solves += 1;
                    optimise(atoms, &fs, m, false, None)
                }
            };
            let lp_hi = match known.reaching(&local, true, hi_end) {
                _ if !need_hi => Bound::open(f64::INFINITY),
                Some(w) => Bound::open(w),
                None => {
                    report.lp_solves += 1;
                    optimise(atoms, &fs, m, true, None)
                }
            };
            report.settled_by_points += usize::from(lp_lo.point.is_none() && lp_lo.value.is_finite())
                + usize::from(need_hi && lp_hi.point.is_none() && lp_hi.value.is_finite());
            known.offer(lp_lo.point.clone());
            known.offer(lp_hi.point.clone());
            let (mut lo, mut hi) = (lp_lo.value, lp_hi.value);
            // An optimal vertex with integer counts is the integer optimum
            // as well; only fractional vertices need branch and bound, and
            // only as a feasibility question: is there an integer point at
            // or beyond the required bound? A search that runs out of time
            // proves nothing, and the LP bound stays.
            if !broken(lo, hi) && self.integer {
                for (maximise, lp, bound) in [(false, &lp_lo, lo_end), (true, &lp_hi, hi_end)] {
                    if lp.integral || !lp.value.is_finite() {
                        continue;
                    }
                    if atoms.len() > integer_atom_limit() {
                        report.integer_undecided += 1;
                        continue;
                    }
                    report.integer_solves += 1;
                    let (reached, point) = reach(atoms, &fs, m, maximise, bound);
                    known.offer(point);
                    match reached {
                        Some(true) => {}
                        // No integer point reaches the bound: the integer
                        // optimum lies strictly inside it.
                        Some(false) if maximise => hi = bound - 1.0,
                        Some(false) => lo = bound + 1.0,
                        None => report.integer_undecided += 1,
                    }
                }
            }
            if broken(lo, hi) {
                report.broken.push(Broken {
                    label: t.label.clone(),
                    truth: v,
                    lo: (lo - 1e-6).ceil(),
                    hi: (hi + 1e-6).floor(),
                    required: (req_lo, req_hi),
                });
            }
        }
        report
    }
}
