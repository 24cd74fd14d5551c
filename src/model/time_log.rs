//! Every time entry of a step or of a change, in the order they are shown, each with
//! the timer it belongs to: what a person picks from when voiding one.

use super::ids::ChangeId;
use super::op::TimerTarget;
use super::session::Session;
use super::timing::TimeEntry;
use serde::{Deserialize, Serialize};

/// Whose time entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeOf {
    Step(u32),
    /// Every attempt at the change, in every environment, oldest first.
    Change(ChangeId),
}

impl Session {
    /// The time entries of `of`, voided ones included, oldest attempt first.
    pub fn time_entries(&self, of: TimeOf) -> Vec<(TimerTarget, &TimeEntry)> {
        match of {
            TimeOf::Step(step) => self
                .step(step)
                .map(|s| {
                    let target = TimerTarget::Step { step };
                    s.timer.entries.iter().map(|e| (target, e)).collect()
                })
                .unwrap_or_default(),
            TimeOf::Change(change) => self
                .change(change)
                .map(|c| {
                    c.applications
                        .iter()
                        .flat_map(|a| {
                            let target = TimerTarget::Application { change, env: a.env };
                            a.timer.entries.iter().map(move |e| (target, e))
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}
