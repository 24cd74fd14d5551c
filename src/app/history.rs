//! The History screen (`4`): the session's audit trail, newest first, one line per op in
//! words (when, who, what), narrowed by a filter (words that must all appear: a person,
//! a change such as WP-004, a kind such as "signed"); Enter shows an op in full.

use super::keymap::{Action, Binding, Ctx, bind, ch, plain};
use super::modal::{Modal, Prompt, Purpose};
use super::screen::{Screen, ScreenId};
use super::{App, Cursor, Pane};
use crate::model::{Op, Session};
use ratatui::crossterm::event::KeyCode as K;
use std::borrow::Cow;

pub struct History;

/// The History screen's own state.
#[derive(Debug, Default)]
pub struct HistoryView {
    pub cursor: Cursor,
    /// Words that must all appear in an op's line (any case); empty shows every op.
    pub filter: String,
    /// The ops shown (indices into the history), newest first; worked out when the
    /// session or the filter changes.
    rows: Vec<usize>,
}

impl HistoryView {
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }
}

/// An op in one line of words: `ann started step 3`, for filtering.
fn line_of(op: &Op, s: &Session) -> String {
    format!("{} {}", op.author, crate::vocab::op_line(op, s)).to_lowercase()
}

impl Screen for History {
    fn id(&self) -> ScreenId {
        ScreenId::History
    }

    fn name(&self) -> &'static str {
        "History"
    }

    fn panes(&self) -> &'static [Pane] {
        &[Pane::History]
    }

    fn contexts(&self) -> &'static [Ctx] {
        &[Ctx::History]
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn refresh(&self, app: &mut App) {
        let s = &app.doc.session;
        let words: Vec<String> = app
            .history
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        app.history.rows = if words.is_empty() {
            (0..s.history().len()).rev().collect()
        } else {
            let mut rows: Vec<usize> = (0..)
                .zip(s.history().iter())
                .filter(|(_, op)| {
                    let line = line_of(op, s);
                    words.iter().all(|w| line.contains(w.as_str()))
                })
                .map(|(i, _)| i)
                .collect();
            rows.reverse();
            rows
        };
    }

    fn list_len(&self, app: &App, _pane: Pane) -> usize {
        app.history.rows.len()
    }

    fn cursor<'a>(&self, app: &'a mut App, _pane: Pane) -> &'a mut Cursor {
        &mut app.history.cursor
    }

    fn ignores(&self, action: Action) -> bool {
        matches!(
            action,
            Action::FocusNext | Action::FocusPrev | Action::ToggleTimer
        )
    }

    fn act(&self, app: &mut App, action: Action) -> bool {
        match action {
            Action::Filter => {
                let current = app.history.filter.clone();
                app.ask(Prompt::new(
                    Purpose::HistoryFilter,
                    "Filter the history",
                    "Words that must all appear: a person, a change (WP-004), a kind (signed, \
                     recorded); Enter keeps the filter, Esc clears it",
                    &current,
                ));
            }
            Action::Back if !app.history.filter.is_empty() => app.set_history_filter(String::new()),
            Action::Open => app.open_op(),
            _ => return false,
        }
        true
    }
}

/// The History screen's keys, in the order help lists them.
pub static BINDINGS: &[Binding] = &[
    bind!(
        History,
        [ch('/')],
        Filter,
        "filter by person, change or kind",
        "filter"
    ),
    bind!(
        History,
        [plain(K::Enter)],
        Open,
        "the op in full",
        "details"
    ),
    bind!(History, [plain(K::Esc)], Back, "clear the filter", ""),
];

impl App {
    /// Sets the history's filter; the list narrows at once.
    pub fn set_history_filter(&mut self, text: String) {
        self.history.filter = text;
        self.history.cursor = Cursor::default();
        self.refresh_screen(ScreenId::History);
    }

    /// The op under the history's selection.
    pub fn selected_op(&self) -> Option<Cow<'_, Op>> {
        let i = *self.history.rows.get(self.history.cursor.selected)?;
        self.doc.session.history().get(i)
    }

    fn open_op(&mut self) {
        let Some(op) = self.selected_op().map(Cow::into_owned) else {
            return;
        };
        let s = &self.doc.session;
        let detail = ron::ser::to_string_pretty(
            &op.kind,
            ron::ser::PrettyConfig::new().new_line("\n".to_string()),
        )
        .unwrap_or_default();
        let text = format!(
            "When: {}\nWho: {}\nWhat: {}\nOp: {}\n\n{detail}",
            self.local(op.at).format("%Y-%m-%d %H:%M:%S %:z"),
            op.author,
            crate::vocab::op_line(&op, s),
            op.id,
        );
        self.modal = Some(Modal::Notice {
            title: format!("{} {}", op.author, crate::vocab::op_line(&op, s)),
            text,
            scroll: 0,
        });
    }
}
