//! The optional QA environment (issue 11): the lead turns it on or off from the
//! checklist (after a question), and every enabled environment has a Work plan column.

mod common;

use cmo_promote::app::{Message, Modal};
use cmo_promote::model::{EnvKey, OpKind, Outcome};
use common::app_fx::fx;

#[test]
fn q_turns_qa_on_and_off_and_its_column_follows() {
    let mut f = fx();
    f.add_change("Forms", "Intake");
    f.app.focus = cmo_promote::app::Pane::Checklist;
    assert!(
        f.draw().contains("S1 S2 PR T"),
        "no QA column while it is off"
    );

    f.ch('Q');
    match &f.app.modal {
        Some(Modal::Confirm { question, .. }) => {
            assert!(
                question.starts_with("Turn QA on for this promotion?"),
                "{question}"
            )
        }
        _ => panic!("Q asks first"),
    }
    f.ch('n');
    assert!(!f.s().env_enabled(EnvKey::Qa));

    f.ch('Q');
    f.ch('y');
    assert!(f.saved().env_enabled(EnvKey::Qa));
    assert!(matches!(&f.app.message, Some(Message::Info(m)) if m == "QA is on"));
    let id = f.s().changes()[0].id;
    assert!(f.app.commit(OpKind::FinishApplication {
        change: id,
        env: EnvKey::Qa,
        outcome: Outcome::Applied,
        note: String::new(),
        replicability: None,
        rating: None,
    }));
    let screen = f.draw();
    assert!(screen.contains("S1 S2 QA PR T"), "{screen}");
    let row = screen.lines().find(|l| l.contains("WP-001")).unwrap();
    assert!(row.contains("WP-001   ·  ·  ✓  · "), "{row}");

    f.ch('Q');
    match &f.app.modal {
        Some(Modal::Confirm { question, .. }) => assert!(
            question.contains("Turn QA off") && question.contains("(1 change) stay"),
            "{question}"
        ),
        _ => panic!("Q asks first"),
    }
    f.ch('y');
    assert!(!f.saved().env_enabled(EnvKey::Qa));
    assert!(f.draw().contains("S1 S2 PR T"));
}

#[test]
fn qa_is_not_turned_off_while_a_change_is_being_applied_there() {
    let mut f = fx();
    f.add_change("Forms", "Intake");
    f.app.focus = cmo_promote::app::Pane::Checklist;
    f.ch('Q');
    f.ch('y');
    let id = f.s().changes()[0].id;
    assert!(f.app.commit(OpKind::StartApplication {
        change: id,
        env: EnvKey::Qa,
        override_reason: None,
    }));
    f.ch('Q');
    f.ch('y');
    assert!(
        f.s().env_enabled(EnvKey::Qa),
        "still on: its timer would run for good"
    );
    assert!(
        matches!(&f.app.message, Some(Message::Error(m)) if m == "WP-001 is being applied in QA; finish that first"),
        "{:?}",
        f.app.message
    );
}
