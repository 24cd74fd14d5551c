//! One op written from a shell at the same cost at any session size: a change logged,
//! a test result recorded, or an attempt to apply a change started, finished or
//! cancelled ([`Lean::takes`]) is checked on the session's lean copy and added at the
//! file's end, under the file's lock from the reading to the writing (so no other
//! writer can come between, and nothing needs merging). When the lean copy does not fit
//! the file as it now is (another program wrote it since, or there is none yet), the
//! session is loaded whole instead ([`Writing::open`] chooses); that write leaves a new
//! lean copy for the next one.

use super::access::real_file;
use super::append::append_lines;
use super::atomic::remove_session_strays;
use super::cache::{Stored, read_lean};
use super::codec::LogEnd;
use super::commit::{FileAt, written_to};
use super::encode::op_lines;
use super::error::StoreError;
use super::lock::SessionLock;
use super::session_file::{ApplyError, Loaded, refuse_read_only};
use crate::model::{Done, Lean, Op, OpError, Session};
use std::path::Path;

/// A session opened to write one op or a few, through its lean copy.
#[derive(Debug)]
pub struct Quick {
    /// Held from the reading to the last write.
    _lock: SessionLock,
    at: FileAt,
    stored: Stored,
    /// The session made of the lean copy ([`Lean::session_for`]): read only what the
    /// op needs from it.
    session: Session,
    /// Set while an op applied to `session` is not yet in the file (for good, if
    /// writing it failed).
    spent: bool,
}

impl Quick {
    /// The session file at `path` through its lean copy, with the changes numbered
    /// `numbers` in it, if the copy fits the file as it is; `None` when the session
    /// must be loaded whole. A file this user may not write is refused.
    pub fn open(path: &Path, numbers: &[u32]) -> Result<Option<Quick>, StoreError> {
        let path = real_file(path)?;
        let lock = match SessionLock::acquire(&path) {
            Ok(lock) => lock,
            Err(e) if e.is_permission() => {
                refuse_read_only(&path)?;
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        refuse_read_only(&path)?;
        let Some(stored) = read_lean(&path) else {
            return Ok(None);
        };
        let made = stored.made;
        // The file must be exactly as the copy was made from, and not due for a new
        // snapshot (a save writes that).
        if !made.fits(&path) || made.log.snapshot_due() {
            return Ok(None);
        }
        let Some(session) = stored
            .lean
            .session_for(numbers, &mut |place| stored.change(place))
        else {
            return Ok(None);
        };
        remove_session_strays(&path);
        let at = FileAt {
            path,
            stamp: made.stamp,
            generation: made.generation,
            log: Some(made.log),
            checked: true,
        };
        Ok(Some(Quick {
            _lock: lock,
            at,
            stored,
            session,
            spent: false,
        }))
    }

    /// The session to read what the op needs from (see [`Lean::session_for`]).
    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn path(&self) -> &Path {
        &self.at.path
    }

    /// Checks `op` as [`Session::apply`] does and, if it applies, adds it at the end of
    /// the file (synced) and the change to the lean copy. A refused op writes nothing.
    /// The op must be new, made now (as [`Op::fresh`] makes one): the ids of the ops in
    /// the history are not in the lean copy, only those of the changes.
    pub fn apply_and_commit(&mut self, op: Op) -> Result<(), ApplyError> {
        if !Lean::takes(&op.kind) {
            return Err(ApplyError::Refused(OpError::NotApplied));
        }
        if self.stored.lean.rows().iter().any(|r| r.id == op.id.0) {
            return Err(ApplyError::Refused(OpError::DuplicateOp(op.id)));
        }
        let path = &self.at.path;
        let (Some(log), false) = (self.at.log, self.spent) else {
            // Made only with one (see `open`), and not after a write that failed.
            return Err(ApplyError::Refused(OpError::NotApplied));
        };
        // A refused op leaves the session as it was, so it is applied in place.
        self.session
            .apply(op.clone())
            .map_err(ApplyError::Refused)?;
        // From here on the session holds the op: should the file not take it, this
        // session no longer stands for the file.
        self.spent = true;
        let lines = op_lines(std::slice::from_ref(&op), path)?;
        let end = append_lines(path, log.end, lines.as_bytes())?;
        let log = LogEnd {
            end,
            ops: log.ops.saturating_add(1),
            after_snapshot: log.after_snapshot.saturating_add(1),
        };
        self.at = written_to(path, self.at.generation, log, true);
        self.stored.add(&self.session, &self.at);
        self.spent = false;
        Ok(())
    }

    /// The changes done in Production, as the outage board counts them.
    pub fn done(&self) -> Done {
        self.stored.lean.done()
    }
}

/// A session opened to write from a shell: through its lean copy when it can be, else
/// loaded whole (as [`Loaded::load_for_writing`] loads it).
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one is made per command and moved once or twice"
)]
pub enum Writing {
    Quick(Quick),
    Whole(Loaded),
}

impl Writing {
    /// Opens the session file at `path` to write ops the lean copy takes, with the
    /// changes numbered `numbers` readable in it.
    pub fn open(path: &Path, numbers: &[u32]) -> Result<Writing, StoreError> {
        match Quick::open(path, numbers)? {
            Some(quick) => Ok(Writing::Quick(quick)),
            None => Ok(Writing::Whole(Loaded::load_for_writing(path)?)),
        }
    }

    /// The session to read from; through the lean copy it holds only what the ops it
    /// takes read.
    pub fn session(&self) -> &Session {
        match self {
            Writing::Quick(q) => q.session(),
            Writing::Whole(l) => &l.session,
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Writing::Quick(q) => q.path(),
            Writing::Whole(l) => &l.path,
        }
    }

    /// The changes done in Production, as the outage board at `now` counts them.
    pub fn done(&self, now: chrono::DateTime<chrono::Utc>) -> Done {
        match self {
            Writing::Quick(q) => q.done(),
            Writing::Whole(l) => l.session.outage_board(now).done(),
        }
    }

    /// The session loaded whole (the lock of a quick one let go first).
    pub fn into_whole(self) -> Result<Loaded, StoreError> {
        match self {
            Writing::Quick(q) => {
                let path = q.at.path.clone();
                drop(q);
                Loaded::load_for_writing(&path)
            }
            Writing::Whole(l) => Ok(l),
        }
    }

    /// Applies `op` and commits it; for a session loaded whole, what the save said
    /// about converting an older file, if anything.
    pub fn apply_and_commit(&mut self, op: Op) -> Result<Option<String>, ApplyError> {
        match self {
            Writing::Quick(q) => q.apply_and_commit(op).map(|()| None),
            Writing::Whole(l) => Ok(l.apply_and_commit(op)?.conversion_note()),
        }
    }
}
