//! Format 2 and the files written before it: a session saved by the format-1 build
//! (`tests/fixtures/format1-session.ron`, see the README there) loads, passes `check`,
//! shows the test state its history implies, and is saved as format 2; a format-1 file
//! its history does not rebuild is left as it was for `check` to report.

mod common;

use cmo_promote::model::*;
use cmo_promote::store::{Loaded, StoreError, decode_file, decode_session, encode_session};
use common::cli::cmd;
use std::path::Path;

const FIXTURE: &str = include_str!("fixtures/format1-session.ron");

fn fixture() -> Session {
    decode_session(FIXTURE, Path::new("format1-session.ron")).expect("a format-1 file loads")
}

fn script(s: &Session, number: u32) -> ScriptId {
    s.script_by_number(number).expect("script").id
}

fn change(s: &Session, number: u32) -> ChangeId {
    s.change_by_number(number).expect("change").id
}

#[test]
fn the_fixture_really_is_a_format_1_file() {
    assert!(FIXTURE.starts_with("(\n    format_version: 1,\n"));
    assert!(!FIXTURE.contains("work_plan_revision"));
}

#[test]
fn a_format_1_file_loads_as_format_2_and_passes_check() {
    let s = fixture();
    let (_, head) = decode_file(FIXTURE, Path::new("format1-session.ron")).unwrap();
    assert_eq!(head.format_version, FORMAT_VERSION);
    assert_eq!(FORMAT_VERSION, 4);
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    // 4 adds, a move, a removal and 3 edits.
    assert_eq!(s.work_plan_revision(), 9);
    assert_eq!(s.history().len(), 36, "the history is kept as it was");
}

#[test]
fn a_migrated_file_shows_what_its_history_implies() {
    let s = fixture();
    let rounds: Vec<&TestRound> = s.rounds().iter().collect();
    let (first, second) = (rounds[0].id, rounds[1].id);
    let status = |round, n| s.effective_result(round, script(&s, n)).unwrap().status;
    let retest = |passed_in, wp| EffectiveStatus::NeedsRetest {
        passed_in,
        change: change(&s, wp),
    };

    // Round 1: TS-002 failed; TS-001 and TS-003 passed before their changes were edited.
    assert_eq!(status(first, 1), retest(1, 1));
    assert_eq!(status(first, 2), EffectiveStatus::Fail);
    assert_eq!(status(first, 3), retest(1, 3));
    assert_eq!(status(first, 4), EffectiveStatus::Pass);
    // Round 2 (the retest): TS-002 passed, TS-004 carried.
    assert_eq!(status(second, 2), EffectiveStatus::Pass);
    assert_eq!(
        status(second, 4),
        EffectiveStatus::Carried {
            from_round: 1,
            status: ResultStatus::Pass
        }
    );
    assert_eq!(
        s.tally(second).unwrap().to_string(),
        "2/4 pass · 0 fail · 0 blocked · 0 not run · 2 need retest · 1 carried"
    );
    assert_eq!(s.needs_retest_count(6), 2);
    assert_eq!(
        s.to_run(second),
        vec![script(&s, 1), script(&s, 2), script(&s, 3)]
    );

    // TS-004 was blocked, then passed by someone else: both kept.
    let history: Vec<(u32, &str, ResultStatus)> = s
        .script_history(script(&s, 4))
        .into_iter()
        .map(|(n, r)| (n, r.tester.as_str(), r.status))
        .collect();
    assert_eq!(
        history,
        [
            (1, "tess", ResultStatus::Blocked),
            (1, "ben", ResultStatus::Pass)
        ]
    );

    // The sign-off of step 6 covers round 2 and came before the last edit (of WP-001).
    let so = s.step(6).unwrap().sign_off.as_ref().expect("signed off");
    assert_eq!(so.by, "lead");
    assert_eq!(so.round, Some(second));
    assert_eq!(so.work_plan_revision, 8);
    assert!(s.is_stale(so));
    // Step 7 started before format 2's rule: no override was asked for or recorded.
    assert_eq!(s.step(7).unwrap().start_override, None);
    assert_eq!(s.step(7).unwrap().status, StepStatus::InProgress);
}

#[test]
fn a_migrated_session_takes_new_ops_under_the_new_rules_and_saves_as_format_2() {
    let mut s = fixture();
    let by_lead = |s: &Session, kind| Op::new(OpId::new_random(), "lead", s.created_at(), kind);
    s.apply(by_lead(
        &s,
        OpKind::ReopenStep {
            step: 6,
            resume: false,
        },
    ))
    .unwrap();
    s.apply(by_lead(&s, OpKind::CompleteStep { step: 6 }))
        .unwrap();
    let sign = OpKind::SignOff {
        step: 6,
        comment: "again".into(),
    };
    // TS-001 and TS-003 need a retest in round 2.
    assert!(matches!(
        s.apply(by_lead(&s, sign)),
        Err(OpError::TestsOpen { .. })
    ));

    let text = encode_session(&s, Path::new("x.ron")).unwrap();
    assert!(text.contains("\n(\n    format_version: 4,\n"));
    let back = decode_session(&text, Path::new("x.ron")).unwrap();
    assert_eq!(back, s);
    assert!(back.problems().is_empty(), "{:?}", back.problems());
}

#[test]
fn check_and_the_writers_accept_a_format_1_file() {
    let data = tempfile::TempDir::new().unwrap();
    let sessions = data.path().join("sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let path = sessions.join("format1.ron");
    std::fs::write(&path, FIXTURE).unwrap();
    cmd(data.path())
        .args(["check", "format1.ron"])
        .assert()
        .success();
    let loaded = Loaded::load_for_writing(&path).expect("not refused as inconsistent");
    assert_eq!(loaded.format_version, FORMAT_VERSION);
    assert_eq!(loaded.why_read_only(), None);
}

#[test]
fn a_format_1_file_its_history_does_not_rebuild_is_kept_as_stored() {
    // A hand edit of a result in the state (the first "service back" is the result in
    // round 1, the second the op in the history).
    let edited = FIXTURE.replacen("\"service back\"", "\"edited by hand\"", 1);
    assert_ne!(edited, FIXTURE);
    let (s, head) = decode_file(&edited, Path::new("edited.ron")).unwrap();
    assert_eq!(head.format_version, 1, "not migrated");
    assert_eq!(s.work_plan_revision(), 0);
    let problems = s.problems();
    assert!(!problems.is_empty());
    assert!(
        problems[0].to_string().contains("does not rebuild"),
        "{problems:?}"
    );
}

#[test]
fn a_file_from_the_next_format_is_refused_by_number() {
    let next = FORMAT_VERSION + 1;
    let text = FIXTURE.replacen("format_version: 1,", &format!("format_version: {next},"), 1);
    match decode_session(&text, Path::new("next.ron")) {
        Err(StoreError::NewerFormat {
            found, supported, ..
        }) => assert_eq!((found, supported), (5, 4)),
        other => panic!("not refused as newer: {other:?}"),
    }
}
