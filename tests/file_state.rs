//! An open app follows what happens to its session file: a file that becomes read-only
//! or fails `check` turns the app read-only with the reason (nothing more is taken, and
//! what is unsaved goes to a rescue file on quit), and the app is writable again once
//! the file is fine.

mod common;

use cmo_promote::app::Message;
use cmo_promote::model::StepStatus;
use cmo_promote::store::Loaded;
use common::app_fx::fx;
use std::fs;

#[cfg(unix)]
#[test]
fn a_file_made_read_only_while_open_stops_edits_and_keeps_them_for_a_rescue() {
    use std::os::unix::fs::PermissionsExt;
    let mut f = fx();
    let path = f.app.doc.path.clone();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&path).unwrap();

    f.ch(' ');
    f.wait_until("the refused save to make the app read-only", |app| {
        app.read_only.is_some()
    });
    let why = f.app.read_only.clone().unwrap();
    assert!(why.contains("read-only (mode 0444)"), "{why}");
    assert!(f.app.save.retry_at.is_none(), "no pointless retries");

    // The next edit is refused at once and changes nothing on screen.
    f.app.promotion.checklist.selected = 1;
    f.ch(' ');
    assert!(matches!(&f.app.message, Some(Message::Error(m)) if m.contains("read-only")));
    assert_eq!(f.s().steps()[1].status, StepStatus::Todo);

    // Quitting keeps the edit that was taken in a rescue file; the file is untouched.
    let quit = f.app.flush();
    assert!(
        quit.as_ref().is_err_and(|e| e.contains("unsaved-")),
        "{quit:?}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_folder_made_read_only_while_open_stops_edits_with_the_reason() {
    use std::os::unix::fs::PermissionsExt;
    let mut f = fx();
    let path = f.app.doc.path.clone();
    let dir = path.parent().unwrap().to_path_buf();
    let before = fs::read(&path).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();

    f.ch(' ');
    f.wait_until("the refused save to make the app read-only", |app| {
        app.read_only.is_some()
    });
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    let why = f.app.read_only.clone().unwrap();
    assert!(
        why.contains(&format!("its folder {} is read-only", dir.display())),
        "{why}"
    );
    assert!(f.app.save.retry_at.is_none(), "no pointless retries");
    assert_eq!(fs::read(&path).unwrap(), before, "nothing written");
}

#[test]
fn a_file_spoiled_outside_turns_the_app_read_only_until_it_is_mended() {
    let mut f = fx();
    let path = f.app.doc.path.clone();
    let good = fs::read_to_string(&path).unwrap();
    // Step 1 marked done by hand: its history says otherwise.
    let spoiled = good.replacen("status: Todo", "status: Done", 1);
    assert_ne!(spoiled, good);
    fs::write(&path, &spoiled).unwrap();
    f.wait_until("the spoiled file to make the app read-only", |app| {
        app.read_only.is_some()
    });
    assert!(
        f.app
            .read_only
            .as_ref()
            .unwrap()
            .contains("consistency check"),
        "{:?}",
        f.app.read_only
    );
    f.app.promotion.checklist.selected = 1;
    f.ch(' ');
    assert!(matches!(&f.app.message, Some(Message::Error(m)) if m.contains("read-only")));
    f.app.flush().unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        spoiled,
        "nothing written"
    );

    fs::write(&path, &good).unwrap();
    f.wait_until("the mended file to make the app writable", |app| {
        app.read_only.is_none()
    });
    f.app.promotion.checklist.selected = 0;
    f.ch(' ');
    f.app.flush().unwrap();
    assert_eq!(
        Loaded::load(&path).unwrap().session.steps()[0].status,
        StepStatus::InProgress
    );
}

#[cfg(unix)]
#[test]
fn a_change_of_permissions_alone_is_noticed_both_ways() {
    use std::os::unix::fs::PermissionsExt;
    let mut f = fx();
    let path = f.app.doc.path.clone();
    let mode = |m: u32| fs::set_permissions(&path, fs::Permissions::from_mode(m)).unwrap();
    mode(0o444);
    f.wait_until("chmod 444 to make the app read-only", |app| {
        app.read_only.is_some()
    });
    assert!(
        f.app.read_only.as_ref().unwrap().contains("mode 0444"),
        "{:?}",
        f.app.read_only
    );
    mode(0o644);
    f.wait_until("chmod 644 to make the app writable again", |app| {
        app.read_only.is_none()
    });
    f.ch(' ');
    f.app.flush().unwrap();
    assert_eq!(
        Loaded::load(&path).unwrap().session.steps()[0].status,
        StepStatus::InProgress
    );
}

/// Edits the session file by hand so its snapshot says step 1 is done, which its
/// history does not; returns the text written.
fn mark_step_1_done_by_hand(path: &std::path::Path) -> String {
    let spoiled = fs::read_to_string(path)
        .unwrap()
        .replacen("status: Todo", "status: Done", 1);
    fs::write(path, &spoiled).unwrap();
    spoiled
}

#[test]
fn a_session_that_fails_check_is_found_out_by_the_saver_and_never_written() {
    use cmo_promote::app::{App, AppEvent, Saver};
    let f = fx();
    let path = f.app.doc.path.clone();
    let spoiled = mark_step_1_done_by_hand(&path);
    // As the TUI opens it: loaded, shown at once, checked by the saver meanwhile.
    let loaded = Loaded::load(&path).unwrap();
    let saver = Saver::spawn(&loaded);
    let mut app = App::new(loaded, "ann", f.clock.clone(), Some(saver));
    app.promotion.checklist.selected = 1;
    app.handle(AppEvent::Key(
        ratatui::crossterm::event::KeyCode::Char(' ').into(),
    ));
    let start = std::time::Instant::now();
    while app.read_only.is_none() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "never read-only"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        app.handle(AppEvent::Tick);
    }
    assert!(
        app.read_only
            .as_ref()
            .unwrap()
            .contains("consistency check")
    );
    let _ = app.flush();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        spoiled,
        "nothing written"
    );
}

#[test]
fn a_session_its_history_does_not_rebuild_opens_as_stored_and_unchecked() {
    let f = fx();
    let path = f.app.doc.path.clone();
    mark_step_1_done_by_hand(&path);
    // Read whole (the cache no longer fits): checked against its history, which
    // rebuilds step 1 as to do; the session kept is the one the file holds.
    let loaded = Loaded::load(&path).unwrap();
    assert!(!loaded.checked);
    assert_eq!(
        loaded.session.steps()[0].status,
        cmo_promote::model::StepStatus::Done
    );
    assert!(!loaded.session.problems().is_empty());
    // So does the next open, through the cache that read wrote.
    let again = Loaded::load(&path).unwrap();
    assert!(!again.checked);
    assert_eq!(again.session, loaded.session);
}
