//! SIGTERM, SIGINT, SIGHUP and SIGQUIT: passed to the event loop as input, so it stops at once
//! and keeps what is unsaved (see `app::keep`). Should the main thread be stuck and
//! not finish within a grace time, this thread keeps the unsaved record itself,
//! restores the terminal and exits.

use super::input::Input;
use crate::app::Unsaved;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the event loop has to finish by itself after a signal; it needs well under
/// a second (its saver gets `app::STOP_SAVE_WAIT`).
const GRACE: Duration = Duration::from_millis(1500);

/// Starts the thread that waits for signals. While `editing` (the user's editor has
/// the terminal, in cooked mode), Ctrl-C and Ctrl-\ are the editor's: their SIGINT and
/// SIGQUIT reach this program too, and are let go.
pub fn spawn(
    tx: Sender<Input>,
    unsaved: Arc<Mutex<Unsaved>>,
    editing: Arc<AtomicBool>,
) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP, SIGQUIT])?;
    std::thread::Builder::new()
        .name("cmo-promote-signals".into())
        .spawn(move || {
            let keyboard = |sig: i32| sig == SIGINT || sig == SIGQUIT;
            let first = signals
                .forever()
                .find(|sig| !(keyboard(*sig) && editing.load(Ordering::SeqCst)));
            if let Some(sig) = first {
                let _ = tx.send(Input::Signal(sig));
                std::thread::sleep(GRACE);
                // Still here: the main thread did not get to exit.
                let notes = keep_when_free(&unsaved);
                restore_terminal_within(Duration::from_millis(300));
                for note in notes {
                    let note = crate::safe_text::multi_line(&note);
                    write_stderr_direct(&format!("cmo-promote: {note}\n"));
                }
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}

/// Keeps the unsaved record, waiting a little if the main thread is writing it.
fn keep_when_free(unsaved: &Mutex<Unsaved>) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        match unsaved.try_lock() {
            Ok(mut u) => return u.keep(),
            Err(std::sync::TryLockError::Poisoned(p)) => return p.into_inner().keep(),
            Err(std::sync::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(std::sync::TryLockError::WouldBlock) => return Vec::new(),
        }
    }
}

/// Restores the terminal from a helper thread, giving up after `limit` (writing to a
/// terminal that stopped reading can block for ever).
fn restore_terminal_within(limit: Duration) {
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new().spawn(move || {
        restore_terminal_direct();
        let _ = done_tx.send(());
    });
    if spawned.is_ok() {
        let _ = done_rx.recv_timeout(limit);
    }
}

/// `restore_terminal` for this thread: writes straight to file descriptor 1 rather than
/// through `io::stdout()`, whose lock the main thread may hold (in the middle of a
/// draw, or stuck once the terminal is gone).
fn restore_terminal_direct() {
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
    #[cfg(unix)]
    {
        use std::os::fd::FromRawFd;
        // SAFETY: fd 1 stays open for the life of the process, and ManuallyDrop keeps
        // this File from closing it.
        let mut out = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) });
        let _ = super::write_restore(&mut *out);
    }
    #[cfg(not(unix))]
    super::restore_terminal();
}

/// Writes to standard error without `io::stderr()`'s lock.
fn write_stderr_direct(text: &str) {
    #[cfg(unix)]
    {
        use std::os::fd::FromRawFd;
        // SAFETY: as above, for fd 2.
        let mut err = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(2) });
        let _ = err.write_all(text.as_bytes());
    }
    #[cfg(not(unix))]
    let _ = std::io::stderr().write_all(text.as_bytes());
}
