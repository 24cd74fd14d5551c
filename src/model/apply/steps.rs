//! Ops on process steps: status changes and sign-off, with their rules.

use super::{Rules, bad};
use crate::model::op::OpError;
use crate::model::session::Session;
use crate::model::step::{SignOff, StartOverride, StepStatus};
use chrono::{DateTime, Utc};

impl Session {
    /// The earlier steps that need a sign-off and have none (a skipped step needs none:
    /// its skip reason is the record). Until they are signed, step `number` only starts
    /// with a reason.
    pub fn unsigned_before(&self, number: u32) -> Vec<u32> {
        self.steps
            .iter()
            .filter(|s| s.number < number && s.needs_sign_off && s.sign_off.is_none())
            .filter(|s| !matches!(s.status, StepStatus::Skipped { .. }))
            .map(|s| s.number)
            .collect()
    }

    /// The changes on the must-fix list when `step` is the Production implementation
    /// (which waits for them), else none.
    fn must_fix_before(&self, step: &crate::model::step::Step) -> Vec<crate::model::ChangeId> {
        if step.kind != crate::model::StepKind::Implement {
            return Vec::new();
        }
        self.must_fix().iter().map(|m| m.change).collect()
    }

    /// Refuses to begin step `number` (start it, start its timer, complete it from todo)
    /// while an earlier step waits for its sign-off (or, for the Production implementation,
    /// while the must-fix list is not empty), unless it was started with a reason.
    pub(super) fn check_start_order(&self, number: u32, rules: Rules) -> Result<(), OpError> {
        let overridden = self.step(number).is_some_and(|s| s.overridden());
        if rules == Rules::Replay || overridden {
            return Ok(());
        }
        let unsigned = self.unsigned_before(number);
        if !unsigned.is_empty() {
            return Err(OpError::NeedsSignOff {
                step: number,
                unsigned,
            });
        }
        let must_fix = self
            .step(number)
            .map(|s| self.must_fix_before(s))
            .unwrap_or_default();
        if !must_fix.is_empty() {
            return Err(OpError::MustFixOpen {
                step: number,
                changes: must_fix.iter().map(|c| self.label_of(*c)).collect(),
            });
        }
        Ok(())
    }

    /// The earlier steps not finished (todo, in progress or blocked): starting step
    /// `number` is then starting ahead of them, which the person confirms.
    pub fn unfinished_before(&self, number: u32) -> Vec<u32> {
        self.steps
            .iter()
            .filter(|s| s.number < number && !s.status.is_finished())
            .map(|s| s.number)
            .collect()
    }

    pub(super) fn start_step(
        &mut self,
        number: u32,
        override_reason: Option<&str>,
        ahead_of: &[u32],
        who: &str,
        at: DateTime<Utc>,
        rules: Rules,
    ) -> Result<(), OpError> {
        let step = self.step(number).ok_or(OpError::NoSuchStep(number))?;
        match step.status {
            StepStatus::Todo | StepStatus::Blocked { .. } => {}
            ref other => return Err(bad(number, other, "started")),
        }
        // Recorded whenever it was needed, also on replay, so the state is the same; a
        // reason given when nothing waits (say, signed meanwhile) is not kept.
        let (unsigned, must_fix) = if step.overridden() {
            (Vec::new(), Vec::new())
        } else {
            (self.unsigned_before(number), self.must_fix_before(step))
        };
        let reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
        let ahead_of = ahead_of.to_vec();
        let start_override = match reason {
            _ if unsigned.is_empty() && must_fix.is_empty() && ahead_of.is_empty() => None,
            _ if unsigned.is_empty() && must_fix.is_empty() => Some(StartOverride {
                by: who.to_string(),
                at,
                reason: reason.unwrap_or_default().to_string(),
                unsigned,
                must_fix,
                unfinished: ahead_of,
            }),
            Some(reason) => Some(StartOverride {
                by: who.to_string(),
                at,
                reason: reason.to_string(),
                unsigned,
                must_fix,
                unfinished: ahead_of,
            }),
            None if rules == Rules::Enforce && !unsigned.is_empty() => {
                return Err(OpError::NeedsSignOff {
                    step: number,
                    unsigned,
                });
            }
            None if rules == Rules::Enforce => {
                return Err(OpError::MustFixOpen {
                    step: number,
                    changes: must_fix.iter().map(|c| self.label_of(*c)).collect(),
                });
            }
            None => None,
        };
        let step = self.step_mut(number)?;
        match (&mut step.start_override, start_override) {
            // Started ahead again: an override with a reason keeps it.
            (Some(kept), Some(new)) if kept.has_reason() && !new.has_reason() => {
                kept.unfinished = new.unfinished;
            }
            (_, Some(new)) => step.start_override = Some(new),
            (_, None) => {}
        }
        step.status = StepStatus::InProgress;
        if !step.timer.is_running() {
            step.timer.start(at, who);
        }
        Ok(())
    }

    pub(super) fn complete_step(
        &mut self,
        number: u32,
        at: DateTime<Utc>,
        rules: Rules,
    ) -> Result<(), OpError> {
        let step = self.step(number).ok_or(OpError::NoSuchStep(number))?;
        match step.status {
            // Completing a todo step begins it too.
            StepStatus::Todo => self.check_start_order(number, rules)?,
            StepStatus::InProgress => {}
            ref other => return Err(bad(number, other, "completed")),
        }
        let step = self.step_mut(number)?;
        step.status = StepStatus::Done;
        step.timer.stop(at);
        Ok(())
    }

    pub(super) fn close_step(
        &mut self,
        number: u32,
        status: StepStatus,
        wanted: &'static str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        if step.status.is_finished() {
            return Err(bad(number, &step.status, wanted));
        }
        step.status = status;
        step.timer.stop(at);
        Ok(())
    }

    pub(super) fn block_step(
        &mut self,
        number: u32,
        reason: String,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        match step.status {
            StepStatus::Todo | StepStatus::InProgress => {}
            ref other => return Err(bad(number, other, "blocked")),
        }
        step.status = StepStatus::Blocked { reason };
        step.timer.stop(at);
        Ok(())
    }

    /// Back to todo (an in-progress step too: its timer stops), or with `resume` a
    /// finished or blocked step back to in progress, timing again from `at`.
    pub(super) fn reopen_step(
        &mut self,
        number: u32,
        resume: bool,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        match step.status {
            StepStatus::Done | StepStatus::Skipped { .. } | StepStatus::Blocked { .. } => {}
            StepStatus::InProgress if !resume => {}
            ref other => return Err(bad(number, other, "reopened")),
        }
        step.sign_off = None;
        step.timer.stop(at);
        if resume {
            step.status = StepStatus::InProgress;
            step.timer.start(at, who);
        } else {
            step.status = StepStatus::Todo;
            step.start_override = None;
        }
        Ok(())
    }

    /// Signs off a done step, recording the Work Plan revision and the round it covers.
    /// A step that needs a sign-off is refused while that round has active scripts not
    /// passed or waived ([`Session::open_scripts`]).
    pub(super) fn sign_off(
        &mut self,
        number: u32,
        who: &str,
        at: DateTime<Utc>,
        comment: &str,
        rules: Rules,
    ) -> Result<(), OpError> {
        let step = self.step(number).ok_or(OpError::NoSuchStep(number))?;
        if step.status != StepStatus::Done {
            return Err(OpError::NotFinished(number));
        }
        if let Some(s) = &step.sign_off {
            return Err(OpError::AlreadySignedOff {
                step: number,
                by: s.by.clone(),
            });
        }
        if rules == Rules::Enforce && step.needs_sign_off {
            let open = self.open_scripts(number);
            if !open.is_empty() {
                return Err(OpError::TestsOpen {
                    step: number,
                    round: self.covered_round(number).map(|r| r.number),
                    open,
                });
            }
        }
        let sign_off = SignOff {
            by: who.to_string(),
            at,
            comment: comment.to_string(),
            work_plan_revision: self.work_plan_revision,
            round: self.covered_round(number).map(|r| r.id),
        };
        self.step_mut(number)?.sign_off = Some(sign_off);
        Ok(())
    }
}
