//! A history as a session's cache keeps it: its sealed runs as they are in memory, so
//! that reading it back unpacks and packs nothing (about 60 ms of opening a
//! 10,000-change session), with the ids of all its ops, the ops on steps among the
//! sealed ones, and the ops after those. Written from the history without copying its
//! runs ([`Storing`]), read into runs of their own ([`Stored`]).

use super::{History, OpId, RUN, Run};
use crate::model::op::Op;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// A history to be written as a cache keeps it.
#[derive(Serialize)]
pub struct Storing<'a> {
    runs: Vec<BytesOf<'a>>,
    /// The ids one after the other, 16 bytes each.
    ids: BytesOf<'a>,
    on_steps: &'a [(usize, Op)],
    open: &'a [Op],
}

/// A history read as a cache keeps it (the same fields as [`Storing`]).
#[derive(Deserialize)]
pub struct Stored {
    pub(super) runs: Vec<SharedBytes>,
    pub(super) ids: SharedBytes,
    pub(super) on_steps: Vec<(usize, Op)>,
    pub(super) open: Vec<Op>,
}

impl History {
    /// Writes the history as a cache keeps it (with `write`, which is handed the view);
    /// `None` if a run is not packed (never seen).
    pub fn storing<T>(&self, write: impl FnOnce(&Storing) -> T) -> Option<T> {
        let sealed = self.sealed.len() * RUN;
        let ids: Vec<u8> = self.ids.iter().flat_map(|id| *id.0.as_bytes()).collect();
        let storing = Storing {
            runs: self
                .sealed
                .iter()
                .map(|run| match run {
                    Run::Packed(bytes) => Some(BytesOf(bytes)),
                    Run::Whole(_) => None,
                })
                .collect::<Option<_>>()?,
            ids: BytesOf(&ids),
            on_steps: &self.on_steps[..self.on_steps.partition_point(|(at, _)| *at < sealed)],
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
            || ids.0.len() % 16 != 0
            || on_steps.iter().any(|(at, _)| *at >= sealed)
            || !on_steps.is_sorted_by_key(|(at, _)| *at)
        {
            return None;
        }
        let mut history = History {
            sealed: runs.into_iter().map(|bytes| Run::Packed(bytes.0)).collect(),
            open: Vec::with_capacity(open.len()),
            on_steps,
            ids: Arc::new(
                ids.0
                    .chunks_exact(16)
                    .map(|id| OpId(uuid::Uuid::from_slice(id).unwrap_or_default()))
                    .collect(),
            ),
        };
        for op in open {
            history.push(op);
        }
        (history.sealed.len() * RUN == sealed).then_some(history)
    }
}

/// Bytes written as bytes (as a list of numbers they would take twice the room and be
/// slow to read).
struct BytesOf<'a>(&'a [u8]);

impl Serialize for BytesOf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
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
