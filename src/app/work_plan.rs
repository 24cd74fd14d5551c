//! Work plan actions: the filtered list, adding and editing through the editor,
//! removing, reordering, and applying changes in the working environment.

use super::editor::ChangeEditor;
use super::form::FormKey;
use super::keymap::Action;
use super::modal::{Modal, Prompt, Purpose};
use super::screen::ScreenId;
use super::{App, Message, Pane};
use crate::model::{CHANGE_FIELDS, Change, ChangeEdit, ChangeId, EnvKey, OpKind, TimerTarget};
use ratatui::crossterm::event::KeyEvent;

impl App {
    /// Indices (into `session.changes`) of the changes the list shows: those not
    /// removed that match the filter, in Work Plan order.
    pub fn visible_changes(&self) -> &[usize] {
        &self.promotion.visible
    }

    /// Works out [`App::visible_changes`] afresh (when the session or filter changed).
    pub(super) fn compute_visible(&self) -> Vec<usize> {
        let needle = self.promotion.filter.trim().to_lowercase();
        self.doc
            .session
            .changes()
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_removed())
            .filter(|(_, c)| needle.is_empty() || matches_filter(c, &needle))
            .map(|(i, _)| i)
            .collect()
    }

    /// The change under the work plan's selection.
    pub fn selected_change(&self) -> Option<&Change> {
        let visible = self.visible_changes();
        visible
            .get(self.promotion.work_plan.selected)
            .and_then(|i| self.doc.session.changes().get(*i))
    }

    /// Sets the Work plan's filter; the list narrows at once.
    pub fn set_filter(&mut self, text: String) {
        self.promotion.filter = text;
        self.refresh_screen(ScreenId::Promotion);
    }

    pub(super) fn select_change_by_id(&mut self, id: ChangeId) {
        let pos = self.promotion.visible.iter().position(|i| {
            self.doc
                .session
                .changes()
                .get(*i)
                .is_some_and(|c| c.id == id)
        });
        if let Some(pos) = pos {
            let (len, height) = self.list_geometry(Pane::WorkPlan);
            self.promotion
                .work_plan
                .select(pos, len, height.unwrap_or(usize::MAX));
        }
    }

    pub(super) fn work_plan_action(&mut self, action: Action) {
        match action {
            Action::AddChange => self.open_editor(true),
            Action::EditChange => self.open_editor(false),
            Action::Filter => {
                let current = self.promotion.filter.clone();
                self.ask(Prompt::new(
                    Purpose::Filter,
                    "Filter the Work plan",
                    "Type to narrow the list; {Prompt.SaveEntry} keeps the filter, {Prompt.Back} clears it",
                    &current,
                ));
            }
            _ => {
                let Some(change) = self.selected_change() else {
                    self.message = Some(Message::Info(
                        "No change selected; {WorkPlan.AddChange} adds one".into(),
                    ));
                    return;
                };
                let (id, label) = (change.id, change.label());
                match action {
                    Action::RemoveChange => self.ask(Prompt::new(
                        Purpose::Remove(id),
                        format!("Remove {label} from the Work plan"),
                        "It stays in the history. Why? {Prompt.SaveEntry} removes, {Prompt.Back} cancels",
                        "",
                    )),
                    Action::MoveDown | Action::MoveUp if !self.promotion.filter.is_empty() => {
                        self.message = Some(Message::Error(
                            "Clear the filter ({Global.Back}) to reorder: under a filter a change would \
                             move past changes you cannot see"
                                .into(),
                        ))
                    }
                    Action::MoveDown | Action::MoveUp => {
                        self.move_change(id, action == Action::MoveDown)
                    }
                    Action::FinishApplication => {
                        let env = self.doc.session.working_env();
                        self.modal = Some(Modal::Outcome { change: id, env });
                    }
                    _ => {}
                }
            }
        }
    }

    fn move_change(&mut self, id: ChangeId, down: bool) {
        let active: Vec<ChangeId> = self.doc.session.active_changes().map(|c| c.id).collect();
        let Some(pos) = active.iter().position(|c| *c == id) else {
            return;
        };
        let to = if down {
            if pos + 1 >= active.len() {
                return;
            }
            pos + 1
        } else {
            match pos.checked_sub(1) {
                Some(p) => p,
                None => return,
            }
        };
        let s = &self.doc.session;
        if let Some((first, needs)) = s.move_breaks_order(id, to)
            && s.move_breaks_order(id, pos).as_ref() != Some(&(first.clone(), needs.clone()))
        {
            self.modal = Some(Modal::Confirm {
                purpose: Purpose::MoveAnyway { change: id, to },
                question: format!(
                    "{first} depends on {needs}: this move lists it first, so replaying the \
                     Work Plan in order would apply it too early. Move anyway? (y/n)"
                ),
            });
            return;
        }
        self.move_change_to(id, to);
    }

    /// Moves a change (after any question) and keeps it selected.
    pub(super) fn move_change_to(&mut self, id: ChangeId, to: usize) {
        if self.commit(OpKind::MoveChange { change: id, to }) {
            self.select_change_by_id(id);
        }
    }

    /// `t` on a change: start applying it in the working environment, or pause and
    /// resume the attempt under way.
    pub(super) fn toggle_change_timer(&mut self) {
        let Some(change) = self.selected_change() else {
            return;
        };
        let env = self.doc.session.working_env();
        let id = change.id;
        let open = change.open_application(env);
        let target = TimerTarget::Application { change: id, env };
        match open {
            None => self.start_change(id, env),
            Some(a) if a.timer.is_running() => {
                self.commit(OpKind::StopTimer { target });
            }
            Some(_) => {
                self.commit(OpKind::StartTimer { target });
            }
        }
    }

    /// In the outcome choice: applied (in the rehearsal, then how it went), failed
    /// and skipped (each asks why), as on the Outage screen.
    pub(super) fn outcome_key(&mut self, change: ChangeId, env: EnvKey, key: KeyEvent) {
        use super::keymap::{Action, Ctx};
        match self.keymap.lookup(Ctx::Outcome, &key) {
            Some(Action::ReplayDone) => self.record_done(change, env, false),
            Some(Action::ReplayFail) => self.ask_reason(change, env, super::ReplayAsk::Fail),
            Some(Action::ReplaySkip) => self.ask_reason(change, env, super::ReplayAsk::Skip),
            Some(Action::Back) => {}
            _ => self.modal = Some(Modal::Outcome { change, env }),
        }
    }

    pub(super) fn open_editor(&mut self, new: bool) {
        let target = if new {
            None
        } else {
            match self.selected_change() {
                Some(c) => Some(c.id),
                None => {
                    self.message = Some(Message::Info(
                        "No change selected; {WorkPlan.AddChange} adds one".into(),
                    ));
                    return;
                }
            }
        };
        self.focus = Pane::WorkPlan;
        self.promotion.editor = Some(ChangeEditor::open(&self.doc.session, target, &self.areas));
    }

    pub(super) fn editor_key(&mut self, key: KeyEvent) {
        let Some(editor) = self.promotion.editor.as_mut() else {
            return;
        };
        match editor.form.key(key, &self.keymap) {
            FormKey::Save => self.save_editor(),
            FormKey::Leave => {
                let dirty = editor.is_dirty(&self.doc.session);
                if self.may_leave_form(dirty, Purpose::DiscardEdits, "this change") {
                    self.promotion.editor = None;
                }
            }
            FormKey::External => self.ask_external_form(false),
            FormKey::Taken => {}
        }
    }

    /// Ctrl-S in the editor: add or edit the change; a refusal keeps the editor open
    /// with the reason.
    fn save_editor(&mut self) {
        let Some(editor) = self.promotion.editor.as_mut() else {
            return;
        };
        let fields = match editor.fields(&self.doc.session) {
            Ok(f) => f,
            Err(e) => {
                editor.form.error = Some(e);
                return;
            }
        };
        let kind = match editor.target {
            None => OpKind::AddChange {
                fields: Box::new(fields),
            },
            Some(id) => {
                let edits = ChangeEdit::diff(&editor.original, &fields);
                if edits.is_empty() {
                    self.promotion.editor = None;
                    return;
                }
                // Someone changed a field you edited since you opened it: say to what,
                // and take theirs as what you saw, so Ctrl-S again keeps yours.
                if let Some(c) = self.doc.session.change(id) {
                    // A field now as you are setting it is no clash.
                    let theirs: Vec<ChangeEdit> = edits
                        .iter()
                        .map(|e| (e, e.now_in(&c.fields)))
                        .filter(|(mine, now)| *now != now.now_in(&editor.original) && now != *mine)
                        .map(|(_, now)| now)
                        .collect();
                    if let Some(first) = theirs.first() {
                        let value = crate::vocab::conflict::edit_text(first, &self.doc.session);
                        let more = match theirs.len() {
                            1 => String::new(),
                            n => format!(" (and {} more)", n - 1),
                        };
                        // Who set that field last (the change's last editor may have
                        // set another).
                        let field = first.field();
                        let who = self
                            .doc
                            .session
                            .history()
                            .iter()
                            .rev()
                            .find(|o| match &o.kind {
                                OpKind::EditChange { change, edits, .. } => {
                                    *change == id && edits.iter().any(|e| e.field() == field)
                                }
                                _ => false,
                            })
                            .map_or_else(|| c.updated_by.to_string(), |o| o.author.to_string());
                        editor.form.error = Some(format!(
                            "{{Editor.SaveEntry}} again keeps yours: {who} changed {} meanwhile to \"{}\"{more}",
                            first.field_name(),
                            crate::safe_text::one_line(&value)
                        ));
                        for now in &theirs {
                            now.apply_to(&mut editor.original);
                        }
                        return;
                    }
                }
                OpKind::EditChange {
                    change: id,
                    edits,
                    was: ChangeEdit::diff(&fields, &editor.original),
                }
            }
        };
        let target = editor.target;
        match self.try_commit(kind) {
            Ok(()) => {
                self.promotion.editor = None;
                let id = target.or_else(|| self.doc.session.changes().last().map(|c| c.id));
                if let Some(id) = id {
                    if !self.promotion.filter.is_empty() {
                        self.set_filter(String::new());
                    }
                    self.select_change_by_id(id);
                    let label = self
                        .doc
                        .session
                        .change(id)
                        .map(|c| c.label())
                        .unwrap_or_default();
                    let verb = if target.is_some() { "updated" } else { "added" };
                    self.message = Some(Message::Info(format!("{label} {verb}")));
                }
            }
            Err(e) => {
                if let Some(editor) = self.promotion.editor.as_mut() {
                    editor.form.error = Some(e);
                }
            }
        }
    }
}

/// Whether the label or a searched field of `c` holds `needle` (lower case).
fn matches_filter(c: &Change, needle: &str) -> bool {
    c.label().to_lowercase().contains(needle)
        || CHANGE_FIELDS
            .iter()
            .filter(|i| i.searched)
            .filter_map(|i| c.fields.text(i.field))
            .any(|t| t.to_lowercase().contains(needle))
}
