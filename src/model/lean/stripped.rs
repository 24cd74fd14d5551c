//! A change as the lean copy keeps it beside its row: without the texts that describe
//! it, made as a copy ([`stripped`]) or written straight from the change ([`Stripped`]),
//! the two alike to the byte (a test in the lean copy's tests checks it).

use super::super::ChangeId;
use super::super::application::Application;
use super::super::work_plan::{Action, Change, ChangeFields, Removal};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A change without the texts that describe it (area, item, how to navigate, before,
/// after, description, replication notes, risk): what the ops the lean copy takes, and
/// the commands that make them, read of it.
pub fn stripped(c: &Change) -> Change {
    // Every field named, so that a new one is thought about here.
    let Change {
        id,
        number,
        fields,
        author,
        created_at,
        updated_by,
        updated_at,
        revision,
        changed_at_revision,
        removed,
        applications,
    } = c;
    Change {
        id: *id,
        number: *number,
        fields: ChangeFields {
            action: fields.action,
            depends_on: fields.depends_on.clone(),
            irreversible: fields.irreversible,
            backout_note: fields.backout_note.clone(),
            ..ChangeFields::default()
        },
        author: author.clone(),
        created_at: *created_at,
        updated_by: updated_by.clone(),
        updated_at: *updated_at,
        revision: *revision,
        changed_at_revision: *changed_at_revision,
        removed: removed.clone(),
        applications: applications.clone(),
    }
}

/// A change written as its [`stripped`] copy is, without making the copy.
#[derive(Serialize)]
pub struct Stripped<'a> {
    id: &'a ChangeId,
    number: u32,
    fields: StrippedFields<'a>,
    author: &'a str,
    created_at: &'a DateTime<Utc>,
    updated_by: &'a str,
    updated_at: &'a DateTime<Utc>,
    revision: u32,
    changed_at_revision: u64,
    removed: &'a Option<Box<Removal>>,
    applications: &'a [Application],
}

#[derive(Serialize)]
struct StrippedFields<'a> {
    area: &'static str,
    item: &'static str,
    action: Action,
    navigation: &'static str,
    before: &'static str,
    after: &'static str,
    description: &'static str,
    replication_notes: &'static str,
    depends_on: &'a [ChangeId],
    risk_note: &'static str,
    irreversible: bool,
    backout_note: &'a str,
}

impl<'a> Stripped<'a> {
    pub fn of(c: &'a Change) -> Stripped<'a> {
        // Every field named, so that a new one is thought about here.
        let Change {
            id,
            number,
            fields,
            author,
            created_at,
            updated_by,
            updated_at,
            revision,
            changed_at_revision,
            removed,
            applications,
        } = c;
        Stripped {
            id,
            number: *number,
            fields: StrippedFields {
                area: "",
                item: "",
                action: fields.action,
                navigation: "",
                before: "",
                after: "",
                description: "",
                replication_notes: "",
                depends_on: &fields.depends_on,
                risk_note: "",
                irreversible: fields.irreversible,
                backout_note: &fields.backout_note,
            },
            author,
            created_at,
            updated_by,
            updated_at,
            revision: *revision,
            changed_at_revision: *changed_at_revision,
            removed,
            applications,
        }
    }
}
