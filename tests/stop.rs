//! Stopping at once (a signal, a closed terminal) loses nothing: the text being typed is
//! kept as a draft and offered back at the next open, and edits the saver could not
//! write in time go to a rescue file.

mod common;

use cmo_promote::app::{App, AppEvent, Modal, Pane, Purpose, Saver, Unsaved};
use cmo_promote::model::Op;
use cmo_promote::store::{Loaded, read_drafts};
use common::app_fx::{Fx, fx};
use common::files_beside;
use ratatui::crossterm::event::KeyCode;
use std::fs;
use std::sync::{Arc, Mutex};

/// Stops the app as a signal would, returning what it told the user.
fn stop(f: &mut Fx) -> Vec<String> {
    let shared = Mutex::new(f.app.unsaved());
    f.app.stop_now(&shared)
}

/// The same user opening the session again, with the drafts kept for them offered.
fn reopen(f: &Fx) -> App {
    let path = f.app.doc.path.clone();
    let loaded = Loaded::load(&path).unwrap();
    let saver = Saver::spawn(&loaded);
    let mut app = App::new(loaded, "ann", f.clock.clone(), Some(saver));
    app.handle(AppEvent::Resize(100, 30));
    let drafts = read_drafts(&path, "ann")
        .into_iter()
        .map(|(p, d)| (p, d.unwrap()))
        .collect();
    app.offer_drafts(drafts);
    app
}

fn press(app: &mut App, c: char) {
    app.handle(AppEvent::Key(ratatui::crossterm::event::KeyEvent::from(
        KeyCode::Char(c),
    )));
}

#[test]
fn text_typed_in_the_change_editor_is_kept_and_offered_back() {
    let mut f = fx();
    f.app.focus = Pane::WorkPlan;
    f.ch('a');
    f.typ("Forms");
    f.tab();
    f.typ("Incident report");
    let notes = stop(&mut f);
    let session = f.app.doc.path.clone();
    let drafts = files_beside(&session, ".draft-");
    assert_eq!(drafts.len(), 1, "one draft beside the session: {notes:?}");
    assert!(
        notes
            .iter()
            .any(|n| n.contains(&*drafts[0].to_string_lossy())),
        "the user is told where it went: {notes:?}"
    );

    let mut app = reopen(&f);
    assert!(
        matches!(
            &app.modal,
            Some(Modal::Confirm {
                purpose: Purpose::RestoreDraft,
                question
            }) if question.contains("a new change (Incident report)")
        ),
        "the draft is offered back"
    );
    press(&mut app, 'x');
    assert!(app.modal.is_some(), "any other key keeps the question open");
    press(&mut app, 'y');
    let editor = app
        .promotion
        .editor
        .as_ref()
        .expect("the editor is open again");
    let fields = editor.fields(&app.doc.session).unwrap();
    assert_eq!(
        (fields.area.as_str(), fields.item.as_str()),
        ("Forms", "Incident report")
    );
    assert!(
        files_beside(&session, ".draft-").is_empty(),
        "a restored draft is not offered again"
    );
    app.handle(AppEvent::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('s'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    )));
    app.flush().unwrap();
    let saved = Loaded::load(&session).unwrap().session;
    assert_eq!(saved.changes().len(), 1);
    assert_eq!(saved.changes()[0].fields.item, "Incident report");
}

#[test]
fn notes_typed_in_a_prompt_come_back_in_that_prompt() {
    let mut f = fx();
    f.ch('n');
    f.typ("Copy took longer than planned");
    let _ = stop(&mut f);

    let mut app = reopen(&f);
    press(&mut app, 'y');
    match &app.modal {
        Some(Modal::Prompt(p)) => {
            assert_eq!(p.purpose, Purpose::Notes(1));
            assert_eq!(p.text(), "Copy took longer than planned");
            assert!(p.multiline);
        }
        _ => panic!("the notes prompt is open again"),
    }
}

#[test]
fn n_discards_a_draft_and_esc_keeps_it_for_next_time() {
    let mut f = fx();
    f.ch('s');
    f.typ("Copy done by the DBA");
    let _ = stop(&mut f);
    let session = f.app.doc.path.clone();

    let mut later = reopen(&f);
    later.handle(AppEvent::Key(KeyCode::Esc.into()));
    assert!(later.modal.is_none() && later.promotion.editor.is_none());
    assert_eq!(files_beside(&session, ".draft-").len(), 1, "Esc keeps it");

    let mut now = reopen(&f);
    press(&mut now, 'n');
    assert!(now.modal.is_none(), "nothing is restored");
    assert!(
        files_beside(&session, ".draft-").is_empty(),
        "n discards it"
    );
}

#[test]
fn nothing_typed_means_no_draft() {
    let mut f = fx();
    f.add_change("Forms", "Saved already");
    f.app.focus = Pane::WorkPlan;
    f.ch('e');
    let notes = stop(&mut f);
    assert!(notes.is_empty(), "{notes:?}");
    assert!(files_beside(&f.app.doc.path, ".draft-").is_empty());
    assert!(files_beside(&f.app.doc.path, ".unsaved-").is_empty());
}

#[test]
fn edits_whose_save_is_blocked_go_to_a_rescue_file_at_once() {
    let mut f = fx();
    let session = f.app.doc.path.clone();
    let lock = common::hold_lock(&session);

    f.add_change("Forms", "Blocked save");
    let notes = stop(&mut f);
    let rescues = files_beside(&session, ".unsaved-");
    assert_eq!(rescues.len(), 1, "{notes:?}");
    // The lock is still held: the edit got out without waiting for it.
    let ops: Vec<Op> = ron::from_str(&fs::read_to_string(&rescues[0]).unwrap()).unwrap();
    assert_eq!(ops.len(), 1);
    assert!(format!("{:?}", ops[0].kind).contains("Blocked save"));
    assert!(
        Loaded::load(&session).unwrap().session.changes().is_empty(),
        "nothing got into the locked file"
    );
    assert!(notes.iter().any(|n| n.contains("cmo-promote recover")));
    lock.unlock().unwrap();
}

#[test]
fn a_record_kept_by_the_main_thread_is_not_kept_again_by_the_signal_thread() {
    let mut f = fx();
    f.app.focus = Pane::WorkPlan;
    f.ch('a');
    f.typ("Roles");
    let shared = Arc::new(Mutex::new(Unsaved::default()));
    f.app.publish_unsaved(&shared);
    // The main thread stops first; the signal thread's fallback then finds it kept.
    let first = f.app.stop_now(&shared);
    let again = shared.lock().unwrap().keep();
    assert_eq!(first.len(), 1);
    assert!(again.is_empty());
    assert_eq!(files_beside(&f.app.doc.path, ".draft-").len(), 1);
}

#[test]
fn a_stop_while_a_save_lands_keeps_no_draft_of_its_text() {
    let mut f = fx();
    let path = f.app.doc.path.clone();
    f.type_change_kept_while_typing("Saved as the signal came");

    let lock = common::hold_lock(&path);
    f.ctrl('s');
    drop(lock);
    let notes = stop(&mut f);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("Saved as the signal came"),
        "the save landed in the stop's wait"
    );
    assert!(
        files_beside(&path, ".draft-").is_empty(),
        "no draft of saved text is left to offer: {notes:?}"
    );
    assert!(
        !notes.iter().any(|n| n.contains("what you were typing")),
        "the user is not told text was kept: {notes:?}"
    );
}
