//! Memory of the app open on a 10,000-change session (as `gen` makes it), as
//! `cmo-promote open` opens it: the session read through its cache, then each screen
//! drawn at 200×50, in a fresh process. Prints the peak (`VmHWM`) and the heap
//! (`RssAnon`); the real binary adds its own code and libraries (about 8 MiB of
//! resident pages: `grep -E 'VmHWM|RssAnon|RssFile' /proc/PID/status` on an open TUI).
//! Linux only. Run with `cargo bench --bench memory_app`.

#[path = "common/proc_memory.rs"]
mod proc_memory;

use chrono::{TimeZone, Utc};
use cmo_promote::app::{App, AppEvent, ScreenId};
use cmo_promote::clock::FixedClock;
use cmo_promote::store::Loaded;
use cmo_promote::ui::{Theme, draw};
use proc_memory::{in_fresh_process, measured_here, mib, status_kib};
use ratatui::{Terminal, backend::TestBackend};

/// Set (to the session file) in the process that measures.
const FILE_ENV: &str = "CMO_PROMOTE_MEMORY_APP_BENCH_FILE";

fn main() {
    if !measured_here(FILE_ENV, measure) {
        in_fresh_process(FILE_ENV, 1);
    }
}

/// Opens the session at `path` in the app and draws each screen, printing the peak.
fn measure(path: &std::path::Path) {
    let clock = std::sync::Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
    ));
    let loaded = Loaded::load(path).expect("loads");
    let mut app = App::new(loaded, "ann", clock, None);
    app.handle(AppEvent::Resize(200, 50));
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("a terminal");
    for screen in [
        ScreenId::Promotion,
        ScreenId::Tests,
        ScreenId::Outage,
        ScreenId::History,
    ] {
        app.show_screen(screen);
        terminal
            .draw(|f| {
                draw(f, &app, Theme::COLOR);
            })
            .expect("draws");
        println!(
            "10,000 changes, the app on {screen:?}: peak {}, heap {}, code and files {}",
            mib(status_kib("VmHWM:")),
            mib(status_kib("RssAnon:")),
            mib(status_kib("RssFile:"))
        );
    }
}
