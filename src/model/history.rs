//! A session's history: every op applied, in order, with the set of their ids.
//!
//! A large session has tens of thousands of ops, and all but the latest are read only
//! when asked (the History screen, a replay, an export, an undo of an old edit). So
//! they are kept sealed: in runs of [`RUN`] ops, each encoded as the cache encodes a
//! history (MessagePack with named fields) and compressed (LZ4), which takes about a
//! quarter of the room of the ops themselves. The latest ops stay whole, and so does a
//! copy of every op on a step: the checklist and the outage board read those for each
//! frame.

use super::ids::OpId;
use super::inverse::step_of;
use super::op::Op;
use growing::Growing;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

/// How many ops a sealed run holds. Reading one op of a run unpacks the run (about
/// 0.15 ms); whole runs keep a long history at a quarter of its size.
const RUN: usize = 256;

/// Every applied op, in the order applied (see the module doc).
#[derive(Clone, Default)]
pub struct History {
    sealed: Vec<Run>,
    /// The ops after the sealed runs: at least [`RUN`] once there are that many (so
    /// the latest are at hand), fewer than twice as many. (Shared, like the ids, with
    /// copies of the history until one adds an op; then each op still is.)
    open: Arc<Vec<Arc<Op>>>,
    /// A copy of every op on a step, with its place in the history.
    on_steps: Growing<(usize, Op)>,
    /// The id of every op in the sealed runs (shared with copies of the history until
    /// one seals another run).
    sealed_ids: Arc<HashSet<OpId>>,
    /// The id of every open op.
    open_ids: HashSet<OpId>,
}

/// [`RUN`] ops, sealed.
#[derive(Clone)]
enum Run {
    Packed(Arc<[u8]>),
    /// Ops whose encoding failed (never seen: kept whole rather than lost).
    Whole(Arc<[Op]>),
}

impl Run {
    fn of(ops: Vec<Op>) -> Run {
        match rmp_serde::to_vec_named(&ops) {
            Ok(bytes) => {
                let run = Run::Packed(lz4_flex::compress_prepend_size(&bytes).into());
                debug_assert!(run.ops() == ops, "a sealed run reads back as it was");
                run
            }
            Err(_) => Run::Whole(ops.into()),
        }
    }

    /// The ops of the run. A run that does not unpack (never made here: one read from
    /// a cache spoilt on purpose, with its hash made to match) reads as no ops rather
    /// than stopping the program; `check` reads the session file, not the cache.
    fn ops(&self) -> Vec<Op> {
        match self {
            Run::Packed(bytes) => lz4_flex::decompress_size_prepended(bytes)
                .ok()
                .and_then(|raw| rmp_serde::from_slice(&raw).ok())
                .unwrap_or_default(),
            Run::Whole(ops) => ops.to_vec(),
        }
    }
}

impl History {
    pub fn len(&self) -> usize {
        self.sealed.len() * RUN + self.open.len()
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty() && self.sealed.is_empty()
    }

    /// The op applied last.
    pub fn last(&self) -> Option<&Op> {
        self.open.last().map(|op| &**op)
    }

    /// Whether op `id` is in the history.
    pub fn contains(&self, id: OpId) -> bool {
        self.open_ids.contains(&id) || self.sealed_ids.contains(&id)
    }

    /// How many different op ids the history holds: fewer than its length when a
    /// (broken) file lists an op twice.
    pub fn distinct_ids(&self) -> usize {
        let open_only = self
            .open_ids
            .iter()
            .filter(|id| !self.sealed_ids.contains(id));
        self.sealed_ids.len() + open_only.count()
    }

    /// Adds `op` at the end.
    pub fn push(&mut self, op: Op) {
        self.push_from(op, None);
    }

    /// [`History::push`], where this history is being rebuilt op for op from the start
    /// of `like` (a replay of it), `op` being its next: a run sealed here is `like`'s
    /// own, shared as it is rather than packed again.
    pub(crate) fn push_from(&mut self, op: Op, like: Option<&History>) {
        if step_of(&op.kind).is_some() {
            self.on_steps.push((self.len(), op.clone()));
        }
        self.open_ids.insert(op.id);
        let open = Arc::make_mut(&mut self.open);
        open.push(Arc::new(op));
        if open.len() >= 2 * RUN {
            let run: Vec<Op> = open.drain(..RUN).map(Arc::unwrap_or_clone).collect();
            // The run's ids go with it.
            Arc::make_mut(&mut self.sealed_ids).extend(run.iter().map(|op| op.id));
            self.open_ids = open.iter().map(|op| op.id).collect();
            let run = match like.and_then(|like| like.sealed.get(self.sealed.len())) {
                Some(Run::Packed(bytes)) => {
                    let same = Run::Packed(bytes.clone());
                    debug_assert!(same.ops() == run, "a replay pushes its history's ops");
                    same
                }
                _ => Run::of(run),
            };
            self.sealed.push(run);
        }
    }

    /// Op `i`: at hand if it is among the latest, else unpacked from its run (for many
    /// ops at a time, [`History::reader`] unpacks each run once).
    pub fn get(&self, i: usize) -> Option<Cow<'_, Op>> {
        let sealed = self.sealed.len() * RUN;
        match i.checked_sub(sealed) {
            Some(j) => self.open.get(j).map(|op| Cow::Borrowed(&**op)),
            None => self.sealed[i / RUN]
                .ops()
                .into_iter()
                .nth(i % RUN)
                .map(Cow::Owned),
        }
    }

    /// The ops in order (either way round), each run unpacked only when reached.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Cow<'_, Op>> + '_ {
        self.iter_from(0)
    }

    /// The ops from the `start`th on.
    pub fn iter_from(&self, start: usize) -> impl DoubleEndedIterator<Item = Cow<'_, Op>> + '_ {
        let sealed = self.sealed.len() * RUN;
        let (first_run, skip, open_from) = match start.checked_sub(sealed) {
            Some(j) => (self.sealed.len(), 0, j.min(self.open.len())),
            None => (start / RUN, start % RUN, 0),
        };
        self.sealed[first_run..]
            .iter()
            .enumerate()
            .flat_map(move |(k, run)| {
                let mut ops = run.ops();
                if k == 0 {
                    ops.drain(..skip);
                }
                ops.into_iter().map(Cow::Owned)
            })
            .chain(self.open[open_from..].iter().map(|op| Cow::Borrowed(&**op)))
    }

    /// The place of the last op that `pred` holds for, looking from the end.
    pub fn rposition(&self, mut pred: impl FnMut(&Op) -> bool) -> Option<usize> {
        let len = self.len();
        self.iter()
            .rev()
            .position(|op| pred(&op))
            .map(|back| len - 1 - back)
    }

    /// Every op on a step (its status, owner, notes, estimate, sign-off or timer), in
    /// order (either way round), with its place in the history: at hand, without
    /// unpacking a run.
    pub fn on_steps(&self) -> impl DoubleEndedIterator<Item = &(usize, Op)> + Clone {
        self.on_steps.iter()
    }

    /// A reader of ops here and there, which keeps the last run it unpacked.
    pub fn reader(&self) -> Reader<'_> {
        Reader {
            history: self,
            unpacked: None,
        }
    }
}

/// Reads ops by their place, unpacking each run once while its ops are read in turn
/// (as the rows of a screen are).
pub struct Reader<'a> {
    history: &'a History,
    unpacked: Option<(usize, Vec<Op>)>,
}

impl Reader<'_> {
    pub fn get(&mut self, i: usize) -> Option<Cow<'_, Op>> {
        let h = self.history;
        let sealed = h.sealed.len() * RUN;
        if i >= sealed {
            return h.open.get(i - sealed).map(|op| Cow::Borrowed(&**op));
        }
        let run = i / RUN;
        if self.unpacked.as_ref().is_none_or(|(r, _)| *r != run) {
            self.unpacked = Some((run, h.sealed[run].ops()));
        }
        let (_, ops) = self.unpacked.as_ref()?;
        ops.get(i % RUN).map(Cow::Borrowed)
    }
}

impl FromIterator<Op> for History {
    fn from_iter<I: IntoIterator<Item = Op>>(ops: I) -> History {
        let mut history = History::default();
        history.extend(ops);
        history
    }
}

impl Extend<Op> for History {
    fn extend<I: IntoIterator<Item = Op>>(&mut self, ops: I) {
        for op in ops {
            self.push(op);
        }
    }
}

impl<'a> IntoIterator for &'a History {
    type Item = Cow<'a, Op>;
    type IntoIter = Box<dyn DoubleEndedIterator<Item = Cow<'a, Op>> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl From<Vec<Op>> for History {
    fn from(ops: Vec<Op>) -> History {
        ops.into_iter().collect()
    }
}

impl PartialEq for History {
    fn eq(&self, other: &History) -> bool {
        // Equal ops seal to equal bytes, so most runs compare without unpacking.
        let same_runs = self.sealed.len() == other.sealed.len()
            && self
                .sealed
                .iter()
                .zip(&other.sealed)
                .all(|(a, b)| match (a, b) {
                    (Run::Packed(a), Run::Packed(b)) => Arc::ptr_eq(a, b) || a == b,
                    _ => false,
                });
        if same_runs {
            return self.open == other.open;
        }
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for History {}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Written and read as the list of its ops. (Its length is given first: an encoder
/// told no length, as MessagePack's is, gathers the whole list in memory to count it.)
impl Serialize for History {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for op in self.iter() {
            seq.serialize_element(&*op)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for History {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<History, D::Error> {
        d.deserialize_seq(Ops)
    }
}

/// Reads a list of ops into a history as they come, so a long one is never whole in
/// memory.
struct Ops;

impl<'de> serde::de::Visitor<'de> for Ops {
    type Value = History;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of ops")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<History, A::Error> {
        let mut history = History::default();
        while let Some(op) = seq.next_element()? {
            history.push(op);
        }
        Ok(history)
    }
}

mod growing;
mod stored;
#[cfg(test)]
mod tests;

pub use stored::Stored;
