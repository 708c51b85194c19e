//! Whether row conditions can be true together, decided from the rulebook
//! alone.
//!
//! Why: a cell whose defining conditions contradict each other (an age band
//! „65 und älter“ inside a filter `age < 65`) is empty for every data set.
//! A reader holding the rulebook knows that, so calling it „nicht definiert“
//! discloses nothing — unlike a cell that merely happens to be empty.
//!
//! The test is an abstract interpretation of the filter language with the
//! row semantics of `eval/expr.rs` and `eval/value.rs`: a column's value is
//! missing, a number, or other text; a condition is pushed through `not`
//! exactly (each comparison knows its own false-set, `not (age == 1)`
//! includes missing ages, `age != 1` does not). Every condition yields two
//! *over-approximations*: the rows it may be true for and the rows it may be
//! false for. „Contradictory“ is only answered when the over-approximated
//! set is empty, so anything the analysis does not understand (scripts,
//! comparisons of two columns, arithmetic, text ordering) counts as
//! satisfiable: the cell is then protected like any other (fail closed).

use kimon_grammar::ast::{BinOp, Expr, Literal};
use std::collections::{BTreeMap, BTreeSet};

/// Beyond these sizes sets are widened to their hull (still sound).
const MAX_INTERVALS: usize = 64;
const MAX_BOXES: usize = 256;
/// Nesting of native `let`s followed before giving up.
const MAX_DEPTH: usize = 32;

/// An interval of numbers with open or closed ends.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Iv {
    lo: f64,
    lo_in: bool,
    hi: f64,
    hi_in: bool,
}

impl Iv {
    const ALL: Iv = Iv { lo: f64::NEG_INFINITY, lo_in: false, hi: f64::INFINITY, hi_in: false };

    fn is_empty(&self) -> bool {
        self.lo > self.hi || (self.lo == self.hi && !(self.lo_in && self.hi_in))
    }

    fn meet(&self, o: &Iv) -> Iv {
        let (lo, lo_in) = if self.lo > o.lo {
            (self.lo, self.lo_in)
        } else if o.lo > self.lo {
            (o.lo, o.lo_in)
        } else {
            (self.lo, self.lo_in && o.lo_in)
        };
        let (hi, hi_in) = if self.hi < o.hi {
            (self.hi, self.hi_in)
        } else if o.hi < self.hi {
            (o.hi, o.hi_in)
        } else {
            (self.hi, self.hi_in && o.hi_in)
        };
        Iv { lo, lo_in, hi, hi_in }
    }

    /// `x op n` as intervals of x, and the intervals where it is false
    /// (among numbers).
    fn of_cmp(op: BinOp, n: f64) -> Option<(Vec<Iv>, Vec<Iv>)> {
        let below = |inc| Iv { lo: f64::NEG_INFINITY, lo_in: false, hi: n, hi_in: inc };
        let above = |inc| Iv { lo: n, lo_in: inc, hi: f64::INFINITY, hi_in: false };
        let point = Iv { lo: n, lo_in: true, hi: n, hi_in: true };
        Some(match op {
            BinOp::Lt => (vec![below(false)], vec![above(true)]),
            BinOp::Le => (vec![below(true)], vec![above(false)]),
            BinOp::Gt => (vec![above(false)], vec![below(true)]),
            BinOp::Ge => (vec![above(true)], vec![below(false)]),
            BinOp::Eq => (vec![point], vec![below(false), above(false)]),
            BinOp::Ne => (vec![below(false), above(false)], vec![point]),
            _ => return None,
        })
    }
}

/// Non-missing, non-numeric texts: a finite set or all but a finite set.
#[derive(Debug, Clone, PartialEq)]
enum Texts {
    Only(BTreeSet<String>),
    AllBut(BTreeSet<String>),
}

impl Texts {
    fn none() -> Texts {
        Texts::Only(BTreeSet::new())
    }

    fn all() -> Texts {
        Texts::AllBut(BTreeSet::new())
    }

    fn is_empty(&self) -> bool {
        matches!(self, Texts::Only(s) if s.is_empty())
    }

    fn meet(&self, o: &Texts) -> Texts {
        match (self, o) {
            (Texts::Only(a), Texts::Only(b)) => Texts::Only(a.intersection(b).cloned().collect()),
            (Texts::Only(a), Texts::AllBut(b)) | (Texts::AllBut(b), Texts::Only(a)) => {
                Texts::Only(a.difference(b).cloned().collect())
            }
            (Texts::AllBut(a), Texts::AllBut(b)) => Texts::AllBut(a.union(b).cloned().collect()),
        }
    }

    fn join(&self, o: &Texts) -> Texts {
        match (self, o) {
            (Texts::Only(a), Texts::Only(b)) => Texts::Only(a.union(b).cloned().collect()),
            (Texts::Only(a), Texts::AllBut(b)) | (Texts::AllBut(b), Texts::Only(a)) => {
                Texts::AllBut(b.difference(a).cloned().collect())
            }
            (Texts::AllBut(a), Texts::AllBut(b)) => Texts::AllBut(a.intersection(b).cloned().collect()),
        }
    }
}

/// A set of values of one column: missing or not, numbers (by the value
/// `V::num` sees), other texts.
#[derive(Debug, Clone, PartialEq)]
struct ColSet {
    missing: bool,
    num: Vec<Iv>,
    text: Texts,
}

impl ColSet {
    fn is_empty(&self) -> bool {
        !self.missing && self.num.iter().all(Iv::is_empty) && self.text.is_empty()
    }

    fn meet(&self, o: &ColSet) -> ColSet {
        let mut num: Vec<Iv> = Vec::new();
        for a in &self.num {
            for b in &o.num {
                let m = a.meet(b);
                if !m.is_empty() {
                    num.push(m);
                }
            }
        }
        ColSet { missing: self.missing && o.missing, num: widen(num), text: self.text.meet(&o.text) }
    }

    fn join(&self, o: &ColSet) -> ColSet {
        let num = self.num.iter().chain(&o.num).copied().filter(|i| !i.is_empty()).collect();
        ColSet { missing: self.missing || o.missing, num: widen(num), text: self.text.join(&o.text) }
    }
}

/// Too many intervals become their hull (a superset: still sound).
fn widen(num: Vec<Iv>) -> Vec<Iv> {
    if num.len() <= MAX_INTERVALS {
        return num;
    }
    let lo = num.iter().map(|i| i.lo).fold(f64::INFINITY, f64::min);
    let hi = num.iter().map(|i| i.hi).fold(f64::NEG_INFINITY, f64::max);
    vec![Iv { lo, lo_in: true, hi, hi_in: true }]
}

/// A product of column sets (a column not listed is unconstrained).
type Box = BTreeMap<String, ColSet>;

/// A union of boxes: an over-approximation of a set of rows. Empty means
/// no row at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows(Vec<Box>);

impl Rows {
    /// Every row.
    pub fn all() -> Rows {
        Rows(vec![Box::new()])
    }

    /// No row.
    pub fn none() -> Rows {
        Rows(Vec::new())
    }

    /// Whether no row can be in the set: the conditions contradict.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn column(name: &str, set: ColSet) -> Rows {
        if set.is_empty() {
            return Rows::none();
        }
        Rows(vec![Box::from([(name.to_string(), set)])])
    }

    /// Rows in both sets.
    pub fn meet(&self, o: &Rows) -> Rows {
        let mut out = Vec::new();
        for a in &self.0 {
            'pair: for b in &o.0 {
                let mut m = a.clone();
                for (col, set) in b {
                    let s = match m.get(col) {
                        Some(mine) => mine.meet(set),
                        None => set.clone(),
                    };
                    if s.is_empty() {
                        continue 'pair;
                    }
                    m.insert(col.clone(), s);
                }
                out.push(m);
            }
        }
        Rows(out).widened()
    }

    /// Rows in either set.
    pub fn join(&self, o: &Rows) -> Rows {
        Rows(self.0.iter().chain(&o.0).cloned().collect()).widened()
    }

    /// Too many boxes become one: per column the union, for the columns
    /// every box constrains (the others are unconstrained).
    fn widened(self) -> Rows {
        if self.0.len() <= MAX_BOXES {
            return self;
        }
        let mut it = self.0.into_iter();
        let Some(mut hull) = it.next() else { return Rows::none() };
        for b in it {
            hull = hull
                .into_iter()
                .filter_map(|(col, set)| b.get(&col).map(|other| (col, set.join(other))))
                .collect();
        }
        Rows(vec![hull])
    }
}

/// How names in a condition resolve.
pub trait Scope {
    /// The column a name reads (its header in the file), or `None` when
    /// the name is not a plain column (a `let`).
    fn column(&self, name: &str) -> Option<String>;
    /// The expression of a native `let`, if the name is one.
    fn native_let(&self, name: &str) -> Option<&Expr>;
}

/// The rows a condition may be true for, and those it may be false for.
pub struct Truth {
    pub when_true: Rows,
    pub when_false: Rows,
}

impl Truth {
    fn unknown() -> Truth {
        Truth { when_true: Rows::all(), when_false: Rows::all() }
    }

    fn not(self) -> Truth {
        Truth { when_true: self.when_false, when_false: self.when_true }
    }

    pub fn and(self, o: Truth) -> Truth {
        Truth {
            when_true: self.when_true.meet(&o.when_true),
            when_false: self.when_false.join(&o.when_false),
        }
    }

    pub fn or(self, o: Truth) -> Truth {
        Truth {
            when_true: self.when_true.join(&o.when_true),
            when_false: self.when_false.meet(&o.when_false),
        }
    }
}

/// Analyses a row condition (a filter or a group's `when`).
pub fn analyse(e: &Expr, scope: &dyn Scope) -> Truth {
    truth(e, scope, 0)
}

/// The rows whose field reads exactly `code` (after trimming), as an area
/// unit takes them (`eval/pass.rs` compares the raw text). Such a row's
/// value is text `code` or, for a code that reads as a number, that
/// number; a code that filters would read as missing or as the zero sign
/// is not analysed.
pub fn code_equals(column: &str, code: &str) -> Rows {
    match crate::eval::value::V::field(code) {
        crate::eval::value::V::Str(s) if s == code => eq_text(column, code, false).when_true,
        _ => Rows::all(),
    }
}

fn truth(e: &Expr, scope: &dyn Scope, depth: usize) -> Truth {
    if depth > MAX_DEPTH {
        return Truth::unknown();
    }
    match e {
        Expr::Paren { inner, .. } => truth(inner, scope, depth + 1),
        Expr::Bool { value: true, .. } => Truth { when_true: Rows::all(), when_false: Rows::none() },
        Expr::Bool { value: false, .. } => Truth { when_true: Rows::none(), when_false: Rows::all() },
        Expr::Not { inner, .. } => truth(inner, scope, depth + 1).not(),
        Expr::Binary { op: BinOp::And, left, right, .. } => {
            truth(left, scope, depth + 1).and(truth(right, scope, depth + 1))
        }
        Expr::Binary { op: BinOp::Or, left, right, .. } => {
            truth(left, scope, depth + 1).or(truth(right, scope, depth + 1))
        }
        Expr::Binary { op, left, right, .. } if op.is_comparison() => comparison(*op, left, right, scope),
        Expr::InRange { subject, low, high, .. } => match column_of(subject, scope) {
            Some(col) if low.is_finite() && high.is_finite() => {
                let iv = Iv { lo: *low, lo_in: true, hi: *high, hi_in: true };
                let outside = vec![
                    Iv { lo: f64::NEG_INFINITY, lo_in: false, hi: *low, hi_in: false },
                    Iv { lo: *high, lo_in: false, hi: f64::INFINITY, hi_in: false },
                ];
                numeric(&col, vec![iv], outside)
            }
            _ => Truth::unknown(),
        },
        Expr::InList { subject, items, .. } => {
            let Some(col) = column_of(subject, scope) else { return Truth::unknown() };
            // `x in [a, b]` is `x == a or x == b` (`Node::InList`).
            let mut acc = Truth { when_true: Rows::none(), when_false: Rows::all() };
            for item in items {
                let t = match item {
                    Literal::Str(t) => eq_text(&col, &t.value, false),
                    Literal::Name(i) => eq_text(&col, &i.name, false),
                    Literal::Number { value, .. } => match Iv::of_cmp(BinOp::Eq, *value) {
                        Some((yes, no)) if value.is_finite() => numeric(&col, yes, no),
                        _ => Truth::unknown(),
                    },
                };
                acc = acc.or(t);
            }
            acc
        }
        // A native `let` used as a condition: its formula, when that is a
        // condition itself (then the value is a boolean and truthiness is
        // its truth).
        Expr::Name(i) => match scope.native_let(&i.name) {
            Some(def) if is_condition(def) => truth(def, scope, depth + 1),
            _ => Truth::unknown(),
        },
        _ => Truth::unknown(),
    }
}

/// Whether an expression always evaluates to a boolean.
fn is_condition(e: &Expr) -> bool {
    match e {
        Expr::Paren { inner, .. } => is_condition(inner),
        Expr::Bool { .. } | Expr::Not { .. } | Expr::InRange { .. } | Expr::InList { .. } => true,
        Expr::Binary { op, .. } => op.is_comparison() || matches!(op, BinOp::And | BinOp::Or),
        _ => false,
    }
}

fn column_of(e: &Expr, scope: &dyn Scope) -> Option<String> {
    match e {
        Expr::Paren { inner, .. } => column_of(inner, scope),
        Expr::Name(i) => scope.column(&i.name),
        _ => None,
    }
}

fn number_of(e: &Expr) -> Option<f64> {
    match e {
        Expr::Paren { inner, .. } => number_of(inner),
        Expr::Number { value, .. } => Some(*value),
        Expr::Neg { inner, .. } => number_of(inner).map(|x| -x),
        _ => None,
    }
    .filter(|x| x.is_finite())
}

fn text_of(e: &Expr) -> Option<&str> {
    match e {
        Expr::Paren { inner, .. } => text_of(inner),
        Expr::Str(t) => Some(&t.value),
        _ => None,
    }
}

fn flipped(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        other => other,
    }
}

fn comparison(op: BinOp, left: &Expr, right: &Expr, scope: &dyn Scope) -> Truth {
    let (col, lit, op) = match (column_of(left, scope), column_of(right, scope)) {
        (Some(c), None) => (c, right, op),
        (None, Some(c)) => (c, left, flipped(op)),
        _ => return Truth::unknown(),
    };
    if let Some(n) = number_of(lit) {
        // Against a number every comparison is numeric (`binary` in
        // expr.rs): true only for a value that reads as a number.
        let Some((yes, no)) = Iv::of_cmp(op, n) else { return Truth::unknown() };
        if op == BinOp::Ne {
            // `!=` is true for other text too, false for a missing value.
            let when_true = Rows::column(&col, ColSet { missing: false, num: yes, text: Texts::all() });
            let when_false = Rows::column(&col, ColSet { missing: true, num: no, text: Texts::none() });
            return Truth { when_true, when_false };
        }
        return numeric(&col, yes, no);
    }
    match (op, text_of(lit)) {
        (BinOp::Eq, Some(t)) => eq_text(&col, t, false),
        (BinOp::Ne, Some(t)) => eq_text(&col, t, true),
        // Text ordering and anything else: not analysed.
        _ => Truth::unknown(),
    }
}

/// A condition true exactly for numbers in `yes`; false for numbers in
/// `no`, for missing values and for other text.
fn numeric(col: &str, yes: Vec<Iv>, no: Vec<Iv>) -> Truth {
    Truth {
        when_true: Rows::column(col, ColSet { missing: false, num: yes, text: Texts::none() }),
        when_false: Rows::column(col, ColSet { missing: true, num: no, text: Texts::all() }),
    }
}

/// `col == "t"` (or `!=` with `negate`). Equality with text compares text
/// with text, but a value that reads as a number compares numerically with
/// a literal that does (`V::equals`): for such a literal only the number
/// is known, and the other side stays unconstrained.
fn eq_text(col: &str, t: &str, negate: bool) -> Truth {
    let number = crate::data::number::parse_number(t).filter(|x| x.is_finite());
    let (when_true, when_false) = match number {
        None => {
            let only: BTreeSet<String> = BTreeSet::from([t.to_string()]);
            (
                ColSet { missing: false, num: Vec::new(), text: Texts::Only(only.clone()) },
                ColSet { missing: true, num: vec![Iv::ALL], text: Texts::AllBut(only) },
            )
        }
        Some(n) => (
            ColSet {
                missing: false,
                num: vec![Iv { lo: n, lo_in: true, hi: n, hi_in: true }],
                text: Texts::none(),
            },
            ColSet { missing: true, num: vec![Iv::ALL], text: Texts::all() },
        ),
    };
    if !negate {
        return Truth { when_true: Rows::column(col, when_true), when_false: Rows::column(col, when_false) };
    }
    // `!=` is `equals == Some(false)`: never true for a missing value.
    let ne_true = ColSet { missing: false, ..when_false };
    let ne_false = ColSet { missing: true, ..when_true };
    Truth { when_true: Rows::column(col, ne_true), when_false: Rows::column(col, ne_false) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    struct Cols(IndexMap<String, Expr>);

    impl Scope for Cols {
        fn column(&self, name: &str) -> Option<String> {
            (!self.0.contains_key(name) && name != "script").then(|| name.to_string())
        }
        fn native_let(&self, name: &str) -> Option<&Expr> {
            self.0.get(name)
        }
    }

    /// Parses `text` as the formula of a native `let`.
    fn cond(text: &str) -> Expr {
        let parsed =
            kimon_grammar::parse(&format!("let t = {text}\n")).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        match parsed.file.items.first() {
            Some(kimon_grammar::ast::Item::Let(l)) => match &l.value {
                kimon_grammar::ast::LetValue::Native(e) => e.clone(),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    fn contradictory(parts: &[&str]) -> bool {
        contradictory_with(parts, &[])
    }

    fn contradictory_with(parts: &[&str], lets: &[(&str, &str)]) -> bool {
        let scope = Cols(lets.iter().map(|(n, e)| (n.to_string(), cond(e))).collect());
        let mut rows = Rows::all();
        for p in parts {
            rows = rows.meet(&analyse(&cond(p), &scope).when_true);
        }
        rows.is_empty()
    }

    /// grossstadt's age bands as native conditions, first match wins: the
    /// `otherwise` group (65+) is the rows none of them takes.
    const BANDS: [&str; 4] =
        ["age < 18", "age >= 18 and age < 30", "age >= 30 and age < 50", "age >= 50 and age < 65"];

    #[test]
    fn contradictions_are_found() {
        let otherwise: Vec<String> = BANDS.iter().map(|b| format!("not ({b})")).collect();
        let mut parts: Vec<&str> = otherwise.iter().map(String::as_str).collect();
        parts.push("age < 65");
        assert!(contradictory(&parts), "65+ inside age < 65");
        assert!(contradictory(&["age >= 65", "sgb2 == 1 and age < 65"]));
        assert!(contradictory(&["age in 0..17", "age in 18..64"]));
        assert!(contradictory(&["citizenship == \"DE\"", "citizenship == \"TR\""]));
        assert!(contradictory(&["citizenship == \"DE\"", "citizenship in [\"TR\", \"SY\"]"]));
        assert!(contradictory(&["citizenship == \"DE\"", "citizenship != \"DE\""]));
        assert!(contradictory(&["mh == \"none\"", "not (mh == \"none\" or mh == \"own\")"]));
        assert!(contradictory(&["age < 18 or age > 70", "age in 20..60"]));
        assert!(contradictory(&["false"]));
        // Through a native `let` that is a condition.
        assert!(contradictory_with(&["langzeit", "months < 12"], &[("langzeit", "months >= 12")]));
    }

    #[test]
    fn satisfiable_conditions_are_not_contradictions() {
        // The open and closed ends of the bands meet without a gap or overlap.
        assert!(!contradictory(&["age >= 50 and age < 65", "age < 65"]));
        assert!(!contradictory(&["age <= 64", "age >= 64"]));
        // A number and text: `x == 1` and `x != "DE"` hold for "1".
        assert!(!contradictory(&["x == 1", "x != \"DE\""]));
        // Both hold for a missing or text age.
        assert!(!contradictory(&["not (age < 65)", "not (age >= 65)"]));
        // `x == "01"` and `x == 1`: "01" reads as the number 1.
        assert!(!contradictory(&["x == \"01\"", "x == 1"]));
        // Different columns never contradict.
        assert!(!contradictory(&["a == 1", "b == 2"]));
        // Ages 17.5 fall between `age in 0..17` and `age in 18..64`.
        assert!(!contradictory(&["not (age in 0..17)", "not (age in 18..64)", "age < 65"]));
    }

    #[test]
    fn what_is_not_understood_is_never_a_contradiction() {
        // A script's value, text ordering, arithmetic, two columns.
        assert!(!contradictory(&["script == \"65+\"", "age < 65", "age >= 65 or script == \"x\""]));
        assert!(!contradictory(&["name < \"M\"", "name > \"N\""]));
        assert!(!contradictory(&["age + 1 < 18", "age >= 65"]));
        assert!(!contradictory(&["a < b", "b < a"]));
        // A `let` that is not a condition stays unknown.
        assert!(!contradictory_with(&["alter", "not alter"], &[("alter", "age + 0")]));
    }

    #[test]
    fn negations_follow_the_row_semantics() {
        // `not (x == 1)` is true for a missing x, `x != 1` is not; both are
        // true for text and for 2, so their meet is not empty.
        assert!(!contradictory(&["not (x == 1)", "x != 1"]));
        // `x != 1` is false for 1.
        assert!(contradictory(&["x != 1", "x == 1"]));
        assert!(contradictory(&["not (x != \"DE\")", "x == \"TR\""]));
    }
}
