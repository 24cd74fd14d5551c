//! The one table of the fields of a Work Plan change: how a person, a form, a command,
//! a spreadsheet column and a report name each one, what it holds, whether it is
//! required and whether the Work Plan's filter searches it. The editor, `log`, the
//! filter, the checks of `apply`, and import and export all read it here.

use super::work_plan::{ChangeEdit, ChangeFields};

/// A field of a change, in the order the editor shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeField {
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

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// One line of text (trimmed when saved).
    Line,
    /// Text of several lines (kept as typed).
    Text,
    /// Add, modify or remove.
    Action,
    /// Other changes, by WP number.
    Changes,
    /// Yes or no.
    Flag,
}

/// How a field is named and treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldInfo {
    pub field: ChangeField,
    /// Its label in forms and reports: `Navigation`.
    pub label: &'static str,
    /// Its name as a spreadsheet column or a command option: `navigation`.
    pub column: &'static str,
    /// Its name in a sentence: `the navigation path`.
    pub words: &'static str,
    /// What it holds, in a line (for `--help` and legends).
    pub about: &'static str,
    pub kind: ValueKind,
    /// A change is refused without it.
    pub required: bool,
    /// Saved without spaces around it. (Part of what an op does, so never changed for
    /// a field: histories must replay as they did.)
    pub trimmed: bool,
    /// The Work Plan's filter looks for text in it.
    pub searched: bool,
}

const fn info(
    field: ChangeField,
    label: &'static str,
    column: &'static str,
    words: &'static str,
    kind: ValueKind,
    [required, trimmed, searched]: [bool; 3],
    about: &'static str,
) -> FieldInfo {
    FieldInfo {
        field,
        label,
        column,
        words,
        about,
        kind,
        required,
        trimmed,
        searched,
    }
}

/// Flags of a field: required, trimmed, searched by the filter.
const REQUIRED: [bool; 3] = [true, true, true];
const TRIMMED_SEARCHED: [bool; 3] = [false, true, true];
const SEARCHED: [bool; 3] = [false, false, true];
const PLAIN: [bool; 3] = [false, false, false];

use ChangeField as F;
use ValueKind as V;

/// Every field of a change, in the editor's order.
pub const CHANGE_FIELDS: [FieldInfo; 12] = [
    info(
        F::Area,
        "Area",
        "area",
        "the area",
        V::Line,
        REQUIRED,
        "CMO admin area (Forms, Custom Fields, Business Rules, …) or any text",
    ),
    info(
        F::Item,
        "Item",
        "item",
        "the item",
        V::Line,
        REQUIRED,
        "The object changed, e.g. the form or rule name",
    ),
    info(
        F::Action,
        "Action",
        "action",
        "the action",
        V::Action,
        PLAIN,
        "What the change does to the item: add, modify or remove",
    ),
    info(
        F::Navigation,
        "Navigation",
        "navigation",
        "the navigation path",
        V::Line,
        TRIMMED_SEARCHED,
        "How to reach the item in the admin screens",
    ),
    info(
        F::Before,
        "Before",
        "before",
        "the before value",
        V::Text,
        SEARCHED,
        "The value before the change",
    ),
    info(
        F::After,
        "After",
        "after",
        "the after value",
        V::Text,
        SEARCHED,
        "The value after the change",
    ),
    info(
        F::DependsOn,
        "Depends on",
        "depends_on",
        "the dependencies",
        V::Changes,
        PLAIN,
        "Changes to apply first, e.g. WP-001,WP-004",
    ),
    info(
        F::Description,
        "Description",
        "description",
        "the description",
        V::Text,
        SEARCHED,
        "What was done and why",
    ),
    info(
        F::Replication,
        "Replication",
        "replication_notes",
        "the replication notes",
        V::Text,
        PLAIN,
        "What someone repeating the change must know",
    ),
    info(
        F::Risk,
        "Risk note",
        "risk_note",
        "the risk note",
        V::Text,
        PLAIN,
        "What could go wrong",
    ),
    info(
        F::Irreversible,
        "Irreversible",
        "irreversible",
        "the irreversible flag",
        V::Flag,
        PLAIN,
        "It cannot be undone once applied (e.g. a field deleted with its data)",
    ),
    info(
        F::Backout,
        "Back-out",
        "backout_note",
        "the back-out note",
        V::Text,
        PLAIN,
        "How to undo it if it goes wrong",
    ),
];

impl ChangeField {
    /// Every field, in the editor's order.
    pub const ALL: [ChangeField; 12] = [
        F::Area,
        F::Item,
        F::Action,
        F::Navigation,
        F::Before,
        F::After,
        F::DependsOn,
        F::Description,
        F::Replication,
        F::Risk,
        F::Irreversible,
        F::Backout,
    ];

    /// The field's place in [`ChangeField::ALL`] and [`CHANGE_FIELDS`].
    pub const fn index(self) -> usize {
        self as usize
    }

    pub const fn info(self) -> &'static FieldInfo {
        &CHANGE_FIELDS[self.index()]
    }

    pub const fn label(self) -> &'static str {
        self.info().label
    }

    /// Typed as text (the others are chosen or listed).
    pub const fn is_text(self) -> bool {
        matches!(self.info().kind, ValueKind::Line | ValueKind::Text)
    }

    /// Text of several lines.
    pub const fn is_multiline(self) -> bool {
        matches!(self.info().kind, ValueKind::Text)
    }
}

impl ChangeFields {
    /// The text of a text field (`None` for the action, the dependencies and the flag).
    pub fn text(&self, f: ChangeField) -> Option<&str> {
        let text = match f {
            F::Area => &self.area,
            F::Item => &self.item,
            F::Navigation => &self.navigation,
            F::Before => &self.before,
            F::After => &self.after,
            F::Description => &self.description,
            F::Replication => &self.replication_notes,
            F::Risk => &self.risk_note,
            F::Backout => &self.backout_note,
            F::Action | F::DependsOn | F::Irreversible => return None,
        };
        Some(text)
    }

    /// The text of a text field, to change it.
    pub fn text_mut(&mut self, f: ChangeField) -> Option<&mut String> {
        let text = match f {
            F::Area => &mut self.area,
            F::Item => &mut self.item,
            F::Navigation => &mut self.navigation,
            F::Before => &mut self.before,
            F::After => &mut self.after,
            F::Description => &mut self.description,
            F::Replication => &mut self.replication_notes,
            F::Risk => &mut self.risk_note,
            F::Backout => &mut self.backout_note,
            F::Action | F::DependsOn | F::Irreversible => return None,
        };
        Some(text)
    }
}

impl ChangeEdit {
    /// The edit that would set the same field to the value it has in `fields`.
    pub fn now_in(&self, fields: &ChangeFields) -> ChangeEdit {
        let f = fields.clone();
        match self {
            ChangeEdit::Area(_) => ChangeEdit::Area(f.area),
            ChangeEdit::Item(_) => ChangeEdit::Item(f.item),
            ChangeEdit::Action(_) => ChangeEdit::Action(f.action),
            ChangeEdit::Navigation(_) => ChangeEdit::Navigation(f.navigation),
            ChangeEdit::Before(_) => ChangeEdit::Before(f.before),
            ChangeEdit::After(_) => ChangeEdit::After(f.after),
            ChangeEdit::Description(_) => ChangeEdit::Description(f.description),
            ChangeEdit::ReplicationNotes(_) => ChangeEdit::ReplicationNotes(f.replication_notes),
            ChangeEdit::DependsOn(_) => ChangeEdit::DependsOn(f.depends_on),
            ChangeEdit::RiskNote(_) => ChangeEdit::RiskNote(f.risk_note),
            ChangeEdit::Irreversible(_) => ChangeEdit::Irreversible(f.irreversible),
            ChangeEdit::BackoutNote(_) => ChangeEdit::BackoutNote(f.backout_note),
        }
    }

    /// The field this edit sets.
    pub fn field(&self) -> ChangeField {
        match self {
            ChangeEdit::Area(_) => F::Area,
            ChangeEdit::Item(_) => F::Item,
            ChangeEdit::Action(_) => F::Action,
            ChangeEdit::Navigation(_) => F::Navigation,
            ChangeEdit::Before(_) => F::Before,
            ChangeEdit::After(_) => F::After,
            ChangeEdit::Description(_) => F::Description,
            ChangeEdit::ReplicationNotes(_) => F::Replication,
            ChangeEdit::DependsOn(_) => F::DependsOn,
            ChangeEdit::RiskNote(_) => F::Risk,
            ChangeEdit::Irreversible(_) => F::Irreversible,
            ChangeEdit::BackoutNote(_) => F::Backout,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_and_the_field_list_agree() {
        for (i, f) in ChangeField::ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
            assert_eq!(f.info().field, *f);
        }
        let mut fields = ChangeFields::default();
        for f in ChangeField::ALL {
            let is_text = matches!(f.info().kind, ValueKind::Line | ValueKind::Text);
            assert_eq!(fields.text(f).is_some(), is_text, "{f:?}");
            if let Some(t) = fields.text_mut(f) {
                *t = f.info().column.to_string();
            }
        }
        assert_eq!(fields.replication_notes, "replication_notes");
        assert_eq!(fields.text(ChangeField::Risk), Some("risk_note"));
    }
}
