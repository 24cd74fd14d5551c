//! The Tests screen (the testers' home): every test script against every round, one
//! keystroke per result. Its keys; its state (the selected script and round, the
//! "needs attention" filter, the script editor); the rows, worked out when the session
//! changes.

use super::keymap::{Action, Binding, Ctx, bind, ch, plain};
use super::modal::Modal;
use super::screen::{Screen, ScreenId};
use super::script_editor::ScriptEditor;
use super::{App, Cursor, Message, Pane};
use crate::model::{ResultStatus, RoundId};
use ratatui::crossterm::event::KeyCode as K;

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
    fn step_round(&mut self, forward: bool) {
        let rounds = self.tests.rounds();
        let Some(column) = self.tests.column() else {
            return;
        };
        let next = if forward {
            (column + 1).min(rounds.len().saturating_sub(1))
        } else {
            column.saturating_sub(1)
        };
        let id = rounds[next];
        self.choose_round(id);
    }

    /// Takes the first round column the last frame showed as the sideways scroll, so
    /// that the next move starts from what is on screen.
    pub(super) fn sync_columns(&mut self) {
        if let Some(first) = self.hits().columns.first().map(|c| c.round)
            && let Some(i) = self.tests.rounds().iter().position(|r| *r == first)
        {
            self.tests.first_column = i;
        }
    }

    /// Makes `id` the round being marked (following the current round if it is the
    /// current one), scrolling the columns to show it.
    pub(super) fn choose_round(&mut self, id: RoundId) {
        let current = self.doc.session.current_round().map(|r| r.id);
        self.tests.round = (current != Some(id)).then_some(id);
        if let Some(column) = self.tests.rounds().iter().position(|r| *r == id) {
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
                    self.message = Some(Message::Info(
                        "No script selected; {Tests.AddScript} adds one".into(),
                    ));
                    return;
                }
            }
        };
        self.tests.editor = Some(ScriptEditor::open(&self.doc.session, target));
    }
}
