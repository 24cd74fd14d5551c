//! End-to-end tests of the TUI: the real `cmo-promote` binary runs in a pseudo-terminal
//! (portable-pty), its output is parsed by a terminal emulator (vt100) and it is driven
//! with keystrokes, as a person at a terminal would (the harness is `common::tty`).

mod common;

use common::tty::*;
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

/// The first `h:mm:ss` in `text`, in seconds.
fn first_duration(text: &str) -> Option<u64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == ':'))
        .find_map(|token| {
            let parts: Vec<&str> = token.split(':').collect();
            if parts.len() != 3 || parts[1].len() != 2 || parts[2].len() != 2 {
                return None;
            }
            let n: Vec<u64> = parts
                .iter()
                .map(|p| p.parse().ok())
                .collect::<Option<_>>()?;
            Some(n[0] * 3600 + n[1] * 60 + n[2])
        })
}

/// The elapsed time of step 1's running timer as the Timer pane shows it
/// (`▶ Step 1 <title> … h:mm:ss`).
fn running_step_1(screen: &str) -> Option<u64> {
    screen
        .lines()
        .find_map(|line| line.split_once("▶ Step 1 ").map(|(_, rest)| rest))
        .and_then(first_duration)
}

#[test]
fn adding_a_change_survives_quit_and_reopen() {
    let data = data_with_session();
    let mut tui = open_tui(data.path());
    add_change(&mut tui);
    tui.quit();
    drop(tui);

    let text = session_text(data.path());
    assert!(
        text.contains("Incident report"),
        "the session file holds the change:\n{text}"
    );

    let mut tui = open_tui(data.path());
    tui.wait_for("WP-001");
    tui.wait_for("Forms / Incident report");
    // The program must not depend on the terminal answering a cursor-position query
    // (some never do); the harness would answer, so check it was never asked.
    let out = tui.raw_since(0);
    assert!(
        !out.windows(CURSOR_QUERY.len()).any(|w| w == CURSOR_QUERY),
        "the program asked the terminal for the cursor position"
    );
    tui.quit();
}

#[test]
fn a_running_timer_keeps_running_after_reopen() {
    let data = data_with_session();
    let mut tui = open_tui(data.path());
    let started = Instant::now();
    tui.key(" "); // step 1: todo → in progress, which starts its timer
    tui.wait_for("in progress");
    tui.wait_until("step 1's timer running", |s| running_step_1(s).is_some());
    tui.quit();
    drop(tui);

    thread::sleep(Duration::from_secs(2));

    let mut tui = open_tui(data.path());
    let screen = tui.wait_until("step 1's timer running", |s| running_step_1(s).is_some());
    let upper = started.elapsed().as_secs() + 1;
    let first = running_step_1(&screen).unwrap();
    assert!(
        (2..=upper).contains(&first),
        "step 1's timer shows {first} s after reopening, expected 2..={upper} s:\n{screen}"
    );
    // And it is still ticking.
    let screen = tui.wait_until("step 1's timer to tick on", |s| {
        running_step_1(s).is_some_and(|t| t > first)
    });
    assert!(
        screen.contains("in progress"),
        "step 1 is still in progress:\n{screen}"
    );
    tui.quit();
}

#[test]
fn the_terminal_is_restored_when_the_app_quits() {
    let data = data_with_session();
    let mut tui = open_tui(data.path());
    {
        let parser = tui.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(
            screen.alternate_screen(),
            "the TUI uses the alternate screen"
        );
        assert!(screen.bracketed_paste(), "the TUI enables bracketed paste");
        assert_ne!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "the TUI captures the mouse"
        );
        assert!(screen.hide_cursor(), "the TUI hides the cursor");
    }
    assert!(
        !tui.canonical_mode(),
        "the TUI puts the terminal in raw mode"
    );

    let before_quit = tui.raw_len();
    tui.quit();
    let out = tui.raw_since(before_quit);
    let shown = String::from_utf8_lossy(&out).escape_debug().to_string();
    // crossterm 0.29's DisableMouseCapture writes ?1006l ?1015l ?1003l ?1002l ?1000l.
    for (seq, what) in [
        ("\x1b[?1049l", "leave the alternate screen"),
        ("\x1b[?1000l", "disable mouse capture"),
        ("\x1b[?1002l", "disable mouse drag reports"),
        ("\x1b[?1003l", "disable mouse motion reports"),
        ("\x1b[?1006l", "disable SGR mouse reports"),
        ("\x1b[?2004l", "disable bracketed paste"),
        ("\x1b[?25h", "show the cursor"),
    ] {
        assert!(
            out.windows(seq.len()).any(|w| w == seq.as_bytes()),
            "after q the output should {what} ({}); it was: {shown}",
            seq.escape_debug()
        );
    }
    let parser = tui.parser.lock().unwrap();
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "back on the main screen");
    assert!(!screen.bracketed_paste(), "bracketed paste is off");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture is off"
    );
    assert!(!screen.hide_cursor(), "the cursor is visible");
    drop(parser);
    assert!(tui.canonical_mode(), "raw mode is off again");
}

#[test]
fn too_small_terminal_says_so() {
    let data = data_with_session();
    let mut tui = Tui::open(data.path(), 60, 20);
    tui.wait_for("too small");
    tui.resize(100, 30);
    let screen = tui.wait_for("Checklist");
    assert!(
        !screen.contains("too small"),
        "the message is gone once the terminal is big enough:\n{screen}"
    );
    tui.resize(79, 30);
    tui.wait_for("too small");
    tui.resize(80, 24);
    tui.wait_for("Checklist");
    tui.quit();
}

/// Runs a headless `cmo-promote --data-dir DATA --user other ARGS…`, expects success and
/// returns its standard output and the moment it finished.
fn run_outside(data: &Path, args: &[&str]) -> (String, Instant) {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(["--user", "other"])
        .args(args)
        .env_remove("CMO_PROMOTE_DATA_DIR")
        .output()
        .expect("run cmo-promote");
    let finished = Instant::now();
    assert!(
        out.status.success(),
        "cmo-promote {args:?} failed ({:?}): {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (String::from_utf8_lossy(&out.stdout).into_owned(), finished)
}

/// Logs a change to session "E2E" from another process, as another user; expects
/// `label` (WP-00n) printed.
fn log_outside(data: &Path, area: &str, item: &str, label: &str) -> Instant {
    let (stdout, finished) = run_outside(
        data,
        &[
            "log",
            "E2E",
            "--area",
            area,
            "--item",
            item,
            "--description",
            "from outside",
        ],
    );
    assert!(
        stdout.contains(label),
        "`log` printed {label}; it printed: {stdout:?}"
    );
    finished
}

/// Whether the Work plan has the focus, as the status bar's key hints tell (only the
/// Work plan offers `a add`).
fn work_plan_focused(screen: &str) -> bool {
    screen
        .lines()
        .rev()
        .take(2)
        .any(|line| line.contains("a add"))
}

/// From whatever pane has the focus: focuses the Work plan, adds `area / item` in the
/// editor with Ctrl-S and waits for `label` (WP-00n).
fn add_change_in_editor(tui: &mut Tui, area: &str, item: &str, label: &str) {
    for _ in 0..3 {
        if work_plan_focused(&tui.screen()) {
            break;
        }
        tui.key(TAB);
        thread::sleep(Duration::from_millis(100));
    }
    let screen = tui.screen();
    assert!(
        work_plan_focused(&screen),
        "the Work plan has the focus:\n{screen}"
    );
    tui.key("a");
    tui.wait_for("new change");
    tui.type_text(area);
    tui.key(TAB);
    tui.type_text(item);
    tui.key(CTRL_S);
    tui.wait_until(&format!("{label} and {area} / {item}"), |s| {
        s.contains(label) && s.contains(&format!("{area} / {item}"))
    });
}

/// The row of the screen that shows `needle`, and the column it starts at (by cell, so
/// wide characters before it do not shift it).
fn find_cells(screen: &vt100::Screen, needle: &str) -> Option<(u16, u16)> {
    let (rows, cols) = screen.size();
    let (rows, cols) = (rows.get(), cols.get());
    let len = needle.chars().count() as u16;
    for row in 0..rows {
        for col in 0..cols.saturating_sub(len - 1) {
            let text: String = (col..col + len)
                .filter_map(|c| screen.cell(row, c))
                .map(|cell| cell.contents())
                .collect();
            if text == needle {
                return Some((row, col));
            }
        }
    }
    None
}

/// Whether every cell of `needle` on the screen is drawn in reverse video.
fn shown_inverse(tui: &Tui, needle: &str) -> bool {
    let parser = tui.parser.lock().unwrap();
    let screen = parser.screen();
    let (row, col) =
        find_cells(screen, needle).unwrap_or_else(|| panic!("{needle:?} is not on the screen"));
    (col..col + needle.chars().count() as u16)
        .all(|c| screen.cell(row, c).is_some_and(|cell| cell.inverse()))
}

#[test]
fn a_change_logged_from_another_terminal_appears_without_a_key() {
    let data = data_with_session();
    let mut tui = open_tui(data.path());
    // A pause of 0..500 ms, different from run to run, so that runs sample the app's
    // poll and redraw at different phases rather than all at the same one.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    thread::sleep(Duration::from_millis(u64::from(nanos % 500)));
    log_outside(data.path(), "Roles", "Auditor", "WP-001");
    // How soon is the benchmarks' to measure (benches/); here it only has to come,
    // with no key pressed.
    tui.wait_until("WP-001 and Roles / Auditor", |s| {
        s.contains("WP-001") && s.contains("Roles / Auditor")
    });
    tui.quit();
}

#[test]
fn the_open_tui_and_a_shell_command_both_keep_their_changes() {
    let data = data_with_session();
    let mut tui = open_tui(data.path());
    add_change_in_editor(&mut tui, "Forms", "Incident report", "WP-001");
    // Written before the shell command runs, so the numbers are as the test expects.
    tui.wait_for("· saved ");
    log_outside(data.path(), "Roles", "Auditor", "WP-002");
    tui.wait_until("WP-001 and WP-002", |s| {
        s.contains("WP-001 ")
            && s.contains("Forms / Incident report")
            && s.contains("WP-002 ")
            && s.contains("Roles / Auditor")
    });
    add_change_in_editor(&mut tui, "Workflows", "Escalation", "WP-003");
    let screen = tui.screen();
    for needle in ["Forms / Incident report", "Roles / Auditor"] {
        assert!(
            screen.contains(needle),
            "the TUI still shows {needle:?}:\n{screen}"
        );
    }
    tui.quit();
    drop(tui);

    let text = session_text(data.path());
    for item in ["Incident report", "Auditor", "Escalation"] {
        assert!(
            text.contains(item),
            "the session file holds {item:?}:\n{text}"
        );
    }
    let (stdout, _) = run_outside(data.path(), &["check", "E2E"]);
    assert!(
        stdout.contains(" 3 changes"),
        "`check` counts three changes: {stdout}"
    );
}

#[test]
fn a_selection_survives_a_reload() {
    let data = data_with_session();
    log_outside(data.path(), "Forms", "Incident report", "WP-001");
    log_outside(data.path(), "Roles", "Auditor", "WP-002");
    let mut tui = open_tui(data.path());
    tui.wait_for("WP-002");
    tui.key(TAB);
    tui.wait_until("the Work plan to take the focus", work_plan_focused);
    tui.key("j");
    let start = Instant::now();
    while !shown_inverse(&tui, "WP-002") {
        assert!(
            start.elapsed() < TIMEOUT,
            "WP-002 is not shown selected after j:\n{}",
            tui.screen()
        );
        thread::sleep(POLL);
    }
    assert!(!shown_inverse(&tui, "WP-001"), "WP-001 is not selected");

    log_outside(data.path(), "Workflows", "Escalation", "WP-003");
    let screen = tui.wait_for("WP-003");
    assert!(
        shown_inverse(&tui, "WP-002"),
        "WP-002 is still the selected row after the reload:\n{screen}"
    );
    assert!(
        !shown_inverse(&tui, "WP-001") && !shown_inverse(&tui, "WP-003"),
        "only WP-002 is selected:\n{screen}"
    );
    tui.quit();
}

/// Creates session "E2E", rewrites its file as if from format 99, opens it with
/// Spoils the session file with `spoil` (its text in, its new text out; `after` then
/// runs on the path, e.g. to change its permissions), runs `open SESSION` (`session`
/// gets the file's path) in a `cols`×30 terminal and checks that the status bar says
/// why it is read-only (`why`), that nothing can change it and that the file is left
/// as it was.
fn check_opens_read_only(
    spoil: impl Fn(&str) -> String,
    after: impl Fn(&Path),
    session: impl Fn(&Path) -> String,
    cols: u16,
    why: &str,
) {
    let data = data_with_session();
    let path = session_file(data.path());
    let text = std::fs::read_to_string(&path).expect("read the session file");
    std::fs::write(&path, spoil(&text)).expect("write the session file");
    after(&path);
    let before = std::fs::read(&path).expect("read the session file");

    let mut tui = Tui::open_session(data.path(), &session(&path), cols, 30);
    tui.wait_for("Checklist");
    let screen = tui.wait_for("READ-ONLY");
    assert!(
        screen.contains(why),
        "the screen says why the file is read-only ({why}):\n{screen}"
    );
    let step_1 = |s: &str| {
        s.lines()
            .find(|line| line.contains("Copy Production to Stage 1"))
            .map(str::to_string)
    };
    let line = step_1(&screen);
    assert!(line.is_some(), "step 1 is on the screen:\n{screen}");

    tui.key(" ");
    let screen = tui.wait_for("read-only:");
    assert_eq!(step_1(&screen), line, "Space did not change step 1");
    // Quitting waits for any save under way, so a save wrongly started would show
    // in the file compared below.
    tui.quit();
    drop(tui);

    let after = std::fs::read(&path).expect("read the session file");
    assert!(
        before == after,
        "the read-only file was changed:\n{}",
        String::from_utf8_lossy(&after)
    );
}

/// The session text as a newer version would write it.
fn newer(text: &str) -> String {
    assert_eq!(
        text.matches(&this_format()).count(),
        1,
        "the file names its format version once:\n{text}"
    );
    text.replace(&this_format(), "format_version: 99,")
}

fn check_newer_file_opens_read_only(session: impl Fn(&Path) -> String, cols: u16) {
    check_opens_read_only(newer, |_| {}, session, cols, "newer");
}

#[test]
fn a_file_from_a_newer_version_opens_read_only() {
    check_newer_file_opens_read_only(|_| "E2E".to_string(), 100);
}

#[test]
fn a_newer_file_says_why_it_is_read_only_on_a_100_column_screen() {
    check_newer_file_opens_read_only(|path| path.display().to_string(), 100);
}

#[cfg(unix)]
#[test]
fn a_file_nobody_may_write_opens_read_only() {
    use std::os::unix::fs::PermissionsExt;
    check_opens_read_only(
        str::to_string,
        |p| std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o444)).unwrap(),
        |_| "E2E".to_string(),
        160,
        "read-only (mode 0444)",
    );
}

#[test]
fn a_file_that_fails_check_opens_read_only_and_says_why() {
    // Step 1 marked done by hand: its history says otherwise.
    let by_hand = |text: &str| text.replacen("status: Todo", "status: Done", 1);
    check_opens_read_only(by_hand, |_| {}, |_| "E2E".to_string(), 160, "consistency");
}

#[test]
fn a_file_from_a_newer_version_opened_by_its_path_opens_read_only() {
    // Wide enough for the reason to show after the file's path.
    check_newer_file_opens_read_only(|path| path.display().to_string(), 180);
}

/// An SGR mouse report of a left-button press and release at screen cell (col, row),
/// both counted from 0, as a terminal sends it with mouse capture on.
fn left_click(col: u16, row: u16) -> String {
    let (x, y) = (col + 1, row + 1);
    format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")
}

#[test]
fn a_mouse_click_in_the_terminal_focuses_the_pane_and_selects_the_row() {
    let data = data_with_session();
    let mut tui = open_tui(data.path());
    let out = tui.raw_since(0);
    assert!(
        out.windows(8).any(|w| w == b"\x1b[?1000h"),
        "mouse capture is on by default"
    );
    // At 100×30 the tab line is row 0 and the checklist rows start at screen row 2;
    // row 6 is step 5.
    tui.key(&left_click(10, 6));
    tui.wait_until("step 5 selected", |s| s.contains("Step 5  owner"));
    // The Work plan pane starts at column 50: a click there focuses it.
    tui.key(&left_click(70, 10));
    tui.wait_for("a add");
    tui.quit();
}

#[test]
fn no_mouse_leaves_the_terminal_s_mouse_alone() {
    let data = data_with_session();
    let mut tui = Tui::open_with(data.path(), &["--no-mouse", "open", "E2E"], 100, 30);
    tui.wait_for("Checklist");
    let out = tui.raw_since(0);
    assert!(
        !out.windows(8).any(|w| w == b"\x1b[?1000h"),
        "mouse capture was turned on despite --no-mouse"
    );
    tui.quit();
}

/// How this build names its format in a session file.
fn this_format() -> String {
    format!("format_version: {},", cmo_promote::model::FORMAT_VERSION)
}
