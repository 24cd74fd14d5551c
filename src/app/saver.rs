//! The app's link to its session file, on a thread of its own so typing never waits
//! for the disk: it commits the app's pending ops (merging other writers' changes under
//! the file lock) and watches the file, reloading it when someone else writes.

use crate::model::Op;
use crate::store::{Committed, Loaded, Stamp};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// How often the file is checked for writes by others even without a notification
/// (network folders often send none).
const WATCH_EVERY: Duration = Duration::from_millis(500);
/// How long a burst of file-system notifications may go on before the file is looked
/// at: one save makes several (create, rename, close), and a look costs an open.
const SETTLE: Duration = Duration::from_millis(30);

enum Msg {
    /// Commit `pending`, already applied in `doc`; `seq` numbers the request.
    Save {
        seq: u64,
        doc: Box<Loaded>,
        pending: Vec<Op>,
    },
    Flush(Sender<()>),
    /// The file system says something happened to the session file.
    Changed,
    /// The app is gone.
    Stop,
}

/// What the worker did.
#[derive(Debug)]
pub enum SaveReport {
    /// Request `seq` (and every earlier one) is written.
    Committed { seq: u64, committed: Box<Committed> },
    Failed {
        seq: u64,
        error: String,
        /// Trying again will not help (the file is read-only, fails `check`…).
        lasting: bool,
    },
    /// Someone else wrote the file; this is what it holds now, and why it may now only
    /// be viewed (it became read-only, or fails `check`), if so.
    Reloaded {
        doc: Box<Loaded>,
        read_only: Option<String>,
    },
    /// Someone else wrote the file and it does not load.
    Unreadable(String),
    /// Asked to finish, the worker could still not save; the unsaved ops were written
    /// to `rescue` instead.
    Rescued {
        rescue: PathBuf,
        error: String,
        /// The ops written there.
        ops: Vec<crate::model::OpId>,
    },
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
        let notifications = tx.clone();
        thread::Builder::new()
            .name("cmo-promote-saver".into())
            .spawn(move || {
                // Kept alive as long as the worker runs.
                let _watcher = watch_folder(&path, notifications);
                worker(rx, report_tx, path, stamp)
            })
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

impl Drop for Saver {
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
    }
}

/// Watches the session file's folder (a rename over the file is seen there, not on the
/// file) and passes on the events that mean the file was replaced or written: created,
/// renamed into place, or closed after writing. Opening or reading it (which this
/// worker does itself to check it) is not news; reacting to those would feed on
/// itself. `None` where the platform or folder offers no notifications; the poll still
/// catches changes.
fn watch_folder(path: &Path, tx: Sender<Msg>) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let name = path.file_name()?.to_owned();
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && means_written(&event.kind)
            && event
                .paths
                .iter()
                .any(|p| p.file_name() == Some(name.as_os_str()))
        {
            let _ = tx.send(Msg::Changed);
        }
    })
    .ok()?;
    watcher
        .watch(&folder, notify::RecursiveMode::NonRecursive)
        .ok()?;
    Some(watcher)
}

/// Whether a file-system event says a file's content may have changed: it was created,
/// moved into place (how every save lands), written and closed, or removed.
pub(crate) fn means_written(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Name(_) | ModifyKind::Any) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        // Opens, reads, closes after reading, attribute and data changes (a write is
        // followed by its close), and events of unknown meaning are not acted on: the
        // poll catches anything they might have meant.
        _ => false,
    }
}

/// A commit request: its number, the session with its pending ops applied, the ops.
type Request = (u64, Box<Loaded>, Vec<Op>);

/// Commits a request, reporting the outcome; gives the request back if it failed.
fn save(
    (seq, doc, pending): Request,
    known: &mut Option<Stamp>,
    reports: &Sender<SaveReport>,
) -> Option<Request> {
    match doc.commit(&pending) {
        Ok(committed) => {
            *known = Some(committed.loaded.stamp);
            let _ = reports.send(SaveReport::Committed {
                seq,
                committed: Box::new(committed),
            });
            None
        }
        Err(e) => {
            let _ = reports.send(SaveReport::Failed {
                seq,
                error: e.to_string(),
                lasting: e.is_lasting(),
            });
            Some((seq, doc, pending))
        }
    }
}

/// Before the app goes: one more try of a failed save, then the rescue file.
fn last_try(failed: Request, known: &mut Option<Stamp>, reports: &Sender<SaveReport>) {
    if let Some((_, doc, pending)) = save(failed, known, reports) {
        let report = match crate::store::write_rescue(&doc.path, &pending) {
            Ok(rescue) => SaveReport::Rescued {
                rescue,
                error: "the session file could not be written".into(),
                ops: pending.iter().map(|op| op.id).collect(),
            },
            Err(e) => SaveReport::Failed {
                seq: 0,
                error: format!("the unsaved edits could not be kept anywhere: {e}"),
                lasting: true,
            },
        };
        let _ = reports.send(report);
    }
}

fn worker(rx: Receiver<Msg>, reports: Sender<SaveReport>, mut path: PathBuf, stamp: Stamp) {
    let mut known = Some(stamp);
    let mut failed: Option<Request> = None;
    // When the first of a burst of notifications arrived; the file is looked at once
    // the burst has settled (or at the latest `SETTLE` after it began).
    let mut notified: Option<Instant> = None;
    loop {
        let wait = match notified {
            Some(since) => SETTLE.saturating_sub(since.elapsed()),
            None => WATCH_EVERY,
        };
        let first = match rx.recv_timeout(wait) {
            Ok(Msg::Changed) => {
                notified.get_or_insert_with(Instant::now);
                continue;
            }
            Ok(Msg::Stop) => return,
            Ok(msg) => msg,
            Err(RecvTimeoutError::Timeout) => {
                notified = None;
                watch(&path, &mut known, &reports);
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        // Everything queued so far: the newest request carries every pending op.
        let mut newest = None;
        let mut waiting = Vec::new();
        let mut stop = false;
        for msg in std::iter::once(first).chain(rx.try_iter()) {
            match msg {
                Msg::Save { seq, doc, pending } => newest = Some((seq, doc, pending)),
                Msg::Flush(ack) => waiting.push(ack),
                // Our own write is among these; `watch` tells others' apart by stamp.
                Msg::Changed => {}
                Msg::Stop => stop = true,
            }
        }
        if let Some((seq, doc, pending)) = newest {
            // Watch the file that is being written.
            path.clone_from(&doc.path);
            failed = save((seq, doc, pending), &mut known, &reports);
        }
        if !waiting.is_empty()
            && let Some(request) = failed.take()
        {
            last_try(request, &mut known, &reports);
        }
        for ack in waiting {
            let _ = ack.send(());
        }
        if stop {
            return;
        }
        notified = None;
        watch(&path, &mut known, &reports);
    }
}

/// Reloads the file if it changed since this worker last read or wrote it, and says
/// whether it may still be written.
fn watch(path: &Path, known: &mut Option<Stamp>, reports: &Sender<SaveReport>) {
    let now = Stamp::of_path(path);
    if now.is_none() || now == *known {
        return;
    }
    *known = now;
    let report = match Loaded::load(path) {
        Ok(doc) => {
            *known = Some(doc.stamp);
            // Checked here, off the UI thread: a file that fails `check` is shown but not
            // written to.
            let read_only = doc.why_read_only();
            SaveReport::Reloaded {
                doc: Box::new(doc),
                read_only,
            }
        }
        Err(e) => SaveReport::Unreadable(e.to_string()),
    };
    let _ = reports.send(report);
}
