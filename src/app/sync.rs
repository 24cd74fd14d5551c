//! Keeping the app and its session file in step: committing ops (handed to the saver),
//! taking in what the saver reports (written edits, others' changes, conflicts,
//! failures) and flushing before the app goes.

use super::saver::Base;
use super::{App, Conflict, Message, SaveReport};
use crate::model::inverse::{NoInverse, inverse};
use crate::model::{Op, OpId, OpKind};

/// The ops that undo an edit, or why there are none.
pub(super) type Undo = Result<Vec<OpKind>, NoInverse>;
use crate::store::Loaded;

impl App {
    /// Applies an op made now by this user and hands it to the saver; on refusal the
    /// status bar says why.
    pub fn commit(&mut self, kind: OpKind) -> bool {
        match self.try_commit(kind) {
            Ok(()) => true,
            Err(e) => {
                self.message = Some(Message::Error(e));
                false
            }
        }
    }

    /// `commit`, giving the reason for a refusal to the caller to show where it fits
    /// (in a prompt, in the editor).
    pub fn try_commit(&mut self, kind: OpKind) -> Result<(), String> {
        if let Some(why) = self.edit_refusal() {
            return Err(why);
        }
        let what = crate::vocab::describe_op(&kind, &self.doc.session);
        let op = Op::fresh(self.user.clone(), self.now(), kind);
        let base = self.doc.session.history().last().map(|o| o.id);
        let (ids, inverse) = self.apply_new(op)?;
        self.undo.record(ids, base, inverse, what);
        self.after_commit();
        Ok(())
    }

    /// Applies an op made now, then what the process does by itself after it (the
    /// freeze starts with its step and ends with the Production implementation), each
    /// recorded as an op of its own and queued for saving. Returns their ids and the
    /// ops that undo them all, worked out from the session before each.
    pub(super) fn apply_new(&mut self, op: Op) -> Result<(Vec<OpId>, Undo), String> {
        let mut undo = vec![inverse(&self.doc.session, &op)];
        // The first op on the file as last read or written keeps that session.
        let on_file = self.pending.is_empty().then(|| self.doc.session.clone());
        self.doc
            .session
            .apply(op.clone())
            .map_err(|e| e.to_string())?;
        if on_file.is_some() {
            self.on_file = on_file;
        }
        let follow_ups = self.doc.session.follow_ups(&op);
        let mut ids = vec![op.id];
        self.pending.push(op);
        for kind in follow_ups {
            let op = Op::fresh(self.user.clone(), self.now(), kind);
            let inverse = inverse(&self.doc.session, &op);
            if self.doc.session.apply(op.clone()).is_ok() {
                undo.push(inverse);
                ids.push(op.id);
                self.pending.push(op);
            }
        }
        // The last op applied is the first undone.
        let undo = undo
            .into_iter()
            .rev()
            .collect::<Result<Vec<_>, _>>()
            .map(|parts| parts.concat());
        Ok((ids, undo))
    }

    /// After ops were applied here: hands them to the saver and redraws.
    pub(super) fn after_commit(&mut self) {
        self.submit_save();
        self.refresh_all();
    }

    /// Why no edit can be made now (a read-only file, watching), if so: said before a
    /// question is asked whose answer would be an edit.
    pub(super) fn edit_refusal(&self) -> Option<String> {
        match &self.read_only {
            Some(why) => Some(format!("read-only: {why}")),
            None if self.watching => Some("read-only: watching".into()),
            None => None,
        }
    }

    /// Says why no edit can be made now, if so; true when one can.
    pub(super) fn can_edit(&mut self) -> bool {
        match self.edit_refusal() {
            Some(why) => {
                self.message = Some(Message::Error(why));
                false
            }
            None => true,
        }
    }

    pub(super) fn submit_save(&mut self) {
        if let Some(saver) = &self.saver {
            // The file as last read or written is enough to add the ops at its end (no
            // copy of the session), unless it is gone and must be written again from
            // the session, or this save writes a new snapshot of it (or it is of an
            // older format): a copy then (its lists and history shared, 0.1 MiB at
            // 10,000 changes) spares the saver reading the whole session a second time.
            // (With a save still under way the saver goes on from its own, which the
            // app has not heard of yet.) Either way goes with the session as the file
            // held it before the pending ops, so that should another writer have saved
            // first, only their ops are read and put under these.
            let snapshot_due =
                !self.save.in_flight() && self.doc.log.is_none_or(|log| log.snapshot_due());
            let on_file = self.on_file.clone();
            self.save.submitted += 1;
            let base = if self.doc.path.exists() && !snapshot_due {
                Base::At {
                    at: self.doc.at(),
                    on_file,
                }
            } else {
                Base::Whole {
                    doc: Box::new(self.doc.clone()),
                    on_file,
                }
            };
            saver.submit(self.save.submitted, base, self.pending.clone());
        }
    }

    /// Takes in what the saver reports: written edits, other writers' changes,
    /// conflicts and failures. A failed save is retried every few seconds, since the
    /// edits are only in memory until one succeeds.
    pub fn poll_saver(&mut self) {
        let reports = match &self.saver {
            Some(saver) => saver.reports(),
            None => return,
        };
        for report in reports {
            match report {
                SaveReport::Committed { seq, saved } => {
                    self.save.done = self.save.done.max(seq);
                    self.save.last_saved = Some(self.now());
                    self.save.error = None;
                    self.save.retry_at = None;
                    self.took_commit(*saved);
                    self.drop_saved_draft();
                }
                SaveReport::Failed {
                    seq,
                    error,
                    lasting,
                } => {
                    self.save.done = self.save.done.max(seq);
                    if lasting {
                        // No point retrying: no more edits are taken, and what is
                        // unsaved goes to a rescue file on quit.
                        self.set_file_refusal(Some(error.clone()));
                        self.save.retry_at = None;
                    } else {
                        self.save.retry_at = Some(self.now() + chrono::Duration::seconds(5));
                    }
                    self.save.error = Some(error);
                }
                SaveReport::Reloaded { doc, read_only } => {
                    // With edits of our own on the way, the next commit merges instead.
                    if self.pending.is_empty() && !self.save.in_flight() {
                        self.replace_doc(*doc);
                        self.set_file_refusal(read_only);
                    }
                }
                SaveReport::Appended {
                    from,
                    appended,
                    read_only,
                } => self.took_appended(from, appended, read_only),
                SaveReport::Rescued { rescue, error, ops } => {
                    self.save.rescued_ops.extend(ops);
                    self.save.error = Some(format!(
                        "{error}; your unsaved edits were written to {} \
                         (apply them later with `cmo-promote recover` and that file)",
                        rescue.display()
                    ));
                    self.save.rescued = Some(rescue);
                }
                SaveReport::Notice(text) => {
                    self.message = Some(Message::Info(text));
                }
                SaveReport::Unreadable(error) => {
                    let why =
                        format!("the session file was changed outside and cannot be read: {error}");
                    self.message = Some(Message::Error(why.clone()));
                    self.set_file_refusal(Some(why));
                }
            }
        }
        if !self.save.in_flight() && self.save.retry_at.is_some_and(|t| self.now() >= t) {
            self.save.retry_at = None;
            self.submit_save();
        }
    }

    /// Others added ops to the file (at its end, or after ours in a file they wrote
    /// anew): with no edits of our own on the way and the session read to where they
    /// start, they are applied here (lines of the file, not the file, were read). Otherwise the next commit merges them; should they not
    /// fit, the file is read whole.
    fn took_appended(
        &mut self,
        from: crate::store::LogEnd,
        appended: crate::store::Appended,
        read_only: Option<String>,
    ) {
        if !self.pending.is_empty() || self.save.in_flight() {
            return;
        }
        let ask_whole = |app: &mut App| {
            if let Some(saver) = &app.saver {
                saver.read_whole();
            }
        };
        if self.doc.log != Some(from) {
            ask_whole(self);
            return;
        }
        // In place: a copy of a large session would cost more than the ops. Nothing
        // added (a line still being written) moves only where the file was read to.
        // Lines that do not go on from this session's last op are not taken.
        let taken = if appended.ops.is_empty() {
            self.doc.take_appended(appended)
        } else {
            self.change_doc(|doc| doc.take_appended(appended))
        };
        match taken {
            Ok(()) => self.set_file_refusal(read_only),
            Err(_) => ask_whole(self),
        }
    }

    /// A commit landed: what is on disk becomes the base, and ops made since it was
    /// requested are applied again on top.
    pub(super) fn took_commit(&mut self, committed: crate::store::Saved) {
        let done: std::collections::HashSet<OpId> = committed
            .written
            .iter()
            .copied()
            .chain(committed.conflicts.iter().map(|c| c.op.id))
            .collect();
        let (landed, pending) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|op| done.contains(&op.id));
        self.pending = pending;
        let written: std::collections::HashSet<OpId> = committed.written.iter().copied().collect();
        self.conflicts.retain(|c| !written.contains(&c.op.id));
        if let Some(note) = committed.conversion_note() {
            self.message = Some(Message::Info(note));
        }
        let mut conflicts = committed.conflicts;
        // The file now holds this session as it was, with the ops: only where the file
        // stands changes.
        let Some(session) = committed.session else {
            self.doc.moved_to(committed.at);
            self.on_file_took(landed, &written);
            self.add_conflicts(conflicts);
            return;
        };
        let mut doc = Loaded::of(committed.at, session);
        let on_file = (!self.pending.is_empty()).then(|| doc.session.clone());
        // Ops made since this commit was requested go on top of what is now on disk;
        // one that no longer applies there is a conflict now, not later.
        let on_top = doc.session.apply_on_top(std::mem::take(&mut self.pending));
        self.pending = on_top.applied;
        self.on_file = on_file.filter(|_| !self.pending.is_empty());
        conflicts.extend(
            on_top
                .refused
                .into_iter()
                .map(|(op, error)| Conflict { op, error }),
        );
        self.add_conflicts(conflicts);
        if committed.rebased || !self.pending.is_empty() || !self.conflicts.is_empty() {
            self.replace_doc(doc);
        } else {
            self.doc.moved_to(doc.at());
        }
    }

    /// Brings the session as on file up to where a save of ops (`landed`, in the order
    /// made; those `written`) left the file, while ops made since wait for their save.
    fn on_file_took(&mut self, landed: Vec<Op>, written: &std::collections::HashSet<OpId>) {
        if self.pending.is_empty() {
            self.on_file = None;
            return;
        }
        let landed = landed.into_iter().filter(|op| written.contains(&op.id));
        self.on_file = self.on_file.take().and_then(|s| s.with_logged(landed));
    }

    /// Makes the app read-only because of the file (`Some(why)`: the user may not write
    /// it, it fails `check`, it cannot be read), or lifts that once the file is fine
    /// again. A read-only state set for another reason (a newer file format) stays.
    pub fn set_file_refusal(&mut self, why: Option<String>) {
        match why {
            Some(why) => {
                self.read_only = Some(why);
                self.read_only_by_file = true;
            }
            None if self.read_only_by_file => {
                self.read_only = None;
                self.read_only_by_file = false;
            }
            None => {}
        }
    }

    /// Lists edits that no longer apply (once each); the status line says how many, and
    /// a word that one of them was made ("WP-001 updated") goes.
    pub(super) fn add_conflicts(&mut self, conflicts: Vec<Conflict>) {
        if !conflicts.is_empty() && matches!(self.message, Some(Message::Info(_))) {
            self.message = None;
        }
        for c in conflicts {
            // What the process did by itself after an edit (the freeze with its steps)
            // is nobody's to retry: it no longer applies, or the freeze is already as
            // it would have made it.
            if matches!(
                c.op.kind,
                OpKind::StartFreeze { after: Some(_), .. }
                    | OpKind::EndFreeze { after: Some(_), .. }
            ) {
                continue;
            }
            if !self.conflicts.iter().any(|k| k.op.id == c.op.id) {
                self.conflicts.push(c);
            }
        }
    }

    /// Whether some edits are not (yet) in the file.
    pub fn has_unsaved(&self) -> bool {
        !self.pending.is_empty() || self.save.in_flight() || self.save.error.is_some()
    }

    /// Swaps in a newer version of the session, keeping what the user was looking at.
    pub(super) fn replace_doc(&mut self, doc: Loaded) {
        self.change_doc(|d| *d = doc);
    }

    /// Brings the session up to date with `change`, keeping what the user was looking
    /// at.
    fn change_doc<R>(&mut self, change: impl FnOnce(&mut Loaded) -> R) -> R {
        let selected_change = self.selected_change().map(|c| c.id);
        let step = self.selected_step().map(|s| s.number);
        let out = change(&mut self.doc);
        self.refresh_all();
        if let Some(n) = step
            && let Some(i) = self.doc.session.steps().iter().position(|s| s.number == n)
        {
            self.promotion.checklist.selected = i;
        }
        if let Some(id) = selected_change {
            self.select_change_by_id(id);
        }
        self.reveal_cursors();
        out
    }

    /// Blocks until every edit so far is written (a failed save is tried once more,
    /// and what still cannot be saved goes to a rescue file). Err says what was not
    /// saved and where it went.
    pub fn flush(&mut self) -> Result<(), String> {
        self.flush_while(|| true)
    }

    /// `flush`, giving up early when `go_on` (asked every tenth of a second) says no —
    /// a signal while the last save waits for another writer's lock, say. What is
    /// unsaved then stays in `pending` for [`App::stop_now`].
    pub fn flush_while(&mut self, go_on: impl Fn() -> bool) -> Result<(), String> {
        let Some(saver) = &self.saver else {
            return Ok(());
        };
        let finished = saver
            .flush_handle()
            .flush_while(std::time::Duration::from_secs(30), go_on);
        self.poll_saver();
        if !finished {
            return Err("saving did not finish".into());
        }
        match &self.save.error {
            Some(e) => Err(e.clone()),
            None if !self.pending.is_empty() => {
                Err(format!("{} edits were not saved", self.pending.len()))
            }
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
