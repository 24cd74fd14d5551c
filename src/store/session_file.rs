//! One session file in use: loading it, and committing ops to it safely while other
//! processes write the same file. A commit takes the file's lock, and if someone else
//! wrote since this instance last looked, reads their version and re-applies this
//! instance's pending ops on top of it; an op that no longer applies comes back as a
//! conflict for its author, never silently dropped.

use super::access::{open_regular, real_file, write_refusal};
use super::append::{Appended, append_lines, read_appended};
use super::atomic::{remove_session_strays, write_atomic};
use super::cache::{covering, read_cached, write_cache};
use super::codec::{FileHead, Lines, LogEnd, decode_file, decode_logged, encode_file, op_lines};
use super::error::StoreError;
use super::head::field_value;
use super::head::peek_generation;
use super::lock::SessionLock;
use super::parse_error::{parse_error, text_of};
use super::stamp::Stamp;
use crate::model::{Op, OpError, OpId, Session};
use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// A session that loaded from a file, with the file's stamp as it was read. Only a
/// loaded session can be written back, so a file that failed to load is never written.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub session: Session,
    pub stamp: Stamp,
    /// The file's rewrite counter as read or last written: bumped by every rewrite of
    /// the whole file (not by ops added at its end), so a writer or reader can tell the
    /// file was replaced under it even where size, time and inode match.
    pub generation: u64,
    /// The format the session was read in (the current one, unless an older file could
    /// not be brought up to date).
    pub format_version: u32,
    /// How far the file's history was read, for a file of one op per line; `None` for
    /// an older file (rewritten whole, in the current format, when next saved) or a
    /// session not read from a file.
    pub log: Option<LogEnd>,
    /// Known to pass `check` (read through a cache made after a check, or checked since
    /// it was read); `false` says only that it was not checked here yet.
    pub checked: bool,
}

/// Once this many ops follow the snapshot, the next save writes a new snapshot (a
/// rewrite of the whole file), so that opening the file replays no more than this.
pub const COMPACT_AFTER: usize = 2_000;

/// An op that applied here but not on top of what another writer saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub op: Op,
    pub error: OpError,
}

/// What a commit wrote.
#[derive(Debug, Clone)]
pub struct Committed {
    /// The session as now on disk, stamped.
    pub loaded: Loaded,
    /// Ops that were written (all pending ops but the conflicts).
    pub written: Vec<OpId>,
    pub conflicts: Vec<Conflict>,
    /// Whether another writer's changes were merged in.
    pub rebased: bool,
    /// Whether the file was in an older format and is now in the current one (the old
    /// file is kept as the backup).
    pub converted: bool,
}

impl Committed {
    /// What to tell the user when the save converted a file of an older format, if it
    /// did.
    pub fn conversion_note(&self) -> Option<String> {
        let path = &self.loaded.path;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        self.converted.then(|| {
            format!(
                "converted {name} to format {} (edits now go at its end); the old file is \
                 {name}.bak",
                crate::model::FORMAT_VERSION
            )
        })
    }
}

impl Loaded {
    /// Reads and parses a session file (the stamp is taken from the same open file). A
    /// link is followed: `path` of the result is the real file, where saves go.
    /// A file of one op per line is read through its cache when it has a usable one
    /// ([`super::cache`]), and otherwise read whole, checked, and cached.
    pub fn load(path: &Path) -> Result<Loaded, StoreError> {
        let path = real_file(path)?;
        let (mut file, meta) = open_regular(&path)?;
        if let Some(hit) = read_cached(&path, &mut file, meta.len()) {
            let loaded = Loaded {
                stamp: Stamp::of_metadata(&meta),
                session: hit.session,
                generation: hit.head.generation,
                format_version: hit.head.format_version,
                log: hit.head.log,
                checked: hit.checked,
                path,
            };
            if let Some(covers) = hit.refresh {
                write_cache(&loaded.path, &loaded.session, covers);
            }
            return Ok(loaded);
        }
        let failed = |e| StoreError::io("read", &path, e);
        file.seek(SeekFrom::Start(0)).map_err(failed)?;
        let (mut loaded, bytes) = Loaded::decode_open(path.clone(), file, &meta, decode_file)?;
        if let Some(log) = loaded.log {
            loaded.checked = loaded.session.problems().is_empty();
            let covers = covering(bytes.as_bytes(), loaded.generation, log, loaded.checked);
            drop(bytes);
            write_cache(&loaded.path, &loaded.session, covers);
        }
        Ok(loaded)
    }

    /// Loads a session to change it: refuses (and so never writes) a file this user may
    /// not write ([`write_refusal`]) or a session that fails `check`
    /// ([`Session::problems`]), saying why.
    pub fn load_for_writing(path: &Path) -> Result<Loaded, StoreError> {
        let mut loaded = Loaded::load(path)?;
        refuse_read_only(&loaded.path)?;
        refuse_unsound(&loaded)?;
        loaded.checked = true;
        Ok(loaded)
    }

    /// Why this session may only be viewed here, if it may: the user may not write the
    /// file, or it fails `check`. (What a writer would be refused with, in words for a
    /// status bar.)
    pub fn why_read_only(&self) -> Option<String> {
        super::access::write_refusal(&self.path).or_else(|| self.why_unsound())
    }

    /// Why this session must not be written although the user may write the file: it
    /// fails `check` (the first problem, in words for a status bar).
    pub fn why_unsound(&self) -> Option<String> {
        if self.checked {
            return None;
        }
        let problems = self.session.problems();
        let first = problems.first()?;
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        Some(format!(
            "it fails its consistency check: {first}{more} (see `cmo-promote check`)"
        ))
    }

    /// Reads a file written by a newer version of the tool as far as this version
    /// understands it, for viewing only (it must never be written back).
    pub fn load_for_viewing(path: &Path) -> Result<Loaded, StoreError> {
        Loaded::read_with(path, |text, path| {
            // A history of one op per line, read up to the first op this build does not
            // know; else one RON value, as in formats 1–3.
            if field_value::<usize>(text, "covers").is_some() {
                return decode_logged(text, path, Lines::UpToUnknown);
            }
            let session = ron::from_str(text).map_err(|e| parse_error(path, e))?;
            let head = FileHead {
                format_version: field_value::<u32>(text, "format_version").unwrap_or(0),
                generation: field_value::<u64>(text, "generation").unwrap_or(0),
                log: None,
            };
            Ok((session, head))
        })
    }

    /// Reads the file at `path` (a link followed: the result's path is the real file)
    /// and makes a session of its text with `decode`, stamped from the same open file.
    fn read_with(
        path: &Path,
        decode: impl FnOnce(&str, &Path) -> Result<(Session, FileHead), StoreError>,
    ) -> Result<Loaded, StoreError> {
        let path = real_file(path)?;
        let (file, meta) = open_regular(&path)?;
        Loaded::decode_open(path, file, &meta, decode).map(|(loaded, _)| loaded)
    }

    /// Reads the rest of the open `file` (of the real file `path`, described by `meta`)
    /// and makes a session of its text with `decode`; also gives back the text.
    fn decode_open(
        path: PathBuf,
        mut file: fs::File,
        meta: &fs::Metadata,
        decode: impl FnOnce(&str, &Path) -> Result<(Session, FileHead), StoreError>,
    ) -> Result<(Loaded, String), StoreError> {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| StoreError::io("read", &path, e))?;
        let text = text_of(bytes, &path)?;
        let (mut session, head) = decode(&text, &path)?;
        // The indexes are not stored: made once here, so every lookup of a change
        // (drawing, checking) or an op finds it at once.
        session.reindex_changes();
        session.index_ops();
        let loaded = Loaded {
            stamp: Stamp::of_metadata(meta),
            path,
            session,
            generation: head.generation,
            format_version: head.format_version,
            log: head.log,
            checked: false,
        };
        Ok((loaded, text))
    }

    /// Writes this session, in which `pending` ops have been applied since it was
    /// loaded or last committed. Under the file's lock: if the file is as this instance
    /// last saw it, writes this session; otherwise reads the file and re-applies the
    /// pending ops on top (skipping any already there). Nothing is written to a file
    /// this user may not write (any more), nor over one that no longer loads or fails
    /// `check`. Temp files of earlier saves of this session that died are removed.
    pub fn commit(&self, pending: &[Op]) -> Result<Committed, StoreError> {
        self.commit_as(pending, Write::AsDue)
    }

    /// Writes the file anew, with a snapshot of the session as it now is (and nothing
    /// after it): what a save does by itself once enough ops follow the snapshot, and a
    /// way to make the file read as the session. Another writer's ops are merged first,
    /// as by any commit.
    pub fn compact(&self) -> Result<Committed, StoreError> {
        self.commit_as(&[], Write::Whole)
    }

    fn commit_as(&self, pending: &[Op], write: Write) -> Result<Committed, StoreError> {
        let _lock = match SessionLock::acquire(&self.path) {
            Ok(lock) => lock,
            // The lock is a file beside the session: a folder this user may not write
            // to is refused in words (and for good), rather than as a failed lock.
            Err(e) if e.is_permission() => {
                refuse_read_only(&self.path)?;
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        remove_session_strays(&self.path);
        refuse_read_only(&self.path)?;
        let on_disk = Stamp::of_path(&self.path);
        let mut conflicts = Vec::new();
        let mut written = Vec::new();
        // Changed since we last read or wrote it: another stamp, or (should size, time
        // and inode all happen to match) another rewrite counter. A file that is there but
        // cannot be opened is loaded, for the error.
        let rebased = match on_disk {
            Some(stamp) => {
                stamp != self.stamp
                    || peek_generation(&self.path).is_some_and(|g| g != self.generation)
            }
            None => fs::symlink_metadata(&self.path).is_ok(),
        };
        let disk = if rebased {
            let mut disk = Loaded::load(&self.path)?;
            refuse_unsound(&disk)?;
            disk.checked = true;
            disk
        } else {
            self.clone()
        };
        let checked = disk.checked;
        let mut session = disk.session;
        // What the file holds: the ops of the session read, less those applied since
        // (this instance's pending ops, when it was not read again).
        let in_file = disk.log.map_or(0, |l| l.ops);
        if rebased {
            let on_top = session.apply_on_top(pending.iter().cloned());
            written.extend(on_top.already_there);
            written.extend(on_top.applied.iter().map(|op| op.id));
            conflicts.extend(
                on_top
                    .refused
                    .into_iter()
                    .map(|(op, error)| Conflict { op, error }),
            );
        } else {
            // Only what is really in the session being written counts as written.
            for op in pending {
                if session.has_op(op.id) {
                    written.push(op.id);
                } else {
                    conflicts.push(Conflict {
                        op: op.clone(),
                        error: OpError::NotApplied,
                    });
                }
            }
        }
        let generation = disk.generation.max(self.generation);
        let converted = disk.log.is_none() && on_disk.is_some();
        let (stamp, log, generation) = match disk.log {
            // A file of one op per line not due for a new snapshot: the new ops are
            // added at its end.
            Some(log)
                if write == Write::AsDue
                    && on_disk.is_some()
                    && log.after_snapshot < COMPACT_AFTER =>
            {
                let new = &session.history()[in_file.min(session.history().len())..];
                let end = if new.is_empty() {
                    log.end
                } else {
                    append_lines(&self.path, log.end, op_lines(new, &self.path)?.as_bytes())?
                };
                let log = LogEnd {
                    end,
                    ops: log.ops + new.len(),
                    after_snapshot: log.after_snapshot + new.len(),
                };
                (
                    Stamp::of_path(&self.path).unwrap_or_default(),
                    log,
                    generation,
                )
            }
            // An older file (converted now), a missing one, or one with enough ops
            // after its snapshot: rewritten whole, with a snapshot of the session now.
            _ => {
                let generation =
                    generation
                        .checked_add(1)
                        .ok_or_else(|| StoreError::GenerationExhausted {
                            path: self.path.clone(),
                        })?;
                let text = encode_file(&session, generation, &self.path)?;
                write_atomic(&self.path, text.as_bytes())?;
                let log = LogEnd {
                    end: text.len() as u64,
                    ops: session.history().len(),
                    after_snapshot: 0,
                };
                // Whoever opens it next reads the cache, not the text just written (a
                // session not known to pass `check` is checked by that reader instead).
                if checked {
                    let covers = covering(text.as_bytes(), generation, log, checked);
                    write_cache(&self.path, &session, covers);
                }
                (
                    Stamp::of_path(&self.path).unwrap_or_default(),
                    log,
                    generation,
                )
            }
        };
        Ok(Committed {
            loaded: Loaded {
                path: self.path.clone(),
                session,
                stamp,
                generation,
                format_version: crate::model::FORMAT_VERSION,
                log: Some(log),
                checked,
            },
            written,
            conflicts,
            rebased,
            converted,
        })
    }

    /// The ops other writers added to the file since this session was read or
    /// written, if it is still the file that was read; `None` when it must be read
    /// whole (replaced, rewritten, or not a file of one op per line).
    pub fn read_appended(&self) -> Result<Option<Appended>, StoreError> {
        match self.log {
            Some(log) => read_appended(&self.path, self.stamp, self.generation, log),
            None => Ok(None),
        }
    }

    /// Takes in what other writers added (see [`Loaded::read_appended`]). Should an op
    /// not apply (the file was edited by hand), the session is left part-way and the
    /// error says so: read the file whole then.
    pub fn take_appended(&mut self, appended: Appended) -> Result<(), OpError> {
        for op in appended.ops {
            self.session.apply_logged(op)?;
        }
        self.log = Some(appended.log);
        self.stamp = appended.stamp;
        Ok(())
    }

    /// Applies one op and commits it straight away (for commands run once).
    pub fn apply_and_commit(&mut self, op: Op) -> Result<Committed, ApplyError> {
        self.session
            .apply(op.clone())
            .map_err(ApplyError::Refused)?;
        let committed = self.commit(std::slice::from_ref(&op))?;
        if let Some(c) = committed.conflicts.first() {
            return Err(ApplyError::Refused(c.error.clone()));
        }
        *self = committed.loaded.clone();
        Ok(committed)
    }
}

/// How a commit writes the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Write {
    /// Adds the new ops at the end, unless the file is of an older format, missing, or
    /// has enough ops after its snapshot for a new one.
    AsDue,
    /// Writes the whole file with a new snapshot.
    Whole,
}

/// Why a one-off op was not saved.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{0}")]
    Refused(OpError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Refuses a file this user may not write.
fn refuse_read_only(path: &Path) -> Result<(), StoreError> {
    match write_refusal(path) {
        Some(reason) => Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
            reason,
        }),
        None => Ok(()),
    }
}

/// Refuses a session that fails `check` (unless known to pass it).
fn refuse_unsound(loaded: &Loaded) -> Result<(), StoreError> {
    if loaded.checked {
        return Ok(());
    }
    let (path, session) = (&loaded.path, &loaded.session);
    let problems = session.problems();
    if problems.is_empty() {
        return Ok(());
    }
    Err(StoreError::Inconsistent {
        path: path.to_path_buf(),
        problems: problems.into_iter().map(|p| p.0).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::atomic::session_temp_prefix;
    use crate::store::{Store, builtin_template};

    #[test]
    fn a_commit_removes_the_temp_files_a_killed_save_of_its_session_left() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().to_path_buf());
        let meta = crate::model::SessionMeta {
            id: uuid::Uuid::from_u128(1),
            title: "Strays".into(),
            created_at: chrono::Utc::now(),
            created_by: "ann".into(),
        };
        let session = Session::new(&builtin_template().unwrap(), meta).unwrap();
        let path = store.create(&session).unwrap();
        // Fresh, so the age-based clean-up at start would leave it.
        let stray = path.with_file_name(format!("{}k1ll3d.tmp", session_temp_prefix(&path)));
        fs::write(&stray, "half a sess").unwrap();
        Loaded::load_for_writing(&path)
            .unwrap()
            .commit(&[])
            .unwrap();
        assert!(!stray.exists());
    }
}
