//! The areas the change editor offers come from the template (issue 11): a team lists
//! its own; a template that lists none gets the fuller built-in list; a session keeps
//! them.

mod common;

use cmo_promote::app::{App, AppEvent, Field};
use cmo_promote::clock::FixedClock;
use cmo_promote::store::Loaded;
use common::cli::cmd;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::fs;
use std::sync::Arc;
use tempfile::TempDir;

fn template(areas: &str) -> String {
    format!(
        r#"(
    name: "Team process",
    environments: [
        (key: Production, name: "Prod", notes: "", enabled: true),
        (key: Stage1, name: "Dev", notes: "", enabled: true),
        (key: Stage2, name: "Test", notes: "", enabled: true),
    ],
    steps: [
        (number: 1, title: "Change", kind: Configure, guidance: "Do it."),
    ],
    {areas}
)
"#
    )
}

/// The areas ↓ offers in a new change's editor, in order, on the session at `path`.
fn offered(path: &std::path::Path) -> Vec<String> {
    let loaded = Loaded::load(path).unwrap();
    let clock = Arc::new(FixedClock::new(common::t0()));
    let mut app = App::new(loaded, "ann", clock, None);
    app.handle(AppEvent::Resize(100, 30));
    let key = |app: &mut App, code| app.handle(AppEvent::Key(KeyEvent::from(code)));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('a'));
    let mut seen = Vec::new();
    loop {
        key(&mut app, KeyCode::Down);
        let area = app.promotion.editor.as_ref().unwrap().text(Field::Area);
        if seen.first() == Some(&area) {
            return seen;
        }
        seen.push(area);
    }
}

fn new_session(data: &TempDir, title: &str, areas: &str) -> std::path::PathBuf {
    let file = data.path().join(format!("{title}.ron"));
    fs::write(&file, template(areas)).unwrap();
    cmd(data.path())
        .args(["new", title, "--template"])
        .arg(&file)
        .assert()
        .success();
    fs::read_dir(data.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension() == Some("ron".as_ref()))
        .find(|p| p.to_string_lossy().contains(&title.to_lowercase()))
        .unwrap()
}

#[test]
fn a_template_lists_the_areas_its_sessions_offer() {
    let data = TempDir::new().unwrap();
    let path = new_session(
        &data,
        "Own",
        r#"areas: ["Intake Forms", "Case Rules", "Letters"],"#,
    );
    assert_eq!(offered(&path), ["Intake Forms", "Case Rules", "Letters"]);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("\"Case Rules\"")
    );
    cmd(data.path())
        .args(["check", "own"])
        .assert()
        .success()
        .stdout(predicates::str::contains("ok:"));
}

#[test]
fn without_a_list_the_fuller_built_in_one_is_offered() {
    let data = TempDir::new().unwrap();
    let path = new_session(&data, "Plain", "");
    let areas = offered(&path);
    for wanted in [
        "Forms",
        "Lookup Tables",
        "Reports",
        "Email Templates",
        "Document Templates",
        "Security and Permissions",
        "Code Lists",
    ] {
        assert!(areas.iter().any(|a| a == wanted), "{wanted} in {areas:?}");
    }
    assert!(
        !fs::read_to_string(&path).unwrap().contains("areas:"),
        "the built-in list is not written into every session"
    );
}

#[test]
fn a_bad_list_of_areas_is_refused_with_the_reason() {
    let data = TempDir::new().unwrap();
    let file = data.path().join("dup.ron");
    fs::write(&file, template(r#"areas: ["Forms", "forms "],"#)).unwrap();
    cmd(data.path())
        .args(["new", "Dup", "--template"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicates::str::contains("dup.ron"))
        .stderr(predicates::str::contains("area \"forms\" is listed twice"));
}
