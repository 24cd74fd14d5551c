//! A disposable binary copy of a session beside its file (`NAME.ron.cache`), so that
//! opening a large session need not parse its RON. The session file stays the only
//! source of truth: the cache names the bytes it was made from (how many, and their
//! xxh3 hash), and is used only while the file still begins with exactly those bytes;
//! the ops on the lines after them are then read from the file and applied. A missing,
//! stale, torn or unreadable cache is simply not used (the file is read whole and a new
//! cache written), and failing to write one is not an error. The layout of its bytes
//! is in [`layout`].

mod layout;
mod lean;

use super::codec::{FileHead, Lines, LogEnd, history_lines};
use crate::hashing::Hashing;
use crate::model::{Glance, History, Op, Session, StoredHistory};
pub(crate) use layout::Covers;
use layout::{Part, Reader, head, parts};
pub(crate) use lean::{Stored, carry_lean, read_lean, write_lean_of};
pub use lean::{lean_agrees, lean_path};
use serde::de::DeserializeSeed;
use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// Once this many ops follow what the cache covers, opening the file writes a new one.
pub(crate) const REFRESH_AFTER: usize = 256;

/// Where the cache of the session file at `path` is kept.
pub fn cache_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".cache");
    PathBuf::from(name)
}

/// A session read through its cache.
#[derive(Debug)]
pub(crate) struct Hit {
    pub session: Session,
    pub head: FileHead,
    pub checked: bool,
    /// What a new cache would cover, when enough ops followed the old one to be worth
    /// writing it.
    pub refresh: Option<Covers>,
}

/// The session in the file at `path` (open as `file`, of `len` bytes), read from its
/// cache and the lines after what the cache covers; `None` when there is no usable
/// cache or those lines do not apply (the file is then read whole, which says what is
/// wrong with it).
pub(crate) fn read_cached(
    path: &Path,
    file: &mut File,
    len: u64,
    refresh_after: usize,
) -> Option<Hit> {
    let cache = cache_path(path);
    let front = read_front(&cache, file)?;
    let (covers, state, history) = parts(&front)?;
    if covers.log.end > len {
        return None;
    }
    // The file's first bytes are checked (and its later lines read) beside the
    // decoding, which stays on this thread: what a thread of its own allocates is kept
    // apart by the allocator, and a session read again and again would spread over
    // more and more memory.
    let (after, state, history) = std::thread::scope(|s| {
        let after = s.spawn(|| lines_after(path, file, covers));
        let state = read_part(&cache, state, PhantomData::<Session>);
        let history =
            read_part(&cache, history, PhantomData::<StoredHistory>).and_then(History::from_stored);
        (after.join().ok().flatten(), state, history)
    });
    let (mut hasher, text, ops, read) = after?;
    let added = ops.len();
    let session = Session::from_snapshot(state?, history?, ops).ok()?;
    let log = LogEnd {
        end: covers.log.end + read as u64,
        ops: covers.log.ops + added,
        after_snapshot: covers.log.after_snapshot + added,
    };
    let refresh = (added >= refresh_after.max(1)).then(|| {
        hasher.update(&text.as_bytes()[..read]);
        Covers {
            generation: covers.generation,
            log,
            hash: hasher.digest(),
            checked: covers.checked,
        }
    });
    Some(Hit {
        session,
        head: FileHead {
            format_version: crate::model::FORMAT_VERSION,
            generation: covers.generation,
            log: Some(log),
        },
        checked: covers.checked,
        refresh,
    })
}

/// Checks that `file` begins with the bytes `covers` names, and reads the ops on the
/// whole lines after them: the hash so far, the text after, its ops and how many of its
/// bytes they take.
fn lines_after(
    path: &Path,
    file: &mut File,
    covers: Covers,
) -> Option<(Xxh3, String, Vec<Op>, usize)> {
    let hasher = hash_of_next(file, covers.log.end)?;
    if hasher.digest() != covers.hash {
        return None;
    }
    let mut tail = Vec::new();
    file.read_to_end(&mut tail).ok()?;
    // Only whole lines: a last one without its newline is a write cut short.
    let whole = tail.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    tail.truncate(whole);
    let text = String::from_utf8(tail).ok()?;
    let (ops, read) = history_lines(&text, 0, path, Lines::AllMust).ok()?;
    Some((hasher, text, ops, read))
}

/// What a cache of `session` covers, made from `bytes`, the file's text up to where
/// its history was read.
pub(crate) fn covering(bytes: &[u8], generation: u64, log: LogEnd, checked: bool) -> Covers {
    let end = usize::try_from(log.end)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    Covers {
        generation,
        log,
        hash: xxh3_64(&bytes[..end]),
        checked,
    }
}

/// Caches the session file at `path`, just written whole (no rewrite yet) as `text`
/// from `session`: even the first open of a large session then reads no RON.
pub fn cache_new_file(path: &Path, session: &Session, text: &[u8]) {
    let log = LogEnd {
        end: text.len() as u64,
        ops: session.history().len(),
        after_snapshot: 0,
    };
    let checked = session.problems().is_empty();
    write_cache(path, session, covering(text, 0, log, checked));
}

/// Writes the cache of the session file at `path`: `session` as the file's first
/// bytes, described by `covers`, make it. Best effort, since the file alone is enough:
/// a failed write leaves any cache there as it was (one that no longer fits the file is
/// never used). Not written by a user who may not write the session file: the cache is
/// for those who work on the session.
pub(crate) fn write_cache(path: &Path, session: &Session, covers: Covers) {
    if super::access::write_refusal(path).is_some() {
        return;
    }
    let _ = write(path, session, covers);
}

fn write(path: &Path, session: &Session, covers: Covers) -> std::io::Result<()> {
    write_beside(path, &cache_path(path), "cache", |file| {
        layout::write_to(file, session, covers)
    })
}

/// Writes the file `target` beside the session file at `path` (its cache or its lean
/// copy) with `write`: a temp file renamed into place, readable by
/// whoever may read the session file. Not synced: a copy cut short by a crash fails
/// its own hash and is not used. Named as the session's temp files are (with `kind`),
/// so the next save clears one a killed process left behind (a save under way
/// elsewhere may clear this one first: then nothing is written this time).
pub(super) fn write_beside(
    path: &Path,
    target: &Path,
    kind: &str,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(
            "{}{kind}-",
            super::atomic::session_temp_prefix(path)
        ))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    if let Ok(meta) = fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    write(tmp.as_file_mut())?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// The glance of the session in the file at `path` (open as `file`, of `len` bytes)
/// kept in its cache, if the cache covers the whole file as it now is; `None` when the
/// session must be read for it. Reads the cache's first bytes and hashes the file.
pub(crate) fn read_glance(path: &Path, file: &mut File, len: u64) -> Option<Glance> {
    let front = read_front(&cache_path(path), file)?;
    let (covers, glance) = head(&mut Reader(&front))?;
    if covers.log.end != len || hash_of_next(file, len)?.digest() != covers.hash {
        return None;
    }
    rmp_serde::from_slice(glance).ok()
}

/// How much of a cache is read for its front (header and glance: a glance longer than
/// this is read from the session instead).
const FRONT_READ: u64 = 64 * 1024;

/// The first bytes of the cache at `cache` (of the session file `session`): its header
/// and glance; `None` if it is not to be trusted.
fn read_front(cache: &Path, session: &File) -> Option<Vec<u8>> {
    let file = File::open(cache).ok()?;
    if !trusted(&file, session) {
        return None;
    }
    let mut front = Vec::new();
    file.take(FRONT_READ).read_to_end(&mut front).ok()?;
    Some(front)
}

/// Whether a cache may be believed: it was written by the session file's owner or by
/// this user (never by someone who could only plant a file in the folder). Its bytes
/// are checked against the file besides.
#[cfg(unix)]
pub(super) fn trusted(cache: &File, session: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(cache), Ok(session)) = (cache.metadata(), session.metadata()) else {
        return false;
    };
    cache.uid() == session.uid() || cache.uid() == rustix::process::geteuid().as_raw()
}

#[cfg(not(unix))]
pub(super) fn trusted(_cache: &File, _session: &File) -> bool {
    true
}

/// The hash of the next `len` bytes of `file` (read through, not into memory); `None`
/// if it has fewer.
fn hash_of_next(file: &mut File, len: u64) -> Option<Xxh3> {
    let mut reader = std::io::BufReader::with_capacity(1 << 20, Hashing::of(file.take(len)));
    std::io::copy(&mut reader, &mut std::io::sink()).ok()?;
    let hashing = reader.into_inner();
    (hashing.count == len).then_some(hashing.hasher)
}

/// Decodes a part of the cache at `cache` with `seed`, read straight from the file;
/// `None` unless its bytes are all there and hash as the front says.
fn read_part<T, S>(cache: &Path, part: Part, seed: S) -> Option<T>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    let mut file = File::open(cache).ok()?;
    file.seek(SeekFrom::Start(part.at)).ok()?;
    let mut reader = std::io::BufReader::with_capacity(1 << 18, Hashing::of(file.take(part.len)));
    let value = seed
        .deserialize(&mut rmp_serde::Deserializer::new(&mut reader))
        .ok()?;
    // Whatever the decoder left unread still counts.
    std::io::copy(&mut reader, &mut std::io::sink()).ok()?;
    let hashing = reader.into_inner();
    (hashing.count == part.len && hashing.hasher.digest() == part.hash).then_some(value)
}

#[cfg(test)]
mod tests;
