//! The Work Plan's changes as a session holds them: each shared between copies of the
//! session until one of them changes it. A copy (to try an undo's ops all or nothing,
//! to hand a session to another thread) then costs a pointer a change instead of the
//! 10,000 changes with their texts and attempts.

use super::work_plan::Change;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// The changes in Work Plan order (see the module doc); read like a list of changes.
#[derive(Clone, Default)]
pub struct Changes(Vec<Arc<Change>>);

/// Going through the changes in order.
pub type Iter<'a> = std::iter::Map<std::slice::Iter<'a, Arc<Change>>, fn(&Arc<Change>) -> &Change>;

impl Changes {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> Iter<'_> {
        self.0.iter().map(|c| &**c)
    }

    pub fn get(&self, i: usize) -> Option<&Change> {
        self.0.get(i).map(|c| &**c)
    }

    pub fn last(&self) -> Option<&Change> {
        self.0.last().map(|c| &**c)
    }

    /// Change `i`, to change: copied first if another copy of the session shares it.
    pub(in crate::model) fn get_mut(&mut self, i: usize) -> Option<&mut Change> {
        self.0.get_mut(i).map(Arc::make_mut)
    }

    /// Every change, to change (each copied first if shared).
    pub(in crate::model) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Change> {
        self.0.iter_mut().map(Arc::make_mut)
    }

    pub(in crate::model) fn push(&mut self, change: Change) {
        self.0.push(Arc::new(change));
    }

    /// Takes change `i` out, to put it back elsewhere with [`Changes::insert`].
    pub(in crate::model) fn remove(&mut self, i: usize) -> Arc<Change> {
        self.0.remove(i)
    }

    pub(in crate::model) fn insert(&mut self, i: usize, change: Arc<Change>) {
        self.0.insert(i, change);
    }

    pub(in crate::model) fn clear(&mut self) {
        self.0.clear();
    }
}

impl std::ops::Index<usize> for Changes {
    type Output = Change;
    fn index(&self, i: usize) -> &Change {
        &self.0[i]
    }
}

impl<'a> IntoIterator for &'a Changes {
    type Item = &'a Change;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl FromIterator<Change> for Changes {
    fn from_iter<I: IntoIterator<Item = Change>>(changes: I) -> Changes {
        Changes(changes.into_iter().map(Arc::new).collect())
    }
}

impl PartialEq for Changes {
    fn eq(&self, other: &Changes) -> bool {
        self.len() == other.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|(a, b)| Arc::ptr_eq(a, b) || a == b)
    }
}

impl Eq for Changes {}

impl std::fmt::Debug for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Written and read as the list of the changes.
impl Serialize for Changes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Changes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Changes, D::Error> {
        d.deserialize_seq(Visitor)
    }
}

struct Visitor;

impl<'de> serde::de::Visitor<'de> for Visitor {
    type Value = Changes;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of changes")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Changes, A::Error> {
        let mut changes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(change) = seq.next_element::<Change>()? {
            changes.push(Arc::new(change));
        }
        Ok(Changes(changes))
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

    fn shared(a: &Session, b: &Session) -> Vec<bool> {
        a.changes
            .0
            .iter()
            .zip(&b.changes.0)
            .map(|(x, y)| Arc::ptr_eq(x, y))
            .collect()
    }

    #[test]
    fn a_copy_of_a_session_shares_its_changes_until_one_of_them_changes() {
        let s = sample();
        let mut copy = s.clone();
        assert!(shared(&s, &copy).iter().all(|&same| same));
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
        let same = shared(&s, &copy);
        assert_eq!(same.iter().filter(|&&same| !same).count(), 1);
        assert!(!same[3]);
        assert_eq!(copy.changes()[3].fields.description, "Edited in the copy");
        assert_ne!(s.changes()[3].fields.description, "Edited in the copy");
        assert_eq!(s, sample());
        assert_ne!(copy, s);
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
