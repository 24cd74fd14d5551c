//! Screens: the open set of views the tab line names (`1` Promotion, then the others).
//! A screen is a value in [`SCREENS`] that says which panes it has (in the order Tab
//! visits them), brings its own keys and state up to date, and does what its panes'
//! actions ask; the app does the rest (pop-ups, text fields, global keys, saving).
//!
//! Adding a screen: a file in `app` with its state, its keys and its [`Screen`]; a file
//! in `ui` that draws it; a line in [`SCREENS`] and in `ui`'s list. Besides those, the
//! screen and its panes get names ([`ScreenId`], `Pane` and `keymap::Ctx` variants)
//! and its state a field in `App`.

use super::history::History;
use super::keymap::{Action, Binding, Ctx};
use super::outage::Outage;
use super::promotion::Promotion;
use super::tests_screen::Tests;
use super::{App, Pane};

/// Names a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenId {
    Promotion,
    Tests,
    Outage,
    History,
}

/// One screen of the TUI.
pub trait Screen: Sync {
    fn id(&self) -> ScreenId;
    /// Its name in the tab line.
    fn name(&self) -> &'static str;
    /// Its panes in the order Tab visits them; the first has the focus at first.
    fn panes(&self) -> &'static [Pane];
    /// The key contexts help lists for this screen, after the global keys.
    fn contexts(&self) -> &'static [Ctx];
    /// The screen's own keys (those of its panes' contexts).
    fn bindings(&self) -> &'static [Binding];
    /// Does what `action` asks of the focused pane. False when the action is not this
    /// screen's business, so that the global keys get it.
    fn act(&self, app: &mut App, action: Action) -> bool;
    /// Brings what the screen works out from the session (lists, filters) up to date,
    /// after the session or a filter changed.
    fn refresh(&self, app: &mut App);
    /// The number of rows in `pane`'s list.
    fn list_len(&self, app: &App, pane: Pane) -> usize;
    /// The selection and scroll of `pane`'s list.
    fn cursor<'a>(&self, app: &'a mut App, pane: Pane) -> &'a mut super::Cursor;
    /// Global actions that mean nothing here (left out of help and hints).
    fn ignores(&self, _action: Action) -> bool {
        false
    }
}

/// Every screen, in tab order; screen `n` (from 1) is shown by `Action::ShowScreen(n)`,
/// the key `n` unless the user's config says otherwise.
pub static SCREENS: &[&dyn Screen] = &[&Promotion, &Tests, &Outage, &History];

/// The screen with id `id`.
pub fn screen(id: ScreenId) -> &'static dyn Screen {
    SCREENS
        .iter()
        .copied()
        .find(|s| s.id() == id)
        .unwrap_or(SCREENS[0])
}

/// The screen `pane` belongs to.
pub fn screen_of(pane: Pane) -> &'static dyn Screen {
    SCREENS
        .iter()
        .copied()
        .find(|s| s.panes().contains(&pane))
        .unwrap_or(SCREENS[0])
}

impl App {
    /// The screen shown.
    pub fn current_screen(&self) -> &'static dyn Screen {
        screen(self.screen)
    }

    /// Shows another screen; each screen keeps the pane that had its focus.
    pub fn show_screen(&mut self, id: ScreenId) {
        if id == self.screen {
            return;
        }
        self.focus_of.retain(|(s, _)| *s != self.screen);
        self.focus_of.push((self.screen, self.focus));
        self.screen = id;
        let s = screen(id);
        self.focus = self
            .focus_of
            .iter()
            .find(|(sid, _)| *sid == id)
            .map(|(_, p)| *p)
            .or_else(|| s.panes().first().copied())
            .unwrap_or(self.focus);
        self.reveal_cursors();
    }

    /// Tab / Shift-Tab: the next or previous pane of the screen.
    pub(super) fn cycle_focus(&mut self, forward: bool) {
        let panes = self.current_screen().panes();
        let n = panes.len();
        if n == 0 {
            return;
        }
        let i = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.focus = panes[next];
    }
}
