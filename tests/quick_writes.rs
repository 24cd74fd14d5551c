//! Writes through the lean copy (`NAME.ron.lean`): a change logged or a result
//! recorded from a shell is checked on the session's lean copy, not on the session,
//! while the copy fits the file; what it writes is what a write of the whole session
//! writes; a refused op writes nothing; and the copy is passed over whenever the file
//! is no longer exactly what it was made from.

mod common;

use chrono::{TimeZone, Utc};
use cmo_promote::model::{
    ChangeFields, ChangeId, EnvKey, Op, OpError, OpKind, Outcome, ResultStatus, RoundId, ScriptId,
    Session, SessionMeta,
};
use cmo_promote::sample::{Size, session};
use cmo_promote::store::{
    ApplyError, COMPACT_AFTER, Loaded, Quick, Store, Writing, builtin_template, lean_path, save_ops,
};
use std::fs;
use std::path::{Path, PathBuf};

/// A session of 30 changes, 8 scripts and 2 rounds in a fresh folder, and the session
/// as the file holds it.
fn sample_file() -> (tempfile::TempDir, PathBuf, Session) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().to_path_buf());
    let meta = SessionMeta {
        id: uuid::Uuid::from_u128(5),
        title: "Quick".into(),
        created_at: Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap(),
        created_by: "lead".into(),
    };
    let size = Size {
        changes: 30,
        scripts: 8,
        rounds: 2,
        seed: 3,
    };
    let s = session(&builtin_template().unwrap(), meta, size).unwrap();
    let path = store.create(&s).unwrap();
    let held = Loaded::load_text(&path).unwrap().session;
    (dir, path, held)
}

fn op(who: &str, kind: OpKind) -> Op {
    Op::fresh(who, common::t0(), kind)
}

fn add(item: &str, depends_on: Vec<ChangeId>) -> Op {
    op(
        "ann",
        OpKind::AddChange {
            fields: Box::new(ChangeFields {
                area: "Forms".into(),
                item: item.into(),
                description: "Made it required".into(),
                depends_on,
                ..ChangeFields::default()
            }),
        },
    )
}

fn record(round: RoundId, script: ScriptId, status: ResultStatus) -> Op {
    op(
        "tess",
        OpKind::RecordResult {
            round,
            script,
            status,
            comment: "as seen".into(),
        },
    )
}

/// The numbers of the changes `op` depends on, as `log` reads them from its names.
fn numbers(session: &Session, op: &Op) -> Vec<u32> {
    match &op.kind {
        OpKind::AddChange { fields } => fields
            .depends_on
            .iter()
            .filter_map(|id| session.change(*id).map(|c| c.number))
            .collect(),
        _ => Vec::new(),
    }
}

fn quick(path: &Path, numbers: &[u32]) -> Option<Quick> {
    Quick::open(path, numbers).expect("opens")
}

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
    let (_dir, path, mut whole) = sample_file();
    let rounds: Vec<RoundId> = whole.rounds().iter().map(|r| r.id).collect();
    let live: Vec<ScriptId> = whole
        .scripts()
        .iter()
        .filter(|s| !s.is_removed())
        .map(|s| s.id)
        .collect();
    let removed_change = whole.changes().iter().find(|c| c.is_removed()).unwrap().id;
    let some_change = whole.changes().iter().find(|c| !c.is_removed()).unwrap().id;
    // The first write reads the session whole and leaves the lean copy.
    let first = add("Primer", Vec::new());
    whole.apply(first.clone()).unwrap();
    Writing::open(&path, &[])
        .unwrap()
        .apply_and_commit(first)
        .unwrap();
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
    // An open app saved an op the copy does not take (a step's owner set).
    primed(&path);
    let at = Loaded::load(&path).unwrap().at();
    let owner = op(
        "lead",
        OpKind::SetStepOwner {
            step: 9,
            owner: Some("ann".into()),
        },
    );
    save_ops(&at, &[owner]).unwrap();
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
    let (_dir, path, _) = sample_file();
    Writing::open(&path, &[])
        .unwrap()
        .apply_and_commit(add("Primer", Vec::new()))
        .unwrap();
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
    let (_dir, path, mut whole) = sample_file();
    let first = add("Primer", Vec::new());
    whole.apply(first.clone()).unwrap();
    Writing::open(&path, &[])
        .unwrap()
        .apply_and_commit(first)
        .unwrap();
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

/// A session with its lean copy made (by a first write of the whole session).
fn primed_file() -> (tempfile::TempDir, PathBuf, Session) {
    let (dir, path, mut whole) = sample_file();
    let first = add("Primer", Vec::new());
    whole.apply(first.clone()).unwrap();
    Writing::open(&path, &[])
        .unwrap()
        .apply_and_commit(first)
        .unwrap();
    (dir, path, whole)
}

#[test]
fn an_edit_in_place_that_keeps_the_length_and_the_time_is_noticed() {
    let (_dir, path, _) = primed_file();
    assert!(quick(&path, &[]).is_some());
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let mut text = fs::read(&path).unwrap();
    // The last op's author, one letter changed, written over the same file.
    let at = text.len() - 200
        + text[text.len() - 200..]
            .iter()
            .position(|b| *b == b'a')
            .unwrap();
    text[at] = b'b';
    let file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    std::io::Write::write_all(&mut &file, &text).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
    assert!(quick(&path, &[]).is_none(), "the edit was not noticed");
}

#[test]
fn a_change_whose_id_is_taken_is_refused() {
    let (_dir, path, whole) = primed_file();
    let taken = whole.changes()[0].id;
    let mut op = add("Same id", Vec::new());
    op.id = cmo_promote::model::OpId(taken.0);
    let before = fs::read(&path).unwrap();
    let mut doc = quick(&path, &[]).unwrap();
    assert!(matches!(
        doc.apply_and_commit(op),
        Err(ApplyError::Refused(OpError::DuplicateOp(_)))
    ));
    drop(doc);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_lean_copy_spoilt_anywhere_is_passed_over_without_a_panic() {
    let (_dir, path, _) = primed_file();
    let lean = fs::read(lean_path(&path)).unwrap();
    let every: Vec<u32> = (0..40).collect();
    let mut used = Vec::new();
    for at in (0..lean.len()).step_by(97).chain([13, 21, 29, 33]) {
        for value in [0x00, 0xFF, lean[at] ^ 0x01] {
            let mut spoilt = lean.clone();
            spoilt[at] = value;
            // Lengths and counts made huge, from this byte on.
            if value == 0xFF {
                for b in spoilt.iter_mut().skip(at).take(8) {
                    *b = 0xFF;
                }
            }
            if spoilt == lean {
                continue;
            }
            fs::write(lean_path(&path), &spoilt).unwrap();
            if quick(&path, &every).is_some() {
                used.push((at, value));
            }
        }
    }
    assert!(used.is_empty(), "spoilt copies were used: {used:?}");
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
    ];
    let at = Loaded::load(&path).unwrap().at();
    for op in &ops {
        whole.apply(op.clone()).unwrap();
    }
    save_ops(&at, &ops).unwrap();
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

/// Runs the binary on the session at `path` (its folder the data folder); it must
/// succeed.
fn run_ok(path: &Path, args: &[&str]) {
    let data = path.parent().unwrap().parent().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cmo-promote"))
        .env("CMO_PROMOTE_DATA_DIR", data)
        .env(
            "CMO_PROMOTE_CONFIG",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/defaults-config.ron"
            ),
        )
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn shell_writers_of_every_kind_and_an_open_app_at_once_lose_nothing() {
    let (_dir, path, whole) = primed_file();
    let file = path.to_str().unwrap().to_string();
    let before = whole.changes().len();
    let script = whole
        .scripts()
        .iter()
        .find(|s| !s.is_removed())
        .unwrap()
        .label();
    let round = whole.current_round().unwrap().id;
    let results_before = whole.round(round).unwrap().results.len();
    let to_apply: Vec<String> = whole
        .changes()
        .iter()
        .filter(|c| !c.is_removed())
        .take(8)
        .map(|c| c.label())
        .collect();
    let mut shells = Vec::new();
    let f = file.clone();
    shells.push(std::thread::spawn(move || {
        for i in 0..15 {
            let item = format!("shell {i}");
            run_ok(
                Path::new(&f),
                &[
                    "log",
                    &f,
                    "--area",
                    "Forms",
                    "--item",
                    &item,
                    "--description",
                    "d",
                ],
            );
        }
    }));
    let f = file.clone();
    shells.push(std::thread::spawn(move || {
        for _ in 0..15 {
            run_ok(Path::new(&f), &["mark", &f, &script, "pass"]);
        }
    }));
    let f = file.clone();
    let applied = to_apply.clone();
    shells.push(std::thread::spawn(move || {
        for label in &applied {
            let start = ["apply", &f, label, "start", "--env", "stage1", "--yes"];
            run_ok(
                Path::new(&f),
                &[&start[..], &["--override", "in hand"]].concat(),
            );
            run_ok(
                Path::new(&f),
                &["apply", &f, label, "done", "--env", "stage1"],
            );
        }
    }));
    // An open app saving as it does: where the file stood and its op, rebased when
    // someone else wrote meanwhile; edits the copy takes and edits it does not.
    for i in 0..12 {
        let at = Loaded::load(&path).unwrap().at();
        let kind = if i % 2 == 0 {
            add(&format!("app {i}"), Vec::new()).kind
        } else {
            OpKind::SetStepOwner {
                step: 9,
                owner: Some(format!("owner {i}")),
            }
        };
        let saved = save_ops(&at, &[op("app", kind)]).unwrap();
        assert!(saved.conflicts.is_empty(), "{:?}", saved.conflicts);
    }
    for shell in shells {
        shell.join().unwrap();
    }
    let s = Loaded::load_text(&path).unwrap().session;
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    assert_eq!(s.changes().len(), before + 15 + 6);
    assert_eq!(s.round(round).unwrap().results.len(), results_before + 15);
    for label in &to_apply {
        let n = cmo_promote::model::parse_change_label(label).unwrap();
        let c = s.change_by_number(n).unwrap();
        let latest = c.latest_application(EnvKey::Stage1).unwrap();
        assert_eq!(latest.outcome, Some(Outcome::Applied), "{label}");
    }
    // Whatever state the copy was left in, the next write through it agrees with the
    // file.
    Writing::open(&path, &[])
        .unwrap()
        .apply_and_commit(add("Last", Vec::new()))
        .unwrap();
    let s = Loaded::load_text(&path).unwrap().session;
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    let q = quick(&path, &[]).expect("a copy of the file as it is");
    assert_eq!(q.done(), s.outage_board(common::t0()).done());
}
