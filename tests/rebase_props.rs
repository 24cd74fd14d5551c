//! Property: two writers editing one file, committing in any interleaving with
//! re-basing, never lose an op: each ends up in the file's history or is handed back as
//! a conflict, and the file always equals a replay of its own history.

mod common;

use cmo_promote::model::{OpId, Session};
use cmo_promote::store::{Loaded, Store};
use common::{Intent, concretize};
use proptest::prelude::*;
use std::collections::HashSet;

#[derive(Debug, Clone)]
enum Step {
    /// Writer 0 or 1 makes an edit (kept pending until it commits).
    Edit(usize, Intent),
    /// Writer 0 or 1 commits its pending edits.
    Commit(usize),
}

fn intent() -> impl Strategy<Value = Intent> {
    common::intents_from(0..20, "[a-z ]{0,8}", "[a-zé\n\"]{0,8}", 0..5000)
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0usize..2, intent()).prop_map(|(w, i)| Step::Edit(w, i)),
        1 => (0usize..2).prop_map(Step::Commit),
    ]
}

struct Writer {
    doc: Loaded,
    pending: Vec<cmo_promote::model::Op>,
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn interleaved_writers_never_lose_an_op(steps in proptest::collection::vec(step(), 1..80)) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().to_path_buf());
        let (template, session) = common::new_session("Two writers");
        let path = store.create(&session).unwrap();
        let mut writers: Vec<Writer> = (0..2)
            .map(|_| Writer { doc: Loaded::load(&path).unwrap(), pending: Vec::new() })
            .collect();
        let mut made: Vec<OpId> = Vec::new();
        let mut conflicted: HashSet<OpId> = HashSet::new();
        let commit = |w: &mut Writer, conflicted: &mut HashSet<OpId>| {
            let c = w.doc.commit(&w.pending).unwrap();
            conflicted.extend(c.saved.conflicts.iter().map(|x| x.op.id));
            w.doc = c.loaded;
            w.pending.clear();
        };
        for (seq, s) in steps.iter().enumerate() {
            match s {
                Step::Edit(w, intent) => {
                    let w = &mut writers[*w];
                    // Distinct op ids across writers: seq is global.
                    let op = concretize(&w.doc.session, 10_000 + seq as u64, intent);
                    if w.doc.session.apply(op.clone()).is_ok() {
                        made.push(op.id);
                        w.pending.push(op);
                    }
                }
                Step::Commit(w) => commit(&mut writers[*w], &mut conflicted),
            }
        }
        for w in &mut writers {
            commit(w, &mut conflicted);
        }

        let file = Loaded::load(&path).unwrap().session;
        let in_history: HashSet<OpId> = file.history().iter().map(|o| o.id).collect();
        for id in &made {
            prop_assert!(
                in_history.contains(id) != conflicted.contains(id),
                "op {id} is {} in the history and {} a conflict",
                if in_history.contains(id) { "" } else { "not" },
                if conflicted.contains(id) { "" } else { "not" }
            );
        }
        prop_assert_eq!(in_history.len(), file.history().len(), "no op twice in the history");
        let rebuilt = Session::replay(&template, file.meta(), file.history()).unwrap();
        prop_assert_eq!(rebuilt, file.clone());
        prop_assert!(file.problems().is_empty(), "{:?}", file.problems());
        // The last writer to commit holds exactly what is in the file.
        prop_assert_eq!(&writers[1].doc.session, &file);
    }
}

#[derive(Debug, Clone)]
enum Turn {
    /// The app (keeping the session as on file) or the other writer makes an edit.
    Edit(bool, Intent),
    /// The app saves its pending edits with the session as on file in hand.
    AppSaves,
    /// The other writer commits its pending edits.
    OtherCommits,
    /// The other writer commits and writes the file anew with a new snapshot.
    OtherCompacts,
}

fn turn() -> impl Strategy<Value = Turn> {
    prop_oneof![
        6 => (any::<bool>(), intent()).prop_map(|(app, i)| Turn::Edit(app, i)),
        2 => Just(Turn::AppSaves),
        2 => Just(Turn::OtherCommits),
        1 => Just(Turn::OtherCompacts),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// An open app saves with the session as its file held it before its edits: when
    /// another writer got there first (ops at the end, or a new snapshot) only their
    /// ops are read, and what the save gives back is what a whole read of the file
    /// gives, with the same edits refused.
    #[test]
    fn a_save_reading_only_another_writers_ops_ends_where_a_whole_read_does(
        turns in proptest::collection::vec(turn(), 1..80)
    ) {
        use cmo_promote::store::save_ops;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().to_path_buf());
        let (_, session) = common::new_session("App and another");
        let path = store.create(&session).unwrap();
        let app = Loaded::load(&path).unwrap();
        let (mut at, mut on_file, mut mine) = (app.at(), app.session.clone(), app.session);
        let mut app_pending = Vec::new();
        let mut other = Writer { doc: Loaded::load(&path).unwrap(), pending: Vec::new() };
        for (seq, t) in turns.iter().enumerate() {
            match t {
                Turn::Edit(by_app, intent) => {
                    let session = if *by_app { &mut mine } else { &mut other.doc.session };
                    let op = concretize(session, 10_000 + seq as u64, intent);
                    if session.apply(op.clone()).is_ok() {
                        if *by_app { app_pending.push(op) } else { other.pending.push(op) }
                    }
                }
                Turn::AppSaves => {
                    // What a whole read of the file with the edits on top would give.
                    let mut whole = Loaded::load(&path).unwrap().session;
                    let expected = whole.apply_on_top(app_pending.clone());
                    let saved = save_ops(&at, Some(on_file.clone()), &app_pending).unwrap();
                    let refused: Vec<_> = saved.conflicts.iter().map(|c| c.op.id).collect();
                    let wanted: Vec<_> = expected.refused.iter().map(|(op, _)| op.id).collect();
                    prop_assert_eq!(refused, wanted);
                    match saved.session {
                        Some(session) => {
                            prop_assert_eq!(&session, &whole);
                            on_file = session;
                        }
                        None => {
                            prop_assert!(!saved.rebased);
                            for op in app_pending.iter().filter(|op| saved.written.contains(&op.id)) {
                                on_file.apply_logged(op.clone()).unwrap();
                            }
                        }
                    }
                    prop_assert_eq!(&on_file, &Loaded::load(&path).unwrap().session);
                    mine = on_file.clone();
                    at = saved.at;
                    app_pending.clear();
                }
                Turn::OtherCommits | Turn::OtherCompacts => {
                    let c = other.doc.commit(&other.pending).unwrap();
                    other.doc = c.loaded;
                    other.pending.clear();
                    if matches!(t, Turn::OtherCompacts) {
                        other.doc = other.doc.compact().unwrap().loaded;
                    }
                }
            }
        }
    }
}
