//! The lean copy of a session on disk (`NAME.ron.lean`, see [`crate::model::Lean`]):
//! what a command that logs a change or records a result reads instead of the
//! session, so that it costs the same at any size. Like the cache it is disposable and
//! made only by this build: it names the session file as it stood when the copy was
//! written (size, modification time, inode and rewrite counter), and is used only while
//! the file is still exactly that, which is what a save already trusts to add its ops
//! at the end without reading the file again. A copy cut short or spoilt fails its hash
//! and is not used; failing to write one is not an error.
//!
//! Layout: magic, layout version, the build, the file's stamp, its rewrite counter and
//! how far its history goes, then the hash and length of the body: the lean state as
//! MessagePack with named fields, then the changes and the scripts as rows of 21 bytes
//! (number, id, removed).

use super::layout::{Reader, build, put_u32, put_u64};
use crate::model::{Lean, Row, Session};
use crate::store::codec::LogEnd;
use crate::store::commit::FileAt;
use crate::store::stamp::Stamp;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use xxhash_rust::xxh3::xxh3_64;

const MAGIC: &[u8; 8] = b"cmoLean\0";
/// Bumped when the layout changes.
const LAYOUT: u32 = 1;
const ROW: usize = 4 + 16 + 1;

/// Where the lean copy of the session file at `path` is kept.
pub fn lean_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lean");
    PathBuf::from(name)
}

/// The session file a lean copy was made from, as it stood then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Made {
    pub stamp: Stamp,
    pub generation: u64,
    pub log: LogEnd,
}

/// Writes the lean copy of `session`, which the session file stands for at `at` (known
/// to pass `check`). Call it holding the session's lock, straight after writing the
/// file: the copy names the file as it then is. Best effort: on failure any old copy
/// is removed, and one that no longer fits the file is never used anyway.
pub(crate) fn write_lean_of(session: &Session, at: &FileAt) {
    write_lean(&session.lean(), at);
}

/// Writes `lean` as the lean copy of the file at `at` (see [`write_lean_of`]).
pub(crate) fn write_lean(lean: &Lean, at: &FileAt) {
    let target = lean_path(&at.path);
    let made = match at.log {
        Some(log) if at.checked && at.stamp.modified.is_some() => Made {
            stamp: at.stamp,
            generation: at.generation,
            log,
        },
        _ => {
            let _ = fs::remove_file(&target);
            return;
        }
    };
    if crate::store::access::write_refusal(&at.path).is_some()
        || write(&at.path, &target, lean, made).is_err()
    {
        let _ = fs::remove_file(&target);
    }
}

fn write(path: &Path, target: &Path, lean: &Lean, made: Made) -> std::io::Result<()> {
    let bytes = encode(lean, made)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Not synced: a copy cut short by a crash fails its hash. Named as the session's
    // temp files are, so that a save clears one a killed process left behind.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(
            "{}lean-",
            crate::store::atomic::session_temp_prefix(path)
        ))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    if let Ok(meta) = fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.write_all(&bytes)?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

fn encode(lean: &Lean, made: Made) -> std::io::Result<Vec<u8>> {
    let (state, changes, scripts) = lean.parts();
    let state = rmp_serde::to_vec_named(&state).map_err(std::io::Error::other)?;
    let mut body = Vec::with_capacity(state.len() + (changes.len() + scripts.len()) * ROW + 24);
    put_u64(&mut body, state.len() as u64);
    body.extend_from_slice(&state);
    for rows in [changes, scripts] {
        put_u64(&mut body, rows.len() as u64);
        for row in rows {
            put_u32(&mut body, row.number);
            body.extend_from_slice(row.id.as_bytes());
            body.push(u8::from(row.removed));
        }
    }
    let mut out = Vec::with_capacity(body.len() + 128);
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, LAYOUT);
    put_u32(&mut out, build().len() as u32);
    out.extend_from_slice(build());
    let since = made
        .stamp
        .modified
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .unwrap_or_default();
    put_u64(&mut out, made.stamp.len);
    put_u64(&mut out, since.as_secs());
    put_u32(&mut out, since.subsec_nanos());
    put_u64(&mut out, made.stamp.inode);
    put_u64(&mut out, made.generation);
    put_u64(&mut out, made.log.end);
    put_u64(&mut out, made.log.ops as u64);
    put_u64(&mut out, made.log.after_snapshot as u64);
    put_u64(&mut out, body.len() as u64);
    put_u64(&mut out, xxh3_64(&body));
    out.extend_from_slice(&body);
    Ok(out)
}

/// The lean copy of the session file at `path` and what it was made from, if there is
/// one of this build, whole.
/// Like the cache, it is believed only if written by the session file's owner or by
/// this user.
pub(crate) fn read_lean(path: &Path) -> Option<(Made, Lean)> {
    let mut file = fs::File::open(lean_path(path)).ok()?;
    if !super::trusted(&file, &fs::File::open(path).ok()?) {
        return None;
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    let mut r = Reader(&bytes);
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != LAYOUT {
        return None;
    }
    let build_len = r.u32()? as usize;
    if r.take(build_len)? != build() {
        return None;
    }
    let len = r.u64()?;
    let modified = SystemTime::UNIX_EPOCH
        .checked_add(Duration::new(r.u64()?, r.u32()?))
        .filter(|t| *t != SystemTime::UNIX_EPOCH);
    let stamp = Stamp {
        len,
        modified,
        inode: r.u64()?,
    };
    let generation = r.u64()?;
    let log = LogEnd {
        end: r.u64()?,
        ops: usize::try_from(r.u64()?).ok()?,
        after_snapshot: usize::try_from(r.u64()?).ok()?,
    };
    let body_len = usize::try_from(r.u64()?).ok()?;
    let hash = r.u64()?;
    let body = r.take(body_len)?;
    if !r.0.is_empty() || xxh3_64(body) != hash {
        return None;
    }
    let mut b = Reader(body);
    let state_len = usize::try_from(b.u64()?).ok()?;
    let state: Session = rmp_serde::from_slice(b.take(state_len)?).ok()?;
    let changes = rows(&mut b)?;
    let scripts = rows(&mut b)?;
    if !b.0.is_empty() {
        return None;
    }
    let made = Made {
        stamp,
        generation,
        log,
    };
    Some((made, Lean::from_parts(state, changes, scripts)))
}

fn rows(r: &mut Reader<'_>) -> Option<Vec<Row>> {
    let n = usize::try_from(r.u64()?).ok()?;
    let bytes = r.take(n.checked_mul(ROW)?)?;
    bytes
        .chunks_exact(ROW)
        .map(|c| {
            Some(Row {
                number: u32::from_le_bytes(c[..4].try_into().ok()?),
                id: uuid::Uuid::from_bytes(c[4..20].try_into().ok()?),
                removed: match c[20] {
                    0 => false,
                    1 => true,
                    _ => return None,
                },
            })
        })
        .collect()
}
