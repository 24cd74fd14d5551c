//! Process steps: their kind, status, owner, time and sign-off.

use super::ids::RoundId;
use super::timing::Timer;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a step is about; drives which screens and rules apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepKind {
    /// Copy Production down to the first stage.
    Copy,
    /// Freeze Production's configuration.
    Freeze,
    /// Make and log the changes in the first stage.
    Configure,
    /// Stakeholders run the test plan.
    Test,
    /// Review test outcomes and fix.
    Review,
    /// Test again and sign off.
    Retest,
    /// Copy Production to the second stage again.
    Refresh,
    /// Re-implement the Work Plan in the second stage, timed.
    Rehearse,
    /// Book the Production outage.
    PlanOutage,
    /// Implement in Production during the outage.
    Implement,
    /// Copy Production back down through the other environments.
    CopyBack,
    /// Anything a custom template adds.
    Other,
}

impl StepKind {
    /// Steps in which test rounds are run.
    pub fn is_testing(self) -> bool {
        matches!(self, StepKind::Test | StepKind::Retest)
    }
}

/// Where a step stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepStatus {
    Todo,
    InProgress,
    Done,
    Skipped { reason: String },
    Blocked { reason: String },
}

impl StepStatus {
    /// A one-word name for tables.
    pub fn word(&self) -> &'static str {
        match self {
            StepStatus::Todo => "todo",
            StepStatus::InProgress => "in progress",
            StepStatus::Done => "done",
            StepStatus::Skipped { .. } => "skipped",
            StepStatus::Blocked { .. } => "blocked",
        }
    }

    /// Done or skipped: nothing more is expected of the step.
    pub fn is_finished(&self) -> bool {
        matches!(self, StepStatus::Done | StepStatus::Skipped { .. })
    }
}

impl fmt::Display for StepStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A lead's sign-off of a finished step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub by: String,
    pub at: DateTime<Utc>,
    pub comment: String,
    /// The session's Work Plan revision when it was given; the sign-off is stale once
    /// the Work Plan has a later one ([`Session::is_stale`](super::Session::is_stale)).
    #[serde(default)]
    pub work_plan_revision: u64,
    /// The test round it covers ([`Session::covered_round`](super::Session::covered_round)),
    /// if there was one.
    #[serde(default)]
    pub round: Option<RoundId>,
}

/// A step started while an earlier step was still waiting for its sign-off or not
/// finished, or the Production implementation while the must-fix list was not empty,
/// and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartOverride {
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: String,
    /// The earlier steps that were not signed off.
    pub unsigned: Vec<u32>,
    /// The Work Plan entries on the must-fix list when the Production implementation
    /// started.
    #[serde(default)]
    pub must_fix: Vec<super::ids::ChangeId>,
    /// The earlier steps not finished (todo, in progress or blocked) that it was
    /// started ahead of, as confirmed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unfinished: Vec<u32>,
}

impl StartOverride {
    /// Given with a reason (sign-offs or must-fix entries were waiting), rather than a
    /// plain yes to starting ahead of unfinished steps.
    pub fn has_reason(&self) -> bool {
        !self.reason.trim().is_empty()
    }
}

/// One step of the promotion process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub number: u32,
    pub title: String,
    pub guidance: String,
    pub kind: StepKind,
    /// Whether the process expects a sign-off of this step.
    pub needs_sign_off: bool,
    pub status: StepStatus,
    pub owner: Option<String>,
    pub estimate_minutes: Option<u32>,
    pub notes: String,
    pub timer: Timer,
    pub sign_off: Option<SignOff>,
    /// Set when the step was started before an earlier step was signed off; cleared
    /// when the step is reopened.
    #[serde(default)]
    pub start_override: Option<StartOverride>,
}

impl Step {
    /// Started with a reason past what the process wanted first (a sign-off, the
    /// must-fix list): later starts and timing do not ask again.
    pub fn overridden(&self) -> bool {
        self.start_override
            .as_ref()
            .is_some_and(StartOverride::has_reason)
    }
}
