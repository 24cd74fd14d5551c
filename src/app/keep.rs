//! Stopping without losing anything: when a signal or a closed terminal ends the
//! program, every op not yet known to be in the session file goes to a rescue file and
//! the text being typed to a draft, within a fraction of a second. The same record is
//! kept up to date for the signal thread, which does this itself if the main thread is
//! stuck.

use super::App;
use super::draft::Draft;
use crate::model::{Op, OpId};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// How long a stopping app waits for its saver before keeping the rest in files: a save
/// that is blocked (another writer holds the lock, a slow network folder) must not keep
/// a closed terminal's program alive.
pub const STOP_SAVE_WAIT: Duration = Duration::from_millis(600);

/// What would be lost if the program ended now.
#[derive(Debug, Clone, Default)]
pub struct Unsaved {
    pub session: PathBuf,
    pub user: String,
    /// Ops applied here and not yet known to be written.
    pub pending: Vec<Op>,
    /// Text being typed.
    pub draft: Option<Draft>,
    /// Set once the above has been kept, so it is kept only once.
    pub kept: bool,
}

impl Unsaved {
    /// Writes the draft and the pending ops to files of their own (once). Returns a
    /// line for the user about each file written, or about what could not be kept.
    pub fn keep(&mut self) -> Vec<String> {
        if self.kept {
            return Vec::new();
        }
        self.kept = true;
        let mut notes = Vec::new();
        if let Some(draft) = &self.draft {
            notes.push(
                match crate::store::write_draft(&self.session, &self.user, draft) {
                    Ok(path) => format!(
                        "what you were typing was kept in {}; it is offered back when you \
                         next open the session",
                        path.display()
                    ),
                    Err(e) => format!(
                        "what you were typing could not be kept in a file ({e}); here it \
                         is:\n{}",
                        draft.plain_text()
                    ),
                },
            );
        }
        if !self.pending.is_empty() {
            notes.push(
                match crate::store::write_rescue(&self.session, &self.pending) {
                    Ok(path) => format!(
                        "{} not yet saved written to {} (apply with `cmo-promote recover {}`)",
                        edits(self.pending.len()),
                        path.display(),
                        path.display()
                    ),
                    Err(e) => format!(
                        "{} could not be saved or kept in a file ({e}); here they are, to \
                         keep by hand:\n{}",
                        edits(self.pending.len()),
                        crate::store::rescue_text(&self.pending)
                    ),
                },
            );
        }
        notes
    }
}

/// "1 edit", "3 edits".
fn edits(n: usize) -> String {
    if n == 1 {
        "1 edit".into()
    } else {
        format!("{n} edits")
    }
}

impl App {
    /// What would be lost if the program ended now.
    pub fn unsaved(&self) -> Unsaved {
        let rescued: HashSet<OpId> = self.save.rescued_ops.iter().copied().collect();
        Unsaved {
            session: self.doc.path.clone(),
            user: self.user.clone(),
            pending: self
                .pending
                .iter()
                .filter(|op| !rescued.contains(&op.id))
                .cloned()
                .collect(),
            // Text already in the draft file kept while typing is not kept twice.
            draft: self.draft().filter(|d| !self.typing_holds(d)),
            kept: false,
        }
    }

    /// Brings `shared` up to date with what would be lost now (unless it was kept).
    pub fn publish_unsaved(&self, shared: &Mutex<Unsaved>) {
        if let Ok(mut u) = shared.lock()
            && !u.kept
        {
            *u = self.unsaved();
        }
    }

    /// Ends the app at once (a signal, a closed terminal): gives the saver a moment to
    /// finish, then keeps what is still unsaved and what is being typed in files.
    /// Returns a line for the user about each.
    pub fn stop_now(&mut self, shared: &Mutex<Unsaved>) -> Vec<String> {
        self.stop_after(STOP_SAVE_WAIT, shared)
    }

    /// `stop_now`, giving the saver `wait` (none when it was waited for already).
    pub fn stop_after(&mut self, wait: Duration, shared: &Mutex<Unsaved>) -> Vec<String> {
        self.keep_typing(true);
        if let Some(saver) = &self.saver
            && !wait.is_zero()
        {
            saver.flush_handle().flush(wait);
        }
        // A save that landed meanwhile takes the draft of its text with it.
        self.poll_saver();
        let mut notes = Vec::new();
        if let Some(rescue) = &self.save.rescued {
            notes.push(format!(
                "edits that could not be saved were written to {} (apply them with \
                 `cmo-promote recover {}`)",
                rescue.display(),
                rescue.display()
            ));
        }
        if let Some(path) = self.typing_file() {
            notes.push(format!(
                "what you were typing is kept in {}; it is offered back when you next open \
                 the session",
                path.display()
            ));
        }
        // The program is ending: its draft is no longer being typed (the file stays).
        let unsaved = self.unsaved();
        self.typing = None;
        let mut u = match shared.lock() {
            Ok(u) => u,
            Err(poisoned) => poisoned.into_inner(),
        };
        if !u.kept {
            *u = unsaved;
        }
        notes.extend(u.keep());
        notes
    }
}
