//! Terminal input on a thread of its own, so the event loop waits on a channel and
//! never on the terminal: a closed terminal or a signal reaches the loop at once, even
//! when reading the terminal would block or spin.

use crate::app::AppEvent;
use ratatui::crossterm::event::{self, Event};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

/// What the event loop waits for.
#[derive(Debug)]
pub enum Input {
    Event(AppEvent),
    /// SIGTERM, SIGINT or SIGHUP arrived.
    Signal(i32),
    /// The terminal cannot be read any more (closed, gone).
    Gone,
}

fn to_app_event(ev: Event) -> Option<AppEvent> {
    match ev {
        Event::Key(k) => Some(AppEvent::Key(k)),
        Event::Paste(p) => Some(AppEvent::Paste(p)),
        Event::Mouse(m) => Some(AppEvent::Mouse(m)),
        Event::Resize(w, h) => Some(AppEvent::Resize(w, h)),
        Event::FocusGained | Event::FocusLost => None,
    }
}

/// Stops and starts the reading of the terminal, so another program (the user's
/// editor) can have its input.
#[derive(Clone, Default)]
pub struct Pause {
    wanted: Arc<AtomicBool>,
    /// The reader has seen `wanted` and reads nothing until it is cleared.
    held: Arc<AtomicBool>,
}

impl Pause {
    /// Stops the reading; returns once the reader no longer reads (or after a while,
    /// should it be stuck).
    pub fn hold(&self) {
        self.wanted.store(true, Ordering::SeqCst);
        self.wait_until_held(true);
    }

    /// Starts the reading again; returns once the reader has dropped what was typed
    /// before it (or after a while, should it be stuck), so that a key pressed once the
    /// TUI is back on the screen is read, not dropped with them.
    pub fn release(&self) {
        self.wanted.store(false, Ordering::SeqCst);
        self.wait_until_held(false);
    }

    fn wait_until_held(&self, held: bool) {
        let start = Instant::now();
        while self.held.load(Ordering::SeqCst) != held && start.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Set while the reading is held (the user's editor has the terminal).
    pub fn holding(&self) -> Arc<AtomicBool> {
        self.wanted.clone()
    }
}

/// How long a wait for input lasts before the reader looks whether it should pause.
const LOOK: Duration = Duration::from_millis(100);

/// Reads terminal events into `tx` until the terminal fails or the loop is gone,
/// except while `pause` holds it. The thread is not joined: it may be waiting for
/// input when the program ends.
pub fn spawn(tx: Sender<Input>, pause: Pause) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("cmo-promote-input".into())
        .spawn(move || {
            loop {
                if pause.wanted.load(Ordering::SeqCst) {
                    pause.held.store(true, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
                if pause.held.load(Ordering::SeqCst) {
                    // Back from a pause: what was read before it (keys typed as the
                    // editor was asked for) is dropped, not typed into the TUI. Only
                    // then is the pause over (`release` waits for it): keys typed later
                    // are the TUI's.
                    while event::poll(Duration::ZERO).unwrap_or(false) {
                        if event::read().is_err() {
                            break;
                        }
                    }
                    pause.held.store(false, Ordering::SeqCst);
                }
                match event::poll(LOOK) {
                    Ok(false) => continue,
                    // Input that came as the pause began is dropped when it ends.
                    Ok(true) if pause.wanted.load(Ordering::SeqCst) => continue,
                    Ok(true) => {}
                    Err(_) => {
                        let _ = tx.send(Input::Gone);
                        return;
                    }
                }
                match event::read() {
                    Ok(ev) => {
                        if let Some(ev) = to_app_event(ev)
                            && tx.send(Input::Event(ev)).is_err()
                        {
                            return;
                        }
                    }
                    Err(_) => {
                        let _ = tx.send(Input::Gone);
                        return;
                    }
                }
            }
        })?;
    Ok(())
}
