//! Drafts: text someone was typing when the program was stopped (a signal, a closed
//! terminal, a kill), kept in a file beside the session so it can be offered back the
//! next time that person opens the session. Files are named
//! `NAME.ron.draft-<user>-<time>-<pid>` and written whole or not at all.
//!
//! While the editor is open the text is kept in such a file as it is typed
//! ([`LiveDraft`]); the program holds a lock on `NAME.ron.typing-<user>-<pid>.lock` for
//! as long as it runs, so another open of the session does not offer a draft whose
//! author is still typing it. The lock dies with the process, however it ends.

use super::atomic::folder_of;
use super::error::StoreError;
use super::parse_error::{parse_error, text_of};
use super::paths::slug;
use super::rescue::keep_beside;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs;
use std::path::{Path, PathBuf};

/// The start of the names of `user`'s drafts for `session`.
fn prefix(session: &Path, user: &str) -> String {
    format!(
        "{}.draft-{}-",
        session.file_name().unwrap_or_default().to_string_lossy(),
        slug(user)
    )
}

/// A draft's RON text (`path` names the file in an error).
fn draft_text<T: Serialize>(draft: &T, path: &Path) -> Result<String, StoreError> {
    ron::ser::to_string_pretty(draft, ron::ser::PrettyConfig::new().new_line("\n")).map_err(|e| {
        StoreError::Encode {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    })
}

/// Writes `draft` beside the session (or, if that folder cannot take it, in the temp
/// folder, where it is not offered back but is not lost either), whole or not at all.
/// Returns where.
pub fn write_draft<T: Serialize>(
    session: &Path,
    user: &str,
    draft: &T,
) -> Result<PathBuf, StoreError> {
    let text = draft_text(draft, session)?;
    let name = format!(
        "{}{}-{}",
        prefix(session, user),
        chrono::Utc::now().format("%Y%m%dT%H%M%S"),
        std::process::id()
    );
    keep_beside(session, &name, &text)
}

/// The lock file that marks `user`'s drafts written by process `pid` as still being
/// typed.
fn typing_lock(session: &Path, user: &str, pid: &str) -> PathBuf {
    session.with_file_name(format!(
        "{}.typing-{}-{pid}.lock",
        session.file_name().unwrap_or_default().to_string_lossy(),
        slug(user)
    ))
}

/// Whether the draft at `path` is being typed by a running program (its typing lock is
/// held); a lock file left by a program that died is removed.
fn still_typed(path: &Path, session: &Path, user: &str) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let Some(pid) = name.rsplit('-').next() else {
        return false;
    };
    held(&typing_lock(session, user, pid))
}

/// Whether another running program holds the typing lock at `lock`. One that no
/// program holds (its program died) is removed; one that cannot be checked does not
/// keep a draft from being offered.
fn held(lock: &Path) -> bool {
    let Ok(file) = fs::File::open(lock) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => {
            // Each program holds its lock from its first draft to its end, so a lock
            // free now is a dead program's.
            let _ = fs::remove_file(lock);
            false
        }
        Err(fs::TryLockError::WouldBlock) => true,
        Err(fs::TryLockError::Error(_)) => false,
    }
}

/// Removes `user`'s typing locks for `session` that no running program holds (left by
/// one killed before it wrote any draft).
fn remove_dead_locks(session: &Path, user: &str) {
    let start = format!(
        "{}.typing-{}-",
        session.file_name().unwrap_or_default().to_string_lossy(),
        slug(user)
    );
    let Ok(entries) = fs::read_dir(folder_of(session)) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(&start) && name.ends_with(".lock") {
            held(&e.path());
        }
    }
}

/// The draft kept while typing: one file, replaced as the text changes, and the lock
/// that says its author is still at it, held until the program ends (whatever is typed
/// later reuses both). Dropping it releases the lock (the draft file stays, to be
/// offered, unless [`LiveDraft::discard`] was called).
pub struct LiveDraft {
    lock: fs::File,
    lock_path: PathBuf,
    path: PathBuf,
    written: bool,
}

impl LiveDraft {
    /// Takes the typing lock for `user` on `session`; the draft file is written by
    /// [`LiveDraft::write`].
    pub fn start(session: &Path, user: &str) -> Result<LiveDraft, StoreError> {
        let pid = std::process::id().to_string();
        let lock_path = typing_lock(session, user, &pid);
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| StoreError::io("create", &lock_path, e))?;
        if let Err(e) = lock.try_lock() {
            let _ = fs::remove_file(&lock_path);
            return Err(StoreError::io("lock", &lock_path, std::io::Error::other(e)));
        }
        let name = format!(
            "{}{}-{pid}",
            prefix(session, user),
            chrono::Utc::now().format("%Y%m%dT%H%M%S")
        );
        Ok(LiveDraft {
            lock,
            lock_path,
            path: session.with_file_name(name),
            written: false,
        })
    }

    /// Replaces the draft file with `draft`, whole or not at all.
    pub fn write<T: Serialize>(&mut self, draft: &T) -> Result<&Path, StoreError> {
        let text = draft_text(draft, &self.path)?;
        super::atomic::write_report(&self.path, text.as_bytes())?;
        self.written = true;
        Ok(&self.path)
    }

    /// Where the draft is kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes the draft file (the text was saved or thrown away).
    pub fn discard(&mut self) -> Result<(), StoreError> {
        if self.written {
            discard_draft(&self.path)?;
            self.written = false;
        }
        Ok(())
    }
}

impl Drop for LiveDraft {
    fn drop(&mut self) {
        let _ = self.lock.unlock();
        let _ = fs::remove_file(&self.lock_path);
    }
}

/// `user`'s drafts for `session`, oldest first, each read or with why it could not be:
/// those beside the session and those that had to go to the temp folder. (A draft names
/// the session it belongs to; the caller checks that, since another session elsewhere
/// may have the same file name.)
pub fn read_drafts<T: DeserializeOwned>(
    session: &Path,
    user: &str,
) -> Vec<(PathBuf, Result<T, StoreError>)> {
    let dir = folder_of(session).to_path_buf();
    let start = prefix(session, user);
    let mut paths: Vec<PathBuf> = [dir, std::env::temp_dir()]
        .iter()
        .filter_map(|d| fs::read_dir(d).ok())
        .flat_map(|entries| entries.flatten())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&start))
        .map(|e| e.path())
        .collect();
    // The names carry the time the draft was kept, so name order is age order.
    paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    paths.dedup();
    paths.retain(|p| !still_typed(p, session, user));
    remove_dead_locks(session, user);
    paths
        .into_iter()
        .map(|path| {
            let read = super::access::read_regular(&path, "a draft")
                .and_then(|bytes| text_of(bytes, &path))
                .and_then(|text| ron::from_str(&text).map_err(|e| parse_error(&path, e)));
            (path, read)
        })
        .collect()
}

/// Removes a draft once it has been restored or declined.
pub fn discard_draft(path: &Path) -> Result<(), StoreError> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::io("remove the draft", path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_kept_per_user_and_read_back_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("q3.ron");
        fs::write(&session, "x").unwrap();
        let a = write_draft(&session, "ann", &"first".to_string()).unwrap();
        let b = dir
            .path()
            .join(format!("{}20000101T000000-1", prefix(&session, "ann")));
        fs::write(&b, "\"older\"").unwrap();
        write_draft(&session, "bob", &"bob's".to_string()).unwrap();
        assert_eq!(a.parent(), Some(dir.path()));

        let ann: Vec<(PathBuf, Result<String, StoreError>)> = read_drafts(&session, "ann");
        let texts: Vec<&str> = ann
            .iter()
            .map(|(_, r)| r.as_ref().unwrap().as_str())
            .collect();
        assert_eq!(texts, ["older", "first"]);

        discard_draft(&a).unwrap();
        discard_draft(&a).unwrap();
        assert_eq!(read_drafts::<String>(&session, "ann").len(), 1);
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !names.iter().any(|n| n.ends_with(".tmp")),
            "no temp files left: {names:?}"
        );
    }

    #[test]
    fn a_draft_being_typed_is_not_offered_until_its_author_stops() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("q3.ron");
        fs::write(&session, "x").unwrap();
        let mut live = LiveDraft::start(&session, "ann").unwrap();
        live.write(&"half a sentence".to_string()).unwrap();
        live.write(&"half a sentence, more".to_string()).unwrap();
        let files = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(files, 3, "the session, one draft and the typing lock");
        // The typing lock is checked with another open of the file: a second handle
        // in this process stands for the second program.
        assert!(read_drafts::<String>(&session, "ann").is_empty());
        drop(live);
        let drafts: Vec<(PathBuf, Result<String, StoreError>)> = read_drafts(&session, "ann");
        assert_eq!(drafts.len(), 1, "offered once its author stopped");
        assert_eq!(drafts[0].1.as_ref().unwrap(), "half a sentence, more");

        let mut saved = LiveDraft::start(&session, "bob").unwrap();
        saved.write(&"typed".to_string()).unwrap();
        saved.discard().unwrap();
        drop(saved);
        assert!(read_drafts::<String>(&session, "bob").is_empty());
    }

    #[test]
    fn a_draft_that_had_to_go_to_the_temp_folder_is_found_too() {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("temp-draft-{}.ron", std::process::id());
        let session = dir.path().join(&name);
        let in_temp =
            std::env::temp_dir().join(format!("{}20260101T000000-1", prefix(&session, "ann")));
        fs::write(&in_temp, "\"kept in temp\"").unwrap();
        let found: Vec<(PathBuf, Result<String, StoreError>)> = read_drafts(&session, "ann");
        let _ = fs::remove_file(&in_temp);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.as_ref().unwrap(), "kept in temp");
    }

    #[test]
    fn a_broken_draft_says_why_with_its_position() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("q3.ron");
        let path = dir
            .path()
            .join(format!("{}20260101T000000-1", prefix(&session, "ann")));
        fs::write(&path, "(unfinished").unwrap();
        let read = read_drafts::<String>(&session, "ann");
        assert_eq!(read.len(), 1);
        let error = read[0].1.as_ref().unwrap_err().to_string();
        assert!(error.contains(":1:"), "{error}");
    }
}
