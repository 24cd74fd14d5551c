//! Snapshots of the TUI drawn into a `TestBackend` with the mono theme, each at the
//! smallest supported size (80×24) and at a large one (160×48). The app is built on a
//! fixed clock, fixed ids and a fixed time zone, so the screens never depend on when or
//! where the tests run.
//!
//! After an intended change to the screens: `INSTA_UPDATE=always cargo test --test
//! ui_snapshots`, then read the changed `.snap` files before committing them.

mod common;

use cmo_promote::app::{App, AppEvent, Field, Pane};
use cmo_promote::ui::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The two sizes every screen is snapshotted at.
const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

use common::screens::{fresh, in_progress};

fn key(app: &mut App, code: KeyCode) {
    app.handle(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn render(app: &mut App, theme: Theme) -> Terminal<TestBackend> {
    common::render(app, theme)
}

/// Builds the state at each of [`SIZES`] (the app is sized before `drive` runs, as if
/// the user had worked at that size all along) and asserts one snapshot per size,
/// named `{name}_{w}x{h}`.
fn snap_both(name: &str, make: fn(u16, u16) -> App, drive: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = make(w, h);
        drive(&mut app);
        let terminal = render(&mut app, Theme::MONO);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn start_screen() {
    snap_both("start_screen", fresh, |app| {
        assert_eq!(app.focus, Pane::Checklist);
    });
}

#[test]
fn session_in_progress() {
    snap_both("in_progress", in_progress, |app| {
        key(app, KeyCode::Tab);
        key(app, KeyCode::Down);
        assert_eq!(app.focus, Pane::WorkPlan);
        assert_eq!(app.selected_change().unwrap().label(), "WP-002");
    });
}

#[test]
fn editor_new_change() {
    snap_both("editor_new_change", in_progress, |app| {
        key(app, KeyCode::Tab);
        key(app, KeyCode::Char('a'));
        typ(app, "Event Workflows");
        key(app, KeyCode::Tab);
        typ(app, "Incident triage");
        key(app, KeyCode::Tab); // action (stays "modify")
        key(app, KeyCode::Tab);
        typ(app, "Admin › Workflows › Event Workflows › Incident triage");
        for _ in 0..4 {
            key(app, KeyCode::Tab); // before, after, depends on, description
        }
        typ(app, "Route P1 incidents to the duty manager.");
        key(app, KeyCode::Enter);
        typ(app, "Escalate after 30 minutes without an owner.");
        key(app, KeyCode::Enter);
        typ(app, "Keep the existing e-mail step.");
        let ed = app.promotion.editor.as_ref().expect("the editor is open");
        assert_eq!(ed.field(), Field::Description);
    });
}

#[test]
fn editor_same_area_and_item_warning() {
    snap_both("editor_same_target", in_progress, |app| {
        key(app, KeyCode::Tab);
        key(app, KeyCode::Char('a'));
        typ(app, "Forms");
        key(app, KeyCode::Tab);
        typ(app, "incident report");
        let ed = app.promotion.editor.as_ref().expect("the editor is open");
        assert_eq!(ed.same_target(&app.doc.session), vec!["WP-001".to_string()]);
    });
}

#[test]
fn help_overlay() {
    snap_both("help", in_progress, |app| {
        key(app, KeyCode::Char('?'));
        assert!(app.modal.is_some());
    });
}

#[test]
fn step_details() {
    snap_both("step_details", in_progress, |app| {
        key(app, KeyCode::Home);
        key(app, KeyCode::Enter);
        assert!(app.modal.is_some());
    });
}

#[test]
fn skip_prompt_and_refusal() {
    snap_both("skip_prompt", in_progress, |app| {
        key(app, KeyCode::Char('s'));
        assert!(app.modal.is_some());
    });
    snap_both("skip_prompt_refused", in_progress, |app| {
        key(app, KeyCode::Char('s'));
        key(app, KeyCode::Enter);
        assert!(app.modal.is_some(), "an empty reason keeps the prompt open");
        assert_eq!(
            app.doc.session.step(3).unwrap().status.word(),
            "in progress"
        );
    });
}

#[test]
fn filter() {
    snap_both("filter", in_progress, |app| {
        key(app, KeyCode::Tab);
        key(app, KeyCode::Char('/'));
        typ(app, "escalate");
        assert_eq!(app.visible_changes().len(), 1);
    });
}

#[test]
fn too_small() {
    for (w, h) in [(79, 24), (20, 5)] {
        let mut app = fresh(w, h);
        let terminal = render(&mut app, Theme::MONO);
        insta::assert_snapshot!(format!("too_small_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn colour_theme_marks_the_focused_pane() {
    let mut app = in_progress(80, 24);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::WorkPlan);
    let terminal = render(&mut app, Theme::COLOR);
    let buf = terminal.backend().buffer();
    let area = |pane: Pane| {
        app.hits()
            .panes
            .iter()
            .find(|p| p.pane == pane)
            .unwrap()
            .area
    };
    // Top-left corners and a cell of each side border, focused pane vs. unfocused one.
    let wp = area(Pane::WorkPlan);
    let cl = area(Pane::Checklist);
    let focused = [
        (wp.x, wp.y),
        (wp.x, wp.y + 3),
        (wp.x + wp.width - 1, wp.y + 3),
        (wp.x + 2, wp.y + wp.height - 1),
    ];
    let unfocused = [
        (cl.x, cl.y),
        (cl.x, cl.y + 3),
        (cl.x + cl.width - 1, cl.y + 3),
        (cl.x + 2, cl.y + cl.height - 1),
    ];
    for (&f, &u) in focused.iter().zip(&unfocused) {
        let (fc, uc) = (&buf[f], &buf[u]);
        // Thick around the focused pane, so it shows without colour too.
        assert!(
            matches!(fc.symbol(), "┏" | "┃" | "━"),
            "{f:?} is a thick border cell, not {:?}",
            fc.symbol()
        );
        assert!(
            matches!(uc.symbol(), "┌" | "│" | "─"),
            "{u:?} is a plain border cell, not {:?}",
            uc.symbol()
        );
        assert_ne!(
            fc.style(),
            uc.style(),
            "focused border at {f:?} looks like the unfocused one at {u:?}"
        );
    }
    // The timer pane is unfocused too and looks like the checklist.
    let tm = area(Pane::Timer);
    assert_eq!(buf[(tm.x, tm.y + 1)].style(), buf[(cl.x, cl.y + 3)].style());
}

#[test]
fn without_colour_the_focused_pane_has_a_thick_border_and_a_marker() {
    let mut app = in_progress(80, 24);
    key(&mut app, KeyCode::Tab);
    let text = render(&mut app, Theme::MONO).backend().to_string();
    let top = text.lines().nth(1).unwrap_or_default();
    assert!(top.contains("┌ Checklist "), "{top}");
    assert!(top.contains("┏▸Work plan "), "{top}");
    key(&mut app, KeyCode::Tab);
    let text = render(&mut app, Theme::MONO).backend().to_string();
    assert!(text.contains("┏▸Timer "), "{text}");
    assert!(
        text.lines()
            .nth(1)
            .unwrap_or_default()
            .contains("┌ Work plan ")
    );
}
