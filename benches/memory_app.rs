//! Memory of the app open on a 10,000-change session (as `gen` makes it), as
//! `cmo-promote open` opens it: the session read through its cache, then each screen
//! drawn at 200×50, in a fresh process. Prints the peak (`VmHWM`) and the heap
//! (`RssAnon`); the real binary adds its own code and libraries (about 8 MiB of
//! resident pages: `grep -E 'VmHWM|RssAnon|RssFile' /proc/PID/status` on an open TUI).
//! Linux only. Run with `cargo bench --bench memory_app`.

use chrono::{TimeZone, Utc};
use cmo_promote::app::{App, AppEvent, ScreenId};
use cmo_promote::clock::FixedClock;
use cmo_promote::model::SessionMeta;
use cmo_promote::sample::{Size, session};
use cmo_promote::store::{Loaded, Store, builtin_template};
use cmo_promote::ui::{Theme, draw};
use ratatui::{Terminal, backend::TestBackend};

/// A field of /proc/self/status, in KiB.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// Set (to the session file) in the process that measures.
const FILE_ENV: &str = "CMO_PROMOTE_MEMORY_APP_BENCH_FILE";

fn main() {
    if let Some(path) = std::env::var_os(FILE_ENV) {
        measure(std::path::Path::new(&path));
        return;
    }
    // Made here, measured in a fresh process (memory freed after making it would
    // count otherwise).
    let dir = tempfile::tempdir().expect("a temp folder");
    let meta = SessionMeta {
        id: uuid::Uuid::from_u128(10_000),
        title: "Memory".into(),
        created_at: Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap(),
        created_by: "lead".into(),
    };
    let size = Size::realistic(10_000, 1);
    let s = session(&builtin_template().expect("template"), meta, size).expect("replays");
    let path = Store::open(dir.path().to_path_buf())
        .create(&s)
        .expect("written");
    drop(s);
    let exe = std::env::current_exe().expect("this bench");
    let status = std::process::Command::new(&exe)
        .env(FILE_ENV, &path)
        .status()
        .expect("runs");
    assert!(status.success());
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
