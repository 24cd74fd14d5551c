//! Undo as ops: the ops that put back what an op changed, worked out from the session
//! as it was just before that op. Undoing applies them as new ops, so the history keeps
//! both the edit and its undoing. Also what each op touches, so an undo can be refused
//! when someone else's later edit builds on the one being undone.
//!
//! A few ops have no inverse, by design: a sign-off (reopen the step instead), a
//! recorded or cancelled attempt at a change (the attempt stays on the record; void its
//! time or record another), a new test round, a voided time entry, and reopening a step
//! that took away its sign-off.

use super::ids::{ChangeId, RoundId, ScriptId};
use super::op::{Op, OpKind, TimerTarget};
use super::session::Session;
use super::step::StepStatus;
use super::test_plan::ResultStatus;
use super::work_plan::ChangeEdit;
use super::{EnvKey, OpError};

/// The reason recorded on ops an undo makes where a reason is needed.
pub const UNDO_REASON: &str = "undone";

/// Why an op cannot be undone, in words for the status line.
pub type NoInverse = &'static str;

/// The ops that undo `op`, given the session just before it was applied, in the order
/// to apply them.
pub fn inverse(before: &Session, op: &Op) -> Result<Vec<OpKind>, NoInverse> {
    use OpKind::*;
    let step_status = |n: u32| before.step(n).map(|s| s.status.clone());
    let undo = || UNDO_REASON.to_string();
    let kinds = match &op.kind {
        StartStep { step, .. } => {
            let timed = before.step(*step).is_some_and(|s| s.timer.is_running());
            let mut ops = vec![ReopenStep {
                step: *step,
                resume: false,
            }];
            if let Some(StepStatus::Blocked { reason }) = step_status(*step) {
                ops.push(BlockStep {
                    step: *step,
                    reason,
                });
            }
            if !timed {
                ops.push(void_step_time(*step, op));
            }
            ops
        }
        CompleteStep { step } | SkipStep { step, .. } | BlockStep { step, .. } => {
            back_to(*step, step_status(*step))
        }
        ReopenStep { step, resume } => {
            let was = before.step(*step).ok_or("there is no such step")?;
            if was.sign_off.is_some() {
                return Err(
                    "reopening took away a sign-off, which only a new sign-off (S) gives back",
                );
            }
            // Started again as it was started (with its reason, if it needed one) so the
            // step-order checks let it back where it was.
            let start_again = StartStep {
                step: *step,
                override_reason: Some(
                    was.start_override
                        .as_ref()
                        .map(|o| o.reason.clone())
                        .filter(|r| !r.trim().is_empty())
                        .unwrap_or_else(undo),
                ),
                ahead_of: was
                    .start_override
                    .as_ref()
                    .map(|o| o.unfinished.clone())
                    .unwrap_or_default(),
            };
            let mut ops = match &was.status {
                // Resumed, it is in progress: completing it needs no start.
                StepStatus::Done if *resume => vec![CompleteStep { step: *step }],
                StepStatus::Done => vec![start_again, CompleteStep { step: *step }],
                StepStatus::Skipped { reason } => vec![SkipStep {
                    step: *step,
                    reason: reason.clone(),
                }],
                StepStatus::Blocked { reason } => vec![BlockStep {
                    step: *step,
                    reason: reason.clone(),
                }],
                StepStatus::InProgress => vec![start_again],
                StepStatus::Todo => return Err("the step was not reopened"),
            };
            if *resume {
                ops.push(void_step_time(*step, op));
            }
            ops
        }
        SetStepOwner { step, .. } => vec![SetStepOwner {
            step: *step,
            owner: before.step(*step).and_then(|s| s.owner.clone()),
        }],
        SetStepNotes { step, notes, .. } => vec![SetStepNotes {
            step: *step,
            notes: before
                .step(*step)
                .map(|s| s.notes.clone())
                .unwrap_or_default(),
            was: Some(notes.clone()),
        }],
        SetStepEstimate { step, .. } => vec![SetStepEstimate {
            step: *step,
            minutes: before.step(*step).and_then(|s| s.estimate_minutes),
        }],
        SignOff { .. } => return Err("a sign-off is taken back by reopening the step (r)"),
        AddChange { .. } => vec![RemoveChange {
            change: ChangeId(op.id.0),
            reason: undo(),
        }],
        EditChange { change, edits, .. } => {
            let old = &before
                .change(*change)
                .ok_or("there is no such change")?
                .fields;
            let mut new = old.clone();
            for e in edits {
                e.apply_to(&mut new);
            }
            vec![EditChange {
                change: *change,
                edits: ChangeEdit::diff(&new, old),
                was: ChangeEdit::diff(old, &new),
            }]
        }
        MoveChange { change, .. } => {
            let to = before
                .active_changes()
                .position(|c| c.id == *change)
                .ok_or("the change was not in the Work Plan")?;
            vec![MoveChange {
                change: *change,
                to,
            }]
        }
        RemoveChange { change, .. } => vec![RestoreChange { change: *change }],
        RestoreChange { change } => vec![RemoveChange {
            change: *change,
            reason: before
                .change(*change)
                .and_then(|c| c.removed.as_ref())
                .map_or_else(undo, |r| r.reason.clone()),
        }],
        StartApplication { change, env, .. } => vec![CancelApplication {
            change: *change,
            env: *env,
            reason: undo(),
        }],
        FinishApplication { .. } | CancelApplication { .. } => {
            return Err(
                "a recorded attempt stays on the record: void its time (v in its details) or record another",
            );
        }
        StartTimer { target } => {
            let mut ops = match target {
                TimerTarget::Step { step } if step_status(*step) == Some(StepStatus::Todo) => {
                    vec![ReopenStep {
                        step: *step,
                        resume: false,
                    }]
                }
                _ => vec![StopTimer { target: *target }],
            };
            ops.push(VoidTime {
                target: *target,
                start: op.at,
                reason: undo(),
            });
            ops
        }
        StopTimer { target } => vec![StartTimer { target: *target }],
        VoidTime { .. } => return Err("a voided time entry stays voided"),
        StartFreeze { .. } => vec![EndFreeze {
            note: undo(),
            after: None,
        }],
        EndFreeze { .. } => vec![StartFreeze {
            note: undo(),
            after: None,
        }],
        AddTestScript { .. } => vec![RemoveTestScript {
            script: ScriptId(op.id.0),
            reason: undo(),
        }],
        EditTestScript { script, .. } => vec![EditTestScript {
            script: *script,
            fields: Box::new(
                before
                    .script(*script)
                    .ok_or("there is no such script")?
                    .fields
                    .clone(),
            ),
        }],
        RemoveTestScript { script, .. } => vec![RestoreTestScript { script: *script }],
        RestoreTestScript { script } => vec![RemoveTestScript {
            script: *script,
            reason: before
                .script(*script)
                .and_then(|s| s.removed.as_ref())
                .map_or_else(undo, |r| r.reason.clone()),
        }],
        AddTestRound { .. } => return Err("a test round stays once added"),
        RecordResult { round, script, .. } => {
            let previous = before.round(*round).and_then(|r| r.latest(*script));
            vec![RecordResult {
                round: *round,
                script: *script,
                status: previous.map_or(ResultStatus::NotRun, |r| r.status),
                comment: previous.map_or_else(undo, |r| r.comment.clone()),
            }]
        }
        ConfigureEnvironment { env, .. } => {
            let e = before
                .environments
                .iter()
                .find(|e| e.key == *env)
                .ok_or("the environment was not configured before")?;
            vec![ConfigureEnvironment {
                env: *env,
                name: e.name.clone(),
                notes: e.notes.clone(),
                enabled: e.enabled,
            }]
        }
        SetOutagePlan { .. } => {
            let p = &before.outage;
            vec![SetOutagePlan {
                window_start: p.window_start,
                window_end: p.window_end,
                contingency_percent: p.contingency_percent,
                copy_back_after_days: p.copy_back_after_days,
                verification_minutes: p.verification_minutes,
                rollback_minutes: p.rollback_minutes,
            }]
        }
    };
    Ok(kinds)
}

/// Voids the entry a step's timer started at `op`'s time.
fn void_step_time(step: u32, op: &Op) -> OpKind {
    OpKind::VoidTime {
        target: TimerTarget::Step { step },
        start: op.at,
        reason: UNDO_REASON.to_string(),
    }
}

/// The ops that take a step that was `was` before it was completed, skipped or blocked
/// back there.
fn back_to(step: u32, was: Option<StepStatus>) -> Vec<OpKind> {
    let reopen = |resume| OpKind::ReopenStep { step, resume };
    match was {
        Some(StepStatus::InProgress) => vec![reopen(true)],
        Some(StepStatus::Blocked { reason }) => {
            vec![reopen(false), OpKind::BlockStep { step, reason }]
        }
        _ => vec![reopen(false)],
    }
}

/// A part of the session an op reads or changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Step(u32),
    Change(ChangeId),
    /// The order of the Work Plan.
    Order,
    Script(ScriptId),
    Round(RoundId),
    Env(EnvKey),
    Freeze,
    OutagePlan,
}

/// The step `kind` is about (its status, owner, notes, estimate, sign-off or timer),
/// if it is about one. Cheap: for going through a whole history.
pub fn step_of(kind: &OpKind) -> Option<u32> {
    use OpKind::*;
    match kind {
        StartStep { step, .. }
        | CompleteStep { step }
        | SkipStep { step, .. }
        | BlockStep { step, .. }
        | ReopenStep { step, .. }
        | SetStepOwner { step, .. }
        | SetStepNotes { step, .. }
        | SetStepEstimate { step, .. }
        | SignOff { step, .. } => Some(*step),
        StartTimer { target } | StopTimer { target } | VoidTime { target, .. } => match target {
            TimerTarget::Step { step } => Some(*step),
            TimerTarget::Application { .. } => None,
        },
        _ => None,
    }
}

/// What `op` touches: an edit builds on an earlier one when they share a subject.
pub fn subjects(op: &Op) -> Vec<Subject> {
    use OpKind::*;
    use Subject as S;
    match &op.kind {
        AddChange { fields } => std::iter::once(S::Change(ChangeId(op.id.0)))
            .chain(fields.depends_on.iter().map(|d| S::Change(*d)))
            .collect(),
        EditChange { change, edits, .. } => {
            let mut out = vec![S::Change(*change)];
            for e in edits {
                if let ChangeEdit::DependsOn(list) = e {
                    out.extend(list.iter().map(|d| S::Change(*d)));
                }
            }
            out
        }
        MoveChange { change, .. } => vec![S::Change(*change), S::Order],
        RemoveChange { change, .. }
        | RestoreChange { change }
        | StartApplication { change, .. }
        | FinishApplication { change, .. }
        | CancelApplication { change, .. } => vec![S::Change(*change)],
        StartTimer {
            target: TimerTarget::Application { change, .. },
        }
        | StopTimer {
            target: TimerTarget::Application { change, .. },
        }
        | VoidTime {
            target: TimerTarget::Application { change, .. },
            ..
        } => vec![S::Change(*change)],
        StartFreeze { .. } | EndFreeze { .. } => vec![S::Freeze],
        AddTestScript { .. } => vec![S::Script(ScriptId(op.id.0))],
        EditTestScript { script, .. }
        | RemoveTestScript { script, .. }
        | RestoreTestScript { script } => vec![S::Script(*script)],
        AddTestRound { .. } => vec![S::Round(RoundId(op.id.0))],
        RecordResult { round, script, .. } => vec![S::Script(*script), S::Round(*round)],
        ConfigureEnvironment { env, .. } => vec![S::Env(*env)],
        SetOutagePlan { .. } => vec![S::OutagePlan],
        StartStep { .. }
        | CompleteStep { .. }
        | SkipStep { .. }
        | BlockStep { .. }
        | ReopenStep { .. }
        | SetStepOwner { .. }
        | SetStepNotes { .. }
        | SetStepEstimate { .. }
        | SignOff { .. }
        | StartTimer { .. }
        | StopTimer { .. }
        | VoidTime { .. } => step_of(&op.kind).map(S::Step).into_iter().collect(),
    }
}

/// Checks that every op of an undo applies, in order, to a copy of `session`; the
/// session itself is not touched.
pub fn check_all(session: &Session, ops: &[Op]) -> Result<(), OpError> {
    let mut copy = session.clone();
    for op in ops {
        copy.apply(op.clone())?;
    }
    Ok(())
}
