//! Statistical disclosure control for published count tables: cell
//! suppression plus an LP audit.
//!
//! A statistics office may only publish aggregates, and no person may be
//! identifiable, neither from a small cell itself nor by subtracting
//! published cells from published totals. The engine translates its
//! indicator tables into a generic [`SdcProblem`] (cells, additive
//! [`Relation`]s, [`RatePair`]s, [`PrivacyRules`]); [`protect`] returns a
//! [`Status`] per cell and an [`AuditReport`] that proves the result safe.
//!
//! # Steps
//!
//! 1. **Primary suppression** (`primary.rs`): a cell is hidden if its count
//!    is in `1..min_count`, if it is 0 and zeros are not publishable, if it
//!    has fewer than `min_contributors` respondents, or if it is the
//!    numerator of a rate whose denominator is below `min_denominator` (a
//!    published rate next to a published denominator reveals the
//!    numerator). Forced cells (suppressed at source, missing) are unknowns
//!    from the start.
//! 2. **Complementary suppression** (`secondary.rs`, `implied.rs`), a
//!    greedy fixed point over a FIFO work list of relations. Besides the
//!    given relations it checks implied ones `R1 − R2` where the parts of
//!    `R2` are a subset of those of `R1` (from `total = own + parents + none`
//!    and `any = own + parents` follows `total = any + none`; without it a
//!    hidden `none` next to published `any` and `total` is exactly known).
//!    A relation needs one more suppression while
//!    * exactly one of its cells is suppressed (it could be recomputed);
//!    * its suppressed cells are exactly two sensitive cells, one of them
//!      a singleton (1 contributor): that person knows their own value and
//!      could compute the other (singleton rule);
//!    * all its suppressed cells enter with the same sign and their sum, which
//!      the published cells reveal, breaks a primary rule (sub-sum rule).
//!
//!    The cell added is the relation's published cell ranked best by:
//!    non-zero before zero (hiding a 0 adds no uncertainty to a sum); fewest
//!    still fully published relations it would open (each one forces another
//!    suppression, so this avoids cascades); smallest value; fewest
//!    relations; lowest id. Same input, same output. Each addition re-queues
//!    the other relations of that cell.
//! 3. **Audit** (`audit.rs`, `lp.rs`): for the published table, every
//!    suppressed cell is an unknown `x >= 0`, every published cell a
//!    constant and every relation an equality. The feasible interval of each
//!    suppressed cell is `[min x, max x]` — two LPs (good_lp with the pure-Rust
//!    microlp solver), solved per connected component of suppressed cells;
//!    a component without relations is `[0, +inf)`, an unbounded maximum is
//!    `+inf`, and for integer tables the bounds are rounded inward. Each
//!    sensitive cell (primary or suppressed at source) must cover the
//!    protection interval `[max(0, v - p), v + p]`, `p = max(absolute,
//!    relative * v)` (see [`Protection`] for defaults and the lower clamp).
//! 4. **Audit fixes** (`pipeline.rs`): the audit fails closed. For each
//!    component with an exposed cell, the best-ranked published cell (same
//!    ranking) in a relation of the lowest exposed cell is suppressed
//!    (`AuditFix`), the pattern rules run again and the audit repeats;
//!    unchanged components are served from a cache. This catches what pattern rules cannot see, e.g. a
//!    2-D table where every row and column has two suppressions and yet zeros
//!    pin a cycle so that a cell is exactly recoverable.
//!
//! # Limits
//!
//! * The LP is the continuous relaxation: an attacker using integrality
//!   could in rare cases narrow an interval further than the inward-rounded
//!   LP bounds.
//! * The attacker is assumed to know exactly the relations given; rounding
//!   published cells (`round_to`) only adds uncertainty, so auditing
//!   unrounded values is conservative.
//! * The heuristic is greedy, not cost-optimal: it may hide more cells than
//!   an optimal (MIP-based) suppression would. It has no notion of
//!   "headline" cells: a top-level total that opens no further relation can
//!   be chosen as a complement.
//! * Only sensitive cells (primary, suppressed at source) get a protection
//!   requirement; complementary cells are hidden only to shield them.
//!
//! # Naming
//!
//! [`Protection`] is the required protection interval (part of the rules);
//! the result of [`protect`] is a [`ProtectionOutcome`].

mod audit;
mod blocks;
pub mod cellkey;
mod directed_fix;
mod error;
mod implied;
mod lp;
mod neighbourhood;
mod pipeline;
mod prepared;
mod primary;
mod problem;
mod rules;
mod secondary;
mod status;
mod witness_memo;

#[cfg(test)]
mod tests;

pub use audit::{audit, AuditReport, AuditRow};
pub use error::PrivacyError;
pub use pipeline::{protect, ProtectionOutcome, SuppressionCounts};
pub use problem::{Cell, CellId, CellRole, ForcedReason, RatePair, Relation, RelationKind, SdcProblem};
pub use rules::{Magnitude, PrivacyRules, Protection, LARGEST_KEPT};
pub use status::{rate_published, PrimaryReason, Status, SuppressionReason};
