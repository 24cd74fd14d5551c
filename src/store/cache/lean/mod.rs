//! The lean copy of a session on disk (`NAME.ron.lean`, see [`crate::model::Lean`]):
//! what a command that logs a change, records a result or applies a change reads
//! instead of the session, so that it costs the same at any size. Like the cache it is
//! disposable and made only by this build: it names the session file as it stood when
//! the copy was last written (size, modification time, inode, rewrite counter and how
//! far its history goes), and is used only while the file is still exactly that, which
//! is what a save already trusts to add its ops at the end without reading the file
//! again. A copy cut short or spoilt fails a hash and is not used; failing to write one
//! is not an error (an old one is removed then).
//!
//! It grows as the session file does: a first record holds the whole copy, and each
//! write through it adds a record with the new state and the rows and stripped changes
//! it changed, until a new whole record is due ([`MAX_RECORDS`]). A reader reads every
//! record's front (the rows, a few dozen bytes a change) but only the stripped changes
//! its op needs. The layout of a record is in [`record`].

mod record;

use crate::model::{Change, Changes, Lean, Op, Row, Session, Stripped};
use crate::store::codec::LogEnd;
use crate::store::commit::FileAt;
use crate::store::stamp::Stamp;
use record::{Blob, Front, HEADER, Heap, Kind, Place, encode, front, header};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// Records after which the next write through the copy writes it whole again.
pub(crate) const MAX_RECORDS: usize = 64;

/// Where the lean copy of the session file at `path` is kept.
pub fn lean_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lean");
    PathBuf::from(name)
}

/// The session file a lean copy fits, as it stood when the copy was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Made {
    pub stamp: Stamp,
    pub generation: u64,
    pub log: LogEnd,
    /// The hash of the file's last bytes ([`tail_hash`]).
    pub tail: u64,
}

impl Made {
    /// The file at `at` as it now is, if a lean copy can name it (known to pass
    /// `check`, of one op per line that all end in the file's last byte, with a
    /// modification time).
    fn of(at: &FileAt) -> Option<Made> {
        match at.log {
            Some(log) if at.checked && at.stamp.modified.is_some() && log.end == at.stamp.len => {
                Some(Made {
                    stamp: at.stamp,
                    generation: at.generation,
                    log,
                    tail: tail_hash(&File::open(&at.path).ok()?, log.end)?,
                })
            }
            _ => None,
        }
    }

    /// Whether the session file at `path` is still as this says: the same stamp and
    /// rewrite counter (what a save trusts to add its ops at the end), its history
    /// ending at its last byte, and the same last bytes (which an edit in place that
    /// kept the length and the time would change).
    /// The file is opened once for all of it (the stamp taken from the open file, as
    /// [`Stamp::of_path`] does, for network folders' sake).
    pub fn fits(&self, path: &Path) -> bool {
        let Ok(mut file) = File::open(path) else {
            return false;
        };
        file.metadata().map(|m| Stamp::of_metadata(&m)).ok() == Some(self.stamp)
            && self.log.end == self.stamp.len
            && crate::store::head::generation_of(&mut file) == Some(self.generation)
            && tail_hash(&file, self.log.end) == Some(self.tail)
    }
}

/// How many of the session file's last bytes a lean copy hashes.
const TAIL: u64 = 4096;

/// The xxh3 hash of the last [`TAIL`] bytes before byte `end` of the session file open
/// as `file`.
fn tail_hash(file: &File, end: u64) -> Option<u64> {
    let from = end.saturating_sub(TAIL);
    let bytes = read_at(file, from, usize::try_from(end - from).ok()?)?;
    Some(xxh3_64(&bytes))
}

/// A lean copy as read: the copy, what it fits, and where in its file each change's
/// stripped copy is (read when asked for).
#[derive(Debug)]
pub(crate) struct Stored {
    pub made: Made,
    pub lean: Lean,
    file: File,
    /// By the change's place among the rows.
    places: Vec<Place>,
    /// Where the file's last record ends.
    end: u64,
    records: usize,
}

impl Stored {
    /// The stripped copy of the change at `place` among the rows.
    pub fn change(&self, place: usize) -> Option<Change> {
        rmp_serde::from_slice(&self.blob(place)?).ok()
    }

    /// The bytes of the change at `place`, checked against their hash.
    fn blob(&self, place: usize) -> Option<Vec<u8>> {
        let p = self.places.get(place)?;
        if p.at + u64::from(p.len) > self.end {
            return None;
        }
        let bytes = read_at(&self.file, p.at, usize::try_from(p.len).ok()?)?;
        (xxh3_64(&bytes) == p.hash).then_some(bytes)
    }

    /// Takes in `session`, made of this copy and since changed by ops now written to
    /// the session file at `at`, and writes what changed at the end of the copy (or
    /// the copy whole, when due). Call it holding the session's lock.
    pub fn add(&mut self, session: &Session, at: &FileAt) {
        let target = lean_path(&at.path);
        let Some(made) = Made::of(at) else {
            let _ = fs::remove_file(&target);
            return;
        };
        let (kept, scripts_changed) = self.lean.take_in(session);
        // The scripts are only in a whole record (no op the copy takes changes them).
        let written = if self.records >= MAX_RECORDS || scripts_changed {
            self.rewrite(&at.path, &kept, made)
        } else {
            self.append(&target, &kept, made)
        };
        if written.is_none() {
            let _ = fs::remove_file(&target);
        }
    }

    fn append(&mut self, target: &Path, kept: &[(usize, Change)], made: Made) -> Option<()> {
        let mut heap = Heap::default();
        for (i, c) in kept {
            heap.push(*i, c)?;
        }
        let (front, places) = encode(&self.lean, made, Kind::Add, &heap.blobs()?)?;
        let mut file = OpenOptions::new().write(true).open(target).ok()?;
        file.set_len(self.end).ok()?;
        file.seek(SeekFrom::Start(self.end)).ok()?;
        file.write_all(&front).ok()?;
        file.write_all(&heap.bytes).ok()?;
        self.places.resize(self.lean.rows().len(), Place::default());
        for (i, p) in places {
            self.places[i] = Place {
                at: self.end + p.at,
                ..p
            };
        }
        self.end += (front.len() + heap.bytes.len()) as u64;
        self.made = made;
        self.records += 1;
        Some(())
    }

    fn rewrite(&mut self, path: &Path, kept: &[(usize, Change)], made: Made) -> Option<()> {
        // The file read once (not a read per change), its copies checked as they are
        // taken over.
        let all = read_at(&self.file, 0, usize::try_from(self.end).ok()?)?;
        let mut heap = Heap::default();
        heap.bytes.reserve(all.len());
        for i in 0..self.lean.rows().len() {
            match kept.iter().find(|(at, _)| *at == i) {
                Some((_, c)) => heap.push(i, c)?,
                None => {
                    let p = self.places.get(i)?;
                    let start = usize::try_from(p.at).ok()?;
                    let bytes = all.get(start..start + usize::try_from(p.len).ok()?)?;
                    if xxh3_64(bytes) != p.hash {
                        return None;
                    }
                    heap.push_bytes(i, bytes);
                }
            }
        }
        let blobs = heap.blobs()?;
        write_whole(path, &self.lean, made, &blobs, |out| {
            out.write_all(&heap.bytes)
        })
        .ok()?;
        *self = read_lean(path)?;
        Some(())
    }
}

/// Carries the lean copy `stored` (which fitted the session file just before `ops`
/// were added at its end, now standing at `at`) over those ops, as a write through it
/// would; an op it does not carry ([`Lean::carries`]) or that does not apply removes the copy
/// instead, and the next write from a shell reads the session whole. Call it holding
/// the session's lock.
pub(crate) fn carry_lean(stored: Option<Stored>, ops: &[Op], at: &FileAt) {
    let Some(mut stored) = stored else {
        return;
    };
    if carried(&mut stored, ops, at).is_none() {
        let _ = fs::remove_file(lean_path(&at.path));
    }
}

fn carried(stored: &mut Stored, ops: &[Op], at: &FileAt) -> Option<()> {
    if !ops.iter().all(|op| Lean::carries(&op.kind)) {
        return None;
    }
    let numbers = stored.lean.numbers_in(ops);
    let mut session = stored
        .lean
        .session_for(&numbers, &mut |i| stored.change(i))?;
    for op in ops {
        // Ops another writer made: the policy rules were asked there.
        session.apply_logged(op.clone()).ok()?;
    }
    stored.add(&session, at);
    Some(())
}

/// Whether the lean copy of the file `loaded` was read from agrees with its session
/// (rows, state and every stripped change), for `check`; `None` when there is none
/// that stands for the file as it was read. A copy that does not agree is removed: the
/// next write from a shell reads the session whole and writes a new one.
pub fn lean_agrees(loaded: &crate::store::Loaded) -> Option<bool> {
    let stored = read_lean(&loaded.path)?;
    if loaded.log.map(|l| l.end) != Some(stored.made.log.end) || !stored.made.fits(&loaded.path) {
        return None;
    }
    let (lean, changes) = loaded.session.lean();
    let agrees = stored.lean == lean
        && changes
            .iter()
            .enumerate()
            .all(|(i, c)| stored.change(i) == Some(crate::model::stripped(c)));
    if !agrees {
        let _ = fs::remove_file(lean_path(&loaded.path));
    }
    Some(agrees)
}

/// Writes the lean copy of `session`, which the session file stands for at `at` (known
/// to pass `check`), whole. Call it holding the session's lock, straight after writing
/// the file. Best effort: on failure any old copy is removed.
pub(crate) fn write_lean_of(session: &Session, at: &FileAt) {
    let made = match Made::of(at) {
        Some(made) if crate::store::access::write_refusal(&at.path).is_none() => made,
        _ => {
            let _ = fs::remove_file(lean_path(&at.path));
            return;
        }
    };
    let (lean, changes) = session.lean();
    if write_streamed(&at.path, &lean, changes, made).is_err() {
        let _ = fs::remove_file(lean_path(&at.path));
    }
}

/// Writes the lean copy of `changes` whole. Each stripped copy is encoded twice (about
/// 25 ms each time at 10,000 changes): once for the front, which lists its length and
/// hash, then into the file, so that the 10 MB of them are never in memory at once.
fn write_streamed(path: &Path, lean: &Lean, changes: &Changes, made: Made) -> io::Result<()> {
    let mut buf = Vec::new();
    let encode_into = |buf: &mut Vec<u8>, c: &Change| {
        buf.clear();
        rmp_serde::encode::write_named(buf, &Stripped::of(c)).map_err(io::Error::other)
    };
    let mut blobs = Vec::with_capacity(changes.len());
    for (i, c) in changes.iter().enumerate() {
        encode_into(&mut buf, c)?;
        blobs.push(Blob::of(i, &buf).ok_or_else(|| io::Error::other("a change too long"))?);
    }
    write_whole(path, lean, made, &blobs, |out| {
        for (c, blob) in changes.iter().zip(&blobs) {
            encode_into(&mut buf, c)?;
            if Blob::of(blob.place, &buf) != Some(*blob) {
                return Err(io::Error::other(
                    "a change encoded differently the second time",
                ));
            }
            out.write_all(&buf)?;
        }
        Ok(())
    })
}

/// Writes the copy whole, as one record listing `blobs`, to a temp file renamed into
/// place; `blob_bytes` writes the copies' bytes after the front.
fn write_whole(
    path: &Path,
    lean: &Lean,
    made: Made,
    blobs: &[Blob],
    blob_bytes: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let (front, _) = encode(lean, made, Kind::Whole, blobs)
        .ok_or_else(|| io::Error::other("the lean copy does not encode"))?;
    super::write_beside(path, &lean_path(path), "lean", |file| {
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        out.write_all(&front)?;
        blob_bytes(&mut out)?;
        out.flush()
    })
}

/// The lean copy of the session file at `path`, if there is one of this build, whole.
/// Like the cache, it is believed only if written by the session file's owner or by
/// this user.
pub(crate) fn read_lean(path: &Path) -> Option<Stored> {
    let file = File::open(lean_path(path)).ok()?;
    if !super::trusted(&file, &File::open(path).ok()?) {
        return None;
    }
    let len = file.metadata().ok()?.len();
    let mut rows: Vec<Row> = Vec::new();
    let mut places: Vec<Place> = Vec::new();
    let mut scripts = None;
    let mut last = None;
    let (mut at, mut records) = (0u64, 0usize);
    while at < len {
        let (kind, front_len, hash) = header(&read_at(&file, at, HEADER)?)?;
        // A whole record first, then only records added to it.
        if (records == 0) != (kind == Kind::Whole) {
            return None;
        }
        // Never more than the file holds (a spoilt length is not allocated).
        if front_len as u64 > (len - at).saturating_sub(HEADER as u64) {
            return None;
        }
        let bytes = read_at(&file, at + HEADER as u64, front_len)?;
        if xxh3_64(&bytes) != hash {
            return None;
        }
        let blobs_at = at + (HEADER + front_len) as u64;
        let f: Front<'_> = front(&bytes, kind, &mut rows, &mut places, blobs_at)?;
        scripts = f.scripts.or(scripts);
        at = blobs_at + f.blob_bytes;
        last = Some((f.made, f.state.to_vec()));
        records += 1;
    }
    // Cut short, or a change that no record lists.
    if at != len || places.iter().any(|p| p.len == 0) {
        return None;
    }
    let (made, state) = last?;
    let state: Session = rmp_serde::from_slice(&state).ok()?;
    Some(Stored {
        made,
        lean: Lean::from_parts(state, rows, scripts?),
        file,
        places,
        end: at,
        records,
    })
}

/// `len` bytes of `file` from byte `at`.
fn read_at(mut file: &File, at: u64, len: usize) -> Option<Vec<u8>> {
    file.seek(SeekFrom::Start(at)).ok()?;
    let mut bytes = Vec::with_capacity(len);
    file.take(len as u64).read_to_end(&mut bytes).ok()?;
    (bytes.len() == len).then_some(bytes)
}
