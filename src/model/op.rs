//! Operations: the only way a session changes. Each is small, serialisable and carries
//! its own id, author and time, so the history is an audit trail that can be replayed.

use super::application::{Outcome, Replicability};
use super::env::EnvKey;
use super::ids::{ChangeId, OpId, RoundId, ScriptId};
use super::test_plan::{ResultStatus, ScriptFields};
use super::work_plan::{ChangeEdit, ChangeFields};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One applied (or to-be-applied) mutation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub id: OpId,
    /// (A short name is kept inside the op, not in an allocation of its own: a large
    /// session has tens of thousands of ops.)
    pub author: compact_str::CompactString,
    pub at: DateTime<Utc>,
    pub kind: OpKind,
    /// Set on the ops that undo an edit (`u`): the first op of that edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<OpId>,
}

impl Op {
    pub fn new(id: OpId, author: impl Into<String>, at: DateTime<Utc>, kind: OpKind) -> Self {
        Op {
            id,
            author: author.into().into(),
            at,
            kind,
            undoes: None,
        }
    }
}

/// What a timer belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimerTarget {
    Step { step: u32 },
    Application { change: ChangeId, env: EnvKey },
}

/// The mutations a session knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
pub enum OpKind {
    /// Todo or blocked → in progress; starts the step's timer. While an earlier step
    /// that needs a sign-off is not signed off, only with an `override_reason` (kept on
    /// the step as its [`StartOverride`](super::step::StartOverride)).
    ///
    /// `ahead_of`: the earlier steps not finished (todo, in progress or blocked) that the
    /// author confirmed starting ahead of; kept on the step's override too.
    StartStep {
        step: u32,
        #[serde(default)]
        override_reason: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        ahead_of: Vec<u32>,
    },
    /// Todo or in progress → done; stops the step's timer.
    CompleteStep {
        step: u32,
    },
    SkipStep {
        step: u32,
        reason: String,
    },
    BlockStep {
        step: u32,
        reason: String,
    },
    /// Done, skipped, blocked or in progress → todo (`resume`: done, skipped or
    /// blocked → in progress, timing again); stops the timer and clears a sign-off. Time
    /// already logged stays (see [`OpKind::VoidTime`]).
    ReopenStep {
        step: u32,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        resume: bool,
    },
    SetStepOwner {
        step: u32,
        owner: Option<String>,
    },
    /// Replaces a step's notes; `was` (when given) is what the author saw, and the op
    /// is refused if the notes changed meanwhile.
    SetStepNotes {
        step: u32,
        notes: String,
        #[serde(default)]
        was: Option<String>,
    },
    SetStepEstimate {
        step: u32,
        minutes: Option<u32>,
    },
    SignOff {
        step: u32,
        comment: String,
    },

    /// (The fields are boxed, as in the other ops that carry a whole change or script:
    /// most ops are small, and every op takes the room of the largest.)
    AddChange {
        fields: Box<ChangeFields>,
    },
    /// Sets some fields of a change. `was` holds the values those fields had when the
    /// author started (empty: no check); if one changed meanwhile the op is refused, so
    /// two people editing the same field never silently overwrite each other.
    EditChange {
        change: ChangeId,
        edits: Vec<ChangeEdit>,
        #[serde(default)]
        was: Vec<ChangeEdit>,
    },
    /// Moves a change to position `to` among the changes not removed.
    MoveChange {
        change: ChangeId,
        to: usize,
    },
    RemoveChange {
        change: ChangeId,
        reason: String,
    },
    /// Puts a removed change back in the Work Plan where it was (undoing a removal).
    RestoreChange {
        change: ChangeId,
    },
    /// Begins applying a change in an environment and starts its timer. While a change
    /// it depends on is not applied there, only with an `override_reason` (kept on the
    /// attempt as its [`DependencyOverride`](super::work_plan::DependencyOverride)).
    StartApplication {
        change: ChangeId,
        env: EnvKey,
        #[serde(default)]
        override_reason: Option<String>,
    },
    /// Ends the attempt under way (or records one that was not timed). Failed and
    /// skipped need a note saying why; a rating other than "as written" needs one too.
    FinishApplication {
        change: ChangeId,
        env: EnvKey,
        outcome: Outcome,
        note: String,
        /// The 1-to-5 score of older files; new ops leave it `None` and use `rating`.
        replicability: Option<u8>,
        #[serde(default)]
        rating: Option<Replicability>,
    },
    /// Takes back the attempt under way (a mistaken start): its time no longer counts,
    /// and it stays in the record with the reason.
    CancelApplication {
        change: ChangeId,
        env: EnvKey,
        reason: String,
    },

    StartTimer {
        target: TimerTarget,
    },
    StopTimer {
        target: TimerTarget,
    },
    /// Takes back the time entry of `target` that started at `start` (timed by
    /// mistake): it stops if it runs, counts nowhere after, and stays in the record.
    VoidTime {
        target: TimerTarget,
        start: DateTime<Utc>,
        reason: String,
    },

    /// `after`: the op this one follows from (the freeze step starting), when the
    /// process made it rather than a person; it applies only after that op.
    StartFreeze {
        note: String,
        #[serde(default)]
        after: Option<OpId>,
    },
    /// `after` as for [`OpKind::StartFreeze`] (the implementation completed).
    EndFreeze {
        note: String,
        #[serde(default)]
        after: Option<OpId>,
    },

    AddTestScript {
        fields: Box<ScriptFields>,
    },
    EditTestScript {
        script: ScriptId,
        fields: Box<ScriptFields>,
    },
    /// Takes a script out of the Test Plan; it stays in the file, marked, with its
    /// results.
    RemoveTestScript {
        script: ScriptId,
        reason: String,
    },
    /// Puts a removed script back in the Test Plan (undoing a removal).
    RestoreTestScript {
        script: ScriptId,
    },
    AddTestRound {
        name: String,
        step: u32,
        env: EnvKey,
    },
    RecordResult {
        round: RoundId,
        script: ScriptId,
        status: ResultStatus,
        comment: String,
    },

    ConfigureEnvironment {
        env: EnvKey,
        name: String,
        notes: String,
        enabled: bool,
    },
    SetOutagePlan {
        window_start: Option<DateTime<Utc>>,
        window_end: Option<DateTime<Utc>>,
        contingency_percent: u32,
        copy_back_after_days: u32,
        /// The verification time to plan for; `None` takes the measured retest.
        #[serde(default)]
        verification_minutes: Option<u32>,
        /// Time kept at the end of the window to roll back.
        #[serde(default = "super::session::default_rollback_minutes")]
        rollback_minutes: u32,
    },
}

impl OpKind {
    /// The op's name as the file spells it, e.g. `EditChange` (for people, see
    /// `vocab::describe_op`).
    pub fn name(&self) -> &'static str {
        self.into()
    }
}

/// Why an op was refused. A refused op changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OpError {
    #[error("an op needs an author")]
    NoAuthor,
    #[error("op {0} has already been applied")]
    DuplicateOp(OpId),
    #[error("there is no step {0}")]
    NoSuchStep(u32),
    #[error("step {step} is {status}; it cannot be {wanted}")]
    BadTransition {
        step: u32,
        status: &'static str,
        wanted: &'static str,
    },
    #[error("a reason is required to {0}")]
    ReasonRequired(&'static str),
    #[error("step {0} is not done yet, so it cannot be signed off")]
    NotFinished(u32),
    #[error("step {step} was already signed off by {by}")]
    AlreadySignedOff { step: u32, by: String },
    #[error("there is no change with id {0}")]
    NoSuchChange(ChangeId),
    #[error("{0} has been removed from the Work Plan")]
    ChangeRemoved(String),
    #[error("{0} is not removed")]
    NotRemoved(String),
    #[error("{0} must not be empty")]
    EmptyField(&'static str),
    #[error("the edit changes nothing")]
    NothingToChange,
    #[error("{0} cannot depend on itself")]
    SelfDependency(String),
    #[error("{0} would depend on itself through {1}")]
    DependencyCycle(String, String),
    #[error("{label} is needed by {needed_by}; remove or edit that first")]
    StillNeeded { label: String, needed_by: String },
    #[error("{label} is being applied in {}; finish that first", .env.title())]
    StillApplying { label: String, env: EnvKey },
    #[error("position {to} is past the end of the Work Plan ({len} changes)")]
    BadPosition { to: usize, len: usize },
    #[error("{label} is already being applied in {}", .env.title())]
    AlreadyApplying { label: String, env: EnvKey },
    #[error("{label} is not being applied in {}", .env.title())]
    NotApplying { label: String, env: EnvKey },
    #[error("the {0} environment is not part of this promotion")]
    EnvironmentDisabled(EnvKey),
    #[error("{0} is required and cannot be turned off")]
    EnvironmentRequired(EnvKey),
    #[error("a replicability rating is 1 to 5, not {0}")]
    BadRating(u8),
    #[error("the timer is already running")]
    TimerRunning,
    #[error("the timer is not running")]
    TimerStopped,
    #[error("there is no time entry of {what} that started at {start}")]
    NoSuchEntry { what: String, start: DateTime<Utc> },
    #[error("that time entry of {0} is already voided")]
    AlreadyVoided(String),
    #[error("Production is already frozen")]
    AlreadyFrozen,
    #[error("Production is not frozen")]
    NotFrozen,
    #[error("there is no test script with id {0}")]
    NoSuchScript(ScriptId),
    #[error("{0} has been removed from the Test Plan")]
    ScriptRemoved(String),
    #[error("there is no test round with id {0}")]
    NoSuchRound(RoundId),
    #[error("step {0} is not a testing step, so it has no test rounds")]
    NotTestingStep(u32),
    #[error("{what} was changed by someone else meanwhile; look again and redo your edit")]
    EditedMeanwhile { what: String },
    #[error("the edit was not in the session being saved (it no longer applied there)")]
    NotApplied,
    #[error(
        "step {step} waits for the sign-off of step {}; starting it anyway needs a reason",
        numbers(.unsigned)
    )]
    NeedsSignOff { step: u32, unsigned: Vec<u32> },
    #[error(
        "step {step} cannot be signed off: {} (pass or waive them first)",
        open_scripts(*.round, .open)
    )]
    TestsOpen {
        step: u32,
        /// The number of the round the sign-off would cover, if there is one.
        round: Option<u32>,
        /// Every active script not passed or waived there, as `TS-002 fail`.
        open: Vec<String>,
    },
    #[error(
        "{label} depends on {} (not applied in {} yet); starting it anyway needs a reason",
        .missing.join(", "),
        .env.title()
    )]
    DependenciesNotApplied {
        label: String,
        env: EnvKey,
        missing: Vec<String>,
    },
    #[error("a note is required when {label} is recorded as {what}")]
    NoteRequired { label: String, what: &'static str },
    #[error(
        "recording {label} as applied in the rehearsal needs a rating of how replaying it \
         went: as written, ambiguous, improvised or wrong value"
    )]
    RatingRequired { label: String },
    #[error("a rating of how replaying a change went is for the rehearsal (Stage 2, step 8)")]
    RatingOutsideRehearsal,
    #[error(
        "Production is changed in the Production implementation (step 11); start that step \
         first"
    )]
    NotInOutage,
    #[error("a rollback reserve of {reserve} minutes does not fit in a {window}-minute window")]
    ReserveTooLong { reserve: u32, window: i64 },
    #[error(
        "the Work Plan has entries to fix from the rehearsal ({}); starting step {step} \
         anyway needs a reason",
        .changes.join(", ")
    )]
    MustFixOpen { step: u32, changes: Vec<String> },
    #[error("it followed from an edit that no longer applies")]
    TriggerMissing,
    #[error("the outage window must end after it starts")]
    BadWindow,
    #[error("{what} of {value} is out of range (0 to {max})")]
    OutOfRange {
        what: &'static str,
        value: u32,
        max: u32,
    },
    #[error("a contingency of {0}% is out of range (0 to 1000)")]
    BadContingency(u32),
}

/// `6`, `4 and 6`, `3, 4 and 6`.
pub fn numbers(steps: &[u32]) -> String {
    match steps.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => {
            let rest: Vec<String> = rest.iter().map(u32::to_string).collect();
            format!("{} and {last}", rest.join(", "))
        }
    }
}

/// How many open scripts an error message names before it says how many more there are.
const OPEN_SHOWN: usize = 10;

/// `round 2 has TS-002 fail, TS-005 not run` (at most [`OPEN_SHOWN`] scripts, then
/// `and n more`).
fn open_scripts(round: Option<u32>, open: &[String]) -> String {
    let shown = open.iter().take(OPEN_SHOWN).cloned().collect::<Vec<_>>();
    let mut text = match round {
        Some(n) => format!("round {n} has {}", shown.join(", ")),
        None => format!("no test round has been run: {}", shown.join(", ")),
    };
    if open.len() > OPEN_SHOWN {
        text.push_str(&format!(" and {} more", open.len() - OPEN_SHOWN));
    }
    text
}
