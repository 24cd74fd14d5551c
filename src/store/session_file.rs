//! One session file in use: loading it, and committing ops to it safely while other
//! processes write the same file. A commit takes the file's lock, and if someone else
//! wrote since this instance last looked, reads their version and re-applies this
//! instance's pending ops on top of it; an op that no longer applies comes back as a
//! conflict for its author, never silently dropped.

use super::atomic::write_atomic;
use super::codec::{decode_session, encode_session};
use super::error::StoreError;
use super::lock::SessionLock;
use super::stamp::Stamp;
use crate::model::{Op, OpError, OpId, Session};
use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A session that loaded from a file, with the file's stamp as it was read. Only a
/// loaded session can be written back, so a file that failed to load is never written.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub session: Session,
    pub stamp: Stamp,
}

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
}

impl Loaded {
    /// Reads and parses a session file (the stamp is taken from the same open file).
    pub fn load(path: &Path) -> Result<Loaded, StoreError> {
        let mut file = fs::File::open(path).map_err(|e| StoreError::io("read", path, e))?;
        let meta = file
            .metadata()
            .map_err(|e| StoreError::io("read", path, e))?;
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|e| StoreError::io("read", path, e))?;
        let session = decode_session(&text, path)?;
        Ok(Loaded {
            path: path.to_path_buf(),
            session,
            stamp: Stamp::of_metadata(&meta),
        })
    }

    /// Reads a file written by a newer version of the tool as far as this version
    /// understands it, for viewing only (it must never be written back).
    pub fn load_for_viewing(path: &Path) -> Result<Loaded, StoreError> {
        let text = fs::read_to_string(path).map_err(|e| StoreError::io("read", path, e))?;
        let session: Session =
            ron::from_str(&text).map_err(|e| super::codec::parse_error(path, e))?;
        Ok(Loaded {
            path: path.to_path_buf(),
            session,
            stamp: Stamp::of_path(path).unwrap_or_default(),
        })
    }

    /// Writes this session, in which `pending` ops have been applied since it was
    /// loaded or last committed. Under the file's lock: if the file is as this instance
    /// last saw it, writes this session; otherwise reads the file and re-applies the
    /// pending ops on top (skipping any already there). The file on disk must load; a
    /// broken or newer file is never overwritten.
    pub fn commit(&self, pending: &[Op]) -> Result<Committed, StoreError> {
        let _lock = SessionLock::acquire(&self.path)?;
        let on_disk = Stamp::of_path(&self.path);
        let mut conflicts = Vec::new();
        let mut written = Vec::new();
        // Changed since we last read or wrote it: another stamp, or (should size, time
        // and inode all happen to match) another save counter.
        let rebased = on_disk.is_some_and(|s| s != self.stamp)
            || peek_generation(&self.path).is_some_and(|g| g != self.session.generation);
        let mut session = if rebased {
            let disk = Loaded::load(&self.path)?;
            let mut merged = disk.session;
            let known: HashSet<OpId> = merged.history.iter().map(|op| op.id).collect();
            for op in pending {
                if known.contains(&op.id) {
                    written.push(op.id);
                    continue;
                }
                match merged.apply(op.clone()) {
                    Ok(()) => written.push(op.id),
                    Err(error) => conflicts.push(Conflict {
                        op: op.clone(),
                        error,
                    }),
                }
            }
            merged.generation = merged.generation.max(self.session.generation);
            merged
        } else {
            // Only what is really in the session being written counts as written.
            let known: HashSet<OpId> = self.session.history.iter().map(|op| op.id).collect();
            for op in pending {
                if known.contains(&op.id) {
                    written.push(op.id);
                } else {
                    conflicts.push(Conflict {
                        op: op.clone(),
                        error: OpError::NotApplied,
                    });
                }
            }
            self.session.clone()
        };
        session.generation += 1;
        let text = encode_session(&session, &self.path)?;
        write_atomic(&self.path, text.as_bytes())?;
        let stamp = Stamp::of_path(&self.path).unwrap_or_default();
        Ok(Committed {
            loaded: Loaded {
                path: self.path.clone(),
                session,
                stamp,
            },
            written,
            conflicts,
            rebased,
        })
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

/// Why a one-off op was not saved.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{0}")]
    Refused(OpError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The save counter of a session file, read from its first lines only (it is written
/// second, after the format version), without parsing the whole file.
pub fn peek_generation(path: &Path) -> Option<u64> {
    let mut head = [0u8; 512];
    let mut file = fs::File::open(path).ok()?;
    let n = file.read(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head[..n]);
    let rest = &text[text.find("generation:")? + "generation:".len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Writes ops that could not be saved to a file of their own next to the session (or in
/// the temp folder if that fails), so quitting never throws edits away. Returns where.
pub fn write_rescue(session: &Path, ops: &[Op]) -> Result<PathBuf, StoreError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let name = format!(
        "{}.unsaved-{stamp}-{}",
        session.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    );
    let text = ron::ser::to_string_pretty(ops, ron::ser::PrettyConfig::new().new_line("\n"))
        .map_err(|e| StoreError::Encode {
            path: session.to_path_buf(),
            message: e.to_string(),
        })?;
    let beside = session.with_file_name(&name);
    match fs::write(&beside, &text) {
        Ok(()) => Ok(beside),
        Err(_) => {
            let elsewhere = std::env::temp_dir().join(&name);
            fs::write(&elsewhere, &text)
                .map_err(|e| StoreError::io("write unsaved edits to", &elsewhere, e))?;
            Ok(elsewhere)
        }
    }
}
