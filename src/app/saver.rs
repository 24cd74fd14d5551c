//! Saving off the UI thread: the app hands over a snapshot after every committed op and
//! goes on taking keys; a worker writes the newest snapshot and reports back.

use crate::store::Loaded;
use chrono::{DateTime, Utc};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

enum Msg {
    Save(Box<Loaded>),
    Flush(Sender<()>),
}

/// What became of a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveReport {
    Saved { at: DateTime<Utc> },
    Failed { error: String },
}

/// A handle that can ask the worker to finish its writes, from any thread (the signal
/// thread uses it before exiting).
#[derive(Clone)]
pub struct FlushHandle(Sender<Msg>);

impl FlushHandle {
    /// Waits until every snapshot handed over so far is written (or `timeout` passes).
    /// Returns false on time-out or if the worker is gone.
    pub fn flush(&self, timeout: Duration) -> bool {
        let (ack_tx, ack_rx) = mpsc::channel();
        if self.0.send(Msg::Flush(ack_tx)).is_err() {
            return false;
        }
        !matches!(
            ack_rx.recv_timeout(timeout),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected)
        )
    }
}

/// The background writer.
pub struct Saver {
    tx: Sender<Msg>,
    reports: Receiver<SaveReport>,
}

impl Saver {
    pub fn spawn() -> Saver {
        let (tx, rx) = mpsc::channel::<Msg>();
        let (report_tx, reports) = mpsc::channel();
        thread::Builder::new()
            .name("cmo-promote-saver".into())
            .spawn(move || worker(rx, report_tx))
            .ok();
        Saver { tx, reports }
    }

    /// Hands over a snapshot to write. Never blocks.
    pub fn submit(&self, snapshot: Loaded) {
        // If the worker died the report channel says so on the next poll.
        let _ = self.tx.send(Msg::Save(Box::new(snapshot)));
    }

    /// Reports that arrived since the last call, oldest first.
    pub fn reports(&self) -> Vec<SaveReport> {
        self.reports.try_iter().collect()
    }

    pub fn flush_handle(&self) -> FlushHandle {
        FlushHandle(self.tx.clone())
    }
}

fn worker(rx: Receiver<Msg>, reports: Sender<SaveReport>) {
    let mut waiting: Vec<Sender<()>> = Vec::new();
    while let Ok(first) = rx.recv() {
        // Take everything queued so far; only the newest snapshot needs writing.
        let mut newest = None;
        for msg in std::iter::once(first).chain(rx.try_iter()) {
            match msg {
                Msg::Save(s) => newest = Some(s),
                Msg::Flush(ack) => waiting.push(ack),
            }
        }
        if let Some(snapshot) = newest {
            let report = match snapshot.save() {
                Ok(()) => SaveReport::Saved { at: Utc::now() },
                Err(e) => SaveReport::Failed {
                    error: e.to_string(),
                },
            };
            let _ = reports.send(report);
        }
        for ack in waiting.drain(..) {
            let _ = ack.send(());
        }
    }
}
