//! Forms: labelled fields of one-line or multi-line text, choices and yes/no flags, the
//! focus moved by Tab. The change editor and the script editor are forms over their own
//! table of fields; `ui::form` draws any form.

use super::text::{field, paste, text_of, type_key};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

/// What a field holds and how it is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text. ↑/↓ step through `suggestions` when the field is empty or holds
    /// one of them (free text someone typed is never overwritten).
    Line {
        suggestions: &'static [&'static str],
    },
    /// Several lines of text (Enter starts a new line).
    Text,
    /// One of a few words, chosen with Space or ↑/↓.
    Choice(&'static [&'static str]),
    /// Yes or no, toggled with Space; shown with the words given.
    Flag { yes: &'static str, no: &'static str },
}

impl Kind {
    pub const LINE: Kind = Kind::Line { suggestions: &[] };

    /// Typed as text (the others are chosen).
    pub fn is_text(self) -> bool {
        matches!(self, Kind::Line { .. } | Kind::Text)
    }

    pub fn is_multiline(self) -> bool {
        self == Kind::Text
    }
}

/// One field of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub label: &'static str,
    pub kind: Kind,
    /// What the form's top line says while the field has the focus.
    pub hint: &'static str,
}

/// The values of one field.
enum Value {
    Text(Box<TextArea<'static>>),
    Choice(usize),
    Flag(bool),
}

/// An open form over a table of fields.
pub struct Form {
    pub fields: &'static [FieldSpec],
    values: Vec<Value>,
    /// The field with the focus (an index into `fields`).
    pub focus: usize,
    /// Why the last save was refused.
    pub error: Option<String>,
    /// Suggestions given when the form opened (the session's list of areas, say), by
    /// field; they take the place of the field's own.
    offered: Vec<(usize, Vec<String>)>,
}

impl Form {
    /// An empty form: no text, the first word of each choice, flags off.
    pub fn new(fields: &'static [FieldSpec]) -> Form {
        let values = fields
            .iter()
            .map(|f| match f.kind {
                Kind::Line { .. } | Kind::Text => {
                    Value::Text(Box::new(field("", f.kind.is_multiline())))
                }
                Kind::Choice(_) => Value::Choice(0),
                Kind::Flag { .. } => Value::Flag(false),
            })
            .collect();
        Form {
            fields,
            values,
            focus: 0,
            error: None,
            offered: Vec::new(),
        }
    }

    /// The focused field.
    pub fn field(&self) -> &'static FieldSpec {
        &self.fields[self.focus.min(self.fields.len().saturating_sub(1))]
    }

    /// The text of field `i` (empty for a choice or flag).
    pub fn text(&self, i: usize) -> String {
        match self.values.get(i) {
            Some(Value::Text(ta)) => text_of(ta),
            _ => String::new(),
        }
    }

    /// The text area of field `i`, for drawing.
    pub fn text_area(&self, i: usize) -> Option<&TextArea<'static>> {
        match self.values.get(i) {
            Some(Value::Text(ta)) => Some(ta),
            _ => None,
        }
    }

    /// Replaces the text of field `i` (the cursor goes to its end).
    pub fn set_text(&mut self, i: usize, text: &str) {
        if let (Some(spec), Some(Value::Text(ta))) = (self.fields.get(i), self.values.get_mut(i)) {
            **ta = field(text, spec.kind.is_multiline());
        }
    }

    /// The chosen word's index of field `i` (0 for other kinds).
    pub fn choice(&self, i: usize) -> usize {
        match self.values.get(i) {
            Some(Value::Choice(c)) => *c,
            _ => 0,
        }
    }

    pub fn set_choice(&mut self, i: usize, choice: usize) {
        if let (
            Some(FieldSpec {
                kind: Kind::Choice(words),
                ..
            }),
            Some(Value::Choice(c)),
        ) = (self.fields.get(i), self.values.get_mut(i))
        {
            *c = choice.min(words.len().saturating_sub(1));
        }
    }

    /// Whether flag `i` is on (false for other kinds).
    pub fn flag(&self, i: usize) -> bool {
        matches!(self.values.get(i), Some(Value::Flag(true)))
    }

    pub fn set_flag(&mut self, i: usize, on: bool) {
        if let Some(Value::Flag(f)) = self.values.get_mut(i) {
            *f = on;
        }
    }

    pub fn next_field(&mut self, forward: bool) {
        let n = self.fields.len().max(1);
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// A key for the focused field (the form's own keys, such as Tab, were taken
    /// already). Enter in a one-line field goes to the next field.
    pub fn type_key(&mut self, key: KeyEvent) {
        let kind = self.field().kind;
        if !kind.is_text() {
            return;
        }
        if !kind.is_multiline() && key.code == KeyCode::Enter {
            self.next_field(true);
            return;
        }
        if let Some(Value::Text(ta)) = self.values.get_mut(self.focus) {
            type_key(ta, key, kind.is_multiline());
            self.error = None;
        }
    }

    pub fn paste(&mut self, text: &str) {
        let kind = self.field().kind;
        if let Some(Value::Text(ta)) = self.values.get_mut(self.focus) {
            paste(ta, text, kind.is_multiline());
            self.error = None;
        }
    }

    /// Offers `words` on ↑/↓ in field `i` (a line), in place of its own suggestions.
    pub fn offer(&mut self, i: usize, words: Vec<String>) {
        self.offered.retain(|(f, _)| *f != i);
        self.offered.push((i, words));
    }

    /// The suggestions of field `i`: those offered, else its own.
    fn suggestions(&self, i: usize) -> Vec<String> {
        match self.offered.iter().find(|(f, _)| *f == i) {
            Some((_, words)) => words.clone(),
            None => match self.fields.get(i).map(|f| f.kind) {
                Some(Kind::Line { suggestions }) => {
                    suggestions.iter().map(|s| s.to_string()).collect()
                }
                _ => Vec::new(),
            },
        }
    }

    /// ↑/↓ on the focused field: a choice steps, a line with suggestions offers the
    /// next or previous one. Returns false when the field takes no pick (so ↑/↓ move
    /// inside the text instead).
    pub fn pick(&mut self, forward: bool) -> bool {
        let i = self.focus;
        match self.field().kind {
            Kind::Choice(words) => {
                let n = words.len().max(1);
                let c = self.choice(i);
                self.set_choice(
                    i,
                    if forward {
                        (c + 1) % n
                    } else {
                        (c + n - 1) % n
                    },
                );
                true
            }
            Kind::Line { .. } if !self.suggestions(i).is_empty() => {
                let suggestions = self.suggestions(i);
                let current = self.text(i);
                let pos = suggestions
                    .iter()
                    .position(|a| a.eq_ignore_ascii_case(current.trim()));
                if pos.is_none() && !current.trim().is_empty() {
                    return true;
                }
                let n = suggestions.len();
                let next = match (pos, forward) {
                    (None, true) => 0,
                    (None, false) => n - 1,
                    (Some(p), true) => (p + 1) % n,
                    (Some(p), false) => (p + n - 1) % n,
                };
                self.set_text(i, &suggestions[next]);
                true
            }
            _ => false,
        }
    }

    /// Space on the focused field: a flag toggles, a choice steps on. Returns false when
    /// Space is text there.
    pub fn toggle(&mut self) -> bool {
        let i = self.focus;
        match self.field().kind {
            Kind::Flag { .. } => {
                let on = self.flag(i);
                self.set_flag(i, !on);
                true
            }
            Kind::Choice(_) => self.pick(true),
            _ => false,
        }
    }
}

/// What a form holds, by field label: for keeping it in a draft and putting it back.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormValues {
    pub texts: std::collections::BTreeMap<String, String>,
    pub choices: std::collections::BTreeMap<String, usize>,
    pub flags: std::collections::BTreeMap<String, bool>,
    /// The label of the field that had the focus.
    pub focus: String,
}

impl Form {
    /// Everything the form holds.
    pub fn values(&self) -> FormValues {
        let mut v = FormValues {
            focus: self.field().label.to_string(),
            ..FormValues::default()
        };
        for (i, f) in self.fields.iter().enumerate() {
            let label = f.label.to_string();
            match f.kind {
                Kind::Line { .. } | Kind::Text => {
                    v.texts.insert(label, self.text(i));
                }
                Kind::Choice(_) => {
                    v.choices.insert(label, self.choice(i));
                }
                Kind::Flag { .. } => {
                    v.flags.insert(label, self.flag(i));
                }
            }
        }
        v
    }

    /// Puts back what [`Form::values`] took (fields are matched by label).
    pub fn set_values(&mut self, v: &FormValues) {
        for (i, f) in self.fields.iter().enumerate() {
            if let Some(t) = v.texts.get(f.label) {
                self.set_text(i, t);
            }
            if let Some(c) = v.choices.get(f.label) {
                self.set_choice(i, *c);
            }
            if let Some(on) = v.flags.get(f.label) {
                self.set_flag(i, *on);
            }
            if f.label == v.focus {
                self.focus = i;
            }
        }
    }
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// Ctrl-S: save what the form holds.
    Save,
    /// Esc or Ctrl-C: leave (the owner asks first if something was typed).
    Leave,
    /// The form took the key (moved the focus, picked, typed).
    Taken,
    /// Edit the focused field in the user's own editor.
    External,
}

impl Form {
    /// A key for the form: its own keys (the editor context of the key table) first,
    /// then the focused field. ↑/↓ and Space pick only on choices; in text they are text.
    pub fn key(&mut self, key: KeyEvent, keys: &super::keymap::Keymap) -> FormKey {
        use super::keymap::{Action, Ctx};
        use ratatui::crossterm::event::KeyModifiers;
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return FormKey::Leave;
        }
        match keys.lookup(Ctx::Editor, &key) {
            Some(Action::NextField) => self.next_field(true),
            Some(Action::PrevField) => self.next_field(false),
            Some(Action::SaveEntry) => return FormKey::Save,
            Some(Action::ExternalEditor) => return FormKey::External,
            Some(Action::Back) => return FormKey::Leave,
            Some(Action::PickPrev) if self.pick(false) => {}
            Some(Action::PickNext) if self.pick(true) => {}
            Some(Action::Toggle) if self.toggle() => {}
            _ => self.type_key(key),
        }
        FormKey::Taken
    }
}

impl super::App {
    /// Esc in a form: true when it may close at once (nothing typed); otherwise asks
    /// before dropping the edits to `what` (the answer comes back with `purpose`).
    pub(super) fn may_leave_form(
        &mut self,
        dirty: bool,
        purpose: super::Purpose,
        what: &str,
    ) -> bool {
        if dirty {
            self.modal = Some(super::Modal::Confirm {
                purpose,
                question: format!(
                    "Discard the unsaved edits to {what}? ({{Confirm.Yes}}/{{Confirm.No}})"
                ),
            });
        }
        !dirty
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[FieldSpec] = &[
        FieldSpec {
            label: "Area",
            kind: Kind::Line {
                suggestions: &["Forms", "Roles"],
            },
            hint: "",
        },
        FieldSpec {
            label: "Notes",
            kind: Kind::Text,
            hint: "",
        },
        FieldSpec {
            label: "Action",
            kind: Kind::Choice(&["add", "modify"]),
            hint: "",
        },
        FieldSpec {
            label: "Risky",
            kind: Kind::Flag { yes: "y", no: "n" },
            hint: "",
        },
    ];

    fn key(c: char) -> KeyEvent {
        KeyEvent::from(KeyCode::Char(c))
    }

    #[test]
    fn fields_take_what_their_kind_takes() {
        let mut f = Form::new(FIELDS);
        assert!(f.pick(true));
        assert_eq!(f.text(0), "Forms");
        f.set_text(0, "Own text");
        assert!(f.pick(true), "a pick on free text is taken and ignored");
        assert_eq!(f.text(0), "Own text");
        f.type_key(KeyEvent::from(KeyCode::Enter));
        assert_eq!(f.focus, 1, "Enter leaves a one-line field");
        f.type_key(key('a'));
        f.type_key(KeyEvent::from(KeyCode::Enter));
        f.type_key(key('b'));
        assert_eq!(f.text(1), "a\nb");
        assert!(!f.pick(true), "↑/↓ move inside text");
        f.next_field(true);
        assert!(f.toggle());
        assert_eq!(f.choice(2), 1);
        f.type_key(key('x'));
        assert_eq!(f.choice(2), 1, "a choice takes no text");
        f.next_field(true);
        assert!(f.toggle());
        assert!(f.flag(3));
        f.next_field(true);
        assert_eq!(f.focus, 0, "Tab wraps round");
    }
}
