//! Memory of a 10,000-change session (as `gen` makes it): the peak when it is opened
//! (read through its cache, as every open after the first is), and whether the resident
//! memory grows while an open session takes in other writers' ops (100 ops added at
//! the file's end) and reads the file whole (100 times, as after another writer's new
//! snapshot), with the allocator set up as the binary sets it. Linux only (it reads
//! /proc/self/status). Prints a table; run with
//! `cargo bench --bench memory`.

#[path = "common/proc_memory.rs"]
mod proc_memory;

use chrono::{TimeZone, Utc};
use cmo_promote::model::{Op, OpKind};
use cmo_promote::store::{Loaded, save_ops};
use proc_memory::{in_fresh_process, measured_here, mib, status_kib};

/// Set (to the session file) in the process that measures.
const FILE_ENV: &str = "CMO_PROMOTE_MEMORY_BENCH_FILE";

fn main() {
    if !measured_here(FILE_ENV, measure) {
        // Once to write the cache every later open reads, then to measure.
        in_fresh_process(FILE_ENV, 2, |_| {});
    }
}

/// Opens the session at `path` and takes in 100 ops another writer adds, then reads it
/// whole 100 times, printing the resident memory as it goes.
fn measure(path: &std::path::Path) {
    cmo_promote::heap::tune();
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
        writer = save_ops(&writer, None, &[op]).expect("saved").at;
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
