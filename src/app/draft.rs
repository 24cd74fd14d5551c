//! Drafts: what the user is typing (the change editor or a prompt), kept in a file
//! beside the session while it is typed and when the program is stopped, and put back
//! into an editor or prompt when the same person opens the session again.

use super::editor::{ChangeEditor, Field};
use super::form::FormValues;
use super::modal::{Modal, Prompt, Purpose};
use super::script_editor::ScriptEditor;
use super::{App, Message};
use crate::model::{ChangeFields, ChangeId, ScriptFields, ScriptId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Text typed and not yet saved, with what it was for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Who typed it.
    pub author: String,
    /// When it was taken from the screen.
    pub kept_at: DateTime<Utc>,
    /// The session it belongs to.
    pub session: uuid::Uuid,
    pub text: DraftText,
}

/// The editor or prompt a draft came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftText {
    /// The change editor: what its form holds.
    Change {
        target: Option<ChangeId>,
        /// The change as it was when the editor opened, so that saving the restored
        /// text still notices an edit someone else made meanwhile.
        original: ChangeFields,
        values: FormValues,
    },
    /// The test script editor: what its form holds.
    Script {
        target: Option<ScriptId>,
        original: ScriptFields,
        values: FormValues,
    },
    /// A prompt (a reason, notes, a comment…).
    Prompt {
        purpose: Purpose,
        title: String,
        help: String,
        multiline: bool,
        original: String,
        text: String,
    },
}

impl Draft {
    /// What was typed, as plain text (`Label: text` per field that has any).
    pub fn plain_text(&self) -> String {
        match &self.text {
            DraftText::Change { values, .. } | DraftText::Script { values, .. } => values
                .texts
                .iter()
                .filter(|(_, text)| !text.trim().is_empty())
                .map(|(label, text)| format!("{label}: {text}"))
                .collect::<Vec<_>>()
                .join("\n"),
            DraftText::Prompt { title, text, .. } => format!("{title}: {text}"),
        }
    }

    /// A few words on what the draft is, for the question that offers it back.
    pub fn describe(&self) -> String {
        match &self.text {
            DraftText::Change {
                target: None,
                values,
                ..
            } => {
                let item = values
                    .texts
                    .get(Field::Item.label())
                    .map_or("", |s| s.trim());
                if item.is_empty() {
                    "a new change".into()
                } else {
                    format!("a new change ({item})")
                }
            }
            DraftText::Change { .. } => "edits to a change".into(),
            DraftText::Script { target: None, .. } => "a new test script".into(),
            DraftText::Script { .. } => "edits to a test script".into(),
            DraftText::Prompt { title, .. } => format!("\"{title}\""),
        }
    }
}

impl App {
    /// What the user is typing and has not saved, if anything: the change editor with
    /// edits, else an open prompt with text typed into it.
    pub fn draft(&self) -> Option<Draft> {
        let text = if let Some(editor) = self
            .promotion
            .editor
            .as_ref()
            .filter(|e| e.is_dirty(&self.doc.session))
        {
            DraftText::Change {
                target: editor.target,
                original: editor.original.clone(),
                values: editor.form.values(),
            }
        } else if let Some(editor) = self
            .tests
            .editor
            .as_ref()
            .filter(|e| e.is_dirty(&self.doc.session))
        {
            DraftText::Script {
                target: editor.target,
                original: editor.original.clone(),
                values: editor.form.values(),
            }
        } else {
            let prompt = match &self.modal {
                Some(Modal::Prompt(p)) => Some(p.as_ref()),
                _ => self.stashed_prompt.as_deref(),
            };
            let p = prompt.filter(|p| p.purpose != Purpose::Filter && p.text() != p.original)?;
            DraftText::Prompt {
                purpose: p.purpose,
                title: p.title.clone(),
                help: p.help.clone(),
                multiline: p.multiline,
                original: p.original.clone(),
                text: p.text(),
            }
        };
        Some(Draft {
            author: self.user.clone(),
            kept_at: self.now(),
            session: self.doc.session.id(),
            text,
        })
    }

    /// Drafts kept for this user when the program was last stopped: each is offered
    /// back in turn (y restores it, n discards it).
    pub fn offer_drafts(&mut self, drafts: Vec<(PathBuf, Draft)>) {
        let session = self.doc.session.id();
        self.offered
            .extend(drafts.into_iter().filter(|(_, d)| d.session == session));
        self.offer_next_draft();
    }

    pub(super) fn offer_next_draft(&mut self) {
        if self.modal.is_some() || self.promotion.editor.is_some() || self.tests.editor.is_some() {
            return;
        }
        let Some((path, draft)) = self.offered.first() else {
            return;
        };
        let when = self.local(draft.kept_at).format("%Y-%m-%d %H:%M");
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        self.modal = Some(Modal::Confirm {
            purpose: Purpose::RestoreDraft,
            question: format!(
                "When cmo-promote was stopped at {when} you were typing {}. It was kept in \
                 {file}.\ny restores it · n discards it · Esc asks again next time",
                draft.describe(),
            ),
        });
    }

    /// The answer to the offer of the first draft: `answered` false puts it off (the
    /// file stays and is offered at the next open); otherwise its file goes, and with
    /// `restore` its text comes back into an editor or prompt.
    pub(super) fn answer_draft(&mut self, answered: bool, restore: bool) {
        if self.offered.is_empty() {
            return;
        }
        let (path, draft) = self.offered.remove(0);
        if !answered {
            self.message = Some(Message::Info(format!(
                "The draft stays in {} until the next open",
                path.display()
            )));
            self.offer_next_draft();
            return;
        }
        if let Err(e) = crate::store::discard_draft(&path) {
            self.message = Some(Message::Error(e.to_string()));
        }
        if !restore {
            self.message = Some(Message::Info("Draft discarded".into()));
            self.offer_next_draft();
            return;
        }
        match draft.text {
            DraftText::Change {
                target,
                original,
                values,
            } => {
                let mut editor = ChangeEditor::open(&self.doc.session, target, &self.areas);
                editor.original = original;
                editor.form.set_values(&values);
                self.promotion.editor = Some(editor);
                self.focus = super::Pane::WorkPlan;
            }
            DraftText::Script {
                target,
                original,
                values,
            } => {
                let mut editor = ScriptEditor::open(&self.doc.session, target);
                editor.original = original;
                editor.form.set_values(&values);
                self.tests.editor = Some(editor);
                self.show_screen(super::ScreenId::Tests);
            }
            DraftText::Prompt {
                purpose,
                title,
                help,
                multiline,
                original,
                text,
            } => {
                let mut prompt = Prompt::new(purpose, title, help, &text);
                if multiline {
                    prompt = prompt.multiline();
                }
                prompt.original = original;
                self.modal = Some(Modal::Prompt(Box::new(prompt)));
            }
        }
        self.message = Some(Message::Info(
            "Restored what you were typing; save it as usual".into(),
        ));
    }
}

/// How often, at most, the text being typed is written to its draft file.
const KEEP_EVERY: chrono::Duration = chrono::Duration::seconds(2);

/// The draft file of the text being typed now, and what it last took.
pub(super) struct Typing {
    file: crate::store::LiveDraft,
    kept: Option<(DraftText, DateTime<Utc>)>,
}

impl App {
    /// Keeps the text being typed in its draft file (on every tick, at most every
    /// [`KEEP_EVERY`] while it changes), so a kill or a lost terminal loses at most that
    /// much; removes the file once nothing unsaved is typed. `now` writes whatever
    /// changed at once.
    pub(super) fn keep_typing(&mut self, now: bool) {
        if self.saver.is_none() || self.watching {
            return;
        }
        let Some(draft) = self.draft() else {
            self.drop_saved_draft();
            return;
        };
        let at = self.now();
        let due = match self.typing.as_ref().and_then(|t| t.kept.as_ref()) {
            Some((text, _)) if *text == draft.text => false,
            Some((_, when)) => now || at - *when >= KEEP_EVERY,
            None => true,
        };
        if !due {
            return;
        }
        if self.typing.is_none() {
            match crate::store::LiveDraft::start(&self.doc.path, &self.user) {
                Ok(file) => self.typing = Some(Typing { file, kept: None }),
                // Not kept while typing (a read-only folder): a stop still tries.
                Err(_) => return,
            }
        }
        if let Some(typing) = self.typing.as_mut()
            && typing.file.write(&draft).is_ok()
        {
            typing.kept = Some((draft.text, at));
        }
    }

    /// Once nothing is being typed (it was saved or thrown away), removes its draft
    /// file when the save is in the file (until then a kill would lose both), and not
    /// while the save came back as a conflict (the text is nowhere else until the user
    /// keeps or drops it); the lock stays for the next text typed. Done as each save is
    /// taken in, so quitting right after a save does not offer it back at the next
    /// open, and on every tick.
    pub(super) fn drop_saved_draft(&mut self) {
        if self.draft().is_some() {
            return;
        }
        let saved = self.pending.is_empty() && !self.save.in_flight() && self.conflicts.is_empty();
        if let Some(typing) = self.typing.as_mut().filter(|t| t.kept.is_some() && saved) {
            typing.kept = None;
            if let Err(e) = typing.file.discard() {
                self.message = Some(Message::Error(e.to_string()));
            }
        }
    }

    /// The draft file kept while typing, if it holds everything typed now.
    pub(super) fn typing_file(&self) -> Option<&std::path::Path> {
        let draft = self.draft()?;
        self.typing
            .as_ref()
            .filter(|_| self.typing_holds(&draft))
            .map(|t| t.file.path())
    }

    /// Whether the draft file holds `draft`, what is typed now (so a stop need not keep
    /// the text again).
    pub(super) fn typing_holds(&self, draft: &Draft) -> bool {
        self.typing
            .as_ref()
            .and_then(|t| t.kept.as_ref())
            .is_some_and(|(text, _)| *text == draft.text)
    }
}
