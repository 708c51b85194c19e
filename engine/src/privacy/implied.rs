//! Implied relations for the pattern step.
//!
//! Pattern rules look at one relation at a time, but nested relations imply
//! shorter ones: from `total = own + parents + none` and the derived group
//! `any = own + parents` follows `total = any + none`. If `any` and `total`
//! are published, a suppressed `none` is exactly known although both
//! original relations have two or more suppressed cells. Adding `R1 − R2`
//! whenever the parts of `R2` are a subset of the parts of `R1` lets the
//! cheap rules see these cases; the LP audit needs no such help (it sees all
//! linear combinations) and only catches what remains.

use std::collections::HashSet;

use super::prepared::Term;

/// Returns the implied relations `R1 − R2` for every ordered pair where all
/// negative-coefficient terms (the parts) of `R2` occur in `R1` with the
/// same coefficient, the difference is shorter than `R1`, and it is not
/// already present. Deterministic: ordered by `(R2, R1)`.
pub(crate) fn implied_relations(relations: &[Vec<Term>], cell_relations: &[Vec<usize>]) -> Vec<Vec<Term>> {
    let key = |terms: &[Term]| -> Vec<(usize, i64)> {
        // Sign-normalized so that R and −R count as the same relation.
        let sign = terms.first().map_or(1, |t| t.coef.signum());
        terms.iter().map(|t| (t.cell, t.coef * sign)).collect()
    };
    let mut seen: HashSet<Vec<(usize, i64)>> = relations.iter().map(|r| key(r)).collect();
    let mut implied = Vec::new();
    for (i2, r2) in relations.iter().enumerate() {
        let parts: Vec<&Term> = r2.iter().filter(|t| t.coef < 0).collect();
        let Some(first) = parts.first() else {
            continue;
        };
        for &i1 in cell_relations.get(first.cell).into_iter().flatten() {
            if i1 == i2 {
                continue;
            }
            let Some(r1) = relations.get(i1) else {
                continue;
            };
            let contains = |t: &Term| {
                r1.binary_search_by_key(&t.cell, |x| x.cell)
                    .ok()
                    .and_then(|k| r1.get(k))
                    .is_some_and(|x| x.coef == t.coef)
            };
            if !parts.iter().all(|t| contains(t)) {
                continue;
            }
            let diff = difference(r1, r2);
            if diff.is_empty() || diff.len() >= r1.len() {
                continue;
            }
            if seen.insert(key(&diff)) {
                implied.push(diff);
            }
        }
    }
    implied
}

/// `a − b` on sorted sparse rows, zero terms dropped, result sorted.
fn difference(a: &[Term], b: &[Term]) -> Vec<Term> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.cell == y.cell => {
                out.push(Term { cell: x.cell, coef: x.coef - y.coef });
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.cell < y.cell => {
                out.push(*x);
                i += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (_, Some(y)) => {
                out.push(Term { cell: y.cell, coef: -y.coef });
                j += 1;
            }
            (None, None) => break,
        }
    }
    out.retain(|t| t.coef != 0);
    out
}
