//! An app on a real session file with a real saver, driven by keys as the terminal
//! would drive it.

use super::{new_session, t0};
use cmo_promote::app::{App, AppEvent, Pane, Saver};
use cmo_promote::clock::FixedClock;
use cmo_promote::model::Session;
use cmo_promote::store::{Loaded, Store};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use std::sync::Arc;
use tempfile::TempDir;

pub struct Fx {
    pub dir: TempDir,
    pub app: App,
    pub clock: Arc<FixedClock>,
}

pub fn fx() -> Fx {
    let dir = TempDir::new().unwrap();
    let store = Store::open(dir.path().to_path_buf());
    let (_, session) = new_session("App test");
    let path = store.create(&session).unwrap();
    let clock = Arc::new(FixedClock::new(t0()));
    let loaded = Loaded::load(&path).unwrap();
    let saver = Saver::spawn(&loaded);
    let mut app = App::new(loaded, "ann", clock.clone(), Some(saver));
    app.handle(AppEvent::Resize(100, 30));
    Fx { dir, app, clock }
}

impl Fx {
    /// Draws the app (mono theme) as the event loop would, so it knows where its panes
    /// are; returns the screen's text.
    pub fn draw(&mut self) -> String {
        super::render(&mut self.app, cmo_promote::ui::Theme::MONO)
            .backend()
            .to_string()
    }
    /// Lets time pass (ticks, as the event loop gives them) until `done` holds; panics
    /// after a generous deadline.
    pub fn wait_until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let start = std::time::Instant::now();
        while !done(&self.app) {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(10),
                "gave up waiting for {what}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
            self.app.handle(AppEvent::Tick);
        }
    }
    pub fn key(&mut self, code: KeyCode) {
        self.app
            .handle(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
    pub fn ch(&mut self, c: char) {
        self.key(KeyCode::Char(c));
    }
    pub fn ctrl(&mut self, c: char) {
        self.app.handle(AppEvent::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }
    pub fn shift_tab(&mut self) {
        self.app.handle(AppEvent::Key(KeyEvent::new(
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
        )));
    }
    pub fn typ(&mut self, text: &str) {
        for c in text.chars() {
            self.ch(c);
        }
    }
    pub fn tab(&mut self) {
        self.key(KeyCode::Tab);
    }
    /// What is in the file after every pending save is written.
    pub fn saved(&mut self) -> Session {
        self.app.flush().unwrap();
        Loaded::load(&self.app.doc.path).unwrap().session
    }
    pub fn s(&self) -> &Session {
        &self.app.doc.session
    }
    /// Adds a change through the editor with the given area and item.
    pub fn add_change(&mut self, area: &str, item: &str) {
        self.app.focus = Pane::WorkPlan;
        self.ch('a');
        self.typ(area);
        self.tab();
        self.typ(item);
        self.ctrl('s');
        assert!(
            self.app.promotion.editor.is_none(),
            "editor closes after saving"
        );
    }
    /// Types a new change with `item` in the change editor, left open, and lets a tick
    /// keep it in its draft file, as it is kept while typed; returns that one file.
    pub fn type_change_kept_while_typing(&mut self, item: &str) -> std::path::PathBuf {
        self.app.focus = Pane::WorkPlan;
        self.ch('a');
        self.typ("Forms");
        self.tab();
        self.typ(item);
        self.app.handle(AppEvent::Tick);
        let drafts = super::files_beside(&self.app.doc.path, ".draft-");
        assert_eq!(drafts.len(), 1, "kept while typing");
        drafts[0].clone()
    }
    pub fn click(&mut self, column: u16, row: u16) {
        self.mouse(MouseEventKind::Down(MouseButton::Left), column, row);
    }
    pub fn mouse(&mut self, kind: MouseEventKind, column: u16, row: u16) {
        self.app.handle(AppEvent::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }));
    }
}
