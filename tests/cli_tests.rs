//! The test-plan commands through the real binary: `tests` as a table and as CSV,
//! `mark` and each of its refusals, and `list`'s retest count.

mod common;

use cmo_promote::model::{ChangeEdit, Op, OpId, OpKind};
use cmo_promote::store::Loaded;
use common::cli::{cmd, create, log, no_panic, ok, saved};
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Saves an op made by `ann` now, as another program (a TUI) would.
fn apply(path: &Path, kind: OpKind) {
    let mut doc = Loaded::load_for_writing(path).unwrap();
    let op = Op::new(OpId::new_random(), "ann", chrono::Utc::now(), kind);
    doc.apply_and_commit(op).unwrap();
}

/// A session "Q3" with WP-001, WP-002 and three scripts: TS-001 covers WP-001, TS-002
/// (a formula-looking title) WP-002, TS-003 nothing.
fn q3_with_scripts(data: &Path) -> PathBuf {
    let path = create(data, "Q3");
    log(data, "q3", "Incident form").assert().success();
    log(data, "q3", "Severity list").assert().success();
    ok(
        data,
        &["add-script", "q3", "Raise an incident", "--covers", "WP-1"],
    );
    ok(
        data,
        &["add-script", "q3", "=cmd|' /C calc'!A0", "--covers", "2"],
    );
    ok(data, &["add-script", "q3", "Check the 表 dashboard"]);
    path
}

/// Runs `mark` that must be refused with `message`, leaving the file as it was.
fn mark_refused(data: &Path, path: &Path, args: &[&str], message: &str) {
    let before = fs::read(path).unwrap();
    let mut all = vec!["mark", "q3"];
    all.extend_from_slice(args);
    cmd(data)
        .args(&all)
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains(message))
        .stderr(no_panic());
    assert_eq!(fs::read(path).unwrap(), before, "{args:?} wrote the file");
}

#[test]
fn tests_shows_each_script_in_each_round_with_the_tallies() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let path = create(d, "Q3");
    assert_eq!(
        ok(d, &["tests", "q3"]),
        "the session has no test scripts yet (add one with add-script or import --scripts)\n"
    );
    log(d, "q3", "Incident form").assert().success();
    ok(
        d,
        &["add-script", "q3", "Raise an incident", "--covers", "WP-1"],
    );
    ok(
        d,
        &[
            "add-script",
            "q3",
            "Close a very long incident title that will not fit",
        ],
    );
    let before_rounds = ok(d, &["tests", "q3"]);
    assert!(
        before_rounds.contains("No test round yet"),
        "{before_rounds}"
    );
    ok(d, &["add-round", "q3", "First"]);
    ok(d, &["mark", "q3", "TS-1", "pass"]);
    ok(d, &["mark", "q3", "TS-2", "fail", "--comment", "no list"]);
    ok(d, &["add-round", "q3", "Retest", "--step", "6"]);
    let table = ok(d, &["tests", "q3"]);
    assert_eq!(
        table,
        "SCRIPT  TITLE                                     R1      R2\n\
         TS-001  Raise an incident                         ✓ pass  ↪ carried pass\n\
         TS-002  Close a very long incident title that w…  ✗ fail  · not run\n\
         \n\
         Round 1 (First, step 4, Stage 2 (test)): 1/2 pass · 1 fail · 0 blocked · 0 not run\n\
         Round 2 (Retest, step 6, Stage 2 (test), current): 1/2 pass · 0 fail · 0 blocked · 1 not run · 1 carried\n"
    );
    // One round only.
    let one = ok(d, &["tests", "q3", "--round", "1"]);
    assert!(one.lines().next().unwrap().ends_with("R1"), "{one}");
    assert!(!one.contains("R2") && !one.contains("Round 2"), "{one}");
    cmd(d)
        .args(["tests", "q3", "--round", "7"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "there is no test round 7 (rounds: 1, 2)",
        ));

    // A change the passed script covers is edited: it needs a retest, and `list` says so.
    let wp1 = saved(&path).changes()[0].id;
    apply(
        &path,
        OpKind::EditChange {
            change: wp1,
            edits: vec![ChangeEdit::After("Low/Medium/High".into())],
            was: vec![],
        },
    );
    let table = ok(d, &["tests", "q3", "--round", "2"]);
    assert!(table.contains("TS-001  Raise an incident"), "{table}");
    assert!(table.contains("↻ needs retest"), "{table}");
    assert!(table.contains("0/2 pass · 0 fail · 0 blocked · 1 not run · 1 needs retest"));
    let list = ok(d, &["list"]);
    let mut lines = list.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap();
    let column = header.find("RETEST").expect("a RETEST column");
    assert_eq!(row[column..].split_whitespace().next(), Some("1"), "{list}");
}

#[test]
fn tests_as_csv_has_one_row_per_script_and_round_and_neutralises_formulas() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    q3_with_scripts(d);
    ok(d, &["add-round", "q3", "First"]);
    ok(d, &["mark", "q3", "TS-1", "pass"]);
    ok(
        d,
        &[
            "mark",
            "q3",
            "TS-2",
            "blocked",
            "--comment",
            "-5 users, no access",
        ],
    );
    ok(d, &["add-round", "q3", "Second", "--step", "6"]);
    let csv = ok(d, &["tests", "q3", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header.join(","),
        "script,title,round,round_name,step,env,status,tester,at_utc,at_local,comment,carried_from,retest_because"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6, "3 scripts × 2 rounds:\n{csv}");
    let cells = |r: usize, cols: &[usize]| -> Vec<String> {
        cols.iter().map(|c| rows[r][*c].to_string()).collect()
    };
    assert_eq!(
        cells(0, &[0, 2, 3, 4, 5, 6, 7]),
        ["TS-001", "1", "First", "4", "stage2", "pass", "tester"]
    );
    assert_eq!(cells(1, &[2, 6, 11]), ["2", "carried pass", "1"]);
    assert_eq!(
        rows[1][8], rows[0][8],
        "a carried pass keeps when it passed"
    );
    // Cells a spreadsheet would run get a quote in front; the others are as typed.
    assert_eq!(&rows[2][1], "'=cmd|' /C calc'!A0");
    assert_eq!(cells(2, &[6, 10]), ["blocked", "'-5 users, no access"]);
    assert_eq!(
        cells(5, &[1, 6, 7]),
        ["Check the 表 dashboard", "not run", ""]
    );
    assert!(csv.ends_with('\n') && !csv.contains('\r'));

    let one = ok(d, &["tests", "q3", "--format", "CSV", "--round", "2"]);
    assert_eq!(one.lines().count(), 4, "{one}");
    cmd(d)
        .args(["tests", "q3", "--format", "xlsx"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("[possible values: table, csv]"));
}

#[test]
fn mark_refuses_what_the_screen_refuses_and_writes_nothing() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let path = create(d, "Q3");
    mark_refused(
        d,
        &path,
        &["TS-001", "pass"],
        "the session has no test scripts yet (add one with add-script or import --scripts)",
    );
    ok(d, &["add-script", "q3", "Raise an incident"]);
    ok(d, &["add-script", "q3", "Close an incident"]);
    mark_refused(
        d,
        &path,
        &["TS-001", "pass"],
        "the session has no test round yet",
    );
    ok(d, &["add-round", "q3", "First"]);
    for (result, message) in [
        ("fail", "a fail needs --comment saying what went wrong"),
        (
            "blocked",
            "a blocked result needs --comment saying what blocks it",
        ),
        (
            "waived",
            "a waiver needs --comment saying why it is accepted",
        ),
    ] {
        mark_refused(d, &path, &["TS-001", result], message);
        mark_refused(d, &path, &["TS-001", result, "--comment", " \n "], message);
    }
    mark_refused(
        d,
        &path,
        &["TS-001", "great"],
        "[possible values: pass, fail, blocked, waived, not-run]",
    );
    mark_refused(d, &path, &["TS-009", "pass"], "no test script \"TS-009\"");
    mark_refused(
        d,
        &path,
        &["TS-001", "pass", "--round", "2"],
        "no test round 2",
    );
    ok(
        d,
        &["remove-script", "q3", "TS-002", "--reason", "duplicate"],
    );
    mark_refused(
        d,
        &path,
        &["TS-002", "pass"],
        "TS-002 has been removed from the Test Plan",
    );
    // The other words still work, in any case.
    assert_eq!(
        ok(d, &["mark", "q3", "TS-1", "PASSED"]),
        "TS-001 pass in round 1\n"
    );
    assert_eq!(
        ok(d, &["mark", "q3", "TS-1", "not-run"]),
        "TS-001 not-run in round 1\n"
    );
}

#[test]
fn mark_goes_to_the_current_round_and_says_what_counts_when_another_is_marked() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let path = create(d, "Q3");
    ok(d, &["add-script", "q3", "Raise an incident"]);
    ok(d, &["add-round", "q3", "First"]);
    ok(d, &["add-round", "q3", "Retest", "--step", "6"]);
    // Step 4 becomes the current step: its round 1, not the latest round, is current.
    for step in 1..=3 {
        let reason = "done by hand".to_string();
        apply(&path, OpKind::SkipStep { step, reason });
    }
    let start = OpKind::StartStep {
        step: 4,
        override_reason: None,
        ahead_of: Vec::new(),
    };
    apply(&path, start);
    assert_eq!(
        ok(d, &["mark", "q3", "TS-1", "pass"]),
        "TS-001 pass in round 1\n"
    );
    assert_eq!(
        ok(
            d,
            &[
                "mark",
                "q3",
                "TS-1",
                "fail",
                "--round",
                "2",
                "--comment",
                "x"
            ]
        ),
        "TS-001 fail in round 2 (round 1 is the current round: there it counts as pass)\n"
    );
    let s = saved(&path);
    assert_eq!(s.rounds()[0].results.len(), 1);
    assert_eq!(s.rounds()[1].results.len(), 1);
}
