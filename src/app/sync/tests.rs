//! The session as on file that the app keeps while its edits wait for their save:
//! brought along as saves land, so that the next save can build on it.

use super::super::App;
use crate::clock::FixedClock;
use crate::model::{ChangeFields, Op, OpId, OpKind, Session, SessionMeta};
use crate::store::{Loaded, Store, builtin_template, save_ops};
use std::sync::Arc;

fn t0() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap()
}

fn note(text: &str) -> OpKind {
    OpKind::SetStepNotes {
        step: 1,
        notes: text.into(),
        was: None,
    }
}

/// An app without a saver on a new session file: the test hands it what a saver
/// would report.
fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let meta = SessionMeta {
        id: uuid::Uuid::from_u128(12),
        title: "Kept".into(),
        created_at: t0(),
        created_by: "ann".into(),
    };
    let session = Session::new(&builtin_template().unwrap(), meta).unwrap();
    let path = Store::open(dir.path().to_path_buf())
        .create(&session)
        .unwrap();
    let doc = Loaded::load(&path).unwrap();
    let app = App::new(doc, "ann", Arc::new(FixedClock::new(t0())), None);
    (dir, app)
}

fn on_disk(app: &App) -> Session {
    Loaded::load(&app.doc.path).unwrap().session
}

/// What the saver would report for the app's pending ops now.
fn save_now(app: &App) -> crate::store::Saved {
    save_ops(&app.doc.at(), app.on_file.clone(), &app.pending).unwrap()
}

#[test]
fn the_session_as_on_file_follows_each_save_while_edits_made_since_wait() {
    let (_dir, mut app) = app();
    assert!(app.on_file.is_none(), "nothing kept with nothing to save");
    assert!(app.commit(note("first")));
    let before = on_disk(&app);
    assert_eq!(app.on_file.as_ref(), Some(&before), "kept as it was before");
    let first = save_now(&app);
    // Made while the first was being saved.
    assert!(app.commit(note("second")));
    app.took_commit(first);
    assert_eq!(app.pending.len(), 1);
    assert_eq!(
        app.on_file.as_ref(),
        Some(&on_disk(&app)),
        "with the first in it"
    );
    // Bob saves before the second is: the save reads his op alone and merges.
    let mut bob = Loaded::load(&app.doc.path).unwrap();
    let by_bob = OpKind::AddChange {
        fields: Box::new(ChangeFields {
            area: "Forms".into(),
            item: "By Bob".into(),
            ..Default::default()
        }),
    };
    bob.apply_and_commit(Op::new(OpId::new_random(), "bob", t0(), by_bob))
        .unwrap();
    let second = save_now(&app);
    assert!(second.rebased);
    // And a third is made before the app hears of it.
    assert!(app.commit(note("third")));
    app.took_commit(second);
    assert_eq!(app.on_file.as_ref(), Some(&on_disk(&app)), "bob's op in it");
    assert_eq!(app.doc.session.changes().len(), 1);
    let third = save_now(&app);
    app.took_commit(third);
    assert!(app.pending.is_empty());
    assert!(app.on_file.is_none(), "let go once every edit is saved");
    assert_eq!(app.doc.session, on_disk(&app));
}

#[test]
fn an_edit_refused_here_keeps_no_session() {
    let (_dir, mut app) = app();
    assert!(!app.commit(OpKind::CompleteStep { step: 99 }));
    assert!(app.on_file.is_none());
}
