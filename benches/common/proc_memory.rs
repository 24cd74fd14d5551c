//! What the memory benches share (included by path, not a bench of its own): reading
//! this process's memory from /proc (Linux only), and measuring a 10,000-change session
//! as `gen` makes it in a fresh process, so that memory freed after making it (not
//! always given back) does not count.

use chrono::{TimeZone, Utc};
use cmo_promote::model::SessionMeta;
use cmo_promote::sample::{Size, session};
use cmo_promote::store::{Store, builtin_template};
use std::path::Path;

/// A field of /proc/self/status, in KiB.
pub fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// In the process that measures (started by [`in_fresh_process`] with `env` set to
/// the session file), calls `measure` on it and returns true; else false.
pub fn measured_here(env: &str, measure: impl FnOnce(&Path)) -> bool {
    match std::env::var_os(env) {
        Some(path) => {
            measure(Path::new(&path));
            true
        }
        None => false,
    }
}

/// Makes a 10,000-change session, does `prepare` to its file (here, so that what that
/// takes does not count), and runs this bench `runs` times in a fresh process with
/// `env` set to the file.
pub fn in_fresh_process(env: &str, runs: usize, prepare: impl FnOnce(&Path)) {
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
    prepare(&path);
    let exe = std::env::current_exe().expect("this bench");
    for _ in 0..runs {
        let status = std::process::Command::new(&exe)
            .env(env, &path)
            .status()
            .expect("runs");
        assert!(status.success());
    }
}
