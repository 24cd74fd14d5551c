//! `u` undoes your own last edit made here by applying its inverse as new ops: the
//! history keeps both, it says what it undid, and it refuses (changing nothing) when
//! the edit has no inverse or someone else's later edit builds on it.

mod common;

use chrono::Duration;
use cmo_promote::app::Message;
use cmo_promote::model::{OpKind, StepStatus};
use common::app_fx::{Fx, fx};
use ratatui::crossterm::event::KeyCode;

fn info(f: &Fx) -> String {
    match &f.app.message {
        Some(Message::Info(m)) => m.clone(),
        other => panic!("expected a message, found {other:?}"),
    }
}

fn error(f: &Fx) -> String {
    match &f.app.message {
        Some(Message::Error(m)) => m.clone(),
        other => panic!("expected an error, found {other:?}"),
    }
}

fn op_names(f: &mut Fx) -> Vec<&'static str> {
    f.saved().history().iter().map(|o| o.kind.name()).collect()
}

#[test]
fn u_takes_back_a_stray_start_and_voids_its_seconds() {
    let mut f = fx();
    f.ch(' ');
    f.clock.advance(Duration::seconds(40));
    f.ch('u');
    assert_eq!(info(&f), "Undid: started step 1");
    let saved = f.saved();
    let step = &saved.steps()[0];
    assert_eq!(step.status, StepStatus::Todo);
    assert_eq!(step.timer.entries.len(), 1, "the entry stays in the record");
    assert!(
        step.timer.entries[0].voided.is_some(),
        "its time counts nowhere"
    );
    assert_eq!(
        step.timer.elapsed(common::t0() + Duration::hours(1)),
        Duration::zero()
    );
    assert_eq!(
        op_names(&mut f),
        ["StartStep", "ReopenStep", "VoidTime"],
        "the history keeps both the edit and its undoing"
    );
    f.ch('u');
    assert!(error(&f).starts_with("Nothing to undo"), "{}", error(&f));
}

#[test]
fn u_goes_back_through_edits_newest_first() {
    let mut f = fx();
    f.add_change("Forms", "Intake");
    f.app.focus = cmo_promote::app::Pane::WorkPlan;
    f.ch('e');
    f.tab();
    f.typ(" v2");
    f.ctrl('s');
    assert_eq!(f.s().changes()[0].fields.item, "Intake v2");
    f.ch('u');
    assert!(info(&f).starts_with("Undid: edited WP-001"), "{}", info(&f));
    assert_eq!(f.s().changes()[0].fields.item, "Intake");
    f.ch('u');
    assert!(
        info(&f).starts_with("Undid: added a change"),
        "{}",
        info(&f)
    );
    let saved = f.saved();
    assert!(saved.changes()[0].is_removed());
    assert_eq!(saved.active_changes().count(), 0);
}

#[test]
fn a_removed_change_comes_back_with_u() {
    let mut f = fx();
    f.add_change("Forms", "Intake");
    f.app.focus = cmo_promote::app::Pane::WorkPlan;
    f.ch('d');
    f.typ("not needed");
    f.key(KeyCode::Enter);
    assert_eq!(f.s().active_changes().count(), 0);
    f.ch('u');
    assert_eq!(info(&f), "Undid: removed WP-001");
    let saved = f.saved();
    assert_eq!(saved.active_changes().count(), 1);
    assert_eq!(saved.changes()[0].fields.item, "Intake");
}

#[test]
fn a_completed_step_undoes_to_in_progress_timing_again() {
    let mut f = fx();
    f.ch(' ');
    f.ch(' '); // step 1 done
    f.ch('u');
    assert_eq!(info(&f), "Undid: completed step 1");
    let step = &f.s().steps()[0];
    assert_eq!(step.status, StepStatus::InProgress);
    assert!(step.timer.is_running(), "timing again");
}

#[test]
fn an_edit_someone_else_built_on_is_not_undone() {
    let mut f = fx();
    f.add_change("Forms", "Intake");
    f.app.flush().unwrap();
    let path = f.app.doc.path.clone();
    let id = f.s().changes()[0].id;
    common::saved_by(
        &path,
        "bob",
        OpKind::StartApplication {
            change: id,
            env: cmo_promote::model::EnvKey::Stage1,
            override_reason: None,
        },
    );
    f.wait_until("bob's start to show", |a| {
        a.doc.session.changes()[0]
            .open_application(cmo_promote::model::EnvKey::Stage1)
            .is_some()
    });
    let before = f.s().clone();
    f.ch('u');
    let why = error(&f);
    assert!(
        why.starts_with("Cannot undo added a change (Forms / Intake): bob's later edit builds on it (started applying WP-001 in Stage 1"),
        "{why}"
    );
    assert_eq!(*f.s(), before, "a refused undo changes nothing");
}

#[test]
fn an_edit_with_no_inverse_says_so_and_u_again_goes_further_back() {
    let mut f = fx();
    f.add_change("Forms", "Intake");
    f.app.focus = cmo_promote::app::Pane::WorkPlan;
    let id = f.s().changes()[0].id;
    assert!(f.app.commit(OpKind::FinishApplication {
        change: id,
        env: cmo_promote::model::EnvKey::Stage1,
        outcome: cmo_promote::model::Outcome::Skipped,
        note: "not needed in stage 1".into(),
        replicability: None,
        rating: None,
    }));
    let before = f.s().clone();
    f.ch('u');
    assert!(
        error(&f).starts_with("u again undoes the edit before: recorded WP-001 as skipped in Stage 1 (development) cannot be undone (a recorded attempt stays on the record"),
        "{}",
        error(&f)
    );
    assert_eq!(*f.s(), before);
    f.ch('u');
    // The change is still needed by nothing, but its attempt is on record: removing
    // it is still allowed, and the undo says what it did.
    assert!(
        info(&f).starts_with("Undid: added a change"),
        "{}",
        info(&f)
    );
}

#[test]
fn undo_is_a_key_for_editors_only() {
    let mut f = fx();
    f.ch(' ');
    f.app.watching = true;
    f.ch('u');
    assert_eq!(f.s().steps()[0].status, StepStatus::InProgress);
    assert!(f.app.modal.is_none());
    assert!(
        matches!(&f.app.message, Some(Message::Info(m)) if m.starts_with("Watching, read-only"))
    );
}

#[test]
fn undoing_the_start_of_the_freeze_step_takes_the_freeze_back_and_a_new_start_freezes_again() {
    let mut f = fx();
    f.ch(' ');
    f.ch(' '); // step 1 done; the selection is on step 2
    f.ch(' ');
    assert!(
        f.s().freeze().is_active(),
        "starting step 2 freezes Production"
    );
    f.ch('u');
    assert_eq!(info(&f), "Undid: started step 2");
    assert!(!f.s().freeze().is_active());
    assert_eq!(f.s().steps()[1].status, StepStatus::Todo);
    f.ch(' ');
    assert!(
        f.saved().freeze().is_active(),
        "a freeze taken back by undo does not count as lifted by hand"
    );
}

#[test]
fn an_edit_put_on_top_of_one_it_never_saw_is_not_undone_over_it() {
    let mut f = fx();
    f.add_change("Forms", "Intake");
    f.app.flush().unwrap();
    let path = f.app.doc.path.clone();
    // Bob sets the owner of step 1 in the file; ann, before her app has seen it, sets
    // it too: her save puts her edit on top of his.
    common::saved_by(
        &path,
        "bob",
        OpKind::SetStepOwner {
            step: 1,
            owner: Some("Bob".into()),
        },
    );
    assert!(f.app.commit(OpKind::SetStepOwner {
        step: 1,
        owner: Some("Ann".into()),
    }));
    f.app.flush().unwrap();
    assert_eq!(f.s().steps()[0].owner.as_deref(), Some("Ann"));
    let before = f.s().clone();
    f.ch('u');
    let why = error(&f);
    assert!(
        why.starts_with("Cannot undo set the owner of step 1: bob's edit reached the file just before it and would be lost"),
        "{why}"
    );
    assert_eq!(*f.s(), before, "Bob's owner is not wiped by ann's undo");
}

#[test]
fn a_move_is_not_undone_once_someone_else_added_a_change() {
    let mut f = fx();
    f.add_change("Forms", "A");
    f.add_change("Forms", "B");
    f.app.promotion.work_plan.selected = 1;
    f.ch('K');
    assert_eq!(f.s().active_changes().next().unwrap().fields.item, "B");
    f.app.flush().unwrap();
    let path = f.app.doc.path.clone();
    common::saved_by(
        &path,
        "bob",
        OpKind::AddChange {
            fields: Box::new(cmo_promote::model::ChangeFields {
                area: "Roles".into(),
                item: "C".into(),
                ..Default::default()
            }),
        },
    );
    f.wait_until("bob's change", |a| a.doc.session.changes().len() == 3);
    f.ch('u');
    assert!(
        error(&f)
            .starts_with("Cannot undo moved WP-002 to position 1: bob's later edit builds on it"),
        "{}",
        error(&f)
    );
}

#[test]
fn the_history_marks_what_an_undo_did() {
    let mut f = fx();
    f.ch(' ');
    f.ch('u');
    f.ch('4');
    let screen = f.draw();
    assert!(screen.contains("undo: put step 1 back to todo"), "{screen}");
    assert!(
        screen.contains("undo: voided a time entry of step 1"),
        "{screen}"
    );
    f.ch('/');
    f.typ("undo");
    f.key(KeyCode::Enter);
    assert_eq!(
        f.app.history.rows().len(),
        2,
        "the filter finds the undo's ops"
    );
}
