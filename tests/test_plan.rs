//! The Test Plan as testers use it (issue #8): scripts with their details, removal,
//! rounds that carry passes forward and pre-select the rest, marks that replace the
//! current result but keep the earlier ones, the Work Plan's test column and its
//! revision. Every cell is also checked against the [`TestGrid`] the Tests screen draws
//! from. Retests after an edit are in `test_retest.rs`.

mod common;

use ResultStatus::{Blocked, Fail, NotRun, Pass, Waived};
use cmo_promote::model::*;
use common::plan::Plan;

fn carried(from_round: u32, status: ResultStatus) -> EffectiveStatus {
    EffectiveStatus::Carried { from_round, status }
}

// ───────────────────────────── scripts ─────────────────────────────

#[test]
fn a_script_keeps_its_preconditions_steps_owner_and_priority() {
    let mut p = Plan::new();
    let a = p.change("Incident form");
    let fields = ScriptFields {
        title: "  Raise an incident ".into(),
        preconditions: "Logged in as a clerk\n  with the Incident role".into(),
        steps: vec![ScriptStep {
            action: "Open Incidents > New".into(),
            expected: "The form opens\nwith the new Severity field".into(),
        }],
        covers: vec![a],
        owner: Some("  tess ".into()),
        priority: Some(Priority::High),
    };
    let id = ScriptId(
        p.ok(
            "tess",
            OpKind::AddTestScript {
                fields: Box::new(fields),
            },
        )
        .0,
    );
    let s = p.s.script(id).unwrap();
    assert_eq!(s.label(), "TS-001");
    assert_eq!(s.fields.title, "Raise an incident");
    assert_eq!(
        s.fields.preconditions,
        "Logged in as a clerk\n  with the Incident role"
    );
    assert_eq!(
        s.fields.steps[0].expected,
        "The form opens\nwith the new Severity field"
    );
    assert_eq!(s.fields.owner.as_deref(), Some("tess"));
    assert_eq!(s.fields.priority, Some(Priority::High));

    let mut edited = s.fields.clone();
    edited.owner = Some("   ".into());
    edited.priority = Some(Priority::Low);
    p.ok(
        "tess",
        OpKind::EditTestScript {
            script: id,
            fields: Box::new(edited),
        },
    );
    let s = p.s.script(id).unwrap();
    assert_eq!(s.fields.owner, None, "a blank owner is nobody");
    assert_eq!(s.fields.priority, Some(Priority::Low));
    assert_eq!(Priority::parse(" Medium "), Some(Priority::Medium));
    assert_eq!(Priority::parse("urgent"), None);
}

#[test]
fn a_removed_script_stays_with_who_when_and_why_but_counts_no_more() {
    let mut p = Plan::new();
    let one = p.script("Login", &[]);
    let two = p.script("Logout", &[]);
    let round = p.round(4);
    p.mark(round, two, Fail);

    let kind = |reason: &str| OpKind::RemoveTestScript {
        script: two,
        reason: reason.into(),
    };
    assert_eq!(
        p.refused("tess", kind("  ")),
        OpError::ReasonRequired("remove a test script")
    );
    let at = p.next_time();
    p.ok("lead", kind(" covered by TS-001 "));
    let removed = p.s.script(two).unwrap().removed.clone().expect("marked");
    assert_eq!(
        (removed.by.as_str(), removed.at, removed.reason.as_str()),
        ("lead", at, "covered by TS-001")
    );
    assert_eq!(p.s.script_history(two).len(), 1, "its results stay");

    let tally = p.s.tally(round).unwrap();
    assert_eq!((tally.total, tally.fail, tally.not_run), (1, 0, 1));
    assert_eq!(p.s.to_run(round), vec![one]);
    let grid = TestGrid::of(&p.s);
    assert_eq!(grid.scripts().len(), 1);

    let gone = OpError::ScriptRemoved("TS-002".into());
    assert_eq!(p.refused("tess", kind("again")), gone);
    let mark = OpKind::RecordResult {
        round,
        script: two,
        status: Pass,
        comment: String::new(),
    };
    assert_eq!(p.refused("tess", mark), gone);
    let edit = OpKind::EditTestScript {
        script: two,
        fields: Box::new(ScriptFields {
            title: "Logout again".into(),
            ..Default::default()
        }),
    };
    assert_eq!(p.refused("tess", edit), gone);
    let three = p.script("Password reset", &[]);
    assert_eq!(
        p.s.script(three).unwrap().label(),
        "TS-003",
        "numbers are not reused"
    );
}

// ───────────────────────────── rounds and carry-forward ─────────────────────────────

#[test]
fn a_new_round_carries_passes_and_waivers_and_preselects_the_rest() {
    let mut p = Plan::new();
    let ts: Vec<ScriptId> = (1..=6).map(|i| p.script(&format!("S{i}"), &[])).collect();
    let first = p.round(4);
    p.mark(first, ts[0], Pass);
    p.mark(first, ts[1], Fail);
    p.mark(first, ts[2], Blocked);
    p.mark(first, ts[3], Waived);
    p.mark(first, ts[5], NotRun);
    let retest_round = p.round(6);

    let shown: Vec<EffectiveStatus> = ts.iter().map(|s| p.status(retest_round, *s)).collect();
    use EffectiveStatus as E;
    assert_eq!(
        shown,
        [
            carried(1, Pass),
            E::NotRun,
            E::NotRun,
            carried(1, Waived),
            E::NotRun,
            E::NotRun
        ]
    );
    let carried_pass = p.s.effective_result(retest_round, ts[0]).unwrap();
    assert_eq!(
        carried_pass.result.map(|r| r.tester.as_str()),
        Some("tess"),
        "a carried result shows who passed it"
    );
    assert_eq!(
        p.s.effective_result(retest_round, ts[1]).unwrap().result,
        None,
        "the failure belongs to round 1"
    );
    assert_eq!(p.s.to_run(retest_round), vec![ts[1], ts[2], ts[4], ts[5]]);
    assert_eq!(
        p.s.tally(retest_round).unwrap().to_string(),
        "1/6 pass · 0 fail · 0 blocked · 4 not run · 1 waived · 2 carried"
    );
    assert_eq!(
        p.s.tally(first).unwrap().to_string(),
        "1/6 pass · 1 fail · 1 blocked · 2 not run · 1 waived"
    );

    // A third round still says where the pass was recorded.
    let third = p.round(6);
    assert_eq!(p.status(third, ts[0]), carried(1, Pass));
    p.mark(retest_round, ts[1], Pass);
    assert_eq!(p.status(third, ts[1]), carried(2, Pass));
    assert_eq!(
        p.status(first, ts[1]),
        E::Fail,
        "earlier rounds keep theirs"
    );
}

#[test]
fn marking_again_replaces_the_current_result_and_keeps_the_earlier_ones() {
    let mut p = Plan::new();
    let login = p.script("Login", &[]);
    let first = p.round(4);
    p.mark_by("tess", first, login, Blocked, "SSO down");
    p.mark_by("ben", first, login, Pass, "SSO back");
    let second = p.round(6);
    p.mark_by("tess", second, login, Fail, "timeout");

    assert_eq!(p.status(first, login), EffectiveStatus::Pass);
    let current = p.s.effective_result(first, login).unwrap().result.unwrap();
    assert_eq!(
        (current.tester.as_str(), current.comment.as_str()),
        ("ben", "SSO back")
    );
    assert_eq!(p.status(second, login), EffectiveStatus::Fail);

    let history: Vec<(u32, &str, ResultStatus, &str)> =
        p.s.script_history(login)
            .into_iter()
            .map(|(round, r)| (round, r.tester.as_str(), r.status, r.comment.as_str()))
            .collect();
    assert_eq!(
        history,
        [
            (1, "tess", Blocked, "SSO down"),
            (1, "ben", Pass, "SSO back"),
            (2, "tess", Fail, "timeout")
        ]
    );
    let times: Vec<_> =
        p.s.script_history(login)
            .iter()
            .map(|(_, r)| r.at)
            .collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "each with its time");
}

// ───────────────────────────── the Work Plan's test column ─────────────────────────────

#[test]
fn a_change_shows_how_many_active_scripts_cover_it_in_the_current_round() {
    let mut p = Plan::new();
    let (wp1, wp2) = (p.change("A"), p.change("B"));
    let untested = p.change("C");
    let (ts1, ts2) = (p.script("One", &[wp1, wp2]), p.script("Two", &[wp1]));
    let gone = p.script("Gone", &[wp1]);
    p.ok(
        "tess",
        OpKind::RemoveTestScript {
            script: gone,
            reason: "merged into TS-001".into(),
        },
    );
    let state = |p: &Plan, c| {
        let grid = TestGrid::of(&p.s);
        assert_eq!(grid.change_test_state(c), p.s.change_test_state(c));
        p.s.change_test_state(c)
    };
    assert_eq!(state(&p, wp1).covered_by, 2, "before any round");
    assert!(state(&p, untested).is_untested());

    let first = p.round(4);
    p.mark(first, ts1, Fail);
    p.mark(first, ts2, Pass);
    let expect = |covered_by, failing, needs_retest| ChangeTestState {
        covered_by,
        failing,
        needs_retest,
    };
    assert_eq!(state(&p, wp1), expect(2, 1, 0));
    assert_eq!(state(&p, wp2), expect(1, 1, 0));
    // A new round is the current one: the failure is round 1's, TS-001 is to run.
    p.round(6);
    assert_eq!(state(&p, wp1), expect(2, 0, 0));
}

#[test]
fn the_current_round_is_the_latest_of_the_current_testing_step_else_the_latest() {
    let mut p = Plan::new();
    assert!(p.s.current_round().is_none());
    let first = p.round(4);
    let later = p.round(6);
    let number = |p: &Plan| p.s.current_round().map(|r| r.number);
    // Step 1 is current (not a testing step): the latest round.
    assert_eq!(number(&p), Some(2));
    p.ok(
        "ann",
        OpKind::StartStep {
            step: 4,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    assert_eq!(p.s.current_round().map(|r| r.id), Some(first));
    let again = p.round(4);
    assert_eq!(p.s.current_round().map(|r| r.id), Some(again));
    assert_ne!(again, later);
}

// ───────────────────────────── the Work Plan revision ─────────────────────────────

#[test]
fn every_change_to_the_work_plan_counts_one_revision() {
    let mut p = Plan::new();
    let rev = |p: &Plan| p.s.work_plan_revision();
    assert_eq!(rev(&p), 0);
    let (a, b) = (p.change("A"), p.change("B"));
    assert_eq!(rev(&p), 2);
    p.edit(a, "more");
    p.ok("ann", OpKind::MoveChange { change: b, to: 0 });
    assert_eq!(rev(&p), 4);
    p.ok("ann", OpKind::MoveChange { change: b, to: 0 });
    assert_eq!(rev(&p), 4, "a move to where it is changes nothing");
    p.ok(
        "ann",
        OpKind::RemoveChange {
            change: a,
            reason: "dropped".into(),
        },
    );
    assert_eq!(rev(&p), 5);
    let ts = p.script("Login", &[b]);
    let round = p.round(4);
    p.mark(round, ts, Pass);
    p.ok(
        "ann",
        OpKind::StartApplication {
            change: b,
            env: EnvKey::Stage2,
            override_reason: None,
        },
    );
    assert_eq!(
        rev(&p),
        5,
        "tests and applications are not Work Plan changes"
    );
    assert_eq!(p.s.change(a).unwrap().changed_at_revision, 5);
    assert_eq!(
        p.s.change(b).unwrap().changed_at_revision,
        2,
        "moves do not count"
    );
}
