//! The rehearsal's read side, as pure functions of the session: each change's measured
//! time per environment, the rehearsal total with what it left untimed, the must-fix
//! list of entries that were hard to replay, and the proposed outage length (step 10).

use super::application::{Outcome, Replicability};
use super::env::EnvKey;
use super::ids::ChangeId;
use super::session::Session;
use super::step::{Step, StepKind};
use super::work_plan::Change;
use chrono::{DateTime, Duration, Utc};

/// A Work Plan entry the rehearsal found hard to replay; it stays on the list until
/// the change is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MustFix {
    pub change: ChangeId,
    pub rating: Replicability,
    pub note: String,
    pub by: String,
}

/// The rehearsal's timings: what each change took in Stage 2.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rehearsal {
    /// The sum of the measured durations.
    pub total: Duration,
    /// The changes with a measured duration, in Work Plan order.
    pub timed: Vec<(ChangeId, Duration)>,
    /// The active changes with none (not rehearsed, skipped, failed or not timed).
    pub untimed: Vec<ChangeId>,
}

impl Rehearsal {
    /// The measured duration of `change`, if it has one.
    pub fn of(&self, change: ChangeId) -> Option<Duration> {
        self.timed
            .iter()
            .find(|(c, _)| *c == change)
            .map(|(_, d)| *d)
    }

    /// The mean of the measured durations (what an untimed change is counted at).
    pub fn mean(&self) -> Option<Duration> {
        let n = i32::try_from(self.timed.len()).ok().filter(|n| *n > 0)?;
        Some(self.total / n)
    }
}

/// The proposed outage length and its parts (step 10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutageProposal {
    pub rehearsal: Duration,
    /// Changes not timed in the rehearsal (the total leaves them out).
    pub untimed: usize,
    pub contingency_percent: u32,
    pub contingency: Duration,
    pub verification: Duration,
    /// Whether the verification time is the retest as measured (else the plan sets it).
    pub verification_measured: bool,
    pub rollback: Duration,
    /// rehearsal + contingency + verification + rollback.
    pub length: Duration,
}
impl Change {
    /// How long applying it took in `env`: the timer of its latest attempt there, if
    /// that attempt applied it and was timed.
    pub fn measured_in(&self, env: EnvKey) -> Option<Duration> {
        let a = self
            .latest_application(env)
            .filter(|a| a.outcome == Some(Outcome::Applied) && a.timer.first_start().is_some())?;
        let end = a.finished_at?;
        Some(a.timer.elapsed(end))
    }
}

impl Session {
    /// The Work Plan entries the rehearsal rated other than "as written" and that have
    /// not been edited since, in Work Plan order.
    pub fn must_fix(&self) -> Vec<MustFix> {
        self.active_changes().filter_map(must_fix_of).collect()
    }

    /// Whether `who` would be replaying their own change in the rehearsal (the process
    /// asks for someone who did not make it, to prove the entry is enough on its own).
    pub fn replays_own_change(&self, change: &Change, env: EnvKey, who: &str) -> bool {
        self.rehearsing_in(env) && change.author.trim() == who.trim()
    }

    /// The rehearsal's timings (Stage 2) over the changes in the Work Plan.
    pub fn rehearsal(&self) -> Rehearsal {
        let mut r = Rehearsal::default();
        for c in self.active_changes() {
            match c.measured_in(EnvKey::Stage2) {
                Some(d) => {
                    r.total += d;
                    r.timed.push((c.id, d));
                }
                None => r.untimed.push(c.id),
            }
        }
        r
    }

    /// The first step of `kind`.
    pub(super) fn step_of_kind(&self, kind: StepKind) -> Option<&Step> {
        self.steps.iter().find(|s| s.kind == kind)
    }

    /// The testing step after the rehearsal (step 9): its measured time is the
    /// verification time an outage needs.
    pub fn verification_step(&self) -> Option<&Step> {
        let rehearse = self.step_of_kind(StepKind::Rehearse)?.number;
        self.steps
            .iter()
            .find(|s| s.number > rehearse && s.kind.is_testing())
    }

    /// The proposed outage length with its parts, or `None` while nothing has been
    /// timed in the rehearsal (no guess is made).
    pub fn outage_proposal(&self, now: DateTime<Utc>) -> Option<OutageProposal> {
        self.outage_proposal_with(&self.rehearsal(), now)
    }

    /// [`Session::outage_proposal`] from the rehearsal's timings worked out already.
    pub fn outage_proposal_with(
        &self,
        rehearsal: &Rehearsal,
        now: DateTime<Utc>,
    ) -> Option<OutageProposal> {
        if rehearsal.timed.is_empty() {
            return None;
        }
        let plan = &self.outage;
        let contingency = scale(rehearsal.total, f64::from(plan.contingency_percent) / 100.0);
        let (verification, verification_measured) = match plan.verification_minutes {
            Some(m) => (Duration::minutes(i64::from(m)), false),
            None => (
                self.verification_step()
                    .map_or(Duration::zero(), |s| s.timer.elapsed(now)),
                true,
            ),
        };
        let rollback = Duration::minutes(i64::from(plan.rollback_minutes));
        Some(OutageProposal {
            rehearsal: rehearsal.total,
            untimed: rehearsal.untimed.len(),
            contingency_percent: plan.contingency_percent,
            contingency,
            verification,
            verification_measured,
            rollback,
            length: rehearsal.total + contingency + verification + rollback,
        })
    }
}

/// What the rehearsal says must be fixed in the entry of `c`, if anything: the latest
/// hard replay since the change was last edited (only an edit fixes the entry, not a
/// later attempt: started again, skipped, rated otherwise).
pub fn must_fix_of(c: &Change) -> Option<MustFix> {
    if c.is_removed() {
        return None;
    }
    let a = c.applications.iter().rev().find(|a| {
        a.env == EnvKey::Stage2
            && a.counts()
            && a.rating.is_some_and(|r| r != Replicability::AsWritten)
            && a.change_revision == c.revision
    })?;
    let rating = a.rating?;
    Some(MustFix {
        change: c.id,
        rating,
        note: a.note.clone(),
        by: a.by.to_string(),
    })
}

/// `d` × `factor`, to the millisecond.
pub(super) fn scale(d: Duration, factor: f64) -> Duration {
    Duration::milliseconds((d.num_milliseconds() as f64 * factor).round() as i64)
}
