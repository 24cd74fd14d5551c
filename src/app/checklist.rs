//! Checklist actions: step status, owner, notes, estimate, sign-off, the step timer and
//! the prompts that ask for reasons.

use super::keymap::Action;
use super::modal::{Modal, Prompt, Purpose, parse_minutes};
use super::{App, Message};
use crate::model::{OpKind, StepStatus, TimerTarget};

impl App {
    /// The step under the checklist's selection.
    pub fn selected_step(&self) -> Option<&crate::model::Step> {
        self.doc
            .session
            .steps()
            .get(self.promotion.checklist.selected)
    }

    pub(super) fn checklist_action(&mut self, action: Action) {
        let Some(step) = self.selected_step() else {
            return;
        };
        let n = step.number;
        let title = format!("Step {n}: {}", step.title);
        match action {
            Action::AdvanceStatus => self.advance_step(n),
            Action::SkipStep => self.ask(Prompt::new(
                Purpose::Skip(n),
                format!("Skip {title}"),
                "Why is it skipped? {Prompt.SaveEntry} skips, {Prompt.Back} cancels",
                "",
            )),
            Action::BlockStep => self.ask(Prompt::new(
                Purpose::Block(n),
                format!("Block {title}"),
                "What blocks it? {Prompt.SaveEntry} blocks, {Prompt.Back} cancels",
                "",
            )),
            Action::ReopenStep => self.reopen_step(n),
            Action::EditNotes => {
                let notes = step.notes.clone();
                self.ask(
                    Prompt::new(
                        Purpose::Notes(n),
                        format!("Notes: {title}"),
                        "{Prompt.SaveNotes} saves, Enter starts a new line, {Prompt.Back} cancels",
                        &notes,
                    )
                    .multiline(),
                )
            }
            Action::EditOwner => {
                let owner = step.owner.clone().unwrap_or_default();
                self.ask(Prompt::new(
                    Purpose::Owner(n),
                    format!("Owner of {title}"),
                    "Who owns this step? Empty for nobody",
                    &owner,
                ))
            }
            Action::EditEstimate => {
                let est = step
                    .estimate_minutes
                    .map(|m| format!("{}h{:02}", m / 60, m % 60))
                    .unwrap_or_default();
                self.ask(Prompt::new(
                    Purpose::Estimate(n),
                    format!("Estimate for {title}"),
                    "e.g. 90, 1h30 or 1:30; empty for none",
                    &est,
                ))
            }
            Action::ToggleFreeze => {
                let lift = self.doc.session.freeze().is_active();
                let (title, help) = if lift {
                    (
                        "Lift the freeze of Production's configuration",
                        "Why now? It is recorded; {Prompt.SaveEntry} lifts it, {Prompt.Back} cancels",
                    )
                } else {
                    (
                        "Freeze Production's configuration",
                        "A note for the record (who agreed, until when); {Prompt.SaveEntry} freezes",
                    )
                };
                self.ask(Prompt::new(Purpose::Freeze { lift }, title, help, ""));
            }
            Action::ToggleQa => self.ask_toggle_env(crate::model::EnvKey::Qa),
            Action::SignOff => {
                // The rules are checked before a comment is asked for.
                let open = if step.needs_sign_off && step.status == StepStatus::Done {
                    self.doc.session.open_scripts(n)
                } else {
                    Vec::new()
                };
                if !step.needs_sign_off {
                    self.message = Some(Message::Error(format!(
                        "Step {n} needs no sign-off (the process asks for one on {})",
                        self.steps_needing_sign_off()
                    )));
                } else if step.status != StepStatus::Done {
                    self.message = Some(Message::Error(format!(
                        "Step {n} is {}; only a done step can be signed off",
                        step.status.word()
                    )));
                } else if !open.is_empty() {
                    // The whole list, in a pop-up: a status line would cut it.
                    let round = self
                        .doc
                        .session
                        .covered_round(n)
                        .map(|r| format!("Round {} has", r.number))
                        .unwrap_or_else(|| "No round has run; these are".into());
                    self.message = Some(Message::Error(format!(
                        "Step {n} cannot be signed off yet ({} open script{})",
                        open.len(),
                        if open.len() == 1 { "" } else { "s" }
                    )));
                    self.modal = Some(Modal::Notice {
                        title: format!("Step {n} cannot be signed off yet"),
                        text: format!(
                            "{round} scripts that are not passed or waived; pass or waive them \
                             on the Tests screen (2) first:\n\n{}",
                            open.join("\n")
                        ),
                        scroll: 0,
                    });
                } else if step.needs_sign_off && self.doc.session.active_scripts().next().is_none()
                {
                    self.modal = Some(Modal::Confirm {
                        purpose: Purpose::SignOffUntested(n),
                        question: format!(
                            "The session has no test scripts, so nothing was tested before \
                             step {n}. Sign it off anyway? (y/n)"
                        ),
                    });
                } else {
                    self.ask_sign_off(n);
                }
            }
            _ => {}
        }
    }

    /// The prompt for a sign-off's comment.
    pub(super) fn ask_sign_off(&mut self, n: u32) {
        let title = self
            .doc
            .session
            .step(n)
            .map(|s| format!("Step {n}: {}", s.title))
            .unwrap_or_default();
        self.ask(Prompt::new(
            Purpose::SignOff(n),
            format!("Sign off {title}"),
            format!(
                "Signing as {}; a comment (optional), {{Prompt.SaveEntry}} signs",
                self.user
            ),
            "",
        ))
    }

    /// `step 6` or `steps 4 and 6`: the steps the process asks a sign-off of.
    fn steps_needing_sign_off(&self) -> String {
        let numbers: Vec<String> = self
            .doc
            .session
            .steps()
            .iter()
            .filter(|s| s.needs_sign_off)
            .map(|s| s.number.to_string())
            .collect();
        match numbers.as_slice() {
            [] => "no step".into(),
            [one] => format!("step {one}"),
            [rest @ .., last] => format!("steps {} and {last}", rest.join(", ")),
        }
    }

    pub(super) fn ask(&mut self, prompt: Prompt) {
        self.modal = Some(Modal::Prompt(Box::new(prompt)));
    }

    pub(super) fn open_step_details(&mut self) {
        if let Some(step) = self.selected_step() {
            self.modal = Some(Modal::StepDetails {
                step: step.number,
                scroll: 0,
            });
        }
    }

    /// `t`: starts or stops the timer of the step at `index` (the checklist's or the
    /// timer pane's selected row).
    pub(super) fn toggle_step_timer(&mut self, index: usize) {
        let Some(step) = self.doc.session.steps().get(index) else {
            return;
        };
        let target = TimerTarget::Step { step: step.number };
        if step.status == StepStatus::Todo {
            // Timing a todo step starts it: with the same questions as Space.
            let n = step.number;
            self.start_step(n);
        } else if step.timer.is_running() {
            self.commit(OpKind::StopTimer { target });
        } else {
            self.commit(OpKind::StartTimer { target });
        }
    }

    /// Acts on a prompt's answer; a refused answer keeps the prompt open with the reason.
    pub(super) fn submit_prompt(&mut self, mut p: Prompt) {
        let text = p.text();
        let kind = match p.purpose {
            Purpose::Skip(step) => OpKind::SkipStep { step, reason: text },
            Purpose::Block(step) => OpKind::BlockStep { step, reason: text },
            Purpose::Notes(step) => OpKind::SetStepNotes {
                step,
                notes: text,
                was: Some(p.original.clone()),
            },
            Purpose::Owner(step) => OpKind::SetStepOwner {
                step,
                owner: Some(text),
            },
            Purpose::Estimate(step) => match parse_minutes(&text) {
                Ok(minutes) => OpKind::SetStepEstimate { step, minutes },
                Err(e) => {
                    p.error = Some(e);
                    self.modal = Some(Modal::Prompt(Box::new(p)));
                    return;
                }
            },
            Purpose::Freeze { lift: true } => OpKind::EndFreeze {
                note: text,
                after: None,
            },
            Purpose::Freeze { lift: false } => OpKind::StartFreeze {
                note: text,
                after: None,
            },
            Purpose::StartAnyway(step) => OpKind::StartStep {
                step,
                override_reason: Some(text),
                ahead_of: self.doc.session.unfinished_before(step),
            },
            Purpose::SignOff(step) => OpKind::SignOff {
                step,
                comment: text,
            },
            Purpose::Remove(change) => OpKind::RemoveChange {
                change,
                reason: text,
            },
            Purpose::Filter => {
                self.set_filter(text.trim().to_string());
                return;
            }
            Purpose::HistoryFilter => {
                self.set_history_filter(text.trim().to_string());
                return;
            }
            Purpose::Mark { .. } | Purpose::RemoveScript(_) | Purpose::NewRound { .. } => {
                return self.submit_tests_prompt(p);
            }
            Purpose::Window | Purpose::Plan(_) => match self.plan_answer(p.purpose, &text) {
                Ok(kind) => kind,
                Err(e) => {
                    p.error = Some(e);
                    self.modal = Some(Modal::Prompt(Box::new(p)));
                    return;
                }
            },
            Purpose::VoidTime { of, only } => match self.void_answer(of, only, &text) {
                Ok(kind) => kind,
                Err(e) => {
                    p.error = Some(e);
                    self.modal = Some(Modal::Prompt(Box::new(p)));
                    return;
                }
            },
            Purpose::Replay { change, env, ask } => {
                if let Err(e) = self.submit_replay(change, env, ask, text) {
                    p.error = Some(e);
                    self.modal = Some(Modal::Prompt(Box::new(p)));
                }
                return;
            }
            Purpose::DiscardEdits
            | Purpose::DiscardScript
            | Purpose::QuitUnsaved
            | Purpose::DiscardPrompt
            | Purpose::RestoreDraft
            | Purpose::SignOffUntested(_)
            | Purpose::StartAgain { .. }
            | Purpose::StartIrreversible { .. }
            | Purpose::CompleteAnyway(_)
            | Purpose::StartAhead(_)
            | Purpose::ToggleEnv(_)
            | Purpose::MoveAnyway { .. }
            | Purpose::BackToTodo(_) => return,
        };
        if let Err(e) = self.try_commit(kind) {
            p.error = Some(e);
            self.modal = Some(Modal::Prompt(Box::new(p)));
        }
    }
}
