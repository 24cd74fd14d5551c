//! The lean copy against the whole session: every op it takes, valid or not, is
//! accepted or refused alike (with the same error) and leaves the same lean copy.

use super::*;
use crate::model::{ChangeFields, Op, OpError, ResultStatus, RoundId, SessionMeta};
use crate::sample::{Size, session};
use chrono::{TimeZone, Utc};

fn sample(seed: u64) -> Session {
    let meta = SessionMeta {
        id: Uuid::from_u128(u128::from(seed)),
        title: "Lean".into(),
        created_at: Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap(),
        created_by: "lead".into(),
    };
    let size = Size {
        changes: 40,
        scripts: 12,
        rounds: 2,
        seed,
    };
    session(&crate::store::builtin_template().unwrap(), meta, size).unwrap()
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

/// Applies `op` to the whole session and, through the lean copy, to a session made
/// of it; both must agree, and so must the lean copies after.
fn agree(whole: &mut Session, lean: &mut Lean, op: Op) -> Result<(), OpError> {
    let numbers: Vec<u32> = match &op.kind {
        OpKind::AddChange { fields } => fields
            .depends_on
            .iter()
            .filter_map(|id| whole.change(*id).map(|c| c.number))
            .collect(),
        _ => Vec::new(),
    };
    let mut small = lean.session_for(&numbers);
    let by_whole = whole.apply(op.clone());
    let by_lean = small.apply(op.clone());
    assert_eq!(by_whole, by_lean, "{:?}", op.kind);
    if by_whole.is_ok() {
        *lean = lean.after(&small);
    }
    assert_eq!(&whole.lean(), lean, "after {:?}", op.kind);
    by_whole
}

#[test]
fn the_lean_copy_of_a_session_leaves_out_what_grows_with_it() {
    let s = sample(1);
    let lean = s.lean();
    let (_, changes, scripts) = lean.parts();
    assert_eq!(changes.len(), s.changes().len());
    assert_eq!(scripts.len(), s.scripts().len());
    assert!(changes.windows(2).all(|w| w[0].number < w[1].number));
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
        let mut lean = whole.lean();
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
        assert_eq!(lean.changes.last().map(|r| r.number), newest);
    }
}

#[test]
fn a_result_recorded_through_the_lean_copy_is_checked_as_in_the_session() {
    for seed in [1, 2] {
        let mut whole = sample(seed);
        let mut lean = whole.lean();
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
fn only_a_change_logged_or_a_result_recorded_is_taken() {
    assert!(Lean::takes(&add_change(Vec::new(), "x")));
    assert!(!Lean::takes(&OpKind::CompleteStep { step: 1 }));
    assert!(!Lean::takes(&OpKind::RemoveChange {
        change: ChangeId(Uuid::from_u128(1)),
        reason: "x".into()
    }));
}
