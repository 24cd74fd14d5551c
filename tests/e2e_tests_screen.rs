//! End-to-end: a tester opens the Tests screen straight away, marks three scripts with
//! `p`, `f` (with a comment) and `b`, quits, and the results are in the session file.

mod common;

use cmo_promote::model::{EffectiveStatus, TestGrid};
use cmo_promote::store::Loaded;
use common::tty::*;
use std::process::Command;

fn run(data: &std::path::Path, args: &[&str]) {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(["--user", "lead"])
        .args(args)
        .env_remove("CMO_PROMOTE_DATA_DIR")
        .output()
        .expect("run cmo-promote");
    assert!(out.status.success(), "{args:?}: {out:?}");
}

#[test]
fn a_tester_marks_three_scripts_and_the_results_are_saved() {
    let data = data_with_session();
    for title in [
        "Raise an incident",
        "Escalate an action",
        "Close an investigation",
    ] {
        run(data.path(), &["add-script", "E2E", title]);
    }
    run(data.path(), &["add-round", "E2E", "Round 1", "--step", "4"]);

    let mut tui = Tui::open_with(data.path(), &["open", "E2E", "--screen", "tests"], 100, 30);
    tui.wait_for("Round 1");
    tui.wait_for("TS-003");
    tui.key("p");
    tui.key("f");
    tui.wait_for("Say what went wrong.");
    tui.type_text("Escalation email missing");
    tui.key("\r");
    tui.key("b");
    tui.wait_for("Say what blocks it.");
    tui.type_text("Stage 2 login down");
    tui.key("\r");
    tui.wait_for("1/3 pass · 1 fail · 1 blocked · 0 not run");
    tui.quit();

    let s = Loaded::load(&session_file(data.path())).unwrap().session;
    let grid = TestGrid::of(&s);
    let got: Vec<EffectiveStatus> = (0..3)
        .map(|row| grid.cell(row, 0).unwrap().status)
        .collect();
    assert_eq!(
        got,
        [
            EffectiveStatus::Pass,
            EffectiveStatus::Fail,
            EffectiveStatus::Blocked
        ]
    );
    let comments: Vec<String> = s.rounds()[0]
        .results
        .iter()
        .map(|r| r.comment.clone())
        .collect();
    assert_eq!(
        comments,
        ["", "Escalation email missing", "Stage 2 login down"]
    );
    assert!(s.rounds()[0].results.iter().all(|r| r.tester == "e2e"));
}
