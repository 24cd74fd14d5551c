//! End-to-end: the program stopped from outside (SIGHUP, SIGTERM, a closed terminal)
//! in a real pseudo-terminal exits promptly, restores the terminal, and keeps every
//! edit and the text being typed.

mod common;

use common::tty::*;
use portable_pty::ExitStatus;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

/// Sends `signal` (e.g. "-TERM") to the program.
fn kill(tui: &Tui, signal: &str) {
    let pid = tui.pid();
    let status = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill {signal} {pid} failed");
}

/// The exit code the status stands for (a signal's 128 + n included).
fn code(status: &ExitStatus) -> u32 {
    status.exit_code()
}

/// Files beside the session in `data` whose names contain `part`.
fn session_files_with(data: &Path, part: &str) -> Vec<PathBuf> {
    common::files_beside(&session_file(data), part)
}

/// Opens the change editor and types an area and an item without saving.
fn type_unsaved_change(tui: &mut Tui, item: &str) {
    tui.key(TAB);
    tui.key("a");
    tui.wait_for("new change");
    tui.type_text("Forms");
    tui.key(TAB);
    tui.type_text(item);
    tui.wait_for(item);
}

fn assert_restored(tui: &Tui) {
    let parser = tui.parser.lock().unwrap();
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "back on the main screen");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture is off"
    );
    drop(parser);
    assert!(tui.canonical_mode(), "raw mode is off again");
}

#[test]
fn sighup_saves_and_restores() {
    let data = data_with_session();
    let mut tui = open_tui(data.path());
    add_change(&mut tui);

    let pid = tui.pid();
    let kill = Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(kill.success(), "kill -HUP {pid} failed");
    let status = tui.wait_exit(Duration::from_secs(5));
    assert_eq!(
        (status.exit_code(), status.signal()),
        (128 + 1, None),
        "exits by itself with 128 + SIGHUP: {status:?}"
    );
    assert_restored(&tui);

    let text = session_text(data.path());
    assert!(
        text.contains("Incident report") && text.contains("Admin > Forms"),
        "the session file holds the change:\n{text}"
    );
}

#[test]
fn sigterm_with_the_editor_open_keeps_the_text_and_offers_it_back() {
    let data = data_with_session();
    let mut tui = open_tui(data.path());
    type_unsaved_change(&mut tui, "Typed not saved");
    kill(&tui, "-TERM");
    let status = tui.wait_exit(TIMEOUT);
    assert_eq!(code(&status), 128 + 15, "exits with 128 + SIGTERM");
    assert_restored(&tui);
    let drafts = session_files_with(data.path(), ".draft-");
    assert_eq!(drafts.len(), 1, "the typed text is kept in a draft file");
    drop(tui);

    let mut tui = open_tui(data.path());
    tui.wait_for("Restore a draft?");
    tui.key("y");
    let screen = tui.wait_for("new change");
    assert!(
        screen.contains("Typed not saved"),
        "the editor holds the typed text again:\n{screen}"
    );
    tui.key(CTRL_S);
    tui.wait_for("WP-001");
    tui.quit();
    assert!(session_text(data.path()).contains("Typed not saved"));
    assert!(session_files_with(data.path(), ".draft-").is_empty());
}

#[test]
fn kill_9_while_typing_loses_at_most_the_last_seconds_of_text() {
    let data = data_with_session();
    let mut tui = open_tui(data.path());
    type_unsaved_change(&mut tui, "Typed then killed");
    // The text goes to its draft file while it is typed, with no signal to catch.
    let deadline = Instant::now() + TIMEOUT;
    while !session_files_with(data.path(), ".draft-")
        .iter()
        .any(|p| fs::read_to_string(p).is_ok_and(|t| t.contains("Typed then killed")))
    {
        assert!(Instant::now() < deadline, "no draft file while typing");
        thread::sleep(Duration::from_millis(50));
    }
    // Another open while the author is still typing does not offer it.
    let mut other = open_tui(data.path());
    other.wait_for("Checklist");
    assert!(!other.screen().contains("Restore a draft?"));
    other.quit();
    drop(other);

    kill(&tui, "-KILL");
    tui.wait_exit(TIMEOUT);
    drop(tui);
    let mut tui = open_tui(data.path());
    tui.wait_for("Restore a draft?");
    tui.key("y");
    let screen = tui.wait_for("new change");
    assert!(screen.contains("Typed then killed"), "{screen}");
    tui.key(CTRL_S);
    tui.wait_for("WP-001");
    tui.quit();
    assert!(session_text(data.path()).contains("Typed then killed"));
    assert!(
        session_files_with(data.path(), ".draft-").is_empty(),
        "saved, the draft goes"
    );
    assert!(
        session_files_with(data.path(), ".typing-").is_empty(),
        "no lock file is left behind"
    );
}

#[test]
fn sigterm_while_another_writer_holds_the_lock_keeps_the_edits_in_a_rescue_file() {
    let data = data_with_session();
    let session = session_file(data.path());

    let mut tui = open_tui(data.path());
    let lock = common::hold_lock(&session);
    add_change(&mut tui);
    tui.wait_for("saving…");
    kill(&tui, "-TERM");
    // The lock is held throughout: the program must not wait for it (a save waits up
    // to 10 s for the lock) and must not leave without the edit.
    let status = tui.wait_exit(Duration::from_secs(8));
    assert_eq!(code(&status), 128 + 15);
    assert_restored(&tui);
    let rescues = session_files_with(data.path(), ".unsaved-");
    assert_eq!(rescues.len(), 1, "the unsaved edit is in a rescue file");
    assert!(!session_text(data.path()).contains("Incident report"));
    lock.unlock().unwrap();

    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data.path())
        .arg("recover")
        .arg(&rescues[0])
        .env_remove("CMO_PROMOTE_DATA_DIR")
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", out);
    assert!(session_text(data.path()).contains("Incident report"));
}

#[test]
fn closing_the_terminal_keeps_saved_changes_and_the_text_being_typed() {
    let data = data_with_session();
    let mut tui = open_tui(data.path());
    add_change(&mut tui);
    tui.wait_for("· saved ");
    tui.key("a");
    tui.wait_for("new change");
    tui.type_text("Roles");
    tui.key(TAB);
    tui.type_text("Auditor");
    tui.wait_for("Auditor");
    tui.close_terminal();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = tui.exited() {
            break status;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "the program is still running {TIMEOUT:?} after its terminal was closed"
        );
        thread::sleep(POLL);
    };
    assert_eq!(code(&status), 128 + 1, "exits as on SIGHUP");
    assert!(session_text(data.path()).contains("Incident report"));
    let drafts = session_files_with(data.path(), ".draft-");
    assert_eq!(drafts.len(), 1, "the typed text is kept in a draft file");
    let draft = fs::read_to_string(&drafts[0]).unwrap();
    assert!(
        draft.contains("Auditor") && draft.contains("Roles"),
        "{draft}"
    );
}

#[test]
fn a_signal_while_quitting_waits_for_no_lock_and_keeps_the_edit() {
    let data = data_with_session();
    let session = session_file(data.path());

    let mut tui = open_tui(data.path());
    let lock = common::hold_lock(&session);
    tui.key(" "); // step 1 starts; its save waits for the lock
    tui.wait_for("saving…");
    tui.key("q"); // quitting waits for the save, and says so…
    tui.wait_for("saving the last edits");
    kill(&tui, "-HUP"); // …until the terminal goes away
    let status = tui.wait_exit(Duration::from_secs(8));
    assert_eq!(code(&status), 128 + 1);
    let rescues = session_files_with(data.path(), ".unsaved-");
    assert_eq!(rescues.len(), 1, "the unsaved edit is in a rescue file");
    lock.unlock().unwrap();
}
