//! The change editor: a form with one field per part of a Work Plan entry (text, the
//! action choice, the irreversible flag); turns what was typed into the fields of an
//! op.

use super::form::{FieldSpec, Form, Kind};
use crate::model::{Action, ChangeFields, ChangeId, Session};

/// The fields in the order Tab visits them: the model's table of change fields.
pub use crate::model::ChangeField as Field;

/// The actions in the order the Action choice shows them.
const ACTIONS: [Action; 3] = [Action::Add, Action::Modify, Action::Remove];

/// A form field for change field `f`, labelled as the model's table says.
const fn spec(f: Field, kind: Kind, hint: &'static str) -> FieldSpec {
    FieldSpec {
        label: f.label(),
        kind,
        hint,
    }
}

/// The change editor's form, in [`Field::ALL`] order.
static FIELDS: [FieldSpec; 12] = [
    spec(
        Field::Area,
        Kind::LINE,
        "↑/↓ picks a CMO area from the template's list (Forms, Custom Fields, Lookup \
         Tables…) or type any text",
    ),
    spec(
        Field::Item,
        Kind::LINE,
        "Enter or {Editor.NextField} goes to the next field",
    ),
    spec(
        Field::Action,
        Kind::Choice(&["add", "modify", "remove"]),
        "{Editor.Toggle} or {Editor.PickPrev}/{Editor.PickNext} chooses add, modify or remove",
    ),
    spec(
        Field::Navigation,
        Kind::LINE,
        "How to reach the item in CMO's admin screens",
    ),
    spec(
        Field::Before,
        Kind::Text,
        "The value before the change, as many lines as it takes; {Editor.NextField} goes to the next field",
    ),
    spec(
        Field::After,
        Kind::Text,
        "The value after the change, as many lines as it takes; {Editor.NextField} goes to the next field",
    ),
    spec(
        Field::DependsOn,
        Kind::LINE,
        "Changes to apply first, e.g. WP-001, WP-004",
    ),
    spec(
        Field::Description,
        Kind::Text,
        "Enter starts a new line; {Editor.NextField} goes to the next field",
    ),
    spec(
        Field::Replication,
        Kind::Text,
        "Enter starts a new line; {Editor.NextField} goes to the next field",
    ),
    spec(
        Field::Risk,
        Kind::Text,
        "Enter starts a new line; {Editor.NextField} goes to the next field",
    ),
    spec(
        Field::Irreversible,
        Kind::Flag {
            yes: "[x] yes — cannot be undone",
            no: "[ ] no",
        },
        "{Editor.Toggle} toggles: can this change be undone once applied?",
    ),
    spec(
        Field::Backout,
        Kind::Text,
        "Enter starts a new line; {Editor.NextField} goes to the next field",
    ),
];

/// An open editor on a new or existing change.
pub struct ChangeEditor {
    /// `None` while adding a new change.
    pub target: Option<ChangeId>,
    /// The change as it was when the editor opened (to tell edits apart).
    pub original: ChangeFields,
    pub form: Form,
}

impl ChangeEditor {
    /// An editor for a new change (`target` None) or for an existing one; the area
    /// field offers the session's areas, then the user's (`more_areas`) it lacks.
    pub fn open(
        session: &Session,
        target: Option<ChangeId>,
        more_areas: &[String],
    ) -> ChangeEditor {
        let original = target
            .and_then(|id| session.change(id))
            .map(|c| c.fields.clone())
            .unwrap_or_default();
        let deps = session.change_labels(&original.depends_on);
        let mut form = Form::new(&FIELDS);
        for f in Field::ALL {
            if let Some(text) = original.text(f) {
                form.set_text(f.index(), text);
            }
        }
        form.set_text(Field::DependsOn.index(), &deps);
        let mut areas = session.areas().clone();
        for area in more_areas {
            if !areas.iter().any(|a| a.eq_ignore_ascii_case(area)) {
                areas.push(area.clone());
            }
        }
        form.offer(Field::Area.index(), areas);
        let mut editor = ChangeEditor {
            target,
            original,
            form,
        };
        editor.set_action(editor.original.action);
        editor.set_irreversible(editor.original.irreversible);
        editor
    }

    pub fn field(&self) -> Field {
        Field::ALL[self.form.focus.min(Field::ALL.len() - 1)]
    }

    pub fn text(&self, f: Field) -> String {
        self.form.text(f.index())
    }

    pub fn action(&self) -> Action {
        ACTIONS[self.form.choice(Field::Action.index()).min(2)]
    }

    pub fn set_action(&mut self, action: Action) {
        let i = ACTIONS.iter().position(|a| *a == action).unwrap_or(1);
        self.form.set_choice(Field::Action.index(), i);
    }

    pub fn irreversible(&self) -> bool {
        self.form.flag(Field::Irreversible.index())
    }

    pub fn set_irreversible(&mut self, on: bool) {
        self.form.set_flag(Field::Irreversible.index(), on);
    }

    /// The fields as typed, with dependencies looked up by WP number.
    pub fn fields(&self, session: &Session) -> Result<ChangeFields, String> {
        let text = self.text(Field::DependsOn);
        let depends_on = session
            .change_ids_named(&text)
            .map_err(|name| format!("Depends on: no change called \"{name}\""))?;
        let mut fields = ChangeFields {
            action: self.action(),
            depends_on,
            irreversible: self.irreversible(),
            ..ChangeFields::default()
        };
        for f in Field::ALL {
            let text = self.text(f);
            if let Some(value) = fields.text_mut(f) {
                *value = if f.info().trimmed {
                    text.trim().to_string()
                } else {
                    text
                };
            }
        }
        Ok(fields)
    }

    /// Whether anything differs from the change as it was opened.
    pub fn is_dirty(&self, session: &Session) -> bool {
        match self.fields(session) {
            Ok(f) => f != self.original,
            Err(_) => true,
        }
    }

    /// The other active changes to the same area and item (they must be replayed in
    /// order), as labels.
    pub fn same_target(&self, session: &Session) -> Vec<String> {
        let area = self.text(Field::Area).trim().to_lowercase();
        let item = self.text(Field::Item).trim().to_lowercase();
        if area.is_empty() || item.is_empty() {
            return Vec::new();
        }
        session
            .active_changes()
            .filter(|c| Some(c.id) != self.target)
            .filter(|c| {
                c.fields.area.to_lowercase() == area && c.fields.item.to_lowercase() == item
            })
            .map(|c| c.label())
            .collect()
    }
}
