//! End-to-end: `watch` in a real pseudo-terminal follows a Production implementation
//! that another process records with `apply`, survives the file being replaced, ignores
//! editing keys, and leaves the session file byte for byte as the writers left it.

mod common;

use common::tty::*;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Runs `cmo-promote --data-dir DATA --user rita ARGS…` and checks it succeeds.
fn run(data: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_cmo-promote"))
        .arg("--data-dir")
        .arg(data)
        .args(["--user", "rita"])
        .args(args)
        .env_remove("CMO_PROMOTE_DATA_DIR")
        .output()
        .expect("run cmo-promote");
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A session with two changes, steps 1 to 10 skipped and step 11 under way.
fn outage_session(data: &Path) {
    create_session(data, "Night");
    for item in ["Incident form", "Severity field"] {
        run(
            data,
            &[
                "log",
                "night",
                "--area",
                "Forms",
                "--item",
                item,
                "--description",
                "set up",
            ],
        );
    }
    let path = session_file(data);
    let mut doc = cmo_promote::store::Loaded::load_for_writing(&path).unwrap();
    let mut kinds: Vec<cmo_promote::model::OpKind> = (1..=10)
        .map(|step| cmo_promote::model::OpKind::SkipStep {
            step,
            reason: "for the test".into(),
        })
        .collect();
    kinds.push(cmo_promote::model::OpKind::StartStep {
        step: 11,
        override_reason: None,
        ahead_of: Vec::new(),
    });
    for kind in kinds {
        let op = cmo_promote::model::Op::new(
            cmo_promote::model::OpId::new_random(),
            "lead",
            chrono::Utc::now(),
            kind,
        );
        doc.apply_and_commit(op).unwrap();
    }
}

#[test]
fn watch_follows_the_outage_and_never_writes() {
    let data = tempfile::TempDir::new().unwrap();
    let d = data.path();
    outage_session(d);
    let path = session_file(d);
    let lock = {
        let mut name = path.as_os_str().to_owned();
        name.push(".lock");
        std::path::PathBuf::from(name)
    };
    let mut tui = Tui::open_with(d, &["watch", "night"], 100, 30);
    let screen = tui.wait_for("0/2 applied");
    assert!(
        screen.contains("Outage"),
        "the board is up during step 11:\n{screen}"
    );

    // Another process applies WP-001: the board follows.
    run(d, &["apply", "night", "WP-1", "start", "--env", "prod"]);
    tui.wait_for("Under way: WP-001");
    run(d, &["apply", "night", "WP-1", "done", "--env", "prod"]);
    tui.wait_for("1/2 applied");
    let written = fs::read(&path).unwrap();

    // Editing keys do nothing to the file: start, done, fail, a step advanced.
    for key in ["s", "d", "f", "\t", "s", "1", "a", "e", " "] {
        tui.key(key);
    }
    tui.wait_for("Watching, read-only");
    assert!(!tui.screen().contains("new change"), "no editor opens");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        fs::read(&path).unwrap(),
        written,
        "the watcher wrote nothing"
    );

    // The file replaced from outside (an older copy put back): the screen follows.
    tui.key("3");
    let older = written.clone();
    run(d, &["apply", "night", "WP-2", "start", "--env", "prod"]);
    tui.wait_for("Under way: WP-002");
    let aside = d.join("put-back.ron");
    fs::write(&aside, &older).unwrap();
    fs::rename(&aside, &path).unwrap();
    tui.wait_for("Nothing under way");

    // It holds no handle on the lock file (a writer keeps one while it runs).
    let fds = fs::read_dir(format!("/proc/{}/fd", tui.pid())).unwrap();
    let open: Vec<_> = fds
        .filter_map(|e| fs::read_link(e.ok()?.path()).ok())
        .collect();
    assert!(
        !open.contains(&lock),
        "the watcher has the lock open: {open:?}"
    );
    tui.quit();
    assert_eq!(fs::read(&path).unwrap(), older, "still as it was put back");
}
