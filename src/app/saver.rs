//! The app's link to its session file, on a thread of its own so typing never waits
//! for the disk: it commits the app's pending ops (merging other writers' changes under
//! the file lock) and watches the file, reloading it when someone else writes.

use crate::model::Op;
use crate::store::{Committed, Loaded, Stamp};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

/// How often the file is checked for writes by others.
const WATCH_EVERY: Duration = Duration::from_millis(300);

enum Msg {
    /// Commit `pending`, already applied in `doc`; `seq` numbers the request.
    Save {
        seq: u64,
        doc: Box<Loaded>,
        pending: Vec<Op>,
    },
    Flush(Sender<()>),
}

/// What the worker did.
#[derive(Debug)]
pub enum SaveReport {
    /// Request `seq` (and every earlier one) is written.
    Committed {
        seq: u64,
        committed: Box<Committed>,
    },
    Failed {
        seq: u64,
        error: String,
    },
    /// Someone else wrote the file; this is what it holds now.
    Reloaded(Box<Loaded>),
    /// Someone else wrote the file and it does not load.
    Unreadable(String),
}

/// Asks the worker to finish its writes, from any thread (the signal thread uses it
/// before exiting).
#[derive(Clone)]
pub struct FlushHandle(Sender<Msg>);

impl FlushHandle {
    /// Waits until every request handed over so far is done (or `timeout` passes).
    /// Returns false on time-out or if the worker is gone.
    pub fn flush(&self, timeout: Duration) -> bool {
        let (ack_tx, ack_rx) = mpsc::channel();
        if self.0.send(Msg::Flush(ack_tx)).is_err() {
            return false;
        }
        ack_rx.recv_timeout(timeout).is_ok()
    }
}

/// The background writer and watcher.
pub struct Saver {
    tx: Sender<Msg>,
    reports: Receiver<SaveReport>,
}

impl Saver {
    /// A worker for the file `doc` came from; it watches from `doc`'s stamp on.
    pub fn spawn(doc: &Loaded) -> Saver {
        let (tx, rx) = mpsc::channel::<Msg>();
        let (report_tx, reports) = mpsc::channel();
        let (path, stamp) = (doc.path.clone(), doc.stamp);
        thread::Builder::new()
            .name("cmo-promote-saver".into())
            .spawn(move || worker(rx, report_tx, path, stamp))
            .ok();
        Saver { tx, reports }
    }

    /// Hands over a commit request. Never blocks.
    pub fn submit(&self, seq: u64, doc: Loaded, pending: Vec<Op>) {
        // If the worker died, the missing report keeps the app saying "saving…".
        let _ = self.tx.send(Msg::Save {
            seq,
            doc: Box::new(doc),
            pending,
        });
    }

    /// Reports that arrived since the last call, oldest first.
    pub fn reports(&self) -> Vec<SaveReport> {
        self.reports.try_iter().collect()
    }

    pub fn flush_handle(&self) -> FlushHandle {
        FlushHandle(self.tx.clone())
    }
}

fn worker(rx: Receiver<Msg>, reports: Sender<SaveReport>, path: PathBuf, stamp: Stamp) {
    let mut known = Some(stamp);
    loop {
        let first = match rx.recv_timeout(WATCH_EVERY) {
            Ok(msg) => msg,
            Err(RecvTimeoutError::Timeout) => {
                watch(&path, &mut known, &reports);
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        // Everything queued so far: the newest request carries every pending op.
        let mut newest = None;
        let mut waiting = Vec::new();
        for msg in std::iter::once(first).chain(rx.try_iter()) {
            match msg {
                Msg::Save { seq, doc, pending } => newest = Some((seq, doc, pending)),
                Msg::Flush(ack) => waiting.push(ack),
            }
        }
        if let Some((seq, doc, pending)) = newest {
            let report = match doc.commit(&pending) {
                Ok(committed) => {
                    known = Some(committed.loaded.stamp);
                    SaveReport::Committed {
                        seq,
                        committed: Box::new(committed),
                    }
                }
                Err(e) => SaveReport::Failed {
                    seq,
                    error: e.to_string(),
                },
            };
            let _ = reports.send(report);
        }
        for ack in waiting {
            let _ = ack.send(());
        }
    }
}

/// Reloads the file if it changed since this worker last read or wrote it.
fn watch(path: &std::path::Path, known: &mut Option<Stamp>, reports: &Sender<SaveReport>) {
    let now = Stamp::of_path(path);
    if now.is_none() || now == *known {
        return;
    }
    *known = now;
    let report = match Loaded::load(path) {
        Ok(doc) => {
            *known = Some(doc.stamp);
            SaveReport::Reloaded(Box::new(doc))
        }
        Err(e) => SaveReport::Unreadable(e.to_string()),
    };
    let _ = reports.send(report);
}
