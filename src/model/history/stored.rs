//! A history as a session's cache keeps it: its sealed runs as they are in memory, so
//! that reading it back unpacks and packs nothing (about 60 ms of opening a
//! 10,000-change session), with the ids of all its ops, the ops on steps among the
//! sealed ones, and the ops after those. Written from the history without copying its
//! runs ([`Storing`]), read into runs of their own ([`Stored`]).

use super::{History, OpId, RUN, Run};
use crate::model::op::Op;
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashSet;
use std::sync::Arc;

/// How many ids each piece of the stored ids holds (a piece is 16 bytes an id), so
/// that neither writing nor reading them gathers all 70,000 in one buffer.
const IDS_A_PIECE: usize = 256;

/// A history to be written as a cache keeps it.
#[derive(Serialize)]
pub struct Storing<'a> {
    runs: Vec<BytesOf<'a>>,
    /// The ids of the sealed ops one after the other, 16 bytes each, in pieces.
    ids: IdPieces<'a>,
    /// The ops on steps among the sealed ones.
    on_steps: SealedStepOps<'a>,
    open: &'a [Arc<Op>],
}

/// A history read as a cache keeps it (the same fields as [`Storing`]).
#[derive(Deserialize)]
pub struct Stored {
    pub(super) runs: Vec<SharedBytes>,
    pub(super) ids: StoredIds,
    pub(super) on_steps: Vec<(usize, Op)>,
    pub(super) open: Vec<Op>,
}

impl History {
    /// Writes the history as a cache keeps it (with `write`, which is handed the view);
    /// `None` if a run is not packed (never seen).
    pub fn storing<T>(&self, write: impl FnOnce(&Storing) -> T) -> Option<T> {
        let sealed = self.sealed.len() * RUN;
        let storing = Storing {
            runs: self
                .sealed
                .iter()
                .map(|run| match run {
                    Run::Packed(bytes) => Some(BytesOf(bytes)),
                    Run::Whole(_) => None,
                })
                .collect::<Option<_>>()?,
            ids: IdPieces(&self.sealed_ids),
            on_steps: SealedStepOps(self, sealed),
            open: &self.open,
        };
        Some(write(&storing))
    }

    /// The history a cache kept; `None` if its parts do not fit together.
    pub fn from_stored(stored: Stored) -> Option<History> {
        let Stored {
            runs,
            ids,
            on_steps,
            open,
        } = stored;
        let sealed = runs.len().checked_mul(RUN)?;
        if open.len() >= 2 * RUN
            || on_steps.iter().any(|(at, _)| *at >= sealed)
            || !on_steps.is_sorted_by_key(|(at, _)| *at)
        {
            return None;
        }
        let mut history = History {
            sealed: runs.into_iter().map(|bytes| Run::Packed(bytes.0)).collect(),
            open: Arc::new(Vec::with_capacity(open.len())),
            on_steps: on_steps.into_iter().collect(),
            sealed_ids: Arc::new(ids.0),
            open_ids: HashSet::new(),
        };
        // Fewer than two runs' worth: they stay open.
        history.extend(open);
        Some(history)
    }
}

/// Bytes written as bytes (as a list of numbers they would take twice the room and be
/// slow to read).
pub(super) struct BytesOf<'a>(pub &'a [u8]);

impl Serialize for BytesOf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

/// The ops on steps among the first `.1` ops of a history, written as their list.
struct SealedStepOps<'a>(&'a History, usize);

impl Serialize for SealedStepOps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sealed = self.0.on_steps().take_while(|(at, _)| *at < self.1);
        let mut seq = s.serialize_seq(Some(sealed.clone().count()))?;
        for item in sealed {
            seq.serialize_element(item)?;
        }
        seq.end()
    }
}

/// The ids written as pieces of bytes, each made as it is written.
struct IdPieces<'a>(&'a HashSet<OpId>);

impl Serialize for IdPieces<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len().div_ceil(IDS_A_PIECE)))?;
        let mut piece = Vec::with_capacity(16 * IDS_A_PIECE);
        for id in self.0 {
            piece.extend_from_slice(id.0.as_bytes());
            if piece.len() == 16 * IDS_A_PIECE {
                seq.serialize_element(&BytesOf(&piece))?;
                piece.clear();
            }
        }
        if !piece.is_empty() {
            seq.serialize_element(&BytesOf(&piece))?;
        }
        seq.end()
    }
}

/// The ids read back from their pieces, each piece let go once its ids are in.
pub(super) struct StoredIds(pub HashSet<OpId>);

impl<'de> Deserialize<'de> for StoredIds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StoredIds, D::Error> {
        d.deserialize_seq(StoredIdsVisitor)
    }
}

struct StoredIdsVisitor;

impl<'de> serde::de::Visitor<'de> for StoredIdsVisitor {
    type Value = StoredIds;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("pieces of op ids, 16 bytes each")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<StoredIds, A::Error> {
        let pieces = seq.size_hint().unwrap_or(0).min(4096);
        let mut ids = HashSet::with_capacity(pieces * IDS_A_PIECE);
        while let Some(SharedBytes(piece)) = seq.next_element()? {
            if piece.len() % 16 != 0 {
                return Err(serde::de::Error::invalid_length(piece.len(), &self));
            }
            for id in piece.chunks_exact(16) {
                let id = uuid::Uuid::from_slice(id).map_err(serde::de::Error::custom)?;
                ids.insert(OpId(id));
            }
        }
        Ok(StoredIds(ids))
    }
}

/// Bytes read straight into a shared run (one allocation of their own size).
pub(super) struct SharedBytes(pub Arc<[u8]>);

impl<'de> Deserialize<'de> for SharedBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SharedBytes, D::Error> {
        d.deserialize_bytes(SharedBytesVisitor)
    }
}

struct SharedBytesVisitor;

impl serde::de::Visitor<'_> for SharedBytesVisitor {
    type Value = SharedBytes;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("bytes")
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<SharedBytes, E> {
        Ok(SharedBytes(v.into()))
    }
    fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<SharedBytes, E> {
        Ok(SharedBytes(v.into()))
    }
}
