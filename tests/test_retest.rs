//! Retest after an edit (issue #8): a pass, recorded or carried, needs a retest once a
//! change the script covers is added, edited or removed after it was recorded, in
//! history order; the Tests screen, the checklist row and the Work Plan say how many.

mod common;

use ResultStatus::{Fail, Pass, Waived};
use chrono::Duration;
use cmo_promote::model::*;
use common::plan::Plan;
use common::t0;

fn carried(from_round: u32, status: ResultStatus) -> EffectiveStatus {
    EffectiveStatus::Carried { from_round, status }
}

fn retest(passed_in: u32, change: ChangeId) -> EffectiveStatus {
    EffectiveStatus::NeedsRetest { passed_in, change }
}

#[test]
fn editing_a_covered_change_after_a_pass_flags_the_script_for_retest() {
    let mut p = Plan::new();
    let (wp1, wp2) = (p.change("Incident form"), p.change("Escalation rule"));
    let (ts1, ts2) = (p.script("Incident", &[wp1]), p.script("Escalation", &[wp2]));
    p.ok(
        "ann",
        OpKind::StartStep {
            step: 4,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    let first = p.round(4);
    p.mark(first, ts1, Pass);
    p.mark(first, ts2, Pass);
    assert_eq!(p.s.needs_retest_count(4), 0);

    p.edit(wp1, "Severity is now required");
    assert_eq!(p.status(first, ts1), retest(1, wp1));
    assert_eq!(
        p.status(first, ts2),
        EffectiveStatus::Pass,
        "other changes untouched"
    );
    assert_eq!(p.s.needs_retest_count(4), 1, "the checklist row of step 4");
    assert_eq!(
        p.s.change_test_state(wp1),
        ChangeTestState {
            covered_by: 1,
            failing: 0,
            needs_retest: 1
        }
    );
    assert_eq!(
        p.s.tally(first).unwrap().to_string(),
        "1/2 pass · 0 fail · 0 blocked · 0 not run · 1 needs retest"
    );

    // The next round pre-selects it (not carried), and a new pass settles it there.
    let second = p.round(6);
    assert_eq!(p.status(second, ts1), retest(1, wp1));
    assert_eq!(p.status(second, ts2), carried(1, Pass));
    assert_eq!(p.s.to_run(second), vec![ts1]);
    assert_eq!(p.s.needs_retest_count(6), 1);
    p.mark(second, ts1, Pass);
    assert_eq!(p.status(second, ts1), EffectiveStatus::Pass);
    assert_eq!(p.s.needs_retest_count(6), 0);
    assert_eq!(
        p.status(first, ts1),
        retest(1, wp1),
        "round 1's pass stays stale"
    );
}

#[test]
fn a_carried_pass_is_flagged_when_its_change_is_edited_after_the_round_began() {
    let mut p = Plan::new();
    let wp1 = p.change("Incident form");
    let ts1 = p.script("Incident", &[wp1]);
    let first = p.round(4);
    p.mark(first, ts1, Pass);
    let second = p.round(6);
    assert_eq!(p.status(second, ts1), carried(1, Pass));
    p.edit(wp1, "changed during the retest");
    assert_eq!(p.status(second, ts1), retest(1, wp1));
    assert_eq!(p.s.to_run(second), vec![ts1]);
}

#[test]
fn removing_a_covered_change_flags_retest_but_moving_or_an_earlier_edit_does_not() {
    let mut p = Plan::new();
    let (wp1, wp2, wp3) = (p.change("A"), p.change("B"), p.change("C"));
    let ts = p.script("All three", &[wp1, wp2, wp3]);
    p.edit(wp2, "edited before the test");
    let round = p.round(4);
    p.mark(round, ts, Pass);
    p.ok("ann", OpKind::MoveChange { change: wp3, to: 0 });
    assert_eq!(
        p.status(round, ts),
        EffectiveStatus::Pass,
        "a move is not an edit"
    );
    let removal = OpKind::RemoveChange {
        change: wp3,
        reason: "dropped".into(),
    };
    p.ok("ann", removal);
    assert_eq!(p.status(round, ts), retest(1, wp3));
}

#[test]
fn history_order_decides_not_the_testers_clocks() {
    let mut p = Plan::new();
    let wp1 = p.change("Incident form");
    let ts1 = p.script("Incident", &[wp1]);
    let round = p.round(4);
    // The tester's clock is an hour ahead: the pass says 10:30, the later edit 9:40.
    let pass = OpKind::RecordResult {
        round,
        script: ts1,
        status: Pass,
        comment: String::new(),
    };
    let op = p.op_at("tess", 120, pass);
    p.apply_ok(op);
    let edit = OpKind::EditChange {
        change: wp1,
        edits: vec![ChangeEdit::Item("Incident report".into())],
        was: vec![],
    };
    let op = p.op_at("ann", 70, edit);
    p.apply_ok(op);
    assert!(p.s.history().last().unwrap().at < t0() + Duration::minutes(120));
    assert_eq!(p.status(round, ts1), retest(1, wp1));
}

#[test]
fn a_waiver_and_a_failure_are_not_flagged_by_an_edit() {
    let mut p = Plan::new();
    let wp1 = p.change("Incident form");
    let (waived, failed) = (p.script("W", &[wp1]), p.script("F", &[wp1]));
    let round = p.round(4);
    p.mark(round, waived, Waived);
    p.mark(round, failed, Fail);
    p.edit(wp1, "fix");
    assert_eq!(p.status(round, waived), EffectiveStatus::Waived);
    assert_eq!(p.status(round, failed), EffectiveStatus::Fail);
    assert_eq!(
        p.s.change_test_state(wp1),
        ChangeTestState {
            covered_by: 2,
            failing: 1,
            needs_retest: 0
        }
    );
}
