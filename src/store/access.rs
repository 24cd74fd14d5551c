//! Which file a session path stands for, and whether this user may write it. A link is
//! followed to the real file, so the lock, the backup and the new version land beside
//! it and the link stays a link; anything but a regular file (a folder, a pipe, a
//! dangling link, a link loop) is refused in words; a file that must not be written is
//! said to be read-only before anything is written.

use super::atomic::folder_of;
use super::error::{StoreError, io_words};
use std::fs::{self, File, FileType, Metadata, OpenOptions};
use std::path::{Path, PathBuf};

/// What a non-regular file is, in words; `None` for a regular file.
fn not_regular(t: FileType) -> Option<&'static str> {
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("is a folder");
    }
    #[cfg(unix)]
    {
        if t.is_fifo() {
            return Some("is a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("is a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("is a device");
        }
    }
    Some("is not a regular file")
}

fn is_link_loop(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// The regular file `path` stands for: `path` itself, or the file its symbolic link(s)
/// lead to (fully resolved, so writes land beside the real file).
pub(crate) fn real_file(path: &Path) -> Result<PathBuf, StoreError> {
    let meta = fs::symlink_metadata(path).map_err(|e| StoreError::io("read", path, e))?;
    let not_a_file = |what: String| StoreError::NotAFile {
        path: path.to_path_buf(),
        what,
    };
    if !meta.file_type().is_symlink() {
        return match not_regular(meta.file_type()) {
            Some(what) => Err(not_a_file(what.to_string())),
            None => Ok(path.to_path_buf()),
        };
    }
    match fs::canonicalize(path) {
        Ok(real) => {
            let meta = fs::metadata(&real).map_err(|e| StoreError::io("read", &real, e))?;
            match not_regular(meta.file_type()) {
                Some(what) => Err(not_a_file(format!(
                    "is a link to {}, which {what}",
                    real.display()
                ))),
                None => Ok(real),
            }
        }
        Err(e) if is_link_loop(&e) => Err(not_a_file("is a symbolic link loop".into())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let target = fs::read_link(path).unwrap_or_default();
            Err(not_a_file(format!(
                "is a link to {}, which does not exist",
                target.display()
            )))
        }
        Err(e) => Err(StoreError::io("follow the link", path, e)),
    }
}

/// Opens a session file for reading; refuses, without blocking, anything but a regular
/// file (opening a named pipe would otherwise wait for a writer forever).
pub(crate) fn open_regular(path: &Path) -> Result<(File, Metadata), StoreError> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(|e| match real_file(path) {
        Err(why) => why,
        Ok(_) => StoreError::io("read", path, e),
    })?;
    let meta = file
        .metadata()
        .map_err(|e| StoreError::io("read", path, e))?;
    if let Some(what) = not_regular(meta.file_type()) {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            what: what.to_string(),
        });
    }
    Ok((file, meta))
}

/// The bytes of the regular file at `path` (a template, a rescue file, a draft: `noun`
/// says which); anything else (a pipe, a device, a folder) is refused without being
/// read, so it can neither hang the program nor fill its memory.
pub(crate) fn read_regular(path: &Path, noun: &str) -> Result<Vec<u8>, StoreError> {
    use std::io::Read;
    let (mut file, _) = open_regular(path).map_err(|e| match e {
        StoreError::NotAFile { path, what } => StoreError::Invalid {
            path,
            reason: format!("{what}, not {noun}"),
        },
        other => other,
    })?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| StoreError::io("read", path, e))?;
    Ok(bytes)
}

/// Why this user may not write the session file at `path` (or the file a link there
/// leads to), in words; `None` when a save can go ahead. A save writes a new file in
/// the folder and renames it over the old one, so the folder must be writable too. A
/// file or folder with no write permission for anyone counts as read-only even for a
/// user (root) the system would let write it. A missing file is not refused here (a
/// save creates it).
pub fn write_refusal(path: &Path) -> Option<String> {
    let file = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Some(format!("its state cannot be read ({})", io_words(&e))),
        Ok(_) => match real_file(path) {
            Ok(real) => Some(real),
            Err(e) => return Some(e.to_string()),
        },
    };
    let dir = folder_of(file.as_deref().unwrap_or(path)).to_path_buf();
    if let Some(real) = &file
        && let Some(why) = refusal_of(real, "the file", "you may not write to the file")
    {
        return Some(why);
    }
    let folder = format!("its folder {}", dir.display());
    refusal_of(
        &dir,
        &folder,
        &format!("you may not create files in {folder}"),
    )
}

/// Why `path` (the file or its folder, named `what`) may not be written.
fn refusal_of(path: &Path, what: &str, denied: &str) -> Option<String> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return Some(format!("{what} cannot be read ({})", io_words(&e))),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o222 == 0 {
            return Some(format!("{what} is read-only (mode {mode:04o})"));
        }
        if let Err(e) = rustix::fs::access(path, rustix::fs::Access::WRITE_OK) {
            if e == rustix::io::Errno::ROFS {
                return Some(format!("{what} is on a read-only file system"));
            }
            return Some(format!("{denied} ({})", io_words(&e.into())));
        }
    }
    #[cfg(not(unix))]
    if meta.permissions().readonly() {
        return Some(format!("{what} is read-only"));
    }
    let _ = denied;
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn chmod(path: &Path, mode: u32) {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn a_file_or_folder_without_write_permission_is_refused_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        fs::write(&path, "x").unwrap();
        assert_eq!(write_refusal(&path), None);
        chmod(&path, 0o444);
        assert_eq!(
            write_refusal(&path).as_deref(),
            Some("the file is read-only (mode 0444)")
        );
        chmod(&path, 0o644);
        chmod(dir.path(), 0o555);
        let why = write_refusal(&path).unwrap();
        chmod(dir.path(), 0o755);
        assert!(why.starts_with("its folder "), "{why}");
        assert!(why.ends_with(" is read-only (mode 0555)"), "{why}");
    }

    #[test]
    fn links_are_followed_and_broken_ones_named() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.ron");
        fs::write(&real, "x").unwrap();
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(real_file(&link).unwrap(), fs::canonicalize(&real).unwrap());
        assert_eq!(real_file(&real).unwrap(), real);
        let dangling = dir.path().join("dangling.ron");
        std::os::unix::fs::symlink(dir.path().join("gone.ron"), &dangling).unwrap();
        let e = real_file(&dangling).unwrap_err().to_string();
        assert!(
            e.ends_with("gone.ron, which does not exist, not a session file"),
            "{e}"
        );
        let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let e = real_file(&a).unwrap_err().to_string();
        assert!(
            e.ends_with("a.ron is a symbolic link loop, not a session file"),
            "{e}"
        );
        assert!(write_refusal(&a).is_some());
    }
}
