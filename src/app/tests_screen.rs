//! The Tests screen (the testers' home): every test script against every round, one
//! keystroke per result. Its keys; its state (the selected script and round, the
//! "needs attention" filter, the script editor); the rows, worked out when the session
//! changes.

use super::keymap::{Action, Binding, Ctx, bind, ch, plain};
use super::modal::Modal;
use super::screen::{Screen, ScreenId};
use super::script_editor::ScriptEditor;
use super::{App, Cursor, Message, Pane};
use crate::model::{
    ChangeId, ChangeTestState, EffectiveStatus, ResultStatus, RoundId, ScriptId, TestGrid,
};
use ratatui::crossterm::event::KeyCode as K;
use std::collections::HashMap;

/// The Tests screen's own state.
#[derive(Default)]
pub struct TestsView {
    /// The script editor, while it is open.
    pub editor: Option<ScriptEditor>,
    /// The selected row of the visible scripts.
    pub cursor: Cursor,
    /// The round being marked; `None`: the current round, whichever it is (a round
    /// someone else starts becomes the one marked).
    pub round: Option<RoundId>,
    /// The first round column on screen (the grid scrolls sideways to keep the
    /// selected round in view).
    pub first_column: usize,
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

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn refresh(&self, app: &mut App) {
        app.refresh_tests();
    }

    fn list_len(&self, app: &App, _pane: Pane) -> usize {
        app.tests.rows().len()
    }

    fn cursor<'a>(&self, app: &'a mut App, _pane: Pane) -> &'a mut Cursor {
        &mut app.tests.cursor
    }

    fn ignores(&self, action: Action) -> bool {
        // One pane, no timers here.
        matches!(
            action,
            Action::FocusNext | Action::FocusPrev | Action::ToggleTimer
        )
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
                app.refresh_screen(ScreenId::Tests);
            }
            Action::Back if app.tests.attention => {
                app.tests.attention = false;
                app.refresh_screen(ScreenId::Tests);
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

/// The Tests screen's keys, in the order help lists them.
pub static BINDINGS: &[Binding] = &[
    bind!(
        Tests,
        [ch('p')],
        MarkPass,
        "pass, then the next script",
        "pass"
    ),
    bind!(
        Tests,
        [ch('f')],
        MarkFail,
        "fail (asks what went wrong), then the next",
        "fail"
    ),
    bind!(
        Tests,
        [ch('b')],
        MarkBlocked,
        "blocked (asks what blocks it), then the next",
        "blocked"
    ),
    bind!(
        Tests,
        [ch('w')],
        MarkWaived,
        "waived (asks why), then the next",
        "waive"
    ),
    bind!(
        Tests,
        [ch('n')],
        MarkNotRun,
        "not run, then the next",
        "not run"
    ),
    bind!(
        Tests,
        [plain(K::Left), ch('h')],
        PrevRound,
        "earlier round",
        ""
    ),
    bind!(
        Tests,
        [plain(K::Right), ch('l')],
        NextRound,
        "later round",
        ""
    ),
    bind!(
        Tests,
        [ch('F')],
        Attention,
        "only the scripts that need attention in the round",
        "attention"
    ),
    bind!(Tests, [plain(K::Esc)], Back, "show every script again", ""),
    bind!(
        Tests,
        [plain(K::Enter)],
        Open,
        "the script in full, with its results",
        "details"
    ),
    bind!(Tests, [ch('a')], AddScript, "add a test script", "add"),
    bind!(Tests, [ch('e')], EditScript, "edit the script", "edit"),
    bind!(
        Tests,
        [ch('d')],
        RemoveScript,
        "remove the script (asks for a reason)",
        ""
    ),
    bind!(
        Tests,
        [ch('R')],
        NewRound,
        "start a new test round",
        "round"
    ),
];

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
        drop(grid);
        self.choose_round(id);
    }

    /// Takes the first round column the last frame showed as the sideways scroll, so
    /// that the next move starts from what is on screen.
    pub(super) fn sync_columns(&mut self) {
        if let Some(first) = self.hits().columns.first().map(|c| c.round) {
            let grid = self.test_grid();
            if let Some(i) = grid.round_index(first) {
                self.tests.first_column = i;
            }
        }
    }

    /// Makes `id` the round being marked (following the current round if it is the
    /// current one), scrolling the columns to show it.
    pub(super) fn choose_round(&mut self, id: RoundId) {
        let current = self.doc.session.current_round().map(|r| r.id);
        self.tests.round = (current != Some(id)).then_some(id);
        let grid = self.test_grid();
        if let Some(column) = grid.round_index(id) {
            // As many columns as the last frame showed; all of them before one was drawn.
            let fit = match self.hits().columns.len() {
                0 => usize::MAX,
                n => n,
            };
            let first = &mut self.tests.first_column;
            if column < *first {
                *first = column;
            } else if column >= first.saturating_add(fit) {
                *first = column + 1 - fit;
            }
        }
        self.refresh_screen(ScreenId::Tests);
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
        self.tests.editor = Some(ScriptEditor::open(&self.doc.session, target));
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
