//! The saver's memory of its own saves: edits made in quick succession are handed over
//! on the state of the file the app last knew, before the app has taken in the save of
//! the one before. They go on from where that save left the file, less the ops it
//! already wrote, instead of reading the file again as if someone else had written it.

use crate::model::{Op, OpId};
use crate::store::{FileAt, Saved};
use std::collections::HashSet;

/// The saves this worker made on top of one state of the file the app knew (`base`),
/// and where they left the file (`after`), holding the ops `written`.
#[derive(Debug)]
pub struct OwnSaves {
    base: FileAt,
    after: FileAt,
    written: HashSet<OpId>,
}

impl OwnSaves {
    /// Where ops made on `at` are to be saved, and which of `pending` still are to be:
    /// where this worker's own saves left the file, less what they wrote, if they were
    /// made on that same `at`; else `at` and all of them.
    pub fn on(own: Option<&OwnSaves>, at: &FileAt, pending: &[Op]) -> (FileAt, Vec<Op>) {
        match own {
            Some(own) if own.base == *at => (
                own.after.clone(),
                pending
                    .iter()
                    .filter(|op| !own.written.contains(&op.id))
                    .cloned()
                    .collect(),
            ),
            _ => (at.clone(), pending.to_vec()),
        }
    }

    /// The memory after a save of ops made on `at` (the one before, `own`, is kept
    /// adding to when it was made on the same `at`).
    pub fn after(own: Option<OwnSaves>, at: &FileAt, saved: &Saved) -> OwnSaves {
        let mut written = match own {
            Some(own) if own.base == *at => own.written,
            _ => HashSet::new(),
        };
        written.extend(saved.written.iter().copied());
        OwnSaves {
            base: at.clone(),
            after: saved.at.clone(),
            written,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OpKind;
    use crate::store::{LogEnd, Stamp};

    fn at(end: u64) -> FileAt {
        FileAt {
            path: "/s/q3.ron".into(),
            stamp: Stamp {
                len: end,
                ..Stamp::default()
            },
            generation: 1,
            log: Some(LogEnd {
                end,
                ops: 0,
                after_snapshot: 0,
            }),
            checked: true,
        }
    }

    fn op() -> Op {
        Op::fresh("ann", chrono::Utc::now(), OpKind::CompleteStep { step: 1 })
    }

    fn saved(to: FileAt, written: &[&Op]) -> Saved {
        Saved {
            at: to,
            session: None,
            written: written.iter().map(|o| o.id).collect(),
            conflicts: Vec::new(),
            rebased: false,
            converted: false,
        }
    }

    #[test]
    fn edits_handed_over_on_the_same_base_go_on_from_the_last_save_without_its_ops() {
        let (a, b, c) = (op(), op(), op());
        let own = OwnSaves::after(None, &at(100), &saved(at(150), &[&a]));
        let (from, ops) = OwnSaves::on(Some(&own), &at(100), &[a.clone(), b.clone()]);
        assert_eq!((from, ops), (at(150), vec![b.clone()]));
        let own = OwnSaves::after(Some(own), &at(100), &saved(at(200), &[&b]));
        let (from, ops) = OwnSaves::on(Some(&own), &at(100), &[a, b, c.clone()]);
        assert_eq!((from, ops), (at(200), vec![c.clone()]));
        // Once the app has taken the saves in, its base is where they left the file.
        let (from, ops) = OwnSaves::on(Some(&own), &at(200), std::slice::from_ref(&c));
        assert_eq!((from, ops), (at(200), vec![c]));
    }
}
