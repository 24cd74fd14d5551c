//! Writes through the lean copy (`NAME.ron.lean`): a change logged, a result recorded
//! or an attempt to apply a change made from a shell is checked on the session's lean
//! copy, not on the session, while the copy fits the file; what it writes is what a
//! write of the whole session writes; a refused op writes nothing; an open app's save
//! carries the copy along; and a copy due is written whole again.

mod common;

use cmo_promote::model::{
    ChangeId, EnvKey, Op, OpError, OpKind, Outcome, ResultStatus, RoundId, ScriptId,
};
use cmo_promote::store::{ApplyError, COMPACT_AFTER, Loaded, Writing, lean_path, save_ops};
use common::lean::{add, numbers, op, primed_file, quick, record, sample_file};
use std::fs;
use std::path::Path;

#[test]
fn a_write_of_the_whole_session_leaves_a_lean_copy_that_the_next_write_goes_through() {
    let (_dir, path, _) = sample_file();
    assert!(!lean_path(&path).exists(), "a new file has none yet");
    let mut first = Writing::open(&path, &[]).unwrap();
    assert!(matches!(first, Writing::Whole(_)));
    first.apply_and_commit(add("First", Vec::new())).unwrap();
    drop(first);
    assert!(lean_path(&path).exists());
    let mut second = Writing::open(&path, &[]).unwrap();
    assert!(matches!(second, Writing::Quick(_)), "{second:?}");
    second.apply_and_commit(add("Second", Vec::new())).unwrap();
    drop(second);
    let items: Vec<String> = Loaded::load_text(&path)
        .unwrap()
        .session
        .changes()
        .iter()
        .rev()
        .take(2)
        .map(|c| c.fields.item.clone())
        .collect();
    assert_eq!(items, ["Second", "First"]);
}

#[test]
fn ops_written_through_the_lean_copy_make_the_session_a_whole_write_would() {
    let (_dir, path, mut whole) = primed_file();
    let rounds: Vec<RoundId> = whole.rounds().iter().map(|r| r.id).collect();
    let live: Vec<ScriptId> = whole
        .scripts()
        .iter()
        .filter(|s| !s.is_removed())
        .map(|s| s.id)
        .collect();
    let removed_change = whole.changes().iter().find(|c| c.is_removed()).unwrap().id;
    let some_change = whole.changes().iter().find(|c| !c.is_removed()).unwrap().id;
    let mut added = Vec::new();
    for i in 0..30 {
        let last = added.last().copied();
        let op = match (i % 5, last) {
            (0, _) => add(&format!("Change {i}"), vec![some_change]),
            // On a change added through the lean copy itself.
            (1, _) => add(&format!("Follow-up {i}"), last.into_iter().collect()),
            (2, _) => record(rounds[i % 2], live[i % live.len()], ResultStatus::Pass),
            (3, Some(change)) => op(
                "ivy",
                OpKind::StartApplication {
                    change,
                    env: EnvKey::Stage1,
                    override_reason: Some("its dependency is in hand".into()),
                },
            ),
            (_, Some(change)) => op(
                "ivy",
                OpKind::FinishApplication {
                    change,
                    env: EnvKey::Stage1,
                    outcome: Outcome::Applied,
                    note: String::new(),
                    replicability: None,
                    rating: None,
                },
            ),
            _ => unreachable!("a change is added first"),
        };
        let mut wanted = numbers(&whole, &op);
        if let OpKind::StartApplication { change, .. } | OpKind::FinishApplication { change, .. } =
            &op.kind
        {
            wanted.extend(whole.change(*change).map(|c| c.number));
        }
        let mut doc = quick(&path, &wanted).expect("the lean copy fits");
        whole.apply(op.clone()).unwrap();
        doc.apply_and_commit(op.clone()).unwrap();
        if let OpKind::AddChange { .. } = op.kind {
            let id = ChangeId(op.id.0);
            assert_eq!(
                doc.session().change(id).map(|c| c.number),
                whole.change(id).map(|c| c.number),
                "numbered as in the whole session"
            );
            added.push(id);
        }
    }
    // Refused through the lean copy as by the whole session, and nothing written.
    let refused = [
        add("On a removed change", vec![removed_change]),
        add("On no change", vec![ChangeId(uuid::Uuid::from_u128(77))]),
        add("   ", Vec::new()),
        record(
            RoundId(uuid::Uuid::from_u128(78)),
            live[0],
            ResultStatus::Pass,
        ),
    ];
    for op in refused {
        let (file, lean) = (
            fs::read(&path).unwrap(),
            fs::read(lean_path(&path)).unwrap(),
        );
        let by_whole = whole.clone().apply(op.clone()).unwrap_err();
        let mut doc = quick(&path, &numbers(&whole, &op)).expect("the lean copy fits");
        match doc.apply_and_commit(op) {
            Err(ApplyError::Refused(e)) => assert_eq!(e, by_whole),
            other => panic!("not refused: {other:?}"),
        }
        drop(doc);
        assert_eq!(fs::read(&path).unwrap(), file, "the file is as it was");
        assert_eq!(fs::read(lean_path(&path)).unwrap(), lean, "so is the copy");
    }
    let on_disk = Loaded::load_text(&path).unwrap().session;
    assert_eq!(on_disk, whole);
    assert!(on_disk.problems().is_empty(), "{:?}", on_disk.problems());
}

#[test]
fn the_lean_copy_is_passed_over_when_the_file_is_not_as_it_was_made_from() {
    let (_dir, path, _) = sample_file();
    let primed = |path: &Path| {
        Writing::open(path, &[])
            .unwrap()
            .apply_and_commit(add("Primer", Vec::new()))
            .unwrap();
        assert!(quick(path, &[]).is_some());
    };
    // An open app saved an op the copy does not carry (a step blocked).
    primed(&path);
    let at = Loaded::load(&path).unwrap().at();
    let owner = op(
        "lead",
        OpKind::BlockStep {
            step: 10,
            reason: "waiting for the window".into(),
        },
    );
    save_ops(&at, None, &[owner]).unwrap();
    assert!(quick(&path, &[]).is_none(), "an op added since");
    // Another program added a line without taking the lock or the copy along.
    primed(&path);
    let line = cmo_promote::store::op_lines(&[add("By hand", Vec::new())], &path).unwrap();
    let mut file = fs::OpenOptions::new().append(true).open(&path).unwrap();
    std::io::Write::write_all(&mut file, line.as_bytes()).unwrap();
    drop(file);
    assert!(quick(&path, &[]).is_none(), "a line added since");
    // The file written anew, even with the same bytes (another inode).
    primed(&path);
    let text = fs::read(&path).unwrap();
    let other = path.with_extension("copy");
    fs::write(&other, &text).unwrap();
    fs::rename(&other, &path).unwrap();
    assert!(quick(&path, &[]).is_none(), "a file written anew");
    // The copy spoilt or cut short.
    primed(&path);
    let lean = fs::read(lean_path(&path)).unwrap();
    for at in [60, lean.len() / 2, lean.len() - 1] {
        // In the rows, or in the stripped copy of a change the op reads (every change
        // is read here).
        let mut spoilt = lean.clone();
        spoilt[at] ^= 0x20;
        fs::write(lean_path(&path), &spoilt).unwrap();
        let every: Vec<u32> = (0..40).collect();
        assert!(quick(&path, &every).is_none(), "a copy spoilt at byte {at}");
    }
    fs::write(lean_path(&path), &lean[..lean.len() / 2]).unwrap();
    assert!(quick(&path, &[]).is_none(), "half a copy");
    // After each, a write of the whole session still goes through and makes a new copy.
    let mut doc = Writing::open(&path, &[]).unwrap();
    assert!(matches!(doc, Writing::Whole(_)));
    doc.apply_and_commit(add("After", Vec::new())).unwrap();
    drop(doc);
    assert!(quick(&path, &[]).is_some());
    // Another session's copy does not fit this file.
    let (_dir2, path2, _) = sample_file();
    primed(&path2);
    fs::copy(lean_path(&path2), lean_path(&path)).unwrap();
    assert!(quick(&path, &[]).is_none(), "another file's copy");
}

#[test]
fn an_op_of_another_kind_is_not_taken_by_the_lean_copy() {
    let (_dir, path, _) = primed_file();
    let before = fs::read(&path).unwrap();
    let mut doc = quick(&path, &[]).unwrap();
    let step = op("lead", OpKind::CompleteStep { step: 1 });
    assert!(matches!(
        doc.apply_and_commit(step),
        Err(ApplyError::Refused(OpError::NotApplied))
    ));
    drop(doc);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_due_for_a_new_snapshot_is_written_whole_and_then_quick_again() {
    let (_dir, path, _) = sample_file();
    let doc = Loaded::load_for_writing(&path).unwrap();
    let mut session = doc.session.clone();
    let ops: Vec<Op> = (0..COMPACT_AFTER - 1)
        .map(|i| add(&format!("Bulk {i}"), Vec::new()))
        .collect();
    for op in &ops {
        session.apply(op.clone()).unwrap();
    }
    Loaded::of(doc.at(), session).commit(&ops).unwrap();
    // One more op still goes at the end, through the copy; then a snapshot is due.
    let mut q = quick(&path, &[]).expect("one op short of a new snapshot");
    q.apply_and_commit(add("Last at the end", Vec::new()))
        .unwrap();
    drop(q);
    assert!(quick(&path, &[]).is_none(), "a new snapshot is due");
    let generation = cmo_promote::store::peek_generation(&path);
    let mut doc = Writing::open(&path, &[]).unwrap();
    doc.apply_and_commit(add("Snapshot", Vec::new())).unwrap();
    drop(doc);
    assert_ne!(cmo_promote::store::peek_generation(&path), generation);
    assert!(quick(&path, &[]).is_some(), "a copy of the new file");
}

#[test]
fn the_lean_copy_grows_by_a_record_per_write_and_is_written_whole_again_in_time() {
    let (_dir, path, mut whole) = primed_file();
    let whole_size = fs::metadata(lean_path(&path)).unwrap().len();
    let mut largest = whole_size;
    for i in 0..150 {
        let op = add(&format!("Change {i}"), Vec::new());
        whole.apply(op.clone()).unwrap();
        quick(&path, &[])
            .expect("the lean copy fits")
            .apply_and_commit(op)
            .unwrap();
        largest = largest.max(fs::metadata(lean_path(&path)).unwrap().len());
    }
    assert!(
        largest < whole_size * 40,
        "the copy grew from {whole_size} to {largest} bytes"
    );
    assert!(
        fs::metadata(lean_path(&path)).unwrap().len() < largest,
        "written whole again"
    );
    assert_eq!(Loaded::load_text(&path).unwrap().session, whole);
}
#[test]
fn an_open_apps_save_of_ops_the_copy_takes_carries_the_copy_along() {
    let (_dir, path, mut whole) = primed_file();
    let change = whole.changes().iter().find(|c| !c.is_removed()).unwrap().id;
    let ops = [
        add("By the app", Vec::new()),
        op(
            "ivy",
            OpKind::StartApplication {
                change,
                env: EnvKey::Stage1,
                override_reason: Some("in hand".into()),
            },
        ),
        op(
            "ivy",
            OpKind::StopTimer {
                target: cmo_promote::model::TimerTarget::Application {
                    change,
                    env: EnvKey::Stage1,
                },
            },
        ),
        op(
            "lead",
            OpKind::SetStepNotes {
                step: 9,
                notes: "Keys from the safe".into(),
                was: None,
            },
        ),
    ];
    let at = Loaded::load(&path).unwrap().at();
    for op in &ops {
        whole.apply(op.clone()).unwrap();
    }
    save_ops(&at, None, &ops).unwrap();
    // The copy still fits, and says what the file says.
    let mut doc = quick(&path, &[]).expect("carried along");
    let next = add("From the shell", Vec::new());
    whole.apply(next.clone()).unwrap();
    doc.apply_and_commit(next).unwrap();
    drop(doc);
    assert_eq!(Loaded::load_text(&path).unwrap().session, whole);
    let number = whole.change(change).unwrap().number;
    let q = quick(&path, &[number]).unwrap();
    assert!(
        q.session()
            .change(change)
            .unwrap()
            .open_application(EnvKey::Stage1)
            .is_some()
    );
}
