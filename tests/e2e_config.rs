//! The real TUI in a pseudo-terminal with a user's settings: a config that moves a key,
//! a bad config (the program starts on the defaults and says so), and a field edited
//! in the user's own editor (a script stands in for it).

mod common;

use common::tty::{CTRL_S, TAB, Tui, data_with_session, open_tui, session_text};
use std::fs;
use std::path::Path;

const CTRL_O: &str = "\x0f";

/// Writes the "editor" the TUI runs: a shell script with `body`, made executable.
fn editor(data: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = data.join("editor.sh");
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
}

/// Opens the change editor on a new change and moves to its Replication field.
fn new_change_at_replication(tui: &mut Tui) {
    tui.key(TAB);
    tui.key("a");
    tui.wait_for("new change");
    tui.type_text("Forms");
    tui.key(TAB);
    tui.type_text("Intake");
    // Action, Navigation, Before, After, Depends on, Description, Replication.
    for _ in 0..7 {
        tui.key(TAB);
    }
    tui.wait_for("▸Replication");
}

#[test]
fn a_field_edited_in_the_users_editor_comes_back_and_is_saved() {
    let data = data_with_session();
    editor(data.path(), r#"printf 'Typed in the editor\n' >> "$1""#);
    let mut tui = open_tui(data.path());
    new_change_at_replication(&mut tui);
    tui.type_text("Typed here first");
    tui.key(CTRL_O);
    tui.wait_for("Edited in your editor; Ctrl-S saves");
    let screen = tui.wait_for("Typed in the editor");
    assert!(screen.contains("Typed here first"), "{screen}");
    tui.key(CTRL_S);
    tui.wait_for("WP-001");
    tui.quit();
    let text = session_text(data.path());
    assert!(
        text.contains("Typed here first\\nTyped in the editor"),
        "the change keeps both lines:\n{text}"
    );
}

#[test]
fn an_editor_that_fails_leaves_the_field_as_it_was_and_says_why() {
    let data = data_with_session();
    editor(data.path(), "echo oops > \"$1\"; exit 3");
    let mut tui = open_tui(data.path());
    new_change_at_replication(&mut tui);
    tui.type_text("Kept as typed");
    tui.key(CTRL_O);
    let screen = tui.wait_for("The field is unchanged: your editor exited with status 3");
    assert!(screen.contains("Kept as typed"), "{screen}");
    assert!(!screen.contains("oops"), "{screen}");
    // The TUI still takes keys: the change saves as typed.
    tui.key(CTRL_S);
    tui.wait_for("WP-001");
    tui.quit();
}

#[test]
fn a_bad_config_starts_on_the_defaults_and_says_so() {
    let data = data_with_session();
    fs::write(data.path().join("config.ron"), "(\n  theme: Purple,\n)\n").unwrap();
    let mut tui = open_tui(data.path());
    let screen = tui.wait_for("config not used, defaults in effect: ");
    assert!(screen.contains("config.ron:2:"), "{screen}");
    // The default keys work.
    tui.quit();
}

#[test]
fn a_key_moved_in_the_config_works_in_the_real_terminal() {
    let data = data_with_session();
    fs::write(
        data.path().join("config.ron"),
        r#"(keys: { Global: { Quit: ["Z"] }, Checklist: { AdvanceStatus: ["A"] } })"#,
    )
    .unwrap();
    let mut tui = open_tui(data.path());
    let screen = tui.wait_for("Z quit");
    assert!(screen.contains("A advance"), "{screen}");
    tui.key(" ");
    tui.key("q");
    tui.key("A");
    tui.wait_for("in progress");
    tui.key("Z");
    let status = tui.wait_exit(common::tty::TIMEOUT);
    assert!(status.success());
}

#[test]
fn keys_typed_as_the_editor_starts_are_not_typed_into_the_tui_and_ctrl_c_is_the_editor_s() {
    let data = data_with_session();
    // An editor in the terminal's cooked mode: it reads one line from the terminal
    // and ignores Ctrl-C, as an editor does.
    editor(
        data.path(),
        r#"trap '' INT QUIT; read line < /dev/tty; printf '%s\n' "$line" >> "$1""#,
    );
    let mut tui = open_tui(data.path());
    new_change_at_replication(&mut tui);
    tui.key(CTRL_O);
    tui.key("x");
    // The editor has the terminal: the TUI's screen is gone.
    tui.wait_until("the editor to have the terminal", |s| {
        !s.contains("Replication")
    });
    tui.key("\x03"); // Ctrl-C: SIGINT to the editor and to cmo-promote
    tui.key("\x1c"); // Ctrl-\: SIGQUIT likewise
    tui.type_text("yz\n");
    tui.wait_for("Edited in your editor");
    tui.key(CTRL_S);
    tui.wait_for("WP-001");
    tui.quit();
    let text = session_text(data.path());
    let replication = text
        .split("replication_notes:\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no replication notes in:\n{text}"));
    // x went to the editor or nowhere; never into the field after the editor's text.
    assert!(
        replication == "yz" || replication == "xyz",
        "replication notes {replication:?}"
    );
}

#[test]
fn a_config_can_leave_the_mouse_to_the_terminal() {
    const MOUSE_ON: &[u8] = b"\x1b[?1000h";
    let takes_mouse = |config: Option<&str>| {
        let data = data_with_session();
        if let Some(text) = config {
            fs::write(data.path().join("config.ron"), text).unwrap();
        }
        let mut tui = open_tui(data.path());
        let out = tui.raw_since(0);
        tui.quit();
        out.windows(MOUSE_ON.len()).any(|w| w == MOUSE_ON)
    };
    assert!(takes_mouse(None), "by default the TUI takes the mouse");
    assert!(!takes_mouse(Some("(mouse: false)")));
}
