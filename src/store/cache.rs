//! A disposable binary copy of a session beside its file (`NAME.ron.cache`), so that
//! opening a large session need not parse its RON. The session file stays the only
//! source of truth: the cache names the bytes it was made from (how many, and their
//! xxh3 hash), and is used only while the file still begins with exactly those bytes;
//! the ops on the lines after them are then read from the file and applied. A missing,
//! stale, torn or unreadable cache is simply not used (the file is read whole and a new
//! cache written), and failing to write one is not an error.
//!
//! Layout: a fixed header (magic, layout version, the build's version, what the cache
//! covers, whether that session passed `check`), then the session's state and its
//! history, each as MessagePack with named fields (which reads the same optional fields
//! and defaults as the RON file does), decoded side by side.

use super::codec::{FileHead, Lines, LogEnd, history_lines};
use crate::model::{Op, Session};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

const MAGIC: &[u8; 8] = b"cmoCache";
/// Bumped when the header or the encoding changes.
const LAYOUT: u32 = 1;
/// Which build is running: its version and its executable's size and time. A cache is
/// used only by the build that wrote it, since another build may read the session's
/// types differently (a new build reads the file once and writes its own).
fn build() -> &'static [u8] {
    static BUILD: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BUILD.get_or_init(|| {
        let exe = std::env::current_exe()
            .and_then(fs::metadata)
            .ok()
            .map(|m| {
                let at = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .unwrap_or_default();
                format!("{} {}.{}", m.len(), at.as_secs(), at.subsec_nanos())
            })
            .unwrap_or_default();
        format!("{} {exe}", env!("CARGO_PKG_VERSION")).into_bytes()
    })
}

/// Once this many ops follow what the cache covers, reading the file writes a new one.
pub(crate) const REFRESH_AFTER: usize = 256;

/// Where the cache of the session file at `path` is kept.
pub fn cache_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".cache");
    PathBuf::from(name)
}

/// What a cache says about the file it was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Covers {
    pub generation: u64,
    pub log: LogEnd,
    /// The xxh3 hash of the file's first `log.end` bytes.
    pub hash: u64,
    /// Whether the session passed `check` (the full replay of its history).
    pub checked: bool,
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
pub(crate) fn read_cached(path: &Path, file: &mut File, len: u64) -> Option<Hit> {
    let bytes = fs::read(cache_path(path)).ok()?;
    let (covers, state, history) = parse(&bytes)?;
    if covers.log.end > len {
        return None;
    }
    // Three things at once (each a third of the time at 10,000 changes): the file's
    // first bytes checked and its later lines read; the state decoded; the history
    // decoded.
    let (after, state, history) = std::thread::scope(|s| {
        let after = s.spawn(|| lines_after(path, file, covers));
        let state = s.spawn(|| rmp_serde::from_slice::<Session>(state).ok());
        let history = rmp_serde::from_slice::<Vec<Op>>(history).ok();
        (
            after.join().ok().flatten(),
            state.join().ok().flatten(),
            history,
        )
    });
    let (mut hasher, text, ops, read) = after?;
    let added = ops.len();
    let session = Session::from_snapshot(state?, history?, ops).ok()?;
    let log = LogEnd {
        end: covers.log.end + read as u64,
        ops: covers.log.ops + added,
        after_snapshot: covers.log.after_snapshot + added,
    };
    let refresh = (added >= REFRESH_AFTER).then(|| {
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
    let mut hasher = Xxh3::new();
    let mut left = covers.log.end;
    let mut buf = vec![0u8; 1 << 20];
    while left > 0 {
        let want = buf.len().min(usize::try_from(left).ok()?);
        let got = file.read(&mut buf[..want]).ok()?;
        if got == 0 {
            return None;
        }
        hasher.update(&buf[..got]);
        left -= got as u64;
    }
    if hasher.digest() != covers.hash {
        return None;
    }
    drop(buf);
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

/// Writes the cache of the session file at `path`: `session` as the file's first
/// bytes, described by `covers`, make it. Best effort: a cache that cannot be written
/// is left out (and an old one removed), since the file alone is enough.
pub(crate) fn write_cache(path: &Path, session: &Session, covers: Covers) {
    let target = cache_path(path);
    if write(path, &target, session, covers).is_err() {
        let _ = fs::remove_file(&target);
    }
}

fn write(path: &Path, target: &Path, session: &Session, covers: Covers) -> std::io::Result<()> {
    let state = rmp_serde::to_vec_named(&session.snapshot()).map_err(std::io::Error::other)?;
    let history = rmp_serde::to_vec_named(session.history()).map_err(std::io::Error::other)?;
    let mut bytes = Vec::with_capacity(state.len() + history.len() + 128);
    bytes.extend_from_slice(MAGIC);
    put_u32(&mut bytes, LAYOUT);
    put_u32(&mut bytes, build().len() as u32);
    bytes.extend_from_slice(build());
    put_u64(&mut bytes, covers.generation);
    put_u64(&mut bytes, covers.log.end);
    put_u64(&mut bytes, covers.log.ops as u64);
    put_u64(&mut bytes, covers.log.after_snapshot as u64);
    put_u64(&mut bytes, covers.hash);
    bytes.push(u8::from(covers.checked));
    put_u64(&mut bytes, state.len() as u64);
    put_u64(&mut bytes, history.len() as u64);
    let mut payload_hash = Xxh3::new();
    payload_hash.update(&state);
    payload_hash.update(&history);
    put_u64(&mut bytes, payload_hash.digest());
    bytes.extend_from_slice(&state);
    bytes.extend_from_slice(&history);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Not synced: a cache cut short by a crash fails its own hash and is not used.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{}cache-", super::atomic::TEMP_PREFIX))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    // It holds what the session file holds: readable by whoever may read that.
    if let Ok(meta) = fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.write_all(&bytes)?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// The header, the state and the history of a cache's bytes, if they are whole and of
/// this build.
fn parse(bytes: &[u8]) -> Option<(Covers, &[u8], &[u8])> {
    let mut r = Reader(bytes);
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != LAYOUT {
        return None;
    }
    let build_len = r.u32()? as usize;
    if r.take(build_len)? != build() {
        return None;
    }
    let generation = r.u64()?;
    let log = LogEnd {
        end: r.u64()?,
        ops: usize::try_from(r.u64()?).ok()?,
        after_snapshot: usize::try_from(r.u64()?).ok()?,
    };
    let hash = r.u64()?;
    let checked = match r.take(1)? {
        [0] => false,
        [1] => true,
        _ => return None,
    };
    let state_len = usize::try_from(r.u64()?).ok()?;
    let history_len = usize::try_from(r.u64()?).ok()?;
    let payload_hash = r.u64()?;
    if r.0.len() != state_len.checked_add(history_len)? || xxh3_64(r.0) != payload_hash {
        return None;
    }
    let state = r.take(state_len)?;
    let history = r.take(history_len)?;
    let covers = Covers {
        generation,
        log,
        hash,
        checked,
    };
    Some((covers, state, history))
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

/// Reads a cache's header from the front.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OpKind, SessionMeta};
    use crate::sample::{Size, session};
    use crate::store::{Loaded, Store, builtin_template, decode_session};
    use std::fs::OpenOptions;
    use std::io::{Seek, SeekFrom};

    /// A generated session of `changes` changes, its file, and the file read once (so
    /// its cache is written).
    fn file(changes: usize) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let meta = SessionMeta {
            id: uuid::Uuid::from_u128(7),
            title: "Cached".into(),
            created_at: chrono::Utc::now(),
            created_by: "lead".into(),
        };
        let size = Size {
            changes,
            scripts: changes / 10,
            rounds: 2,
            seed: 3,
        };
        let s = session(&builtin_template().unwrap(), meta, size).unwrap();
        let path = Store::open(dir.path().to_path_buf()).create(&s).unwrap();
        Loaded::load(&path).unwrap();
        assert!(
            cache_path(&path).exists(),
            "reading the file whole caches it"
        );
        (dir, path)
    }

    fn hit(path: &Path) -> Option<Hit> {
        let mut f = File::open(path).unwrap();
        let len = f.metadata().unwrap().len();
        read_cached(path, &mut f, len)
    }

    /// The session as the file's text alone says it is.
    fn whole(path: &Path) -> Session {
        decode_session(&fs::read_to_string(path).unwrap(), path).unwrap()
    }

    fn note(text: &str) -> Op {
        Op::fresh(
            "bob",
            chrono::Utc::now(),
            OpKind::SetStepNotes {
                step: 1,
                notes: text.into(),
                was: None,
            },
        )
    }

    #[test]
    fn a_cached_session_is_the_one_the_file_says_with_the_ops_added_after_it() {
        let (_dir, path) = file(40);
        let cached = hit(&path).expect("the cache is used");
        assert_eq!(cached.session, whole(&path));
        assert!(cached.checked && cached.refresh.is_none());
        // Another writer adds ops: the cache still serves, and the lines are read.
        let mut doc = Loaded::load(&path).unwrap();
        doc.apply_and_commit(note("from bob")).unwrap();
        let cached = hit(&path).expect("still used");
        assert_eq!(cached.session, whole(&path));
        assert_eq!(cached.session.steps()[0].notes, "from bob");
        assert_eq!(
            cached.head.log.unwrap().end,
            fs::metadata(&path).unwrap().len()
        );
    }

    #[test]
    fn a_file_changed_in_place_is_read_from_its_text_not_its_cache() {
        let (_dir, path) = file(10);
        let text = fs::read_to_string(&path).unwrap();
        let at = text.find("title: \"Cached\"").unwrap() + "title: \"".len();
        let mut f = OpenOptions::new().write(true).open(&path).unwrap();
        f.seek(SeekFrom::Start(at as u64)).unwrap();
        f.write_all(b"K").unwrap();
        drop(f);
        assert!(hit(&path).is_none());
        assert_eq!(Loaded::load(&path).unwrap().session.title(), "Kached");
        // Which wrote a cache of what the file says now.
        assert_eq!(hit(&path).unwrap().session.title(), "Kached");
    }

    #[test]
    fn a_cache_cut_short_or_spoilt_is_not_used_and_is_replaced() {
        let (_dir, path) = file(10);
        let cache = cache_path(&path);
        let good = fs::read(&cache).unwrap();
        fs::write(&cache, &good[..good.len() - 1]).unwrap();
        assert!(hit(&path).is_none(), "cut short");
        let mut spoilt = good.clone();
        let last = spoilt.len() - 1;
        spoilt[last] ^= 0xff;
        fs::write(&cache, &spoilt).unwrap();
        assert!(hit(&path).is_none(), "a byte changed");
        fs::write(&cache, b"not a cache").unwrap();
        let loaded = Loaded::load(&path).unwrap();
        assert_eq!(loaded.session, whole(&path));
        assert!(hit(&path).is_some(), "a new cache was written");
    }

    #[test]
    fn a_line_cut_short_after_the_cache_is_left_out() {
        let (_dir, path) = file(10);
        let before = whole(&path);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"(id:\"0000").unwrap();
        drop(f);
        let cached = hit(&path).unwrap();
        assert_eq!(cached.session, before);
    }

    #[test]
    fn enough_ops_after_the_cache_make_reading_write_a_new_one() {
        let (_dir, path) = file(10);
        let mut doc = Loaded::load(&path).unwrap();
        let ops: Vec<Op> = (0..REFRESH_AFTER).map(|i| note(&format!("{i}"))).collect();
        for op in &ops {
            doc.session.apply(op.clone()).unwrap();
        }
        doc.commit(&ops).unwrap();
        let cached = hit(&path).unwrap();
        let refresh = cached.refresh.expect("due for a new cache");
        assert_eq!(refresh.log.end, fs::metadata(&path).unwrap().len());
        Loaded::load(&path).unwrap();
        let again = hit(&path).unwrap();
        assert!(again.refresh.is_none(), "the new cache covers those ops");
        assert_eq!(again.session, whole(&path));
    }

    #[cfg(unix)]
    #[test]
    fn the_cache_may_be_read_by_whoever_may_read_the_session() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, path) = file(10);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        fs::remove_file(cache_path(&path)).unwrap();
        Loaded::load(&path).unwrap();
        let mode = fs::metadata(cache_path(&path))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}
