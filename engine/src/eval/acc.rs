//! The accumulator of one output cell: a sum, how many rows contributed,
//! and whether a contributing value was missing (and why).

use crate::data::MissingKind;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Acc {
    pub sum: f64,
    /// Σv² of the values summed: for a weighted survey count, Σw² of the
    /// respondents, which Kish's effective sample size needs
    /// (`assess/survey.rs`). Never serialised: it is not a published number.
    #[serde(skip)]
    pub sum_sq: f64,
    /// Rows (persons, respondents, table cells) that contributed.
    pub rows: u64,
    /// The most serious missing-value reason met, if any: the cell's value
    /// is then unknown, not smaller.
    pub missing: Option<MissingKind>,
    /// A total whose parts were not all available.
    pub incomplete: bool,
    /// Flags of the values summed (`p` provisional, `r` revised, …; bits
    /// of `data::value_field`), kept as annotations.
    #[serde(skip_serializing_if = "is_zero")]
    pub flags: u8,
}

fn is_zero(f: &u8) -> bool {
    *f == 0
}

impl Acc {
    #[inline]
    pub fn add(&mut self, v: f64) {
        self.sum += v;
        self.sum_sq += v * v;
        self.rows += 1;
    }

    #[inline]
    pub fn add_missing(&mut self, m: MissingKind) {
        self.rows += 1;
        self.missing = Some(self.missing.map_or(m, |old| old.max(m)));
    }

    pub fn merge(&mut self, o: &Acc) {
        self.sum += o.sum;
        self.sum_sq += o.sum_sq;
        self.rows += o.rows;
        if let Some(m) = o.missing {
            self.add_missing_flag(m);
        }
        self.incomplete |= o.incomplete;
        self.flags |= o.flags;
    }

    fn add_missing_flag(&mut self, m: MissingKind) {
        self.missing = Some(self.missing.map_or(m, |old| old.max(m)));
    }

    /// The value if it is known.
    pub fn value(&self) -> Option<f64> {
        (self.missing.is_none() && !self.incomplete).then_some(self.sum)
    }
}
