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

/// Differences up to this many terms are always kept (every relation of the
/// shipped rulebooks' tables is shorter).
const SHORT: usize = 64;

/// Returns the implied relations `R1 − R2` for every ordered pair where all
/// negative-coefficient terms (the parts) of `R2` occur in `R1` with the
/// same coefficient, the difference is shorter than `R1` and no longer than
/// `R2` or [`SHORT`], and it is not already present. Deterministic: ordered by `(R2, R1)`.
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
            // Only short differences: the cheap rules gain from a short
            // relation (`total = any + none`), not from one that spans a
            // table — and a city total minus one district's relation spans
            // all other districts' cells: 1,000 such relations of 20,000
            // terms each on a 1,000-area table, which every later
            // suppression had to re-scan (two thirds of the protection
            // time). Long differences are left to the LP audit.
            if diff.is_empty() || diff.len() >= r1.len() || diff.len() > r2.len().max(SHORT) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `total − Σ parts` as sorted terms.
    fn relation(total: usize, parts: &[usize]) -> Vec<Term> {
        let mut terms: Vec<Term> = parts.iter().map(|&cell| Term { cell, coef: -1 }).collect();
        terms.push(Term { cell: total, coef: 1 });
        terms.sort_by_key(|t| t.cell);
        terms
    }

    fn implied_of(relations: &[Vec<Term>], cells: usize) -> Vec<Vec<Term>> {
        let mut cell_relations = vec![Vec::new(); cells];
        for (r, terms) in relations.iter().enumerate() {
            for t in terms {
                cell_relations[t.cell].push(r);
            }
        }
        implied_relations(relations, &cell_relations)
    }

    #[test]
    fn a_derived_group_implies_the_short_relation() {
        // 0 = total, 1 = own, 2 = parents, 3 = none, 4 = any = own + parents.
        let relations = vec![relation(0, &[1, 2, 3]), relation(4, &[1, 2])];
        let implied = implied_of(&relations, 5);
        assert_eq!(implied, vec![relation(0, &[3, 4])], "total = any + none");
    }

    #[test]
    fn a_long_difference_is_left_to_the_audit() {
        // City total 0 over the cells 1..=140 of two districts; district 141
        // is 1..=70. City − district spans the other district's 70 cells:
        // 72 terms, longer than the district relation (71) and SHORT.
        let all: Vec<usize> = (1..=140).collect();
        let first: Vec<usize> = (1..=70).collect();
        let relations = vec![relation(0, &all), relation(141, &first)];
        assert!(implied_of(&relations, 142).is_empty());
        // The same shape on a small table is kept: 0 − 7 − 4 − 5 − 6.
        let relations = vec![relation(0, &[1, 2, 3, 4, 5, 6]), relation(7, &[1, 2, 3])];
        assert_eq!(implied_of(&relations, 8), vec![relation(0, &[4, 5, 6, 7])]);
    }
}
