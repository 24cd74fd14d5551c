//! The Tests screen drawn: snapshots at the smallest supported size (80×24) and a large
//! one (160×48) with every outcome symbol on screen, and a resize sweep from 1×1 to
//! 200×60 that must never panic or leave a border open.
//!
//! After an intended change: `INSTA_UPDATE=always cargo test --test tests_screen_ui`,
//! then read the changed `.snap` files before committing them.

mod common;

use cmo_promote::app::{App, AppEvent, ScreenId};
use cmo_promote::ui::{self, Theme};
use common::plan::every_outcome;
use common::{app_on, render, t0};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

fn tests_app(w: u16, h: u16) -> App {
    let plan = every_outcome();
    let mut app = app_on(plan.s, t0() + chrono::Duration::hours(2), w, h);
    app.show_screen(ScreenId::Tests);
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.handle(AppEvent::Key(KeyEvent::from(code)));
}

#[test]
fn every_outcome_has_its_symbol_at_both_sizes() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = tests_app(w, h);
        let terminal = render(&mut app, Theme::MONO);
        let screen = terminal.backend().to_string();
        for glyph in ["✓", "✗", "⊘", "·", "↻", "~", "↪", "↝"] {
            assert!(
                screen.contains(glyph),
                "{glyph} missing at {w}x{h}:\n{screen}"
            );
        }
        insta::assert_snapshot!(format!("tests_screen_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn the_attention_filter_and_an_earlier_round() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = tests_app(w, h);
        key(&mut app, KeyCode::Char('F'));
        let terminal = render(&mut app, Theme::MONO);
        insta::assert_snapshot!(format!("tests_attention_{w}x{h}"), terminal.backend());
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Left);
        key(&mut app, KeyCode::Enter);
        let terminal = render(&mut app, Theme::MONO);
        insta::assert_snapshot!(format!("tests_details_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn the_tests_screen_draws_at_every_size() {
    let mut app = tests_app(80, 24);
    let mut terminal = Terminal::new(TestBackend::new(1, 1)).unwrap();
    for w in (1..=200).step_by(3) {
        for h in 1..=60 {
            app.handle(AppEvent::Resize(w, h));
            terminal.backend_mut().resize(w, h);
            let mut hits = None;
            terminal
                .draw(|f| hits = Some(ui::draw(f, &app, Theme::COLOR)))
                .unwrap_or_else(|e| panic!("drawing at {w}x{h}: {e}"));
            if let Some(hits) = hits {
                app.set_hits(hits);
            }
            if w >= 80 && h >= 24 {
                let buf = terminal.backend().buffer();
                let pane = app.hits().panes[0].area;
                for (x, y) in [
                    (pane.x, pane.y),
                    (pane.x + pane.width - 1, pane.y),
                    (pane.x, pane.y + pane.height - 1),
                    (pane.x + pane.width - 1, pane.y + pane.height - 1),
                ] {
                    assert!(
                        matches!(
                            buf[(x, y)].symbol(),
                            "┌" | "┐" | "└" | "┘" | "┏" | "┓" | "┗" | "┛"
                        ),
                        "corner ({x},{y}) of the Tests pane at {w}x{h}"
                    );
                }
            }
        }
    }
}

#[test]
fn hostile_text_in_a_script_never_reaches_the_terminal_raw() {
    let mut plan = every_outcome();
    plan.script("Evil \u{1b}]0;pwned\u{7} \u{202e}abc", &[]);
    let mut app = app_on(plan.s, t0(), 100, 30);
    app.show_screen(ScreenId::Tests);
    key(&mut app, KeyCode::End);
    for state in ["grid", "details"] {
        if state == "details" {
            key(&mut app, KeyCode::Enter);
        }
        let terminal = render(&mut app, Theme::MONO);
        let buf = terminal.backend().buffer();
        let raw: Vec<String> = buf
            .content()
            .iter()
            .map(|c| c.symbol().to_string())
            .filter(|s| {
                s.chars()
                    .any(|c| c.is_control() || cmo_promote::safe_text::is_bidi_control(c))
            })
            .collect();
        assert!(raw.is_empty(), "{state}: {raw:?}");
        // The rest of the title is shown, each control character as a space.
        let text: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(text.contains("Evil  ]0;pwned   abc"), "{state}: {text}");
    }
}
