//! App-level tests: feed keys, pastes and mouse events to the app as the terminal
//! would, and check the state and what was saved to the session file.

mod common;

use chrono::Duration;
use cmo_promote::app::{App, AppEvent, Message, Modal, Pane};
use cmo_promote::clock::FixedClock;
use cmo_promote::model::{Action, EnvKey, OpKind, Outcome, StepStatus};
use cmo_promote::store::Loaded;
use common::app_fx::fx;
use ratatui::crossterm::event::{KeyCode, MouseEventKind};
use std::sync::Arc;

#[test]
fn a_change_typed_into_the_editor_is_saved_with_every_field() {
    let mut f = fx();
    f.tab();
    assert_eq!(f.app.focus, Pane::WorkPlan);
    f.ch('a');
    assert!(f.app.promotion.editor.is_some());
    f.typ("Forms");
    f.tab();
    f.typ("Incident report");
    f.tab();
    f.key(KeyCode::Down); // action: modify → remove
    f.tab();
    f.typ("Admin > Forms > Incident");
    f.key(KeyCode::Enter); // Enter in a one-line field goes to the next field
    f.typ("Severity: free text");
    f.tab();
    f.typ("Severity: Low/Medium/High");
    f.tab();
    f.tab(); // past "depends on"
    f.typ("Replace the field");
    f.key(KeyCode::Enter);
    f.typ("with a list");
    f.tab();
    f.typ("Re-key the values");
    f.tab();
    f.typ("Existing incidents lose their text");
    f.tab();
    f.ch(' '); // irreversible
    f.tab();
    f.typ("Restore the field from backup");
    f.ctrl('s');

    assert!(f.app.promotion.editor.is_none());
    let saved = f.saved();
    let c = &saved.changes()[0];
    assert_eq!(c.label(), "WP-001");
    assert_eq!(c.author, "ann");
    let x = &c.fields;
    assert_eq!(x.area, "Forms");
    assert_eq!(x.item, "Incident report");
    assert_eq!(x.action, Action::Remove);
    assert_eq!(x.navigation, "Admin > Forms > Incident");
    assert_eq!(x.before, "Severity: free text");
    assert_eq!(x.after, "Severity: Low/Medium/High");
    assert_eq!(x.description, "Replace the field\nwith a list");
    assert_eq!(x.replication_notes, "Re-key the values");
    assert_eq!(x.risk_note, "Existing incidents lose their text");
    assert!(x.irreversible);
    assert_eq!(x.backout_note, "Restore the field from backup");
    assert_eq!(
        f.app.selected_change().map(|c| c.label()),
        Some("WP-001".into())
    );
}

#[test]
fn keys_typed_into_a_field_are_text_not_commands() {
    let mut f = fx();
    f.tab();
    f.ch('a');
    f.typ("q?tdJK/ ");
    assert!(!f.app.quit, "q in a field does not quit");
    assert!(f.app.modal.is_none(), "? in a field does not open help");
    let ed = f.app.promotion.editor.as_ref().unwrap();
    assert_eq!(ed.text(cmo_promote::app::Field::Area), "q?tdJK/ ");
    assert!(f.s().running_timers().is_empty());
}

#[test]
fn the_editor_refuses_an_entry_without_an_item_and_keeps_the_text() {
    let mut f = fx();
    f.tab();
    f.ch('a');
    f.typ("Roles");
    f.ctrl('s');
    let ed = f.app.promotion.editor.as_ref().expect("editor stays open");
    assert!(ed.form.error.as_deref().unwrap_or("").contains("item"));
    assert_eq!(ed.text(cmo_promote::app::Field::Area), "Roles");
    assert!(f.s().changes().is_empty());
}

#[test]
fn leaving_the_editor_with_edits_asks_first() {
    let mut f = fx();
    f.tab();
    f.ch('a');
    f.typ("Roles");
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.modal, Some(Modal::Confirm { .. })));
    f.ch('n');
    assert!(f.app.promotion.editor.is_some(), "n keeps the edits");
    f.key(KeyCode::Esc);
    f.ch('y');
    assert!(f.app.promotion.editor.is_none());
    assert!(f.s().changes().is_empty());
    // With no edits, Esc just leaves.
    f.ch('a');
    f.key(KeyCode::Esc);
    assert!(f.app.promotion.editor.is_none() && f.app.modal.is_none());
}

#[test]
fn editing_a_change_saves_only_what_changed() {
    let mut f = fx();
    f.add_change("Forms", "Incident");
    f.ch('e');
    f.tab();
    f.typ(" report");
    f.ctrl('s');
    let held = f.saved();
    let c = &held.changes()[0];
    assert_eq!(c.fields.item, "Incident report");
    assert_eq!(c.revision, 1);
    let last = f.s().history().last().unwrap();
    assert!(
        format!("{:?}", last.kind).contains("Item(\"Incident report\")"),
        "{:?}",
        last.kind
    );
}

#[test]
fn multi_line_paste_lands_in_the_text_area_with_line_ends_normalised() {
    let mut f = fx();
    f.tab();
    f.ch('a');
    f.app.handle(AppEvent::Paste("Custom Fields\r\n".into()));
    f.tab();
    f.app.handle(AppEvent::Paste("Risk\rScore".into()));
    for _ in 0..6 {
        f.tab();
    }
    f.app
        .handle(AppEvent::Paste("line one\r\nline two\rline three\n".into()));
    f.ctrl('s');
    let held = f.saved();
    let c = &held.changes()[0];
    assert_eq!(c.fields.area, "Custom Fields");
    assert_eq!(
        c.fields.item, "Risk Score",
        "one-line fields take breaks as spaces"
    );
    assert_eq!(c.fields.description, "line one\nline two\nline three\n");
}

#[test]
fn before_and_after_keep_a_pasted_multi_line_rule() {
    let mut f = fx();
    f.tab();
    f.ch('a');
    f.typ("Business Rules");
    f.tab();
    f.typ("Escalation");
    for _ in 0..3 {
        f.tab(); // action, navigation, before
    }
    f.app.handle(AppEvent::Paste(
        "IF priority = 1\r\nTHEN notify lead\nELSE queue".into(),
    ));
    f.tab();
    f.app
        .handle(AppEvent::Paste("IF priority <= 2\nTHEN page lead".into()));
    f.key(KeyCode::Enter);
    f.typ("ELSE queue");
    f.ctrl('s');
    assert!(
        f.app.promotion.editor.is_none(),
        "{:?}",
        f.app
            .promotion
            .editor
            .as_ref()
            .map(|e| e.form.error.clone())
    );
    let held = f.saved();
    let c = &held.changes()[0];
    assert_eq!(
        c.fields.before,
        "IF priority = 1\nTHEN notify lead\nELSE queue"
    );
    assert_eq!(
        c.fields.after, "IF priority <= 2\nTHEN page lead\nELSE queue",
        "Enter starts a new line in After"
    );
}

#[test]
fn up_and_down_in_the_area_field_offer_cmo_areas() {
    let mut f = fx();
    f.tab();
    f.ch('a');
    f.key(KeyCode::Down);
    f.key(KeyCode::Down);
    let ed = f.app.promotion.editor.as_ref().unwrap();
    assert_eq!(ed.text(cmo_promote::app::Field::Area), "Custom Fields");
}

#[test]
fn the_editor_warns_about_another_change_to_the_same_object() {
    let mut f = fx();
    f.add_change("Forms", "Incident");
    f.ch('a');
    f.typ("forms");
    f.tab();
    f.typ("INCIDENT");
    let ed = f.app.promotion.editor.as_ref().unwrap();
    assert_eq!(ed.same_target(f.s()), vec!["WP-001".to_string()]);
}

#[test]
fn dependencies_are_typed_as_wp_numbers() {
    let mut f = fx();
    f.add_change("Forms", "A");
    f.ch('a');
    f.typ("Forms");
    f.tab();
    f.typ("B");
    for _ in 0..5 {
        f.tab();
    }
    f.typ("WP-9");
    f.ctrl('s');
    let err = f
        .app
        .promotion
        .editor
        .as_ref()
        .unwrap()
        .form
        .error
        .clone()
        .unwrap();
    assert!(err.contains("WP-9"), "{err}");
    for _ in 0..4 {
        f.key(KeyCode::Backspace);
    }
    f.typ("wp-1");
    f.ctrl('s');
    let s = f.saved();
    assert_eq!(s.changes()[1].fields.depends_on, vec![s.changes()[0].id]);
}

#[test]
fn space_advances_a_step_and_the_timer_follows() {
    let mut f = fx();
    f.ch(' ');
    assert_eq!(f.s().steps()[0].status, StepStatus::InProgress);
    assert!(f.s().steps()[0].timer.is_running());
    f.clock.advance(Duration::minutes(12));
    f.ch(' ');
    assert_eq!(f.s().steps()[0].status, StepStatus::Done);
    let saved = f.saved();
    assert_eq!(
        saved.steps()[0].timer.elapsed(f.app.now()),
        Duration::minutes(12)
    );
    // The selection moves on to the next step, as the current-step marker does.
    assert_eq!(f.app.promotion.checklist.selected, 1);
    // Done: Space does nothing but say how to reopen.
    f.ch('k');
    f.ch(' ');
    assert!(matches!(&f.app.message, Some(Message::Info(m)) if m.contains("reopen")));
    f.ch('r');
    assert_eq!(f.s().steps()[0].status, StepStatus::Todo);
}

#[test]
fn skipping_asks_for_a_reason_and_refuses_none() {
    let mut f = fx();
    f.ch('j');
    f.ch('s');
    f.key(KeyCode::Enter);
    match &f.app.modal {
        Some(Modal::Prompt(p)) => assert!(p.error.as_deref().unwrap_or("").contains("reason")),
        _ => panic!("the prompt stays open"),
    }
    f.typ("Prod has no config lock");
    f.key(KeyCode::Enter);
    assert!(f.app.modal.is_none());
    let held = f.saved();
    let step = &held.steps()[1];
    assert_eq!(
        step.status,
        StepStatus::Skipped {
            reason: "Prod has no config lock".into()
        }
    );
}

#[test]
fn owner_estimate_notes_and_sign_off_are_set_through_prompts() {
    let mut f = fx();
    for _ in 0..5 {
        f.ch('j');
    }
    f.ch('o');
    f.typ("Priya");
    f.key(KeyCode::Enter);
    f.ch('E');
    f.typ("soon");
    f.key(KeyCode::Enter);
    assert!(matches!(&f.app.modal, Some(Modal::Prompt(p)) if p.error.is_some()));
    for _ in 0..4 {
        f.key(KeyCode::Backspace);
    }
    f.typ("1h30");
    f.key(KeyCode::Enter);
    f.ch('n');
    f.typ("Testers: Sam, Lee");
    f.key(KeyCode::Enter);
    f.typ("Sign-off by the business");
    f.ctrl('s');
    f.ch('S');
    assert!(
        f.app.modal.is_none()
            && matches!(&f.app.message, Some(Message::Error(m)) if m.contains("only a done step")),
        "sign-off of an unfinished step is refused before a comment is asked for"
    );
    f.ch(' ');
    assert!(
        matches!(&f.app.modal, Some(Modal::Confirm { question, .. })
            if question.starts_with("Steps 1 (todo), 2 (todo), 3 (todo), 4 (todo), 5 (todo) are not finished. Start step 6 ahead of them anyway?")),
        "starting ahead of unfinished steps asks first: {:?}",
        f.app.modal.as_ref().map(|m| match m {
            Modal::Confirm { question, .. } => question.clone(),
            _ => String::new(),
        })
    );
    f.ch('y');
    assert_eq!(
        f.s().steps()[5].start_override.as_ref().unwrap().unfinished,
        [1, 2, 3, 4, 5]
    );
    f.ch(' ');
    f.ch('S');
    assert!(
        matches!(&f.app.message, Some(Message::Error(m)) if m == "Step 7 needs no sign-off (the process asks for one on step 6)"),
        "the selection moved on to step 7, which needs none: {:?}",
        f.app.message
    );
    f.ch('k');
    f.ch('S');
    assert!(
        matches!(&f.app.modal, Some(Modal::Confirm { question, .. }) if question.contains("no test scripts")),
        "signing off with nothing tested asks first"
    );
    f.ch('y');
    f.typ("All scripts passed");
    f.key(KeyCode::Enter);
    let held = f.saved();
    let step = &held.steps()[5];
    assert_eq!(step.owner.as_deref(), Some("Priya"));
    assert_eq!(step.estimate_minutes, Some(90));
    assert_eq!(step.notes, "Testers: Sam, Lee\nSign-off by the business");
    let so = step.sign_off.as_ref().unwrap();
    assert_eq!(
        (so.by.as_str(), so.comment.as_str()),
        ("ann", "All scripts passed")
    );
}

#[test]
fn removing_a_change_needs_a_reason_and_keeps_it_in_the_file() {
    let mut f = fx();
    f.add_change("Forms", "A");
    f.add_change("Forms", "B");
    f.ch('k');
    f.ch('d');
    f.typ("Not needed after all");
    f.key(KeyCode::Enter);
    let s = f.saved();
    let a = &s.changes()[0];
    assert_eq!(a.removed.as_ref().unwrap().reason, "Not needed after all");
    assert_eq!(s.active_changes().count(), 1);
    assert_eq!(f.app.visible_changes().len(), 1);
}

#[test]
fn j_and_k_in_capitals_reorder_the_work_plan() {
    let mut f = fx();
    for item in ["A", "B", "C"] {
        f.add_change("Forms", item);
    }
    f.key(KeyCode::Home);
    f.ch('J');
    f.ch('J');
    let items: Vec<String> = f
        .saved()
        .changes()
        .iter()
        .map(|c| c.fields.item.clone())
        .collect();
    assert_eq!(items, ["B", "C", "A"]);
    assert_eq!(
        f.app.selected_change().unwrap().fields.item,
        "A",
        "selection follows"
    );
    f.ch('K');
    let items: Vec<String> = f
        .s()
        .changes()
        .iter()
        .map(|c| c.fields.item.clone())
        .collect();
    assert_eq!(items, ["B", "A", "C"]);
}

#[test]
fn the_filter_narrows_the_list_as_you_type_and_esc_clears_it() {
    let mut f = fx();
    f.add_change("Forms", "Incident");
    f.add_change("Roles", "Auditor");
    f.add_change("Forms", "Audit trail");
    f.ch('/');
    f.typ("audit");
    assert_eq!(f.app.visible_changes().len(), 2);
    f.key(KeyCode::Enter);
    assert_eq!(f.app.promotion.filter, "audit");
    assert_eq!(f.app.visible_changes().len(), 2);
    f.key(KeyCode::Esc);
    assert_eq!(f.app.visible_changes().len(), 3);
}

#[test]
fn t_times_applying_a_change_in_the_working_environment() {
    let mut f = fx();
    f.add_change("Forms", "A");
    f.ch('t');
    assert_eq!(f.s().working_env(), EnvKey::Stage1);
    let app = &f.s().changes()[0].applications[0];
    assert!(app.timer.is_running());
    f.clock.advance(Duration::minutes(7));
    f.ch('f');
    f.ch('a');
    let s = f.saved();
    let app = &s.changes()[0].applications[0];
    assert_eq!(app.outcome, Some(Outcome::Applied));
    assert_eq!(app.env, EnvKey::Stage1);
    assert_eq!(app.timer.elapsed(f.app.now()), Duration::minutes(7));
}

#[test]
fn a_running_timer_is_still_running_after_reopening() {
    let mut f = fx();
    f.ch('t');
    f.app.flush().unwrap();
    let path = f.app.doc.path.clone();
    drop(f.app);
    let clock = Arc::new(FixedClock::new(common::t0() + Duration::minutes(95)));
    let reopened = App::new(Loaded::load(&path).unwrap(), "bob", clock, None);
    let step = &reopened.doc.session.steps()[0];
    assert!(step.timer.is_running());
    assert_eq!(step.timer.elapsed(reopened.now()), Duration::minutes(95));
}

#[test]
fn tab_and_shift_tab_cycle_the_panes() {
    let mut f = fx();
    assert_eq!(f.app.focus, Pane::Checklist);
    f.tab();
    f.tab();
    assert_eq!(f.app.focus, Pane::Timer);
    f.tab();
    assert_eq!(f.app.focus, Pane::Checklist);
    f.shift_tab();
    assert_eq!(f.app.focus, Pane::Timer);
}

#[test]
fn help_opens_and_closes_and_quit_quits() {
    let mut f = fx();
    f.ch('?');
    assert!(matches!(f.app.modal, Some(Modal::Help { .. })));
    f.ch('j');
    assert!(matches!(f.app.modal, Some(Modal::Help { scroll: 1 })));
    f.key(KeyCode::Esc);
    assert!(f.app.modal.is_none());
    f.ctrl('c');
    assert!(f.app.quit);
}

#[test]
fn a_click_focuses_a_pane_and_selects_the_row_and_the_wheel_scrolls() {
    let mut f = fx();
    for item in ["A", "B", "C"] {
        f.add_change("Forms", item);
    }
    f.app.focus = Pane::Timer;
    f.draw();
    let rows = f.app.hits().rows_of(Pane::Checklist).unwrap();
    f.click(rows.x + 3, rows.y + 4);
    assert_eq!(f.app.focus, Pane::Checklist);
    assert_eq!(f.app.selected_step().unwrap().number, 5);
    let wp = f.app.hits().rows_of(Pane::WorkPlan).unwrap();
    f.click(wp.x + 3, wp.y + 1);
    assert_eq!(f.app.focus, Pane::WorkPlan);
    assert_eq!(f.app.selected_change().unwrap().fields.item, "B");
    // A click below the last row focuses without moving the selection.
    f.click(wp.x + 3, wp.y + 10);
    assert_eq!(f.app.selected_change().unwrap().fields.item, "B");

    f.app.handle(AppEvent::Resize(80, 24));
    f.draw();
    let timer_rows = f.app.hits().rows_of(Pane::Timer).unwrap();
    f.mouse(MouseEventKind::ScrollDown, timer_rows.x + 1, timer_rows.y);
    assert_eq!(f.app.promotion.timer.offset, 3);
}

#[test]
fn a_failed_save_is_shown_kept_in_memory_and_retried() {
    let mut f = fx();
    let good = f.app.doc.path.clone();
    let blocker = good.with_file_name("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    f.app.doc.path = blocker.join("session.ron");
    f.ch(' ');
    let err = f.app.flush().unwrap_err();
    assert_eq!(f.s().steps()[0].status, StepStatus::InProgress, "edit kept");
    // Flushing (as quitting does) tried once more, then kept the edit in a rescue file.
    let rescue = f.app.save.rescued.clone().expect("a rescue file");
    assert!(err.contains(&rescue.display().to_string()), "{err}");
    let kept = std::fs::read_to_string(&rescue).unwrap();
    assert!(kept.contains("StartStep"), "{kept}");
    std::fs::remove_file(&rescue).unwrap();
    // Quitting now asks first.
    f.ch('q');
    assert!(!f.app.quit);
    assert!(matches!(f.app.modal, Some(Modal::Confirm { .. })));
    f.ch('n');
    assert!(!f.app.quit);
    // The disk comes back: the retry writes the session with the edit.
    std::fs::remove_file(&blocker).unwrap();
    std::fs::create_dir(&blocker).unwrap();
    f.clock.advance(Duration::seconds(6));
    f.app.handle(AppEvent::Tick);
    f.app.flush().unwrap();
    let saved = Loaded::load(&f.app.doc.path).unwrap().session;
    assert_eq!(saved.steps()[0].status, StepStatus::InProgress);
    assert!(f.app.save.error.is_none());
}

#[test]
fn help_lists_every_binding_from_the_keymap() {
    let mut f = fx();
    f.app.handle(AppEvent::Resize(120, 300));
    // Each screen's help lists the global keys and its own; together, every binding.
    let mut screen = String::new();
    for s in cmo_promote::app::SCREENS {
        f.app.show_screen(s.id());
        f.ch('?');
        screen.push_str(&f.draw());
        f.key(KeyCode::Esc);
    }
    for b in f.app.keymap.rows() {
        let help = f.app.keymap.fill(&b.help);
        assert!(screen.contains(&help), "help misses {help:?}");
        assert!(
            screen.contains(&b.keys_label()),
            "help misses {}",
            b.keys_label()
        );
    }
}

/// Another instance writes the file; waits (ticking) until this app has reloaded it.
fn log_from_outside(path: &std::path::Path, item: &str) {
    let mut other = Loaded::load(path).unwrap();
    let op = cmo_promote::model::Op::new(
        cmo_promote::model::OpId::new_random(),
        "bob",
        common::t0(),
        cmo_promote::model::OpKind::AddChange {
            fields: Box::new(cmo_promote::model::ChangeFields {
                area: "Roles".into(),
                item: item.into(),
                ..Default::default()
            }),
        },
    );
    other.apply_and_commit(op).unwrap();
}

#[test]
fn changes_saved_by_another_instance_appear_and_keep_selection_and_editor_text() {
    let mut f = fx();
    f.add_change("Forms", "A");
    f.add_change("Forms", "B");
    f.app.flush().unwrap();
    f.ch('k'); // select WP-001
    f.ch('a');
    f.typ("Half typed");
    let path = f.app.doc.path.clone();
    // How soon is the benchmarks' to measure; here it only has to come.
    log_from_outside(&path, "From bob");
    f.wait_until("bob's change", |a| a.doc.session.changes().len() == 3);
    let ed = f
        .app
        .promotion
        .editor
        .as_ref()
        .expect("the editor is still open");
    assert_eq!(ed.text(cmo_promote::app::Field::Area), "Half typed");
    assert_eq!(f.app.focus, Pane::WorkPlan);
    assert_eq!(f.app.selected_change().unwrap().fields.item, "A");
    // Finishing the entry now merges with bob's change rather than overwriting it.
    f.tab();
    f.typ("C");
    f.ctrl('s');
    let s = f.saved();
    let items: Vec<&str> = s.changes().iter().map(|c| c.fields.item.as_str()).collect();
    assert_eq!(items, ["A", "B", "From bob", "C"]);
    assert_eq!(s.changes()[3].label(), "WP-004");
}

/// Bob's edit, saved to the file by his own program.
fn by_bob(path: &std::path::Path, kind: cmo_promote::model::OpKind) {
    common::saved_by(path, "bob", kind);
}

#[test]
fn a_timer_another_person_starts_and_stops_ticks_in_the_timer_pane_meanwhile() {
    use cmo_promote::model::{EnvKey, OpKind, TimerTarget};
    let mut f = fx();
    f.add_change("Forms", "A");
    f.app.flush().unwrap();
    let path = f.app.doc.path.clone();
    let id = f.app.doc.session.changes()[0].id;
    let env = EnvKey::Stage1;
    by_bob(
        &path,
        OpKind::StartApplication {
            change: id,
            env,
            override_reason: None,
        },
    );
    f.wait_until("bob's attempt", |a| {
        a.doc.session.changes()[0].open_application(env).is_some()
    });
    let running = f.draw();
    assert!(
        running.contains("▶ WP-001 in Stage 1"),
        "the Timer pane lists bob's timer:\n{running}"
    );
    by_bob(
        &path,
        OpKind::StopTimer {
            target: TimerTarget::Application { change: id, env },
        },
    );
    f.wait_until("bob's timer stopped", |a| {
        a.doc.session.running_timers().is_empty()
    });
    let stopped = f.draw();
    assert!(!stopped.contains("▶ WP-001"), "{stopped}");
    assert!(stopped.contains("No timer running"), "{stopped}");
}

#[test]
fn an_edit_that_no_longer_applies_is_shown_as_a_conflict_and_can_be_dropped() {
    let mut f = fx();
    f.add_change("Forms", "A");
    f.app.flush().unwrap();
    let path = f.app.doc.path.clone();
    // Bob removes WP-001 while ann, not yet knowing, edits it.
    let id = f.s().changes()[0].id;
    by_bob(
        &path,
        cmo_promote::model::OpKind::RemoveChange {
            change: id,
            reason: "duplicate".into(),
        },
    );
    f.ch('e');
    f.tab();
    f.typ("2");
    f.ctrl('s');
    assert_eq!(
        f.app.doc.session.changes()[0].fields.item,
        "A2",
        "applied here first"
    );
    f.app.flush().unwrap();
    assert_eq!(f.app.conflicts.len(), 1);
    let screen = f.draw();
    let status = screen.lines().last().unwrap_or_default();
    assert!(
        status.contains("⚠ 1 of your edits clashed with others': C to review"),
        "{status}"
    );
    assert!(
        f.app.doc.session.changes()[0].is_removed(),
        "bob's removal is shown"
    );
    let saved = Loaded::load(&path).unwrap().session;
    assert!(saved.changes()[0].is_removed());
    assert_eq!(saved.changes()[0].fields.item, "A");
    // The conflict is listed until its author drops it.
    f.ch('C');
    assert!(matches!(f.app.modal, Some(Modal::Conflicts { .. })));
    f.ch('x');
    assert!(f.app.conflicts.is_empty());
    assert!(f.app.modal.is_none());
}

#[test]
fn a_clash_shows_yours_and_theirs_side_by_side_and_r_keeps_yours() {
    let mut f = fx();
    f.app.handle(AppEvent::Resize(120, 40));
    f.add_change("Forms", "Intake");
    f.app.flush().unwrap();
    let path = f.app.doc.path.clone();
    // Bob renames the item while ann, not yet knowing, renames it too.
    let id = f.s().changes()[0].id;
    by_bob(
        &path,
        cmo_promote::model::OpKind::EditChange {
            change: id,
            edits: vec![cmo_promote::model::ChangeEdit::Item("Intake (bob)".into())],
            was: vec![],
        },
    );
    f.ch('e');
    f.tab();
    f.typ(" (ann)");
    f.ctrl('s');
    f.app.flush().unwrap();
    assert_eq!(f.app.conflicts.len(), 1);
    f.ch('C');
    let screen = f.draw();
    let row = screen
        .lines()
        .find(|l| l.contains("WP-001 the item"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        row.contains("Intake (ann)") && row.contains("Intake (bob)"),
        "yours and theirs on one row: {row}"
    );
    assert!(screen.contains("Yours") && screen.contains("Now in the session"));
    f.ch('r');
    assert!(f.app.conflicts.is_empty());
    f.app.flush().unwrap();
    assert_eq!(
        f.saved().changes()[0].fields.item,
        "Intake (ann)",
        "yours is kept"
    );
}

#[test]
fn a_read_only_app_refuses_edits_and_writes_nothing() {
    let mut f = fx();
    f.app.read_only = Some("written by a newer cmo-promote".into());
    let before = std::fs::read(&f.app.doc.path).unwrap();
    f.ch(' ');
    assert_eq!(f.s().steps()[0].status, StepStatus::Todo);
    assert!(matches!(&f.app.message, Some(Message::Error(m)) if m.contains("read-only")));
    f.app.flush().unwrap();
    assert_eq!(std::fs::read(&f.app.doc.path).unwrap(), before);
}

#[test]
fn esc_on_typed_notes_asks_before_dropping_them() {
    let mut f = fx();
    f.ch('n');
    f.typ("Half a note");
    f.key(KeyCode::Esc);
    assert!(matches!(f.app.modal, Some(Modal::Confirm { .. })));
    f.ch('n');
    match &f.app.modal {
        Some(Modal::Prompt(p)) => assert_eq!(p.text(), "Half a note", "back to the prompt"),
        _ => panic!("the notes prompt comes back"),
    }
    f.key(KeyCode::Esc);
    f.ch('y');
    assert!(f.app.modal.is_none());
    assert_eq!(f.s().steps()[0].notes, "");
    // An untouched prompt just closes.
    f.ch('n');
    f.key(KeyCode::Esc);
    assert!(f.app.modal.is_none());
}

#[test]
fn up_and_down_never_replace_an_area_typed_by_hand() {
    let mut f = fx();
    f.tab();
    f.ch('a');
    f.typ("Payroll exports");
    f.key(KeyCode::Down);
    let ed = f.app.promotion.editor.as_ref().unwrap();
    assert_eq!(ed.text(cmo_promote::app::Field::Area), "Payroll exports");
}

#[test]
fn help_does_not_scroll_past_its_end() {
    let mut f = fx();
    f.ch('?');
    for _ in 0..500 {
        f.ch('j');
    }
    let Some(Modal::Help { scroll }) = f.app.modal else {
        panic!("help is open")
    };
    let lines = f.app.keymap.help_lines(f.app.current_screen()).len();
    assert!((scroll as usize) < lines);
    assert!(scroll > 20, "it does scroll: {scroll}");
}

#[test]
fn without_a_saver_thread_each_edit_is_saved_as_it_is_made() {
    let f = fx();
    let path = f.app.doc.path.clone();
    let loaded = Loaded::load(&path).unwrap();
    let saver = cmo_promote::app::Saver::inline(&loaded);
    let mut app = App::new(loaded, "ann", f.clock.clone(), Some(saver));
    app.handle(AppEvent::Key(KeyCode::Char(' ').into()));
    // Already on disk, before any flush.
    assert_eq!(
        Loaded::load(&path).unwrap().session.steps()[0].status,
        StepStatus::InProgress
    );
    app.handle(AppEvent::Tick);
    assert!(!app.has_unsaved(), "the commit was taken in");
    app.flush().unwrap();
}

#[test]
fn the_freeze_that_followed_a_step_start_goes_with_it_when_the_start_no_longer_applies() {
    let mut f = fx();
    f.app.commit(OpKind::CompleteStep { step: 1 });
    f.app.flush().unwrap();
    let path = f.app.doc.path.clone();
    // Bob skips step 2 while ann, not yet knowing, starts it (which freezes Production).
    by_bob(
        &path,
        OpKind::SkipStep {
            step: 2,
            reason: "frozen by the vendor already".into(),
        },
    );
    f.app.focus = Pane::Checklist;
    f.app.promotion.checklist.selected = 1;
    f.ch(' ');
    assert!(f.app.doc.session.freeze().is_active(), "applied here first");
    f.app.flush().unwrap();
    // Ann's start is a conflict; the freeze that followed from it is gone with it, and
    // is not listed as an edit of hers to retry.
    assert_eq!(f.app.conflicts.len(), 1);
    assert!(matches!(
        f.app.conflicts[0].op.kind,
        OpKind::StartStep { .. }
    ));
    let saved = Loaded::load(&path).unwrap().session;
    assert!(saved.freeze().periods.is_empty(), "{:?}", saved.freeze());
    assert!(!f.app.doc.session.freeze().is_active());
}

#[test]
fn x_writes_the_report_beside_the_session_and_says_where() {
    let mut f = fx();
    f.add_change("Forms", "Incident | report");
    f.ch('X');
    let folder = f.app.report_folder();
    assert!(
        matches!(&f.app.message, Some(Message::Info(m)) if m.contains(&folder.display().to_string())),
        "{:?}",
        f.app.message
    );
    let report = std::fs::read_to_string(folder.join("report.md")).unwrap();
    assert!(
        report.contains("### 1. WP-001 · Forms / Incident \\| report · modify"),
        "{report}"
    );
    for csv in ["work-plan.csv", "test-results.csv", "time-entries.csv"] {
        assert!(folder.join(csv).is_file(), "{csv}");
    }
}

#[test]
fn reordering_under_a_filter_is_refused_with_the_reason() {
    let mut f = fx();
    f.add_change("Forms", "A");
    f.add_change("Forms", "B");
    f.app.set_filter("B".into());
    f.ch('K');
    assert!(
        matches!(&f.app.message, Some(Message::Error(m)) if f.app.keymap.fill(m).starts_with("Clear the filter (Esc) to reorder")),
        "{:?}",
        f.app.message
    );
    let items: Vec<&str> = f
        .s()
        .changes()
        .iter()
        .map(|c| c.fields.item.as_str())
        .collect();
    assert_eq!(items, ["A", "B"], "nothing moved");
}

#[test]
fn the_checklist_shows_a_paused_step_and_the_timer_pane_the_total() {
    let mut f = fx();
    f.ch(' ');
    f.clock.advance(Duration::minutes(20));
    f.ch('t');
    assert_eq!(f.s().steps()[0].status, StepStatus::InProgress);
    assert!(!f.s().steps()[0].timer.is_running());
    let screen = f.draw();
    let row = screen
        .lines()
        .find(|l| l.contains("Copy Production to Stage 1"))
        .unwrap();
    assert!(row.contains("paused"), "{row}");
    assert!(screen.contains("Per step · total 0:20:00"), "{screen}");
    // Step 12, the current one, reads with a space after the marker.
    for step in 1..=11 {
        f.app.commit(cmo_promote::model::OpKind::SkipStep {
            step,
            reason: "test".into(),
        });
    }
    let screen = f.draw();
    assert!(screen.contains("▶ 12 ○ todo"), "{screen}");
}

#[test]
fn enter_reads_a_change_in_full_and_e_there_edits_it() {
    let mut f = fx();
    f.add_change("Forms", "Incident");
    f.app.commit(OpKind::EditChange {
        change: f.s().changes()[0].id,
        edits: vec![cmo_promote::model::ChangeEdit::Description(
            "Add Severity\nbelow Category".into(),
        )],
        was: vec![],
    });
    f.app.handle(AppEvent::Resize(160, 40));
    let screen = f.draw();
    assert!(
        screen.contains("Forms / Incident — modify: Add Severity…"),
        "a description cut short ends in …: {screen}"
    );
    f.key(KeyCode::Enter);
    assert!(matches!(f.app.modal, Some(Modal::ChangeDetails { .. })));
    assert!(f.app.promotion.editor.is_none(), "read-only");
    let screen = f.draw();
    for expected in [
        "WP-001 · Forms / Incident · modify",
        "below Category",
        "Covered by",
        "no test script",
    ] {
        assert!(screen.contains(expected), "{expected}: {screen}");
    }
    f.ch('e');
    assert!(f.app.modal.is_none());
    assert!(f.app.promotion.editor.is_some(), "e edits it");
}

#[test]
fn the_checklist_keys_work_in_step_details_and_a_tab_in_notes_is_drawn_as_spaces() {
    let mut f = fx();
    f.app.handle(AppEvent::Resize(120, 40));
    f.key(KeyCode::Enter);
    assert!(matches!(
        f.app.modal,
        Some(Modal::StepDetails { step: 1, .. })
    ));
    f.ch('n');
    assert!(
        matches!(&f.app.modal, Some(Modal::Prompt(_))),
        "n edits the notes from the details"
    );
    f.app
        .handle(AppEvent::Paste("Pasted line B\twith tab".into()));
    f.ctrl('s');
    assert_eq!(f.s().steps()[0].notes, "Pasted line B\twith tab");
    assert!(
        matches!(f.app.modal, Some(Modal::StepDetails { step: 1, .. })),
        "the details come back once the notes are saved"
    );
    let screen = f.draw();
    assert!(screen.contains("Pasted line B    with tab"), "{screen}");
    f.ch('o');
    f.typ("Priya");
    f.key(KeyCode::Enter);
    assert_eq!(f.s().steps()[0].owner.as_deref(), Some("Priya"));
}

#[test]
fn at_80_columns_the_hints_keep_the_keys_needed_most() {
    let mut f = fx();
    f.app.handle(AppEvent::Resize(80, 24));
    f.app.focus = Pane::WorkPlan;
    let screen = f.draw();
    let hints = screen.lines().rev().nth(1).unwrap();
    for needed in ["a add", "e edit", "t timer", "f finish"] {
        assert!(hints.contains(needed), "{needed} missing: {hints}");
    }
}

#[test]
fn saving_over_a_field_someone_changed_meanwhile_says_to_what_and_again_keeps_yours() {
    let mut f = fx();
    f.add_change("Forms", "Intake");
    f.app.flush().unwrap();
    f.ch('e');
    f.tab();
    f.typ(" (ann)");
    let path = f.app.doc.path.clone();
    let id = f.s().changes()[0].id;
    by_bob(
        &path,
        cmo_promote::model::OpKind::EditChange {
            change: id,
            edits: vec![cmo_promote::model::ChangeEdit::Item("Intake (bob)".into())],
            was: vec![],
        },
    );
    f.wait_until("bob's edit", |a| {
        a.doc.session.changes()[0].fields.item == "Intake (bob)"
    });
    f.ctrl('s');
    let ed = f.app.promotion.editor.as_ref().expect("still open");
    // Shown with the keys in effect.
    assert_eq!(
        ed.form
            .error
            .as_deref()
            .map(|e| f.app.keymap.fill(e))
            .as_deref(),
        Some("Ctrl-S again keeps yours: bob changed the item meanwhile to \"Intake (bob)\"")
    );
    f.ctrl('s');
    assert!(f.app.promotion.editor.is_none());
    f.app.flush().unwrap();
    assert_eq!(f.saved().changes()[0].fields.item, "Intake (ann)");
}

#[test]
fn a_clash_that_cannot_be_kept_says_why_in_full_in_the_list() {
    let mut f = fx();
    f.app.handle(AppEvent::Resize(80, 24));
    f.add_change("Forms", "Intake");
    f.app.flush().unwrap();
    let path = f.app.doc.path.clone();
    let id = f.s().changes()[0].id;
    // Bob removes it in the file; ann, not yet knowing, removes it too.
    by_bob(
        &path,
        cmo_promote::model::OpKind::RemoveChange {
            change: id,
            reason: "duplicate".into(),
        },
    );
    assert!(f.app.commit(cmo_promote::model::OpKind::RemoveChange {
        change: id,
        reason: "not needed".into(),
    }));
    f.app.flush().unwrap();
    assert_eq!(f.app.conflicts.len(), 1);
    f.ch('C');
    f.ch('r');
    assert_eq!(f.app.conflicts.len(), 1, "still listed");
    let screen = f.draw();
    assert!(
        screen.contains("✗ Not kept: WP-001 has been removed from the Work Plan"),
        "{screen}"
    );
}

#[test]
fn help_ends_with_the_keys_of_text_fields() {
    let mut f = fx();
    f.ch('?');
    for _ in 0..200 {
        f.key(KeyCode::Down);
    }
    let screen = f.draw();
    assert!(screen.contains("Ctrl-U/Ctrl-K delete to them"), "{screen}");
    assert!(screen.contains("Ctrl-Z undoes."), "{screen}");
}
