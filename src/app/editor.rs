//! The change editor: a form with one field per part of a Work Plan entry (text, the
//! action choice, the irreversible flag); turns what was typed into the fields of an
//! op.

use super::form::{FieldSpec, Form, Kind};
use crate::model::{Action, ChangeFields, ChangeId, KNOWN_AREAS, Session, parse_change_label};

/// The fields in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Area,
    Item,
    Action,
    Navigation,
    Before,
    After,
    DependsOn,
    Description,
    Replication,
    Risk,
    Irreversible,
    Backout,
}

impl Field {
    pub const ORDER: [Field; 12] = [
        Field::Area,
        Field::Item,
        Field::Action,
        Field::Navigation,
        Field::Before,
        Field::After,
        Field::DependsOn,
        Field::Description,
        Field::Replication,
        Field::Risk,
        Field::Irreversible,
        Field::Backout,
    ];

    /// How the field is shown and edited.
    pub fn spec(self) -> &'static FieldSpec {
        &FIELDS[self.index()]
    }

    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The field's place in [`Field::ORDER`] (and in the form).
    pub fn index(self) -> usize {
        Field::ORDER.iter().position(|x| *x == self).unwrap_or(0)
    }

    /// Text fields that take several lines.
    pub fn is_multiline(self) -> bool {
        self.spec().kind.is_multiline()
    }

    /// Fields typed as text (the others are choices).
    pub fn is_text(self) -> bool {
        self.spec().kind.is_text()
    }
}

/// The actions in the order the Action choice shows them.
const ACTIONS: [Action; 3] = [Action::Add, Action::Modify, Action::Remove];

/// The change editor's form, in [`Field::ORDER`].
static FIELDS: [FieldSpec; 12] = [
    FieldSpec {
        label: "Area",
        kind: Kind::Line {
            suggestions: &KNOWN_AREAS,
        },
        hint: "↑/↓ picks a CMO area (Forms, Custom Fields, Business Rules…) or type any text",
    },
    FieldSpec {
        label: "Item",
        kind: Kind::LINE,
        hint: "Enter or Tab goes to the next field",
    },
    FieldSpec {
        label: "Action",
        kind: Kind::Choice(&["add", "modify", "remove"]),
        hint: "Space or ↑/↓ chooses add, modify or remove",
    },
    FieldSpec {
        label: "Navigation",
        kind: Kind::LINE,
        hint: "How to reach the item in CMO's admin screens",
    },
    FieldSpec {
        label: "Before",
        kind: Kind::LINE,
        hint: "Enter or Tab goes to the next field",
    },
    FieldSpec {
        label: "After",
        kind: Kind::LINE,
        hint: "Enter or Tab goes to the next field",
    },
    FieldSpec {
        label: "Depends on",
        kind: Kind::LINE,
        hint: "Changes to apply first, e.g. WP-001, WP-004",
    },
    FieldSpec {
        label: "Description",
        kind: Kind::Text,
        hint: "Enter starts a new line; Tab goes to the next field",
    },
    FieldSpec {
        label: "Replication",
        kind: Kind::Text,
        hint: "Enter starts a new line; Tab goes to the next field",
    },
    FieldSpec {
        label: "Risk note",
        kind: Kind::Text,
        hint: "Enter starts a new line; Tab goes to the next field",
    },
    FieldSpec {
        label: "Irreversible",
        kind: Kind::Flag {
            yes: "[x] yes — cannot be undone",
            no: "[ ] no",
        },
        hint: "Space toggles: can this change be undone once applied?",
    },
    FieldSpec {
        label: "Back-out",
        kind: Kind::Text,
        hint: "Enter starts a new line; Tab goes to the next field",
    },
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
    /// An editor for a new change (`target` None) or for an existing one.
    pub fn open(session: &Session, target: Option<ChangeId>) -> ChangeEditor {
        let original = target
            .and_then(|id| session.change(id))
            .map(|c| c.fields.clone())
            .unwrap_or_default();
        let deps = original
            .depends_on
            .iter()
            .filter_map(|id| session.change(*id).map(|c| c.label()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut form = Form::new(&FIELDS);
        for f in Field::ORDER {
            let value = match f {
                Field::Area => original.area.as_str(),
                Field::Item => original.item.as_str(),
                Field::Navigation => original.navigation.as_str(),
                Field::Before => original.before.as_str(),
                Field::After => original.after.as_str(),
                Field::DependsOn => deps.as_str(),
                Field::Description => original.description.as_str(),
                Field::Replication => original.replication_notes.as_str(),
                Field::Risk => original.risk_note.as_str(),
                Field::Backout => original.backout_note.as_str(),
                Field::Action | Field::Irreversible => continue,
            };
            form.set_text(f.index(), value);
        }
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
        Field::ORDER[self.form.focus.min(Field::ORDER.len() - 1)]
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
        let mut depends_on = Vec::new();
        for part in self
            .text(Field::DependsOn)
            .split([',', ' ', ';'])
            .filter(|p| !p.trim().is_empty())
        {
            let change = parse_change_label(part)
                .and_then(|n| session.change_by_number(n))
                .ok_or_else(|| format!("Depends on: no change called \"{}\"", part.trim()))?;
            depends_on.push(change.id);
        }
        Ok(ChangeFields {
            area: self.text(Field::Area).trim().to_string(),
            item: self.text(Field::Item).trim().to_string(),
            action: self.action(),
            navigation: self.text(Field::Navigation).trim().to_string(),
            before: self.text(Field::Before),
            after: self.text(Field::After),
            description: self.text(Field::Description),
            replication_notes: self.text(Field::Replication),
            depends_on,
            risk_note: self.text(Field::Risk),
            irreversible: self.irreversible(),
            backout_note: self.text(Field::Backout),
        })
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
