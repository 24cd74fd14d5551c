//! Ops on process steps: status changes, sign-off, and the timers of steps and of
//! applications under way.

use super::bad;
use crate::model::op::{OpError, TimerTarget};
use crate::model::session::Session;
use crate::model::step::{SignOff, StepStatus};
use chrono::{DateTime, Utc};

impl Session {
    pub(super) fn start_step(
        &mut self,
        number: u32,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        match step.status {
            StepStatus::Todo | StepStatus::Blocked { .. } => {}
            ref other => return Err(bad(number, other, "started")),
        }
        step.status = StepStatus::InProgress;
        if !step.timer.is_running() {
            step.timer.start(at, who);
        }
        Ok(())
    }

    pub(super) fn complete_step(&mut self, number: u32, at: DateTime<Utc>) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        match step.status {
            StepStatus::Todo | StepStatus::InProgress => {}
            ref other => return Err(bad(number, other, "completed")),
        }
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

    pub(super) fn reopen_step(&mut self, number: u32) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        match step.status {
            StepStatus::Done | StepStatus::Skipped { .. } | StepStatus::Blocked { .. } => {}
            ref other => return Err(bad(number, other, "reopened")),
        }
        step.status = StepStatus::Todo;
        step.sign_off = None;
        Ok(())
    }

    pub(super) fn sign_off(
        &mut self,
        number: u32,
        who: &str,
        at: DateTime<Utc>,
        comment: &str,
    ) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        if step.status != StepStatus::Done {
            return Err(OpError::NotFinished(number));
        }
        if let Some(s) = &step.sign_off {
            return Err(OpError::AlreadySignedOff {
                step: number,
                by: s.by.clone(),
            });
        }
        step.sign_off = Some(SignOff {
            by: who.to_string(),
            at,
            comment: comment.to_string(),
        });
        Ok(())
    }

    pub(super) fn start_timer(
        &mut self,
        target: TimerTarget,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        match target {
            TimerTarget::Step { step } => {
                let s = self.step_mut(step)?;
                match s.status {
                    StepStatus::Todo | StepStatus::InProgress => {}
                    ref other => return Err(bad(step, other, "timed")),
                }
                if s.timer.is_running() {
                    return Err(OpError::TimerRunning);
                }
                s.status = StepStatus::InProgress;
                s.timer.start(at, who);
            }
            TimerTarget::Application { change, env } => {
                let label = self.live_change(change)?.label();
                let app = self
                    .change_mut(change)?
                    .open_application_mut(env)
                    .ok_or(OpError::NotApplying { label, env })?;
                if app.timer.is_running() {
                    return Err(OpError::TimerRunning);
                }
                app.timer.start(at, who);
            }
        }
        Ok(())
    }

    pub(super) fn stop_timer(
        &mut self,
        target: TimerTarget,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let timer = match target {
            TimerTarget::Step { step } => &mut self.step_mut(step)?.timer,
            TimerTarget::Application { change, env } => {
                let label = self.live_change(change)?.label();
                &mut self
                    .change_mut(change)?
                    .open_application_mut(env)
                    .ok_or(OpError::NotApplying { label, env })?
                    .timer
            }
        };
        if !timer.is_running() {
            return Err(OpError::TimerStopped);
        }
        timer.stop(at);
        Ok(())
    }
}
