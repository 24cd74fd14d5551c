//! A history with sealed runs reads back exactly as the ops went in, whichever way it
//! is read, and is written exactly as a list of those ops.

use super::*;
use crate::model::Session;
use crate::sample::{Size, on_builtin};

/// The ops of a generated session (every kind of op), more than three runs of them.
fn ops() -> Vec<Op> {
    let ops: Vec<Op> = sample().history().iter().map(Cow::into_owned).collect();
    assert!(ops.len() > 3 * RUN + 10, "{} ops", ops.len());
    ops
}

/// The ops on steps a history keeps at hand, with their places.
fn step_ops(h: &History) -> Vec<(usize, Op)> {
    h.on_steps().cloned().collect()
}

fn sample() -> Session {
    on_builtin("History", Size::realistic(200, 3)).unwrap()
}

#[test]
fn the_ops_read_back_in_order_whichever_way_they_are_read() {
    let ops = ops();
    let h = History::from(ops.clone());
    assert!(h.sealed.len() >= 2, "some runs are sealed");
    assert_eq!(h.len(), ops.len());
    assert_eq!(h.last(), ops.last());
    let forward: Vec<Op> = h.iter().map(Cow::into_owned).collect();
    assert_eq!(forward, ops);
    let backward: Vec<Op> = h.iter().rev().map(Cow::into_owned).collect();
    assert!(backward.iter().eq(ops.iter().rev()));
    // From the middle of a run, a run's first op, the first open op, the end, past it.
    let open_from = h.sealed.len() * RUN;
    for start in [
        0,
        5,
        RUN,
        RUN + 1,
        open_from,
        open_from + 3,
        ops.len(),
        ops.len() + 9,
    ] {
        let from: Vec<Op> = h.iter_from(start).map(Cow::into_owned).collect();
        assert_eq!(from, ops[start.min(ops.len())..], "from {start}");
    }
    let mut reader = h.reader();
    for i in [0, 1, RUN - 1, RUN, 3, open_from, ops.len() - 1] {
        assert_eq!(h.get(i).as_deref(), Some(&ops[i]), "get {i}");
        assert_eq!(reader.get(i).as_deref(), Some(&ops[i]), "reader {i}");
    }
    assert_eq!(h.get(ops.len()), None);
    assert_eq!(reader.get(ops.len()), None);
}

#[test]
fn an_op_is_found_by_its_id_and_by_looking_back() {
    let ops = ops();
    let h = History::from(ops.clone());
    assert!(ops.iter().all(|op| h.contains(op.id)));
    assert!(!h.contains(crate::model::OpId::new_random()));
    let early = &ops[7];
    assert_eq!(h.rposition(|op| op.id == early.id), Some(7));
    assert_eq!(h.rposition(|_| false), None);
}

#[test]
fn every_op_on_a_step_is_at_hand_with_its_place() {
    let ops = ops();
    let h = History::from(ops.clone());
    let expected: Vec<(usize, Op)> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| step_of(&op.kind).is_some())
        .map(|(i, op)| (i, op.clone()))
        .collect();
    assert!(
        expected.iter().any(|(i, _)| *i < RUN),
        "some in a sealed run"
    );
    assert_eq!(step_ops(&h), expected);
}

#[test]
fn it_is_written_and_read_as_the_list_of_its_ops() {
    let ops = ops();
    let h = History::from(ops.clone());
    // The same bytes as the list, in the file's RON and the cache's MessagePack.
    assert_eq!(ron::to_string(&h).unwrap(), ron::to_string(&ops).unwrap());
    let packed = rmp_serde::to_vec_named(&h).unwrap();
    assert_eq!(packed, rmp_serde::to_vec_named(&ops).unwrap());
    let back: History = rmp_serde::from_slice(&packed).unwrap();
    assert_eq!(back, h);
    assert_eq!(step_ops(&back), step_ops(&h));
}

#[test]
fn histories_are_equal_only_when_their_ops_are() {
    let ops = ops();
    let h = History::from(ops.clone());
    assert_eq!(History::from(ops.clone()), h);
    // One op changed in a sealed run, then one among the latest.
    for i in [3, ops.len() - 2] {
        let mut other = ops.clone();
        other[i].author = "someone else".into();
        assert_ne!(History::from(other), h, "op {i} changed");
    }
    assert_ne!(History::from(ops[..ops.len() - 1].to_vec()), h);
}

#[test]
fn a_session_with_a_long_history_replays_and_checks() {
    let ops = ops();
    let template = crate::store::builtin_template().unwrap();
    let s = Session::replay(&template, sample().meta(), &ops).unwrap();
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    // An op already in the history, even in a sealed run, is refused.
    let mut again = s.clone();
    assert!(matches!(
        again.apply(ops[2].clone()),
        Err(crate::model::OpError::DuplicateOp(_))
    ));
    assert_eq!(again, s);
    // A replay of its own history shares the runs rather than packing them again.
    let rebuilt = Session::replay_history(&template, s.meta(), s.history()).unwrap();
    assert_eq!(rebuilt, s);
    let runs = |s: &Session| -> Vec<Arc<[u8]>> {
        s.history
            .sealed
            .iter()
            .filter_map(|run| match run {
                Run::Packed(bytes) => Some(bytes.clone()),
                Run::Whole(_) => None,
            })
            .collect()
    };
    assert_eq!(runs(&s).len(), s.history().sealed.len());
    assert!(
        runs(&s)
            .iter()
            .zip(runs(&rebuilt))
            .all(|(a, b)| Arc::ptr_eq(a, &b))
    );
}

#[test]
fn a_history_that_lists_an_op_twice_is_reported_by_check() {
    let s = sample();
    let ops: Vec<Op> = s.history().iter().map(Cow::into_owned).collect();
    let mut twice = ops.clone();
    twice.insert(5, ops[2].clone());
    let history = History::from(twice);
    assert_eq!(history.distinct_ids(), ops.len());
    let state: Session = ron::from_str(&ron::to_string(&s.snapshot()).unwrap()).unwrap();
    let broken = Session::from_snapshot(state, history, Vec::new()).unwrap();
    let problems: Vec<String> = broken.problems().iter().map(|p| p.0.clone()).collect();
    assert_eq!(
        problems,
        [format!("op {} appears twice in the history", ops[2].id)]
    );
}

#[test]
fn an_op_listed_twice_counts_once_wherever_its_copies_are() {
    let ops = ops();
    let n = ops.len();
    // The first op again at the very end: one copy sealed, one open.
    let mut twice = ops.clone();
    twice.push(ops[0].clone());
    let mut h = History::from(twice);
    assert_eq!((h.len(), h.distinct_ids()), (n + 1, n));
    // Both copies sealed, and the last op twice among the open ones.
    let more = fresh(&ops, 2 * RUN);
    h.extend(more.iter().cloned());
    h.push(more[more.len() - 1].clone());
    assert_eq!(h.distinct_ids(), n + 2 * RUN);
    assert!(h.sealed.len() * RUN > n, "the first duplicate is sealed");
}

#[test]
fn a_copy_shares_what_it_holds_and_goes_its_own_way() {
    let ops = ops();
    let h = History::from(ops.clone());
    let mut copy = h.clone();
    let more = fresh(&ops, 2 * RUN);
    copy.extend(more.iter().cloned());
    assert!(
        more.iter()
            .all(|op| copy.contains(op.id) && !h.contains(op.id))
    );
    assert!(
        ops.iter()
            .all(|op| copy.contains(op.id) && h.contains(op.id))
    );
    assert_eq!(h.distinct_ids(), ops.len());
    assert_eq!(copy.distinct_ids(), ops.len() + more.len());
    assert_eq!(
        step_ops(&copy).len(),
        step_ops(&h).len() + more.iter().filter(|op| step_of(&op.kind).is_some()).count()
    );
    assert!(h.iter().map(Cow::into_owned).eq(ops));
    assert!(
        h.sealed
            .iter()
            .zip(&copy.sealed)
            .all(|(a, b)| match (a, b) {
                (Run::Packed(a), Run::Packed(b)) => Arc::ptr_eq(a, b),
                _ => false,
            }),
        "the runs both had are shared"
    );
}

/// `n` ops like the first of `ops`, each with an id of its own.
fn fresh(ops: &[Op], n: usize) -> Vec<Op> {
    (0..n)
        .map(|i| Op {
            id: OpId(uuid::Uuid::from_u128(0xf00d_0000 + i as u128)),
            ..ops[i % ops.len()].clone()
        })
        .collect()
}

#[test]
fn a_history_kept_as_a_cache_keeps_it_reads_back_the_same_and_goes_on_alike() {
    let ops = ops();
    let (before, after) = ops.split_at(ops.len() - 300);
    let h = History::from(before.to_vec());
    let packed = h.storing(|s| rmp_serde::to_vec_named(s).unwrap()).unwrap();
    let mut back = History::from_stored(rmp_serde::from_slice(&packed).unwrap()).unwrap();
    assert_eq!(back, h);
    assert_eq!(step_ops(&back), step_ops(&h));
    assert!(before.iter().all(|op| back.contains(op.id)));
    // Ops added after it seal and index as in a history never stored.
    back.extend(after.iter().cloned());
    let whole = History::from(ops.clone());
    assert_eq!(back, whole);
    assert_eq!(step_ops(&back), step_ops(&whole));
    assert_eq!(back.distinct_ids(), ops.len());
}

#[test]
fn stored_parts_that_do_not_fit_together_are_refused_and_a_spoilt_run_reads_as_nothing() {
    let h = History::from(ops());
    let stored = || {
        let packed = h.storing(|s| rmp_serde::to_vec_named(s).unwrap()).unwrap();
        rmp_serde::from_slice::<Stored>(&packed).unwrap()
    };
    // Ids in a piece cut short are not read as ids.
    let piece: &[u8] = &[7; 31];
    let cut = rmp_serde::to_vec(&(stored::BytesOf(&[0; 32]), stored::BytesOf(piece))).unwrap();
    assert!(rmp_serde::from_slice::<stored::StoredIds>(&cut).is_err());
    let whole = rmp_serde::to_vec(&(stored::BytesOf(&[0; 32]), stored::BytesOf(&[7; 16]))).unwrap();
    let ids = rmp_serde::from_slice::<stored::StoredIds>(&whole)
        .unwrap()
        .0;
    assert_eq!(ids.len(), 2, "three ids, two of them the same");
    let mut step_past_the_runs = stored();
    let past = step_past_the_runs.runs.len() * RUN;
    step_past_the_runs
        .on_steps
        .push((past, h.last().unwrap().clone()));
    assert!(History::from_stored(step_past_the_runs).is_none());
    let mut too_many_open = stored();
    too_many_open.open = h.iter().take(2 * RUN).map(Cow::into_owned).collect();
    assert!(History::from_stored(too_many_open).is_none());
    // A run whose bytes were changed (its hash made to match) does not stop anything.
    let mut spoilt = stored();
    Arc::get_mut(&mut spoilt.runs[0].0).unwrap()[10] ^= 0xff;
    let back = History::from_stored(spoilt).unwrap();
    assert_eq!(back.iter().count(), h.len() - RUN);
    assert_eq!(back.get(3), None);
}
