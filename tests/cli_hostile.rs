//! Text typed by a teammate reaches other people's terminals through every command:
//! titles, descriptions, comments, user names, file and folder names holding escape
//! sequences are printed with their control characters made visible, never raw.

mod common;

use cmo_promote::model::{ChangeFields, ChangeId, Op, OpId, OpKind};
use cmo_promote::store::{Loaded, write_rescue};
use common::cli::{assert_printable, bin, cmd, create, log_args};
use std::fs;
use std::path::Path;
use std::process::Output;
use tempfile::TempDir;

/// A window-title change, a screen clear, a clipboard write (OSC 52) ended by a bell, a
/// carriage return, a C1 CSI, DEL, a line break and a right-to-left override.
const HOSTILE: &str =
    "Pwn\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}]52;c;cHduZWQ=\u{7}\r\u{9b}31m\u{7f}\nnext \u{202e}evil";
/// How the start of `HOSTILE` is printed.
const SHOWN: &str = r"Pwn\u{1b}]0;pwned\u{7}\u{1b}[2J";
/// A file name a teammate could leave in a shared sessions folder.
const HOSTILE_FILE: &str = "\u{1b}]0;pwned\u{7}\u{9b}2J\r.ron";

/// Runs a command; both streams must be printable. Returns them and whether it succeeded.
fn run(data: &Path, args: &[&str]) -> (bool, String, String) {
    let out: Output = bin(data).args(args).output().unwrap();
    let what = format!("`{}`", args.join(" ").escape_debug());
    let stdout = assert_printable(&format!("{what} (stdout)"), &out.stdout);
    let stderr = assert_printable(&format!("{what} (stderr)"), &out.stderr);
    (out.status.success(), stdout, stderr)
}

fn fails_with(data: &Path, args: &[&str], message: &str) {
    let (ok, stdout, stderr) = run(data, args);
    assert!(!ok, "{args:?} succeeded: {stdout}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
    assert!(
        stderr.contains(r"\u{1b}"),
        "{args:?} hides the text: {stderr}"
    );
}

#[test]
fn new_list_and_check_print_a_hostile_title_escaped() {
    let data = TempDir::new().unwrap();
    let (ok, stdout, _) = run(data.path(), &["--user", HOSTILE, "new", HOSTILE]);
    assert!(ok);
    assert!(stdout.contains(&format!("Created \"{SHOWN}")), "{stdout}");
    assert!(
        stdout.contains(r"\r\u{9b}31m\u{7f}\nnext \u{202e}evil"),
        "{stdout}"
    );

    let (ok, stdout, _) = run(data.path(), &["list"]);
    assert!(ok);
    assert!(stdout.contains(SHOWN), "{stdout}");
    // Header, one row, the folder: the line break in the title stays in its cell.
    assert_eq!(stdout.lines().count(), 3, "{stdout}");

    let (ok, stdout, _) = run(data.path(), &["check", "pwn"]);
    assert!(ok);
    assert!(stdout.contains(&format!("\"{SHOWN}")), "{stdout}");
}

#[test]
fn failing_checks_and_unreadable_files_with_hostile_names_print_escaped() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Tampered");
    let hostile = path.with_file_name(HOSTILE_FILE);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&hostile, text.replacen("status: Todo,", "status: Done,", 1)).unwrap();
    let hostile_arg = hostile.to_str().unwrap();
    let (ok, _, stderr) = run(data.path(), &["check", hostile_arg]);
    assert!(!ok);
    assert!(stderr.contains("1 problem(s)"), "{stderr}");
    assert!(
        stderr.contains(r"\u{1b}]0;pwned\u{7}\u{9b}2J\r.ron"),
        "{stderr}"
    );

    fs::write(&hostile, format!("(format_version: 1, {HOSTILE}")).unwrap();
    fails_with(data.path(), &["check", hostile_arg], ".ron:");
    let (ok, stdout, _) = run(data.path(), &["list"]);
    assert!(ok);
    assert!(stdout.contains("(unreadable)"), "{stdout}");
    assert!(stdout.contains(r"\u{1b}]0;pwned\u{7}"), "{stdout}");
}

#[test]
fn an_ambiguous_prefix_lists_each_hostile_candidate_on_one_escaped_line() {
    let data = TempDir::new().unwrap();
    create(data.path(), &format!("{HOSTILE} forms"));
    create(data.path(), &format!("{HOSTILE} roles"));
    let log = log_args("pwn", "X");
    for args in [
        &["check", "pwn"][..],
        &["mark", "pwn", "TS-001", "pass"],
        &log,
    ] {
        let (ok, _, stderr) = run(data.path(), args);
        assert!(!ok);
        assert!(stderr.contains("matches several sessions"), "{stderr}");
        // The error, then one line per candidate: line breaks in titles stay escaped.
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 3, "{stderr}");
        assert!(
            lines[1..]
                .iter()
                .all(|c| c.starts_with("  ") && c.contains(SHOWN))
        );
    }
}

#[test]
fn write_commands_print_and_refuse_hostile_text_escaped_and_store_it_as_typed() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Scripted");
    let as_hostile = |args: &[&str]| {
        let mut all = vec!["--user", HOSTILE];
        all.extend_from_slice(args);
        let (ok, stdout, stderr) = run(data.path(), &all);
        assert!(ok, "{args:?}: {stderr}");
        stdout
    };
    let log = [
        "log",
        "scripted",
        "--area",
        HOSTILE,
        "--item",
        HOSTILE,
        "--description",
        HOSTILE,
        "--notes",
        HOSTILE,
    ];
    assert_eq!(as_hostile(&log), "WP-001\n");
    let add_script = ["add-script", "scripted", HOSTILE, "--covers", "WP-1"];
    assert_eq!(as_hostile(&add_script), "TS-001\n");
    assert_eq!(as_hostile(&["add-round", "scripted", HOSTILE]), "round 1\n");
    let mark = ["mark", "scripted", "TS-001", "fail", "--comment", HOSTILE];
    assert_eq!(as_hostile(&mark), "TS-001 fail in round 1\n");

    let d = data.path();
    let mut bad_action = log_args("scripted", "X").to_vec();
    bad_action.extend(["--action", HOSTILE]);
    fails_with(d, &bad_action, "for '--action <ACTION>'");
    fails_with(d, &log_args(HOSTILE, "X"), "no session");
    let covers = ["add-script", "scripted", "T", "--covers", HOSTILE];
    fails_with(d, &covers, "no change");
    fails_with(d, &["mark", "scripted", HOSTILE, "pass"], "no test script");
    fails_with(d, &["mark", "scripted", "TS-001", HOSTILE], "not-run");
    fails_with(
        d,
        &["add-round", "scripted", "R", "--env", HOSTILE],
        "--env",
    );
    fails_with(d, &["check", HOSTILE], "no session matches");

    let s = Loaded::load(&path).unwrap().session;
    let c = &s.changes()[0];
    assert_eq!(
        (c.fields.description.as_str(), c.author.as_str()),
        (HOSTILE, HOSTILE)
    );
    assert_eq!(s.scripts()[0].fields.title, HOSTILE);
    assert_eq!(s.rounds()[0].results[0].comment, HOSTILE);
}

#[test]
fn recover_reports_edits_by_a_hostile_author_escaped() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Rescued");
    let op = |n: u128, kind| {
        Op::new(
            OpId(uuid::Uuid::from_u128(n)),
            HOSTILE,
            chrono::Utc::now(),
            kind,
        )
    };
    let fields = ChangeFields {
        area: HOSTILE.into(),
        item: HOSTILE.into(),
        ..Default::default()
    };
    let gone = ChangeId(uuid::Uuid::from_u128(99));
    let ops = vec![
        op(
            1,
            OpKind::AddChange {
                fields: Box::new(fields),
            },
        ),
        op(
            2,
            OpKind::RemoveChange {
                change: gone,
                reason: HOSTILE.into(),
            },
        ),
    ];
    let rescue = write_rescue(&path, &ops).unwrap();
    let (ok, stdout, _) = run(data.path(), &["recover", rescue.to_str().unwrap()]);
    assert!(!ok, "one edit no longer applies");
    assert!(stdout.contains("1 edit recovered"), "{stdout}");
    assert!(
        stdout.contains(&format!("not applied: removed a change by {SHOWN}")),
        "{stdout}"
    );

    let junk = path.with_file_name(format!("{HOSTILE_FILE}.unsaved-1"));
    fs::write(&junk, HOSTILE).unwrap();
    fails_with(
        data.path(),
        &["recover", junk.to_str().unwrap()],
        "not a rescue file",
    );
}

#[test]
fn a_hostile_data_folder_name_is_printed_escaped() {
    let parent = TempDir::new().unwrap();
    let data = parent.path().join("\u{1b}[2Jdata\u{7}\u{9b}");
    let (ok, stdout, _) = run(&data, &["list"]);
    assert!(ok);
    assert!(stdout.contains(r"\u{1b}[2Jdata\u{7}\u{9b}"), "{stdout}");
    // With no command and no terminal, the error names the folder.
    fails_with(&data, &[], "no sessions in");
    let (ok, stdout, _) = run(&data, &["new", "Plain"]);
    assert!(ok);
    assert!(stdout.contains(r"\u{1b}[2Jdata\u{7}\u{9b}"), "{stdout}");
    cmd(&data).arg("list").assert().success();
}
