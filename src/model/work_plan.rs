//! The Configuration Work Plan: every configuration change, recorded well enough to be
//! replayed by someone else, and where it has been applied.

use super::application::{Application, Outcome};
use super::env::EnvKey;
use super::ids::ChangeId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The CMO admin areas a template offers unless it lists its own: suggestions in the
/// editor; any other text is accepted too.
pub const KNOWN_AREAS: [&str; 22] = [
    "Forms",
    "Custom Fields",
    "Business Rules",
    "Event Workflows",
    "Action Management",
    "Roles",
    "User Groups",
    "Security and Permissions",
    "Org Units",
    "Locations",
    "Lookup Tables",
    "Code Lists",
    "Reports",
    "Dashboards",
    "Email Templates",
    "Document Templates",
    "Notifications",
    "Scheduled Jobs",
    "Data Imports",
    "Integrations",
    "Translations",
    "System Settings",
];

/// [`KNOWN_AREAS`] as a template holds them.
pub fn default_areas() -> Vec<String> {
    KNOWN_AREAS.iter().map(|a| a.to_string()).collect()
}

/// Whether `areas` are the built-in ones (a session then need not list them).
pub fn is_default_areas(areas: &[String]) -> bool {
    areas.iter().map(String::as_str).eq(KNOWN_AREAS)
}

/// What the change does to its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Action {
    Add,
    #[default]
    Modify,
    Remove,
}

impl Action {
    pub fn word(self) -> &'static str {
        match self {
            Action::Add => "add",
            Action::Modify => "modify",
            Action::Remove => "remove",
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        match text.trim().to_ascii_lowercase().as_str() {
            "add" | "new" => Some(Action::Add),
            "modify" | "change" | "edit" => Some(Action::Modify),
            "remove" | "delete" => Some(Action::Remove),
            _ => None,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// The user-editable content of a change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeFields {
    /// The CMO admin area (see [`KNOWN_AREAS`]) or free text.
    pub area: String,
    /// The object changed, e.g. the form or rule name.
    pub item: String,
    pub action: Action,
    /// How to reach the item in the admin screens.
    pub navigation: String,
    pub before: String,
    pub after: String,
    pub description: String,
    pub replication_notes: String,
    /// Changes that must be applied before this one.
    pub depends_on: Vec<ChangeId>,
    pub risk_note: String,
    /// Cannot be undone once applied (e.g. a field deleted with its data).
    pub irreversible: bool,
    pub backout_note: String,
}

/// One field of a change set to a new value; an edit carries only what it changes, so
/// two people editing different fields of one change do not overwrite each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeEdit {
    Area(String),
    Item(String),
    Action(Action),
    Navigation(String),
    Before(String),
    After(String),
    Description(String),
    ReplicationNotes(String),
    DependsOn(Vec<ChangeId>),
    RiskNote(String),
    Irreversible(bool),
    BackoutNote(String),
}

impl ChangeEdit {
    /// Writes this edit into `fields`.
    pub fn apply_to(&self, fields: &mut ChangeFields) {
        match self.clone() {
            ChangeEdit::Area(v) => fields.area = v,
            ChangeEdit::Item(v) => fields.item = v,
            ChangeEdit::Action(v) => fields.action = v,
            ChangeEdit::Navigation(v) => fields.navigation = v,
            ChangeEdit::Before(v) => fields.before = v,
            ChangeEdit::After(v) => fields.after = v,
            ChangeEdit::Description(v) => fields.description = v,
            ChangeEdit::ReplicationNotes(v) => fields.replication_notes = v,
            ChangeEdit::DependsOn(v) => fields.depends_on = v,
            ChangeEdit::RiskNote(v) => fields.risk_note = v,
            ChangeEdit::Irreversible(v) => fields.irreversible = v,
            ChangeEdit::BackoutNote(v) => fields.backout_note = v,
        }
    }

    /// Whether `fields` already has this value.
    pub fn holds_in(&self, fields: &ChangeFields) -> bool {
        let mut with = fields.clone();
        self.apply_to(&mut with);
        with == *fields
    }

    /// The name of the field this edit sets, in a sentence (`the navigation path`).
    pub fn field_name(&self) -> &'static str {
        self.field().info().words
    }

    /// The edits that turn `old` into `new`, one per differing field.
    pub fn diff(old: &ChangeFields, new: &ChangeFields) -> Vec<ChangeEdit> {
        let mut edits = Vec::new();
        macro_rules! cmp {
            ($field:ident, $variant:ident) => {
                if old.$field != new.$field {
                    edits.push(ChangeEdit::$variant(new.$field.clone()));
                }
            };
        }
        cmp!(area, Area);
        cmp!(item, Item);
        cmp!(action, Action);
        cmp!(navigation, Navigation);
        cmp!(before, Before);
        cmp!(after, After);
        cmp!(description, Description);
        cmp!(replication_notes, ReplicationNotes);
        cmp!(depends_on, DependsOn);
        cmp!(risk_note, RiskNote);
        cmp!(irreversible, Irreversible);
        cmp!(backout_note, BackoutNote);
        edits
    }
}

/// Why and by whom a change was taken out of the Work Plan. It stays in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

/// A Work Plan entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub id: ChangeId,
    /// Display number: WP-001, WP-002, … never reused.
    pub number: u32,
    pub fields: ChangeFields,
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
    /// How many times the change has been edited since it was added.
    pub revision: u32,
    /// The session's Work Plan revision of the last op that added, edited or removed
    /// this change (moves do not count): passes recorded before it need a retest.
    #[serde(default)]
    pub changed_at_revision: u64,
    pub removed: Option<Box<Removal>>,
    /// Every attempt to apply it, oldest first.
    pub applications: Vec<Application>,
}

impl Change {
    /// `WP-001` style label.
    pub fn label(&self) -> String {
        format!("WP-{:03}", self.number)
    }

    pub fn is_removed(&self) -> bool {
        self.removed.is_some()
    }

    /// The latest attempt in `env` that counts (cancelled ones do not), if any.
    pub fn latest_application(&self, env: EnvKey) -> Option<&Application> {
        self.applications
            .iter()
            .rev()
            .find(|a| a.env == env && a.counts())
    }

    /// The attempt under way in `env`, if any.
    pub fn open_application(&self, env: EnvKey) -> Option<&Application> {
        self.latest_application(env).filter(|a| a.outcome.is_none())
    }

    /// Whether the latest attempt in `env` applied it.
    pub fn is_applied_in(&self, env: EnvKey) -> bool {
        self.latest_application(env)
            .is_some_and(|a| a.outcome == Some(Outcome::Applied))
    }

    /// Whether the latest attempt in `env` is over (applied, failed or skipped).
    pub fn is_finished_in(&self, env: EnvKey) -> bool {
        self.latest_application(env)
            .is_some_and(|a| a.outcome.is_some())
    }

    /// The attempt under way in `env`, if any.
    pub(crate) fn open_application_mut(&mut self, env: EnvKey) -> Option<&mut Application> {
        self.applications
            .iter_mut()
            .rev()
            .find(|a| a.env == env && a.counts())
            .filter(|a| a.outcome.is_none())
    }
}

/// Parses `WP-7`, `wp-007` or `7` into a display number.
pub fn parse_change_label(text: &str) -> Option<u32> {
    let t = text.trim();
    let digits = t
        .strip_prefix("WP-")
        .or_else(|| t.strip_prefix("wp-"))
        .unwrap_or(t);
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_then_apply_turns_old_fields_into_new() {
        let old = ChangeFields {
            area: "Forms".into(),
            item: "Incident".into(),
            ..Default::default()
        };
        let new = ChangeFields {
            area: "Forms".into(),
            item: "Incident report".into(),
            irreversible: true,
            description: "Rename".into(),
            ..Default::default()
        };
        let edits = ChangeEdit::diff(&old, &new);
        assert_eq!(edits.len(), 3);
        let mut fields = old.clone();
        for e in &edits {
            e.apply_to(&mut fields);
        }
        assert_eq!(fields, new);
        assert!(ChangeEdit::diff(&new, &new).is_empty());
    }

    #[test]
    fn change_labels_parse_with_or_without_prefix() {
        assert_eq!(parse_change_label("WP-007"), Some(7));
        assert_eq!(parse_change_label("wp-12"), Some(12));
        assert_eq!(parse_change_label(" 3 "), Some(3));
        assert_eq!(parse_change_label("TS-1"), None);
    }
}
