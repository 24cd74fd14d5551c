//! One session file in use: loading it (through its cache when it has a usable one),
//! taking in what other writers added, and committing the ops made in it (see
//! [`super::commit`] for how a save merges with other writers).

use super::access::{open_regular, real_file, write_refusal};
use super::append::{Appended, read_appended};
use super::cache::{Covers, REFRESH_AFTER, covering, read_cached, write_cache};
use super::codec::{FileHead, Lines, LogEnd, decode_file, decode_logged};
use super::commit::{Committed, FileAt, Saved, Write, save};
use super::error::StoreError;
use super::head::field_value;
use super::parse_error::{parse_error, text_of};
use super::stamp::Stamp;
use super::streamed::{Streamed, read_streamed};
use crate::model::{Op, OpError, Session};
use std::fs;
use std::io::{BufReader, Read, Seek, SeekFrom};
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

impl Loaded {
    /// Reads and parses a session file (the stamp is taken from the same open file). A
    /// link is followed: `path` of the result is the real file, where saves go.
    /// A file of one op per line is read through its cache when it has a usable one
    /// ([`super::cache`]), and otherwise read whole, checked, and cached.
    pub fn load(path: &Path) -> Result<Loaded, StoreError> {
        Loaded::load_caching(path, REFRESH_AFTER)
    }

    /// [`Loaded::load`], writing a new cache when `refresh_after` ops or more follow
    /// what the old one covers.
    pub(super) fn load_caching(path: &Path, refresh_after: usize) -> Result<Loaded, StoreError> {
        let path = real_file(path)?;
        let (mut file, meta) = open_regular(&path)?;
        if let Some(hit) = read_cached(&path, &mut file, meta.len(), refresh_after) {
            let at = FileAt {
                stamp: Stamp::of_metadata(&meta),
                generation: hit.head.generation,
                log: hit.head.log,
                checked: hit.checked,
                path,
            };
            let loaded = Loaded::of(at, hit.session);
            if let Some(covers) = hit.refresh {
                write_cache(&loaded.path, &loaded.session, covers);
            }
            return Ok(loaded);
        }
        let (loaded, hash) = Loaded::read_open(path.clone(), file, &meta)?;
        let (Some(log), Some(hash)) = (loaded.log, hash) else {
            return Ok(loaded);
        };
        let (loaded, log, hash) = match loaded.into_checked() {
            Some(loaded) => (loaded, log, hash),
            None => {
                // Not sound (its history does not rebuild it): read again, to keep as
                // it is; the saver's check of it says what is wrong.
                let (file, meta) = open_regular(&path)?;
                let (mut loaded, hash) = Loaded::read_open(path, file, &meta)?;
                loaded.checked = false;
                let (Some(log), Some(hash)) = (loaded.log, hash) else {
                    return Ok(loaded);
                };
                (loaded, log, hash)
            }
        };
        let covers = Covers {
            generation: loaded.generation,
            log,
            hash,
            checked: loaded.checked,
        };
        write_cache(&loaded.path, &loaded.session, covers);
        Ok(loaded)
    }

    /// Checks this session as [`Session::into_checked`] does (`checked` says whether it
    /// passed), keeping the session rebuilt from its history in its place when it is
    /// sound; `None` when the replay does not rebuild it (the session is gone: read it
    /// again to keep it or to say what is wrong).
    pub fn into_checked(self) -> Option<Loaded> {
        let (session, checked) = self.session.into_checked();
        Some(Loaded {
            session: session?,
            checked,
            ..self
        })
    }

    /// Reads the session from the file's text alone, never from its cache (nor writing
    /// one): what `check` checks is the file itself.
    pub fn load_text(path: &Path) -> Result<Loaded, StoreError> {
        let path = real_file(path)?;
        let (file, meta) = open_regular(&path)?;
        Loaded::read_open(path, file, &meta).map(|(loaded, _)| loaded)
    }

    /// Reads the open `file` (of the real file `path`, described by `meta`) from its
    /// start: as it comes ([`read_streamed`]), or else whole. Also gives the hash of
    /// what a cache of it covers, for a file of one op per line. The text read whole is
    /// let go before the caller checks the session, which replays the history into a
    /// second session: the two together would be the peak of a whole read.
    fn read_open(
        path: PathBuf,
        mut file: fs::File,
        meta: &fs::Metadata,
    ) -> Result<(Loaded, Option<u64>), StoreError> {
        let failed = |e| StoreError::io("read", &path, e);
        file.seek(SeekFrom::Start(0)).map_err(failed)?;
        let reader = BufReader::with_capacity(1 << 16, &mut file);
        if let Some(Streamed {
            session,
            head,
            hash,
        }) = read_streamed(reader, &path)?
        {
            return Ok((Loaded::read_as(path, meta, session, head), Some(hash)));
        }
        file.seek(SeekFrom::Start(0)).map_err(failed)?;
        let (loaded, text) = Loaded::decode_open(path, file, meta, decode_file)?;
        let hash = loaded
            .log
            .map(|log| covering(text.as_bytes(), loaded.generation, log, false).hash);
        Ok((loaded, hash))
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
        let (session, head) = decode(&text, &path)?;
        Ok((Loaded::read_as(path, meta, session, head), text))
    }

    /// `session`, read from the file `path` (described by `meta`) whose head is `head`.
    fn read_as(path: PathBuf, meta: &fs::Metadata, mut session: Session, head: FileHead) -> Loaded {
        // The index of changes is not stored: made once here, so every lookup of a
        // change (drawing, checking) finds it at once.
        session.reindex_changes();
        Loaded {
            stamp: Stamp::of_metadata(meta),
            path,
            session,
            generation: head.generation,
            format_version: head.format_version,
            log: head.log,
            checked: false,
        }
    }

    /// Where the file stood when this session was read or last written.
    pub fn at(&self) -> FileAt {
        FileAt {
            path: self.path.clone(),
            stamp: self.stamp,
            generation: self.generation,
            log: self.log,
            checked: self.checked,
        }
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

    /// Saves `pending`, ops applied in this session since it was loaded or last saved,
    /// as [`Loaded::commit`] does, without making a copy of the session: the result
    /// holds the session only if the file had to be read for it. Given `on_file`, the
    /// session as the file held it before `pending`, a save that finds another writer
    /// got there first reads only their ops (see [`crate::store::save_ops`]).
    pub fn save(&self, on_file: Option<Session>, pending: &[Op]) -> Result<Saved, StoreError> {
        save(
            &self.at(),
            Some(&self.session),
            on_file,
            pending,
            Write::AsDue,
        )
    }

    fn commit_as(&self, pending: &[Op], write: Write) -> Result<Committed, StoreError> {
        let mut saved = save(&self.at(), Some(&self.session), None, pending, write)?;
        let session = saved.session.take().unwrap_or_else(|| self.session.clone());
        Ok(Committed {
            loaded: Loaded::of(saved.at.clone(), session),
            saved,
        })
    }

    /// This session, read from or written to the file at `at`.
    pub fn of(at: FileAt, session: Session) -> Loaded {
        Loaded {
            path: at.path,
            session,
            stamp: at.stamp,
            generation: at.generation,
            format_version: crate::model::FORMAT_VERSION,
            log: at.log,
            checked: at.checked,
        }
    }

    /// Takes in where a save of this session (with more ops, perhaps) left the file.
    pub fn moved_to(&mut self, at: FileAt) {
        self.path = at.path;
        self.stamp = at.stamp;
        self.generation = at.generation;
        self.format_version = crate::model::FORMAT_VERSION;
        self.log = at.log;
        self.checked = at.checked;
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

    /// Takes in what other writers added (see [`Loaded::read_appended`]), if the file
    /// still holds this session's last op in its place ([`Appended::goes_on_from`]).
    /// Should an op not apply (the file was edited by hand), the session is left
    /// part-way and the error says so: read the file whole then.
    pub fn take_appended(&mut self, appended: Appended) -> Result<(), NotTaken> {
        if !appended.goes_on_from(self.session.history().last().map(|op| op.id)) {
            return Err(NotTaken::Elsewhere);
        }
        for op in appended.ops {
            self.session.apply_logged(op)?;
        }
        self.log = Some(appended.log);
        self.stamp = appended.stamp;
        if let Some(rewrite) = appended.rewrite {
            self.generation = rewrite.generation;
        }
        Ok(())
    }

    /// Applies one op and commits it straight away (for commands run once).
    pub fn apply_and_commit(&mut self, op: Op) -> Result<Saved, ApplyError> {
        // As the file holds it: should another writer have saved first, only their
        // ops are read (a copy shares the session's lists).
        let on_file = self.session.clone();
        self.session
            .apply(op.clone())
            .map_err(ApplyError::Refused)?;
        let mut saved = self.save(Some(on_file), std::slice::from_ref(&op))?;
        if let Some(c) = saved.conflicts.first() {
            return Err(ApplyError::Refused(c.error.clone()));
        }
        if let Some(session) = saved.session.take() {
            self.session = session;
        }
        self.moved_to(saved.at.clone());
        Ok(saved)
    }
}

/// Why what other writers added was not taken in: the file is to be read whole.
#[derive(Debug, thiserror::Error)]
pub enum NotTaken {
    #[error("the file no longer holds this session's last op where it was")]
    Elsewhere,
    #[error(transparent)]
    Refused(#[from] OpError),
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
pub(super) fn refuse_read_only(path: &Path) -> Result<(), StoreError> {
    match write_refusal(path) {
        Some(reason) => Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
            reason,
        }),
        None => Ok(()),
    }
}

/// Refuses a session that fails `check` (unless known to pass it).
pub(super) fn refuse_unsound(loaded: &Loaded) -> Result<(), StoreError> {
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
