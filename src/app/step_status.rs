//! Moving a step along the checklist (Space and `r`), with the questions that keep a
//! slip from doing damage: starting ahead of unfinished steps or before a sign-off,
//! completing the Production implementation with changes left, putting a step that is
//! being timed back to todo.

use super::modal::{Modal, Prompt, Purpose};
use super::{App, Message};
use crate::model::{OpKind, StepKind, StepStatus, format_duration, numbers};

impl App {
    /// Space: todo or blocked → in progress → done.
    pub(super) fn advance_step(&mut self, n: u32) {
        if !self.can_edit() {
            return;
        }
        let Some(step) = self.doc.session.step(n) else {
            return;
        };
        match &step.status {
            StepStatus::Todo | StepStatus::Blocked { .. } => self.start_step(n),
            StepStatus::InProgress if step.kind == StepKind::Implement => {
                self.complete_implementation(n)
            }
            StepStatus::InProgress => {
                if self.commit(OpKind::CompleteStep { step: n }) {
                    self.select_next_step();
                }
            }
            StepStatus::Done | StepStatus::Skipped { .. } => {
                self.message = Some(Message::Info(format!(
                    "Step {n} is {}; press {{Checklist.ReopenStep}} to reopen it",
                    step.status.word()
                )))
            }
        }
    }

    /// Starts step `n`, asking first when the process wants something else done
    /// before it: a reason when an earlier sign-off or the must-fix list waits, a yes
    /// or no when earlier steps are merely not finished.
    pub(super) fn start_step(&mut self, n: u32) {
        let s = &self.doc.session;
        let Some(step) = s.step(n) else {
            return;
        };
        let title = format!("Step {n}: {}", step.title);
        let overridden = step.overridden();
        let waiting = if overridden {
            Vec::new()
        } else {
            s.unsigned_before(n)
        };
        let must_fix: Vec<_> = match step.kind {
            StepKind::Implement if !overridden => s.must_fix().iter().map(|m| m.change).collect(),
            _ => Vec::new(),
        };
        let ahead = s.unfinished_before(n);
        if waiting.is_empty() && must_fix.is_empty() {
            if ahead.is_empty() {
                self.commit(OpKind::StartStep {
                    step: n,
                    override_reason: None,
                    ahead_of: Vec::new(),
                });
            } else {
                let them = if ahead.len() == 1 { "it" } else { "them" };
                self.modal = Some(Modal::Confirm {
                    purpose: Purpose::StartAhead(n),
                    question: format!(
                        "{} not finished. Start step {n} ahead of {them} anyway? It is \
                         recorded. ({{Confirm.Yes}}/{{Confirm.No}})",
                        self.unfinished_words(&ahead)
                    ),
                });
            }
            return;
        }
        // One question for whatever waits: sign-offs, entries to fix.
        let mut what = Vec::new();
        match ahead.len() {
            0 => {}
            1 => what.push(format!("ahead of step {} (not finished)", ahead[0])),
            n => what.push(format!("ahead of {n} unfinished steps")),
        }
        if !waiting.is_empty() {
            what.push(format!("before step {} is signed off", numbers(&waiting)));
        }
        if !must_fix.is_empty() {
            let list = crate::vocab::first_of(must_fix.iter().map(|c| s.label_of(*c)), 6);
            what.push(format!("with {list} still to fix"));
        }
        self.ask(Prompt::new(
            Purpose::StartAnyway(n),
            format!("Start {title} {}?", what.join(" and ")),
            "The process wants these first (the must-fix entries are Work Plan entries the \
             rehearsal found hard to replay). To go ahead, say why (it is recorded); Enter \
             starts, Esc cancels",
            "",
        ));
    }

    /// `Step 8 is` / `Steps 8 (in progress) and 9 (todo) are`, for a question.
    fn unfinished_words(&self, steps: &[u32]) -> String {
        let words: Vec<String> = steps
            .iter()
            .filter_map(|n| self.doc.session.step(*n))
            .map(|s| format!("{} ({})", s.number, s.status.word()))
            .collect();
        match words.as_slice() {
            [one] => format!("Step {one} is"),
            _ => format!("Steps {} are", crate::vocab::first_of(words.into_iter(), 6)),
        }
    }

    /// After `y` to [`Purpose::StartAhead`].
    pub(super) fn start_ahead(&mut self, n: u32) {
        self.commit(OpKind::StartStep {
            step: n,
            override_reason: None,
            ahead_of: self.doc.session.unfinished_before(n),
        });
    }

    /// `r`: a finished or blocked step back to todo at once; one in progress after a
    /// question, since its timer stops.
    pub(super) fn reopen_step(&mut self, n: u32) {
        if !self.can_edit() {
            return;
        }
        let Some(step) = self.doc.session.step(n) else {
            return;
        };
        if step.status != StepStatus::InProgress {
            self.commit(OpKind::ReopenStep {
                step: n,
                resume: false,
            });
            return;
        }
        let logged = format_duration(step.timer.elapsed(self.now()));
        self.modal = Some(Modal::Confirm {
            purpose: Purpose::BackToTodo(n),
            question: format!(
                "Put step {n} back to todo? Its timer stops; the {logged} logged stays, and a \
                 stretch timed by mistake can be voided in its details (Enter, then v). (y/n)"
            ),
        });
    }

    /// After `y` to [`Purpose::BackToTodo`].
    pub(super) fn back_to_todo(&mut self, n: u32) {
        if self.commit(OpKind::ReopenStep {
            step: n,
            resume: false,
        }) {
            self.message = Some(Message::Info(format!("Step {n} is back to todo")));
        }
    }

    /// After a step is completed: the checklist's selection moves to the next step, as
    /// the current-step marker does.
    fn select_next_step(&mut self) {
        let len = self.doc.session.steps().len();
        let next = (self.promotion.checklist.selected + 1).min(len.saturating_sub(1));
        let height = self.list_geometry(super::Pane::Checklist).1;
        self.promotion
            .checklist
            .select(next, len, height.unwrap_or(usize::MAX));
    }

    /// Completes the Production implementation, after a confirmation that lists the
    /// changes not applied there (failed, skipped or not done) if there are any.
    fn complete_implementation(&mut self, n: u32) {
        let s = &self.doc.session;
        let left = s.not_applied_in_production();
        let words = left.iter().map(|c| {
            let how = c
                .latest_application(crate::model::EnvKey::Production)
                .map_or("not done", |a| match a.outcome {
                    Some(o) => o.word(),
                    None => "under way",
                });
            format!("{} {how}", c.label())
        });
        let list = (!left.is_empty()).then(|| crate::vocab::first_of(words, 10));
        let Some(list) = list else {
            self.commit(OpKind::CompleteStep { step: n });
            return;
        };
        self.modal = Some(Modal::Confirm {
            purpose: Purpose::CompleteAnyway(n),
            question: format!(
                "Not every change is applied in Production: {list}. Complete step {n} anyway? ({{Confirm.Yes}}/{{Confirm.No}})"
            ),
        });
    }
}
