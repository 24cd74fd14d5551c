//! Many writers on one session: real processes logging at once, a writer killed with
//! SIGKILL at random moments, and two instances whose edits clash.

mod common;

use cmo_promote::model::{ChangeEdit, Op, OpError, OpId, OpKind, Session};
use cmo_promote::store::Loaded;
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use tempfile::TempDir;
use uuid::Uuid;

const BIN: &str = env!("CARGO_BIN_EXE_cmo-promote");

/// Runs the binary on the data dir; it must succeed. Returns what it printed.
fn run_ok(data: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn new_session(data: &Path, title: &str) -> PathBuf {
    let stdout = run_ok(data, &["new", title]);
    PathBuf::from(
        stdout
            .lines()
            .find_map(|l| l.strip_prefix("Saved to "))
            .unwrap(),
    )
}

fn load(path: &Path) -> Session {
    Loaded::load(path).unwrap().session
}

#[test]
fn four_processes_logging_fifty_changes_each_lose_nothing() {
    let data = TempDir::new().unwrap();
    let path = new_session(data.path(), "Busy");
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let data = data.path().to_path_buf();
            std::thread::spawn(move || {
                let mut numbers = Vec::new();
                for i in 0..50 {
                    let (user, item) = (format!("writer{w}"), format!("w{w}-{i}"));
                    let printed = run_ok(
                        &data,
                        &[
                            "--user",
                            &user,
                            "log",
                            "busy",
                            "--area",
                            "Forms",
                            "--item",
                            &item,
                            "--description",
                            "concurrent",
                        ],
                    );
                    numbers.push(printed.trim().to_string());
                }
                numbers
            })
        })
        .collect();
    let printed: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();

    let s = load(&path);
    assert_eq!(s.changes().len(), 200);
    let numbers: HashSet<u32> = s.changes().iter().map(|c| c.number).collect();
    assert_eq!(
        numbers,
        (1..=200).collect::<HashSet<u32>>(),
        "200 distinct WP numbers"
    );
    let items: HashSet<&str> = s.changes().iter().map(|c| c.fields.item.as_str()).collect();
    for w in 0..4 {
        for i in 0..50 {
            assert!(items.contains(format!("w{w}-{i}").as_str()));
        }
    }
    let printed: HashSet<&String> = printed.iter().collect();
    assert_eq!(printed.len(), 200, "each command printed its own WP number");
    let adds = s
        .history()
        .iter()
        .filter(|op| matches!(op.kind, OpKind::AddChange { .. }))
        .count();
    assert_eq!(adds, 200);
    let authors: HashSet<String> = s.history().iter().map(|op| op.author.to_string()).collect();
    assert_eq!(authors.len(), 4);
    assert!(s.problems().is_empty(), "{:?}", s.problems());
}

/// A tiny deterministic random source (no crate needed for a test's timings).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn a_writer_killed_at_random_moments_never_loses_a_reported_change() {
    use std::os::unix::process::CommandExt;
    let data = TempDir::new().unwrap();
    let path = new_session(data.path(), "Crashy");
    let mut rng = Lcg(0x5eed);
    let mut reported: Vec<String> = Vec::new();
    let kills = 200;
    for round in 0..kills {
        // A shell that logs change after change, saying "ok ITEM" after each success.
        let script = format!(
            "i=0; while :; do i=$((i+1)); \"$0\" --data-dir \"$1\" log crashy --area Roles \
             --item k{round}-$i --description d >/dev/null || exit 1; echo ok k{round}-$i; done"
        );
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(&script)
            .arg(BIN)
            .arg(data.path())
            .stdout(Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("ok ").map(String::from))
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(2 + rng.next(60)));
        let pgid = child.id().to_string();
        let killed = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .status()
            .unwrap();
        assert!(killed.success());
        let _ = child.wait();
        reported.extend(reader.join().unwrap());

        // The file loads after every kill and holds everything reported so far.
        let s = Loaded::load(&path)
            .unwrap_or_else(|e| panic!("after kill {round}: {e}"))
            .session;
        let items: HashSet<&str> = s.changes().iter().map(|c| c.fields.item.as_str()).collect();
        for r in &reported {
            assert!(
                items.contains(r.as_str()),
                "after kill {round}: {r} was reported but is gone"
            );
        }
    }
    assert!(
        reported.len() >= 10,
        "the writer did get work done: {}",
        reported.len()
    );

    // Nothing left behind stops the next start: commands work and the history is sound.
    run_ok(
        data.path(),
        &[
            "log",
            "crashy",
            "--area",
            "Roles",
            "--item",
            "after",
            "--description",
            "d",
        ],
    );
    run_ok(data.path(), &["check", "crashy"]);
    // The temp files of killed saves went with that save, under the session's lock,
    // however fresh they were.
    let strays: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(strays.is_empty(), "left behind: {strays:?}");
}

fn op(n: u128, kind: OpKind) -> Op {
    Op::new(
        OpId(Uuid::from_u128(n)),
        "tester",
        common::t0() + chrono::Duration::minutes(n as i64),
        kind,
    )
}

fn add(n: u128, item: &str) -> Op {
    op(
        n,
        OpKind::AddChange {
            fields: Box::new(cmo_promote::model::ChangeFields {
                area: "Forms".into(),
                item: item.into(),
                ..Default::default()
            }),
        },
    )
}

/// Two instances open the same file; applies `op` to `doc` and commits it.
fn commit_one(doc: &mut Loaded, op: Op) -> cmo_promote::store::Committed {
    doc.session.apply(op.clone()).unwrap();
    let c = doc.commit(&[op]).unwrap();
    *doc = c.loaded.clone();
    c
}

#[test]
fn an_edit_to_a_change_someone_removed_comes_back_as_a_conflict() {
    let (_data, path) = common::session_file("Clash");
    let mut a = Loaded::load(&path).unwrap();
    commit_one(&mut a, add(1, "Incident"));
    let mut b = Loaded::load(&path).unwrap();
    let change = b.session.changes()[0].id;

    // A removes the change; B, not knowing, edits it and adds another.
    commit_one(
        &mut a,
        op(
            2,
            OpKind::RemoveChange {
                change,
                reason: "dropped".into(),
            },
        ),
    );
    let edit = op(
        3,
        OpKind::EditChange {
            change,
            edits: vec![ChangeEdit::Description("more".into())],
            was: Vec::new(),
        },
    );
    let other = add(4, "Audit");
    b.session.apply(edit.clone()).unwrap();
    b.session.apply(other.clone()).unwrap();
    let c = b.commit(&[edit.clone(), other.clone()]).unwrap();

    assert!(c.saved.rebased);
    assert_eq!(c.saved.conflicts.len(), 1);
    assert_eq!(c.saved.conflicts[0].op, edit);
    assert_eq!(
        c.saved.conflicts[0].error,
        OpError::ChangeRemoved("WP-001".into())
    );
    assert_eq!(c.saved.written, vec![other.id]);
    let s = load(&path);
    assert!(s.changes()[0].is_removed());
    assert_eq!(s.changes()[1].fields.item, "Audit");
    assert_eq!(s.changes()[1].label(), "WP-002");
    assert!(s.history().iter().all(|h| h.id != edit.id));
}

#[test]
fn two_instances_adding_at_once_get_distinct_numbers_and_both_edits_of_one_change_merge() {
    let (_data, path) = common::session_file("Both");
    let mut a = Loaded::load(&path).unwrap();
    let mut b = Loaded::load(&path).unwrap();
    // Both think their new change is WP-001.
    a.session.apply(add(1, "From A")).unwrap();
    b.session.apply(add(2, "From B")).unwrap();
    assert_eq!(a.session.changes()[0].label(), "WP-001");
    assert_eq!(b.session.changes()[0].label(), "WP-001");
    let ca = a.commit(&[add(1, "From A")]).unwrap();
    let cb = b.commit(&[add(2, "From B")]).unwrap();
    assert!(!ca.saved.rebased && cb.saved.rebased);
    let s = load(&path);
    let labels: Vec<(String, String)> = s
        .changes()
        .iter()
        .map(|c| (c.label(), c.fields.item.clone()))
        .collect();
    assert_eq!(
        labels,
        [
            ("WP-001".to_string(), "From A".to_string()),
            ("WP-002".to_string(), "From B".to_string())
        ]
    );

    // Edits of different fields of one change by two people both survive.
    let mut a = Loaded::load(&path).unwrap();
    let mut b = Loaded::load(&path).unwrap();
    let id = s.changes()[0].id;
    let ea = op(
        10,
        OpKind::EditChange {
            change: id,
            edits: vec![ChangeEdit::Before("old".into())],
            was: Vec::new(),
        },
    );
    let eb = op(
        11,
        OpKind::EditChange {
            change: id,
            edits: vec![ChangeEdit::After("new".into())],
            was: Vec::new(),
        },
    );
    commit_one(&mut a, ea);
    commit_one(&mut b, eb);
    let s = load(&path);
    assert_eq!(
        (
            s.changes()[0].fields.before.as_str(),
            s.changes()[0].fields.after.as_str()
        ),
        ("old", "new")
    );
    assert!(s.problems().is_empty());
}

#[test]
fn a_commit_never_overwrites_a_file_that_no_longer_loads() {
    let (_data, path) = common::session_file("Broken later");
    let mut doc = Loaded::load(&path).unwrap();
    std::fs::write(&path, "(format_version: 1, garbage").unwrap();
    let o = add(1, "Lost?");
    doc.session.apply(o.clone()).unwrap();
    assert!(doc.commit(&[o]).is_err());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "(format_version: 1, garbage"
    );
}

#[test]
fn an_op_missing_from_the_session_being_written_is_reported_not_claimed() {
    let (_data, path) = common::session_file("Honest");
    let doc = Loaded::load(&path).unwrap();
    // Pending, but never applied to the session being written.
    let lost = add(1, "Never applied");
    let c = doc.commit(std::slice::from_ref(&lost)).unwrap();
    assert!(c.saved.written.is_empty());
    assert_eq!(c.saved.conflicts.len(), 1);
    assert_eq!(c.saved.conflicts[0].error, OpError::NotApplied);
}

#[test]
fn two_people_changing_the_same_field_do_not_overwrite_each_other() {
    let (_data, path) = common::session_file("Same field");
    let mut a = Loaded::load(&path).unwrap();
    commit_one(&mut a, add(1, "Incident"));
    let mut b = Loaded::load(&path).unwrap();
    let id = b.session.changes()[0].id;
    let edit = |n, text: &str| {
        op(
            n,
            OpKind::EditChange {
                change: id,
                edits: vec![ChangeEdit::Description(text.into())],
                was: vec![ChangeEdit::Description(String::new())],
            },
        )
    };
    commit_one(&mut a, edit(2, "Ann's text"));
    let bobs = edit(3, "Bob's text");
    b.session.apply(bobs.clone()).unwrap();
    let c = b.commit(std::slice::from_ref(&bobs)).unwrap();
    assert_eq!(c.saved.conflicts.len(), 1);
    assert_eq!(
        c.saved.conflicts[0].error,
        OpError::EditedMeanwhile {
            what: "the description of WP-001".into()
        }
    );
    assert_eq!(load(&path).changes()[0].fields.description, "Ann's text");
}

#[test]
fn a_rewrite_by_someone_else_is_noticed_by_its_counter_even_if_size_and_time_match() {
    let (_data, path) = common::session_file("Counter");
    let mut a = Loaded::load(&path).unwrap();
    // Enough ops after the snapshot that A's next save writes a new one.
    let many: Vec<Op> = (1..=cmo_promote::store::COMPACT_AFTER as u128)
        .map(|n| add(n, &format!("From A {n}")))
        .collect();
    for op in &many {
        a.session.apply(op.clone()).unwrap();
    }
    a = a.commit(&many).unwrap().loaded;
    let mut b = Loaded::load(&path).unwrap();
    let generation = b.generation;
    commit_one(&mut a, add(100_000, "From A, last"));
    assert_eq!(
        cmo_promote::store::peek_generation(&path),
        Some(generation + 1),
        "A's save rewrote the file"
    );
    // B believes it has the file as it is now (same stamp) but holds what it read
    // before the rewrite.
    b.stamp = cmo_promote::store::Stamp::of_path(&path).unwrap();
    let o = add(100_001, "From B");
    b.session.apply(o.clone()).unwrap();
    let c = b.commit(&[o]).unwrap();
    assert!(
        c.saved.rebased,
        "the counter differed, so B merged instead of overwriting"
    );
    let items: Vec<String> = load(&path)
        .changes()
        .iter()
        .rev()
        .take(2)
        .map(|c| c.fields.item.clone())
        .collect();
    assert_eq!(items, ["From B", "From A, last"]);
}
