//! The terminal: raw mode, alternate screen, mouse and bracketed paste on the way in;
//! all of it undone on every way out (normal quit, error, panic, SIGTERM, SIGINT,
//! SIGHUP). Runs the event loop that feeds the app and draws it.

use crate::app::{App, AppEvent, FlushHandle};
use crate::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicI32, Ordering};
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

fn write_restore(out: &mut impl io::Write) -> io::Result<()> {
    execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    )
}

/// `restore_terminal` for the signal thread: writes straight to file descriptor 1
/// rather than through `io::stdout()`, whose lock the main thread may hold (in the
/// middle of a draw, or stuck once the terminal is gone).
fn restore_terminal_from_signal() {
    let _ = disable_raw_mode();
    #[cfg(unix)]
    {
        use std::os::fd::FromRawFd;
        // SAFETY: fd 1 stays open for the life of the process, and ManuallyDrop keeps
        // this File from closing it.
        let mut out = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) });
        let _ = write_restore(&mut *out);
    }
    #[cfg(not(unix))]
    restore_terminal();
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

/// The signal received, if any (0: none). The event loop checks it every turn.
static SIGNALLED: AtomicI32 = AtomicI32::new(0);

/// How long the signal thread lets the event loop wind down by itself before it saves,
/// restores and exits on its own (the loop may be stuck once the terminal is gone).
const SIGNAL_GRACE: Duration = Duration::from_secs(2);

/// On SIGTERM, SIGINT or SIGHUP the event loop is asked to finish (it saves and
/// restores the terminal as on quit). A thread of its own watches: if the loop has not
/// finished within the grace time — crossterm can spin forever in `poll` after a hang-up
/// — it writes what is pending, restores the terminal and exits itself.
fn spawn_signal_thread(flush: Option<FlushHandle>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    std::thread::Builder::new()
        .name("cmo-promote-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                SIGNALLED.store(sig, Ordering::SeqCst);
                std::thread::sleep(SIGNAL_GRACE);
                // Still here: the main thread did not get to exit.
                if let Some(f) = &flush {
                    f.flush(Duration::from_secs(10));
                }
                restore_terminal_from_signal();
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
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

/// Runs the app until the user quits or a signal asks it to stop; everything is saved
/// (or kept in a rescue file) before it returns. `Ok(Some(sig))` when a signal ended it.
pub fn run(mut app: App, opts: Options) -> anyhow::Result<Option<i32>> {
    install_panic_hook();
    spawn_signal_thread(app.flush_handle())?;
    let mut terminal = match enter(opts.mouse) {
        Ok(t) => t,
        Err(e) => {
            restore_terminal();
            return Err(e.into());
        }
    };
    let result = event_loop(&mut terminal, &mut app, opts.theme);
    restore_terminal();
    let saved = app.flush();
    result?;
    saved.map_err(|e| anyhow::anyhow!("the last edits could not be saved: {e}"))?;
    Ok(match SIGNALLED.load(Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    })
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    theme: Theme,
) -> io::Result<()> {
    let size = terminal.size()?;
    app.handle(AppEvent::Resize(size.width, size.height));
    loop {
        terminal.draw(|f| ui::draw(f, app, theme))?;
        if event::poll(Duration::from_millis(250))? {
            // Take everything already queued before drawing again (fast typing, pastes).
            loop {
                if let Some(ev) = to_app_event(event::read()?) {
                    app.handle(ev);
                }
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        app.handle(AppEvent::Tick);
        if app.quit || SIGNALLED.load(Ordering::SeqCst) != 0 {
            return Ok(());
        }
    }
}
