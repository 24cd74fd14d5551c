//! Dependency order (issue 11): `check` reports a change listed before one it depends
//! on and one applied before one it depends on; moving a change past one it depends on
//! (or one that depends on it) asks first.

mod common;

use cmo_promote::app::{Modal, Pane};
use cmo_promote::model::{ChangeEdit, EnvKey, OpKind};
use common::app_fx::fx;
use common::cli::{cmd, create, log};
use tempfile::TempDir;

fn commit(path: &std::path::Path, kind: OpKind) {
    common::saved_by(path, "lead", kind);
}

#[test]
fn check_reports_every_order_problem_and_still_says_the_file_is_sound() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Order");
    log(data.path(), "order", "Roles").assert().success();
    log(data.path(), "order", "Forms").assert().success();
    let clean = cmd(data.path()).args(["check", "order"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&clean.stdout).contains("warning"));

    let s = common::cli::saved(&path);
    let (wp1, wp2) = (s.changes()[0].id, s.changes()[1].id);
    // WP-002 needs WP-001, is moved above it, and is applied in Stage 1 first.
    commit(
        &path,
        OpKind::EditChange {
            change: wp2,
            edits: vec![ChangeEdit::DependsOn(vec![wp1])],
            was: vec![],
        },
    );
    commit(&path, OpKind::MoveChange { change: wp2, to: 0 });
    commit(
        &path,
        OpKind::StartApplication {
            change: wp2,
            env: EnvKey::Stage1,
            override_reason: Some("trying it".into()),
        },
    );
    commit(
        &path,
        OpKind::FinishApplication {
            change: wp2,
            env: EnvKey::Stage1,
            outcome: cmo_promote::model::Outcome::Applied,
            note: String::new(),
            replicability: None,
            rating: None,
        },
    );
    let out = cmd(data.path()).args(["check", "order"]).output().unwrap();
    assert!(
        out.status.success(),
        "order warnings do not make the file bad"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2 order warning(s)"), "{text}");
    assert!(
        text.contains("WP-002 is listed before WP-001, which it depends on"),
        "{text}"
    );
    assert!(
        text.contains("WP-002 was applied in Stage 1 at ")
            && text.contains("before WP-001, which it depends on (not applied there)"),
        "{text}"
    );
    assert!(text.contains("ok: "), "{text}");
}

#[test]
fn moving_a_change_above_one_it_depends_on_asks_first() {
    let mut f = fx();
    f.add_change("Roles", "Clerk");
    f.add_change("Forms", "Intake");
    let (wp1, wp2) = (f.s().changes()[0].id, f.s().changes()[1].id);
    assert!(f.app.commit(OpKind::EditChange {
        change: wp2,
        edits: vec![ChangeEdit::DependsOn(vec![wp1])],
        was: vec![],
    }));
    f.app.focus = Pane::WorkPlan;
    f.app.promotion.work_plan.selected = 1;
    let order = |f: &common::app_fx::Fx| {
        f.s()
            .active_changes()
            .map(|c| c.label())
            .collect::<Vec<_>>()
    };
    f.ch('K');
    match &f.app.modal {
        Some(Modal::Confirm { question, .. }) => assert!(
            question.starts_with("WP-002 depends on WP-001: this move lists it first"),
            "{question}"
        ),
        _ => panic!("moving above a dependency asks first"),
    }
    f.ch('n');
    assert_eq!(order(&f), ["WP-001", "WP-002"]);
    // Moving the dependency below the change that needs it asks too.
    f.app.promotion.work_plan.selected = 0;
    f.ch('J');
    assert!(matches!(f.app.modal, Some(Modal::Confirm { .. })));
    f.ch('y');
    assert_eq!(order(&f), ["WP-002", "WP-001"]);
    // Putting it right again does not ask.
    f.ch('K');
    assert!(f.app.modal.is_none());
    assert_eq!(order(&f), ["WP-001", "WP-002"]);
}
