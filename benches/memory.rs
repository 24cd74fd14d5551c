//! Memory of a 10,000-change session (as `gen` makes it): the peak when it is opened
//! (read through its cache, as every open after the first is), and whether the resident
//! memory grows while an open session takes in other writers' ops (100 ops added at
//! the file's end) and reads the file whole (100 times, as after another writer's new
//! snapshot). Linux only (it reads /proc/self/status). Prints a table; run with
//! `cargo bench --bench memory`.

use chrono::{TimeZone, Utc};
use cmo_promote::model::{Op, OpKind, SessionMeta};
use cmo_promote::sample::{Size, session};
use cmo_promote::store::{Loaded, Store, builtin_template, save_ops};

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
const FILE_ENV: &str = "CMO_PROMOTE_MEMORY_BENCH_FILE";

fn main() {
    if let Some(path) = std::env::var_os(FILE_ENV) {
        measure(std::path::Path::new(&path));
        return;
    }
    // The session is made here, and measured in a fresh process: memory freed after
    // making it is not always given back, and would count.
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
    // Once to write the cache every later open reads, then to measure.
    for _ in 0..2 {
        let status = std::process::Command::new(&exe)
            .env(FILE_ENV, &path)
            .status()
            .expect("runs");
        assert!(status.success());
    }
}

/// Opens the session at `path` and takes in 100 ops another writer adds, then reads it
/// whole 100 times, printing the resident memory as it goes.
fn measure(path: &std::path::Path) {
    let before = status_kib("VmRSS:");
    let mut reader = Loaded::load(path).expect("loads");
    let opened_peak = status_kib("VmHWM:");
    println!(
        "10,000 changes, {} ops: resident before opening {}; peak while opening {}; once open {}",
        reader.session.history().len(),
        mib(before),
        mib(opened_peak),
        mib(status_kib("VmRSS:"))
    );
    // Another writer, adding ops at the file's end without a session of its own.
    let mut writer = reader.at();
    let at = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let row = |what: &str, round: usize| {
        if round.is_multiple_of(25) {
            println!("{what} {round:>3}: resident {}", mib(status_kib("VmRSS:")));
        }
    };
    for n in 1..=100 {
        let op = Op::fresh(
            "bob",
            at,
            OpKind::SetStepNotes {
                step: 9,
                notes: format!("note {n}"),
                was: None,
            },
        );
        writer = save_ops(&writer, &[op]).expect("saved").at;
        let appended = reader.read_appended().expect("reads").expect("added to");
        reader.take_appended(appended).expect("applies");
        row("ops taken in ", n);
    }
    for n in 1..=100 {
        // As an open app does: the file is read while the session is held, then the
        // session read replaces it.
        let fresh = Loaded::load(path).expect("loads");
        assert_eq!(
            fresh.session.history().len(),
            reader.session.history().len()
        );
        reader = fresh;
        row("whole reloads", n);
    }
    println!("peak overall: {}", mib(status_kib("VmHWM:")));
}
