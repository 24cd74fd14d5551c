//! The Outage screen as its users meet it: replaying the Work Plan one change at a time
//! (the questions an irreversible change, a missing dependency, a failure or a cancel
//! ask; the rating in the rehearsal), booking the window on the board, and the board
//! drawn in each of its states at 80×24 and 200×50 (insta snapshots, mono theme; the
//! colour of a state is checked on the colour theme).
//!
//! After an intended change to the board: `INSTA_UPDATE=always cargo test --test
//! outage_screen`, then read the changed `.snap` files before committing them.

mod common;

use chrono::{DateTime, Duration, Utc};
use cmo_promote::app::{App, AppEvent, Modal, Pane, ScreenId};
use cmo_promote::model::*;
use cmo_promote::ui::Theme;
use common::{app_on, render, t0};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use uuid::Uuid;

fn at(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

/// Applies ops with fixed ids and times; each must be accepted.
struct Night {
    s: Session,
    next: u128,
}

impl Night {
    fn op(&mut self, who: &str, minutes: i64, kind: OpKind) -> &mut Night {
        self.next += 1;
        let op = Op::new(OpId(Uuid::from_u128(self.next)), who, at(minutes), kind);
        if let Err(e) = self.s.apply(op.clone()) {
            panic!("{op:?} refused: {e}");
        }
        self
    }

    fn id(&self, number: u32) -> ChangeId {
        self.s.change_by_number(number).unwrap().id
    }

    /// Applies WP-`n` in `env` from minute `from` for `minutes`.
    fn timed(&mut self, n: u32, env: EnvKey, from: i64, minutes: i64) -> &mut Night {
        let change = self.id(n);
        let rating = (env == EnvKey::Stage2).then_some(Replicability::AsWritten);
        self.op(
            "rita",
            from,
            OpKind::StartApplication {
                change,
                env,
                override_reason: None,
            },
        )
        .op(
            "rita",
            from + minutes,
            OpKind::FinishApplication {
                change,
                env,
                outcome: Outcome::Applied,
                note: String::new(),
                replicability: None,
                rating,
            },
        )
    }
}

/// Three changes logged by ann (WP-002 depends on WP-001 and is irreversible), steps 1
/// to 7 skipped and the rehearsal (step 8) under way.
fn rehearsal() -> Night {
    let mut n = Night {
        s: common::new_session("Night of the 5th").1,
        next: 0x500,
    };
    let change = |item: &str, navigation: &str| ChangeFields {
        area: "Forms".into(),
        item: item.into(),
        navigation: navigation.into(),
        before: "none".into(),
        after: "set".into(),
        description: format!("Set up {item}"),
        ..Default::default()
    };
    n.op(
        "ann",
        1,
        OpKind::AddChange {
            fields: Box::new(change("Incident form", "Admin > Forms > Incident")),
        },
    );
    let first = n.id(1);
    n.op(
        "ann",
        2,
        OpKind::AddChange {
            fields: Box::new(ChangeFields {
                depends_on: vec![first],
                irreversible: true,
                backout_note: "Restore the form from the export".into(),
                ..change("Severity field", "Admin > Forms > Incident > Fields")
            }),
        },
    );
    n.op(
        "ann",
        3,
        OpKind::AddChange {
            fields: Box::new(change("Ops dashboard", "Admin > Dashboards")),
        },
    );
    for step in 1..=7 {
        n.op(
            "lead",
            10,
            OpKind::SkipStep {
                step,
                reason: "done before".into(),
            },
        );
    }
    n.op(
        "lead",
        20,
        OpKind::StartStep {
            step: 8,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    n
}

/// The rehearsal timed (10, 20 and 30 minutes), steps 8 to 10 done, the window booked
/// for minutes 1000–1120 (rollback reserve 30: point of no return at 1090), step 11
/// started at 1000.
fn outage() -> Night {
    let mut n = rehearsal();
    n.timed(1, EnvKey::Stage2, 100, 10)
        .timed(2, EnvKey::Stage2, 120, 20)
        .timed(3, EnvKey::Stage2, 150, 30);
    for step in 8..=10 {
        n.op("lead", 300, OpKind::CompleteStep { step });
    }
    n.op(
        "lead",
        310,
        OpKind::SetOutagePlan {
            window_start: Some(at(1000)),
            window_end: Some(at(1120)),
            contingency_percent: 50,
            copy_back_after_days: 3,
            verification_minutes: Some(20),
            rollback_minutes: 30,
        },
    )
    .op(
        "lead",
        1000,
        OpKind::StartStep {
            step: 11,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    n
}

/// The app on the Outage screen as rita, at minute `now`.
fn outage_app(s: Session, now: i64, w: u16, h: u16) -> App {
    let mut app = app_on(s, at(now), w, h);
    app.user = "rita".into();
    app.show_screen(ScreenId::Outage);
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.handle(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Types `text` into the open prompt and presses Enter.
fn answer(app: &mut App, text: &str) {
    typ(app, text);
    key(app, KeyCode::Enter);
}

/// The error the open prompt shows; panics when no prompt is open.
fn prompt_error(app: &App) -> Option<String> {
    match &app.modal {
        Some(Modal::Prompt(p)) => p.error.clone(),
        _ => panic!("a prompt should be open"),
    }
}

/// A new session with step 1 done, so the freeze step is next.
fn before_the_freeze() -> Night {
    let mut n = Night {
        s: common::new_session("Night of the 5th").1,
        next: 0x900,
    };
    n.op("lead", 10, OpKind::CompleteStep { step: 1 });
    n
}

fn message(app: &App) -> String {
    format!("{:?}", app.message)
}

#[test]
fn a_rehearsal_replay_rates_each_change_and_moves_on() {
    let n = rehearsal();
    let (wp1, wp3) = (n.id(1), n.id(3));
    let mut app = outage_app(n.s, 30, 100, 30);
    assert_eq!(app.focus, Pane::Replay);
    key(&mut app, KeyCode::Char('s'));
    assert!(
        message(&app).contains("WP-001 started in Stage 2"),
        "{}",
        message(&app)
    );
    key(&mut app, KeyCode::Char('d'));
    assert!(matches!(app.modal, Some(Modal::Rating { .. })));
    // A key that is no answer keeps the question open.
    key(&mut app, KeyCode::Char('q'));
    assert!(matches!(app.modal, Some(Modal::Rating { .. })));
    key(&mut app, KeyCode::Char('m'));
    assert!(
        matches!(app.modal, Some(Modal::Prompt(_))),
        "asks what was unclear"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        prompt_error(&app).as_deref(),
        Some("a note is required when WP-001 is recorded as ambiguous"),
        "an empty note is refused and the prompt stays"
    );
    answer(&mut app, "which Incident form: there are two");
    assert!(app.modal.is_none());
    let s = &app.doc.session;
    let applied = s
        .change(wp1)
        .unwrap()
        .latest_application(EnvKey::Stage2)
        .unwrap();
    assert_eq!(applied.rating, Some(Replicability::Ambiguous));
    assert_eq!(applied.by, "rita");
    assert_eq!(s.must_fix()[0].change, wp1);
    assert_eq!(
        app.replay_change().map(|c| c.label()),
        Some("WP-002".into()),
        "the replay moves to the next change"
    );
    // The board lists the must-fix entry; the replay shows it on the change.
    let screen = render(&mut app, Theme::MONO).backend().to_string();
    assert!(
        screen.contains("Must fix before step 11: WP-001 (ambiguous)"),
        "{screen}"
    );
    // Failing asks what went wrong, and the failure is recorded with it.
    key(&mut app, KeyCode::Down);
    assert_eq!(app.replay_change().map(|c| c.id), Some(wp3));
    key(&mut app, KeyCode::Char('f'));
    answer(&mut app, "Dashboards admin is read-only");
    let failed = app.doc.session.change(wp3).unwrap();
    let a = failed.latest_application(EnvKey::Stage2).unwrap();
    assert_eq!(
        (a.outcome, a.note.as_str()),
        (Some(Outcome::Failed), "Dashboards admin is read-only")
    );
}

#[test]
fn an_irreversible_change_waiting_for_its_dependency_asks_twice_and_records_why() {
    let n = rehearsal();
    let wp2 = n.id(2);
    let mut app = outage_app(n.s, 30, 100, 30);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('s'));
    let Some(Modal::Confirm { question, .. }) = &app.modal else {
        panic!("an irreversible change asks first");
    };
    assert!(
        question.contains(
            "WP-002 is irreversible. Its back-out note: \"Restore the form from the export\""
        ),
        "{question}"
    );
    key(&mut app, KeyCode::Char('x'));
    assert!(
        matches!(app.modal, Some(Modal::Confirm { .. })),
        "x is no answer"
    );
    key(&mut app, KeyCode::Char('y'));
    let Some(Modal::Prompt(p)) = &app.modal else {
        panic!("then why start before WP-001");
    };
    assert_eq!(
        p.title,
        "WP-002 depends on WP-001, not applied in Stage 2 (test) yet"
    );
    answer(&mut app, "WP-001 was made by the vendor");
    let change = app.doc.session.change(wp2).unwrap();
    let open = change.open_application(EnvKey::Stage2).unwrap();
    assert_eq!(
        open.dependency_override.as_ref().map(|o| o.reason.as_str()),
        Some("WP-001 was made by the vendor")
    );
    // A mistaken start is cancelled with a reason and counts nowhere.
    key(&mut app, KeyCode::Char('c'));
    answer(&mut app, "wrong change");
    let change = app.doc.session.change(wp2).unwrap();
    assert_eq!(change.latest_application(EnvKey::Stage2), None);
    assert!(
        message(&app).contains("no longer counts"),
        "{}",
        message(&app)
    );
    // Answering n leaves it not started.
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Char('n'));
    assert!(app.modal.is_none());
    assert!(
        app.doc
            .session
            .change(wp2)
            .unwrap()
            .open_application(EnvKey::Stage2)
            .is_none()
    );
}

#[test]
fn the_author_replaying_their_own_change_is_warned() {
    let n = rehearsal();
    let mut app = outage_app(n.s, 30, 100, 30);
    app.user = "ann".into();
    let screen = render(&mut app, Theme::MONO).backend().to_string();
    assert!(screen.contains("You made this change"), "{screen}");
    key(&mut app, KeyCode::Char('s'));
    assert!(
        message(&app).contains("WP-001 started, but you made it"),
        "{}",
        message(&app)
    );
}

#[test]
fn the_window_is_booked_on_the_board_from_a_start_and_the_proposed_length() {
    let mut n = rehearsal();
    n.timed(1, EnvKey::Stage2, 100, 10);
    let mut app = outage_app(n.s, 200, 100, 30);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Board);
    key(&mut app, KeyCode::Char('w'));
    answer(&mut app, "2026-05-06 22:00");
    assert!(app.modal.is_none(), "{:?}", message(&app));
    let s = &app.doc.session;
    let length = s.outage_proposal(at(200)).unwrap().length;
    let start = "2026-05-06T22:00:00Z".parse::<DateTime<Utc>>().unwrap();
    assert_eq!(s.outage_window(), Some((start, start + length)));
    // An end of a clock time alone is the next such time after the start.
    key(&mut app, KeyCode::Char('w'));
    for _ in 0..40 {
        key(&mut app, KeyCode::Backspace);
    }
    answer(&mut app, "2026-05-06 22:00 - 01:00");
    let end = "2026-05-07T01:00:00Z".parse::<DateTime<Utc>>().unwrap();
    assert_eq!(app.doc.session.outage_window(), Some((start, end)));
    // Nonsense is refused in the prompt, and the plan stays as it was.
    key(&mut app, KeyCode::Char('R'));
    for _ in 0..5 {
        key(&mut app, KeyCode::Backspace);
    }
    answer(&mut app, "soon");
    let Some(Modal::Prompt(p)) = &app.modal else {
        panic!("the prompt stays open");
    };
    assert!(
        p.error
            .as_deref()
            .unwrap_or("")
            .contains("\"soon\" is not a duration")
    );
    assert_eq!(app.doc.session.outage().rollback_minutes, 30);
}

#[test]
fn copying_the_status_hands_the_line_to_the_terminal() {
    let n = outage();
    let mut app = outage_app(n.s, 1010, 100, 30);
    key(&mut app, KeyCode::Char('y'));
    let line = app.clipboard.clone().unwrap();
    assert!(
        line.starts_with("Outage 01:10–03:10 · 0/3 applied · forecast 02:20"),
        "{line}"
    );
}

/// Snapshots of the board at both sizes.
fn snap(name: &str, s: &Session, now: i64) {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut app = outage_app(s.clone(), now, w, h);
        let terminal = render(&mut app, Theme::MONO);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn board_plan_before_the_outage() {
    let mut n = rehearsal();
    n.timed(1, EnvKey::Stage2, 100, 10)
        .timed(2, EnvKey::Stage2, 120, 20);
    snap("board_plan", &n.s, 200);
}

#[test]
fn board_plan_without_rehearsal_timing() {
    snap("board_plan_untimed", &rehearsal().s, 30);
}

#[test]
fn board_green() {
    let mut n = outage();
    n.timed(1, EnvKey::Production, 1000, 8);
    let wp2 = n.id(2);
    n.op(
        "rita",
        1008,
        OpKind::StartApplication {
            change: wp2,
            env: EnvKey::Production,
            override_reason: None,
        },
    );
    snap("board_green", &n.s, 1015);
}

#[test]
fn board_amber() {
    let mut n = outage();
    n.timed(1, EnvKey::Production, 1000, 15);
    // Pace 1.5: 45 + 30 left → 1090 at minute 1015, the point of no return itself.
    snap("board_amber", &n.s, 1015);
}

#[test]
fn board_red_past_the_point_of_no_return() {
    let mut n = outage();
    n.timed(1, EnvKey::Production, 1000, 20);
    snap("board_red", &n.s, 1095);
}

#[test]
fn board_without_a_window_or_timing_says_so() {
    let mut n = rehearsal();
    for step in 8..=10 {
        n.op("lead", 300, OpKind::CompleteStep { step });
    }
    n.op(
        "lead",
        1000,
        OpKind::StartStep {
            step: 11,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    snap("board_unknown", &n.s, 1010);
}

#[test]
fn the_board_colours_its_figures_by_state() {
    let colour_of = |s: &Session, now: i64| {
        let mut app = outage_app(s.clone(), now, 100, 30);
        let terminal = render(&mut app, Theme::COLOR);
        let buffer = terminal.backend().buffer().clone();
        // The first cell of the large digits (row 4: tabs, border, banner, labels).
        let cell = (0..100u16)
            .map(|x| &buffer[(x, 4)])
            .find(|c| c.symbol() == "█")
            .expect("large digits are drawn");
        cell.fg
    };
    let mut green = outage();
    green.timed(1, EnvKey::Production, 1000, 8);
    assert_eq!(colour_of(&green.s, 1010), Color::Green);
    let mut red = outage();
    red.timed(1, EnvKey::Production, 1000, 20);
    assert_eq!(colour_of(&red.s, 1095), Color::Red);
}

/// The app on the Promotion screen with step `n` selected in the checklist.
fn on_step(s: Session, n: usize, now: i64) -> App {
    let mut app = app_on(s, at(now), 100, 30);
    app.user = "lead".into();
    app.focus = Pane::Checklist;
    app.promotion.checklist.selected = n - 1;
    app
}

#[test]
fn starting_step_11_with_entries_to_fix_asks_why_and_records_them() {
    let mut n = rehearsal();
    let wp1 = n.id(1);
    n.op(
        "rita",
        100,
        OpKind::StartApplication {
            change: wp1,
            env: EnvKey::Stage2,
            override_reason: None,
        },
    )
    .op(
        "rita",
        110,
        OpKind::FinishApplication {
            change: wp1,
            env: EnvKey::Stage2,
            outcome: Outcome::Applied,
            note: "the path has moved".into(),
            replicability: None,
            rating: Some(Replicability::WrongValue),
        },
    );
    for step in 8..=10 {
        n.op("lead", 300, OpKind::CompleteStep { step });
    }
    let mut app = on_step(n.s, 11, 400);
    key(&mut app, KeyCode::Char(' '));
    let Some(Modal::Prompt(p)) = &app.modal else {
        panic!("step 11 asks why it starts over the must-fix list");
    };
    assert_eq!(
        p.title,
        "Start Step 11: Implement in Production with WP-001 still to fix?"
    );
    answer(&mut app, "fixed on the printed copy");
    let step = app.doc.session.step(11).unwrap();
    assert_eq!(step.status, StepStatus::InProgress);
    assert_eq!(step.start_override.as_ref().unwrap().must_fix, vec![wp1]);
}

#[test]
fn completing_step_11_with_changes_not_applied_lists_them_first() {
    let mut n = outage();
    n.timed(1, EnvKey::Production, 1000, 10);
    let wp2 = n.id(2);
    n.op(
        "rita",
        1020,
        OpKind::FinishApplication {
            change: wp2,
            env: EnvKey::Production,
            outcome: Outcome::Failed,
            note: "locked".into(),
            replicability: None,
            rating: None,
        },
    );
    let mut app = on_step(n.s, 11, 1030);
    key(&mut app, KeyCode::Char(' '));
    let Some(Modal::Confirm { question, .. }) = &app.modal else {
        panic!("completing asks first");
    };
    assert!(
        question
            .contains("Not every change is applied in Production: WP-002 failed, WP-003 not done"),
        "{question}"
    );
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(
        app.doc.session.step(11).unwrap().status,
        StepStatus::InProgress
    );
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.doc.session.step(11).unwrap().status, StepStatus::Done);
}

#[test]
fn a_watcher_shows_the_checklist_then_the_board_once_the_outage_starts() {
    let mut n = rehearsal();
    for step in 8..=10 {
        n.op("lead", 300, OpKind::CompleteStep { step });
    }
    let mut app = app_on(n.s.clone(), at(400), 100, 30);
    app.watch();
    assert_eq!(
        (app.screen, app.focus),
        (ScreenId::Promotion, Pane::Checklist)
    );
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(app.doc.session.step(11).unwrap().status, StepStatus::Todo);
    assert!(
        message(&app).contains("Watching, read-only"),
        "{}",
        message(&app)
    );
    // Someone starts step 11; the reload brings the board up, once.
    n.op(
        "lead",
        1000,
        OpKind::StartStep {
            step: 11,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    app.doc.session = n.s.clone();
    app.refresh_all();
    assert_eq!(app.screen, ScreenId::Outage);
    key(&mut app, KeyCode::Char('1'));
    app.refresh_all();
    assert_eq!(
        app.screen,
        ScreenId::Promotion,
        "going back is the lead's choice"
    );
}

#[test]
fn the_freeze_starts_with_step_2_ends_with_step_11_and_the_copy_back_falls_due() {
    let mut app = on_step(before_the_freeze().s, 2, 60);
    key(&mut app, KeyCode::Char(' '));
    let s = &app.doc.session;
    assert!(s.freeze().is_active(), "starting step 2 froze Production");
    assert_eq!(s.freeze().periods[0].started_by, "lead");
    let screen = render(&mut app, Theme::MONO).backend().to_string();
    assert!(
        screen
            .lines()
            .next()
            .unwrap()
            .contains("Production frozen since Mon 4 May 09:30"),
        "{screen}"
    );
    for step in 2..=10 {
        app.commit(OpKind::SkipStep {
            step,
            reason: "for the test".into(),
        });
    }
    app.commit(OpKind::StartStep {
        step: 11,
        override_reason: None,
        ahead_of: Vec::new(),
    });
    // No changes, so nothing is left unapplied: Space completes it at once.
    app.promotion.checklist.selected = 10;
    key(&mut app, KeyCode::Char(' '));
    let s = &app.doc.session;
    assert_eq!(s.step(11).unwrap().status, StepStatus::Done);
    assert!(
        !s.freeze().is_active(),
        "completing step 11 lifted the freeze"
    );
    assert_eq!(
        s.freeze().periods[0].end_note,
        "the Production implementation is complete"
    );
    assert_eq!(s.copy_back_due(), Some(at(60) + Duration::days(3)));
    let screen = render(&mut app, Theme::MONO).backend().to_string();
    let row = screen.lines().find(|l| l.contains("12 ○")).unwrap();
    assert!(row.contains("· due") && row.contains("7 May"), "{row}");
    assert!(!screen.contains("Production frozen"), "{screen}");
}

#[test]
fn lifting_the_freeze_by_hand_needs_a_reason_and_restarting_step_2_does_not_refreeze() {
    let mut app = on_step(before_the_freeze().s, 2, 60);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Char('z'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        prompt_error(&app).as_deref(),
        Some("a reason is required to lift the freeze")
    );
    answer(&mut app, "urgent security fix agreed with the CAB");
    assert!(!app.doc.session.freeze().is_active());
    // Step 2 put back and started again: the lifted freeze stays lifted.
    app.commit(OpKind::CompleteStep { step: 2 });
    app.commit(OpKind::ReopenStep {
        step: 2,
        resume: false,
    });
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(
        app.doc.session.step(2).unwrap().status,
        StepStatus::InProgress
    );
    assert!(!app.doc.session.freeze().is_active());
    // z freezes again by hand, with a note.
    key(&mut app, KeyCode::Char('z'));
    answer(&mut app, "re-frozen after the fix");
    assert!(app.doc.session.freeze().is_active());
    assert_eq!(app.doc.session.freeze().periods.len(), 2);
}

#[test]
fn done_with_a_note_and_the_must_fix_mark_in_the_work_plan() {
    let n = rehearsal();
    let wp1 = n.id(1);
    let mut app = outage_app(n.s, 30, 100, 30);
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Char('n'));
    // In the rehearsal the rating comes first, then the note even for "as written".
    key(&mut app, KeyCode::Char('v'));
    answer(&mut app, "the after value is 30 days");
    let a = app
        .doc
        .session
        .change(wp1)
        .unwrap()
        .latest_application(EnvKey::Stage2)
        .unwrap();
    assert_eq!(a.rating, Some(Replicability::WrongValue));
    assert_eq!(a.note, "the after value is 30 days");
    app.show_screen(ScreenId::Promotion);
    let screen = render(&mut app, Theme::MONO).backend().to_string();
    let row = screen.lines().find(|l| l.contains("WP-001")).unwrap();
    assert!(row.contains("FIX Forms / Incident form"), "{row}");
    // Editing the change takes it off the list.
    app.commit(OpKind::EditChange {
        change: wp1,
        edits: vec![ChangeEdit::After("30 days".into())],
        was: vec![],
    });
    let screen = render(&mut app, Theme::MONO).backend().to_string();
    assert!(!screen.contains("FIX "), "{screen}");
}

#[test]
fn the_plan_parts_are_set_on_the_board_and_nonsense_is_refused() {
    let mut app = outage_app(rehearsal().s, 30, 100, 30);
    app.focus = Pane::Board;
    for (k, text) in [('%', "25%"), ('v', "1h"), ('D', "5")] {
        key(&mut app, KeyCode::Char(k));
        for _ in 0..6 {
            key(&mut app, KeyCode::Backspace);
        }
        answer(&mut app, text);
        assert!(app.modal.is_none(), "{k}: {:?}", app.modal.is_some());
    }
    let plan = &app.doc.session.outage();
    assert_eq!(
        (
            plan.contingency_percent,
            plan.verification_minutes,
            plan.copy_back_after_days
        ),
        (25, Some(60), 5)
    );
    key(&mut app, KeyCode::Char('D'));
    answer(&mut app, "x");
    assert_eq!(
        prompt_error(&app).as_deref(),
        Some("\"5x\" is not a whole number")
    );
    assert_eq!(app.doc.session.outage().copy_back_after_days, 5);
}

#[test]
fn t_in_the_work_plan_starts_again_after_a_cancelled_attempt() {
    let n = rehearsal();
    let wp1 = n.id(1);
    let mut app = app_on(n.s, at(30), 100, 30);
    app.user = "rita".into();
    app.focus = Pane::WorkPlan;
    key(&mut app, KeyCode::Char('t'));
    app.commit(OpKind::CancelApplication {
        change: wp1,
        env: EnvKey::Stage2,
        reason: "wrong row".into(),
    });
    key(&mut app, KeyCode::Char('t'));
    let change = app.doc.session.change(wp1).unwrap();
    assert_eq!(change.applications.len(), 2, "{:?}", app.message);
    assert!(
        change
            .open_application(EnvKey::Stage2)
            .unwrap()
            .timer
            .is_running()
    );
}

#[test]
fn slips_in_the_replay_ask_or_say_why_instead_of_acting() {
    let mut n = rehearsal();
    n.timed(1, EnvKey::Stage2, 100, 10);
    let wp1 = n.id(1);
    let mut app = outage_app(n.s, 200, 100, 30);
    // s on an applied change asks before applying it again.
    key(&mut app, KeyCode::Char('s'));
    let Some(Modal::Confirm { question, .. }) = &app.modal else {
        panic!("asks first");
    };
    assert!(
        question.starts_with("WP-001 is already applied in Stage 2 (test) (by rita)"),
        "{question}"
    );
    key(&mut app, KeyCode::Char('n'));
    assert!(
        app.doc
            .session
            .change(wp1)
            .unwrap()
            .open_application(EnvKey::Stage2)
            .is_none()
    );
    // c with nothing under way says so at once, with no prompt.
    key(&mut app, KeyCode::Char('c'));
    assert!(app.modal.is_none());
    assert!(message(&app).contains("WP-001 is not under way in Stage 2 (test)"));
}

#[test]
fn step_11_names_both_the_missing_sign_off_and_the_entries_to_fix() {
    let mut n = rehearsal();
    // Step 6 (which needs a sign-off) reopened and done, not signed; WP-001 to fix.
    n.op(
        "lead",
        200,
        OpKind::ReopenStep {
            step: 6,
            resume: false,
        },
    )
    .op("lead", 201, OpKind::CompleteStep { step: 6 });
    let wp1 = n.id(1);
    n.op(
        "rita",
        210,
        OpKind::FinishApplication {
            change: wp1,
            env: EnvKey::Stage2,
            outcome: Outcome::Applied,
            note: "ambiguous path".into(),
            replicability: None,
            rating: Some(Replicability::Ambiguous),
        },
    );
    for step in 8..=10 {
        n.op(
            "lead",
            300,
            OpKind::SkipStep {
                step,
                reason: "test".into(),
            },
        );
    }
    let mut app = on_step(n.s, 11, 400);
    key(&mut app, KeyCode::Char(' '));
    let Some(Modal::Prompt(p)) = &app.modal else {
        panic!("asks why");
    };
    assert_eq!(
        p.title,
        "Start Step 11: Implement in Production before step 6 is signed off and with WP-001 \
         still to fix?"
    );
}

#[test]
fn after_step_11_the_board_shows_how_it_finished_and_while_early_it_says_so() {
    let mut n = outage();
    // Two implementers at once, then one change left when step 11 is completed.
    n.timed(1, EnvKey::Production, 1000, 10);
    let (wp2, wp3) = (n.id(2), n.id(3));
    for change in [wp2, wp3] {
        n.op(
            "rita",
            1010,
            OpKind::StartApplication {
                change,
                env: EnvKey::Production,
                override_reason: Some("parallel".into()),
            },
        );
    }
    let board = n.s.outage_board(at(1015));
    assert_eq!(
        (
            board.under_way.as_ref().map(|u| u.change),
            board.also_under_way
        ),
        (Some(wp2), 1)
    );
    let mut app = outage_app(n.s.clone(), 1015, 100, 30);
    let screen = render(&mut app, Theme::MONO).backend().to_string();
    assert!(screen.contains("· 1 more under way"), "{screen}");
    n.op("lead", 1030, OpKind::CompleteStep { step: 11 });
    let mut app = outage_app(n.s.clone(), 1200, 100, 30);
    let screen = render(&mut app, Theme::MONO).backend().to_string();
    for expected in [
        "OUTAGE OVER at 01:40 · 1/3 applied",
        "FINISHED",
        "TOOK",
        "Completed at 01:40 · 1/3 applied",
        "Window 01:10–03:10 · completed 1 h 30 min before its end",
        "2 change(s) not applied in Production",
    ] {
        assert!(screen.contains(expected), "{expected}:\n{screen}");
    }
    assert!(!screen.contains("Next:"), "{screen}");
    // Started an hour before the window opens: the board says so first.
    let mut early = outage();
    early.op(
        "lead",
        310,
        OpKind::SetOutagePlan {
            window_start: Some(at(1060)),
            window_end: Some(at(1180)),
            contingency_percent: 50,
            copy_back_after_days: 3,
            verification_minutes: None,
            rollback_minutes: 30,
        },
    );
    let mut app = outage_app(early.s, 1000, 100, 30);
    let screen = render(&mut app, Theme::MONO).backend().to_string();
    assert!(
        screen.contains("Started before the window: it opens at 02:10, in 1 h 00 min"),
        "{screen}"
    );
}

#[test]
fn a_window_of_no_length_or_shorter_than_its_rollback_reserve_is_refused() {
    let mut n = rehearsal();
    n.timed(1, EnvKey::Stage2, 100, 10);
    let mut app = outage_app(n.s, 200, 100, 30);
    app.focus = Pane::Board;
    key(&mut app, KeyCode::Char('w'));
    answer(&mut app, "2026-05-06 23:00 - 23:00");
    assert_eq!(
        prompt_error(&app).as_deref(),
        Some("the window must end after it starts")
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('w'));
    answer(&mut app, "2026-05-06 23:00 +20");
    assert_eq!(
        prompt_error(&app).as_deref(),
        Some("a rollback reserve of 30 minutes does not fit in a 20-minute window")
    );
    assert_eq!(app.doc.session.outage_window(), None);
}
