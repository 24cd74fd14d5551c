//! The change editor: one text field per part of a Work Plan entry, the action choice
//! and the irreversible flag; turns what was typed into the fields of an op.

use super::text::{field, paste, text_of, type_key};
use crate::model::{Action, ChangeFields, ChangeId, KNOWN_AREAS, Session, parse_change_label};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

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

    pub fn label(self) -> &'static str {
        match self {
            Field::Area => "Area",
            Field::Item => "Item",
            Field::Action => "Action",
            Field::Navigation => "Navigation",
            Field::Before => "Before",
            Field::After => "After",
            Field::DependsOn => "Depends on",
            Field::Description => "Description",
            Field::Replication => "Replication",
            Field::Risk => "Risk note",
            Field::Irreversible => "Irreversible",
            Field::Backout => "Back-out",
        }
    }

    /// The field's place in [`Field::ORDER`] (and in the editor's text areas).
    pub fn index(self) -> usize {
        Field::ORDER.iter().position(|x| *x == self).unwrap_or(0)
    }

    /// Text fields that take several lines.
    pub fn is_multiline(self) -> bool {
        matches!(
            self,
            Field::Description | Field::Replication | Field::Risk | Field::Backout
        )
    }

    /// Fields typed as text (the others are choices).
    pub fn is_text(self) -> bool {
        !matches!(self, Field::Action | Field::Irreversible)
    }
}

/// An open editor on a new or existing change.
pub struct ChangeEditor {
    /// `None` while adding a new change.
    pub target: Option<ChangeId>,
    /// The change as it was when the editor opened (to tell edits apart).
    pub original: ChangeFields,
    pub focus: usize,
    /// One text area per field in [`Field::ORDER`] (choice fields have an unused one).
    pub texts: Vec<TextArea<'static>>,
    pub action: Action,
    pub irreversible: bool,
    /// Why the last save was refused.
    pub error: Option<String>,
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
        let texts = Field::ORDER
            .iter()
            .map(|f| {
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
                    Field::Action | Field::Irreversible => "",
                };
                field(value, f.is_multiline())
            })
            .collect();
        ChangeEditor {
            target,
            action: original.action,
            irreversible: original.irreversible,
            original,
            focus: 0,
            texts,
            error: None,
        }
    }

    pub fn field(&self) -> Field {
        Field::ORDER[self.focus]
    }

    pub fn text(&self, f: Field) -> String {
        text_of(&self.texts[f.index()])
    }

    pub fn next_field(&mut self, forward: bool) {
        let n = Field::ORDER.len();
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// A key for the focused field (editor keys such as Tab were taken already).
    pub fn type_key(&mut self, key: KeyEvent) {
        let f = self.field();
        if f.is_text() {
            if !f.is_multiline() && key.code == ratatui::crossterm::event::KeyCode::Enter {
                self.next_field(true);
                return;
            }
            type_key(&mut self.texts[self.focus], key, f.is_multiline());
            self.error = None;
        }
    }

    pub fn paste(&mut self, text: &str) {
        let f = self.field();
        if f.is_text() {
            paste(&mut self.texts[self.focus], text, f.is_multiline());
            self.error = None;
        }
    }

    /// Up/Down on a choice: the action cycles, the area steps through CMO's areas.
    pub fn pick(&mut self, forward: bool) {
        match self.field() {
            Field::Action => self.action = cycle_action(self.action, forward),
            Field::Area => {
                let current = self.text(Field::Area);
                let pos = KNOWN_AREAS
                    .iter()
                    .position(|a| a.eq_ignore_ascii_case(current.trim()));
                // Free text someone typed is theirs: ↑/↓ only steps through the list
                // from an empty field or one of its own entries.
                if pos.is_none() && !current.trim().is_empty() {
                    return;
                }
                let n = KNOWN_AREAS.len();
                let next = match (pos, forward) {
                    (None, true) => 0,
                    (None, false) => n - 1,
                    (Some(i), true) => (i + 1) % n,
                    (Some(i), false) => (i + n - 1) % n,
                };
                self.texts[Field::Area.index()] = field(KNOWN_AREAS[next], false);
            }
            _ => {}
        }
    }

    /// Space on a choice field.
    pub fn toggle(&mut self) {
        match self.field() {
            Field::Irreversible => self.irreversible = !self.irreversible,
            Field::Action => self.action = cycle_action(self.action, true),
            _ => {}
        }
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
            action: self.action,
            navigation: self.text(Field::Navigation).trim().to_string(),
            before: self.text(Field::Before),
            after: self.text(Field::After),
            description: self.text(Field::Description),
            replication_notes: self.text(Field::Replication),
            depends_on,
            risk_note: self.text(Field::Risk),
            irreversible: self.irreversible,
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

fn cycle_action(a: Action, forward: bool) -> Action {
    let all = [Action::Add, Action::Modify, Action::Remove];
    let i = all.iter().position(|x| *x == a).unwrap_or(1);
    all[if forward { (i + 1) % 3 } else { (i + 2) % 3 }]
}
