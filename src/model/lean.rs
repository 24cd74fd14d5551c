//! The lean copy of a session: all that checking a change being logged or a test result
//! being recorded needs, small enough to read and write whole at any session size. It
//! is the session without its history, its rounds' results or its scripts' texts, and
//! with each change and script cut down to its number, its id and whether it was
//! removed (a row of a table).
//!
//! Such an op is not checked by rules of its own: [`Lean::session_for`] makes a small
//! session of the lean copy, in which the changes the op names and the highest-numbered
//! one (so the next number is the same) stand in with their number and removal only,
//! and the real [`Session::apply`] checks and applies the op there. That holds for the
//! ops [`Lean::takes`], which read nothing else of a change, a script or a round;
//! the tests below check it against the whole session.

use super::session::Session;
use super::test_plan::{ScriptFields, TestScript};
use super::work_plan::{Change, Removal};
use super::{ChangeFields, ChangeId, OpKind, ScriptId};
use chrono::DateTime;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A change or a script as the lean copy keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub number: u32,
    pub id: Uuid,
    pub removed: bool,
}

/// A session cut down to what the ops it [`takes`](Lean::takes) read.
#[derive(Debug, Clone, PartialEq)]
pub struct Lean {
    /// The session with no history, changes, scripts or results.
    state: Session,
    /// Every change, by number.
    changes: Vec<Row>,
    /// Every script, in the Test Plan's order.
    scripts: Vec<Row>,
}

impl Lean {
    /// Whether an op of this kind can be checked and applied on the lean copy: a change
    /// logged, or a test result recorded.
    pub fn takes(kind: &OpKind) -> bool {
        matches!(kind, OpKind::AddChange { .. } | OpKind::RecordResult { .. })
    }

    /// The lean copy put together again from its parts as [`Lean::parts`] gave them.
    pub fn from_parts(state: Session, changes: Vec<Row>, scripts: Vec<Row>) -> Lean {
        Lean {
            state: state.bare(),
            changes,
            scripts,
        }
    }

    /// The parts to store: the state (a session as a snapshot writes it), the changes
    /// and the scripts.
    pub fn parts(&self) -> (impl Serialize + '_, &[Row], &[Row]) {
        (self.state.snapshot(), &self.changes, &self.scripts)
    }

    /// How many changes the session has, removed ones included.
    pub fn change_count(&self) -> usize {
        self.changes.len()
    }

    /// A session to check and apply an op on: the lean state with every script and
    /// with the changes numbered `numbers` (those there are) and the highest-numbered
    /// one, each cut down to its number and removal. Nothing else of it can be read.
    pub fn session_for(&self, numbers: &[u32]) -> Session {
        let mut session = self.state.clone();
        let mut wanted: Vec<&Row> = numbers
            .iter()
            .filter_map(|n| self.change_row(*n))
            .chain(self.changes.last())
            .collect();
        wanted.sort_by_key(|r| r.number);
        wanted.dedup_by_key(|r| r.number);
        session.changes = wanted.into_iter().map(stand_in_change).collect();
        session.scripts = self.scripts.iter().map(stand_in_script).collect();
        session.reindex_changes();
        session
    }

    /// The lean copy after ops applied to `session`, a session this copy made.
    pub fn after(&self, session: &Session) -> Lean {
        let mut changes = self.changes.clone();
        for c in &session.changes {
            let row = change_row(c);
            match changes.binary_search_by_key(&c.number, |r| r.number) {
                Ok(i) => changes[i] = row,
                Err(i) => changes.insert(i, row),
            }
        }
        Lean {
            state: session.bare(),
            changes,
            scripts: session.scripts.iter().map(script_row).collect(),
        }
    }

    fn change_row(&self, number: u32) -> Option<&Row> {
        self.changes
            .binary_search_by_key(&number, |r| r.number)
            .ok()
            .map(|i| &self.changes[i])
    }
}

impl Session {
    /// The lean copy of this session.
    pub fn lean(&self) -> Lean {
        let mut changes: Vec<Row> = self.changes.iter().map(change_row).collect();
        changes.sort_by_key(|r| r.number);
        Lean {
            state: self.bare(),
            changes,
            scripts: self.scripts.iter().map(script_row).collect(),
        }
    }

    /// This session without its history, changes, scripts or results (nothing of them
    /// copied).
    fn bare(&self) -> Session {
        // Every field named, so that a new one is thought about here.
        let Session {
            id,
            title,
            created_at,
            created_by,
            template,
            areas,
            environments,
            steps,
            changes: _,
            work_plan_revision,
            scripts: _,
            rounds,
            freeze,
            outage,
            history: _,
            change_index: _,
            op_ids: _,
        } = self;
        Session {
            id: *id,
            title: title.clone(),
            created_at: *created_at,
            created_by: created_by.clone(),
            template: template.clone(),
            areas: areas.clone(),
            environments: environments.clone(),
            steps: steps.clone(),
            changes: Vec::new(),
            work_plan_revision: *work_plan_revision,
            scripts: Vec::new(),
            rounds: rounds
                .iter()
                .map(|r| super::TestRound {
                    results: Vec::new(),
                    name: r.name.clone(),
                    ..*r
                })
                .collect(),
            freeze: freeze.clone(),
            outage: outage.clone(),
            history: Vec::new(),
            change_index: Default::default(),
            op_ids: Default::default(),
        }
    }
}

fn change_row(c: &Change) -> Row {
    Row {
        number: c.number,
        id: c.id.0,
        removed: c.is_removed(),
    }
}

fn script_row(s: &TestScript) -> Row {
    Row {
        number: s.number,
        id: s.id.0,
        removed: s.is_removed(),
    }
}

/// What stands in for a removal: that there was one.
fn removal(removed: bool) -> Option<Removal> {
    removed.then(|| Removal {
        by: String::new(),
        at: DateTime::UNIX_EPOCH,
        reason: String::new(),
    })
}

fn stand_in_change(row: &Row) -> Change {
    Change {
        id: ChangeId(row.id),
        number: row.number,
        fields: ChangeFields::default(),
        author: String::new(),
        created_at: DateTime::UNIX_EPOCH,
        updated_by: String::new(),
        updated_at: DateTime::UNIX_EPOCH,
        revision: 0,
        changed_at_revision: 0,
        removed: removal(row.removed),
        applications: Vec::new(),
    }
}

fn stand_in_script(row: &Row) -> TestScript {
    TestScript {
        id: ScriptId(row.id),
        number: row.number,
        fields: ScriptFields::default(),
        author: String::new(),
        created_at: DateTime::UNIX_EPOCH,
        removed: removal(row.removed),
    }
}

#[cfg(test)]
mod tests;
