//! Per-cell publication status and the reasons behind a suppression.
//!
//! The reason is kept (not just a flag) because renderers and the audit
//! treat the kinds differently: only primary and source-suppressed cells are
//! *sensitive* and need a protection interval; complementary and audit-fix
//! cells are hidden only to shield them.

use serde::{Deserialize, Serialize};

use super::problem::{CellId, ForcedReason, RatePair};

/// Which primary rule a cell broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrimaryReason {
    /// Count in `1..min_count` (e.g. 1 or 2 persons with `min_count = 3`).
    SmallCount,
    /// A zero while `zero_publishable` is false.
    Zero,
    /// Numerator of a rate whose denominator is below `min_denominator`.
    SmallBase,
    /// Fewer survey respondents than `min_contributors`, or fewer persons
    /// behind a sum than `min_count`.
    FewContributors,
    /// A sum dominated by its largest contributions ((n, k) dominance or
    /// p % rule): publishing it would estimate one person's value closely.
    Dominance,
}

/// Why a cell is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionReason {
    /// The cell itself breaks a rule.
    Primary(PrimaryReason),
    /// Hidden by the pattern step so that a relation does not reveal another cell.
    Complementary,
    /// Hidden because the LP audit found a cell that was still too well determined.
    AuditFix,
    /// Unknown to the public before we start (suppressed at source, or missing).
    Forced(ForcedReason),
}

/// Publication status of one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Published,
    Suppressed { reason: SuppressionReason },
}

impl Status {
    /// Shorthand used throughout the module and by tests.
    pub fn suppressed(reason: SuppressionReason) -> Self {
        Status::Suppressed { reason }
    }

    pub fn is_published(&self) -> bool {
        matches!(self, Status::Published)
    }

    pub fn is_suppressed(&self) -> bool {
        !self.is_published()
    }

    pub fn reason(&self) -> Option<SuppressionReason> {
        match self {
            Status::Published => None,
            Status::Suppressed { reason } => Some(*reason),
        }
    }

    /// True for cells whose own value must be protected by an interval:
    /// primary cells and cells suppressed at source (the source judged them
    /// sensitive). Missing cells carry no known value, so nothing to protect.
    pub fn is_sensitive(&self) -> bool {
        matches!(
            self.reason(),
            Some(SuppressionReason::Primary(_))
                | Some(SuppressionReason::Forced(ForcedReason::SuppressedAtSource))
                | Some(SuppressionReason::Forced(ForcedReason::SensitiveLatent))
        )
    }
}

/// Whether the rate `numerator / denominator` may be published.
///
/// A rate is only publishable when both of its cells are: a published rate
/// next to a published denominator would reveal a suppressed numerator, and
/// next to a published numerator it would reveal a suppressed denominator.
/// Unknown cell ids count as not published (fail closed).
pub fn rate_published(statuses: &[Status], pair: &RatePair) -> bool {
    let published = |id: CellId| statuses.get(id.0).is_some_and(Status::is_published);
    published(pair.numerator) && published(pair.denominator)
}
