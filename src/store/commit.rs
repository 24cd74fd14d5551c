//! Saving ops to a session file while other processes write it too. A save takes the
//! file's lock; if the file is as the saver last saw it, the new ops are added at its
//! end (nothing else is read or written); if another writer changed it, it is read
//! again and the ops are re-applied on top, and an op that no longer applies comes back
//! as a conflict for its author, never silently dropped. A save needs the session
//! itself only to write the file anew (a new snapshot), and without it reads the file.
//! Given the session as the file held it before the new ops, a save that meets another
//! writer's ops reads only those (the lines after the ones it knew), never the whole
//! file beside the session.

use super::append::append_lines;
use super::atomic::{remove_session_strays, write_atomic_with};
use super::cache::{Covers, carry_lean, read_lean, write_cache, write_lean_of};
use super::codec::LogEnd;
use super::encode::{op_lines, write_file};
use super::error::StoreError;
use super::head::peek_generation;
use super::lock::SessionLock;
use super::rewritten::read_added;
use super::session_file::{Loaded, refuse_read_only, refuse_unsound};
use super::stamp::Stamp;
use crate::hashing::Hashing;
use crate::model::{Op, OpError, OpId, Session};
use std::fs;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

/// Once this many ops follow the snapshot, the next save writes a new snapshot (a
/// rewrite of the whole file), so that opening the file replays no more than this.
pub const COMPACT_AFTER: usize = 2_000;

/// Where a session's file stood when the session was read from it or last written to
/// it: all a save of ops made since needs to know, unless the file must be written
/// anew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileAt {
    /// The real file (a link followed).
    pub path: PathBuf,
    pub stamp: Stamp,
    /// The file's rewrite counter.
    pub generation: u64,
    /// How far its history was read (`None`: a file of an older format).
    pub log: Option<LogEnd>,
    /// The session is known to pass `check`.
    pub checked: bool,
}

/// An op that applied here but not on top of what another writer saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub op: Op,
    pub error: OpError,
}

/// What a save wrote.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The file as now written.
    pub at: FileAt,
    /// The session now on disk when the save had to read the file (another writer's
    /// changes merged, or a new snapshot written); `None` when the file now holds the
    /// saver's own session with its ops.
    pub session: Option<Session>,
    /// Ops that were written (all pending ops but the conflicts).
    pub written: Vec<OpId>,
    pub conflicts: Vec<Conflict>,
    /// Whether another writer's changes were merged in.
    pub rebased: bool,
    /// Whether the file was in an older format and is now in the current one (the old
    /// file is kept as the backup).
    pub converted: bool,
}

impl Saved {
    /// What to tell the user when the save converted a file of an older format, if it
    /// did.
    pub fn conversion_note(&self) -> Option<String> {
        conversion_note(&self.at.path, self.converted)
    }
}

/// What a commit of a [`Loaded`] session wrote: the save, and the session as now on
/// disk (which the save holds only when it had to read the file).
#[derive(Debug, Clone)]
pub struct Committed {
    /// The session as now on disk, stamped.
    pub loaded: Loaded,
    /// What was written (its `session` moved into `loaded`).
    pub saved: Saved,
}

fn conversion_note(path: &Path, converted: bool) -> Option<String> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    converted.then(|| {
        format!(
            "converted {name} to format {} (edits now go at its end); the old file is \
             {name}.bak",
            crate::model::FORMAT_VERSION
        )
    })
}

/// How a save writes the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Write {
    /// Adds the new ops at the end, unless the file is of an older format, missing, or
    /// has enough ops after its snapshot for a new one.
    AsDue,
    /// Writes the whole file with a new snapshot.
    Whole,
}

/// Saves `pending` (ops made on top of the file at `at`) without the session they were
/// made in: added at the file's end when it is as `at` says, else they are applied on
/// top of what the file now holds. That is `on_file` (the session as the file at `at`
/// held it, if given) with the ops another writer added since, or the file read whole.
/// A file that is gone cannot be written again this way: the session itself is needed
/// then ([`Loaded::commit`]).
pub fn save_ops(
    at: &FileAt,
    on_file: Option<Session>,
    pending: &[Op],
) -> Result<Saved, StoreError> {
    save(at, None, on_file, pending, Write::AsDue)
}

/// Saves `pending`, ops made on top of the file at `at`, and applied in `mine` if it is
/// given (then only those in it count as written, and the file is written anew from
/// it when due; else from `on_file` with the ops, or the file read for that).
pub(super) fn save(
    at: &FileAt,
    mine: Option<&Session>,
    on_file: Option<Session>,
    pending: &[Op],
    write: Write,
) -> Result<Saved, StoreError> {
    let path = &at.path;
    let _lock = match SessionLock::acquire(path) {
        Ok(lock) => lock,
        // The lock is a file beside the session: a folder this user may not write
        // to is refused in words (and for good), rather than as a failed lock.
        Err(e) if e.is_permission() => {
            refuse_read_only(path)?;
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    remove_session_strays(path);
    refuse_read_only(path)?;
    let on_disk = Stamp::of_path(path);
    // Changed since we last read or wrote it: another stamp, or (should size, time and
    // inode all happen to match) another rewrite counter. A file that is there but
    // cannot be opened is loaded, for the error.
    let rebased = match on_disk {
        Some(stamp) => {
            stamp != at.stamp || peek_generation(path).is_some_and(|g| g != at.generation)
        }
        None => fs::symlink_metadata(path).is_ok(),
    };
    let due = |log: LogEnd| write == Write::AsDue && !log.snapshot_due();
    if !rebased {
        let (written, conflicts) = claimed(mine, pending);
        let new: Vec<Op> = pending
            .iter()
            .filter(|op| written.contains(&op.id))
            .cloned()
            .collect();
        let mine = match (at.log, on_disk) {
            // The file is as it was: the new ops go at its end.
            (Some(log), Some(_)) if due(log) => {
                // Without the session in hand (an open app's save), the lean copy is
                // carried over the new ops if it fits the file as it was.
                let lean = match mine {
                    None => read_lean(path).filter(|l| l.made.fits(path)),
                    Some(_) => None,
                };
                let log = append(path, log, &new)?;
                let file = written_to(path, at.generation, log, at.checked);
                match mine {
                    Some(session) => write_lean_of(session, &file),
                    None => carry_lean(lean, &new, &file),
                }
                return Ok(Saved {
                    at: file,
                    session: None,
                    written,
                    conflicts,
                    rebased,
                    converted: false,
                });
            }
            _ => mine,
        };
        // A new snapshot is due (or the file is of an older format, or gone): written
        // from the session in hand.
        if let Some(session) = mine {
            let converted = at.log.is_none() && on_disk.is_some();
            let at = rewrite(path, session, at.generation, at.checked)?;
            return Ok(Saved {
                at,
                session: None,
                written,
                conflicts,
                rebased,
                converted,
            });
        }
    }
    // What the file now holds: another writer's changes, or a new snapshot to write
    // without the session in hand.
    let mut disk = now_on_disk(at, on_file, on_disk.is_some() && !rebased)?;
    refuse_unsound(&disk)?;
    let on_top = disk.session.apply_on_top(pending.iter().cloned());
    let mut written = on_top.already_there;
    written.extend(on_top.applied.iter().map(|op| op.id));
    let conflicts: Vec<Conflict> = on_top
        .refused
        .into_iter()
        .map(|(op, error)| Conflict { op, error })
        .collect();
    let converted = disk.log.is_none();
    let generation = disk.generation.max(at.generation);
    let file = match disk.log {
        Some(log) if due(log) => {
            let file = written_to(path, generation, append(path, log, &on_top.applied)?, true);
            write_lean_of(&disk.session, &file);
            file
        }
        // Writes the lean copy itself.
        _ => rewrite(path, &disk.session, generation, true)?,
    };
    Ok(Saved {
        at: file,
        session: Some(disk.session),
        written,
        conflicts,
        rebased,
        converted,
    })
}

/// The session the file at `at.path` now holds: `on_file` (as it held it at `at`) with
/// the ops another writer added since, read apart (after the end known, or after the
/// ops known in a file written anew), or as it was when the file is `unchanged`; else
/// the file read whole. The lines are taken only where the file still holds the last
/// op known in its place (at the end known, or among the ops of the file written anew).
/// The ops are checked as they are applied, as a whole read would; the session keeps
/// the word of `at` that it passed `check`.
fn now_on_disk(
    at: &FileAt,
    on_file: Option<Session>,
    unchanged: bool,
) -> Result<Loaded, StoreError> {
    let path = &at.path;
    // The session must be the one the file's history was read to.
    let known = at
        .log
        .zip(on_file)
        .filter(|(log, session)| log.ops == session.history().len());
    let Some((log, session)) = known else {
        return Loaded::load(path);
    };
    let mut disk = Loaded::of(at.clone(), session);
    if unchanged {
        return Ok(disk);
    }
    let added = read_added(path, at.stamp, at.generation, log)
        .ok()
        .flatten();
    match added.map(|added| disk.take_appended(added)) {
        Some(Ok(())) => Ok(disk),
        _ => Loaded::load(path),
    }
}

/// Which of `pending` are written: those applied in `mine` (the others come back as
/// not applied), or all of them when the session is not in hand.
fn claimed(mine: Option<&Session>, pending: &[Op]) -> (Vec<OpId>, Vec<Conflict>) {
    let mut written = Vec::new();
    let mut conflicts = Vec::new();
    for op in pending {
        if mine.is_none_or(|s| s.has_op(op.id)) {
            written.push(op.id);
        } else {
            conflicts.push(Conflict {
                op: op.clone(),
                error: OpError::NotApplied,
            });
        }
    }
    (written, conflicts)
}

/// Adds `ops` at the end of the history read to `log`.
fn append(path: &Path, log: LogEnd, ops: &[Op]) -> Result<LogEnd, StoreError> {
    if ops.is_empty() {
        return Ok(log);
    }
    let end = append_lines(path, log.end, op_lines(ops, path)?.as_bytes())?;
    Ok(LogEnd {
        end,
        ops: log.ops + ops.len(),
        after_snapshot: log.after_snapshot + ops.len(),
    })
}

/// Writes the file at `path` anew with a snapshot of `session`, one rewrite after
/// `generation`, and caches it when it is known to pass `check`.
fn rewrite(
    path: &Path,
    session: &Session,
    generation: u64,
    checked: bool,
) -> Result<FileAt, StoreError> {
    let generation = generation
        .checked_add(1)
        .ok_or_else(|| StoreError::GenerationExhausted {
            path: path.to_path_buf(),
        })?;
    // The text goes straight to the file, hashed on its way for the cache.
    let mut written = (0, 0);
    write_atomic_with(path, |file, at| {
        let mut out = Hashing::of(BufWriter::with_capacity(1 << 16, file));
        write_file(&mut out, session, generation, path)?;
        out.flush().map_err(|e| StoreError::io("write", at, e))?;
        written = (out.count, out.hasher.digest());
        Ok(())
    })?;
    let (end, hash) = written;
    let log = LogEnd {
        end,
        ops: session.history().len(),
        after_snapshot: 0,
    };
    // Whoever opens it next reads the cache, not the text just written (a session not
    // known to pass `check` is checked by that reader instead).
    if checked {
        let covers = Covers {
            generation,
            log,
            hash,
            checked,
        };
        write_cache(path, session, covers);
    }
    let file = written_to(path, generation, log, checked);
    write_lean_of(session, &file);
    Ok(file)
}

/// Where the file at `path` stands just after this process wrote it.
pub(super) fn written_to(path: &Path, generation: u64, log: LogEnd, checked: bool) -> FileAt {
    FileAt {
        path: path.to_path_buf(),
        stamp: Stamp::of_path(path).unwrap_or_default(),
        generation,
        log: Some(log),
        checked,
    }
}
