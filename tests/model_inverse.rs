//! The inverse of every op that has one puts back what the op changed: each op below
//! is applied, then its inverse (worked out from the session before it), and the part
//! of the session a person sees is compared with how it was. Ops with no inverse say
//! why.

mod common;

use chrono::Duration;
use cmo_promote::model::inverse::inverse;
use cmo_promote::model::*;
use common::plan::Plan;
use std::fmt::Debug;

/// Applies `kind`, then its inverse, and checks `view` of the session is back to what
/// it was (and that the op did change it, so the check means something).
fn round_trip<T: PartialEq + Debug>(p: &mut Plan, kind: OpKind, view: impl Fn(&Session) -> T) {
    let before = view(&p.s);
    let op = p.op("ann", kind.clone());
    let undo = inverse(&p.s, &op).unwrap_or_else(|why| panic!("{kind:?} has no inverse: {why}"));
    p.apply_ok(op);
    assert_ne!(view(&p.s), before, "{kind:?} changed nothing to undo");
    for k in undo {
        p.ok("ann", k);
    }
    assert_eq!(view(&p.s), before, "undoing {kind:?}");
}

fn step(s: &Session, n: u32) -> (StepStatus, Option<String>, Option<u32>, String, i64) {
    let st = s.step(n).unwrap();
    let counted = st
        .timer
        .elapsed(common::t0() + Duration::days(30))
        .num_seconds();
    (
        st.status.clone(),
        st.owner.clone(),
        st.estimate_minutes,
        st.notes.clone(),
        counted,
    )
}

/// What a person sees of a step, its time aside.
fn status(s: &Session, n: u32) -> (StepStatus, Option<String>, Option<u32>, String) {
    let (status, owner, estimate, notes, _) = step(s, n);
    (status, owner, estimate, notes)
}

#[test]
fn step_ops_undo_to_where_the_step_was() {
    let mut p = Plan::new();
    round_trip(&mut p, start(1), |s| step(s, 1));
    p.ok("ann", start(1));
    for kind in [
        OpKind::CompleteStep { step: 1 },
        OpKind::SkipStep {
            step: 1,
            reason: "not needed".into(),
        },
        OpKind::BlockStep {
            step: 1,
            reason: "no backup".into(),
        },
        OpKind::ReopenStep {
            step: 1,
            resume: false,
        },
        OpKind::SetStepOwner {
            step: 1,
            owner: Some("Priya".into()),
        },
        OpKind::SetStepNotes {
            step: 1,
            notes: "copied".into(),
            was: None,
        },
        OpKind::SetStepEstimate {
            step: 1,
            minutes: Some(90),
        },
    ] {
        round_trip(&mut p, kind, |s| status(s, 1));
    }
    round_trip(
        &mut p,
        OpKind::StopTimer {
            target: TimerTarget::Step { step: 1 },
        },
        |s| s.step(1).unwrap().timer.is_running(),
    );
    // From blocked, a start and a skip undo back to blocked.
    p.ok(
        "ann",
        OpKind::BlockStep {
            step: 1,
            reason: "no backup".into(),
        },
    );
    round_trip(&mut p, start(1), |s| status(s, 1));
    round_trip(
        &mut p,
        OpKind::SkipStep {
            step: 1,
            reason: "done elsewhere".into(),
        },
        |s| status(s, 1),
    );
    // A done step reopened (no sign-off) and a finished one resumed undo too.
    p.ok(
        "ann",
        OpKind::ReopenStep {
            step: 1,
            resume: false,
        },
    );
    p.ok("ann", OpKind::CompleteStep { step: 1 });
    round_trip(
        &mut p,
        OpKind::ReopenStep {
            step: 1,
            resume: false,
        },
        |s| status(s, 1),
    );
    round_trip(
        &mut p,
        OpKind::ReopenStep {
            step: 1,
            resume: true,
        },
        |s| step(s, 1),
    );
}

#[test]
fn timing_a_todo_step_undoes_to_todo_with_nothing_counted() {
    let mut p = Plan::new();
    round_trip(
        &mut p,
        OpKind::StartTimer {
            target: TimerTarget::Step { step: 1 },
        },
        |s| step(s, 1),
    );
}

#[test]
fn work_plan_ops_undo() {
    let mut p = Plan::new();
    let a = p.change("A");
    let b = p.change("B");
    let plan = |s: &Session| {
        s.active_changes()
            .map(|c| c.fields.clone())
            .collect::<Vec<_>>()
    };
    round_trip(
        &mut p,
        OpKind::AddChange {
            fields: Box::new(ChangeFields {
                area: "Forms".into(),
                item: "C".into(),
                ..Default::default()
            }),
        },
        plan,
    );
    round_trip(
        &mut p,
        OpKind::EditChange {
            change: a,
            edits: vec![
                ChangeEdit::Item("A2".into()),
                ChangeEdit::Description("new words".into()),
            ],
            was: vec![],
        },
        plan,
    );
    round_trip(&mut p, OpKind::MoveChange { change: a, to: 1 }, plan);
    round_trip(
        &mut p,
        OpKind::RemoveChange {
            change: b,
            reason: "duplicate".into(),
        },
        plan,
    );
    let attempts = |s: &Session| {
        s.change(a)
            .unwrap()
            .applications
            .iter()
            .filter(|x| x.counts())
            .count()
    };
    round_trip(
        &mut p,
        OpKind::StartApplication {
            change: a,
            env: EnvKey::Stage1,
            override_reason: None,
        },
        attempts,
    );
}

#[test]
fn test_plan_environment_freeze_and_outage_plan_ops_undo() {
    let mut p = Plan::new();
    let c = p.change("A");
    let t = p.script("Intake works", &[c]);
    let round = p.round(4);
    let scripts = |s: &Session| {
        s.active_scripts()
            .map(|x| x.fields.clone())
            .collect::<Vec<_>>()
    };
    round_trip(
        &mut p,
        OpKind::AddTestScript {
            fields: Box::new(script_fields("Another", c)),
        },
        scripts,
    );
    round_trip(
        &mut p,
        OpKind::EditTestScript {
            script: t,
            fields: Box::new(script_fields("Intake still works", c)),
        },
        scripts,
    );
    round_trip(
        &mut p,
        OpKind::RemoveTestScript {
            script: t,
            reason: "merged".into(),
        },
        scripts,
    );
    let result = move |s: &Session| s.round(round).unwrap().latest(t).map(|r| r.status);
    let mark = |status| OpKind::RecordResult {
        round,
        script: t,
        status,
        comment: "seen".into(),
    };
    // A first result undoes to "not run"; a later one to the one before it.
    let before = p.s.clone();
    p.ok("ann", mark(ResultStatus::Fail));
    let op = p.op("ann", mark(ResultStatus::Pass));
    let undo = inverse(&p.s, &op).unwrap();
    p.apply_ok(op);
    for k in undo {
        p.ok("ann", k);
    }
    assert_eq!(result(&p.s), Some(ResultStatus::Fail));
    let first = inverse(&before, &p.op("ann", mark(ResultStatus::Fail))).unwrap();
    assert!(matches!(
        first.as_slice(),
        [OpKind::RecordResult {
            status: ResultStatus::NotRun,
            ..
        }]
    ));

    round_trip(
        &mut p,
        OpKind::ConfigureEnvironment {
            env: EnvKey::Qa,
            name: "QA".into(),
            notes: "for the auditors".into(),
            enabled: true,
        },
        |s| s.environments().clone(),
    );
    round_trip(
        &mut p,
        OpKind::StartFreeze {
            note: "agreed".into(),
            after: None,
        },
        |s| s.freeze().is_active(),
    );
    round_trip(
        &mut p,
        OpKind::SetOutagePlan {
            window_start: Some(common::t0() + Duration::days(7)),
            window_end: Some(common::t0() + Duration::days(7) + Duration::hours(4)),
            contingency_percent: 40,
            copy_back_after_days: 5,
            verification_minutes: Some(20),
            rollback_minutes: 45,
        },
        |s| s.outage().clone(),
    );
}

#[test]
fn ops_with_no_inverse_say_why() {
    let mut p = Plan::new();
    let c = p.change("A");
    p.ok("ann", start(1));
    p.ok("ann", OpKind::CompleteStep { step: 1 });
    for kind in [
        OpKind::SignOff {
            step: 1,
            comment: String::new(),
        },
        OpKind::FinishApplication {
            change: c,
            env: EnvKey::Stage1,
            outcome: Outcome::Skipped,
            note: "n/a".into(),
            replicability: None,
            rating: None,
        },
        OpKind::AddTestRound {
            name: "R".into(),
            step: 4,
            env: EnvKey::Stage1,
        },
    ] {
        let op = p.op("ann", kind.clone());
        let why = inverse(&p.s, &op).expect_err("no inverse");
        assert!(!why.is_empty(), "{kind:?}");
    }
}

fn start(step: u32) -> OpKind {
    OpKind::StartStep {
        step,
        override_reason: None,
        ahead_of: Vec::new(),
    }
}

fn script_fields(title: &str, covers: ChangeId) -> ScriptFields {
    ScriptFields {
        title: title.into(),
        covers: vec![covers],
        ..Default::default()
    }
}

#[test]
fn reopening_a_step_started_past_a_sign_off_undoes_back_to_done() {
    let mut p = Plan::new();
    for step in 1..=6 {
        p.ok("ann", OpKind::CompleteStep { step });
    }
    p.ok(
        "ann",
        OpKind::StartStep {
            step: 7,
            override_reason: Some("refresh booked".into()),
            ahead_of: Vec::new(),
        },
    );
    p.ok("ann", OpKind::CompleteStep { step: 7 });
    round_trip(
        &mut p,
        OpKind::ReopenStep {
            step: 7,
            resume: false,
        },
        |s| status(s, 7),
    );
    let o = p.s.step(7).unwrap().start_override.clone().unwrap();
    assert_eq!(o.reason, "refresh booked", "started again with its reason");
}
