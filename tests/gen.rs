//! `gen`: a realistic session of a given size, with every kind of op in its history,
//! that passes `check`; the same size and seed give the same history.

mod common;

use cmo_promote::sample::{Size, history};
use common::cli::cmd;
use predicates::prelude::*;
use std::collections::HashSet;
use tempfile::TempDir;

#[test]
fn gen_writes_a_session_that_check_accepts_and_never_replaces_a_file() {
    let data = TempDir::new().unwrap();
    let sessions = data.path().join("sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let file = sessions.join("gen.ron");
    let args = [
        "gen",
        "--changes",
        "60",
        "--scripts",
        "12",
        "--rounds",
        "3",
        "--out",
    ];
    cmd(data.path())
        .args(args)
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("test scripts, 3 rounds"));
    cmd(data.path())
        .args(["check", "gen"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ok: "));
    let before = std::fs::read(&file).unwrap();
    cmd(data.path()).args(args).arg(&file).assert().failure();
    assert_eq!(std::fs::read(&file).unwrap(), before, "not replaced");
    cmd(data.path())
        .arg("--help")
        .assert()
        .stdout(predicate::str::contains("gen").not());
}

#[test]
fn a_generated_history_holds_every_kind_of_op_and_is_the_same_for_a_seed() {
    let size = Size {
        changes: 120,
        scripts: 20,
        rounds: 3,
        seed: 7,
    };
    let ops = history(size, common::t0());
    assert_eq!(
        ops,
        history(size, common::t0()),
        "the same seed, the same ops"
    );
    assert_ne!(ops, history(Size { seed: 8, ..size }, common::t0()));
    let kinds: HashSet<&str> = ops.iter().map(|o| o.kind.name()).collect();
    for kind in [
        "StartStep",
        "CompleteStep",
        "SignOff",
        "AddChange",
        "EditChange",
        "RemoveChange",
        "StartApplication",
        "FinishApplication",
        "StartFreeze",
        "AddTestScript",
        "AddTestRound",
        "RecordResult",
    ] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
}
