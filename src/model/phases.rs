//! When the process's phases begin and end by themselves: the configuration freeze of
//! Production starts with its step and ends with the Production implementation, and the
//! copy-back falls due a number of days after it.

use super::op::OpKind;
use super::session::Session;
use super::step::{StepKind, StepStatus};
use chrono::{DateTime, Duration, Utc};

impl Session {
    /// When the Production implementation was completed, if it was.
    pub fn implemented_at(&self) -> Option<DateTime<Utc>> {
        let step = self
            .step_of_kind(StepKind::Implement)
            .filter(|s| s.status == StepStatus::Done)?;
        // The completion itself (a paused step's timer stopped earlier).
        self.history
            .on_steps()
            .rev()
            .find(|(_, op)| matches!(op.kind, OpKind::CompleteStep { step: n } if n == step.number))
            .map(|(_, op)| op.at)
    }

    /// When the copy-back (step 12) is due: the configured number of days after the
    /// Production implementation was completed; `None` before that or once the
    /// copy-back is finished.
    pub fn copy_back_due(&self) -> Option<DateTime<Utc>> {
        let copy_back = self.step_of_kind(StepKind::CopyBack)?;
        if copy_back.status.is_finished() {
            return None;
        }
        let days = Duration::try_days(i64::from(self.outage.copy_back_after_days))?;
        self.implemented_at()?.checked_add_signed(days)
    }

    /// What the process does by itself after `kind` was applied: the configuration
    /// freeze of Production starts when the freeze step begins (unless it has been
    /// frozen before: a freeze lifted by hand stays lifted), and ends when the
    /// Production implementation is completed.
    ///
    /// Each follow-up names `trigger` (the op just applied) so that it applies only
    /// after it.
    pub fn follow_ups(&self, trigger: &super::op::Op) -> Vec<OpKind> {
        let kind = &trigger.kind;
        let after = Some(trigger.id);
        let step_of = |n: u32| self.step(n).map(|s| s.kind);
        let touched = match kind {
            OpKind::StartStep { step, .. } | OpKind::CompleteStep { step } => step_of(*step),
            OpKind::StartTimer {
                target: super::op::TimerTarget::Step { step },
            } => step_of(*step),
            _ => None,
        };
        match touched {
            // Frozen before means frozen and then lifted by a person: a freeze taken back
            // by an undo does not count.
            Some(StepKind::Freeze) if self.freeze.periods.iter().all(|p| p.undone) => {
                vec![OpKind::StartFreeze {
                    note: "the freeze step began".into(),
                    after,
                }]
            }
            Some(StepKind::Implement)
                if self.freeze.is_active() && self.implemented_at().is_some() =>
            {
                vec![OpKind::EndFreeze {
                    note: "the Production implementation is complete".into(),
                    after,
                }]
            }
            _ => Vec::new(),
        }
    }
}
