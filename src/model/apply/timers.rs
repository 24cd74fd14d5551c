//! Ops on timers: starting, stopping and voiding the time entries of steps and of
//! applications under way.

use super::{Rules, bad, required};
use crate::model::op::{OpError, TimerTarget};
use crate::model::session::Session;
use crate::model::step::StepStatus;
use crate::model::timing::{Timer, VoidResult, Voided};
use chrono::{DateTime, Utc};

impl Session {
    pub(super) fn start_timer(
        &mut self,
        target: TimerTarget,
        who: &str,
        at: DateTime<Utc>,
        rules: Rules,
    ) -> Result<(), OpError> {
        match target {
            TimerTarget::Step { step } => {
                let s = self.step(step).ok_or(OpError::NoSuchStep(step))?;
                match s.status {
                    // Timing a todo step starts it.
                    StepStatus::Todo => self.check_start_order(step, rules)?,
                    StepStatus::InProgress => {}
                    ref other => return Err(bad(step, other, "timed")),
                }
                let s = self.step_mut(step)?;
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

    /// Voids the entry of `target`'s timer that started at `start`: for a step, its
    /// timer; for an application, any attempt of that change in that environment.
    pub(super) fn void_time(
        &mut self,
        target: TimerTarget,
        start: DateTime<Utc>,
        reason: &str,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let reason = required(reason, "void a time entry")?;
        let voided = Voided {
            by: who.to_string(),
            at,
            reason,
        };
        let (what, result) = match target {
            TimerTarget::Step { step } => {
                let timer = &mut self.step_mut(step)?.timer;
                (format!("step {step}"), timer.void(start, voided))
            }
            TimerTarget::Application { change, env } => {
                let label = format!("{} in {}", self.live_change(change)?.label(), env.title());
                let timers = self
                    .change_mut(change)?
                    .applications
                    .iter_mut()
                    .filter(|a| a.env == env)
                    .map(|a| &mut a.timer);
                (label, void_in(timers, start, voided))
            }
        };
        match result {
            VoidResult::Voided => Ok(()),
            VoidResult::NoEntry => Err(OpError::NoSuchEntry { what, start }),
            VoidResult::AlreadyVoided => Err(OpError::AlreadyVoided(what)),
        }
    }
}

/// Voids the entry that started at `start` in the first of `timers` that has one.
fn void_in<'t>(
    timers: impl Iterator<Item = &'t mut Timer>,
    start: DateTime<Utc>,
    voided: Voided,
) -> VoidResult {
    for timer in timers {
        match timer.void(start, voided.clone()) {
            VoidResult::NoEntry => continue,
            found => return found,
        }
    }
    VoidResult::NoEntry
}
