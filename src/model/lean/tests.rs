//! The lean copy against the whole session: every op it takes, valid or not, is
//! accepted or refused alike (with the same error) and leaves the same lean copy.

use super::*;
use crate::model::{
    ChangeFields, EnvKey, Op, OpError, Outcome, Replicability, ResultStatus, RoundId, TimerTarget,
};
use crate::sample::{Size, on_builtin};
use chrono::{TimeZone, Utc};

fn sample(seed: u64) -> Session {
    let size = Size {
        changes: 40,
        scripts: 12,
        rounds: 2,
        seed,
    };
    on_builtin("Lean", size).unwrap()
}

fn op(author: &str, kind: OpKind) -> Op {
    Op::fresh(
        author,
        Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
        kind,
    )
}

fn add_change(depends_on: Vec<ChangeId>, item: &str) -> OpKind {
    OpKind::AddChange {
        fields: Box::new(ChangeFields {
            area: "Forms".into(),
            item: item.into(),
            description: "Made the field required".into(),
            depends_on,
            ..ChangeFields::default()
        }),
    }
}

/// A lean copy with its stripped changes, as a store would keep them.
struct Kept {
    lean: Lean,
    copies: Vec<Change>,
}

impl Kept {
    fn of(session: &Session) -> Kept {
        let (lean, changes) = session.lean();
        Kept {
            copies: changes.iter().map(stripped).collect(),
            lean,
        }
    }
}

/// Applies `op` to the whole session and, through the lean copy, to a session made
/// of it (with the changes numbered `numbers`); both must agree, and so must the lean
/// copies and their stripped changes after.
fn agree_on(whole: &mut Session, kept: &mut Kept, numbers: &[u32], op: Op) -> Result<(), OpError> {
    agree_by(whole, kept, numbers, op, Session::apply)
}

/// [`agree_on`], the op applied by `apply` (as made here, or as another writer's).
fn agree_by(
    whole: &mut Session,
    kept: &mut Kept,
    numbers: &[u32],
    op: Op,
    apply: fn(&mut Session, Op) -> Result<(), OpError>,
) -> Result<(), OpError> {
    let copies = &kept.copies;
    let mut small = kept
        .lean
        .session_for(numbers, &mut |i| copies.get(i).cloned())
        .expect("every copy is there");
    let by_whole = apply(whole, op.clone());
    let by_lean = apply(&mut small, op.clone());
    assert_eq!(by_whole, by_lean, "{:?}", op.kind);
    if by_whole.is_ok() {
        let (changed, _) = kept.lean.take_in(&small);
        for (i, c) in changed {
            if i == kept.copies.len() {
                kept.copies.push(c);
            } else {
                kept.copies[i] = c;
            }
        }
    }
    let fresh = Kept::of(whole);
    assert_eq!(fresh.lean, kept.lean, "after {:?}", op.kind);
    assert!(
        fresh.copies == kept.copies,
        "the stripped changes after {:?}",
        op.kind
    );
    assert_eq!(kept.lean.done(), whole.outage_board(op.at).done());
    by_whole
}

/// [`agree_on`] with the changes an added change depends on.
fn agree(whole: &mut Session, kept: &mut Kept, op: Op) -> Result<(), OpError> {
    let numbers = kept.lean.numbers_in(std::slice::from_ref(&op));
    agree_on(whole, kept, &numbers, op)
}

#[test]
fn the_lean_copy_of_a_session_leaves_out_what_grows_with_it() {
    let s = sample(1);
    let (lean, changes) = s.lean();
    // Written without making the stripped copy, as the stripped copy is written.
    for c in changes {
        let view = rmp_serde::to_vec_named(&Stripped::of(c)).unwrap();
        assert_eq!(view, rmp_serde::to_vec_named(&stripped(c)).unwrap());
        let back: Change = rmp_serde::from_slice(&view).unwrap();
        assert_eq!(back, stripped(c));
        assert!(back.fields.description.is_empty() && !c.fields.description.is_empty());
    }
    let (_, changes, scripts) = lean.parts();
    assert_eq!(changes.len(), s.changes().len());
    assert_eq!(scripts.len(), s.scripts().len());
    assert!(changes.iter().any(|r| r.removed), "the sample removes some");
    assert!(lean.state.history().is_empty() && lean.state.changes().is_empty());
    assert!(lean.state.rounds().iter().all(|r| r.results.is_empty()));
    assert_eq!(lean.state.rounds().len(), s.rounds().len());
    // Stored and read back, it is the same copy.
    let (state, changes, scripts) = lean.parts();
    let bytes = rmp_serde::to_vec_named(&state).unwrap();
    let back = Lean::from_parts(
        rmp_serde::from_slice(&bytes).unwrap(),
        changes.to_vec(),
        scripts.to_vec(),
    );
    assert_eq!(back, lean);
}

#[test]
fn a_change_logged_through_the_lean_copy_is_checked_and_numbered_as_in_the_session() {
    for seed in [1, 2, 3] {
        let mut whole = sample(seed);
        let mut lean = Kept::of(&whole);
        let live: Vec<ChangeId> = whole
            .changes()
            .iter()
            .filter(|c| !c.is_removed())
            .map(|c| c.id)
            .collect();
        let removed = whole
            .changes()
            .iter()
            .find(|c| c.is_removed())
            .map(|c| c.id)
            .expect("a removed change");
        let nowhere = ChangeId(Uuid::from_u128(7));
        let cases = [
            (op("ann", add_change(Vec::new(), "Intake form")), true),
            (op("ann", add_change(vec![live[0], live[3]], "Rule")), true),
            (op("ann", add_change(vec![live[2], live[2]], "Twice")), true),
            (
                op("ann", add_change(vec![removed], "On a removed one")),
                false,
            ),
            (
                op("ann", add_change(vec![live[1], nowhere], "Unknown")),
                false,
            ),
            (op("ann", add_change(Vec::new(), "   ")), false),
            (op(" ", add_change(Vec::new(), "No author")), false),
        ];
        for (op, valid) in cases {
            let result = agree(&mut whole, &mut lean, op);
            assert_eq!(result.is_ok(), valid, "{result:?}");
        }
        let newest = whole.changes().iter().map(|c| c.number).max();
        assert_eq!(lean.lean.rows().iter().map(|r| r.number).max(), newest);
    }
}

#[test]
fn a_result_recorded_through_the_lean_copy_is_checked_as_in_the_session() {
    for seed in [1, 2] {
        let mut whole = sample(seed);
        let mut lean = Kept::of(&whole);
        let round = whole.rounds()[0].id;
        let live = whole.scripts().iter().find(|s| !s.is_removed()).unwrap().id;
        let record = |round: RoundId, script: ScriptId| OpKind::RecordResult {
            round,
            script,
            status: ResultStatus::Pass,
            comment: String::new(),
        };
        let mut cases = vec![
            (op("tess", record(round, live)), true),
            (op("tess", record(whole.rounds()[1].id, live)), true),
            (op("tess", record(RoundId(Uuid::from_u128(3)), live)), false),
            (
                op("tess", record(round, ScriptId(Uuid::from_u128(4)))),
                false,
            ),
        ];
        if let Some(gone) = whole.scripts().iter().find(|s| s.is_removed()) {
            cases.push((op("tess", record(round, gone.id)), false));
        }
        // A change logged in between moves the Work Plan's revision the results carry.
        cases.push((op("ann", add_change(Vec::new(), "Between")), true));
        cases.push((op("tess", record(round, live)), true));
        for (op, valid) in cases {
            let result = agree(&mut whole, &mut lean, op);
            assert_eq!(result.is_ok(), valid, "{result:?}");
        }
    }
}

#[test]
fn only_changes_logged_results_recorded_and_attempts_to_apply_are_taken() {
    assert!(Lean::takes(&add_change(Vec::new(), "x")));
    assert!(Lean::takes(&OpKind::CancelApplication {
        change: ChangeId(Uuid::from_u128(1)),
        env: EnvKey::Stage1,
        reason: "x".into()
    }));
    assert!(!Lean::takes(&OpKind::CompleteStep { step: 1 }));
    assert!(!Lean::takes(&OpKind::RemoveChange {
        change: ChangeId(Uuid::from_u128(1)),
        reason: "x".into()
    }));
}

#[test]
fn attempts_to_apply_a_change_through_the_lean_copy_are_checked_as_in_the_session() {
    let at = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let mut accepted = 0;
    let mut refused = 0;
    let mut in_production = 0;
    for seed in [1, 2, 3, 4] {
        let mut whole = sample(seed);
        if seed > 2 {
            // The outage under way, so that Production takes attempts too.
            let step = whole
                .steps()
                .iter()
                .find(|s| s.kind == crate::model::StepKind::Implement)
                .map(|s| s.number)
                .unwrap();
            let start = OpKind::StartStep {
                step,
                override_reason: Some("for the test".into()),
                ahead_of: whole.unfinished_before(step),
            };
            whole.apply(Op::fresh("lead", at, start)).unwrap();
        }
        let mut kept = Kept::of(&whole);
        // Changes with and without dependencies, one removed, and the newest.
        let mut picked: Vec<u32> = whole
            .changes()
            .iter()
            .filter(|c| !c.fields.depends_on.is_empty())
            .take(3)
            .map(|c| c.number)
            .collect();
        picked.extend(whole.changes().iter().take(4).map(|c| c.number));
        picked.extend(
            whole
                .changes()
                .iter()
                .find(|c| c.is_removed())
                .map(|c| c.number),
        );
        for (k, number) in picked.into_iter().enumerate() {
            let change = whole.change_by_number(number).unwrap().id;
            for env in [EnvKey::Stage1, EnvKey::Stage2, EnvKey::Production] {
                let kinds = [
                    OpKind::StartApplication {
                        change,
                        env,
                        override_reason: (k % 2 == 0).then(|| "urgent".to_string()),
                    },
                    OpKind::FinishApplication {
                        change,
                        env,
                        outcome: [Outcome::Applied, Outcome::Failed, Outcome::Skipped][k % 3],
                        note: if k % 2 == 1 {
                            "seen".into()
                        } else {
                            String::new()
                        },
                        replicability: None,
                        rating: (k % 3 != 1).then_some(Replicability::AsWritten),
                    },
                    OpKind::StartApplication {
                        change,
                        env,
                        override_reason: Some("again".into()),
                    },
                    OpKind::CancelApplication {
                        change,
                        env,
                        reason: if k % 2 == 0 {
                            "wrong window".into()
                        } else {
                            String::new()
                        },
                    },
                    OpKind::FinishApplication {
                        change,
                        env,
                        outcome: Outcome::Applied,
                        note: "done".into(),
                        replicability: Some(5),
                        rating: Some(Replicability::AsWritten),
                    },
                ];
                for kind in kinds {
                    let op = Op::fresh("ivy", at, kind);
                    // As another writer's op too (its policy rules not asked again).
                    let _ = agree_by(
                        &mut whole.clone(),
                        &mut Kept::of(&whole),
                        &Kept::of(&whole).lean.numbers_in(std::slice::from_ref(&op)),
                        op.clone(),
                        Session::apply_logged,
                    );
                    match agree_on(&mut whole, &mut kept, &[number], op) {
                        Ok(()) => {
                            accepted += 1;
                            if env == EnvKey::Production {
                                in_production += 1;
                            }
                        }
                        Err(_) => refused += 1,
                    }
                }
            }
        }
    }
    // Both sides of the rules were reached.
    assert!(
        accepted > 20 && refused > 20,
        "{accepted} accepted, {refused} refused"
    );
    assert!(in_production > 5, "{in_production} in Production");
}

#[test]
fn another_writers_step_edits_and_timers_carried_onto_the_lean_copy_agree_with_the_session() {
    let at = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let (mut accepted, mut refused) = (0, 0);
    for seed in [1, 2, 3] {
        let mut whole = sample(seed);
        let mut kept = Kept::of(&whole);
        let change = whole.changes().iter().find(|c| !c.is_removed()).unwrap().id;
        let on = |target| OpKind::StartTimer { target };
        let off = |target| OpKind::StopTimer { target };
        let attempt = TimerTarget::Application {
            change,
            env: EnvKey::Stage1,
        };
        let kinds = vec![
            OpKind::SetStepOwner {
                step: 9,
                owner: Some("ann".into()),
            },
            OpKind::SetStepOwner {
                step: 99,
                owner: None,
            },
            OpKind::SetStepNotes {
                step: 9,
                notes: "Bring the keys".into(),
                was: Some(String::new()),
            },
            OpKind::SetStepNotes {
                step: 9,
                notes: "Stale".into(),
                was: Some("not what is there".into()),
            },
            OpKind::SetStepEstimate {
                step: 10,
                minutes: Some(45),
            },
            on(TimerTarget::Step { step: 9 }),
            on(TimerTarget::Step { step: 9 }),
            off(TimerTarget::Step { step: 9 }),
            off(TimerTarget::Step { step: 9 }),
            on(TimerTarget::Step { step: 1 }),
            on(attempt),
            OpKind::StartApplication {
                change,
                env: EnvKey::Stage1,
                override_reason: Some("again".into()),
            },
            on(attempt),
            off(attempt),
            off(attempt),
            on(attempt),
        ];
        for kind in kinds {
            assert!(Lean::carries(&kind), "{kind:?}");
            let op = Op::fresh("lead", at, kind);
            let numbers = kept.lean.numbers_in(std::slice::from_ref(&op));
            match agree_by(&mut whole, &mut kept, &numbers, op, Session::apply_logged) {
                Ok(()) => accepted += 1,
                Err(_) => refused += 1,
            }
        }
    }
    assert!(
        accepted > 20 && refused > 10,
        "{accepted} accepted, {refused} refused"
    );
}
