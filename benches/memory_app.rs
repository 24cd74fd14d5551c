//! Memory of the app open on a 10,000-change session (as `gen` makes it), as
//! `cmo-promote open` opens it: the session read through its cache, then each screen
//! drawn at 200×50, in a fresh process; then an edit whose save writes a new snapshot
//! (the file has enough ops after its own), then a timer started and undone (an undo of
//! two ops, tried on a copy of the session first), each saved by the saver's thread as
//! in the TUI; then an edit saved just after another writer (another process) wrote the
//! file anew and before the app took that in. With the allocator set up as the binary
//! sets it. Prints the peak (`VmHWM`) and the
//! heap (`RssAnon`) after each; the real binary adds its own code and libraries (about
//! 8 MiB of resident pages: `grep -E 'VmHWM|RssAnon|RssFile' /proc/PID/status` on an
//! open TUI). Linux only. Run with `cargo bench --bench memory_app`.

#[path = "common/proc_memory.rs"]
mod proc_memory;

use chrono::{TimeZone, Utc};
use cmo_promote::app::{App, AppEvent, Saver, ScreenId};
use cmo_promote::clock::FixedClock;
use cmo_promote::model::{Op, OpKind, TimerTarget};
use cmo_promote::store::{COMPACT_AFTER, Loaded};
use cmo_promote::ui::{Theme, draw};
use proc_memory::{in_fresh_process, measured_here, mib, status_kib};
use ratatui::crossterm::event::KeyCode;
use ratatui::{Terminal, backend::TestBackend};

/// Set (to the session file) in the process that measures.
const FILE_ENV: &str = "CMO_PROMOTE_MEMORY_APP_BENCH_FILE";
/// Set (to the session file) in the process that writes it as another writer.
const OTHER_ENV: &str = "CMO_PROMOTE_MEMORY_APP_BENCH_OTHER";

fn main() {
    if let Some(path) = std::env::var_os(OTHER_ENV) {
        another_writer_writes_anew(std::path::Path::new(&path));
    } else if !measured_here(FILE_ENV, measure) {
        in_fresh_process(FILE_ENV, 1, fill_the_log);
    }
}

/// Opens the session at `path` in the app and draws each screen, printing the peak.
fn measure(path: &std::path::Path) {
    cmo_promote::heap::tune();
    let clock = std::sync::Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
    ));
    let loaded = Loaded::load(path).expect("loads");
    let saver = Saver::spawn(&loaded);
    let mut app = App::new(loaded, "ann", clock, Some(saver));
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
        report(&format!("the app on {screen:?}"));
    }
    let due = app.doc.log.map(|log| log.after_snapshot);
    assert!(app.commit(OpKind::SetStepNotes {
        step: 9,
        notes: "a new snapshot follows".into(),
        was: None,
    }));
    app.flush_while(|| true).expect("saved");
    assert_eq!(
        app.doc.log.map(|log| log.after_snapshot),
        Some(0),
        "from {due:?}"
    );
    report("an edit whose save wrote a new snapshot");
    app.show_screen(ScreenId::Promotion);
    assert!(app.commit(OpKind::StartTimer {
        target: TimerTarget::Step { step: 12 },
    }));
    app.handle(AppEvent::Key(KeyCode::Char('u').into()));
    app.flush_while(|| true).expect("saved");
    assert!(
        app.doc.session.steps()[11]
            .timer
            .entries
            .iter()
            .all(|e| e.voided.is_some()),
        "the timer start was undone"
    );
    report("a timer started, then undone");
    // Another writer's new snapshot lands; the app's next edit is saved before the app
    // has taken it in, so the save finds the file written anew.
    let exe = std::env::current_exe().expect("this bench");
    let other = std::process::Command::new(exe)
        .env(OTHER_ENV, path)
        .status()
        .expect("runs");
    assert!(other.success());
    assert!(app.commit(OpKind::SetStepNotes {
        step: 9,
        notes: "saved on top of carl's".into(),
        was: None,
    }));
    app.flush_while(|| true).expect("saved");
    assert!(app.pending.is_empty() && app.conflicts.is_empty());
    assert!(
        app.doc
            .session
            .history()
            .iter()
            .any(|op| op.author == "carl"),
        "carl's op is in"
    );
    report("an edit saved just after another writer's new snapshot");
}

/// Another writer: an op of carl's, and the file written anew with a new snapshot.
fn another_writer_writes_anew(path: &std::path::Path) {
    let mut doc = Loaded::load(path).expect("loads");
    let at = Utc.with_ymd_and_hms(2026, 6, 1, 9, 30, 0).unwrap();
    let op = Op::fresh(
        "carl",
        at,
        OpKind::SetStepNotes {
            step: 11,
            notes: "carl's".into(),
            was: None,
        },
    );
    doc.apply_and_commit(op).expect("saved");
    doc.compact().expect("written anew");
}

fn report(what: &str) {
    println!(
        "10,000 changes, {what}: peak {}, heap {}, code and files {}",
        mib(status_kib("VmHWM:")),
        mib(status_kib("RssAnon:")),
        mib(status_kib("RssFile:"))
    );
}

/// Adds ops to the file until its next save writes a new snapshot (as another writer
/// would have).
fn fill_the_log(path: &std::path::Path) {
    let mut doc = Loaded::load(path).expect("loads");
    let at = Utc.with_ymd_and_hms(2026, 6, 1, 8, 0, 0).unwrap();
    let ops: Vec<Op> = (0..COMPACT_AFTER)
        .map(|n| {
            Op::fresh(
                "bob",
                at,
                OpKind::SetStepNotes {
                    step: 10,
                    notes: format!("note {n}"),
                    was: None,
                },
            )
        })
        .collect();
    for op in &ops {
        doc.session.apply(op.clone()).expect("applies");
    }
    doc.commit(&ops).expect("saved");
}
