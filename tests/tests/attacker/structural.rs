//! The attacker for rulebooks whose microdata the test does not model (the
//! shipped rulebooks): it knows only the published tables and the rulebook
//! text, and uses the relations a reader derives from them — area total =
//! sum of units, dimension total = sum of its (non-derived) groups, derived
//! group = sum of its parts, numerator ≤ denominator for shares, the
//! published rates, and one unknown for the same `count(...)` text in the
//! same cell across indicators. Without true values, a protected cell counts
//! as broken only when the reader can prove it is a small count (every value
//! in its feasible interval is in `1..min_count`) and none of those values
//! keeps its protection interval: a cell withheld only as a complement needs
//! no interval, and the reader cannot tell which is which.

use super::published::{CellKey, Num, Published};
use good_lp::{
    microlp, variable, Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Dimension id → [(group title, derived from these group titles)]. A
/// dimension with an `otherwise` group is exhaustive (total = Σ groups);
/// without one, the total is only ≥ Σ groups; that is marked by the entry
/// `("", [])` (no group has an empty title).
pub type Dimensions = HashMap<String, Vec<(String, Vec<String>)>>;

fn exhaustive(groups: &[(String, Vec<String>)]) -> bool {
    !groups.iter().any(|(t, _)| t.is_empty())
}

/// Reads `dimension … { group id "title" when … | otherwise | = a + b }` from
/// rulebook texts, as a reader of the shared rulebook can.
pub fn dimensions(texts: &[String]) -> Dimensions {
    let mut out: Dimensions = HashMap::new();
    let mut otherwise: HashMap<String, bool> = HashMap::new();
    for text in texts {
        let mut current: Option<String> = None;
        let mut ids: HashMap<String, String> = HashMap::new();
        for line in text.lines() {
            let l = line.trim();
            if let Some(rest) = l.strip_prefix("dimension ") {
                current = rest.split_whitespace().next().map(str::to_string);
                ids.clear();
                continue;
            }
            if l.starts_with('}') {
                current = None;
                continue;
            }
            let (Some(dim), Some(rest)) = (&current, l.strip_prefix("group ")) else { continue };
            let id = rest.split_whitespace().next().unwrap_or_default().to_string();
            let title = rest.split('"').nth(1).map_or_else(|| id.clone(), str::to_string);
            ids.insert(id, title.clone());
            *otherwise.entry(dim.clone()).or_default() |= rest.trim_end().ends_with("otherwise");
            let after_title = rest.rsplit('"').next().unwrap_or_default().trim();
            let parts: Vec<String> = after_title
                .strip_prefix('=')
                .map(|p| {
                    p.split('+')
                        .map(|x| ids.get(x.trim()).cloned().unwrap_or_else(|| x.trim().to_string()))
                        .collect()
                })
                .unwrap_or_default();
            let e = out.entry(dim.clone()).or_default();
            if !e.iter().any(|(t, _)| *t == title) {
                e.push((title, parts));
            }
        }
    }
    for (dim, groups) in &mut out {
        if !otherwise.get(dim).copied().unwrap_or(false) {
            groups.push((String::new(), vec![]));
        }
    }
    out
}

#[derive(Debug)]
pub struct Pinned {
    pub label: String,
    pub lo: f64,
    pub hi: f64,
}

type Lin = BTreeMap<usize, f64>;

/// Solves for every protected cell; returns the ones provably broken.
pub fn attack(p: &Published, dims: &Dimensions, min_count: u64) -> Result<(Vec<Pinned>, usize), String> {
    let mut vars: HashMap<(String, CellKey), usize> = HashMap::new();
    let mut var = |def: &str, key: &CellKey| -> usize {
        let k = (def.to_string(), CellKey { indicator: String::new(), ..key.clone() });
        let n = vars.len();
        *vars.entry(k).or_insert(n)
    };
    let info: HashMap<&str, _> = p.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut facts: Vec<(Lin, f64, f64)> = Vec::new();
    let mut targets: Vec<(usize, String)> = Vec::new();
    let mut present: HashMap<(String, CellKey), Num> = HashMap::new();
    for row in &p.rows {
        let Some(ind) = info.get(row.key.indicator.as_str()) else { continue };
        let num = var(&ind.numerator, &row.key);
        let den = ind.denominator.as_deref().map(|d| var(d, &row.key));
        for (v, n, def) in [
            (Some(num), row.numerator, Some(&ind.numerator)),
            (den, row.denominator, ind.denominator.as_ref()),
        ] {
            let (Some(v), Some(def)) = (v, def) else { continue };
            present.insert((def.clone(), CellKey { indicator: String::new(), ..row.key.clone() }), n);
            match n {
                Num::Value(x, h) => facts.push((Lin::from([(v, 1.0)]), x - h, x + h)),
                Num::Protected => targets.push((v, format!("{} {}", row.key, def))),
                Num::Absent => {}
            }
        }
        let scale = match ind.unit.as_str() {
            "percent" => 100.0,
            "per_1000" => 1000.0,
            _ => 1.0,
        };
        match (row.value, den) {
            (Num::Value(r, h), Some(den)) if ind.unit != "ratio" => {
                facts.push((Lin::from([(num, scale), (den, -(r - h))]), 0.0, f64::INFINITY));
                facts.push((Lin::from([(num, scale), (den, -(r + h))]), f64::NEG_INFINITY, 0.0));
            }
            (Num::Value(r, h), None) => facts.push((Lin::from([(num, 1.0)]), r - h, r + h)),
            _ => {}
        }
        if let (Some(den), "percent" | "per_1000") = (den, ind.unit.as_str()) {
            facts.push((Lin::from([(den, 1.0), (num, -1.0)]), 0.0, f64::INFINITY));
        }
    }
    // Margins: totals over areas and over each dimension's groups.
    let rows_by_ind: BTreeMap<&str, Vec<&CellKey>> = p.rows.iter().fold(BTreeMap::new(), |mut m, r| {
        m.entry(r.key.indicator.as_str()).or_default().push(&r.key);
        m
    });
    for (id, keys) in &rows_by_ind {
        let Some(ind) = info.get(id) else { continue };
        let defs: Vec<&String> = std::iter::once(&ind.numerator).chain(ind.denominator.as_ref()).collect();
        let key_set: HashSet<&CellKey> = keys.iter().copied().collect();
        let plain = |k: &CellKey| CellKey { indicator: String::new(), ..k.clone() };
        // Area totals.
        if let (Some(total), Some(_)) = (&ind.total_name, &ind.area) {
            let units: HashSet<&str> = keys.iter().map(|k| k.area.as_str()).filter(|a| a != total).collect();
            if units.is_empty() {
                continue;
            }
            for k in keys.iter().filter(|k| &k.area == total) {
                let parts: Vec<CellKey> =
                    units.iter().map(|u| CellKey { area: (*u).to_string(), ..(*k).clone() }).collect();
                if !parts.iter().all(|q| key_set.contains(q)) {
                    continue;
                }
                for def in &defs {
                    let all_present = std::iter::once((*k).clone()).chain(parts.iter().cloned()).all(|q| {
                        !matches!(present.get(&((*def).clone(), plain(&q))), Some(Num::Absent) | None)
                    });
                    if !all_present {
                        continue;
                    }
                    let mut lin = Lin::from([(var(def, k), 1.0)]);
                    for q in &parts {
                        *lin.entry(var(def, q)).or_default() -= 1.0;
                    }
                    facts.push((lin, 0.0, 0.0));
                }
            }
        }
        // Group totals and derived groups, one dimension at a time.
        let dim_groups: Vec<&Vec<(String, Vec<String>)>> =
            ind.dimensions.iter().filter_map(|d| dims.get(d)).collect();
        if dim_groups.len() != ind.dimensions.len() || dim_groups.is_empty() {
            continue;
        }
        // All combinations of (total | group title) per dimension.
        let mut combos: Vec<Vec<Option<String>>> = vec![vec![]];
        for gs in &dim_groups {
            combos = combos
                .into_iter()
                .flat_map(|c| {
                    std::iter::once(None)
                        .chain(gs.iter().filter(|(t, _)| !t.is_empty()).map(|(t, _)| Some(t.clone())))
                        .map(move |g| {
                            let mut c = c.clone();
                            c.push(g);
                            c
                        })
                })
                .collect();
        }
        let name = |c: &[Option<String>]| {
            let n: Vec<&str> = c.iter().flatten().map(String::as_str).collect();
            if n.is_empty() {
                "alle Personen".to_string()
            } else {
                n.join(", ")
            }
        };
        let areas: HashSet<(i32, &str)> = keys.iter().map(|k| (k.year, k.area.as_str())).collect();
        for (di, gs) in dim_groups.iter().enumerate() {
            for c in combos.iter().filter(|c| c[di].is_none()) {
                // whole = Σ non-derived groups; derived = Σ its parts.
                let mut sums: Vec<(Option<String>, Vec<String>)> = vec![(
                    None,
                    gs.iter()
                        .filter(|(t, p)| p.is_empty() && !t.is_empty())
                        .map(|(t, _)| t.clone())
                        .collect(),
                )];
                let total_exact = exhaustive(gs);
                sums.extend(
                    gs.iter().filter(|(_, p)| !p.is_empty()).map(|(t, p)| (Some(t.clone()), p.clone())),
                );
                for (whole, parts) in sums {
                    let whole_is_derived = whole.is_some();
                    let mut wc = c.clone();
                    wc[di] = whole;
                    for (year, area) in &areas {
                        let at = |cc: &[Option<String>]| CellKey {
                            indicator: (*id).to_string(),
                            year: *year,
                            area: (*area).to_string(),
                            group: name(cc),
                        };
                        let wk = at(&wc);
                        let pks: Vec<CellKey> = parts
                            .iter()
                            .map(|t| {
                                let mut pc = c.clone();
                                pc[di] = Some(t.clone());
                                at(&pc)
                            })
                            .collect();
                        if !key_set.contains(&wk) || !pks.iter().all(|k| key_set.contains(k)) {
                            continue;
                        }
                        for def in &defs {
                            let ok = std::iter::once(&wk).chain(pks.iter()).all(|q| {
                                !matches!(present.get(&((*def).clone(), plain(q))), Some(Num::Absent) | None)
                            });
                            if !ok {
                                continue;
                            }
                            let mut lin = Lin::from([(var(def, &wk), 1.0)]);
                            for q in &pks {
                                *lin.entry(var(def, q)).or_default() -= 1.0;
                            }
                            let exact = whole_is_derived || total_exact;
                            facts.push((lin, 0.0, if exact { 0.0 } else { f64::INFINITY }));
                        }
                    }
                }
            }
        }
    }
    // Solve per connected component.
    let n = vars.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut a: usize) -> usize {
        while parent[a] != a {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        a
    }
    for (lin, _, _) in &facts {
        let mut it = lin.keys();
        if let Some(&f) = it.next() {
            for &a in it {
                let (x, y) = (root(&mut parent, f), root(&mut parent, a));
                parent[x] = y;
            }
        }
    }
    let mut comp_facts: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, (lin, _, _)) in facts.iter().enumerate() {
        if let Some(&a) = lin.keys().next() {
            comp_facts.entry(root(&mut parent, a)).or_default().push(i);
        }
    }
    let mut seen = HashSet::new();
    let mut pinned = Vec::new();
    let mut checked = 0;
    for (v, label) in targets {
        if !seen.insert(v) {
            continue;
        }
        checked += 1;
        let c = root(&mut parent, v);
        let comp: Vec<usize> = (0..n).filter(|a| root(&mut parent, *a) == c).collect();
        let fs: Vec<&(Lin, f64, f64)> =
            comp_facts.get(&c).map(|v| v.iter().map(|i| &facts[*i]).collect()).unwrap_or_default();
        let explain = |e: String| {
            let names: HashMap<usize, String> =
                vars.iter().map(|((d, k), i)| (*i, format!("{d} @ {k}"))).collect();
            let lines: Vec<String> = fs
                .iter()
                .map(|(lin, lo, hi)| {
                    let t: Vec<String> = lin.iter().map(|(a, c)| format!("{c:+} [{}]", names[a])).collect();
                    format!("{lo} <= {} <= {hi}", t.join(" "))
                })
                .collect();
            format!("{label}: {e}\n    {}", lines.join("\n    "))
        };
        let lo = optimise(&comp, &fs, v, false).map_err(explain)?;
        let hi = optimise(&comp, &fs, v, true).map_err(|e| format!("{label}: {e}"))?;
        if provably_broken(lo, hi, min_count) {
            pinned.push(Pinned { label, lo, hi });
        }
    }
    Ok((pinned, checked))
}

/// Without true values the attacker cannot tell a sensitive cell from a
/// complement (complements need no interval), so it reports only certain
/// leaks: every integer in the feasible interval is a small count
/// (`1..min_count`), so the truth is sensitive, and none of them keeps its
/// protection interval `[max(0, v − p), v + p]`, `p = max(2, 0.3 v)`, inside
/// `[lo, hi]`.
pub fn provably_broken(lo: f64, hi: f64, min_count: u64) -> bool {
    if !hi.is_finite() {
        return false;
    }
    let (lo, hi) = ((lo - 1e-6).ceil().max(0.0), (hi + 1e-6).floor());
    if lo > hi || lo < 1.0 || hi >= min_count as f64 {
        return false;
    }
    let mut v = lo;
    while v <= hi {
        let p = 2f64.max(0.3 * v);
        if lo <= (v - p).max(0.0) + 1e-9 && hi >= v + p - 1e-9 {
            return false;
        }
        v += 1.0;
    }
    true
}

/// `min_count N` from a rulebook's privacy block (3 without one).
pub fn min_count(text: &str) -> u64 {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("min_count "))
        .find_map(|n| n.trim().parse().ok())
        .unwrap_or(3)
}

fn optimise(
    atoms: &[usize],
    facts: &[&(Lin, f64, f64)],
    target: usize,
    maximise: bool,
) -> Result<f64, String> {
    let mut vars = ProblemVariables::new();
    let x: HashMap<usize, Variable> = atoms.iter().map(|a| (*a, vars.add(variable().min(0.0)))).collect();
    let obj: Expression = x[&target].into();
    let mut model =
        if maximise { vars.maximise(obj.clone()) } else { vars.minimise(obj.clone()) }.using(microlp);
    for (lin, lo, hi) in facts {
        let e = lin.iter().fold(Expression::from(0.0), |e, (a, c)| e + *c * x[a]);
        if lo.is_finite() {
            model = model.with(e.clone().geq(*lo));
        }
        if hi.is_finite() {
            model = model.with(e.leq(*hi));
        }
    }
    match model.solve() {
        Ok(s) => Ok(s.eval(&obj)),
        Err(ResolutionError::Unbounded) => Ok(if maximise { f64::INFINITY } else { f64::NEG_INFINITY }),
        Err(ResolutionError::Infeasible) => {
            Err("the published relations are contradictory (the reader's model of the tables is wrong)"
                .into())
        }
        Err(e) => Err(format!("solver: {e}")),
    }
}
