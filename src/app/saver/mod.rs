//! The app's link to its session file, on a thread of its own so typing never waits
//! for the disk: it commits the app's pending ops (merging other writers' changes under
//! the file lock) and watches the file, reloading it when someone else writes.

use crate::model::{Op, Session};
use crate::store::{FileAt, Loaded, Saved};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How often the file is checked for writes by others even without a notification
/// (network folders often send none).
const WATCH_EVERY: Duration = Duration::from_millis(500);
/// How long a burst of file-system notifications may go on before the file is looked
/// at: one save makes several (create, rename, close), and a look costs an open.
const SETTLE: Duration = Duration::from_millis(30);

enum Msg {
    /// Commit `pending`, made on top of `base`; `seq` numbers the request.
    Save {
        seq: u64,
        base: Box<Base>,
        pending: Vec<Op>,
    },
    Flush(Sender<()>),
    /// The file system says something happened to the session file.
    Changed,
    /// The app could not take in what was added to the file: read it whole.
    ReadWhole,
    /// The app is gone.
    Stop,
}

/// What the worker did.
#[derive(Debug)]
pub enum SaveReport {
    /// Request `seq` (and every earlier one) is written.
    Committed { seq: u64, saved: Box<Saved> },
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
    /// Someone else added ops to the end of the file read before (at `from`); these
    /// are they, and why the session may now only be viewed, if so.
    Appended {
        from: crate::store::LogEnd,
        appended: crate::store::Appended,
        read_only: Option<String>,
    },
    /// Someone else wrote the file and it does not load.
    Unreadable(String),
    /// Something the user should know about saving (e.g. it runs without a thread).
    Notice(String),
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
pub struct FlushHandle(Flusher);

#[derive(Clone)]
enum Flusher {
    Thread(Sender<Msg>),
    Inline(Arc<Mutex<Inline>>),
}

impl FlushHandle {
    /// Waits until every request handed over so far is done (or `timeout` passes).
    /// Returns false on time-out or if the worker is gone.
    pub fn flush(&self, timeout: Duration) -> bool {
        self.flush_while(timeout, || true)
    }

    /// `flush`, checking `go_on` every tenth of a second and giving up (false) as soon
    /// as it says no.
    pub fn flush_while(&self, timeout: Duration, go_on: impl Fn() -> bool) -> bool {
        let tx = match &self.0 {
            Flusher::Thread(tx) => tx,
            Flusher::Inline(inline) => {
                let mut inline = match inline.lock() {
                    Ok(i) => i,
                    Err(poisoned) => poisoned.into_inner(),
                };
                inline.last_try();
                return true;
            }
        };
        let (ack_tx, ack_rx) = mpsc::channel();
        if tx.send(Msg::Flush(ack_tx)).is_err() {
            return false;
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match ack_rx.recv_timeout(left.min(Duration::from_millis(100))) {
                Ok(()) => return true,
                Err(RecvTimeoutError::Disconnected) => return false,
                Err(RecvTimeoutError::Timeout) if left.is_zero() || !go_on() => return false,
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }
}

/// Saving without a thread of its own, when none could be started: each request is
/// committed as it is handed over.
struct Inline {
    reports: Sender<SaveReport>,
    known: Looked,
    failed: Option<Request>,
}

impl Inline {
    fn save(&mut self, request: Request) {
        self.failed = save(request, &mut self.known, &self.reports).map(|(r, _)| r);
    }

    fn last_try(&mut self) {
        if let Some(request) = self.failed.take() {
            last_try(request, &mut self.known, &self.reports);
        }
    }
}

mod own;
mod watch;

pub(super) use own::OwnSaves;
use watch::{Looked, watch, watch_folder};

/// The background writer and watcher.
pub struct Saver {
    tx: Sender<Msg>,
    reports: Receiver<SaveReport>,
    /// Set when no thread could be started: then `submit` saves by itself.
    inline: Option<Arc<Mutex<Inline>>>,
}

impl Saver {
    /// A worker for the file `doc` came from; it watches from `doc`'s stamp on. Should
    /// no thread be available, saving falls back to [`Saver::inline`] and says so.
    pub fn spawn(doc: &Loaded) -> Saver {
        let (tx, rx) = mpsc::channel::<Msg>();
        let (report_tx, reports) = mpsc::channel();
        let path = doc.path.clone();
        // Whether the user may write the file is taken now, with the stamp, so that a
        // change of permissions after this moment is noticed.
        let mut known = Looked::of(doc);
        // A session read through a cache made after a check needs no other.
        let opened = (!doc.checked).then(|| doc.clone());
        let notifications = tx.clone();
        let started = thread::Builder::new()
            .name("cmo-promote-saver".into())
            .spawn(move || {
                // Kept alive as long as the worker runs.
                let _watcher = watch_folder(&path, notifications);
                // First of all, before any save is taken.
                if let Some(opened) = opened {
                    known.check_opened(opened, &report_tx);
                }
                worker(rx, report_tx, path, known)
            });
        match started {
            Ok(_) => Saver {
                tx,
                reports,
                inline: None,
            },
            Err(e) => {
                let saver = Saver::inline(doc);
                let _ = saver.inline_reports().send(SaveReport::Notice(format!(
                    "no thread could be started to save in the background ({e}): each \
                     edit is saved as you make it, and others' changes show after your \
                     next edit"
                )));
                saver
            }
        }
    }

    /// A saver without a thread: each request is committed when handed over (typing
    /// waits for the disk), and other writers' changes come in with the next commit.
    pub fn inline(doc: &Loaded) -> Saver {
        let (tx, _) = mpsc::channel::<Msg>();
        let (report_tx, reports) = mpsc::channel();
        let mut known = Looked::of(doc);
        if !doc.checked {
            known.check_opened(doc.clone(), &report_tx);
        }
        let inline = Inline {
            reports: report_tx,
            known,
            failed: None,
        };
        Saver {
            tx,
            reports,
            inline: Some(Arc::new(Mutex::new(inline))),
        }
    }

    fn inline_reports(&self) -> Sender<SaveReport> {
        match &self.inline {
            Some(inline) => match inline.lock() {
                Ok(i) => i.reports.clone(),
                Err(poisoned) => poisoned.into_inner().reports.clone(),
            },
            None => mpsc::channel().0,
        }
    }

    /// Hands over a commit request. Never blocks (unless saving inline).
    pub fn submit(&self, seq: u64, base: Base, pending: Vec<Op>) {
        if let Some(inline) = &self.inline {
            let mut inline = match inline.lock() {
                Ok(i) => i,
                Err(poisoned) => poisoned.into_inner(),
            };
            inline.save((seq, base, pending));
            return;
        }
        let _ = self.tx.send(Msg::Save {
            seq,
            base: Box::new(base),
            pending,
        });
    }

    /// Asks for the file to be read whole (the app could not take in what was added).
    pub fn read_whole(&self) {
        let _ = self.tx.send(Msg::ReadWhole);
    }

    /// Reports that arrived since the last call, oldest first.
    pub fn reports(&self) -> Vec<SaveReport> {
        self.reports.try_iter().collect()
    }

    pub fn flush_handle(&self) -> FlushHandle {
        FlushHandle(match &self.inline {
            Some(inline) => Flusher::Inline(inline.clone()),
            None => Flusher::Thread(self.tx.clone()),
        })
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
    }
}

/// What a commit request's ops were made on. Each goes with the session as the file
/// held it before the ops, if the app kept it (a copy sharing its lists with the
/// app's, 0.1 MiB at 10,000 changes): then, should another writer have saved first,
/// only their ops are read, never the whole file beside the app's session.
#[derive(Debug)]
pub enum Base {
    /// The file as the app last read or wrote it: enough to add the ops at its end, or
    /// to put them on top of what the file now holds.
    At {
        at: FileAt,
        on_file: Option<Session>,
    },
    /// The session itself with the ops applied, for a file that is gone and must be
    /// written again from it, or that is due a new snapshot.
    Whole {
        doc: Box<Loaded>,
        on_file: Option<Session>,
    },
}

impl Base {
    fn path(&self) -> &std::path::Path {
        match self {
            Base::At { at, .. } => &at.path,
            Base::Whole { doc, .. } => &doc.path,
        }
    }
}

/// A commit request: its number, what its ops were made on, the ops.
type Request = (u64, Base, Vec<Op>);

/// Commits a request, reporting the outcome; gives the request back, with why, if it
/// failed.
fn save(
    (seq, base, pending): Request,
    known: &mut Looked,
    reports: &Sender<SaveReport>,
) -> Option<(Request, String)> {
    if let Some(why) = &known.unsound {
        let error = format!("{} is not written: {why}", base.path().display());
        let _ = reports.send(SaveReport::Failed {
            seq,
            error: error.clone(),
            lasting: true,
        });
        return Some(((seq, base, pending), error));
    }
    let result = match &base {
        Base::At { at, on_file } => {
            let (from, ops, written) = OwnSaves::on(known.own.as_ref(), at, &pending);
            // The session as the file held it where this worker's own saves left it.
            let on_file = on_file.clone().and_then(|s| s.with_logged(written));
            let saved = crate::store::save_ops(&from, on_file, &ops);
            if let Ok(saved) = &saved {
                known.own = OwnSaves::after(known.own.take(), at, saved);
            }
            saved
        }
        Base::Whole { doc, on_file } => {
            known.own = None;
            doc.save(on_file.clone(), &pending)
        }
    };
    match result {
        Ok(saved) => {
            known.stamp = Some(saved.at.stamp);
            known.read = watch::ReadTo::of(&saved.at);
            let _ = reports.send(SaveReport::Committed {
                seq,
                saved: Box::new(saved),
            });
            None
        }
        Err(e) => {
            // A file or folder this user may not write is refused before anything is
            // tried (a lasting failure, in words); other errors may pass.
            let (error, lasting) = (e.to_string(), e.is_lasting());
            let _ = reports.send(SaveReport::Failed {
                seq,
                error: error.clone(),
                lasting,
            });
            Some(((seq, base, pending), error))
        }
    }
}

/// Before the app goes: one more try of a failed save, then the rescue file; should
/// even that fail, the edits themselves go in the report, to be kept by hand.
fn last_try(failed: Request, known: &mut Looked, reports: &Sender<SaveReport>) {
    if let Some(((_, base, pending), why)) = save(failed, known, reports) {
        let report = match crate::store::write_rescue(base.path(), &pending) {
            Ok(rescue) => SaveReport::Rescued {
                rescue,
                error: why,
                ops: pending.iter().map(|op| op.id).collect(),
            },
            Err(e) => SaveReport::Failed {
                seq: 0,
                error: format!(
                    "{why}; the unsaved edits could not be kept in a file either ({e}); \
                     here they are, to keep by hand:\n{}",
                    crate::store::rescue_text(&pending)
                ),
                lasting: true,
            },
        };
        let _ = reports.send(report);
    }
}

fn worker(rx: Receiver<Msg>, reports: Sender<SaveReport>, mut path: PathBuf, mut known: Looked) {
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
            Ok(Msg::ReadWhole) => {
                known.forget();
                watch(&path, &mut known, &reports);
                continue;
            }
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
                Msg::Save { seq, base, pending } => newest = Some((seq, *base, pending)),
                Msg::Flush(ack) => waiting.push(ack),
                // Our own write is among these; `watch` tells others' apart by stamp.
                Msg::Changed => {}
                Msg::ReadWhole => known.forget(),
                Msg::Stop => stop = true,
            }
        }
        if let Some((seq, base, pending)) = newest {
            // Watch the file that is being written.
            path = base.path().to_path_buf();
            failed = save((seq, base, pending), &mut known, &reports).map(|(r, _)| r);
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
