//! An edit that clashed with someone else's, side by side: for each thing it set, your
//! value and the one now in the session; and the op that keeps yours over theirs.

use crate::model::{ChangeEdit, OpError, OpKind, Session};

/// One row of the comparison: what, yours, now.
pub type Side = (String, String, String);

/// What the edit set and what is there now. An edit that is not a value (a status, an
/// attempt) gets one row: the edit, and why it no longer applies.
pub fn sides(kind: &OpKind, error: &OpError, s: &Session) -> Vec<Side> {
    match kind {
        OpKind::EditChange { change, edits, .. } => {
            let Some(c) = s.change(*change) else {
                return other(kind, error, s);
            };
            edits
                .iter()
                .map(|e| {
                    (
                        format!("{} {}", c.label(), e.field_name()),
                        edit_text(e, s),
                        edit_text(&e.now_in(&c.fields), s),
                    )
                })
                .collect()
        }
        OpKind::SetStepNotes { step, notes, .. } => vec![(
            format!("the notes of step {step}"),
            notes.clone(),
            s.step(*step).map(|st| st.notes.clone()).unwrap_or_default(),
        )],
        _ => other(kind, error, s),
    }
}

fn other(kind: &OpKind, error: &OpError, s: &Session) -> Vec<Side> {
    vec![(
        "your edit".into(),
        super::describe_op(kind, s),
        error.to_string(),
    )]
}

/// A field's value as a person reads it.
pub fn edit_text(e: &ChangeEdit, s: &Session) -> String {
    match e {
        ChangeEdit::Action(a) => a.word().to_string(),
        ChangeEdit::DependsOn(list) => s.change_labels(list),
        ChangeEdit::Irreversible(true) => "yes".into(),
        ChangeEdit::Irreversible(false) => "no".into(),
        ChangeEdit::Area(t)
        | ChangeEdit::Item(t)
        | ChangeEdit::Navigation(t)
        | ChangeEdit::Before(t)
        | ChangeEdit::After(t)
        | ChangeEdit::Description(t)
        | ChangeEdit::ReplicationNotes(t)
        | ChangeEdit::RiskNote(t)
        | ChangeEdit::BackoutNote(t) => t.clone(),
    }
}

/// Your edit made again over what is there now: a value edit without the check that
/// the value was unchanged (so yours wins), anything else as it was.
pub fn keep_yours(kind: &OpKind) -> OpKind {
    match kind.clone() {
        OpKind::EditChange { change, edits, .. } => OpKind::EditChange {
            change,
            edits,
            was: Vec::new(),
        },
        OpKind::SetStepNotes { step, notes, .. } => OpKind::SetStepNotes {
            step,
            notes,
            was: None,
        },
        other => other,
    }
}
