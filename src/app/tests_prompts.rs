//! What the Tests screen asks and records: a result (with the comment a fail, blocked
//! or waived result needs), removing a script (with a reason), starting a round (its
//! name), and the answers to those prompts.

use super::modal::{Modal, Prompt, Purpose};
use super::{App, Message, Pane};
use crate::model::{EnvKey, OpKind, ResultStatus, RoundId, ScriptId};

impl App {
    /// `p` `f` `b` `w` `n`: records a result for the selected script in the selected
    /// round and moves on to the next script; fail, blocked and waived ask for a
    /// comment first.
    pub(super) fn mark(&mut self, status: ResultStatus) {
        let (Some(script), Some(round)) = (self.selected_script(), self.selected_round()) else {
            self.message = Some(Message::Info(self.why_nothing_to_mark()));
            return;
        };
        let label = self.script_label(script);
        let round_no = self.doc.session.round(round).map_or(0, |r| r.number);
        let Some(needed) = crate::vocab::comment_needed(status) else {
            self.record(round, script, status, String::new());
            return;
        };
        let question = format!("Say {}.", needed.says);
        self.ask(Prompt::new(
            Purpose::Mark {
                round,
                script,
                status,
            },
            format!("{label} {status} in round {round_no}"),
            format!("{question} {{Prompt.SaveEntry}} records it, {{Prompt.Back}} cancels"),
            "",
        ));
    }

    /// `TS-003`, or nothing for a script that is not there.
    pub(super) fn script_label(&self, id: ScriptId) -> String {
        self.doc
            .session
            .script(id)
            .map(|s| s.label())
            .unwrap_or_default()
    }

    fn why_nothing_to_mark(&self) -> String {
        if self.doc.session.active_scripts().next().is_none() {
            "No test scripts yet: {Tests.AddScript} adds one (or `cmo-promote import --scripts FILE.csv`)".into()
        } else if self.doc.session.rounds().is_empty() {
            "No test round yet: {Tests.NewRound} starts one".into()
        } else {
            "No script selected".into()
        }
    }

    /// Records a result and moves the selection to the next script (with the attention
    /// filter on, a settled script leaves the list and the next one takes its place).
    fn record(
        &mut self,
        round: RoundId,
        script: ScriptId,
        status: ResultStatus,
        comment: String,
    ) -> bool {
        let at = self.tests.cursor.selected;
        let kind = OpKind::RecordResult {
            round,
            script,
            status,
            comment,
        };
        if !self.commit(kind) {
            return false;
        }
        let still_listed = self.tests.rows().get(at).map(|r| r.script) == Some(script);
        let (len, height) = self.list_geometry(Pane::Tests);
        let next = if still_listed { at + 1 } else { at };
        self.tests.cursor.select(
            next.min(len.saturating_sub(1)),
            len,
            height.unwrap_or(usize::MAX),
        );
        true
    }

    pub(super) fn ask_remove_script(&mut self) {
        let Some(script) = self.selected_script() else {
            return;
        };
        let label = self.script_label(script);
        self.ask(Prompt::new(
            Purpose::RemoveScript(script),
            format!("Remove {label} from the test plan"),
            "It stays in the history. Why? {Prompt.SaveEntry} removes, {Prompt.Back} cancels",
            "",
        ));
    }

    /// The testing step a new round belongs to: the current step if it is a testing
    /// step, else the first testing step not finished, else the last one.
    fn step_for_new_round(&self) -> Option<u32> {
        let s = &self.doc.session;
        let testing = || s.steps().iter().filter(|st| st.kind.is_testing());
        s.current_step()
            .filter(|st| st.kind.is_testing())
            .or_else(|| testing().find(|st| !st.status.is_finished()))
            .or_else(|| testing().next_back())
            .map(|st| st.number)
    }

    pub(super) fn ask_new_round(&mut self) {
        let Some(step) = self.step_for_new_round() else {
            self.message = Some(Message::Error("The process has no testing step".into()));
            return;
        };
        let s = &self.doc.session;
        let env = if s.env_enabled(EnvKey::Stage2) {
            EnvKey::Stage2
        } else {
            EnvKey::Stage1
        };
        let title = s.step(step).map(|st| st.title.clone()).unwrap_or_default();
        let number = s.rounds().iter().map(|r| r.number).max().unwrap_or(0) + 1;
        let carried = if s.rounds().is_empty() {
            String::new()
        } else {
            "; passed, unchanged scripts carry their result".into()
        };
        self.ask(Prompt::new(
            Purpose::NewRound { step, env },
            format!(
                "New test round for step {step} ({title}) in {}",
                s.env_name(env)
            ),
            format!("Its name; {{Prompt.SaveEntry}} starts it{carried}"),
            &format!("Round {number}"),
        ));
    }

    /// The answer to a Tests screen prompt.
    pub(super) fn submit_tests_prompt(&mut self, mut p: Prompt) {
        let text = p.text().trim().to_string();
        let done = match p.purpose {
            Purpose::Mark {
                round,
                script,
                status,
            } => {
                if text.is_empty() {
                    let why = crate::vocab::comment_needed(status)
                        .map(|n| format!("{} needs a comment saying {}", n.result, n.says))
                        .unwrap_or_default();
                    p.error = Some(crate::vocab::capital(&why)).filter(|w| !w.is_empty());
                    false
                } else {
                    // The prompt is closed first, so that a refusal shows in it.
                    match self.record_checked(round, script, status, text) {
                        Ok(()) => true,
                        Err(e) => {
                            p.error = Some(e);
                            false
                        }
                    }
                }
            }
            Purpose::RemoveScript(script) => self
                .try_commit(OpKind::RemoveTestScript {
                    script,
                    reason: text,
                })
                .map_err(|e| p.error = Some(e))
                .is_ok(),
            Purpose::NewRound { step, env } => {
                let added = self
                    .try_commit(OpKind::AddTestRound {
                        name: text,
                        step,
                        env,
                    })
                    .map_err(|e| p.error = Some(e))
                    .is_ok();
                if added {
                    // The new round becomes the one being marked.
                    if let Some(id) = self.doc.session.latest_round().map(|r| r.id) {
                        self.choose_round(id);
                    }
                    let to_run = self
                        .selected_round()
                        .map(|r| self.doc.session.to_run(r).len())
                        .unwrap_or(0);
                    self.message = Some(Message::Info(format!(
                        "Round started: {to_run} script{} to run",
                        if to_run == 1 { "" } else { "s" }
                    )));
                }
                added
            }
            _ => true,
        };
        if !done {
            self.modal = Some(Modal::Prompt(Box::new(p)));
        }
    }

    fn record_checked(
        &mut self,
        round: RoundId,
        script: ScriptId,
        status: ResultStatus,
        comment: String,
    ) -> Result<(), String> {
        let before = self.message.take();
        if self.record(round, script, status, comment) {
            Ok(())
        } else {
            let why = match self.message.take() {
                Some(Message::Error(e)) => e,
                _ => "not recorded".into(),
            };
            self.message = before;
            Err(why)
        }
    }
}
