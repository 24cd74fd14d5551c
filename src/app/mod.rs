//! Application state and input: turns keys, pastes and mouse events into ops on the
//! session and into changes of what is focused, selected or open. Drawing is `ui`'s.

mod checklist;
mod cursor;
mod editor;
pub mod keymap;
mod modal;
mod mouse;
mod saver;
mod text;
mod work_plan;

pub use cursor::Cursor;
pub use editor::{ChangeEditor, Field};
pub use modal::{Modal, Prompt, Purpose, parse_minutes};
pub use saver::{FlushHandle, SaveReport, Saver};

use crate::clock::Clock;
use crate::model::{Op, OpId, OpKind};
use crate::store::{Conflict, Loaded};
use crate::ui::layout::Areas;
use chrono::{DateTime, Utc};
use keymap::{Action, Ctx};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};
use ratatui::layout::Rect;
use std::sync::Arc;

/// The three panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Checklist,
    WorkPlan,
    Timer,
}

impl Pane {
    fn ctx(self) -> Ctx {
        match self {
            Pane::Checklist => Ctx::Checklist,
            Pane::WorkPlan => Ctx::WorkPlan,
            Pane::Timer => Ctx::Timer,
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
    pub focus: Pane,
    pub checklist: Cursor,
    pub work_plan: Cursor,
    pub timer: Cursor,
    pub filter: String,
    pub editor: Option<ChangeEditor>,
    pub modal: Option<Modal>,
    pub message: Option<Message>,
    pub save: SaveState,
    /// Ops applied here and not yet written to the file.
    pub pending: Vec<Op>,
    /// Ops that no longer applied on top of what others saved; shown to their author.
    pub conflicts: Vec<Conflict>,
    /// Why edits are not allowed (a file from a newer version), if they are not.
    pub read_only: Option<String>,
    pub quit: bool,
    /// The time zone times are shown in: `None` for the machine's local zone (tests fix
    /// one so screens do not depend on where they run).
    pub zone: Option<chrono::FixedOffset>,
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
            focus: Pane::Checklist,
            checklist: Cursor::default(),
            work_plan: Cursor::default(),
            timer: Cursor::default(),
            filter: String::new(),
            editor: None,
            modal: None,
            message: None,
            save: SaveState::default(),
            pending: Vec::new(),
            conflicts: Vec::new(),
            read_only: None,
            quit: false,
            zone: None,
        };
        if let Some(current) = app.doc.session.current_step() {
            let index = app
                .doc
                .session
                .steps
                .iter()
                .position(|s| s.number == current.number)
                .unwrap_or(0);
            app.checklist.selected = index;
        }
        app.keep_cursors_valid();
        app
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A UTC time as the user reads it.
    pub fn local(&self, t: DateTime<Utc>) -> DateTime<chrono::FixedOffset> {
        match self.zone {
            Some(zone) => t.with_timezone(&zone),
            None => t.with_timezone(&chrono::Local).fixed_offset(),
        }
    }

    pub fn flush_handle(&self) -> Option<FlushHandle> {
        self.saver.as_ref().map(Saver::flush_handle)
    }

    /// The pane layout for the current terminal size.
    pub fn areas(&self) -> Option<Areas> {
        Areas::of(Rect::new(0, 0, self.size.0, self.size.1))
    }

    pub fn handle(&mut self, event: AppEvent) {
        match event {
            AppEvent::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key),
            AppEvent::Key(_) => {}
            AppEvent::Paste(text) => self.on_paste(&text),
            AppEvent::Mouse(m) => self.on_mouse(m),
            AppEvent::Resize(w, h) => {
                self.size = (w, h);
                self.keep_cursors_valid();
            }
            AppEvent::Tick => self.poll_saver(),
        }
    }

    /// Applies an op made now by this user; saves on success, shows why on refusal.
    pub fn commit(&mut self, kind: OpKind) -> bool {
        if let Some(why) = &self.read_only {
            self.message = Some(Message::Error(format!(
                "read-only: {why}; edit it with a newer cmo-promote"
            )));
            return false;
        }
        let op = Op::new(OpId::new_random(), self.user.clone(), self.now(), kind);
        match self.doc.session.apply(op.clone()) {
            Ok(()) => {
                self.pending.push(op);
                self.submit_save();
                self.keep_cursors_valid();
                true
            }
            Err(e) => {
                self.message = Some(Message::Error(e.to_string()));
                false
            }
        }
    }

    fn submit_save(&mut self) {
        if let Some(saver) = &self.saver {
            self.save.submitted += 1;
            saver.submit(self.save.submitted, self.doc.clone(), self.pending.clone());
        }
    }

    /// Takes in what the saver reports: written edits, other writers' changes,
    /// conflicts and failures. A failed save is retried every few seconds, since the
    /// edits are only in memory until one succeeds.
    pub fn poll_saver(&mut self) {
        let reports = match &self.saver {
            Some(saver) => saver.reports(),
            None => return,
        };
        for report in reports {
            match report {
                SaveReport::Committed { seq, committed } => {
                    self.save.done = self.save.done.max(seq);
                    self.save.last_saved = Some(self.now());
                    self.save.error = None;
                    self.save.retry_at = None;
                    self.took_commit(*committed);
                }
                SaveReport::Failed { seq, error } => {
                    self.save.done = self.save.done.max(seq);
                    self.save.error = Some(error);
                    self.save.retry_at = Some(self.now() + chrono::Duration::seconds(5));
                }
                SaveReport::Reloaded(doc) => {
                    // With edits of our own on the way, the next commit merges instead.
                    if self.pending.is_empty() && !self.save.in_flight() {
                        self.replace_doc(*doc);
                    }
                }
                SaveReport::Rescued { rescue, error } => {
                    self.save.error = Some(format!(
                        "{error}; your unsaved edits were written to {}",
                        rescue.display()
                    ));
                    self.save.rescued = Some(rescue);
                }
                SaveReport::Unreadable(error) => {
                    self.message = Some(Message::Error(format!(
                        "the session file was changed outside and cannot be read: {error}"
                    )));
                }
            }
        }
        if !self.save.in_flight() && self.save.retry_at.is_some_and(|t| self.now() >= t) {
            self.save.retry_at = None;
            self.submit_save();
        }
    }

    /// A commit landed: what is on disk becomes the base, and ops made since it was
    /// requested are applied again on top.
    fn took_commit(&mut self, committed: crate::store::Committed) {
        let done: std::collections::HashSet<OpId> = committed
            .written
            .iter()
            .copied()
            .chain(committed.conflicts.iter().map(|c| c.op.id))
            .collect();
        self.pending.retain(|op| !done.contains(&op.id));
        let written: std::collections::HashSet<OpId> = committed.written.iter().copied().collect();
        self.conflicts.retain(|c| !written.contains(&c.op.id));
        let mut conflicts = committed.conflicts;
        let mut doc = committed.loaded;
        // Ops made since this commit was requested go on top of what is now on disk;
        // one that no longer applies there is a conflict now, not later.
        let mut kept = Vec::new();
        for op in std::mem::take(&mut self.pending) {
            match doc.session.apply(op.clone()) {
                Ok(()) => kept.push(op),
                Err(error) => conflicts.push(Conflict { op, error }),
            }
        }
        self.pending = kept;
        self.add_conflicts(conflicts);
        if committed.rebased || !self.pending.is_empty() || !self.conflicts.is_empty() {
            self.replace_doc(doc);
        } else {
            self.doc.stamp = doc.stamp;
            self.doc.session.generation = doc.session.generation;
        }
    }

    /// Lists edits that no longer apply (once each) and says so.
    fn add_conflicts(&mut self, conflicts: Vec<Conflict>) {
        let mut new = 0;
        for c in conflicts {
            if !self.conflicts.iter().any(|k| k.op.id == c.op.id) {
                self.conflicts.push(c);
                new += 1;
            }
        }
        if new > 0 {
            self.message = Some(Message::Error(format!(
                "{new} of your edits no longer apply after others' changes; C shows them"
            )));
        }
    }

    /// Whether some edits are not (yet) in the file.
    pub fn has_unsaved(&self) -> bool {
        !self.pending.is_empty() || self.save.in_flight() || self.save.error.is_some()
    }

    /// Swaps in a newer version of the session, keeping what the user was looking at.
    fn replace_doc(&mut self, doc: Loaded) {
        let change = self.selected_change().map(|c| c.id);
        let step = self.selected_step().map(|s| s.number);
        self.doc = doc;
        if let Some(n) = step
            && let Some(i) = self.doc.session.steps.iter().position(|s| s.number == n)
        {
            self.checklist.selected = i;
        }
        if let Some(id) = change {
            self.select_change_by_id(id);
        }
        self.keep_cursors_valid();
    }

    /// Blocks until every edit so far is written (a failed save is tried once more,
    /// and what still cannot be saved goes to a rescue file). Err says what was not
    /// saved and where it went.
    pub fn flush(&mut self) -> Result<(), String> {
        let Some(saver) = &self.saver else {
            return Ok(());
        };
        let finished = saver
            .flush_handle()
            .flush(std::time::Duration::from_secs(30));
        self.poll_saver();
        if !finished {
            return Err("saving did not finish within 30 s".into());
        }
        match &self.save.error {
            Some(e) => Err(e.clone()),
            None if !self.pending.is_empty() => {
                Err(format!("{} edits were not saved", self.pending.len()))
            }
            None => Ok(()),
        }
    }

    fn on_key(&mut self, key: KeyEvent) {
        self.message = None;
        if let Some(modal) = self.modal.take() {
            self.modal_key(modal, key);
            return;
        }
        if self.editor.is_some() {
            self.editor_key(key);
            return;
        }
        if let Some(action) = keymap::lookup(self.focus.ctx(), &key) {
            self.act(action);
        }
    }

    fn on_paste(&mut self, text: &str) {
        if let Some(Modal::Prompt(p)) = &mut self.modal {
            p.paste(text);
            self.after_prompt_edit();
        } else if let Some(editor) = &mut self.editor {
            editor.paste(text);
        } else {
            self.message = Some(Message::Info(
                "Paste into a field: open the editor (a or e) or a prompt first".into(),
            ));
        }
    }

    fn act(&mut self, action: Action) {
        match action {
            Action::FocusNext | Action::FocusPrev => {
                let order = [Pane::Checklist, Pane::WorkPlan, Pane::Timer];
                let i = order.iter().position(|p| *p == self.focus).unwrap_or(0);
                let step = if action == Action::FocusNext { 1 } else { 2 };
                self.focus = order[(i + step) % 3];
            }
            Action::Up => self.move_cursor(-1),
            Action::Down => self.move_cursor(1),
            Action::PageUp => self.move_cursor(-(self.page() as isize)),
            Action::PageDown => self.move_cursor(self.page() as isize),
            Action::Home => self.move_cursor(isize::MIN / 2),
            Action::End => self.move_cursor(isize::MAX / 2),
            Action::Help => self.modal = Some(Modal::Help { scroll: 0 }),
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
            Action::Back => {
                if self.focus == Pane::WorkPlan && !self.filter.is_empty() {
                    self.filter.clear();
                    self.keep_cursors_valid();
                }
            }
            Action::ToggleTimer => match self.focus {
                Pane::Checklist => self.toggle_step_timer(),
                Pane::WorkPlan => self.toggle_change_timer(),
                Pane::Timer => self.toggle_timer_row(),
            },
            Action::Open => match self.focus {
                Pane::Checklist => self.open_step_details(),
                Pane::WorkPlan => self.open_editor(false),
                Pane::Timer => {}
            },
            other => match self.focus {
                Pane::Checklist => self.checklist_action(other),
                Pane::WorkPlan => self.work_plan_action(other),
                Pane::Timer => {}
            },
        }
    }

    /// How many rows a page is in the focused pane.
    fn page(&self) -> usize {
        let Some(a) = self.areas() else { return 1 };
        let rows = match self.focus {
            Pane::Checklist => a.checklist_rows(),
            Pane::WorkPlan => a.work_plan_rows(),
            Pane::Timer => a.timer_rows(),
        };
        (rows.height as usize).saturating_sub(1).max(1)
    }

    fn move_cursor(&mut self, delta: isize) {
        let (len, height) = self.list_geometry(self.focus);
        let cursor = match self.focus {
            Pane::Checklist => &mut self.checklist,
            Pane::WorkPlan => &mut self.work_plan,
            Pane::Timer => &mut self.timer,
        };
        cursor.step(delta, len, height);
    }

    /// Rows in a pane's list and how many fit on screen.
    pub fn list_geometry(&self, pane: Pane) -> (usize, usize) {
        let areas = self.areas();
        match pane {
            Pane::Checklist => (
                self.doc.session.steps.len(),
                areas.map_or(1, |a| a.checklist_rows().height as usize),
            ),
            Pane::WorkPlan => (
                self.visible_changes().len(),
                areas.map_or(1, |a| a.work_plan_rows().height as usize),
            ),
            Pane::Timer => (
                self.doc.session.steps.len(),
                areas.map_or(1, |a| a.timer_rows().height as usize),
            ),
        }
    }

    /// After the session or the size changed: selections inside their lists.
    pub fn keep_cursors_valid(&mut self) {
        for pane in [Pane::Checklist, Pane::WorkPlan, Pane::Timer] {
            let (len, height) = self.list_geometry(pane);
            match pane {
                Pane::Checklist => self.checklist.reveal(len, height),
                Pane::WorkPlan => self.work_plan.reveal(len, height),
                Pane::Timer => self.timer.reveal(len, height),
            }
        }
    }

    fn modal_key(&mut self, modal: Modal, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match modal {
            Modal::Prompt(mut p) => {
                let submit = (key.code == KeyCode::Enter && !p.multiline)
                    || (ctrl && key.code == KeyCode::Char('s'));
                if key.code == KeyCode::Esc || (ctrl && key.code == KeyCode::Char('c')) {
                    if p.purpose == Purpose::Filter {
                        self.filter.clear();
                        self.keep_cursors_valid();
                    }
                } else if submit {
                    self.submit_prompt(*p);
                } else {
                    p.type_key(key);
                    self.modal = Some(Modal::Prompt(p));
                    self.after_prompt_edit();
                }
            }
            Modal::Confirm { purpose, question } => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => self.confirmed(purpose),
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {}
                _ => self.modal = Some(Modal::Confirm { purpose, question }),
            },
            Modal::Outcome { change, env } => self.outcome_key(change, env, key),
            Modal::Conflicts { selected } => self.conflicts_key(selected, key),
            Modal::Help { scroll } | Modal::StepDetails { scroll, .. }
                if matches!(
                    key.code,
                    KeyCode::Up | KeyCode::Down | KeyCode::Char('j') | KeyCode::Char('k')
                ) =>
            {
                let down = matches!(key.code, KeyCode::Down | KeyCode::Char('j'));
                let scroll = if down {
                    scroll.saturating_add(1)
                } else {
                    scroll.saturating_sub(1)
                };
                self.modal = Some(match modal {
                    Modal::StepDetails { step, .. } => Modal::StepDetails { step, scroll },
                    _ => Modal::Help { scroll },
                });
            }
            Modal::Help { .. } | Modal::StepDetails { .. } => {
                if !matches!(
                    key.code,
                    KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('?')
                ) && !ctrl
                {
                    self.modal = Some(modal);
                }
            }
        }
    }

    /// Live effects of typing in a prompt (the filter narrows the list as you type).
    fn after_prompt_edit(&mut self) {
        if let Some(Modal::Prompt(p)) = &self.modal
            && p.purpose == Purpose::Filter
        {
            self.filter = p.text();
            self.keep_cursors_valid();
        }
    }

    /// In the conflicts list: ↑/↓ choose, r applies the edit again as a new op (on the
    /// session as it is now), x drops it, Esc closes.
    fn conflicts_key(&mut self, selected: usize, key: KeyEvent) {
        let n = self.conflicts.len();
        let mut selected = selected.min(n.saturating_sub(1));
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return,
            KeyCode::Up | KeyCode::Char('k') => selected = selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                selected = (selected + 1).min(n.saturating_sub(1))
            }
            KeyCode::Char('r') if n > 0 => {
                let kind = self.conflicts[selected].op.kind.clone();
                if self.commit(kind) {
                    self.conflicts.remove(selected);
                    self.message = Some(Message::Info("Applied again".into()));
                }
            }
            KeyCode::Char('x') | KeyCode::Char('d') if n > 0 => {
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

    fn confirmed(&mut self, purpose: Purpose) {
        match purpose {
            Purpose::DiscardEdits => self.editor = None,
            Purpose::QuitUnsaved => self.quit = true,
            _ => {}
        }
    }

    fn on_mouse(&mut self, m: MouseEvent) {
        mouse::handle(self, m);
    }
}
