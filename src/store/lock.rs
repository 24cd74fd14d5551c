//! A short exclusive lock around read-modify-write of a session file. It is taken on a
//! separate `<file>.lock` (the data file itself is replaced by rename on every save, so
//! a lock on it would be lost) and released when the guard drops, or by the OS when the
//! process dies, so a crash never leaves a lock behind.

use super::error::StoreError;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// Held while a writer reads, merges and writes.
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
    /// Waits for and takes the lock of `session`.
    pub fn acquire(session: &Path) -> Result<SessionLock, StoreError> {
        let path = lock_path(session);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| StoreError::io("open the lock file", &path, e))?;
        file.lock().map_err(|e| StoreError::io("lock", &path, e))?;
        Ok(SessionLock { file })
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}
