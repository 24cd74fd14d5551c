//! Putting ops made elsewhere on top of a session: a writer's pending ops on what
//! another writer saved, ops made here since a save was asked for, a rescue file's ops.
//! The one place that decides what is already there, what applies and what clashes.

use super::ids::OpId;
use super::op::{Op, OpError};
use super::session::Session;

/// What became of ops put on top of a session.
#[derive(Debug, Default)]
pub struct OnTop {
    /// Applied now, in order.
    pub applied: Vec<Op>,
    /// In the history already (written by an earlier save, or recovered before).
    pub already_there: Vec<OpId>,
    /// No longer applicable, with why.
    pub refused: Vec<(Op, OpError)>,
}

impl Session {
    /// Applies each of `ops` in order that is not in the history yet; one that does not
    /// apply is refused and changes nothing.
    pub fn apply_on_top(&mut self, ops: impl IntoIterator<Item = Op>) -> OnTop {
        let mut out = OnTop::default();
        for op in ops {
            if self.has_op(op.id) {
                out.already_there.push(op.id);
                continue;
            }
            match self.apply(op.clone()) {
                Ok(()) => out.applied.push(op),
                Err(error) => out.refused.push((op, error)),
            }
        }
        out
    }
}

impl Op {
    /// An op made now (`at`) by `author`, with a fresh id: how every edit a person makes
    /// becomes an op.
    pub fn fresh(
        author: impl Into<String>,
        at: chrono::DateTime<chrono::Utc>,
        kind: super::OpKind,
    ) -> Op {
        Op::new(OpId::new_random(), author, at, kind)
    }
}
