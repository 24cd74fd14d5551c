//! Lookups a session keeps beside its data so that applying an op costs the same
//! whatever the size of the session: where each change is in the Work Plan, and which
//! op ids the history holds. Neither is stored nor part of what a session is: two
//! sessions are equal whatever their indexes hold, and an index that fell out of step
//! is rebuilt from the data.

use super::ids::{ChangeId, OpId};
use std::collections::{HashMap, HashSet};

/// Change id → position in the Work Plan.
#[derive(Debug, Clone, Default)]
pub struct ChangeIndex {
    at: HashMap<ChangeId, usize>,
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
        self.at.insert(id, at);
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

/// The ids of the ops in a history.
#[derive(Debug, Clone, Default)]
pub struct OpIds {
    ids: HashSet<OpId>,
    /// How many ops of the history it was given (more than `ids` holds should a
    /// broken file list an op twice).
    ops: usize,
}

impl OpIds {
    /// The ids of `ops`.
    pub(crate) fn of(ops: &[super::Op]) -> OpIds {
        OpIds {
            ids: ops.iter().map(|op| op.id).collect(),
            ops: ops.len(),
        }
    }

    pub(crate) fn contains(&self, id: &OpId) -> bool {
        self.ids.contains(id)
    }

    /// Whether it covers a history of `n` ops.
    pub(crate) fn covers(&self, n: usize) -> bool {
        self.ops == n
    }

    /// The op `id` was added to the history.
    pub(crate) fn insert(&mut self, id: OpId) {
        self.ids.insert(id);
        self.ops += 1;
    }
}

impl PartialEq for OpIds {
    fn eq(&self, _: &OpIds) -> bool {
        true
    }
}

impl Eq for OpIds {}
