//! The saver's eyes on the session file: a folder watch that passes on only the events
//! that mean the file was replaced or written, and the look (stamp, and whether this
//! user may write it) that decides whether to reload it.

use super::{Msg, SaveReport};
use crate::store::{FileAt, Loaded, LogEnd, Stamp};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

/// Watches the session file's folder (a rename over the file is seen there, not on the
/// file) and passes on the events that mean the file was replaced or written: created,
/// renamed into place, or closed after writing. Opening or reading it (which this
/// worker does itself to check it) is not news; reacting to those would feed on
/// itself. `None` where the platform or folder offers no notifications; the poll still
/// catches changes.
pub(super) fn watch_folder(path: &Path, tx: Sender<Msg>) -> Option<notify::RecommendedWatcher> {
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
fn means_written(kind: &notify::EventKind) -> bool {
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

/// What the worker last saw of the file: its stamp, and whether this user may write it
/// (a change of permissions leaves the stamp as it was).
pub(super) struct Looked {
    pub stamp: Option<Stamp>,
    pub refusal: Option<String>,
    /// Why the session as last read may not be written (it fails `check`), if so:
    /// saves are refused until a reload finds it sound.
    pub unsound: Option<String>,
    /// Where the app's session was read to, so that only what others add after it is
    /// read; `None` when the next change means reading the file whole.
    pub read: Option<ReadTo>,
    /// What this worker's own saves wrote since the app's session was last brought up
    /// to date with them.
    pub own: Option<super::OwnSaves>,
}

/// Which file a session was read from (its inode and rewrite count) and how far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ReadTo {
    /// The file's stamp as read.
    pub stamp: Stamp,
    pub generation: u64,
    pub log: LogEnd,
}

impl ReadTo {
    pub fn of(at: &FileAt) -> Option<ReadTo> {
        Some(ReadTo {
            stamp: at.stamp,
            generation: at.generation,
            log: at.log?,
        })
    }
}

impl Looked {
    /// What the worker knows of the file `doc` was read from, before any look.
    pub fn of(doc: &Loaded) -> Looked {
        Looked {
            stamp: Some(doc.stamp),
            refusal: crate::store::write_refusal(&doc.path),
            unsound: None,
            read: ReadTo::of(&doc.at()),
            own: None,
        }
    }

    /// Forgets what was read, so that the next look reads the file whole.
    pub fn forget(&mut self) {
        self.stamp = None;
        self.read = None;
    }

    /// Checks the session as opened (off the UI thread, so opening a large session
    /// does not wait for a replay of its history); one that fails `check` is reported
    /// read-only and not written.
    pub fn check_opened(&mut self, doc: Loaded, reports: &Sender<SaveReport>) {
        // Whether the user may write it was taken with the stamp; this is the rest.
        if let Some(why) = doc.why_unsound() {
            self.unsound = Some(why.clone());
            let _ = reports.send(SaveReport::Reloaded {
                doc: Box::new(doc),
                read_only: Some(why),
            });
        }
    }
}

/// Reloads the file if it changed since this worker last read or wrote it, or if this
/// user may now write it where they could not (or the other way round), and says
/// whether it may still be written.
pub(super) fn watch(path: &Path, known: &mut Looked, reports: &Sender<SaveReport>) {
    let now = Stamp::of_path(path);
    let refusal = crate::store::write_refusal(path);
    if now.is_none() || (now == known.stamp && refusal == known.refusal) {
        return;
    }
    known.stamp = now;
    known.refusal = refusal;
    // Ops added at the end of the file read before, or after those read before in a
    // file another writer wrote anew: only they are read.
    if let Some(at) = known.read
        && let Ok(Some(appended)) = crate::store::read_added(path, at.stamp, at.generation, at.log)
    {
        known.stamp = Some(appended.stamp);
        known.read = Some(ReadTo {
            stamp: appended.stamp,
            log: appended.log,
            generation: appended
                .rewrite
                .map_or(at.generation, |rewrite| rewrite.generation),
        });
        let read_only = known.refusal.clone().or_else(|| known.unsound.clone());
        let _ = reports.send(SaveReport::Appended {
            from: at.log,
            appended,
            read_only,
        });
        return;
    }
    let report = match Loaded::load(path) {
        Ok(doc) => {
            known.stamp = Some(doc.stamp);
            known.read = ReadTo::of(&doc.at());
            // Checked here, off the UI thread: a file that fails `check` is shown but not
            // written to.
            known.unsound = doc.why_unsound();
            let read_only = known.refusal.clone().or_else(|| known.unsound.clone());
            SaveReport::Reloaded {
                doc: Box::new(doc),
                read_only,
            }
        }
        Err(e) => {
            known.read = None;
            SaveReport::Unreadable(e.to_string())
        }
    };
    let _ = reports.send(report);
}
