//! The lean copy of a session: all that checking a change being logged, a test result
//! being recorded or a change being applied needs, at a cost that hardly grows with the
//! session (a row of a few dozen bytes a change is read; the rest only for the changes
//! an op names). It is the session without its history, its rounds' results or its
//! scripts' texts, with each script cut down to a row (number, id, whether removed) and
//! each change to a row (the same, and how its latest attempt in Production ended, for
//! the count of changes done) beside a stripped copy of it ([`stripped`]: without the
//! texts that describe it) kept where the store likes, of which an op reads only a few.
//!
//! Such an op is not checked by rules of its own: [`Lean::session_for`] makes a small
//! session of the lean copy with the changes the op names, those they depend on and
//! the highest-numbered one (so the next number is the same), in Work Plan order, and
//! the real [`Session::apply`] checks and applies the op there. That holds for the ops
//! [`Lean::takes`], which read nothing else; the tests below check it against the whole
//! session.

use super::application::Outcome;
use super::env::EnvKey;
use super::outage::Done;
use super::session::Session;
use super::test_plan::{ScriptFields, TestScript};
use super::work_plan::{Change, Removal};
use super::{ChangeId, Changes, OpKind, ScriptId, TimerTarget};
use chrono::DateTime;
use serde::Serialize;
pub use stripped::{Stripped, stripped};
use uuid::Uuid;

/// A change or a script as the lean copy lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub number: u32,
    pub id: Uuid,
    pub removed: bool,
    /// How the latest attempt in Production ended (always `None` for a script).
    pub production: Option<Outcome>,
}

/// A session cut down to what the ops it [`takes`](Lean::takes) read.
#[derive(Debug, Clone, PartialEq)]
pub struct Lean {
    /// The session with no history, changes, scripts or results.
    state: Session,
    /// Every change, in Work Plan order.
    changes: Vec<Row>,
    /// Every script, in the Test Plan's order.
    scripts: Vec<Row>,
}

impl Lean {
    /// Whether an op of this kind can be checked and applied on the lean copy: a change
    /// logged, a test result recorded, or an attempt to apply a change started,
    /// finished or cancelled.
    pub fn takes(kind: &OpKind) -> bool {
        matches!(
            kind,
            OpKind::AddChange { .. }
                | OpKind::RecordResult { .. }
                | OpKind::StartApplication { .. }
                | OpKind::FinishApplication { .. }
                | OpKind::CancelApplication { .. }
        )
    }

    /// Whether another writer's op of this kind (applied as a replay, its policy
    /// rules asked where it was made) can be carried onto the lean copy: those it
    /// takes, and a step's owner, notes or estimate set, or a step's or an attempt's
    /// timer started or stopped, which read nothing but that step or that change.
    pub fn carries(kind: &OpKind) -> bool {
        Lean::takes(kind)
            || matches!(
                kind,
                OpKind::SetStepOwner { .. }
                    | OpKind::SetStepNotes { .. }
                    | OpKind::SetStepEstimate { .. }
                    | OpKind::StartTimer { .. }
                    | OpKind::StopTimer { .. }
            )
    }

    /// The lean copy put together again from its parts as [`Lean::parts`] gave them.
    /// (A state with more in it is cut down in place, not copied.)
    pub fn from_parts(mut state: Session, changes: Vec<Row>, scripts: Vec<Row>) -> Lean {
        state.changes.clear();
        state.scripts.clear();
        state.history = Default::default();
        for round in state.rounds.iter_mut() {
            round.results.clear();
        }
        Lean {
            state,
            changes,
            scripts,
        }
    }

    /// The parts to store: the state (a session as a snapshot writes it), the changes
    /// and the scripts.
    pub fn parts(&self) -> (impl Serialize + '_, &[Row], &[Row]) {
        (self.state.snapshot(), &self.changes, &self.scripts)
    }

    /// Every change's row, in Work Plan order.
    pub fn rows(&self) -> &[Row] {
        &self.changes
    }

    /// The numbers of the changes `ops` name (an added change's dependencies, the
    /// change an attempt or its timer is at), to make a session for them with
    /// [`Lean::session_for`].
    pub fn numbers_in(&self, ops: &[super::Op]) -> Vec<u32> {
        let named = ops.iter().flat_map(|op| match &op.kind {
            OpKind::AddChange { fields } => fields.depends_on.clone(),
            OpKind::StartApplication { change, .. }
            | OpKind::FinishApplication { change, .. }
            | OpKind::CancelApplication { change, .. }
            | OpKind::StartTimer {
                target: TimerTarget::Application { change, .. },
            }
            | OpKind::StopTimer {
                target: TimerTarget::Application { change, .. },
            } => vec![*change],
            _ => Vec::new(),
        });
        named
            .filter_map(|id| self.changes.iter().find(|r| r.id == id.0))
            .map(|r| r.number)
            .collect()
    }

    /// The changes done in Production, as the outage board counts them.
    pub fn done(&self) -> Done {
        let mut done = Done::default();
        for row in self.changes.iter().filter(|r| !r.removed) {
            done.count(row.production);
        }
        done
    }

    /// A session to check and apply an op on: the lean state with every script, and
    /// with the changes numbered `numbers` (those there are), the changes they depend
    /// on and the highest-numbered one, each as `fetch` gives its stripped copy (by its
    /// place among the rows); `None` if `fetch` fails. Nothing else of it can be read.
    pub fn session_for(
        &self,
        numbers: &[u32],
        fetch: &mut dyn FnMut(usize) -> Option<Change>,
    ) -> Option<Session> {
        let highest = (0..self.changes.len()).max_by_key(|i| self.changes[*i].number);
        let mut places: Vec<usize> = numbers
            .iter()
            .filter_map(|n| self.changes.iter().position(|r| r.number == *n))
            .chain(highest)
            .collect();
        places.sort_unstable();
        places.dedup();
        let mut changes = Vec::with_capacity(places.len());
        for &i in &places {
            changes.push((i, fetch(i)?));
        }
        // What starting or finishing one checks: the changes it depends on.
        let wanted: Vec<ChangeId> = changes
            .iter()
            .flat_map(|(_, c)| c.fields.depends_on.iter().copied())
            .collect();
        for id in wanted {
            let Some(i) = self.changes.iter().position(|r| r.id == id.0) else {
                continue;
            };
            if !changes.iter().any(|(at, _)| *at == i) {
                changes.push((i, fetch(i)?));
            }
        }
        changes.sort_by_key(|(i, _)| *i);
        let mut session = self.state.clone();
        session.changes = changes.into_iter().map(|(_, c)| c).collect();
        session.scripts = self.scripts.iter().map(stand_in_script).collect();
        session.reindex_changes();
        Some(session)
    }

    /// Takes in ops applied to `session`, a session this copy made. Returns the
    /// stripped copies to keep anew, each with its place among the rows (a change
    /// keeps its place; a new one goes at the end), and whether the scripts' rows
    /// changed.
    pub fn take_in(&mut self, session: &Session) -> (Vec<(usize, Change)>, bool) {
        let mut kept = Vec::with_capacity(session.changes.len());
        for c in &session.changes {
            let row = change_row(c);
            let at = match self.changes.iter().position(|r| r.id == c.id.0) {
                Some(i) => {
                    self.changes[i] = row;
                    i
                }
                None => {
                    self.changes.push(row);
                    self.changes.len() - 1
                }
            };
            kept.push((at, stripped(c)));
        }
        let scripts: Vec<Row> = session.scripts.iter().map(script_row).collect();
        let scripts_changed = scripts != self.scripts;
        self.scripts = scripts;
        self.state = session.bare();
        (kept, scripts_changed)
    }
}

impl Session {
    /// The lean copy of this session, and its changes in the order of its rows (each
    /// to be kept as [`Stripped`] writes it).
    pub fn lean(&self) -> (Lean, &Changes) {
        let lean = Lean {
            state: self.bare(),
            changes: self.changes.iter().map(change_row).collect(),
            scripts: self.scripts.iter().map(script_row).collect(),
        };
        (lean, &self.changes)
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
            changes: Changes::default(),
            work_plan_revision: *work_plan_revision,
            scripts: Default::default(),
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
            history: Default::default(),
            change_index: Default::default(),
        }
    }
}

fn change_row(c: &Change) -> Row {
    Row {
        number: c.number,
        id: c.id.0,
        removed: c.is_removed(),
        production: c
            .latest_application(EnvKey::Production)
            .and_then(|a| a.outcome),
    }
}

fn script_row(s: &TestScript) -> Row {
    Row {
        number: s.number,
        id: s.id.0,
        removed: s.is_removed(),
        production: None,
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

mod stripped;
#[cfg(test)]
mod tests;
