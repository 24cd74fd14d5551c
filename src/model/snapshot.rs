//! A session as a session file of format 4 holds it: a snapshot of the state (the
//! session without its history) and the history beside it, one op per line, of which
//! the snapshot includes the first so many. These put the two together and take them
//! apart again without ever changing what the session is.

use super::apply::Rules;
use super::history::History;
use super::op::{Op, OpError};
use super::session::Session;
use super::shared::{Changes, Rounds, Scripts};
use serde::Serialize;

/// Why a snapshot and its history do not make a session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    #[error("the snapshot holds a history of its own (it belongs on the lines after it)")]
    HistoryInside,
    #[error("op {index} of the history does not apply to the snapshot: {error}")]
    Op { index: usize, error: OpError },
}

impl Session {
    /// The session a snapshot stands for, given the ops of the history it includes
    /// (`covered`, trusted: they are only kept) and the ops recorded after it (`after`,
    /// applied in order as a replay: they were accepted when first made).
    pub fn from_snapshot(
        mut snapshot: Session,
        covered: History,
        after: impl IntoIterator<Item = Op>,
    ) -> Result<Session, SnapshotError> {
        if !snapshot.history.is_empty() {
            return Err(SnapshotError::HistoryInside);
        }
        snapshot.history = covered;
        snapshot.reindex_changes();
        let before = snapshot.history.len();
        for (i, op) in after.into_iter().enumerate() {
            snapshot
                .apply_logged(op)
                .map_err(|error| SnapshotError::Op {
                    index: before + i,
                    error,
                })?;
        }
        Ok(snapshot)
    }

    /// Puts in the big lists of a snapshot read in parts (each list parsed an element at
    /// a time, the rest of the snapshot with those lists empty): a list given replaces
    /// the one read with the rest.
    pub(crate) fn with_lists(
        mut self,
        changes: Option<Changes>,
        scripts: Option<Scripts>,
        rounds: Option<Rounds>,
    ) -> Session {
        if let Some(changes) = changes {
            self.changes = changes;
        }
        if let Some(scripts) = scripts {
            self.scripts = scripts;
        }
        if let Some(rounds) = rounds {
            self.rounds = rounds;
        }
        self
    }

    /// Applies an op another writer recorded (read from the file after what this
    /// session holds): as in a replay, the policy rules it passed when it was made are
    /// not asked again. On error the session is as it was.
    pub fn apply_logged(&mut self, op: Op) -> Result<(), OpError> {
        self.apply_checked(op, Rules::Replay)
    }

    /// This session with `ops` written to its file after it (as [`Session::apply_logged`]
    /// applies them), or `None` if one of them does not apply.
    pub fn with_logged(mut self, ops: impl IntoIterator<Item = Op>) -> Option<Session> {
        for op in ops {
            self.apply_logged(op).ok()?;
        }
        Some(self)
    }

    /// The session without its history, to be written as a snapshot (it reads back as
    /// a session with an empty history, which [`Session::from_snapshot`] completes).
    pub fn snapshot(&self) -> impl Serialize + '_ {
        // Every field named, so that a new one cannot be left out of snapshots unseen.
        let Session {
            id,
            title,
            created_at,
            created_by,
            template,
            areas,
            environments,
            steps,
            changes,
            work_plan_revision,
            scripts,
            rounds,
            freeze,
            outage,
            history: _,
            change_index: _,
        } = self;
        State {
            id,
            title,
            created_at,
            created_by,
            template,
            areas,
            environments,
            steps,
            changes,
            work_plan_revision,
            scripts,
            rounds,
            freeze,
            outage,
        }
    }
}

/// A session's fields but its history, as [`Session`] writes them.
#[derive(Serialize)]
struct State<'a> {
    id: &'a uuid::Uuid,
    title: &'a String,
    created_at: &'a chrono::DateTime<chrono::Utc>,
    created_by: &'a String,
    template: &'a String,
    #[serde(skip_serializing_if = "is_default_areas")]
    areas: &'a Vec<String>,
    environments: &'a Vec<super::Environment>,
    steps: &'a Vec<super::Step>,
    changes: &'a super::Changes,
    work_plan_revision: &'a u64,
    scripts: &'a super::Scripts,
    rounds: &'a super::Rounds,
    freeze: &'a super::Freeze,
    outage: &'a super::OutagePlan,
}

fn is_default_areas(areas: &&Vec<String>) -> bool {
    super::work_plan::is_default_areas(areas)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OpKind, SessionMeta, Template};

    fn session() -> Session {
        let template: Template = crate::store::builtin_template().unwrap();
        let meta = SessionMeta {
            id: uuid::Uuid::from_u128(9),
            title: "Parts".into(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            created_by: "ann".into(),
        };
        Session::new(&template, meta).unwrap()
    }

    fn start(step: u32) -> Op {
        Op::fresh(
            "ann",
            chrono::Utc::now(),
            OpKind::StartStep {
                step,
                override_reason: None,
                ahead_of: Vec::new(),
            },
        )
    }

    #[test]
    fn a_snapshot_with_its_history_and_the_ops_after_it_is_the_session() {
        let mut whole = session();
        let ops = [start(1), start(2)];
        for op in &ops {
            whole.apply(op.clone()).unwrap();
        }
        let mut snapshot_at_one = session();
        snapshot_at_one.apply(ops[0].clone()).unwrap();
        let text = ron::to_string(&snapshot_at_one.snapshot()).unwrap();
        let state: Session = ron::from_str(&text).unwrap();
        assert!(state.history().is_empty());
        let rebuilt = Session::from_snapshot(state, vec![ops[0].clone()].into(), [ops[1].clone()]);
        assert_eq!(rebuilt.as_ref(), Ok(&whole));
        // An op already in the history is refused, as by `apply`.
        let mut again = rebuilt.unwrap();
        assert!(matches!(
            again.apply_logged(ops[1].clone()),
            Err(OpError::DuplicateOp(_))
        ));
    }

    #[test]
    fn an_op_after_the_snapshot_that_does_not_apply_is_named_by_its_place() {
        let state = session();
        let bad = Op::fresh("ann", chrono::Utc::now(), OpKind::CompleteStep { step: 99 });
        let e = Session::from_snapshot(state, History::default(), [start(1), bad]).unwrap_err();
        assert!(matches!(e, SnapshotError::Op { index: 1, .. }), "{e:?}");
    }
}
