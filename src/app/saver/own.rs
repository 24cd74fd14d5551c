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
    /// Where ops made on `at` are to be saved, which of `pending` still are to be, and
    /// which are already written: where this worker's own saves left the file, less
    /// what they wrote (in the order made), if they were made on that same `at`; else
    /// `at` and all of them.
    pub fn on(own: Option<&OwnSaves>, at: &FileAt, pending: &[Op]) -> (FileAt, Vec<Op>, Vec<Op>) {
        match own {
            Some(own) if own.base == *at => {
                let (written, ops) = pending
                    .iter()
                    .cloned()
                    .partition(|op| own.written.contains(&op.id));
                (own.after.clone(), ops, written)
            }
            _ => (at.clone(), pending.to_vec(), Vec::new()),
        }
    }

    /// The memory after a save of ops made on `at` (the one before, `own`, is kept
    /// adding to when it was made on the same `at`). Only a save that left the file as
    /// the app's own ops on `at` is remembered: after one that merged another writer's
    /// ops, or refused one of the app's, later ops made on `at` must be put on top of
    /// the file as read, one by one, and a refused op must not be written after all.
    pub fn after(own: Option<OwnSaves>, at: &FileAt, saved: &Saved) -> Option<OwnSaves> {
        if saved.rebased || !saved.conflicts.is_empty() {
            return None;
        }
        let mut written = match own {
            Some(own) if own.base == *at => own.written,
            _ => HashSet::new(),
        };
        written.extend(saved.written.iter().copied());
        Some(OwnSaves {
            base: at.clone(),
            after: saved.at.clone(),
            written,
        })
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
        let own = OwnSaves::after(None, &at(100), &saved(at(150), &[&a])).unwrap();
        let (from, ops, written) = OwnSaves::on(Some(&own), &at(100), &[a.clone(), b.clone()]);
        assert_eq!(
            (from, ops, written),
            (at(150), vec![b.clone()], vec![a.clone()])
        );
        let own = OwnSaves::after(Some(own), &at(100), &saved(at(200), &[&b])).unwrap();
        let (from, ops, written) =
            OwnSaves::on(Some(&own), &at(100), &[a.clone(), b.clone(), c.clone()]);
        assert_eq!((from, ops, written), (at(200), vec![c.clone()], vec![a, b]));
        // Once the app has taken the saves in, its base is where they left the file.
        let (from, ops, written) = OwnSaves::on(Some(&own), &at(200), std::slice::from_ref(&c));
        assert_eq!((from, ops, written), (at(200), vec![c], vec![]));
    }

    /// Ann's edit meets bob's edit of the same field, saved first: her save reads the
    /// file and her edit comes back as a conflict. Her next edit, handed over on the
    /// same base before the app took that in, must not carry the refused edit into the
    /// file after all.
    #[test]
    fn after_a_save_that_refused_an_op_the_next_one_does_not_write_it_blindly() {
        use super::super::{Base, SaveReport, save, watch::Looked};
        use crate::model::{ChangeEdit, ChangeFields, OpError, Session, SessionMeta};
        use crate::store::{Loaded, Store, builtin_template};
        let dir = tempfile::tempdir().unwrap();
        let meta = SessionMeta {
            id: uuid::Uuid::from_u128(7),
            title: "Race".into(),
            created_at: chrono::Utc::now(),
            created_by: "ann".into(),
        };
        let session = Session::new(&builtin_template().unwrap(), meta).unwrap();
        let path = Store::open(dir.path().to_path_buf())
            .create(&session)
            .unwrap();
        let add = |item: &str| {
            Op::fresh(
                "ann",
                chrono::Utc::now(),
                OpKind::AddChange {
                    fields: Box::new(ChangeFields {
                        area: "Forms".into(),
                        item: item.into(),
                        ..Default::default()
                    }),
                },
            )
        };
        let mut first = Loaded::load(&path).unwrap();
        first.apply_and_commit(add("Incident")).unwrap();
        let mut app = Loaded::load(&path).unwrap();
        let id = app.session.changes()[0].id;
        let edit = |who: &str, text: &str| {
            Op::fresh(
                who,
                chrono::Utc::now(),
                OpKind::EditChange {
                    change: id,
                    edits: vec![ChangeEdit::Description(text.into())],
                    was: vec![ChangeEdit::Description(String::new())],
                },
            )
        };
        Loaded::load(&path)
            .unwrap()
            .apply_and_commit(edit("bob", "Bob's"))
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut known = Looked::of(&app);
        let base = app.at();
        let a = edit("ann", "Ann's");
        app.session.apply(a.clone()).unwrap();
        assert!(
            save(
                (
                    1,
                    Base::At {
                        at: base.clone(),
                        on_file: None
                    },
                    vec![a.clone()]
                ),
                &mut known,
                &tx
            )
            .is_none()
        );
        let b = add("Another");
        app.session.apply(b.clone()).unwrap();
        let base = Base::At {
            at: base,
            on_file: None,
        };
        assert!(save((2, base, vec![a.clone(), b]), &mut known, &tx).is_none());
        let refused: Vec<bool> = rx
            .try_iter()
            .filter_map(|r| match r {
                SaveReport::Committed { saved, .. } => Some(
                    saved
                        .conflicts
                        .iter()
                        .any(|c| c.op.id == a.id && c.error != OpError::NotApplied),
                ),
                _ => None,
            })
            .collect();
        assert_eq!(refused, [true, true], "both saves say ann's edit clashed");
        let _ = std::fs::remove_file(crate::store::cache_path(&path));
        let on_disk = Loaded::load(&path).expect("the file still loads");
        let c = &on_disk.session.changes()[0];
        assert_eq!(c.fields.description, "Bob's");
        assert_eq!(
            on_disk.session.changes().len(),
            2,
            "ann's second edit is there"
        );
    }
}
