//! `Session::apply`: checks an op against the session and, only if it is valid, makes
//! the change and appends the op to the history. A refused op changes nothing.
//!
//! Some rules are policy rather than consistency: a step that needs a sign-off is not
//! signed off over open test scripts; a later step does not start before that sign-off
//! without a reason, nor the Production implementation over open must-fix entries; a
//! change does not start before the changes it depends on without a reason; a failed
//! or skipped change needs a note, and one applied in the rehearsal a rating. They are checked when an op is applied (also when a
//! writer re-applies its ops on top of someone else's save), not when a history is
//! replayed: they only ever refuse, never change what an op does, so a replay gives the
//! same state either way, and a history recorded before they existed still rebuilds.

mod changes;
mod steps;
mod testing;
mod timers;

use super::op::{Op, OpError, OpKind};
use super::session::{FreezePeriod, Session};
use super::step::StepStatus;

/// Whether the policy rules (sign-off and step order, see the module doc) are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rules {
    /// A new op: refused if it breaks them.
    Enforce,
    /// An op from a history: it was accepted when it was first applied.
    Replay,
}

impl Session {
    /// Applies one op. On error the session is exactly as it was.
    pub fn apply(&mut self, op: Op) -> Result<(), OpError> {
        self.apply_checked(op, Rules::Enforce)
    }

    /// [`Session::apply`] with the policy rules checked or not.
    pub(crate) fn apply_checked(&mut self, op: Op, rules: Rules) -> Result<(), OpError> {
        self.take_effect(&op, rules)?;
        self.history.push(op);
        Ok(())
    }

    /// What applying `op` does to the session but for adding it to the history (the
    /// caller's part). On error the session is exactly as it was.
    pub(crate) fn take_effect(&mut self, op: &Op, rules: Rules) -> Result<(), OpError> {
        if op.author.trim().is_empty() {
            return Err(OpError::NoAuthor);
        }
        if self.history.contains(op.id) {
            return Err(OpError::DuplicateOp(op.id));
        }
        // A session read from a file comes without its index: made once, here.
        if !self.change_index.covers(self.changes.len()) {
            self.reindex_changes();
        }
        let (who, at) = (op.author.as_str(), op.at);
        match &op.kind {
            OpKind::StartStep {
                step,
                override_reason,
                ahead_of,
            } => self.start_step(*step, override_reason.as_deref(), ahead_of, who, at, rules)?,
            OpKind::CompleteStep { step } => self.complete_step(*step, at, rules)?,
            OpKind::SkipStep { step, reason } => {
                let reason = required(reason, "skip a step")?;
                self.close_step(*step, StepStatus::Skipped { reason }, "skipped", at)?
            }
            OpKind::BlockStep { step, reason } => {
                let reason = required(reason, "block a step")?;
                self.block_step(*step, reason, at)?
            }
            OpKind::ReopenStep { step, resume } => self.reopen_step(*step, *resume, who, at)?,
            OpKind::SetStepOwner { step, owner } => {
                let owner = owner
                    .as_deref()
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(String::from);
                self.step_mut(*step)?.owner = owner;
            }
            OpKind::SetStepNotes { step, notes, was } => {
                let s = self.step_mut(*step)?;
                if was.as_ref().is_some_and(|w| *w != s.notes) {
                    return Err(OpError::EditedMeanwhile {
                        what: format!("the notes of step {step}"),
                    });
                }
                s.notes = notes.clone();
            }
            OpKind::SetStepEstimate { step, minutes } => {
                self.step_mut(*step)?.estimate_minutes = *minutes
            }
            OpKind::SignOff { step, comment } => self.sign_off(*step, who, at, comment, rules)?,
            OpKind::AddChange { fields } => self.add_change(op, fields)?,
            OpKind::EditChange { change, edits, was } => {
                self.edit_change(*change, edits, was, who, at)?
            }
            OpKind::MoveChange { change, to } => self.move_change(*change, *to)?,
            OpKind::RemoveChange { change, reason } => {
                self.remove_change(*change, reason, who, at)?
            }
            OpKind::RestoreChange { change } => self.restore_change(*change)?,
            OpKind::StartApplication {
                change,
                env,
                override_reason,
            } => {
                self.start_application(*change, *env, override_reason.as_deref(), who, at, rules)?
            }
            OpKind::FinishApplication {
                change,
                env,
                outcome,
                note,
                replicability,
                rating,
            } => self.finish_application(
                changes::Finish {
                    id: *change,
                    env: *env,
                    outcome: *outcome,
                    note,
                    replicability: *replicability,
                    rating: *rating,
                },
                who,
                at,
                rules,
            )?,
            OpKind::CancelApplication {
                change,
                env,
                reason,
            } => self.cancel_application(*change, *env, reason, who, at)?,
            OpKind::StartTimer { target } => self.start_timer(*target, who, at, rules)?,
            OpKind::StopTimer { target } => self.stop_timer(*target, at)?,
            OpKind::VoidTime {
                target,
                start,
                reason,
            } => self.void_time(*target, *start, reason, who, at)?,
            OpKind::StartFreeze { note, after } => {
                self.check_follows(*after)?;
                if self.freeze.is_active() {
                    return Err(OpError::AlreadyFrozen);
                }
                self.freeze.periods.push(FreezePeriod {
                    start: at,
                    started_by: who.to_string(),
                    start_note: note.clone(),
                    end: None,
                    ended_by: None,
                    end_note: String::new(),
                    undone: false,
                });
            }
            OpKind::EndFreeze { note, after } => {
                self.check_follows(*after)?;
                if !self.freeze.is_active() {
                    return Err(OpError::NotFrozen);
                }
                if rules == Rules::Enforce {
                    required(note, "lift the freeze")?;
                }
                let period = self
                    .freeze
                    .periods
                    .last_mut()
                    .filter(|p| p.end.is_none())
                    .ok_or(OpError::NotFrozen)?;
                period.end = Some(at.max(period.start));
                period.ended_by = Some(who.to_string());
                period.end_note = note.clone();
                period.undone = op.undoes.is_some();
            }
            OpKind::AddTestScript { fields } => self.add_script(op, fields)?,
            OpKind::EditTestScript { script, fields } => self.edit_script(*script, fields)?,
            OpKind::RemoveTestScript { script, reason } => {
                self.remove_script(*script, reason, who, at)?
            }
            OpKind::RestoreTestScript { script } => self.restore_script(*script)?,
            OpKind::AddTestRound { name, step, env } => self.add_round(op, name, *step, *env)?,
            OpKind::RecordResult {
                round,
                script,
                status,
                comment,
            } => self.record_result(*round, *script, *status, comment, who, at)?,
            OpKind::ConfigureEnvironment {
                env,
                name,
                notes,
                enabled,
            } => {
                if name.trim().is_empty() {
                    return Err(OpError::EmptyField("environment name"));
                }
                if env.is_required() && !enabled {
                    return Err(OpError::EnvironmentRequired(*env));
                }
                // Policy: an attempt under way there would be left running for good.
                if rules == Rules::Enforce
                    && !enabled
                    && let Some(c) = self
                        .changes
                        .iter()
                        .find(|c| c.open_application(*env).is_some())
                {
                    return Err(OpError::StillApplying {
                        label: c.label(),
                        env: *env,
                    });
                }
                let new = super::env::Environment {
                    key: *env,
                    name: name.trim().to_string(),
                    notes: notes.clone(),
                    enabled: *enabled,
                };
                match self.environments.iter_mut().find(|e| e.key == *env) {
                    Some(e) => *e = new,
                    None => self.environments.push(new),
                }
            }
            OpKind::SetOutagePlan {
                window_start,
                window_end,
                contingency_percent,
                copy_back_after_days,
                verification_minutes,
                rollback_minutes,
            } => {
                if let (Some(s), Some(e)) = (window_start, window_end)
                    && e <= s
                {
                    return Err(OpError::BadWindow);
                }
                if *contingency_percent > 1000 {
                    return Err(OpError::BadContingency(*contingency_percent));
                }
                // Policy, not consistency: an older file may hold any value.
                const MAX_MINUTES: u32 = 100 * 24 * 60;
                if rules == Rules::Enforce {
                    if let (Some(s), Some(e)) = (window_start, window_end)
                        && (*e - *s).num_minutes() <= i64::from(*rollback_minutes)
                    {
                        return Err(OpError::ReserveTooLong {
                            reserve: *rollback_minutes,
                            window: (*e - *s).num_minutes(),
                        });
                    }
                    for (what, value, max) in [
                        ("the copy-back delay (days)", *copy_back_after_days, 365),
                        (
                            "the rollback reserve (minutes)",
                            *rollback_minutes,
                            MAX_MINUTES,
                        ),
                        (
                            "the verification time (minutes)",
                            verification_minutes.unwrap_or(0),
                            MAX_MINUTES,
                        ),
                    ] {
                        if value > max {
                            return Err(OpError::OutOfRange { what, value, max });
                        }
                    }
                }
                self.outage.window_start = *window_start;
                self.outage.window_end = *window_end;
                self.outage.contingency_percent = *contingency_percent;
                self.outage.copy_back_after_days = *copy_back_after_days;
                self.outage.verification_minutes = *verification_minutes;
                self.outage.rollback_minutes = *rollback_minutes;
            }
        }
        Ok(())
    }
}

impl Session {
    /// A follow-up op (one the process made after `trigger`) applies only after it: when
    /// a writer's ops are re-applied on someone else's save and the trigger no longer
    /// applied, neither does what followed from it.
    fn check_follows(&self, trigger: Option<super::ids::OpId>) -> Result<(), OpError> {
        match trigger {
            Some(id) if !self.has_op(id) => Err(OpError::TriggerMissing),
            _ => Ok(()),
        }
    }
}

/// The display number after the highest in use (WP-, TS- and round numbers are never
/// reused, even after a removal); 1 for the first.
pub(super) fn next_number(numbers: impl Iterator<Item = u32>) -> u32 {
    numbers.max().unwrap_or(0).saturating_add(1)
}

/// A trimmed, non-empty reason, or the error saying one is needed.
pub(super) fn required(reason: &str, what: &'static str) -> Result<String, OpError> {
    let reason = reason.trim();
    if reason.is_empty() {
        Err(OpError::ReasonRequired(what))
    } else {
        Ok(reason.to_string())
    }
}

pub(super) fn bad(step: u32, status: &StepStatus, wanted: &'static str) -> OpError {
    OpError::BadTransition {
        step,
        status: status.word(),
        wanted,
    }
}
