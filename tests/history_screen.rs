//! The History screen on the example session: newest first in words, narrowed by a
//! filter of words that must all appear, an op in full on Enter; drawn at 80×24 and
//! 160×48 (insta snapshots, mono theme).

mod common;

use cmo_promote::app::{App, AppEvent, Modal, ScreenId};
use cmo_promote::ui::Theme;
use common::{app_on, render};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app(w: u16, h: u16) -> App {
    let s = common::example::example_session();
    let now = s.history().last().unwrap().at;
    let mut app = app_on(s, now, w, h);
    app.show_screen(ScreenId::History);
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

#[test]
fn the_history_is_newest_first_and_narrows_to_every_word_of_the_filter() {
    let mut app = app(100, 30);
    let newest = app.doc.session.history().last().unwrap().id;
    assert_eq!(app.selected_op().map(|op| op.id), Some(newest));
    key(&mut app, KeyCode::Char('/'));
    typ(&mut app, "rita WP-002");
    // It narrows as the words are typed; Enter keeps it.
    key(&mut app, KeyCode::Enter);
    let shown: Vec<String> = app
        .history
        .rows()
        .iter()
        .map(|&i| {
            let op = app.doc.session.history().get(i).unwrap();
            cmo_promote::vocab::describe_op(&op.kind, &app.doc.session)
        })
        .collect();
    assert_eq!(shown.len(), 6, "{shown:#?}");
    assert!(shown.iter().all(|w| w.contains("WP-002")), "{shown:#?}");
    assert_eq!(shown[0], "recorded WP-002 as applied in Production");
    // Enter: the op in full, with who, when and its fields.
    key(&mut app, KeyCode::Enter);
    let Some(Modal::Notice { text, .. }) = &app.modal else {
        panic!("the op in full");
    };
    assert!(text.contains("Who: rita"), "{text}");
    assert!(
        text.contains("note: \"took longer: slow export\""),
        "{text}"
    );
    key(&mut app, KeyCode::Esc);
    // Esc clears the filter.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.history.rows().len(), app.doc.session.history().len());
}

#[test]
fn history_screen() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = app(w, h);
        let terminal = render(&mut app, Theme::MONO);
        insta::assert_snapshot!(format!("history_{w}x{h}"), terminal.backend());
    }
}
