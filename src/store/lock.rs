//! A short exclusive lock around read-modify-write of a session file. It is taken on a
//! separate `<file>.lock` (the data file itself is replaced by rename on every save, so
//! a lock on it would be lost) and released when the guard drops, or by the OS when the
//! process dies, so a crash never leaves a lock behind.

use super::error::StoreError;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for the lock before giving up with an error.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Opens the lock file for locking. Read access is enough for the lock, so a lock file
/// another user created can still be used; a new one is created readable by all.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    match File::open(path) {
        Ok(f) => Ok(f),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut options = OpenOptions::new();
            options.create(true).truncate(false).write(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
            options.open(path)
        }
        Err(e) => Err(e),
    }
}

/// Held while a writer reads, merges and writes.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
}

/// The lock file that goes with a session file.
pub fn lock_path(session: &Path) -> PathBuf {
    let mut name = session.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl SessionLock {
    /// Takes the lock of `session`, waiting up to `LOCK_WAIT` for another writer (a
    /// save holds it for milliseconds; longer means a writer is stuck).
    pub fn acquire(session: &Path) -> Result<SessionLock, StoreError> {
        let path = lock_path(session);
        let file =
            open_lock_file(&path).map_err(|e| StoreError::io("open the lock file", &path, e))?;
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(SessionLock { file }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(TryLockError::WouldBlock) => {
                    let why = format!(
                        "another writer has held it for over {} s",
                        LOCK_WAIT.as_secs()
                    );
                    return Err(StoreError::io("lock", &path, std::io::Error::other(why)));
                }
                Err(TryLockError::Error(e)) => return Err(StoreError::io("lock", &path, e)),
            }
        }
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}
