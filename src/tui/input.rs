//! Terminal input on a thread of its own, so the event loop waits on a channel and
//! never on the terminal: a closed terminal or a signal reaches the loop at once, even
//! when reading the terminal would block or spin.

use crate::app::AppEvent;
use ratatui::crossterm::event::{self, Event};
use std::sync::mpsc::Sender;

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

/// Reads terminal events into `tx` until the terminal fails or the loop is gone. The
/// thread is not joined: it may be blocked in a read when the program ends.
pub fn spawn(tx: Sender<Input>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("cmo-promote-input".into())
        .spawn(move || {
            loop {
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
