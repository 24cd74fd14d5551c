//! The bytes of a session's cache: a fixed header (magic, layout version, the build
//! that wrote it, what the cache covers, whether that session passed `check`), the
//! session at a glance (what a list of sessions shows, read on its own), then the
//! session's state and its history, each as MessagePack with named fields (which reads
//! the same optional fields and defaults as the RON file does; the history as it is
//! kept in memory, its sealed runs as they are, so reading it back packs and unpacks
//! nothing). The glance and each part carry the xxh3 hash of their bytes, so a cache
//! cut short or spoilt is not used; the parts are written and read straight from the
//! file, never whole in memory.

use super::super::codec::LogEnd;
use crate::hashing::Hashing;
use crate::model::Session;
use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom, Write};
use xxhash_rust::xxh3::xxh3_64;

const MAGIC: &[u8; 8] = b"cmoCache";
/// Bumped when the header or the encoding changes.
const LAYOUT: u32 = 4;
/// Which build is running: its version and its executable's size and time. A cache is
/// used only by the build that wrote it, since another build may read the session's
/// types differently (a new build reads the file once and writes its own).
pub(in crate::store) fn build() -> &'static [u8] {
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

/// Where a part of the cache is, and the hash of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Part {
    pub at: u64,
    pub len: u64,
    pub hash: u64,
}

/// Writes the cache of `session`, made from the file's bytes `covers` names, to `file`
/// (new and empty). Its parts are encoded straight into the file, never whole in
/// memory: the front is written with room for their lengths and hashes, filled in
/// once they are written.
pub(super) fn write_to(file: &mut File, session: &Session, covers: Covers) -> io::Result<()> {
    let glance = rmp_serde::to_vec_named(&session.glance()).map_err(io::Error::other)?;
    let mut front = Vec::with_capacity(glance.len() + 256);
    front.extend_from_slice(MAGIC);
    put_u32(&mut front, LAYOUT);
    put_u32(&mut front, build().len() as u32);
    front.extend_from_slice(build());
    put_u64(&mut front, covers.generation);
    put_u64(&mut front, covers.log.end);
    put_u64(&mut front, covers.log.ops as u64);
    put_u64(&mut front, covers.log.after_snapshot as u64);
    put_u64(&mut front, covers.hash);
    front.push(u8::from(covers.checked));
    put_u64(&mut front, glance.len() as u64);
    put_u64(&mut front, xxh3_64(&glance));
    front.extend_from_slice(&glance);
    let table_at = front.len() as u64;
    front.extend_from_slice(&[0; 32]);
    file.write_all(&front)?;
    let mut table = Vec::with_capacity(32);
    let state = write_part(file, &session.snapshot())?;
    let history = session
        .history()
        .storing(|history| write_part(file, history))
        .ok_or_else(|| io::Error::other("a run of the history is not packed"))??;
    for (len, hash) in [state, history] {
        put_u64(&mut table, len);
        put_u64(&mut table, hash);
    }
    file.seek(SeekFrom::Start(table_at))?;
    file.write_all(&table)
}

/// Encodes `value` at the end of `file`: the length and hash of its bytes.
fn write_part(file: &mut File, value: &impl serde::Serialize) -> io::Result<(u64, u64)> {
    let mut out = Hashing::of(io::BufWriter::with_capacity(1 << 16, &mut *file));
    rmp_serde::encode::write_named(&mut out, value).map_err(io::Error::other)?;
    out.flush()?;
    Ok((out.count, out.hasher.digest()))
}

/// What the front of a cache says: what it covers and where its state and history
/// are, if it is of this build.
pub(super) fn parts(front: &[u8]) -> Option<(Covers, Part, Part)> {
    let mut r = Reader(front);
    let (covers, _) = head(&mut r)?;
    let mut at = (front.len() - r.0.len()) as u64 + 32;
    let mut part = || {
        let len = r.u64()?;
        let hash = r.u64()?;
        let part = Part { at, len, hash };
        at = at.checked_add(len)?;
        Some(part)
    };
    let state = part()?;
    let history = part()?;
    Some((covers, state, history))
}

/// Reads a cache's header and its glance of the session, if they are of this build.
pub(super) fn head<'a>(r: &mut Reader<'a>) -> Option<(Covers, &'a [u8])> {
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
    let glance_len = usize::try_from(r.u64()?).ok()?;
    let glance_hash = r.u64()?;
    let glance = r.take(glance_len)?;
    if xxh3_64(glance) != glance_hash {
        return None;
    }
    let covers = Covers {
        generation,
        log,
        hash,
        checked,
    };
    Some((covers, glance))
}

pub(in crate::store) fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

pub(in crate::store) fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

/// Reads a cache's header from the front.
pub(in crate::store) struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub(in crate::store) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    pub(in crate::store) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(in crate::store) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}
