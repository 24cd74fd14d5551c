//! Editing a multi-line field in the user's own editor (`$VISUAL`, else `$EDITOR`).
//! Only the terminal loop can hand the terminal over, so the app leaves a request it
//! takes ([`App::take_external`]); the loop runs the editor and gives back the edited
//! text or why there is none ([`App::external_done`]). A failure leaves the field as it
//! was and says why.

use super::form::Form;
use super::modal::{Modal, Purpose};
use super::{App, Message};

/// The field being edited outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExternalTarget {
    /// A field of the change editor, by index.
    Change(usize),
    /// A field of the script editor, by index.
    Script(usize),
    /// The notes prompt open for this purpose.
    Prompt(Purpose),
}

/// A field's text on its way to the user's editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalEdit {
    pub target: ExternalTarget,
    pub text: String,
}

impl App {
    /// The edit waiting for the user's editor, if a key asked for one.
    pub fn take_external(&mut self) -> Option<ExternalEdit> {
        self.external.take()
    }

    /// Whether a key asked for the user's editor and it has not been run yet.
    pub fn external_pending(&self) -> bool {
        self.external.is_some()
    }

    /// Asks for the focused field of a form to be edited outside, when it holds
    /// several lines; says why not otherwise.
    pub(super) fn ask_external_form(&mut self, script: bool) {
        let form: Option<&Form> = if script {
            self.tests.editor.as_ref().map(|e| &e.form)
        } else {
            self.promotion.editor.as_ref().map(|e| &e.form)
        };
        let Some(form) = form else {
            return;
        };
        if !form.field().kind.is_multiline() {
            self.message = Some(Message::Info(format!(
                "{} is one line; {{Editor.ExternalEditor}} opens a field of several lines \
                 in your editor",
                form.field().label
            )));
            return;
        }
        let target = if script {
            ExternalTarget::Script(form.focus)
        } else {
            ExternalTarget::Change(form.focus)
        };
        self.external = Some(ExternalEdit {
            target,
            text: form.text(form.focus),
        });
    }

    /// Asks for the open notes prompt (for `purpose`) to be edited outside.
    pub(super) fn ask_external_prompt(&mut self, purpose: Purpose, text: String) {
        self.external = Some(ExternalEdit {
            target: ExternalTarget::Prompt(purpose),
            text,
        });
    }

    /// What the user's editor gave back for `target`: its text goes into the field, or
    /// the field stays as it was and the status bar says why.
    pub fn external_done(&mut self, target: ExternalTarget, result: Result<String, String>) {
        let text = match result {
            Ok(text) => text,
            Err(why) => {
                self.message = Some(Message::Error(format!("The field is unchanged: {why}")));
                return;
            }
        };
        let form = match target {
            ExternalTarget::Change(_) => self.promotion.editor.as_mut().map(|e| &mut e.form),
            ExternalTarget::Script(_) => self.tests.editor.as_mut().map(|e| &mut e.form),
            ExternalTarget::Prompt(purpose) => {
                match &mut self.modal {
                    Some(Modal::Prompt(p)) if p.purpose == purpose => p.set_text(&text),
                    _ => {
                        self.message = Some(Message::Error(
                            "The prompt was closed while your editor ran; its text is lost".into(),
                        ))
                    }
                }
                return;
            }
        };
        if let (Some(form), ExternalTarget::Change(i) | ExternalTarget::Script(i)) = (form, target)
        {
            form.set_text(i, &text);
            form.focus = i;
        }
        self.message = Some(Message::Info(
            "Edited in your editor; {Editor.SaveEntry} saves".into(),
        ));
    }
}
