//! One record of a lean copy's file: a fixed header (magic, layout version, kind, the
//! length and hash of its front), its front (the build, the session file it fits (its
//! stamp, rewrite counter, history's end and the hash of its last bytes), the
//! lean state as MessagePack with named fields, the rows of changes it lists with the
//! length and hash of each one's stripped copy, and, in a whole record, the rows of
//! scripts), then the stripped copies it lists, MessagePack each. The front is read
//! and checked whole; a stripped copy is read and checked when it is asked for.

use super::super::layout::{Reader, build, put_u32, put_u64};
use super::Made;
use crate::model::{Lean, Outcome, Row};
use crate::store::codec::LogEnd;
use crate::store::stamp::Stamp;
use std::time::{Duration, SystemTime};
use xxhash_rust::xxh3::xxh3_64;

const MAGIC: &[u8; 8] = b"cmoLean\0";
/// Bumped when the layout changes.
const LAYOUT: u32 = 4;
/// The header's length: magic, layout, kind, the front's length and hash.
pub(super) const HEADER: usize = 8 + 4 + 1 + 8 + 8;
const CHANGE_ROW: usize = 4 + 4 + 16 + 1 + 1 + 4 + 8;
const SCRIPT_ROW: usize = 4 + 16 + 1;

/// A whole copy, or what one write through it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Whole = 0,
    Add = 1,
}

/// Where a stripped copy of a change is in the file, and its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Place {
    pub at: u64,
    pub len: u32,
    pub hash: u64,
}

/// Each stripped copy a record lists, by its place among the rows, and where it lies.
pub(super) type Placed = Vec<(usize, Place)>;

/// The stripped copies a record lists, encoded one after the other in `bytes`: each
/// with its place among the rows and where it lies in `bytes`.
#[derive(Debug, Default)]
pub(super) struct Heap {
    pub bytes: Vec<u8>,
    pub listed: Vec<(usize, std::ops::Range<usize>)>,
}

impl Heap {
    /// Adds the copy of the change at `place` among the rows, as `copy` writes it.
    pub fn push(&mut self, place: usize, copy: &impl serde::Serialize) -> Option<()> {
        let start = self.bytes.len();
        rmp_serde::encode::write_named(&mut self.bytes, copy).ok()?;
        self.listed.push((place, start..self.bytes.len()));
        Some(())
    }

    /// Adds the bytes of a copy already encoded.
    pub fn push_bytes(&mut self, place: usize, bytes: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(bytes);
        self.listed.push((place, start..self.bytes.len()));
    }

    /// The copies as a record lists them.
    pub fn blobs(&self) -> Option<Vec<Blob>> {
        self.listed
            .iter()
            .map(|(place, range)| Blob::of(*place, self.bytes.get(range.clone())?))
            .collect()
    }
}

/// A stripped copy as a record lists it: its place among the rows, the length and
/// hash of its bytes (which follow the front in the order listed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Blob {
    pub place: usize,
    pub len: u32,
    pub hash: u64,
}

impl Blob {
    pub fn of(place: usize, bytes: &[u8]) -> Option<Blob> {
        Some(Blob {
            place,
            len: u32::try_from(bytes.len()).ok()?,
            hash: xxh3_64(bytes),
        })
    }
}

/// A record's header and front: the copy `lean` fitting `made`, listing the stripped
/// copies `blobs` (every change, for a whole record, whose rows of scripts are written
/// too), which follow the front in the file. Returns the bytes and, for each copy,
/// where it lies from the record's start.
pub(super) fn encode(
    lean: &Lean,
    made: Made,
    kind: Kind,
    blobs: &[Blob],
) -> Option<(Vec<u8>, Placed)> {
    let (state, changes, scripts) = lean.parts();
    let state = rmp_serde::to_vec_named(&state).ok()?;
    let mut f = Vec::with_capacity(state.len() + blobs.len() * CHANGE_ROW + 256);
    put_u32(&mut f, build().len() as u32);
    f.extend_from_slice(build());
    let since = made
        .stamp
        .modified
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .unwrap_or_default();
    put_u64(&mut f, made.stamp.len);
    put_u64(&mut f, since.as_secs());
    put_u32(&mut f, since.subsec_nanos());
    for n in [
        made.stamp.inode,
        made.generation,
        made.log.end,
        made.log.ops as u64,
        made.log.after_snapshot as u64,
        made.tail,
        state.len() as u64,
    ] {
        put_u64(&mut f, n);
    }
    f.extend_from_slice(&state);
    put_u64(&mut f, changes.len() as u64);
    put_u64(&mut f, blobs.len() as u64);
    for blob in blobs {
        let row = changes.get(blob.place)?;
        put_u32(&mut f, u32::try_from(blob.place).ok()?);
        put_u32(&mut f, row.number);
        f.extend_from_slice(row.id.as_bytes());
        f.push(u8::from(row.removed));
        f.push(outcome_code(row.production));
        put_u32(&mut f, blob.len);
        put_u64(&mut f, blob.hash);
    }
    if kind == Kind::Whole {
        put_u64(&mut f, scripts.len() as u64);
        for row in scripts {
            put_u32(&mut f, row.number);
            f.extend_from_slice(row.id.as_bytes());
            f.push(u8::from(row.removed));
        }
    }
    let mut out = Vec::with_capacity(HEADER + f.len());
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, LAYOUT);
    out.push(kind as u8);
    put_u64(&mut out, f.len() as u64);
    put_u64(&mut out, xxh3_64(&f));
    out.extend_from_slice(&f);
    let mut at = out.len() as u64;
    let places = blobs
        .iter()
        .map(|blob| {
            let place = Place {
                at,
                len: blob.len,
                hash: blob.hash,
            };
            at += u64::from(blob.len);
            (blob.place, place)
        })
        .collect();
    Some((out, places))
}

/// What a record's header says: its kind and the length and hash of its front.
pub(super) fn header(bytes: &[u8]) -> Option<(Kind, usize, u64)> {
    let mut r = Reader(bytes);
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != LAYOUT {
        return None;
    }
    let kind = match r.take(1)? {
        [0] => Kind::Whole,
        [1] => Kind::Add,
        _ => return None,
    };
    let len = usize::try_from(r.u64()?).ok()?;
    Some((kind, len, r.u64()?))
}

/// A record's front, read: what it fits, its state (not yet decoded), the rows of
/// scripts of a whole record, and how many bytes of stripped copies follow it.
pub(super) struct Front<'a> {
    pub made: Made,
    pub state: &'a [u8],
    pub scripts: Option<Vec<Row>>,
    pub blob_bytes: u64,
}

/// Reads a record's front (already checked against its hash), laying the rows it
/// lists over `rows` and where their stripped copies are over `places` (the copies
/// begin at byte `blobs_at` of the file).
pub(super) fn front<'a>(
    bytes: &'a [u8],
    kind: Kind,
    rows: &mut Vec<Row>,
    places: &mut Vec<Place>,
    blobs_at: u64,
) -> Option<Front<'a>> {
    let mut r = Reader(bytes);
    let build_len = r.u32()? as usize;
    if r.take(build_len)? != build() {
        return None;
    }
    let len = r.u64()?;
    let (secs, nanos) = (r.u64()?, r.u32()?);
    let modified = SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_secs(secs))?
        .checked_add(Duration::from_nanos(u64::from(nanos)))
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
    let tail = r.u64()?;
    let state_len = usize::try_from(r.u64()?).ok()?;
    let state = r.take(state_len)?;
    let total = usize::try_from(r.u64()?).ok()?;
    let n = usize::try_from(r.u64()?).ok()?;
    let listed = r.take(n.checked_mul(CHANGE_ROW)?)?;
    // A record keeps every row there was and adds only rows it lists.
    if total < rows.len() || total > rows.len().saturating_add(n) {
        return None;
    }
    rows.resize(total, BLANK);
    places.resize(total, Place::default());
    let mut at = blobs_at;
    for c in listed.chunks_exact(CHANGE_ROW) {
        let place = usize::try_from(u32_at(c, 0)?).ok()?;
        *rows.get_mut(place)? = Row {
            number: u32_at(c, 4)?,
            id: uuid::Uuid::from_bytes(c.get(8..24)?.try_into().ok()?),
            removed: flag(*c.get(24)?)?,
            production: outcome_of(*c.get(25)?)?,
        };
        let len = u32_at(c, 26)?;
        let hash = u64::from_le_bytes(c.get(30..38)?.try_into().ok()?);
        places[place] = Place { at, len, hash };
        at += u64::from(len);
    }
    let scripts = match kind {
        Kind::Add => None,
        Kind::Whole => {
            let n = usize::try_from(r.u64()?).ok()?;
            let rows = r.take(n.checked_mul(SCRIPT_ROW)?)?;
            let rows = rows
                .chunks_exact(SCRIPT_ROW)
                .map(|c| {
                    Some(Row {
                        number: u32_at(c, 0)?,
                        id: uuid::Uuid::from_bytes(c.get(4..20)?.try_into().ok()?),
                        removed: flag(*c.get(20)?)?,
                        production: None,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(rows)
        }
    };
    if !r.0.is_empty() {
        return None;
    }
    let made = Made {
        stamp,
        generation,
        log,
        tail,
    };
    Some(Front {
        made,
        state,
        scripts,
        blob_bytes: at - blobs_at,
    })
}

/// What a row not yet read holds (never left so: every change is listed).
const BLANK: Row = Row {
    number: 0,
    id: uuid::Uuid::nil(),
    removed: false,
    production: None,
};

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn outcome_code(outcome: Option<Outcome>) -> u8 {
    match outcome {
        None => 0,
        Some(Outcome::Applied) => 1,
        Some(Outcome::Failed) => 2,
        Some(Outcome::Skipped) => 3,
    }
}

fn outcome_of(code: u8) -> Option<Option<Outcome>> {
    Some(match code {
        0 => None,
        1 => Some(Outcome::Applied),
        2 => Some(Outcome::Failed),
        3 => Some(Outcome::Skipped),
        _ => return None,
    })
}

fn flag(b: u8) -> Option<bool> {
    match b {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    }
}
