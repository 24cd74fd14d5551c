//! Durable file writes: a temp file in the same folder, fsynced, renamed into place, and
//! the folder fsynced, so a crash leaves the old file or the new one, never a mix. The
//! temp files a save of a session writes under its lock carry a tag of that session, so
//! the next save (under the same lock) knows any left over is a dead writer's.

use super::error::StoreError;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use tempfile::NamedTempFile;

/// Temp files start with this, so strays from a crashed save can be found and removed.
pub const TEMP_PREFIX: &str = ".cmo-promote-";
/// The previous version of `x.ron` is kept as `x.ron.bak`.
pub const BACKUP_SUFFIX: &str = ".bak";

/// The folder a file is in (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The prefix of the temp files written while saving `session` under its lock:
/// `.cmo-promote-<16 hex digits of a hash of the file name>-`. (Untagged temp files are
/// `.cmo-promote-` and six random characters.)
pub(crate) fn session_temp_prefix(session: &Path) -> String {
    // FNV-1a: stable across builds, so every version agrees on a session's tag.
    let name = session.file_name().unwrap_or_default();
    let hash = name
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{TEMP_PREFIX}{hash:016x}-")
}

/// A synced temp file holding `bytes`, in `dir`, named with `prefix`, with the
/// permissions of the file it will replace (`like`), else those of any new file (0666
/// less the umask): session files are shared by a team, so they must not end up
/// readable by their last writer only. If anything fails the temp file is removed.
fn synced_temp(
    dir: &Path,
    prefix: &str,
    bytes: &[u8],
    like: Option<&Path>,
) -> Result<NamedTempFile, StoreError> {
    synced_temp_with(dir, prefix, like, |file, at| {
        file.write_all(bytes)
            .map_err(|e| StoreError::io("write", at, e))
    })
}

/// [`synced_temp`] with what `write` writes to the file (at the path it is given).
fn synced_temp_with(
    dir: &Path,
    prefix: &str,
    like: Option<&Path>,
    write: impl FnOnce(&mut File, &Path) -> Result<(), StoreError>,
) -> Result<NamedTempFile, StoreError> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| StoreError::io("create a temporary file in", dir, e))?;
    if let Some(meta) = like.and_then(|p| fs::metadata(p).ok()) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| StoreError::io("set permissions of", tmp.path(), e))?;
    }
    let at = tmp.path().to_path_buf();
    write(tmp.as_file_mut(), &at)?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| StoreError::io("write", &at, e))?;
    Ok(tmp)
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| StoreError::io("sync folder", dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The backup path of a session file.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(BACKUP_SUFFIX);
    PathBuf::from(name)
}

/// [`write_atomic_with`] writing `bytes`.
#[cfg(test)]
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomic_with(path, |file, at| {
        file.write_all(bytes)
            .map_err(|e| StoreError::io("write", at, e))
    })
}

/// Replaces `path` atomically and durably with what `write` writes to the new file (at
/// the temp path it is given), keeping the old content as the backup file first. A
/// large file need not be whole in memory first. Called under the session's lock: its
/// temp files are tagged.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut File, &Path) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let dir = folder_of(path);
    let tmp = synced_temp_with(dir, &session_temp_prefix(path), Some(path), write)?;
    if path.exists() {
        keep_backup(path)?;
    }
    tmp.persist(path)
        .map_err(|e| StoreError::io("replace", path, e.error))?;
    sync_dir(dir)
}

/// Writes a report (an export) to `path`: replaced at once, so a reader never sees half a
/// report; no backup is kept, since the report is made again from the session.
pub fn write_report(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = folder_of(path);
    let tmp = synced_temp(dir, ".cmo-promote-report-", bytes, Some(path))?;
    tmp.persist(path)
        .map_err(|e| StoreError::io("write", path, e.error))?;
    sync_dir(dir)
}

/// Copies the current file to its backup path, itself atomically (a hard link where
/// the file system allows, else a copy).
fn keep_backup(path: &Path) -> Result<(), StoreError> {
    let backup = backup_path(path);
    let dir = folder_of(path);
    let staged = tempfile::Builder::new()
        .prefix(&session_temp_prefix(path))
        .suffix(".tmp")
        .make_in(dir, |p| {
            fs::hard_link(path, p).or_else(|_| fs::copy(path, p).map(|_| ()))
        })
        .map_err(|e| StoreError::io("back up", path, e))?;
    staged
        .persist(&backup)
        .map_err(|e| StoreError::io("back up to", &backup, e.error))?;
    Ok(())
}

/// Writes `bytes` to a new file `<stem>.ron` in `dir`, or `<stem>-2.ron`, `-3`, … if
/// that name is taken: never replaces an existing file, even one created a moment ago
/// by another process.
pub fn write_new(dir: &Path, stem: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
    fs::create_dir_all(dir).map_err(|e| match fs::metadata(dir) {
        Ok(m) if !m.is_dir() => StoreError::Invalid {
            path: dir.to_path_buf(),
            reason: "is a file where the sessions folder should be; move it away".into(),
        },
        _ => StoreError::io("create folder", dir, e),
    })?;
    let mut tmp = synced_temp(dir, TEMP_PREFIX, bytes, None)?;
    for n in 1..10_000u32 {
        let name = if n == 1 {
            format!("{stem}.ron")
        } else {
            format!("{stem}-{n}.ron")
        };
        let target = dir.join(name);
        match tmp.persist_noclobber(&target) {
            Ok(_) => {
                sync_dir(dir)?;
                return Ok(target);
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(StoreError::io("create", &target, e.error)),
        }
    }
    Err(StoreError::io(
        "find a free file name in",
        dir,
        std::io::Error::other("too many sessions with the same name"),
    ))
}

/// Creates the file `path` holding `bytes`, whole or not at all: the content goes to a
/// synced temp file that is renamed into place only once complete, and never over an
/// existing file. A failed write (disk full) leaves nothing behind.
pub fn write_once(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = folder_of(path);
    let tmp = synced_temp(dir, TEMP_PREFIX, bytes, None)?;
    tmp.persist_noclobber(path)
        .map_err(|e| StoreError::io("create", path, e.error))?;
    sync_dir(dir)
}

/// Removes the temp files earlier saves of `session` left behind. Only call it holding
/// the session's lock: then no save of this session is under way, and any of its
/// tagged temp files belongs to a writer that died. Returns how many.
pub fn remove_session_strays(session: &Path) -> usize {
    let prefix = session_temp_prefix(session);
    let Ok(entries) = fs::read_dir(folder_of(session)) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".tmp")
        })
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

/// Removes temp files left by saves that crashed, if older than `min_age` (a younger
/// one may belong to a save in progress in another process). Returns how many.
pub fn remove_stray_temps(dir: &Path, min_age: Duration) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp")) {
            continue;
        }
        let old_enough = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= min_age);
        if old_enough && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_content_and_keeps_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        write_atomic(&path, b"one").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
        write_atomic(&path, b"three").unwrap();
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"two");
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "no temp files left behind: {names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn saved_files_keep_shareable_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = write_new(dir.path(), "team", b"a").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_ne!(
            mode(&path) & 0o044,
            0,
            "new files are not private to their writer"
        );
        fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
        write_atomic(&path, b"b").unwrap();
        assert_eq!(mode(&path), 0o664, "a save keeps the file's permissions");
        assert_eq!(mode(&backup_path(&path)), 0o664);
    }

    #[test]
    fn new_files_never_clobber_existing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let a = write_new(dir.path(), "q3", b"a").unwrap();
        let b = write_new(dir.path(), "q3", b"b").unwrap();
        let c = write_new(dir.path(), "q3", b"c").unwrap();
        assert_eq!(a.file_name().unwrap(), "q3.ron");
        assert_eq!(b.file_name().unwrap(), "q3-2.ron");
        assert_eq!(c.file_name().unwrap(), "q3-3.ron");
        assert_eq!(fs::read(&a).unwrap(), b"a");
        assert_eq!(fs::read(&b).unwrap(), b"b");
    }

    #[test]
    fn a_sessions_own_stray_temp_files_are_removed_whatever_their_age() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("q3.ron");
        let other = dir.path().join("q4.ron");
        write_atomic(&session, b"one").unwrap();
        let ours = dir
            .path()
            .join(format!("{}x1y2z3.tmp", session_temp_prefix(&session)));
        let theirs = dir
            .path()
            .join(format!("{}x1y2z3.tmp", session_temp_prefix(&other)));
        let untagged = dir.path().join(format!("{TEMP_PREFIX}abcdef.tmp"));
        for p in [&ours, &theirs, &untagged] {
            fs::write(p, b"half a sess").unwrap();
        }
        assert_eq!(remove_session_strays(&session), 1);
        assert!(!ours.exists());
        assert!(theirs.exists(), "another session's save may be under way");
        assert!(
            untagged.exists(),
            "an untagged temp may be a rescue being written"
        );
        assert_eq!(fs::read(&session).unwrap(), b"one");
    }

    #[test]
    fn write_once_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r");
        write_once(&path, b"a").unwrap();
        assert!(write_once(&path, b"b").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"a");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn only_old_stray_temp_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!("{TEMP_PREFIX}abc.tmp"));
        let fresh = dir.path().join(format!("{TEMP_PREFIX}def.tmp"));
        let session = dir.path().join("keep.ron");
        for p in [&stale, &fresh, &session] {
            fs::write(p, b"x").unwrap();
        }
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        assert_eq!(remove_stray_temps(dir.path(), Duration::from_secs(300)), 1);
        assert!(!stale.exists());
        assert!(fresh.exists());
        assert!(session.exists());
    }
}
