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
