//! Slips that must not do lasting damage (issue 11): a step started out of order asks
//! first and records the answer; a step in progress can be put back to todo; time
//! logged by mistake can be voided; `u` undoes your own last edit.

mod common;

use chrono::Duration;
use cmo_promote::app::{Message, Modal};
use cmo_promote::model::StepStatus;
use common::app_fx::{Fx, fx};
use ratatui::crossterm::event::KeyCode;

fn question(f: &Fx) -> String {
    match &f.app.modal {
        Some(Modal::Confirm { question, .. }) => question.clone(),
        other => panic!("expected a y/n question, found {}", other.is_some()),
    }
}

fn select_step(f: &mut Fx, n: usize) {
    f.app.promotion.checklist.selected = n - 1;
}

#[test]
fn space_on_a_later_step_asks_and_only_y_starts_it() {
    let mut f = fx();
    f.ch(' '); // step 1 in progress
    select_step(&mut f, 5);
    f.ch(' ');
    let q = question(&f);
    assert!(
        q.starts_with("Steps 1 (in progress), 2 (todo), 3 (todo), 4 (todo) are not finished")
            && q.contains("Start step 5 ahead of them"),
        "{q}"
    );
    // Keys other than y and n keep the question open and do nothing else.
    for c in ['q', 'x', ' ', 'r'] {
        f.ch(c);
        assert!(matches!(f.app.modal, Some(Modal::Confirm { .. })), "{c}");
    }
    f.ch('n');
    assert!(f.app.modal.is_none());
    assert_eq!(f.s().steps()[4].status, StepStatus::Todo);

    f.ch(' ');
    f.ch('y');
    let held = f.saved();
    let step = &held.steps()[4];
    assert_eq!(step.status, StepStatus::InProgress);
    let o = step
        .start_override
        .as_ref()
        .expect("the override is recorded");
    assert_eq!(o.unfinished, [1, 2, 3, 4]);
    assert_eq!(o.by, "ann");
}

#[test]
fn t_on_a_later_todo_step_asks_as_space_does() {
    let mut f = fx();
    select_step(&mut f, 3);
    f.ch('t');
    assert!(question(&f).contains("Start step 3 ahead of them"));
    f.ch('n');
    assert_eq!(f.s().steps()[2].status, StepStatus::Todo);
    assert!(!f.s().steps()[2].timer.is_running());
}

#[test]
fn the_next_step_in_order_starts_without_a_question() {
    let mut f = fx();
    f.ch(' ');
    f.ch(' '); // step 1 done, selection on step 2
    f.ch(' ');
    assert!(f.app.modal.is_none());
    assert_eq!(f.s().steps()[1].status, StepStatus::InProgress);
    assert_eq!(f.s().steps()[1].start_override, None);
}

#[test]
fn r_puts_a_step_in_progress_back_to_todo_after_a_question() {
    let mut f = fx();
    f.ch(' ');
    f.clock.advance(Duration::minutes(7));
    f.ch('r');
    let q = question(&f);
    assert!(
        q.contains("Put step 1 back to todo?") && q.contains("0:07:00"),
        "{q}"
    );
    f.ch('n');
    assert_eq!(f.s().steps()[0].status, StepStatus::InProgress);
    f.ch('r');
    f.ch('y');
    let held = f.saved();
    let step = &held.steps()[0];
    assert_eq!(step.status, StepStatus::Todo);
    assert!(!step.timer.is_running());
    assert_eq!(
        step.timer.elapsed(common::t0() + Duration::hours(5)),
        Duration::minutes(7)
    );
    assert!(matches!(&f.app.message, Some(Message::Info(m)) if m == "Step 1 is back to todo"));
    // It starts again from todo with Space, in order, without a question.
    f.ch(' ');
    assert!(f.app.modal.is_none());
    assert_eq!(f.s().steps()[0].status, StepStatus::InProgress);
}

fn prompt_error(f: &Fx) -> Option<String> {
    match &f.app.modal {
        Some(Modal::Prompt(p)) => p.error.clone(),
        _ => panic!("expected a prompt"),
    }
}

#[test]
fn v_in_a_steps_details_voids_the_entry_named_and_the_details_come_back() {
    let mut f = fx();
    f.ch(' '); // step 1 starts at t0
    f.clock.advance(Duration::minutes(10));
    f.ch('t'); // stops
    f.clock.advance(Duration::minutes(5));
    f.ch('t'); // a stray stretch
    f.clock.advance(Duration::minutes(3));
    f.key(KeyCode::Enter);
    let screen = f.draw();
    assert!(
        screen.contains(" 1. ") && screen.contains(" 2. "),
        "{screen}"
    );
    f.ch('v');
    match &f.app.modal {
        Some(Modal::Prompt(p)) => assert!(
            p.help
                .starts_with("1 from 08:30 (0:10:00), 2 from 08:45 (0:03:00). Its number"),
            "the entries are named where the number is typed: {}",
            p.help
        ),
        _ => panic!("a prompt"),
    }
    for (typed, wanted) in [
        ("started by mistake", "start with the entry's number"),
        ("3 stray", "there is no entry 3; they are numbered 1 to 2"),
        ("2  ", "say why"),
    ] {
        f.typ(typed);
        f.key(KeyCode::Enter);
        let error = prompt_error(&f).unwrap_or_default();
        assert!(error.contains(wanted), "{typed}: {error}");
        for _ in 0..typed.chars().count() {
            f.key(KeyCode::Backspace);
        }
    }
    f.typ("2 pressed t by mistake");
    f.key(KeyCode::Enter);
    assert!(
        matches!(f.app.modal, Some(Modal::StepDetails { step: 1, .. })),
        "the step's details come back"
    );
    let screen = f.draw();
    assert!(
        screen.contains("0:03:00  by ann · voided by ann: pressed t by"),
        "{screen}"
    );
    let held = f.saved();
    let step = &held.steps()[0];
    assert!(!step.timer.is_running(), "the running stray entry stopped");
    assert_eq!(
        step.timer.elapsed(common::t0() + Duration::hours(9)),
        Duration::minutes(10)
    );
    // One entry left that counts: the prompt asks only why.
    f.ch('v');
    match &f.app.modal {
        Some(Modal::Prompt(p)) => assert!(p.title.contains("time entry from"), "{}", p.title),
        _ => panic!("a prompt"),
    }
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.modal, Some(Modal::StepDetails { .. })));
}

#[test]
fn v_in_a_changes_details_voids_an_attempts_time() {
    let mut f = fx();
    f.add_change("Rates", "Zone 4");
    let id = f.s().changes()[0].id;
    f.app
        .commit(cmo_promote::model::OpKind::StartApplication {
            change: id,
            env: cmo_promote::model::EnvKey::Stage1,
            override_reason: None,
        })
        .then_some(())
        .expect("started");
    f.clock.advance(Duration::minutes(4));
    f.app.modal = Some(Modal::ChangeDetails {
        change: id,
        scroll: 0,
    });
    f.ch('v');
    f.typ("timed the wrong change");
    f.key(KeyCode::Enter);
    assert!(matches!(f.app.modal, Some(Modal::ChangeDetails { .. })));
    let saved = f.saved();
    let attempt = &saved.changes()[0].applications[0];
    let entry = &attempt.timer.entries[0];
    assert_eq!(
        entry.voided.as_ref().unwrap().reason,
        "timed the wrong change"
    );
    assert!(
        attempt.outcome.is_none(),
        "the attempt itself stays under way"
    );
    let screen = f.draw();
    assert!(
        screen.contains("0:04:00  by ann · voided by ann:"),
        "{screen}"
    );
}

#[test]
fn a_skip_reason_stays_in_the_steps_record_after_it_is_reopened() {
    let mut f = fx();
    f.app.handle(cmo_promote::app::AppEvent::Resize(120, 40));
    select_step(&mut f, 2);
    f.ch('s');
    f.typ("Prod has no config lock");
    f.key(KeyCode::Enter);
    f.ch('r');
    assert_eq!(f.s().steps()[1].status, StepStatus::Todo);
    f.key(KeyCode::Enter);
    let screen = f.draw();
    assert!(
        screen.contains("ann  skipped step 2: Prod has no config lock"),
        "{screen}"
    );
    assert!(screen.contains("ann  put step 2 back to todo"), "{screen}");
}

#[test]
fn t_in_a_steps_details_times_that_step() {
    let mut f = fx();
    f.ch(' ');
    f.key(KeyCode::Enter);
    f.ch('t');
    assert!(!f.s().steps()[0].timer.is_running(), "t paused it");
    assert!(matches!(
        f.app.modal,
        Some(Modal::StepDetails { step: 1, .. })
    ));
    f.ch('t');
    assert!(
        f.s().steps()[0].timer.is_running(),
        "and t again resumed it"
    );
}
