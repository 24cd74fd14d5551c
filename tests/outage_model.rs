//! The rehearsal and the outage in the model, with a fixed clock: the rules of replaying
//! a change (dependencies, cancel, notes, ratings, the must-fix list) and the arithmetic
//! of the proposed outage length and the live forecast.

mod common;

use chrono::{DateTime, Duration, Utc};
use cmo_promote::model::*;
use common::plan::Plan;
use common::t0;

fn at(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

/// A session with three changes (WP-002 depends on WP-001) and steps 1 to 7 skipped, so
/// the rehearsal (step 8) is next.
fn rehearsal_ready() -> (Plan, [ChangeId; 3]) {
    let mut p = Plan::new();
    let a = p.change("Incident form");
    let b = p.change("Escalation rule");
    let c = p.change("Dashboard");
    p.ok(
        "ann",
        OpKind::EditChange {
            change: b,
            edits: vec![ChangeEdit::DependsOn(vec![a])],
            was: vec![],
        },
    );
    for step in 1..=7 {
        p.ok(
            "lead",
            OpKind::SkipStep {
                step,
                reason: "done outside the tool".into(),
            },
        );
    }
    (p, [a, b, c])
}

fn start(change: ChangeId, env: EnvKey, reason: Option<&str>) -> OpKind {
    OpKind::StartApplication {
        change,
        env,
        override_reason: reason.map(String::from),
    }
}

fn finish(
    change: ChangeId,
    env: EnvKey,
    outcome: Outcome,
    rating: Option<Replicability>,
) -> OpKind {
    OpKind::FinishApplication {
        change,
        env,
        outcome,
        note: String::new(),
        replicability: None,
        rating,
    }
}

fn noted(kind: OpKind, text: &str) -> OpKind {
    match kind {
        OpKind::FinishApplication {
            change,
            env,
            outcome,
            replicability,
            rating,
            ..
        } => OpKind::FinishApplication {
            change,
            env,
            outcome,
            note: text.into(),
            replicability,
            rating,
        },
        other => other,
    }
}

/// Applies `change` in `env` from minute `from`, taking `minutes`.
fn timed(p: &mut Plan, change: ChangeId, env: EnvKey, from: i64, minutes: i64) {
    let rating = (env == EnvKey::Stage2).then_some(Replicability::AsWritten);
    let op = p.op_at("rita", from, start(change, env, Some("test order")));
    p.apply_ok(op);
    let op = p.op_at(
        "rita",
        from + minutes,
        finish(change, env, Outcome::Applied, rating),
    );
    p.apply_ok(op);
}

fn set_plan(p: &mut Plan, window: Option<(i64, i64)>, verification: Option<u32>, rollback: u32) {
    p.ok(
        "lead",
        OpKind::SetOutagePlan {
            window_start: window.map(|w| at(w.0)),
            window_end: window.map(|w| at(w.1)),
            contingency_percent: 50,
            copy_back_after_days: 3,
            verification_minutes: verification,
            rollback_minutes: rollback,
        },
    );
}

#[test]
fn a_change_waits_for_the_changes_it_depends_on_unless_a_reason_is_given() {
    let (mut p, [a, b, _]) = rehearsal_ready();
    p.ok(
        "lead",
        OpKind::StartStep {
            step: 8,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    let error = p.refused("rita", start(b, EnvKey::Stage2, None));
    assert_eq!(
        error.to_string(),
        "WP-002 depends on WP-001 (not applied in Stage 2 yet); starting it anyway needs a reason"
    );
    p.ok(
        "rita",
        start(b, EnvKey::Stage2, Some("WP-001 is done by hand")),
    );
    let app =
        p.s.change(b)
            .unwrap()
            .open_application(EnvKey::Stage2)
            .unwrap();
    assert_eq!(
        app.dependency_override.as_deref(),
        Some(&DependencyOverride {
            reason: "WP-001 is done by hand".into(),
            missing: vec![a],
        })
    );
    // Once WP-001 is applied there, WP-002 starts without a word, and no override is kept.
    p.ok("rita", start(a, EnvKey::Stage2, None));
    p.ok(
        "rita",
        finish(
            a,
            EnvKey::Stage2,
            Outcome::Applied,
            Some(Replicability::AsWritten),
        ),
    );
    p.ok(
        "rita",
        OpKind::CancelApplication {
            change: b,
            env: EnvKey::Stage2,
            reason: "started too early".into(),
        },
    );
    p.ok("rita", start(b, EnvKey::Stage2, None));
    let app =
        p.s.change(b)
            .unwrap()
            .open_application(EnvKey::Stage2)
            .unwrap();
    assert_eq!(app.dependency_override, None);
    // Dependencies count per environment: Stage 1 still waits for WP-001.
    let error = p.refused("rita", start(b, EnvKey::Stage1, None));
    assert!(
        matches!(error, OpError::DependenciesNotApplied { .. }),
        "{error}"
    );
    // Recording an untimed application skips the start, not the rule.
    let error = p.refused("rita", finish(b, EnvKey::Stage1, Outcome::Applied, None));
    assert!(
        matches!(error, OpError::DependenciesNotApplied { .. }),
        "{error}"
    );
}

#[test]
fn a_cancelled_start_keeps_its_record_and_counts_nowhere() {
    let (mut p, [a, _, _]) = rehearsal_ready();
    p.ok(
        "lead",
        OpKind::StartStep {
            step: 8,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    let op = p.op_at("rita", 100, start(a, EnvKey::Stage2, None));
    p.apply_ok(op);
    let cancel = |reason: &str| OpKind::CancelApplication {
        change: a,
        env: EnvKey::Stage2,
        reason: reason.into(),
    };
    assert_eq!(
        p.refused("rita", cancel("  ")),
        OpError::ReasonRequired("cancel an attempt")
    );
    let op = p.op_at("rita", 140, cancel("pressed t on the wrong row"));
    p.apply_ok(op);
    let change = p.s.change(a).unwrap();
    assert_eq!(
        change.latest_application(EnvKey::Stage2),
        None,
        "it counts nowhere"
    );
    assert_eq!(change.applications.len(), 1, "and stays in the record");
    let voided = change.applications[0].voided.as_ref().unwrap();
    assert_eq!(voided.reason, "pressed t on the wrong row");
    assert_eq!(voided.by, "rita");
    assert!(
        p.s.running_timers()
            .iter()
            .all(|(t, _)| matches!(t, TimerTarget::Step { .. })),
        "its timer stopped"
    );
    assert_eq!(p.s.rehearsal().total, Duration::zero());
    // Nothing is under way any more, so there is nothing to cancel.
    assert!(matches!(
        p.refused("rita", cancel("again")),
        OpError::NotApplying { .. }
    ));
    // A new attempt times from scratch.
    timed(&mut p, a, EnvKey::Stage2, 200, 12);
    assert_eq!(p.s.rehearsal().of(a), Some(Duration::minutes(12)));
}

#[test]
fn failures_skips_and_hard_replays_need_a_note_and_the_rehearsal_a_rating() {
    let (mut p, [a, _, c]) = rehearsal_ready();
    p.ok(
        "lead",
        OpKind::StartStep {
            step: 8,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    p.ok("rita", start(a, EnvKey::Stage2, None));
    let error = p.refused("rita", finish(a, EnvKey::Stage2, Outcome::Failed, None));
    assert_eq!(
        error.to_string(),
        "a note is required when WP-001 is recorded as failed"
    );
    let error = p.refused("rita", finish(a, EnvKey::Stage2, Outcome::Applied, None));
    assert!(matches!(error, OpError::RatingRequired { .. }), "{error}");
    let error = p.refused(
        "rita",
        finish(
            a,
            EnvKey::Stage2,
            Outcome::Applied,
            Some(Replicability::Improvised),
        ),
    );
    assert_eq!(
        error.to_string(),
        "a note is required when WP-001 is recorded as improvised"
    );
    p.ok(
        "rita",
        noted(
            finish(
                a,
                EnvKey::Stage2,
                Outcome::Applied,
                Some(Replicability::Improvised),
            ),
            "the navigation path skips the Layout tab",
        ),
    );
    let error = p.refused("rita", finish(c, EnvKey::Stage2, Outcome::Skipped, None));
    assert!(
        matches!(
            error,
            OpError::NoteRequired {
                what: "skipped",
                ..
            }
        ),
        "{error}"
    );
    p.ok(
        "rita",
        noted(
            finish(c, EnvKey::Stage2, Outcome::Skipped, None),
            "not needed in stage 2",
        ),
    );
    // Outside the rehearsal (Stage 1 here) an application needs no rating, and takes
    // none; Production waits for step 11.
    p.ok("rita", start(c, EnvKey::Stage1, None));
    let rated = finish(
        c,
        EnvKey::Stage1,
        Outcome::Applied,
        Some(Replicability::AsWritten),
    );
    assert_eq!(p.refused("rita", rated), OpError::RatingOutsideRehearsal);
    p.ok("rita", finish(c, EnvKey::Stage1, Outcome::Applied, None));
    assert_eq!(
        p.refused("rita", start(c, EnvKey::Production, None))
            .to_string(),
        "Production is changed in the Production implementation (step 11); start that step \
         first"
    );
}

#[test]
fn the_must_fix_list_holds_hard_replays_until_the_change_is_edited_and_guards_step_11() {
    let (mut p, [a, b, c]) = rehearsal_ready();
    p.ok(
        "lead",
        OpKind::StartStep {
            step: 8,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    for (change, rating) in [
        (a, Replicability::WrongValue),
        (b, Replicability::Ambiguous),
        (c, Replicability::AsWritten),
    ] {
        p.ok("rita", start(change, EnvKey::Stage2, None));
        p.ok(
            "rita",
            noted(
                finish(change, EnvKey::Stage2, Outcome::Applied, Some(rating)),
                "see the entry",
            ),
        );
    }
    let list: Vec<(ChangeId, Replicability)> =
        p.s.must_fix()
            .iter()
            .map(|m| (m.change, m.rating))
            .collect();
    assert_eq!(
        list,
        vec![
            (a, Replicability::WrongValue),
            (b, Replicability::Ambiguous)
        ]
    );
    p.edit(a, "The after value is 30 days, not 30");
    let list: Vec<ChangeId> = p.s.must_fix().iter().map(|m| m.change).collect();
    assert_eq!(list, vec![b], "editing WP-001 clears its entry");
    for step in 8..=10 {
        p.ok(
            "lead",
            OpKind::SkipStep {
                step,
                reason: "for the test".into(),
            },
        );
    }
    let error = p.refused(
        "lead",
        OpKind::StartStep {
            step: 11,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    assert_eq!(
        error.to_string(),
        "the Work Plan has entries to fix from the rehearsal (WP-002); starting step 11 \
         anyway needs a reason"
    );
    // Timing or completing step 11 from todo begins it too, under the same rule.
    let timer = OpKind::StartTimer {
        target: TimerTarget::Step { step: 11 },
    };
    assert!(matches!(
        p.refused("lead", timer),
        OpError::MustFixOpen { .. }
    ));
    p.ok(
        "lead",
        OpKind::StartStep {
            step: 11,
            override_reason: Some("WP-002 wording fixed on paper".into()),
            ahead_of: Vec::new(),
        },
    );
    let recorded = p.s.step(11).unwrap().start_override.clone().unwrap();
    assert_eq!(recorded.must_fix, vec![b]);
    assert_eq!(recorded.reason, "WP-002 wording fixed on paper");
}

#[test]
fn the_outage_length_is_proposed_from_the_rehearsal_with_each_part() {
    let (mut p, [a, b, c]) = rehearsal_ready();
    assert_eq!(
        p.s.outage_proposal(at(0)),
        None,
        "no rehearsal timing: no guess"
    );
    p.ok(
        "lead",
        OpKind::StartStep {
            step: 8,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    timed(&mut p, a, EnvKey::Stage2, 100, 10);
    timed(&mut p, b, EnvKey::Stage2, 120, 20);
    // WP-003 is not timed: it is left out of the total and counted.
    p.ok("lead", OpKind::CompleteStep { step: 8 });
    let op = p.op_at(
        "lead",
        200,
        OpKind::StartStep {
            step: 9,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    p.apply_ok(op);
    let op = p.op_at("lead", 245, OpKind::CompleteStep { step: 9 });
    p.apply_ok(op);
    let plan = p.s.outage_proposal(at(300)).unwrap();
    assert_eq!(plan.rehearsal, Duration::minutes(30));
    assert_eq!(plan.untimed, 1);
    assert_eq!(plan.contingency_percent, 50);
    assert_eq!(plan.contingency, Duration::minutes(15));
    assert!(plan.verification_measured);
    assert_eq!(
        plan.verification,
        Duration::minutes(45),
        "step 9 as measured"
    );
    assert_eq!(plan.rollback, Duration::minutes(30), "the default reserve");
    assert_eq!(plan.length, Duration::minutes(30 + 15 + 45 + 30));
    let _ = c;
    set_plan(&mut p, None, Some(20), 60);
    let plan = p.s.outage_proposal(at(300)).unwrap();
    assert!(!plan.verification_measured);
    assert_eq!(plan.length, Duration::minutes(30 + 15 + 20 + 60));
}

/// Rehearsed: WP-001 10 min, WP-002 20 min, WP-003 30 min. Window 1000–1120 with a
/// 30-minute reserve (point of no return at 1090); step 11 starts at 1000.
fn outage_under_way() -> (Plan, [ChangeId; 3]) {
    let (mut p, changes) = rehearsal_ready();
    let [a, b, c] = changes;
    p.ok(
        "lead",
        OpKind::StartStep {
            step: 8,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    timed(&mut p, a, EnvKey::Stage2, 100, 10);
    timed(&mut p, b, EnvKey::Stage2, 120, 20);
    timed(&mut p, c, EnvKey::Stage2, 150, 30);
    for step in 8..=10 {
        p.ok("lead", OpKind::CompleteStep { step });
    }
    set_plan(&mut p, Some((1000, 1120)), None, 30);
    let op = p.op_at(
        "lead",
        1000,
        OpKind::StartStep {
            step: 11,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    p.apply_ok(op);
    (p, changes)
}

#[test]
fn before_anything_is_applied_the_forecast_is_the_rehearsal() {
    let (p, [a, _, _]) = outage_under_way();
    let board = p.s.outage_board(at(1000));
    assert_eq!((board.total, board.finished()), (3, 0));
    assert_eq!(board.next, Some(a));
    assert_eq!(board.pace, None);
    assert_eq!(board.finish, Some(at(1060)));
    assert_eq!(board.slack(), Some(Duration::minutes(60)));
    assert_eq!(board.point_of_no_return, Some(at(1090)));
    assert_eq!(board.to_point_of_no_return(), Some(Duration::minutes(90)));
    assert_eq!(board.window_left(), Some(Duration::minutes(120)));
    assert_eq!(board.elapsed(), Some(Duration::zero()));
    assert_eq!(board.state, OutageState::Green);
}

#[test]
fn a_slower_pace_than_the_rehearsal_stretches_the_forecast_and_turns_it_amber_then_red() {
    let (mut p, [a, b, c]) = outage_under_way();
    // WP-001 took 20 min against 10 rehearsed: pace 2.
    timed(&mut p, a, EnvKey::Production, 1000, 20);
    let op = p.op_at("rita", 1020, start(b, EnvKey::Production, None));
    p.apply_ok(op);
    let board = p.s.outage_board(at(1030));
    assert_eq!(board.pace, Some(2.0));
    let under = board.under_way.clone().unwrap();
    assert_eq!(under.change, b);
    assert_eq!(under.elapsed, Duration::minutes(10));
    assert_eq!(under.rehearsal, Some(Duration::minutes(20)));
    assert_eq!(board.next, Some(c));
    // WP-002: 40 planned at pace 2, 10 done → 30 left; WP-003: 60. Finish at 1120.
    assert_eq!(board.finish, Some(at(1120)));
    assert_eq!(board.slack(), Some(Duration::zero()));
    assert_eq!(
        board.state,
        OutageState::Red,
        "the forecast passes the point of no return"
    );
    // Had the window an hour more, it would be green; 35 minutes more, amber (the
    // point of no return at 1125 is less than a tenth of the 155-minute window away).
    set_plan(&mut p, Some((1000, 1180)), None, 30);
    assert_eq!(p.s.outage_board(at(1030)).state, OutageState::Green);
    set_plan(&mut p, Some((1000, 1155)), None, 30);
    let board = p.s.outage_board(at(1030));
    assert_eq!(board.point_of_no_return, Some(at(1125)));
    assert_eq!(board.state, OutageState::Amber);
}

#[test]
fn a_faster_pace_brings_the_finish_forward() {
    let (mut p, [a, b, _]) = outage_under_way();
    timed(&mut p, a, EnvKey::Production, 1000, 5);
    timed(&mut p, b, EnvKey::Production, 1005, 10);
    let board = p.s.outage_board(at(1015));
    assert_eq!(board.pace, Some(0.5));
    assert_eq!(board.applied, 2);
    assert_eq!(
        board.finish,
        Some(at(1030)),
        "WP-003's 30 minutes at half pace"
    );
    assert_eq!(board.state, OutageState::Green);
}

#[test]
fn failed_skipped_and_cancelled_changes_count_as_such() {
    let (mut p, [a, b, c]) = outage_under_way();
    let op = p.op_at("rita", 1000, start(a, EnvKey::Production, None));
    p.apply_ok(op);
    let op = p.op_at(
        "rita",
        1010,
        noted(
            finish(a, EnvKey::Production, Outcome::Failed, None),
            "save button greyed",
        ),
    );
    p.apply_ok(op);
    let op = p.op_at(
        "rita",
        1011,
        start(b, EnvKey::Production, Some("WP-001 failed")),
    );
    p.apply_ok(op);
    let op = p.op_at(
        "rita",
        1012,
        OpKind::CancelApplication {
            change: b,
            env: EnvKey::Production,
            reason: "wait for the vendor".into(),
        },
    );
    p.apply_ok(op);
    let op = p.op_at(
        "rita",
        1013,
        noted(
            finish(c, EnvKey::Production, Outcome::Skipped, None),
            "not wanted any more",
        ),
    );
    p.apply_ok(op);
    let board = p.s.outage_board(at(1015));
    assert_eq!((board.applied, board.failed, board.skipped), (0, 1, 1));
    assert_eq!(
        board.under_way, None,
        "the cancelled attempt is not under way"
    );
    assert_eq!(board.next, Some(b));
    assert_eq!(board.pace, None, "a failure sets no pace");
    assert_eq!(
        board.finish,
        Some(at(1035)),
        "only WP-002's 20 minutes are left"
    );
    let left: Vec<ChangeId> =
        p.s.not_applied_in_production()
            .iter()
            .map(|c| c.id)
            .collect();
    assert_eq!(left, vec![a, b, c]);
}

#[test]
fn an_overrun_window_and_a_passed_point_of_no_return_are_red() {
    let (mut p, [a, _, _]) = outage_under_way();
    timed(&mut p, a, EnvKey::Production, 1000, 10);
    let board = p.s.outage_board(at(1095));
    // Work left is 50 min at pace 1, so the finish is 1145, past the window's end.
    assert_eq!(board.finish, Some(at(1145)));
    assert_eq!(board.slack(), Some(Duration::minutes(-25)));
    assert_eq!(board.to_point_of_no_return(), Some(Duration::minutes(-5)));
    assert_eq!(board.state, OutageState::Red);
    let board = p.s.outage_board(at(1130));
    assert_eq!(board.window_left(), Some(Duration::minutes(-10)));
    assert_eq!(board.state, OutageState::Red);
}

#[test]
fn without_rehearsal_timing_or_a_window_there_is_no_forecast_colour() {
    let (mut p, [a, _, _]) = rehearsal_ready();
    p.ok(
        "lead",
        OpKind::StartStep {
            step: 11,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    let op = p.op_at("rita", 500, start(a, EnvKey::Production, None));
    p.apply_ok(op);
    let board = p.s.outage_board(at(510));
    assert_eq!(board.finish, None, "nothing was timed in the rehearsal");
    assert_eq!(board.untimed_left, 3);
    assert_eq!(board.state, OutageState::Unknown);
    assert_eq!(board.window, None);
}

#[test]
fn a_finished_outage_keeps_its_end_and_an_untimed_change_counts_at_the_mean() {
    let (mut p, [a, b, c]) = outage_under_way();
    // Make WP-003 untimed in the rehearsal: its latest stage 2 attempt is untimed.
    p.ok(
        "rita",
        OpKind::FinishApplication {
            change: c,
            env: EnvKey::Stage2,
            outcome: Outcome::Applied,
            note: String::new(),
            replicability: None,
            rating: None,
        },
    );
    let board = p.s.outage_board(at(1000));
    assert_eq!(board.untimed_left, 1);
    // 10 + 20, and WP-003 at the mean of 15.
    assert_eq!(board.finish, Some(at(1045)));
    for (i, change) in [a, b, c].into_iter().enumerate() {
        timed(&mut p, change, EnvKey::Production, 1000 + 10 * i as i64, 10);
    }
    let op = p.op_at("lead", 1040, OpKind::CompleteStep { step: 11 });
    p.apply_ok(op);
    let board = p.s.outage_board(at(1300));
    assert_eq!(board.finish, Some(at(1030)));
    assert_eq!(
        board.elapsed(),
        Some(Duration::minutes(40)),
        "stops at the end"
    );
    assert_eq!(board.state, OutageState::Green);
}

#[test]
fn the_status_line_for_chat_says_where_the_outage_stands() {
    use cmo_promote::vocab::outage::status_line;
    let utc = Some(chrono::FixedOffset::east_opt(0).unwrap());
    let (mut p, [a, b, _]) = outage_under_way();
    timed(&mut p, a, EnvKey::Production, 1000, 20);
    let op = p.op_at("rita", 1020, start(b, EnvKey::Production, None));
    p.apply_ok(op);
    assert_eq!(
        status_line(&p.s, at(1030), utc),
        "Outage 01:10–03:10 · 1/3 applied · forecast 03:10 (0 s slack) · PNR 02:40 · RED · \
         step 11 in progress"
    );
    let op = p.op_at(
        "lead",
        1040,
        OpKind::SkipStep {
            step: 11,
            reason: "rolled back".into(),
        },
    );
    p.apply_ok(op);
    assert_eq!(
        status_line(&p.s, at(1050), utc),
        "Outage 01:10–03:10 on Tue 5 May · step 12 todo: Copy Production back down"
    );
}

#[test]
fn the_copy_back_is_due_days_after_step_11_and_the_status_line_says_when_it_is_late() {
    use cmo_promote::vocab::outage::status_line;
    let utc = Some(chrono::FixedOffset::east_opt(0).unwrap());
    let (mut p, _) = outage_under_way();
    assert_eq!(p.s.copy_back_due(), None, "not before step 11 is done");
    let op = p.op_at("lead", 1100, OpKind::CompleteStep { step: 11 });
    p.apply_ok(op);
    let due = at(1100) + Duration::days(3);
    assert_eq!(p.s.copy_back_due(), Some(due));
    let line = status_line(&p.s, at(1200), utc);
    assert!(line.ends_with("copy-back due Fri 8 May"), "{line}");
    let line = status_line(&p.s, due + Duration::minutes(1), utc);
    assert!(
        line.ends_with("copy-back OVERDUE since Fri 8 May"),
        "{line}"
    );
    let op = p.op_at("lead", 5000, OpKind::CompleteStep { step: 12 });
    p.apply_ok(op);
    assert_eq!(p.s.copy_back_due(), None, "done");
}

#[test]
fn lifting_a_freeze_needs_a_reason() {
    let mut p = Plan::new();
    p.ok(
        "lead",
        OpKind::StartFreeze {
            note: String::new(),
            after: None,
        },
    );
    assert_eq!(
        p.refused(
            "lead",
            OpKind::EndFreeze {
                note: " ".into(),
                after: None
            }
        ),
        OpError::ReasonRequired("lift the freeze")
    );
    p.ok(
        "lead",
        OpKind::EndFreeze {
            note: "CAB agreed".into(),
            after: None,
        },
    );
}

#[test]
fn attempts_recorded_as_older_builds_did_replay_to_the_state_they_stored() {
    // An older build stored the note as given and no revision for an unrated attempt;
    // `check` rebuilds the state from the history and compares, so the same ops must
    // still give the same state.
    let (mut p, [a, _, _]) = rehearsal_ready();
    p.edit(a, "edited before it was applied");
    p.ok("rita", start(a, EnvKey::Stage1, None));
    p.ok(
        "rita",
        noted(
            finish(a, EnvKey::Stage1, Outcome::Applied, None),
            "  went fine ",
        ),
    );
    let attempt =
        p.s.change(a)
            .unwrap()
            .latest_application(EnvKey::Stage1)
            .unwrap();
    assert_eq!(attempt.note, "  went fine ");
    assert_eq!(attempt.change_revision, 0);
    assert!(p.s.problems().is_empty(), "{:?}", p.s.problems());
}

#[test]
fn only_an_edit_takes_an_entry_off_the_must_fix_list() {
    let (mut p, [a, _, _]) = rehearsal_ready();
    p.ok(
        "lead",
        OpKind::StartStep {
            step: 8,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    p.ok("rita", start(a, EnvKey::Stage2, None));
    p.ok(
        "rita",
        noted(
            finish(
                a,
                EnvKey::Stage2,
                Outcome::Applied,
                Some(Replicability::WrongValue),
            ),
            "30, not 3",
        ),
    );
    // Started again, skipped, rated as written the next time: still to fix.
    p.ok("rita", start(a, EnvKey::Stage2, None));
    assert_eq!(p.s.must_fix().len(), 1, "a new attempt under way");
    p.ok(
        "rita",
        noted(finish(a, EnvKey::Stage2, Outcome::Skipped, None), "later"),
    );
    assert_eq!(p.s.must_fix().len(), 1, "skipped");
    p.ok("rita", start(a, EnvKey::Stage2, None));
    p.ok(
        "rita",
        finish(
            a,
            EnvKey::Stage2,
            Outcome::Applied,
            Some(Replicability::AsWritten),
        ),
    );
    assert_eq!(p.s.must_fix().len(), 1, "as written this time");
    p.ok("lead", OpKind::CompleteStep { step: 8 });
    p.ok("rita", finish(a, EnvKey::Stage2, Outcome::Applied, None));
    assert_eq!(
        p.s.must_fix().len(),
        1,
        "recorded after the rehearsal, unrated"
    );
    p.edit(a, "After: 30 days");
    assert!(p.s.must_fix().is_empty());
}

#[test]
fn a_change_with_a_cancelled_attempt_can_still_be_removed() {
    let (mut p, [_, _, c]) = rehearsal_ready();
    p.ok("rita", start(c, EnvKey::Stage1, None));
    p.ok(
        "rita",
        OpKind::CancelApplication {
            change: c,
            env: EnvKey::Stage1,
            reason: "wrong row".into(),
        },
    );
    p.ok(
        "ann",
        OpKind::RemoveChange {
            change: c,
            reason: "not needed".into(),
        },
    );
}

#[test]
fn the_copy_back_counts_from_when_step_11_was_completed_and_its_delay_has_bounds() {
    let (mut p, _) = outage_under_way();
    // Paused at 1010, completed at 1500: the copy-back counts from the completion.
    let op = p.op_at(
        "lead",
        1010,
        OpKind::StopTimer {
            target: TimerTarget::Step { step: 11 },
        },
    );
    p.apply_ok(op);
    let op = p.op_at("lead", 1500, OpKind::CompleteStep { step: 11 });
    p.apply_ok(op);
    assert_eq!(p.s.implemented_at(), Some(at(1500)));
    assert_eq!(p.s.copy_back_due(), Some(at(1500) + Duration::days(3)));
    let plan = |days: u32| OpKind::SetOutagePlan {
        window_start: None,
        window_end: None,
        contingency_percent: 50,
        copy_back_after_days: days,
        verification_minutes: None,
        rollback_minutes: 30,
    };
    assert_eq!(
        p.refused("lead", plan(100_000_000)).to_string(),
        "the copy-back delay (days) of 100000000 is out of range (0 to 365)"
    );
    // A file that holds such a value anyway (written by hand or an older build) shows
    // no due date rather than failing.
    let mut ops = p.s.history().clone();
    ops.push(p.op_at("lead", 1600, plan(u32::MAX)));
    let old = Session::replay(&p.s.implied_template(), p.s.meta(), &ops).unwrap();
    assert_eq!(old.outage().copy_back_after_days, u32::MAX);
    assert_eq!(old.copy_back_due(), None);
}

#[test]
fn once_step_11_is_completed_the_forecast_stops_even_with_changes_left() {
    let (mut p, [a, _, _]) = outage_under_way();
    timed(&mut p, a, EnvKey::Production, 1000, 10);
    let op = p.op_at("lead", 1020, OpKind::CompleteStep { step: 11 });
    p.apply_ok(op);
    for now in [1030, 5000] {
        let board = p.s.outage_board(at(now));
        assert_eq!(board.finish, Some(at(1010)), "at {now}");
        assert_eq!(board.ended, Some(at(1020)));
        assert_eq!(board.elapsed(), Some(Duration::minutes(20)));
        assert_eq!(board.state, OutageState::Green);
    }
}
