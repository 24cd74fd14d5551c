//! The terminal: raw mode, alternate screen, mouse and bracketed paste on the way in;
//! all of it undone on every way out (normal quit, error, panic, SIGTERM, SIGINT,
//! SIGHUP, a closed terminal). Runs the event loop that feeds the app and draws it;
//! input and signals arrive on a channel (`input`, `signals`). Hands the terminal to
//! the user's own editor and takes it back (`own_editor`).

mod input;
mod own_editor;
mod signals;

use crate::app::{App, AppEvent, STOP_SAVE_WAIT, Unsaved};
use crate::ui::{self, Theme};
use input::Input;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io::{self, Stdout, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the TUI runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub mouse: bool,
    pub theme: Theme,
}

/// Puts the terminal back as it was. Safe to call more than once and when the
/// terminal is gone.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = write_restore(&mut io::stdout());
}

pub(crate) fn write_restore(out: &mut impl io::Write) -> io::Result<()> {
    execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    )
}

fn enter(mouse: bool) -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    // A plain clear: ratatui's `Terminal::clear` asks the terminal where the cursor is,
    // and a terminal that never answers would stop the program from starting.
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All)
    )?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    let mut terminal = Terminal::new(CrosstermBackend::new(out))?;
    terminal.hide_cursor()?;
    Ok(terminal)
}

/// Restores the terminal before the default panic message is printed.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// How often the screen is redrawn (running timers tick) when nothing happens.
const TICK: Duration = Duration::from_millis(250);

/// Why the event loop ended.
enum Ended {
    /// The user quit.
    Quit,
    /// A signal asked the program to stop.
    Signal(i32),
    /// The terminal went away (or cannot be written to).
    TerminalGone,
}

/// Runs the app until the user quits, a signal asks it to stop or the terminal goes
/// away. On quit everything is saved (or kept in a rescue file) before it returns; on
/// a signal or a lost terminal it stops at once, keeping what is unsaved and what is
/// being typed in files. `Ok(Some(sig))` when a signal (SIGHUP for a lost terminal)
/// ended it.
pub fn run(mut app: App, opts: Options) -> anyhow::Result<Option<i32>> {
    install_panic_hook();
    let (tx, rx) = mpsc::channel();
    let unsaved = Arc::new(Mutex::new(app.unsaved()));
    let pause = input::Pause::default();
    signals::spawn(tx.clone(), unsaved.clone(), pause.holding())?;
    let mut terminal = match enter(opts.mouse) {
        Ok(t) => t,
        Err(e) => {
            restore_terminal();
            return Err(e.into());
        }
    };
    if let Err(e) = input::spawn(tx, pause.clone()) {
        restore_terminal();
        return Err(e.into());
    }
    let ended = event_loop(&mut terminal, &mut app, opts, &rx, &unsaved, &pause);
    // Dropping a ratatui terminal shows the cursor and, should that fail (the terminal
    // is gone), prints with `eprintln!`, which panics when standard error is gone too.
    // The cursor is shown by `restore_terminal` on every way out.
    std::mem::forget(terminal);
    match ended {
        Ended::Quit => {
            restore_terminal();
            // The last save may wait for another writer's lock: say so, and let a
            // signal cut the wait short (what is unsaved then goes to a rescue file).
            let started = std::time::Instant::now();
            let told = std::cell::Cell::new(false);
            let signal = std::cell::Cell::new(None);
            let saved = app.flush_while(|| {
                if let Ok(Input::Signal(sig)) = rx.try_recv() {
                    signal.set(Some(sig));
                    return false;
                }
                if !told.get() && started.elapsed() > Duration::from_millis(500) {
                    told.set(true);
                    let _ = writeln!(io::stderr(), "cmo-promote: saving the last edits…");
                }
                true
            });
            if let Some(sig) = signal.get() {
                // The saver had its chance while we waited.
                return Ok(Some(stop(&mut app, &unsaved, sig, Duration::ZERO)));
            }
            saved.map_err(|e| anyhow::anyhow!("the last edits could not be saved: {e}"))?;
            Ok(None)
        }
        Ended::Signal(sig) => Ok(Some(stop(&mut app, &unsaved, sig, STOP_SAVE_WAIT))),
        Ended::TerminalGone => Ok(Some(stop(&mut app, &unsaved, SIGHUP, STOP_SAVE_WAIT))),
    }
}

/// SIGHUP's number, the signal a closed terminal sends.
const SIGHUP: i32 = signal_hook::consts::SIGHUP;

/// Ends at once: what is unsaved and what is being typed go to files, the terminal is
/// restored, and the user is told where things went.
fn stop(app: &mut App, unsaved: &Mutex<Unsaved>, sig: i32, wait: Duration) -> i32 {
    let notes = app.stop_after(wait, unsaved);
    restore_terminal();
    let mut err = io::stderr();
    for note in notes {
        let _ = writeln!(err, "cmo-promote: {}", crate::safe_text::multi_line(&note));
    }
    sig
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    opts: Options,
    rx: &Receiver<Input>,
    unsaved: &Mutex<Unsaved>,
    pause: &input::Pause,
) -> Ended {
    let theme = opts.theme;
    let Ok(size) = terminal.size() else {
        return Ended::TerminalGone;
    };
    app.handle(AppEvent::Resize(size.width, size.height));
    loop {
        let mut hits = None;
        if terminal
            .draw(|f| hits = Some(ui::draw(f, app, theme)))
            .is_err()
        {
            return Ended::TerminalGone;
        }
        // A list that shows more or fewer rows than before may have scrolled: draw
        // again at once rather than show the old scroll for a tick.
        if hits.is_some_and(|h| app.set_hits(h)) {
            continue;
        }
        let first = match rx.recv_timeout(TICK) {
            Ok(input) => Some(input),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Ended::TerminalGone,
        };
        // Take everything already queued before drawing again (fast typing, pastes).
        for input in first.into_iter().chain(rx.try_iter()) {
            match input {
                Input::Event(ev) => app.handle(ev),
                Input::Signal(sig) => return Ended::Signal(sig),
                Input::Gone => return Ended::TerminalGone,
            }
            // Keys typed after the one that asked for the user's editor are not this
            // screen's: they are dropped once the editor is done.
            if app.quit || app.external_pending() {
                break;
            }
        }
        app.handle(AppEvent::Tick);
        app.publish_unsaved(unsaved);
        if let Some(text) = app.clipboard.take() {
            // OSC 52: the terminal puts it on the clipboard (also over SSH and in tmux).
            let copy = ratatui::crossterm::clipboard::CopyToClipboard::to_clipboard_from(text);
            if execute!(terminal.backend_mut(), copy).is_err() {
                return Ended::TerminalGone;
            }
        }
        if let Some(edit) = app.take_external() {
            let result = match own_editor::chosen(
                std::env::var("VISUAL").ok(),
                std::env::var("EDITOR").ok(),
            ) {
                None => Err("set $VISUAL or $EDITOR to the editor you use \
                     (e.g. export EDITOR=nano)"
                    .to_string()),
                Some(editor) => match hand_over(terminal, opts.mouse, pause, &editor, &edit.text) {
                    Ok(result) => result,
                    Err(_) => return Ended::TerminalGone,
                },
            };
            app.external_done(edit.target, result);
            // What was typed while the editor was being asked for goes; a signal or a
            // lost terminal is still heard.
            for input in rx.try_iter() {
                match input {
                    Input::Signal(sig) => return Ended::Signal(sig),
                    Input::Gone => return Ended::TerminalGone,
                    Input::Event(_) => {}
                }
            }
            match terminal.size() {
                Ok(size) => app.handle(AppEvent::Resize(size.width, size.height)),
                Err(_) => return Ended::TerminalGone,
            }
        }
        if app.quit {
            return Ended::Quit;
        }
    }
}

/// Gives the terminal to `editor` on `text` and takes it back: the input reader
/// pauses, the screen is restored as the shell had it, and after the editor exits the
/// TUI comes back on a new, fully redrawn screen. `Err` when the terminal cannot be
/// taken back.
fn hand_over(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    mouse: bool,
    pause: &input::Pause,
    editor: &str,
    text: &str,
) -> io::Result<Result<String, String>> {
    pause.hold();
    restore_terminal();
    let result = own_editor::edit(editor, text);
    let back = enter(mouse);
    pause.release();
    // The old terminal's buffers show a screen that is gone: a new one draws it all.
    // (Dropped, it would write to a terminal that may be gone; see `run`.)
    std::mem::forget(std::mem::replace(terminal, back?));
    Ok(result)
}
