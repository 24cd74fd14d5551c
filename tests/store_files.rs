//! What a save does to the file on disk when the file changed under an open session:
//! it became read-only, broken or inconsistent (nothing is written), or is reached
//! through a link (the real file is written).

mod common;

use cmo_promote::model::{ChangeFields, Op, OpId, OpKind};
use cmo_promote::store::{Loaded, StoreError};
use std::fs;
use std::path::{Path, PathBuf};
use uuid::Uuid;

fn add(n: u128) -> Op {
    Op::new(
        OpId(Uuid::from_u128(n)),
        "ann",
        common::t0(),
        OpKind::AddChange {
            fields: Box::new(ChangeFields {
                area: "Forms".into(),
                item: format!("item {n}"),
                ..Default::default()
            }),
        },
    )
}

/// Applies `op` to a session loaded for writing and commits it.
fn commit(doc: &mut Loaded, op: Op) -> Result<(), StoreError> {
    doc.session.apply(op.clone()).unwrap();
    doc.commit(&[op]).map(|_| ())
}

fn backup_of(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.bak", path.display()))
}

#[cfg(unix)]
#[test]
fn a_file_made_read_only_while_open_is_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let (_data, path) = common::session_file("Open a while");
    let mut doc = Loaded::load_for_writing(&path).unwrap();
    let before = fs::read(&path).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let e = commit(&mut doc, add(1)).unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e}");
    assert!(fs::read(&path).unwrap() == before);
    assert!(!backup_of(&path).exists());
}

#[test]
fn a_file_that_fails_check_or_to_load_meanwhile_is_never_written_over() {
    let (_data, path) = common::session_file("Edited by hand");
    let mut doc = Loaded::load_for_writing(&path).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    // Someone edits the file by hand: a step marked done that no op ever finished.
    let inconsistent = text.replacen("status: Todo,", "status: Done,", 1);
    fs::write(&path, &inconsistent).unwrap();
    match commit(&mut doc, add(1)) {
        Err(StoreError::Inconsistent { problems, .. }) => {
            assert!(
                problems[0].contains("history does not rebuild"),
                "{problems:?}"
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), inconsistent);
    // Or cuts it short.
    let cut = &text[..text.len() / 2];
    fs::write(&path, cut).unwrap();
    let e = commit(&mut doc, add(2)).unwrap_err();
    assert!(matches!(e, StoreError::Parse { .. }), "{e}");
    assert_eq!(fs::read_to_string(&path).unwrap(), cut);
    assert!(!backup_of(&path).exists());
}

#[cfg(unix)]
#[test]
fn a_session_reached_through_a_link_is_loaded_and_saved_as_its_real_file() {
    let (data, path) = common::session_file("Linked");
    let link = data.path().join("link.ron");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let mut doc = Loaded::load_for_writing(&link).unwrap();
    assert_eq!(doc.path, fs::canonicalize(&path).unwrap());
    commit(&mut doc, add(1)).unwrap();
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(Loaded::load(&link).unwrap().session.changes().len(), 1);
    // A rewrite (here asked for; a save does it when a new snapshot is due) keeps the
    // backup beside the real file, and the link a link.
    doc.compact().unwrap();
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(backup_of(&path).exists());
    assert!(fs::symlink_metadata(backup_of(&link)).is_err());
}
