//! What a user's config changes on screen: a remapped key works, and help, the status
//! bar's hints and messages show it; the light and mono themes, snapshotted with their
//! styles (each cell's colour and weight as a letter under the text).

mod common;

use cmo_promote::app::keymap::{Action, Ctx, Key, KeyOverrides, Keymap};
use cmo_promote::app::{App, AppEvent, Pane};
use cmo_promote::model::StepStatus;
use cmo_promote::ui::Theme;
use common::render;
use common::screens::{fresh, in_progress};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(app: &mut App, code: KeyCode) {
    app.handle(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn keys(pairs: &[(Ctx, Action, &str)]) -> Keymap {
    let mut overrides = KeyOverrides::new();
    for (ctx, action, k) in pairs {
        overrides
            .entry(*ctx)
            .or_default()
            .insert(*action, vec![Key::parse(k).unwrap()]);
    }
    let map = Keymap::with_overrides(&overrides).unwrap();
    assert!(map.collisions().is_empty(), "{:?}", map.collisions());
    map
}

fn screen(app: &mut App) -> String {
    render(app, Theme::MONO).backend().to_string()
}

/// The status bar's hints: the line above the last.
fn hints(app: &mut App) -> String {
    let shown = screen(app);
    let lines: Vec<&str> = shown.lines().collect();
    lines[lines.len() - 2].to_string()
}

#[test]
fn a_remapped_key_does_its_action_and_help_and_hints_show_it() {
    // Tall enough for help to reach the checklist's keys.
    let mut app = fresh(80, 50);
    app.keymap = keys(&[
        (Ctx::Checklist, Action::AdvanceStatus, "F2"),
        (Ctx::Global, Action::Help, "F1"),
    ]);
    assert_eq!(app.focus, Pane::Checklist);
    let step_1 = |app: &App| app.doc.session.steps()[0].status.clone();

    // The old keys no longer do it.
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(step_1(&app), StepStatus::Todo);
    assert!(app.modal.is_none());

    let shown = hints(&mut app);
    assert!(shown.contains("F1 help"), "{shown}");
    assert!(shown.contains("F2 "), "{shown}");
    assert!(!shown.contains("Space"), "{shown}");
    assert!(!shown.contains("? help"), "{shown}");

    key(&mut app, KeyCode::F(2));
    assert_eq!(step_1(&app), StepStatus::InProgress);

    key(&mut app, KeyCode::F(1));
    assert!(app.modal.is_some(), "F1 opens help");
    let terminal = render(&mut app, Theme::MONO);
    insta::assert_snapshot!("help_remapped_80x50", terminal.backend());
    let help = terminal.backend().to_string();
    assert!(help.contains("F2"), "{help}");
    assert!(!help.contains("Space "), "{help}");
}

#[test]
fn messages_name_the_remapped_key() {
    let mut app = fresh(100, 30);
    app.keymap = keys(&[
        (Ctx::WorkPlan, Action::AddChange, "+"),
        (Ctx::Prompt, Action::Back, "Ctrl-G"),
    ]);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::WorkPlan);
    key(&mut app, KeyCode::Char('e'));
    let shown = screen(&mut app);
    assert!(shown.contains("No change selected; + adds one"), "{shown}");
    assert!(
        shown.contains("No changes yet. Press + to log the first one."),
        "{shown}"
    );

    // A prompt's own line says how to cancel it, with the moved key.
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Char('s'));
    let shown = screen(&mut app);
    assert!(
        shown.contains("Why is it skipped? Enter skips, Ctrl-G cancels"),
        "{shown}"
    );
    app.handle(AppEvent::Key(KeyEvent::new(
        KeyCode::Char('g'),
        KeyModifiers::CONTROL,
    )));
    assert!(app.modal.is_none(), "Ctrl-G cancels the prompt");
}

#[test]
fn the_editor_takes_its_keys_from_the_keymap() {
    let mut app = in_progress(100, 30);
    app.keymap = keys(&[(Ctx::Editor, Action::SaveEntry, "F10")]);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('a'));
    assert!(app.promotion.editor.is_some());
    let shown = screen(&mut app);
    assert!(shown.contains("F10 save"), "{shown}");
    for c in "Forms".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    app.handle(AppEvent::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert!(app.promotion.editor.is_some(), "Ctrl-S no longer saves");
}

/// The screen's text with, under each line, a letter per cell naming its style (a
/// space for the plain style), and the legend of the letters.
fn with_styles(buf: &Buffer) -> String {
    let mut legend: Vec<String> = Vec::new();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut text = String::new();
        let mut marks = String::new();
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            text.push_str(cell.symbol());
            let style = format!("fg {:?}, bg {:?}, {:?}", cell.fg, cell.bg, cell.modifier);
            if style == "fg Reset, bg Reset, NONE" {
                marks.push(' ');
                continue;
            }
            let i = legend.iter().position(|l| *l == style).unwrap_or_else(|| {
                legend.push(style);
                legend.len() - 1
            });
            marks.push(char::from(b"abcdefghijklmnopqrstuvwxyz"[i % 26]));
        }
        out.push_str(text.trim_end());
        out.push('\n');
        if !marks.trim().is_empty() {
            out.push_str(marks.trim_end());
            out.push('\n');
        }
    }
    out.push_str("\nlegend:\n");
    for (i, style) in legend.iter().enumerate() {
        out.push_str(&format!("{} = {style}\n", char::from(b'a' + i as u8)));
    }
    out
}

#[test]
fn the_light_theme() {
    let mut app = in_progress(80, 24);
    key(&mut app, KeyCode::Tab);
    let terminal = render(&mut app, Theme::LIGHT);
    insta::assert_snapshot!(
        "theme_light_80x24",
        with_styles(terminal.backend().buffer())
    );
}

#[test]
fn the_mono_theme() {
    let mut app = in_progress(80, 24);
    key(&mut app, KeyCode::Tab);
    let terminal = render(&mut app, Theme::MONO);
    let shown = with_styles(terminal.backend().buffer());
    assert!(
        !shown.contains("fg Indexed") && !shown.contains("fg Rgb"),
        "{shown}"
    );
    insta::assert_snapshot!("theme_mono_80x24", shown);
}

#[test]
fn the_config_s_areas_are_offered_after_the_session_s_own() {
    let mut app = in_progress(100, 30);
    app.areas = vec!["forms".into(), "Payroll rules".into()];
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('a'));
    // ↑ on the empty area offers the last choice: the config's, once (Forms, which the
    // session lists already, is not offered twice).
    key(&mut app, KeyCode::Up);
    let ed = app.promotion.editor.as_ref().expect("the editor is open");
    assert_eq!(ed.form.text(0), "Payroll rules");
    key(&mut app, KeyCode::Up);
    let ed = app.promotion.editor.as_ref().expect("the editor is open");
    assert_ne!(ed.form.text(0).to_lowercase(), "forms");
}

#[test]
fn the_script_editor_hands_a_field_of_several_lines_to_the_user_s_editor() {
    use cmo_promote::app::ExternalTarget;
    let mut app = in_progress(100, 30);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('a'));
    assert!(app.tests.editor.is_some(), "the script editor is open");
    let ctrl_o = || AppEvent::Key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL));
    // The title is one line: nothing is handed over, and the status line says why.
    app.handle(ctrl_o());
    assert!(app.take_external().is_none());
    assert!(screen(&mut app).contains("Title is one line; Ctrl-O opens"));
    // Steps: handed over with its text; the edited text comes back into it.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    for c in "Open the form".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    app.handle(ctrl_o());
    let edit = app.take_external().expect("the steps go to the editor");
    assert_eq!(edit.text, "Open the form");
    assert_eq!(edit.target, ExternalTarget::Script(2));
    app.external_done(edit.target, Ok("Open the form\nSave it".into()));
    let ed = app.tests.editor.as_ref().expect("still open");
    assert_eq!(ed.form.text(2), "Open the form\nSave it");
    assert!(screen(&mut app).contains("Edited in your editor; Ctrl-S saves"));
    // A failure leaves the field as it was.
    app.external_done(edit.target, Err("your editor exited with status 1".into()));
    let ed = app.tests.editor.as_ref().expect("still open");
    assert_eq!(ed.form.text(2), "Open the form\nSave it");
    assert!(screen(&mut app).contains("The field is unchanged: your editor exited"));
}

#[test]
fn notes_edited_outside_go_back_only_into_the_prompt_that_asked() {
    use cmo_promote::app::{ExternalTarget, Modal};
    let mut app = fresh(100, 30);
    key(&mut app, KeyCode::Char('n'));
    let ctrl_o = AppEvent::Key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL));
    app.handle(ctrl_o);
    let edit = app.take_external().expect("the notes go to the editor");
    assert!(matches!(edit.target, ExternalTarget::Prompt(_)));
    app.external_done(edit.target, Ok("From the editor".into()));
    match &app.modal {
        Some(Modal::Prompt(p)) => assert_eq!(p.text(), "From the editor"),
        _ => panic!("the notes prompt is not open"),
    }
    // Closed meanwhile: nothing is written anywhere, and the user is told.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('y'));
    assert!(app.modal.is_none());
    app.external_done(edit.target, Ok("Too late".into()));
    assert!(app.modal.is_none());
    assert!(screen(&mut app).contains("The prompt was closed while your editor ran"));
}
