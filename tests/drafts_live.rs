//! The draft kept while typing (issue 11): it stays until what was typed is in the
//! session file, and its typing lock lasts as long as the program, so no other open
//! offers it meanwhile; a lock a dead program left is cleared.

mod common;

use cmo_promote::app::AppEvent;
use cmo_promote::model::{ChangeEdit, OpKind};
use cmo_promote::store::read_drafts;
use common::app_fx::fx;
use common::{files_beside, hold_lock};

#[test]
fn a_saved_edit_keeps_its_draft_until_the_save_is_in_the_file() {
    let mut f = fx();
    let path = f.app.doc.path.clone();
    f.type_change_kept_while_typing("Typed then saved");

    // Another writer holds the file: the save waits, and so does the draft.
    let lock = hold_lock(&path);
    f.ctrl('s');
    assert!(f.app.promotion.editor.is_none());
    for _ in 0..5 {
        f.app.handle(AppEvent::Tick);
    }
    assert_eq!(
        files_beside(&path, ".draft-").len(),
        1,
        "the draft stays while the edit is not in the file"
    );
    assert!(
        read_drafts::<cmo_promote::app::Draft>(&path, "ann").is_empty(),
        "not offered to another open: its author's program still runs"
    );
    drop(lock);
    f.wait_until("the save and the draft's removal", |a| {
        a.pending.is_empty() && files_beside(&a.doc.path, ".draft-").is_empty()
    });
    assert_eq!(
        files_beside(&path, ".typing-").len(),
        1,
        "the typing lock stays for the next text typed"
    );
}

#[test]
fn a_typing_lock_no_program_holds_is_cleared_by_the_next_reader() {
    let f = fx();
    let path = f.app.doc.path.clone();
    let dead = path.with_file_name(format!(
        "{}.typing-ann-4000000.lock",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&dead, "").unwrap();
    assert!(read_drafts::<cmo_promote::app::Draft>(&path, "ann").is_empty());
    assert!(!dead.exists(), "a dead program's lock is removed");
}

#[test]
fn quitting_right_after_a_save_leaves_no_draft_to_offer() {
    let mut f = fx();
    let path = f.app.doc.path.clone();
    f.type_change_kept_while_typing("Saved then quit");

    // The save is still under way when the user quits: no tick comes after it.
    let lock = hold_lock(&path);
    f.ctrl('s');
    drop(lock);
    f.app
        .flush_while(|| true)
        .expect("the last save goes into the file");
    assert!(
        files_beside(&path, ".draft-").is_empty(),
        "the saved text's draft is gone once the quit's save is in"
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("Saved then quit"),
        "and the text is in the session file"
    );
}

#[test]
fn a_save_that_came_back_as_a_conflict_keeps_its_draft_through_a_quit() {
    let mut f = fx();
    f.add_change("Forms", "Intake");
    f.app.flush_while(|| true).unwrap();
    let path = f.app.doc.path.clone();
    let id = f.s().changes()[0].id;
    // Ann edits the change and types; a tick keeps the text in its draft file.
    f.ch('e');
    f.tab();
    f.typ(" typed by ann");
    f.app.handle(AppEvent::Tick);
    assert_eq!(files_beside(&path, ".draft-").len(), 1, "kept while typing");
    // Bob renames the item meanwhile.
    common::saved_by(
        &path,
        "bob",
        OpKind::EditChange {
            change: id,
            edits: vec![ChangeEdit::Item("Intake (bob)".into())],
            was: vec![],
        },
    );
    // Ann saves and quits at once: her edit comes back as a conflict.
    f.ctrl('s');
    f.app.flush_while(|| true).unwrap();
    assert_eq!(f.app.conflicts.len(), 1);
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains("typed by ann")
    );
    assert_eq!(
        files_beside(&path, ".draft-").len(),
        1,
        "the draft is the only copy of her text: it stays, to be offered"
    );
    // Dropped from the conflicts list, it goes at the next tick.
    f.app.conflicts.clear();
    f.app.handle(AppEvent::Tick);
    assert!(files_beside(&path, ".draft-").is_empty());
}
