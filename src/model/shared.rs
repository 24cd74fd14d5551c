//! Lists a session holds whose items are shared between copies of the session until one
//! of them changes an item: the Work Plan's changes, the test scripts, the test rounds.
//! A copy (to try an undo's ops all or nothing, to hand a session to the saver's thread)
//! then costs a pointer an item instead of the 10,000 changes with their texts and
//! attempts, or the rounds with their thousands of results.

use super::test_plan::{TestRound, TestScript};
use super::work_plan::Change;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Items in order (see the module doc); read like a list of them, and written and
/// read as the list of the items.
#[derive(Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Shared<T>(Vec<Arc<T>>);

/// The Work Plan's changes, in Work Plan order.
pub type Changes = Shared<Change>;
/// The Test Plan's scripts, in the order they were added.
pub type Scripts = Shared<TestScript>;
/// The test rounds, in the order they were started.
pub type Rounds = Shared<TestRound>;

/// Going through the items in order.
pub type Iter<'a, T> = std::iter::Map<std::slice::Iter<'a, Arc<T>>, fn(&Arc<T>) -> &T>;

impl<T> Default for Shared<T> {
    fn default() -> Shared<T> {
        Shared(Vec::new())
    }
}

impl<T> Shared<T> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> Iter<'_, T> {
        self.0.iter().map(|c| &**c)
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.0.get(i).map(|c| &**c)
    }

    pub fn last(&self) -> Option<&T> {
        self.0.last().map(|c| &**c)
    }

    pub(in crate::model) fn push(&mut self, item: T) {
        self.0.push(Arc::new(item));
    }

    /// Takes item `i` out, to put it back elsewhere with [`Shared::insert`].
    pub(in crate::model) fn remove(&mut self, i: usize) -> Arc<T> {
        self.0.remove(i)
    }

    pub(in crate::model) fn insert(&mut self, i: usize, item: Arc<T>) {
        self.0.insert(i, item);
    }

    pub(in crate::model) fn clear(&mut self) {
        self.0.clear();
    }
}

impl<T: Clone> Shared<T> {
    /// Item `i`, to change: copied first if another copy of the session shares it.
    pub(in crate::model) fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.0.get_mut(i).map(Arc::make_mut)
    }

    /// Every item, to change (each copied first if shared).
    pub(in crate::model) fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.0.iter_mut().map(Arc::make_mut)
    }

    /// The first item `pick` chooses, to change (only that one is copied if shared).
    pub(in crate::model) fn find_mut(&mut self, pick: impl Fn(&T) -> bool) -> Option<&mut T> {
        self.0.iter_mut().find(|c| pick(c)).map(Arc::make_mut)
    }
}

impl<T> std::ops::Index<usize> for Shared<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.0[i]
    }
}

impl<'a, T> IntoIterator for &'a Shared<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> From<Vec<Arc<T>>> for Shared<T> {
    fn from(items: Vec<Arc<T>>) -> Shared<T> {
        Shared(items)
    }
}

impl<T> FromIterator<T> for Shared<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Shared<T> {
        Shared(items.into_iter().map(Arc::new).collect())
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Shared<T>) -> bool {
        self.len() == other.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|(a, b)| Arc::ptr_eq(a, b) || a == b)
    }
}

impl<T: Eq> Eq for Shared<T> {}

impl<T: std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChangeEdit, Op, OpKind, Session};
    use crate::sample::{Size, on_builtin};
    use chrono::{TimeZone, Utc};

    fn sample() -> Session {
        on_builtin("Shared", Size::realistic(30, 1)).unwrap()
    }

    /// For each item, whether the two lists share it.
    fn shared<T>(a: &Shared<T>, b: &Shared<T>) -> Vec<bool> {
        a.0.iter()
            .zip(&b.0)
            .map(|(x, y)| Arc::ptr_eq(x, y))
            .collect()
    }

    #[test]
    fn a_copy_of_a_session_shares_its_changes_until_one_of_them_changes() {
        let s = sample();
        let mut copy = s.clone();
        assert!(shared(&s.changes, &copy.changes).iter().all(|&same| same));
        let edited = s.changes()[3].id;
        let op = Op::fresh(
            "ann",
            Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
            OpKind::EditChange {
                change: edited,
                edits: vec![ChangeEdit::Description("Edited in the copy".into())],
                was: Vec::new(),
            },
        );
        copy.apply(op).unwrap();
        // Only the edited change was copied; the session it came from is as it was.
        let same = shared(&s.changes, &copy.changes);
        assert_eq!(same.iter().filter(|&&same| !same).count(), 1);
        assert!(!same[3]);
        assert_eq!(copy.changes()[3].fields.description, "Edited in the copy");
        assert_ne!(s.changes()[3].fields.description, "Edited in the copy");
        assert_eq!(s, sample());
        assert_ne!(copy, s);
    }

    #[test]
    fn a_result_recorded_in_a_copy_copies_only_its_round() {
        let s = sample();
        let mut copy = s.clone();
        assert!(shared(&s.rounds, &copy.rounds).iter().all(|&same| same));
        assert!(shared(&s.scripts, &copy.scripts).iter().all(|&same| same));
        let round = s.rounds().last().unwrap().id;
        let script = s.scripts().iter().find(|x| !x.is_removed()).unwrap().id;
        let op = Op::fresh(
            "ann",
            Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
            OpKind::RecordResult {
                round,
                script,
                status: crate::model::ResultStatus::Fail,
                comment: "Marked in the copy".into(),
            },
        );
        copy.apply(op).unwrap();
        let same = shared(&s.rounds, &copy.rounds);
        assert_eq!(same.iter().filter(|&&same| !same).count(), 1);
        assert!(!same[s.rounds().len() - 1], "the round marked in is copied");
        assert!(shared(&s.scripts, &copy.scripts).iter().all(|&same| same));
        let comments = |x: &Session| {
            x.rounds()
                .iter()
                .flat_map(|r| &r.results)
                .filter(|r| r.comment == "Marked in the copy")
                .count()
        };
        assert_eq!((comments(&s), comments(&copy)), (0, 1));
        assert_eq!(s, sample());
    }

    #[test]
    fn the_changes_are_written_and_read_as_their_list() {
        let s = sample();
        let list: Vec<Change> = s.changes().iter().cloned().collect();
        assert_eq!(
            ron::to_string(s.changes()).unwrap(),
            ron::to_string(&list).unwrap()
        );
        let back: Changes = ron::from_str(&ron::to_string(&list).unwrap()).unwrap();
        assert_eq!(&back, s.changes());
    }
}
