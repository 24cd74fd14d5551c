//! When the lean copy is not to be trusted: the session file edited in place (its
//! length and time kept), a copy spoilt anywhere, an added change whose id is taken;
//! and every kind of shell write at once with an open app's saves, nothing lost.

mod common;

use cmo_promote::model::{EnvKey, OpError, OpKind, Outcome};
use cmo_promote::store::{ApplyError, Loaded, Writing, lean_path, save_ops};
use common::cli::{log_args, ok};
use common::lean::{add, op, primed_file, quick};
use std::fs;

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
    // The data folder the session's folder is in.
    let data = path.parent().unwrap().parent().unwrap().to_path_buf();
    let mut shells = Vec::new();
    let (d, f) = (data.clone(), file.clone());
    shells.push(std::thread::spawn(move || {
        for i in 0..15 {
            ok(&d, &log_args(&f, &format!("shell {i}")));
        }
    }));
    let (d, f) = (data.clone(), file.clone());
    shells.push(std::thread::spawn(move || {
        for _ in 0..15 {
            ok(&d, &["mark", &f, &script, "pass"]);
        }
    }));
    let (d, f) = (data.clone(), file.clone());
    let applied = to_apply.clone();
    shells.push(std::thread::spawn(move || {
        for label in &applied {
            let start = ["apply", &f, label, "start", "--env", "stage1", "--yes"];
            ok(&d, &[&start[..], &["--override", "in hand"]].concat());
            ok(&d, &["apply", &f, label, "done", "--env", "stage1"]);
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
        let saved = save_ops(&at, None, &[op("app", kind)]).unwrap();
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
