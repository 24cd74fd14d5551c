//! What a list of sessions shows of each, in a few fields: small enough to keep in a
//! session file's cache, so that listing a folder of sessions reads no session whole.

use super::session::Session;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A session at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glance {
    pub title: String,
    /// The step being worked on (its number and title); `None` once all are finished.
    pub current_step: Option<(u32, String)>,
    pub finished_steps: usize,
    pub steps: usize,
    /// Changes in the Work Plan, removed ones left out.
    pub active_changes: usize,
    /// Scripts that need a retest in the current round.
    pub needs_retest: usize,
    /// When the copy-back is due, once the Production implementation is done and until
    /// the copy-back is.
    pub copy_back_due: Option<DateTime<Utc>>,
}

impl Session {
    /// The session at a glance.
    pub fn glance(&self) -> Glance {
        Glance {
            title: self.title().clone(),
            current_step: self.current_step().map(|s| (s.number, s.title.clone())),
            finished_steps: self.finished_steps(),
            steps: self.steps().len(),
            active_changes: self.active_changes().count(),
            needs_retest: self
                .current_round()
                .and_then(|r| self.tally(r.id))
                .map_or(0, |t| t.needs_retest),
            copy_back_due: self.copy_back_due(),
        }
    }
}
