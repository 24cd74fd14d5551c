//! What a session file looked like when this instance last read or wrote it, to tell
//! cheaply whether someone else has written it since.

use std::fs::Metadata;
use std::path::Path;
use std::time::SystemTime;

/// Size, modification time and inode of a file (every save is a rename of a new file,
/// so the inode changes even when size and time happen not to).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub inode: u64,
}

impl Stamp {
    pub fn of_metadata(m: &Metadata) -> Stamp {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(m);
        #[cfg(not(unix))]
        let inode = 0;
        Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            inode,
        }
    }

    /// The stamp of the file at `path` now (`None` if it cannot be read). The file is
    /// opened rather than just stat'ed: on network folders opening is what makes the
    /// client fetch fresh attributes instead of cached ones.
    pub fn of_path(path: &Path) -> Option<Stamp> {
        let file = std::fs::File::open(path).ok()?;
        file.metadata().ok().map(|m| Stamp::of_metadata(&m))
    }
}
