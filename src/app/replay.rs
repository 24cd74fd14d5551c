//! Replaying the Work Plan on the Outage screen (steps 8 and 11): starting the selected
//! change in the working environment (an irreversible one after a confirmation that
//! names its back-out note, one whose dependencies are not applied there only with a
//! reason), finishing it (in the rehearsal with a rating), failing, skipping or
//! cancelling it (each with a reason).

use super::modal::{Modal, Prompt, Purpose};
use super::{App, Message};
use crate::model::{ChangeId, EnvKey, OpKind, Outcome, Replicability, TimerTarget};
use crate::vocab::outage::replay_text;
use ratatui::crossterm::event::KeyEvent;

/// What a replay prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReplayAsk {
    Fail,
    Skip,
    Cancel,
    /// Why start before the changes it depends on.
    StartAnyway,
    /// The note of a change recorded as applied, with its rating in the rehearsal
    /// (needed for a rating other than "as written").
    Applied(Option<Replicability>),
}

impl App {
    /// The selected change and the environment the replay works in.
    fn replay_target(&mut self) -> Option<(ChangeId, EnvKey)> {
        match self.replay_change() {
            Some(c) => Some((c.id, self.doc.session.working_env())),
            None => {
                self.message = Some(Message::Info("The Work Plan has no changes yet".into()));
                None
            }
        }
    }

    /// `t`: pauses or resumes the attempt under way, or starts one.
    pub(super) fn replay_toggle(&mut self) {
        let Some((id, env)) = self.replay_target() else {
            return;
        };
        let target = TimerTarget::Application { change: id, env };
        let running = self
            .doc
            .session
            .change(id)
            .and_then(|c| c.open_application(env))
            .map(|a| a.timer.is_running());
        match running {
            Some(true) => {
                self.commit(OpKind::StopTimer { target });
            }
            Some(false) => {
                self.commit(OpKind::StartTimer { target });
            }
            None => self.replay_start(),
        }
    }

    /// `s`: starts applying the selected change, after the questions it needs.
    pub(super) fn replay_start(&mut self) {
        if let Some((id, env)) = self.replay_target() {
            self.start_change(id, env);
        }
    }

    /// Starts applying `id` in `env`: an irreversible change after a confirmation that
    /// names its back-out note, one waiting for its dependencies with a reason.
    pub(super) fn start_change(&mut self, id: ChangeId, env: EnvKey) {
        let s = &self.doc.session;
        let Some(change) = s.change(id) else {
            return;
        };
        let label = change.label();
        if change.open_application(env).is_some() {
            self.message = Some(Message::Info(format!(
                "{label} is under way in {}: d done, f failed, c cancel, t pauses",
                s.env_name(env)
            )));
            return;
        }
        if let Some(done) = change
            .latest_application(env)
            .filter(|a| a.outcome == Some(Outcome::Applied))
        {
            self.modal = Some(Modal::Confirm {
                purpose: Purpose::StartAgain { change: id, env },
                question: format!(
                    "{label} is already applied in {} (by {}). Apply it again? ({{Confirm.Yes}}/{{Confirm.No}})",
                    s.env_name(env),
                    done.by
                ),
            });
            return;
        }
        self.start_unless_irreversible(id, env);
    }

    /// Starts `id` in `env`, asking first when it is irreversible.
    pub(super) fn start_unless_irreversible(&mut self, id: ChangeId, env: EnvKey) {
        let s = &self.doc.session;
        let Some(change) = s.change(id) else {
            return;
        };
        let label = change.label();
        if change.fields.irreversible {
            let backout = change.fields.backout_note.trim();
            let backout = if backout.is_empty() {
                "none is written".to_string()
            } else {
                format!("\"{}\"", crate::safe_text::one_line(backout))
            };
            self.modal = Some(Modal::Confirm {
                purpose: Purpose::StartIrreversible { change: id, env },
                question: format!(
                    "{label} is irreversible. Its back-out note: {backout}. Start it in {}? ({{Confirm.Yes}}/{{Confirm.No}})",
                    s.env_name(env)
                ),
            });
            return;
        }
        self.start_after_questions(id, env);
    }

    /// Starts `id` in `env` once any confirmation is given: asks why when a change it
    /// depends on is not applied there.
    pub(super) fn start_after_questions(&mut self, id: ChangeId, env: EnvKey) {
        let s = &self.doc.session;
        let missing = s.unapplied_dependencies(id, env);
        if !missing.is_empty() {
            let label = s.label_of(id);
            self.ask(Prompt::new(
                Purpose::Replay {
                    change: id,
                    env,
                    ask: ReplayAsk::StartAnyway,
                },
                format!(
                    "{label} depends on {}, not applied in {} yet",
                    s.change_labels(&missing),
                    s.env_name(env)
                ),
                "Start it anyway? Say why (it is recorded); {Prompt.SaveEntry} starts, {Prompt.Back} cancels",
                "",
            ));
            return;
        }
        self.start_now(id, env, None);
    }

    fn start_now(&mut self, id: ChangeId, env: EnvKey, reason: Option<String>) -> bool {
        let kind = OpKind::StartApplication {
            change: id,
            env,
            override_reason: reason,
        };
        if let Err(e) = self.try_commit(kind) {
            self.message = Some(Message::Error(e));
            return false;
        }
        let s = &self.doc.session;
        let label = s.label_of(id);
        let own = s
            .change(id)
            .is_some_and(|c| s.replays_own_change(c, env, &self.user));
        self.message = Some(if own {
            Message::Error(format!(
                "{label} started, but you made it: the process asks someone who did not to \
                 replay it"
            ))
        } else {
            Message::Info(format!("{label} started in {}", s.env_name(env)))
        });
        true
    }

    /// `d`: the change is applied; in the rehearsal, first how it went. `n`: the same,
    /// with a note.
    pub(super) fn replay_done(&mut self, with_note: bool) {
        if let Some((id, env)) = self.replay_target() {
            self.record_done(id, env, with_note);
        }
    }

    /// Records `id` as applied in `env`, asking first how it went in the rehearsal (and
    /// for a note when `with_note`).
    pub(super) fn record_done(&mut self, id: ChangeId, env: EnvKey, with_note: bool) {
        if self.doc.session.rehearsing_in(env) {
            self.modal = Some(Modal::Rating {
                change: id,
                env,
                with_note,
            });
        } else if with_note {
            self.ask_note(id, env, None);
        } else {
            let _ = self.finish(id, env, Outcome::Applied, String::new(), None);
        }
    }

    /// Asks for the note of a change being recorded as applied (needed for a rating
    /// other than "as written").
    fn ask_note(&mut self, change: ChangeId, env: EnvKey, rating: Option<Replicability>) {
        let label = self.doc.session.label_of(change);
        let (title, help) = match rating {
            Some(r) if r != Replicability::AsWritten => (
                format!("{label}: {}", r.words()),
                "What was unclear or wrong? It goes on the must-fix list; {Prompt.SaveEntry} records it",
            ),
            _ => (
                format!("{label} is applied"),
                "A note for the record (optional); {Prompt.SaveEntry} records it, {Prompt.Back} cancels",
            ),
        };
        self.ask(Prompt::new(
            Purpose::Replay {
                change,
                env,
                ask: ReplayAsk::Applied(rating),
            },
            title,
            help,
            "",
        ));
    }

    fn finish(
        &mut self,
        id: ChangeId,
        env: EnvKey,
        outcome: Outcome,
        note: String,
        rating: Option<Replicability>,
    ) -> Result<(), String> {
        self.try_commit(OpKind::FinishApplication {
            change: id,
            env,
            outcome,
            note,
            replicability: None,
            rating,
        })
        .inspect(|()| self.after_finish(id, env))
        .inspect_err(|e| self.message = Some(Message::Error(e.clone())))
    }

    /// After a change is finished: says so, and moves the replay to the next change.
    fn after_finish(&mut self, id: ChangeId, env: EnvKey) {
        let s = &self.doc.session;
        let outcome = s
            .change(id)
            .and_then(|c| c.latest_application(env))
            .and_then(|a| a.outcome)
            .map_or("recorded", Outcome::word);
        self.message = Some(Message::Info(format!(
            "{} {outcome} in {}",
            s.label_of(id),
            s.env_name(env)
        )));
        let len = self.outage.changes.len();
        let next = (self.outage.cursor.selected + 1).min(len.saturating_sub(1));
        let height = self.list_geometry(super::Pane::Replay).1;
        self.outage
            .cursor
            .select(next, len, height.unwrap_or(usize::MAX));
    }

    /// In the rating choice: as written, ambiguous, improvised, wrong value.
    pub(super) fn rating_key(
        &mut self,
        change: ChangeId,
        env: EnvKey,
        with_note: bool,
        key: KeyEvent,
    ) {
        use super::keymap::{Action, Ctx};
        let rating = match self.keymap.lookup(Ctx::Rating, &key) {
            Some(Action::RateAsWritten) => Replicability::AsWritten,
            Some(Action::RateAmbiguous) => Replicability::Ambiguous,
            Some(Action::RateImprovised) => Replicability::Improvised,
            Some(Action::RateWrongValue) => Replicability::WrongValue,
            Some(Action::Back) => return,
            _ => {
                self.modal = Some(Modal::Rating {
                    change,
                    env,
                    with_note,
                });
                return;
            }
        };
        if rating == Replicability::AsWritten && !with_note {
            let _ = self.finish(change, env, Outcome::Applied, String::new(), Some(rating));
            return;
        }
        self.ask_note(change, env, Some(rating));
    }

    /// `f`, `x`, `c`: asks for the reason.
    pub(super) fn replay_ask(&mut self, ask: ReplayAsk) {
        if let Some((id, env)) = self.replay_target() {
            self.ask_reason(id, env, ask);
        }
    }

    /// Asks why `id` failed, is skipped or its attempt is cancelled in `env`.
    pub(super) fn ask_reason(&mut self, id: ChangeId, env: EnvKey, ask: ReplayAsk) {
        let s = &self.doc.session;
        let (label, name) = (s.label_of(id), s.env_name(env));
        let open = s.change(id).and_then(|c| c.open_application(env)).is_some();
        if ask == ReplayAsk::Cancel && !open {
            self.message = Some(Message::Info(format!(
                "{label} is not under way in {name}: there is no start to cancel"
            )));
            return;
        }
        let (title, help) = match ask {
            ReplayAsk::Fail => (
                format!("{label} failed in {name}"),
                "What went wrong? {Prompt.SaveEntry} records it, {Prompt.Back} cancels",
            ),
            ReplayAsk::Skip => (
                format!("Skip {label} in {name}"),
                "Why is it left out? {Prompt.SaveEntry} records it, {Prompt.Back} cancels",
            ),
            ReplayAsk::Cancel => (
                format!("Cancel the attempt at {label} in {name}"),
                "Its time will no longer count (it stays in the history). Why? {Prompt.SaveEntry} cancels it",
            ),
            _ => return,
        };
        self.ask(Prompt::new(
            Purpose::Replay {
                change: id,
                env,
                ask,
            },
            title,
            help,
            "",
        ));
    }

    /// A replay prompt's answer: the op it asks for.
    pub(super) fn submit_replay(
        &mut self,
        change: ChangeId,
        env: EnvKey,
        ask: ReplayAsk,
        text: String,
    ) -> Result<(), String> {
        match ask {
            ReplayAsk::Fail => self.finish(change, env, Outcome::Failed, text, None),
            ReplayAsk::Skip => self.finish(change, env, Outcome::Skipped, text, None),
            ReplayAsk::Applied(r) => self.finish(change, env, Outcome::Applied, text, r),
            ReplayAsk::Cancel => self
                .try_commit(OpKind::CancelApplication {
                    change,
                    env,
                    reason: text,
                })
                .map(|()| {
                    self.message = Some(Message::Info(format!(
                        "The attempt at {} is cancelled; its time no longer counts",
                        self.doc.session.label_of(change)
                    )))
                }),
            ReplayAsk::StartAnyway => {
                let reason = text.trim().to_string();
                if reason.is_empty() {
                    return Err("say why it cannot wait".into());
                }
                self.start_now(change, env, Some(reason));
                Ok(())
            }
        }
    }

    /// Enter: the selected change in full, to scroll.
    pub(super) fn replay_read(&mut self) {
        if let Some(change) = self.replay_change() {
            let s = &self.doc.session;
            let text = replay_text(s, change, s.working_env(), &self.user, self.now());
            self.modal = Some(Modal::Notice {
                title: format!("{} in full", change.label()),
                text: text
                    .into_iter()
                    .map(|(label, value)| match label {
                        "" => value,
                        l => format!("{l}: {value}"),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                scroll: 0,
            });
        }
    }
}
