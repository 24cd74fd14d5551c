//! A lookup a session keeps beside its data so that applying an op costs the same
//! whatever the size of the session: where each change is in the Work Plan. (The
//! history keeps the set of its op ids itself.) It is neither stored nor part of what a
//! session is: two sessions are equal whatever their indexes hold, and an index that
//! fell out of step is rebuilt from the data.

use super::ids::ChangeId;
use std::collections::HashMap;
use std::sync::Arc;

/// Change id → position in the Work Plan (shared with copies of the session until one
/// adds a change).
#[derive(Debug, Clone, Default)]
pub struct ChangeIndex {
    at: Arc<HashMap<ChangeId, usize>>,
    /// The highest WP- number in use (numbers are never reused).
    highest: u32,
}

impl ChangeIndex {
    pub(crate) fn get(&self, id: &ChangeId) -> Option<&usize> {
        self.at.get(id)
    }

    /// Whether it covers `n` changes.
    pub(crate) fn covers(&self, n: usize) -> bool {
        self.at.len() == n
    }

    /// A change numbered `number` is now at `at`.
    pub(crate) fn insert(&mut self, id: ChangeId, at: usize, number: u32) {
        Arc::make_mut(&mut self.at).insert(id, at);
        self.highest = self.highest.max(number);
    }

    /// The number after the highest in use.
    pub(crate) fn next_number(&self) -> u32 {
        self.highest.saturating_add(1)
    }
}

impl PartialEq for ChangeIndex {
    fn eq(&self, _: &ChangeIndex) -> bool {
        true
    }
}

impl Eq for ChangeIndex {}
