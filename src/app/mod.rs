//! Application state and input: turns keys, pastes and mouse events into ops on the
//! session and into changes of what is focused, selected or open. Drawing is `ui`'s.

mod checklist;
mod cursor;
mod draft;
mod editor;
mod environments;
mod export;
mod external;
pub mod form;
mod history;
mod hits;
mod keep;
pub mod keymap;
mod modal;
mod modal_keys;
mod mouse;
mod outage;
mod promotion;
mod replay;
mod saver;
mod screen;
mod script_editor;
mod step_status;
mod sync;
mod tests_prompts;
mod tests_screen;
mod tests_view;
mod text;
mod undo;
mod void_time;
mod watch;
mod work_plan;

pub use cursor::Cursor;
pub use draft::{Draft, DraftText};
pub use editor::{ChangeEditor, Field};
pub use external::{ExternalEdit, ExternalTarget};
pub use history::HistoryView;
pub use hits::{ColumnHit, Hits, PaneHit};
pub use keep::{STOP_SAVE_WAIT, Unsaved};
pub use modal::{Modal, Prompt, Purpose, parse_minutes};
pub use outage::{OutageView, PlanPart, parse_window};
pub use promotion::PromotionState;
pub use replay::ReplayAsk;
pub use saver::{FlushHandle, SaveReport, Saver};
pub use screen::{SCREENS, Screen, ScreenId, screen};
pub use script_editor::ScriptEditor;
pub use tests_view::{GridRow, TestsView};

use crate::clock::Clock;
use crate::model::Op;
use crate::store::{Conflict, Loaded};
use chrono::{DateTime, Utc};
use keymap::{Action, Ctx};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseEvent};
use std::sync::Arc;

/// The panes of every screen (each belongs to one screen; see `screen`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Checklist,
    WorkPlan,
    Timer,
    /// The Tests screen's scripts × rounds grid.
    Tests,
    /// The Outage screen's replay of the Work Plan.
    Replay,
    /// The Outage screen's board: the plan, then the live forecast.
    Board,
    /// The History screen's list of ops.
    History,
}

impl Pane {
    /// The key-binding context of the pane.
    pub fn ctx(self) -> Ctx {
        match self {
            Pane::Checklist => Ctx::Checklist,
            Pane::WorkPlan => Ctx::WorkPlan,
            Pane::Timer => Ctx::Timer,
            Pane::Tests => Ctx::Tests,
            Pane::Replay => Ctx::Replay,
            Pane::Board => Ctx::Board,
            Pane::History => Ctx::History,
        }
    }
}

/// Input the app reacts to (crossterm's events, already sorted out by the shell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppEvent {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Time passed: collect save reports, retry a failed save.
    Tick,
}

/// A line for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Info(String),
    Error(String),
}

/// How saving is going.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveState {
    pub last_saved: Option<DateTime<Utc>>,
    pub error: Option<String>,
    /// Number of the last commit request handed to the saver.
    pub submitted: u64,
    /// Number of the last request the saver finished (written or failed).
    pub done: u64,
    pub retry_at: Option<DateTime<Utc>>,
    /// Where unsaved edits were written when saving kept failing.
    pub rescued: Option<std::path::PathBuf>,
    /// The ops written there.
    pub rescued_ops: Vec<crate::model::OpId>,
}

impl SaveState {
    /// Requests handed over and not yet finished.
    pub fn in_flight(&self) -> bool {
        self.submitted > self.done
    }
}

/// Everything the screen shows and the keys change.
pub struct App {
    pub doc: Loaded,
    pub user: String,
    clock: Arc<dyn Clock + Send + Sync>,
    saver: Option<Saver>,
    pub size: (u16, u16),
    /// The screen shown, and the pane that has the focus on it.
    pub screen: ScreenId,
    pub focus: Pane,
    /// The focused pane of each other screen, to go back to.
    focus_of: Vec<(ScreenId, Pane)>,
    /// Where the last frame put the panes and tabs (drawing says; see `set_hits`).
    hits: Hits,
    /// The Promotion screen's state: its panes' selections, the filter, the editor.
    pub promotion: PromotionState,
    /// The Tests screen's state: selection, round, filter, the script editor.
    pub tests: TestsView,
    /// The Outage screen's state: the replay's selection.
    pub outage: OutageView,
    /// The History screen's state: selection and filter.
    pub history: HistoryView,
    /// Text to put on the terminal's clipboard (OSC 52); the terminal shell takes it.
    pub clipboard: Option<String>,
    pub modal: Option<Modal>,
    pub message: Option<Message>,
    pub save: SaveState,
    /// Ops applied here and not yet written to the file.
    pub pending: Vec<Op>,
    /// While there are `pending` ops: the session as the file last read or written
    /// held it, before them (a copy sharing its lists with `doc`'s). A save that meets
    /// another writer's ops puts them on it, read apart, instead of reading the file
    /// whole.
    on_file: Option<crate::model::Session>,
    /// Ops that no longer applied on top of what others saved; shown to their author.
    pub conflicts: Vec<Conflict>,
    /// A prompt put aside while its "discard?" question is open.
    pub stashed_prompt: Option<Box<Prompt>>,
    /// The details (of a step, of a change) a key pressed in them opened a question
    /// over: shown again once that question is answered or cancelled.
    details_under: Option<Modal>,
    /// The draft file of the text being typed, while there is any.
    typing: Option<draft::Typing>,
    /// The edits made here, for `u`.
    pub undo: undo::UndoLog,
    /// Why edits are not allowed (a file from a newer version, one the user may not
    /// write, one that fails `check`), if they are not.
    pub read_only: Option<String>,
    /// Whether `read_only` comes from the state of the file, and so lifts when the file
    /// is fine again.
    read_only_by_file: bool,
    /// Drafts kept when the program was last stopped, not yet answered.
    offered: Vec<(std::path::PathBuf, Draft)>,
    pub quit: bool,
    /// Opened by `watch`: read-only, keys that would edit are ignored, and the Outage
    /// screen comes up by itself when the Production implementation starts.
    pub watching: bool,
    /// While watching: the Outage screen has been brought up for the implementation (so
    /// a lead who goes back to the checklist stays there).
    outage_shown: bool,
    /// The time zone times are shown in: `None` for the machine's local zone (tests fix
    /// one so screens do not depend on where they run).
    pub zone: Option<chrono::FixedOffset>,
    /// The keys in effect: the defaults with the user's config laid over them.
    pub keymap: keymap::Keymap,
    /// The CMO areas the user's config adds to what the change editor offers.
    pub areas: Vec<String>,
    /// A field to edit in the user's own editor, for the terminal loop to take.
    external: Option<external::ExternalEdit>,
}

impl App {
    /// An app on a loaded session. With no saver, edits stay in memory (for tests of
    /// drawing); the real program always passes one.
    pub fn new(
        doc: Loaded,
        user: impl Into<String>,
        clock: Arc<dyn Clock + Send + Sync>,
        saver: Option<Saver>,
    ) -> App {
        let mut app = App {
            doc,
            user: user.into(),
            clock,
            saver,
            size: (80, 24),
            screen: ScreenId::Promotion,
            focus: Pane::Checklist,
            focus_of: Vec::new(),
            hits: Hits::default(),
            promotion: PromotionState::default(),
            tests: TestsView::default(),
            outage: OutageView::default(),
            history: HistoryView::default(),
            clipboard: None,
            modal: None,
            message: None,
            save: SaveState::default(),
            pending: Vec::new(),
            on_file: None,
            conflicts: Vec::new(),
            read_only: None,
            read_only_by_file: false,
            offered: Vec::new(),
            stashed_prompt: None,
            details_under: None,
            undo: undo::UndoLog::default(),
            typing: None,
            quit: false,
            watching: false,
            outage_shown: false,
            zone: None,
            keymap: keymap::Keymap::default(),
            areas: Vec::new(),
            external: None,
        };
        if let Some(current) = app.doc.session.current_step() {
            let index = app
                .doc
                .session
                .steps()
                .iter()
                .position(|s| s.number == current.number)
                .unwrap_or(0);
            app.promotion.checklist.selected = index;
        }
        app.refresh_all();
        app
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A UTC time as the user reads it.
    pub fn local(&self, t: DateTime<Utc>) -> DateTime<chrono::FixedOffset> {
        crate::vocab::outage::local(t, self.zone)
    }

    pub fn flush_handle(&self) -> Option<FlushHandle> {
        self.saver.as_ref().map(Saver::flush_handle)
    }

    /// Takes in where the frame just drawn put things. Returns whether that moved a
    /// list's scroll (the list shows a different number of rows than before), in which
    /// case the frame should be drawn again.
    pub fn set_hits(&mut self, hits: Hits) -> bool {
        if hits == self.hits {
            return false;
        }
        self.hits = hits;
        self.sync_columns();
        let before = (
            self.promotion.checklist,
            self.promotion.work_plan,
            self.promotion.timer,
            self.tests.cursor,
            self.outage.cursor,
            self.history.cursor,
        );
        self.reveal_cursors();
        before
            != (
                self.promotion.checklist,
                self.promotion.work_plan,
                self.promotion.timer,
                self.tests.cursor,
                self.outage.cursor,
                self.history.cursor,
            )
    }

    /// Where the last frame put things.
    pub fn hits(&self) -> &Hits {
        &self.hits
    }

    pub fn handle(&mut self, event: AppEvent) {
        match event {
            AppEvent::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key),
            AppEvent::Key(_) => {}
            AppEvent::Paste(text) => self.on_paste(&text),
            AppEvent::Mouse(m) => self.on_mouse(m),
            AppEvent::Resize(w, h) => {
                self.size = (w, h);
                self.reveal_cursors();
            }
            AppEvent::Tick => {
                self.poll_saver();
                self.keep_typing(false);
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent) {
        self.message = None;
        if let Some(modal) = self.modal.take() {
            self.modal_key(modal, key);
            if self.modal.is_none() {
                self.modal = self.details_under.take();
            }
            return;
        }
        if self.promotion.editor.is_some() {
            self.editor_key(key);
            return;
        }
        if self.tests.editor.is_some() {
            self.script_editor_key(key);
            return;
        }
        if let Some(action) = self.keymap.lookup(self.focus.ctx(), &key) {
            if self.watching && !watch::allows(action) {
                self.message = Some(Message::Info(
                    "Watching, read-only: open the session to edit it".into(),
                ));
                return;
            }
            // The screen's panes first, the global keys last.
            if !self.current_screen().act(self, action) {
                self.act(action);
            }
        }
    }

    fn on_paste(&mut self, text: &str) {
        if let Some(Modal::Prompt(p)) = &mut self.modal {
            p.paste(text);
            self.after_prompt_edit();
        } else if let Some(editor) = &mut self.promotion.editor {
            editor.form.paste(text);
        } else if let Some(editor) = &mut self.tests.editor {
            editor.form.paste(text);
        } else {
            self.message = Some(Message::Info(
                "Paste into a field: open the editor ({WorkPlan.AddChange} or {WorkPlan.EditChange}) or a prompt first".into(),
            ));
        }
    }

    /// The global keys: what no pane of the screen took.
    fn act(&mut self, action: Action) {
        match action {
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::Up => self.move_cursor(-1),
            Action::Down => self.move_cursor(1),
            Action::PageUp => self.move_cursor(-(self.page() as isize)),
            Action::PageDown => self.move_cursor(self.page() as isize),
            Action::Home => self.move_cursor(isize::MIN / 2),
            Action::End => self.move_cursor(isize::MAX / 2),
            Action::Help => self.modal = Some(Modal::Help { scroll: 0 }),
            Action::ShowScreen(n) => {
                if let Some(s) = screen::SCREENS.get(usize::from(n).saturating_sub(1)) {
                    self.show_screen(s.id());
                }
            }
            Action::Export => self.export_report(),
            Action::Undo => self.undo_last(),
            Action::Conflicts => {
                if self.conflicts.is_empty() {
                    self.message = Some(Message::Info("No conflicting edits".into()));
                } else {
                    self.modal = Some(Modal::Conflicts { selected: 0 });
                }
            }
            Action::Quit => {
                if self.save.error.is_some() {
                    self.modal = Some(Modal::Confirm {
                        purpose: Purpose::QuitUnsaved,
                        question: "Your last edits are not saved (see the status bar). Quit \
                                   anyway? One more save is tried, and what still fails is \
                                   written to a rescue file. (y/n)"
                            .into(),
                    });
                } else {
                    self.quit = true;
                }
            }
            _ => {}
        }
    }

    /// How many rows a page is in the focused pane.
    fn page(&self) -> usize {
        let height = self.list_geometry(self.focus).1.unwrap_or(1);
        height.saturating_sub(1).max(1)
    }

    fn move_cursor(&mut self, delta: isize) {
        let (len, height) = self.list_geometry(self.focus);
        self.cursor_mut(self.focus)
            .step(delta, len, height.unwrap_or(usize::MAX));
    }

    /// The selection and scroll of a pane's list.
    pub fn cursor_mut(&mut self, pane: Pane) -> &mut Cursor {
        screen::screen_of(pane).cursor(self, pane)
    }

    /// Rows in a pane's list, and how many the last frame showed (`None` before the
    /// pane was first drawn).
    pub fn list_geometry(&self, pane: Pane) -> (usize, Option<usize>) {
        let len = screen::screen_of(pane).list_len(self, pane);
        let height = self.hits.rows_of(pane).map(|r| r.height as usize);
        (len, height)
    }

    /// After the session changed: every screen works out its lists afresh, and the
    /// selections are kept inside them.
    pub fn refresh_all(&mut self) {
        for s in SCREENS {
            s.refresh(self);
        }
        if self.watching {
            self.follow_outage();
        }
        self.reveal_cursors();
    }

    /// After something only screen `id` works from changed (a filter, a view switch):
    /// that screen works out its lists afresh, and the selections are kept inside them.
    pub(super) fn refresh_screen(&mut self, id: ScreenId) {
        screen::screen(id).refresh(self);
        self.reveal_cursors();
    }

    /// Keeps every selection inside its list, and on screen where the list has been
    /// drawn (after a frame, a resize or a screen switch: nothing to work out again).
    pub(super) fn reveal_cursors(&mut self) {
        for s in SCREENS {
            for &pane in s.panes() {
                let (len, height) = self.list_geometry(pane);
                // Not drawn yet: only keep the selection in the list; the first frame's
                // geometry brings it on screen (see `set_hits`).
                self.cursor_mut(pane)
                    .reveal(len, height.unwrap_or(usize::MAX));
            }
        }
    }

    fn on_mouse(&mut self, m: MouseEvent) {
        mouse::handle(self, m);
    }
}
