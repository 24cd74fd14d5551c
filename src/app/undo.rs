//! `u`: undoes your own most recent edit made in this run of the program by applying
//! its inverse as new ops (see `model::inverse`), so the history keeps both. Refused,
//! with the reason, when the edit has no inverse, was never saved, or someone else's
//! later edit builds on it.

use super::{App, Message};
use crate::model::inverse::{NoInverse, Subject, check_all, subjects};
use crate::model::{Op, OpId, OpKind};
use std::collections::HashSet;

/// One edit as this app made it: its ops (the person's and what the process did after
/// it) and the ops that undo them.
struct Undoable {
    ops: Vec<OpId>,
    /// The last op in the history when the edit was made (what it was made on).
    base: Option<OpId>,
    inverse: Result<Vec<OpKind>, NoInverse>,
    /// The edit in words, as the status line says it.
    what: String,
}

/// The edits made here, newest last, and every op made here (undos included).
#[derive(Default)]
pub struct UndoLog {
    stack: Vec<Undoable>,
    made_here: HashSet<OpId>,
}

impl UndoLog {
    /// Keeps an edit just made, to be undone later.
    pub(super) fn record(
        &mut self,
        ops: Vec<OpId>,
        base: Option<OpId>,
        inverse: Result<Vec<OpKind>, NoInverse>,
        what: String,
    ) {
        self.made_here.extend(ops.iter().copied());
        self.stack.push(Undoable {
            ops,
            base,
            inverse,
            what,
        });
    }
}

impl App {
    /// `u`: undoes the newest edit of yours made here that is not undone yet.
    pub(super) fn undo_last(&mut self) {
        if !self.can_edit() {
            return;
        }
        let result = self.try_undo();
        self.message = Some(match result {
            Ok(what) => Message::Info(format!("Undid: {what}")),
            Err(why) => Message::Error(why),
        });
    }

    fn try_undo(&mut self) -> Result<String, String> {
        let Some(top) = self.undo.stack.last() else {
            return Err("Nothing to undo: no edit of yours since you opened the session".into());
        };
        let (what, mine, base, inverse) = (
            top.what.clone(),
            top.ops.clone(),
            top.base,
            top.inverse.clone(),
        );
        let history = self.doc.session.history();
        let found = history.contains(mine[0]);
        let Some(index) = found
            .then(|| history.rposition(|o| o.id == mine[0]))
            .flatten()
        else {
            self.undo.stack.pop();
            return Err(format!(
                "Your last edit ({what}) was not saved, as it clashed with someone else's; \
                 nothing to undo there (u again goes further back)"
            ));
        };
        let inverse = match inverse {
            Ok(kinds) => kinds,
            Err(why) => {
                self.undo.stack.pop();
                return Err(format!(
                    "u again undoes the edit before: {what} cannot be undone ({why})"
                ));
            }
        };
        let touched: HashSet<Subject> = history
            .iter_from(index)
            .filter(|o| mine.contains(&o.id))
            .flat_map(|o| subjects(&o))
            .collect();
        // Every op the edit was not made on (after its base), but this app's own: one
        // on the same thing either builds on the edit, or reached the file just before
        // it (the edit was put on top of it) and would be lost by the undo.
        let start = base
            .filter(|&b| history.contains(b))
            .and_then(|b| history.rposition(|o| o.id == b))
            .map_or(0, |b| b + 1);
        let clash = history
            .iter_from(start)
            .enumerate()
            .find(|(_, o)| !self.undo.made_here.contains(&o.id) && builds_on(o, &touched));
        if let Some((at, other)) = clash {
            let how = if start + at > index {
                "later edit builds on it"
            } else {
                "edit reached the file just before it and would be lost"
            };
            return Err(format!(
                "Cannot undo {what}: {}'s {how} ({}, {})",
                other.author,
                crate::vocab::describe_op(&other.kind, &self.doc.session),
                self.local(other.at).format("%H:%M")
            ));
        }
        let ops: Vec<Op> = inverse
            .into_iter()
            .map(|kind| Op {
                undoes: Some(mine[0]),
                ..Op::fresh(self.user.clone(), self.now(), kind)
            })
            .collect();
        // All or nothing: more than one op is tried on a copy first (one op that is
        // refused changes nothing by itself).
        if ops.len() > 1 {
            check_all(&self.doc.session, &ops).map_err(|e| format!("Cannot undo {what}: {e}"))?;
        }
        for op in ops {
            let made = self
                .apply_new(op)
                .map_err(|e| format!("Cannot undo {what}: {e}"))?;
            self.undo.made_here.extend(made.0);
        }
        self.undo.stack.pop();
        self.after_commit();
        Ok(what)
    }
}

/// Whether `other` touches what an edit touched: the same thing, or (for a move) the
/// order of the Work Plan, which any added, removed or restored change shifts.
fn builds_on(other: &Op, touched: &HashSet<Subject>) -> bool {
    let shifts_order = matches!(
        other.kind,
        OpKind::AddChange { .. } | OpKind::RemoveChange { .. } | OpKind::RestoreChange { .. }
    );
    subjects(other).iter().any(|s| touched.contains(s))
        || (shifts_order && touched.contains(&Subject::Order))
}
