//! Sign-off that means something (issue #8): a step that needs a sign-off (step 6 in
//! the built-in process) is not signed over failed, blocked, unrun or stale scripts; a
//! sign-off records the Work Plan revision and the round it covers and goes stale when
//! the Work Plan changes after it; a later step starts before that sign-off only with a
//! reason, which is kept.

mod common;

use ResultStatus::{Blocked, Fail, NotRun, Pass, Waived};
use cmo_promote::model::*;
use common::plan::Plan;

fn start(step: u32, reason: Option<&str>) -> OpKind {
    OpKind::StartStep {
        step,
        override_reason: reason.map(String::from),
        ahead_of: Vec::new(),
    }
}

/// Five scripts, round 1 in step 4, round 2 in step 6, step 6 done.
fn tested() -> (Plan, Vec<ScriptId>, ChangeId, RoundId) {
    let mut p = Plan::new();
    let wp1 = p.change("Incident form");
    let ts: Vec<ScriptId> = (1..=5)
        .map(|i| p.script(&format!("Script {i}"), &[wp1]))
        .collect();
    let first = p.round(4);
    for s in &ts {
        p.mark(first, *s, Pass);
    }
    let second = p.round(6);
    p.finish(6);
    (p, ts, wp1, second)
}

#[test]
fn step_6_is_not_signed_off_while_its_round_has_open_scripts_and_says_which() {
    let (mut p, ts, wp1, round) = tested();
    p.mark(round, ts[1], Fail);
    p.mark(round, ts[2], Blocked);
    p.mark(round, ts[3], NotRun);
    p.edit(wp1, "late fix"); // TS-001 and TS-005 passed before it
    p.mark(round, ts[1], Fail);

    let error = p.refused(
        "lead",
        OpKind::SignOff {
            step: 6,
            comment: "ok".into(),
        },
    );
    assert_eq!(
        error,
        OpError::TestsOpen {
            step: 6,
            round: Some(2),
            open: vec![
                "TS-001 needs retest".into(),
                "TS-002 fail".into(),
                "TS-003 blocked".into(),
                "TS-004 not run".into(),
                "TS-005 needs retest".into(),
            ],
        }
    );
    assert_eq!(
        error.to_string(),
        "step 6 cannot be signed off: round 2 has TS-001 needs retest, TS-002 fail, \
         TS-003 blocked, TS-004 not run, TS-005 needs retest (pass or waive them first)"
    );
    assert_eq!(p.s.open_scripts(6).len(), 5);
}

#[test]
fn passed_carried_and_waived_scripts_let_it_be_signed_and_the_sign_off_records_what_it_covers() {
    let (mut p, ts, _, round) = tested();
    p.mark(round, ts[0], Fail);
    p.mark(round, ts[1], Waived);
    assert!(p.sign_off(6).is_err());
    p.mark(round, ts[0], Pass); // the others are carried from round 1

    let revision = p.s.work_plan_revision();
    p.sign_off(6).expect("signed");
    let so = p.s.step(6).unwrap().sign_off.clone().unwrap();
    assert_eq!((so.by.as_str(), so.round), ("lead", Some(round)));
    assert_eq!(so.work_plan_revision, revision);
    assert!(!p.s.is_stale(&so));
}

#[test]
fn a_sign_off_goes_stale_once_the_work_plan_changes_after_it() {
    let (mut p, ts, wp1, round) = tested();
    p.sign_off(6).expect("signed");
    let stale = |p: &Plan| {
        p.s.is_stale(p.s.step(6).unwrap().sign_off.as_ref().unwrap())
    };
    assert!(!stale(&p));
    // Test results are not Work Plan changes.
    p.mark(round, ts[0], Pass);
    assert!(!stale(&p));
    p.edit(wp1, "after the sign-off");
    assert!(stale(&p));
}

#[test]
fn a_move_or_a_new_change_also_makes_it_stale() {
    for change_the_plan in [
        |p: &mut Plan| {
            p.change("New");
        },
        |p: &mut Plan| {
            let c = p.change("New");
            let ops = p.s.work_plan_revision();
            p.ok("ann", OpKind::MoveChange { change: c, to: 0 });
            assert_eq!(p.s.work_plan_revision(), ops + 1);
        },
    ] {
        let (mut p, _, _, _) = tested();
        p.sign_off(6).expect("signed");
        change_the_plan(&mut p);
        let so = p.s.step(6).unwrap().sign_off.clone().unwrap();
        assert!(p.s.is_stale(&so));
    }
}

#[test]
fn a_retest_step_without_a_round_of_its_own_covers_the_latest_earlier_round() {
    let mut p = Plan::new();
    let ts = p.script("Login", &[]);
    let first = p.round(4);
    p.mark(first, ts, Fail);
    p.finish(6);
    assert_eq!(p.s.covered_round(6).map(|r| r.id), Some(first));
    assert_eq!(
        p.sign_off(6).unwrap_err().to_string(),
        "step 6 cannot be signed off: round 1 has TS-001 fail (pass or waive them first)"
    );
    p.mark(first, ts, Pass);
    p.sign_off(6).expect("signed");
    assert_eq!(
        p.s.step(6).unwrap().sign_off.as_ref().unwrap().round,
        Some(first)
    );
}

#[test]
fn with_scripts_but_no_round_yet_every_script_is_not_run() {
    let mut p = Plan::new();
    p.script("Login", &[]);
    p.finish(6);
    assert_eq!(
        p.sign_off(6).unwrap_err().to_string(),
        "step 6 cannot be signed off: no test round has been run: TS-001 not run \
         (pass or waive them first)"
    );
}

#[test]
fn without_scripts_a_sign_off_covers_no_round() {
    let mut p = Plan::new();
    p.finish(6);
    p.sign_off(6).expect("signed");
    assert_eq!(p.s.step(6).unwrap().sign_off.as_ref().unwrap().round, None);
}

#[test]
fn removed_scripts_do_not_hold_up_a_sign_off_and_steps_without_the_need_are_free() {
    let (mut p, ts, _, round) = tested();
    p.mark(round, ts[4], Fail);
    p.finish(4);
    p.sign_off(4)
        .expect("step 4 does not need a sign-off: no rule");
    assert!(p.sign_off(6).is_err());
    p.ok(
        "tess",
        OpKind::RemoveTestScript {
            script: ts[4],
            reason: "obsolete".into(),
        },
    );
    p.sign_off(6).expect("signed");
}

#[test]
fn a_long_list_of_open_scripts_names_ten_and_counts_the_rest() {
    let mut p = Plan::new();
    for i in 0..13 {
        p.script(&format!("S{i}"), &[]);
    }
    p.round(6);
    p.finish(6);
    let message = p.sign_off(6).unwrap_err().to_string();
    assert!(message.contains("TS-010 not run and 3 more"), "{message}");
    assert!(!message.contains("TS-011"), "{message}");
}

#[test]
fn a_sign_off_made_on_an_older_copy_is_refused_when_a_failure_came_in_meanwhile() {
    // What a writer's commit does: its pending ops are re-applied on the file's newer
    // state, where the rule is checked again.
    let (mut lead, ts, _, round) = tested();
    let mut file = lead.s.clone();
    let sign = lead.op(
        "lead",
        OpKind::SignOff {
            step: 6,
            comment: "ok".into(),
        },
    );
    lead.apply_ok(sign.clone());
    let fail = lead.op(
        "tess",
        OpKind::RecordResult {
            round,
            script: ts[2],
            status: Fail,
            comment: "meanwhile".into(),
        },
    );
    file.apply(fail).expect("the tester's mark is saved first");
    assert!(matches!(file.apply(sign), Err(OpError::TestsOpen { .. })));
}

#[test]
fn a_history_recorded_before_the_rule_still_replays() {
    // Format 1 had no sign-off rule: its histories hold sign-offs over failures. The
    // rules refuse new ops only; replay gives the same state as when they applied.
    let (mut p, ts, _, round) = tested();
    p.mark(round, ts[0], Fail);
    let mut history = p.s.history().clone();
    let sign = p.op(
        "lead",
        OpKind::SignOff {
            step: 6,
            comment: "ok".into(),
        },
    );
    let early = p.op("ann", start(8, None));
    history.extend([sign, early]);
    let replayed = Session::replay(&p.s.implied_template(), p.s.meta(), &history)
        .expect("an old history replays");
    assert!(replayed.step(6).unwrap().sign_off.is_some());
    assert_eq!(replayed.step(8).unwrap().status, StepStatus::InProgress);
    assert_eq!(replayed.step(8).unwrap().start_override, None);
    assert!(replayed.problems().is_empty(), "{:?}", replayed.problems());
}

// ───────────────────────────── starting a step before the sign-off ─────────────────────────────

#[test]
fn a_step_after_an_unsigned_sign_off_step_starts_only_with_a_reason_which_is_kept() {
    let mut p = Plan::new();
    for step in [1, 3, 5] {
        p.ok("ann", start(step, None)); // before step 6: free
    }
    let error = p.refused("ann", start(7, None));
    assert_eq!(
        error,
        OpError::NeedsSignOff {
            step: 7,
            unsigned: vec![6]
        }
    );
    assert_eq!(
        error.to_string(),
        "step 7 waits for the sign-off of step 6; starting it anyway needs a reason"
    );
    assert_eq!(p.refused("ann", start(7, Some("  "))), error);

    let at = p.next_time();
    p.ok(
        "ann",
        start(7, Some(" stage 2 refresh is booked for today ")),
    );
    let step = p.s.step(7).unwrap();
    assert_eq!(step.status, StepStatus::InProgress);
    assert_eq!(
        step.start_override,
        Some(StartOverride {
            by: "ann".into(),
            at,
            reason: "stage 2 refresh is booked for today".into(),
            unsigned: vec![6],
            must_fix: vec![],
            unfinished: vec![],
        })
    );
    assert_eq!(
        p.s.history().last().unwrap().kind,
        start(7, Some(" stage 2 refresh is booked for today "))
    );
}

#[test]
fn timing_or_completing_a_todo_step_counts_as_starting_it() {
    let mut p = Plan::new();
    let timer = OpKind::StartTimer {
        target: TimerTarget::Step { step: 8 },
    };
    assert!(matches!(
        p.refused("ann", timer.clone()),
        OpError::NeedsSignOff { step: 8, .. }
    ));
    assert!(matches!(
        p.refused("ann", OpKind::CompleteStep { step: 9 }),
        OpError::NeedsSignOff { step: 9, .. }
    ));
    p.ok("ann", start(8, Some("rehearsal slot")));
    p.ok(
        "ann",
        OpKind::StopTimer {
            target: TimerTarget::Step { step: 8 },
        },
    );
    p.ok("ann", timer);
    p.ok("ann", OpKind::CompleteStep { step: 8 });
}

#[test]
fn an_override_holds_while_the_step_is_blocked_and_goes_when_it_is_reopened() {
    let mut p = Plan::new();
    p.ok("ann", start(7, Some("go")));
    p.ok(
        "ann",
        OpKind::BlockStep {
            step: 7,
            reason: "no copy yet".into(),
        },
    );
    p.ok("ann", start(7, None));
    p.finish(7);
    p.ok(
        "ann",
        OpKind::ReopenStep {
            step: 7,
            resume: false,
        },
    );
    assert_eq!(p.s.step(7).unwrap().start_override, None);
    assert!(matches!(
        p.refused("ann", start(7, None)),
        OpError::NeedsSignOff { .. }
    ));
}

#[test]
fn once_signed_or_skipped_the_later_steps_start_freely_and_no_override_is_kept() {
    let mut p = Plan::new();
    p.finish(6);
    p.sign_off(6).expect("signed");
    p.ok("ann", start(7, Some("not needed any more")));
    assert_eq!(p.s.step(7).unwrap().start_override, None);

    let mut q = Plan::new();
    q.ok(
        "ann",
        OpKind::SkipStep {
            step: 6,
            reason: "no changes to retest".into(),
        },
    );
    q.ok("ann", start(7, None));
    assert!(q.s.unsigned_before(12).is_empty());
}

#[test]
fn sign_offs_overrides_and_removals_replay_to_the_same_session() {
    let (mut p, ts, wp1, round) = tested();
    p.ok("ann", start(7, Some("refresh booked")));
    p.ok(
        "tess",
        OpKind::RemoveTestScript {
            script: ts[0],
            reason: "obsolete".into(),
        },
    );
    p.sign_off(6).expect("signed");
    p.edit(wp1, "after");
    p.mark(round, ts[1], Pass);
    let replayed =
        Session::replay(&p.s.implied_template(), p.s.meta(), p.s.history()).expect("replays");
    assert_eq!(replayed, p.s);
    assert!(p.s.problems().is_empty(), "{:?}", p.s.problems());
}

#[test]
fn a_plain_yes_to_starting_ahead_does_not_let_a_step_past_a_sign_off_later() {
    let mut p = Plan::new();
    for step in 1..=6 {
        p.ok("lead", OpKind::CompleteStep { step });
    }
    p.ok(
        "lead",
        OpKind::SignOff {
            step: 6,
            comment: String::new(),
        },
    );
    // Step 8 started ahead of step 7 (a yes, no reason), then blocked.
    p.ok(
        "lead",
        OpKind::StartStep {
            step: 8,
            override_reason: None,
            ahead_of: vec![7],
        },
    );
    p.ok(
        "lead",
        OpKind::BlockStep {
            step: 8,
            reason: "stage 2 down".into(),
        },
    );
    // Step 6 is reopened and done again, not yet signed off.
    p.ok(
        "lead",
        OpKind::ReopenStep {
            step: 6,
            resume: false,
        },
    );
    p.ok("lead", OpKind::CompleteStep { step: 6 });
    assert!(matches!(
        p.refused("lead", start(8, None)),
        OpError::NeedsSignOff { step: 8, .. }
    ));
    // Given a reason, it starts, and the override keeps what it was started ahead of.
    p.ok(
        "lead",
        OpKind::StartStep {
            step: 8,
            override_reason: Some("retest booked".into()),
            ahead_of: vec![7],
        },
    );
    let o = p.s.step(8).unwrap().start_override.clone().unwrap();
    assert_eq!(
        (o.reason.as_str(), o.unsigned.as_slice()),
        ("retest booked", &[6][..])
    );
}
