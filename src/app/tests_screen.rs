//! The Tests screen (the testers' home): every test script against every round, one
//! keystroke per result. Its state is the selected script (row) and round (column) and
//! the "needs attention" filter; the rows are worked out when the session changes.

use super::keymap::{Action, Ctx};
use super::modal::{Modal, Prompt, Purpose};
use super::screen::{Screen, ScreenId};
use super::script_editor::ScriptEditor;
use super::{App, Cursor, Message, Pane};
use crate::model::{
    ChangeId, ChangeTestState, EffectiveStatus, EnvKey, OpKind, ResultStatus, RoundId, ScriptId,
    TestGrid,
};
use std::collections::HashMap;

/// The Tests screen's own state.
#[derive(Debug, Clone, Default)]
pub struct TestsView {
    /// The selected row of the visible scripts.
    pub cursor: Cursor,
    /// The round being marked; `None`: the current round.
    pub round: Option<RoundId>,
    /// Only the scripts that need attention in the selected round (not passed, waived
    /// or carried).
    pub attention: bool,
    /// The scripts shown, in order (worked out when the session or filter changes).
    rows: Vec<ScriptId>,
    /// How each change stands in testing in the current round, for the Work plan's
    /// test column (worked out with the rows).
    by_change: HashMap<ChangeId, ChangeTestState>,
    /// How many scripts need a retest in the current round.
    needs_retest: usize,
    /// Whether the session has any test script at all.
    any_scripts: bool,
}

impl TestsView {
    /// The scripts the grid shows, in order.
    pub fn rows(&self) -> &[ScriptId] {
        &self.rows
    }

    /// How `change` stands in testing in the current round; `None` while the session
    /// has no test script (so nothing is "untested" yet).
    pub fn change_state(&self, change: ChangeId) -> Option<ChangeTestState> {
        self.any_scripts
            .then(|| self.by_change.get(&change).copied().unwrap_or_default())
    }

    /// How many scripts need a retest in the current round.
    pub fn needs_retest(&self) -> usize {
        self.needs_retest
    }
}

pub struct Tests;

impl Screen for Tests {
    fn id(&self) -> ScreenId {
        ScreenId::Tests
    }

    fn name(&self) -> &'static str {
        "Tests"
    }

    fn panes(&self) -> &'static [Pane] {
        &[Pane::Tests]
    }

    fn contexts(&self) -> &'static [Ctx] {
        &[Ctx::Tests, Ctx::Editor]
    }

    fn act(&self, app: &mut App, action: Action) -> bool {
        match action {
            Action::MarkPass => app.mark(ResultStatus::Pass),
            Action::MarkFail => app.mark(ResultStatus::Fail),
            Action::MarkBlocked => app.mark(ResultStatus::Blocked),
            Action::MarkWaived => app.mark(ResultStatus::Waived),
            Action::MarkNotRun => app.mark(ResultStatus::NotRun),
            Action::PrevRound => app.step_round(false),
            Action::NextRound => app.step_round(true),
            Action::Attention => {
                app.tests.attention = !app.tests.attention;
                app.keep_cursors_valid();
            }
            Action::Back if app.tests.attention => {
                app.tests.attention = false;
                app.keep_cursors_valid();
            }
            Action::Open => app.open_script_details(),
            Action::AddScript => app.open_script_editor(true),
            Action::EditScript => app.open_script_editor(false),
            Action::RemoveScript => app.ask_remove_script(),
            Action::NewRound => app.ask_new_round(),
            _ => return false,
        }
        true
    }
}

impl App {
    /// The grid of the session as it is now.
    pub fn test_grid(&self) -> TestGrid<'_> {
        TestGrid::of(&self.doc.session)
    }

    /// The column of the selected round in `grid` (the current round unless another
    /// was chosen; the last round if there is no current one).
    pub fn tests_column(&self, grid: &TestGrid) -> Option<usize> {
        self.tests
            .round
            .and_then(|id| grid.round_index(id))
            .or_else(|| grid.current_round())
            .or_else(|| grid.rounds().len().checked_sub(1))
    }

    /// Works out the Tests screen's rows, and what the other screens show of testing,
    /// afresh (when the session or filter changed): one grid for all of it.
    pub(super) fn refresh_tests(&mut self) {
        let selected = self.selected_script();
        let grid = self.test_grid();
        let by_change = self
            .doc
            .session
            .changes
            .iter()
            .map(|c| (c.id, grid.change_test_state(c.id)))
            .collect();
        let needs_retest = self.needs_retest(&grid);
        let any_scripts = !grid.scripts().is_empty();
        let column = self.tests_column(&grid);
        let attention = self.tests.attention;
        let rows = grid
            .scripts()
            .iter()
            .enumerate()
            .filter(|(row, _)| {
                !attention
                    || column
                        .and_then(|c| grid.cell(*row, c))
                        .is_none_or(|cell| !cell.status.is_settled())
            })
            .map(|(_, s)| s.id)
            .collect::<Vec<_>>();
        // The selected script stays selected while it is listed.
        if let Some(pos) = selected.and_then(|id| rows.iter().position(|r| *r == id)) {
            self.tests.cursor.selected = pos;
        }
        self.tests.rows = rows;
        self.tests.by_change = by_change;
        self.tests.needs_retest = needs_retest;
        self.tests.any_scripts = any_scripts;
    }

    /// The script under the Tests screen's selection.
    pub fn selected_script(&self) -> Option<ScriptId> {
        self.tests.rows.get(self.tests.cursor.selected).copied()
    }

    /// The round the Tests screen marks in.
    pub fn selected_round(&self) -> Option<RoundId> {
        let grid = self.test_grid();
        self.tests_column(&grid).map(|c| grid.rounds()[c].id)
    }

    fn step_round(&mut self, forward: bool) {
        let grid = self.test_grid();
        let n = grid.rounds().len();
        let Some(column) = self.tests_column(&grid) else {
            return;
        };
        let next = if forward {
            (column + 1).min(n.saturating_sub(1))
        } else {
            column.saturating_sub(1)
        };
        let id = grid.rounds()[next].id;
        self.tests.round = Some(id);
        self.keep_cursors_valid();
    }

    /// `p` `f` `b` `w` `n`: records a result for the selected script in the selected
    /// round and moves on to the next script; fail, blocked and waived ask for a
    /// comment first.
    fn mark(&mut self, status: ResultStatus) {
        let (Some(script), Some(round)) = (self.selected_script(), self.selected_round()) else {
            self.message = Some(Message::Info(self.why_nothing_to_mark()));
            return;
        };
        let label = self.script_label(script);
        let round_no = self.doc.session.round(round).map_or(0, |r| r.number);
        let question = match status {
            ResultStatus::Fail => "What went wrong?",
            ResultStatus::Blocked => "What blocks it?",
            ResultStatus::Waived => "Why is it accepted without passing?",
            ResultStatus::Pass | ResultStatus::NotRun => {
                self.record(round, script, status, String::new());
                return;
            }
        };
        self.ask(Prompt::new(
            Purpose::Mark {
                round,
                script,
                status,
            },
            format!("{label} {status} in round {round_no}"),
            format!("{question} Enter records it, Esc cancels"),
            "",
        ));
    }

    /// `TS-003`, or nothing for a script that is not there.
    fn script_label(&self, id: ScriptId) -> String {
        self.doc
            .session
            .script(id)
            .map(|s| s.label())
            .unwrap_or_default()
    }

    fn why_nothing_to_mark(&self) -> String {
        if self.doc.session.active_scripts().next().is_none() {
            "No test scripts yet: a adds one (or `cmo-promote import --scripts FILE.csv`)".into()
        } else if self.doc.session.rounds.is_empty() {
            "No test round yet: R starts one".into()
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
        let still_listed = self.tests.rows.get(at) == Some(&script);
        let (len, height) = self.list_geometry(Pane::Tests);
        let next = if still_listed { at + 1 } else { at };
        self.tests.cursor.select(
            next.min(len.saturating_sub(1)),
            len,
            height.unwrap_or(usize::MAX),
        );
        true
    }

    fn open_script_details(&mut self) {
        if let Some(script) = self.selected_script() {
            self.modal = Some(Modal::ScriptDetails { script, scroll: 0 });
        }
    }

    fn open_script_editor(&mut self, new: bool) {
        let target = if new {
            None
        } else {
            match self.selected_script() {
                Some(id) => Some(id),
                None => {
                    self.message = Some(Message::Info("No script selected; a adds one".into()));
                    return;
                }
            }
        };
        self.script_editor = Some(ScriptEditor::open(&self.doc.session, target));
    }

    fn ask_remove_script(&mut self) {
        let Some(script) = self.selected_script() else {
            return;
        };
        let label = self.script_label(script);
        self.ask(Prompt::new(
            Purpose::RemoveScript(script),
            format!("Remove {label} from the test plan"),
            "It stays in the history. Why? Enter removes, Esc cancels",
            "",
        ));
    }

    /// The testing step a new round belongs to: the current step if it is a testing
    /// step, else the first testing step not finished, else the last one.
    fn step_for_new_round(&self) -> Option<u32> {
        let s = &self.doc.session;
        let testing = || s.steps.iter().filter(|st| st.kind.is_testing());
        s.current_step()
            .filter(|st| st.kind.is_testing())
            .or_else(|| testing().find(|st| !st.status.is_finished()))
            .or_else(|| testing().next_back())
            .map(|st| st.number)
    }

    fn ask_new_round(&mut self) {
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
        let number = s.rounds.iter().map(|r| r.number).max().unwrap_or(0) + 1;
        let carried = if s.rounds.is_empty() {
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
            format!("Its name; Enter starts it{carried}"),
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
                    p.error = Some(format!("A {status} needs a comment"));
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
                    self.tests.round = self.doc.session.latest_round().map(|r| r.id);
                    self.keep_cursors_valid();
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

    /// How many scripts need a retest in the current round of `grid`.
    fn needs_retest(&self, grid: &TestGrid) -> usize {
        grid.current_round()
            .map(|c| {
                (0..grid.scripts().len())
                    .filter(|row| {
                        matches!(
                            grid.cell(*row, c).map(|cell| cell.status),
                            Some(EffectiveStatus::NeedsRetest { .. })
                        )
                    })
                    .count()
            })
            .unwrap_or(0)
    }
}
