//! Keys while a pop-up is open: prompts, yes/no questions, the outcome choice, step
//! details, help and the conflicts list.

use super::keymap::{Action, Ctx};
use super::modal::{Modal, Purpose};
use super::{App, Message};
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

impl App {
    pub(super) fn modal_key(&mut self, modal: Modal, key: KeyEvent) {
        let is = |ctx: Ctx, action: Action| self.keymap.is(ctx, action, &key);
        match modal {
            Modal::Prompt(mut p) => {
                // In notes Enter is a new line: only the notes key is done there.
                let submit = is(Ctx::Prompt, Action::SaveNotes)
                    || (!p.multiline && is(Ctx::Prompt, Action::SaveEntry));
                if is(Ctx::Prompt, Action::Back) {
                    if p.purpose == Purpose::Filter {
                        self.set_filter(String::new());
                    } else if p.purpose == Purpose::HistoryFilter {
                        self.set_history_filter(String::new());
                    } else if p.multiline && p.text() != p.original {
                        // Typed notes are not thrown away on one key.
                        self.stashed_prompt = Some(p);
                        self.modal = Some(Modal::Confirm {
                            purpose: Purpose::DiscardPrompt,
                            question: "Discard what you typed? ({Confirm.Yes}/{Confirm.No})".into(),
                        });
                    }
                } else if submit {
                    self.submit_prompt(*p);
                } else if is(Ctx::Prompt, Action::ExternalEditor) {
                    if p.multiline {
                        self.ask_external_prompt(p.purpose, p.text());
                    } else {
                        self.message = Some(Message::Info(
                            "This answer is one line; {Prompt.ExternalEditor} opens notes in \
                             your editor"
                                .into(),
                        ));
                    }
                    self.modal = Some(Modal::Prompt(p));
                } else {
                    p.type_key(key);
                    self.modal = Some(Modal::Prompt(p));
                    self.after_prompt_edit();
                }
            }
            Modal::Confirm { purpose, question } => {
                if is(Ctx::Confirm, Action::Yes) {
                    self.confirmed(purpose);
                } else if is(Ctx::Confirm, Action::No) || is(Ctx::Confirm, Action::Back) {
                    if purpose == Purpose::RestoreDraft {
                        // No discards the draft; Esc puts off the answer to the next open.
                        self.answer_draft(is(Ctx::Confirm, Action::No), false);
                    // Back to the prompt that asked, if one did.
                    } else if let Some(p) = self.stashed_prompt.take() {
                        self.modal = Some(Modal::Prompt(p));
                    }
                } else {
                    self.modal = Some(Modal::Confirm { purpose, question });
                }
            }
            Modal::Outcome { change, env } => self.outcome_key(change, env, key),
            Modal::Rating {
                change,
                env,
                with_note,
            } => self.rating_key(change, env, with_note, key),
            Modal::Conflicts { selected } => self.conflicts_key(selected, key),
            Modal::Help { scroll }
            | Modal::StepDetails { scroll, .. }
            | Modal::ScriptDetails { scroll, .. }
            | Modal::ChangeDetails { scroll, .. }
            | Modal::Notice { scroll, .. }
                if is(Ctx::Popup, Action::Up) || is(Ctx::Popup, Action::Down) =>
            {
                let down = is(Ctx::Popup, Action::Down);
                // As far as the last frame said the box can scroll.
                let last = match (self.hits().scroll_limit, &modal) {
                    (Some(limit), _) => limit,
                    (None, Modal::Help { .. }) => {
                        let n = self.keymap.help_lines(self.current_screen()).len();
                        u16::try_from(n).unwrap_or(u16::MAX).saturating_sub(3)
                    }
                    (None, _) => u16::MAX,
                };
                let scroll = if down {
                    scroll.saturating_add(1).min(last)
                } else {
                    scroll.saturating_sub(1)
                };
                self.modal = Some(match modal {
                    Modal::StepDetails { step, .. } => Modal::StepDetails { step, scroll },
                    Modal::ScriptDetails { script, .. } => Modal::ScriptDetails { script, scroll },
                    Modal::ChangeDetails { change, .. } => Modal::ChangeDetails { change, scroll },
                    Modal::Notice { title, text, .. } => Modal::Notice {
                        title,
                        text,
                        scroll,
                    },
                    _ => Modal::Help { scroll },
                });
            }
            // Read: any other key closes it.
            Modal::Notice { .. } => {}
            // The timer key in a step's details starts or stops that step's timer.
            Modal::StepDetails { step, scroll }
                if is(Ctx::Details, Action::ToggleTimer) && !self.watching =>
            {
                self.details_under = Some(Modal::StepDetails { step, scroll });
                if let Some(i) = self
                    .doc
                    .session
                    .steps()
                    .iter()
                    .position(|s| s.number == step)
                {
                    self.toggle_step_timer(i);
                }
            }
            // In a step's or a change's details: void one of its time entries.
            Modal::StepDetails { step, scroll } if is(Ctx::Details, Action::VoidTime) => {
                self.details_under = Some(Modal::StepDetails { step, scroll });
                self.ask_void(crate::model::TimeOf::Step(step));
            }
            Modal::ChangeDetails { change, scroll } if is(Ctx::Details, Action::VoidTime) => {
                self.details_under = Some(Modal::ChangeDetails { change, scroll });
                self.ask_void(crate::model::TimeOf::Change(change));
            }
            // In a step's details the checklist's keys act on that step (notes, owner,
            // estimate, status, sign-off), as they do on its row.
            Modal::StepDetails { .. }
                if !self.watching
                    && !is(Ctx::Popup, Action::Back)
                    && self.keymap.find(Ctx::Checklist, &key).is_some() =>
            {
                if let Some(action) = self.keymap.find(Ctx::Checklist, &key) {
                    self.details_under = Some(modal);
                    self.checklist_action(action);
                }
            }
            // The edit key in a change read in full edits it.
            Modal::ChangeDetails { change, .. }
                if is(Ctx::Details, Action::EditChange) && !self.watching =>
            {
                self.select_change_by_id(change);
                self.open_editor(false);
            }
            Modal::Help { .. }
            | Modal::StepDetails { .. }
            | Modal::ScriptDetails { .. }
            | Modal::ChangeDetails { .. } => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                if !is(Ctx::Popup, Action::Back) && !ctrl {
                    self.modal = Some(modal);
                }
            }
        }
    }

    /// Live effects of typing in a prompt (the filter narrows the list as you type).
    pub(super) fn after_prompt_edit(&mut self) {
        match &self.modal {
            Some(Modal::Prompt(p)) if p.purpose == Purpose::Filter => self.set_filter(p.text()),
            Some(Modal::Prompt(p)) if p.purpose == Purpose::HistoryFilter => {
                self.set_history_filter(p.text())
            }
            _ => {}
        }
    }

    /// In the conflicts list: up and down choose, keep-yours applies the edit again
    /// as a new op, over what is there now, drop forgets it, back closes.
    pub(super) fn conflicts_key(&mut self, selected: usize, key: KeyEvent) {
        let n = self.conflicts.len();
        let mut selected = selected.min(n.saturating_sub(1));
        match self.keymap.lookup(Ctx::Conflicts, &key) {
            Some(Action::Back) => return,
            Some(Action::Up) => selected = selected.saturating_sub(1),
            Some(Action::Down) => selected = (selected + 1).min(n.saturating_sub(1)),
            Some(Action::KeepYours) if n > 0 => {
                let kind = crate::vocab::conflict::keep_yours(&self.conflicts[selected].op.kind);
                if self.commit(kind) {
                    self.conflicts.remove(selected);
                    self.message = Some(Message::Info("Yours is kept, over theirs".into()));
                }
            }
            Some(Action::DropMine) if n > 0 => {
                self.conflicts.remove(selected);
                self.message = Some(Message::Info("Dropped".into()));
            }
            _ => {}
        }
        if !self.conflicts.is_empty() {
            self.modal = Some(Modal::Conflicts {
                selected: selected.min(self.conflicts.len() - 1),
            });
        }
    }

    pub(super) fn confirmed(&mut self, purpose: Purpose) {
        match purpose {
            Purpose::DiscardEdits => self.promotion.editor = None,
            Purpose::DiscardScript => self.tests.editor = None,
            Purpose::QuitUnsaved => self.quit = true,
            Purpose::DiscardPrompt => self.stashed_prompt = None,
            Purpose::RestoreDraft => self.answer_draft(true, true),
            Purpose::SignOffUntested(n) => self.ask_sign_off(n),
            Purpose::StartAhead(n) => self.start_ahead(n),
            Purpose::BackToTodo(n) => self.back_to_todo(n),
            Purpose::ToggleEnv(env) => self.toggle_env(env),
            Purpose::MoveAnyway { change, to } => self.move_change_to(change, to),
            Purpose::StartAgain { change, env } => self.start_unless_irreversible(change, env),
            Purpose::StartIrreversible { change, env } => self.start_after_questions(change, env),
            Purpose::CompleteAnyway(step) => {
                self.commit(crate::model::OpKind::CompleteStep { step });
            }
            _ => {}
        }
    }
}
