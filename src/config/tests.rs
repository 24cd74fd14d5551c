use super::*;
use crate::app::keymap::{Action, Ctx, Key};
use std::path::Path;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("/home/ann/.config/cmo-promote/config.ron"))
}

#[test]
fn the_printed_default_is_a_valid_config_equal_to_the_defaults() {
    assert_eq!(parse(&default_text()).unwrap(), Config::default());
}

#[test]
fn the_printed_key_bindings_read_back_as_the_default_keymap() {
    let config = parse(&print_default::text(false)).unwrap();
    assert!(!config.keys.is_empty());
    let settings = config.settings(Path::new("c.ron")).unwrap();
    assert_eq!(settings.keymap.rows(), Keymap::default().rows());
    assert!(settings.collisions.is_empty());
}

#[test]
fn a_partial_config_keeps_the_defaults_of_what_it_leaves_out() {
    let config = parse(
        r#"(
            user: "Ann Smith",
            theme: Light,
            keys: { Checklist: { SkipStep: ["S"] } },
        )"#,
    )
    .unwrap();
    assert_eq!(config.user.as_deref(), Some("Ann Smith"));
    assert_eq!(config.theme, ThemeName::Light);
    assert_eq!(
        config.contingency_percent,
        Config::default().contingency_percent
    );
    assert!(config.mouse);
    let map = config.settings(Path::new("c.ron")).unwrap().keymap;
    let skip = map
        .bindings_for(Ctx::Checklist)
        .find(|b| b.action == Action::SkipStep)
        .unwrap();
    assert_eq!(skip.keys, vec![Key::parse("S").unwrap()]);
    // Everything else is as it was.
    let default = Keymap::default();
    let others = |m: &Keymap| -> Vec<_> {
        m.rows()
            .iter()
            .filter(|b| b.action != Action::SkipStep)
            .cloned()
            .collect()
    };
    assert_eq!(others(&map), others(&default));
}

#[test]
fn a_bad_file_names_the_file_line_and_column() {
    let e = parse("(\n    mouse: maybe,\n)").unwrap_err().to_string();
    assert!(
        e.starts_with("/home/ann/.config/cmo-promote/config.ron:2:"),
        "{e}"
    );
}

#[test]
fn an_unknown_setting_is_named_with_where_it_is() {
    let e = parse("(\n  mouse: true,\n  colour_scheme: Dark,\n)")
        .unwrap_err()
        .to_string();
    assert!(e.contains("config.ron:3:"), "{e}");
    assert!(e.contains("colour_scheme"), "{e}");
}

#[test]
fn an_unknown_action_context_or_key_is_named() {
    let e = parse("(keys: { Checklist: { Skip: [\"S\"] } })")
        .unwrap_err()
        .to_string();
    assert!(e.contains("Skip"), "{e}");
    let e = parse("(keys: { Checklst: { SkipStep: [\"S\"] } })")
        .unwrap_err()
        .to_string();
    assert!(e.contains("Checklst"), "{e}");
    let e = parse("(keys: { Checklist: { SkipStep: [\"Ctrll-s\"] } })")
        .unwrap_err()
        .to_string();
    assert!(e.contains("\"Ctrll-s\" is not a key"), "{e}");
    assert!(e.contains("config.ron:1:"), "{e}");
}

#[test]
fn an_action_given_in_a_context_it_has_no_key_in_is_refused() {
    let config = parse("(keys: { Checklist: { MarkPass: [\"p\"] } })").unwrap();
    let e = config.settings(Path::new("c.ron")).unwrap_err().to_string();
    assert!(e.contains("keys.Checklist.MarkPass"), "{e}");
    assert!(e.contains("Tests"), "{e}");
}

#[test]
fn colliding_bindings_are_reported_and_the_first_keeps_its_key() {
    let config = parse("(keys: { Checklist: { SkipStep: [\"o\"] } })").unwrap();
    let settings = config.settings(Path::new("c.ron")).unwrap();
    assert_eq!(settings.collisions.len(), 1, "{:?}", settings.collisions);
    let notice = settings.notice().unwrap();
    assert!(
        notice.contains("keys.Checklist: o is bound to both"),
        "{notice}"
    );
    let o =
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('o'));
    let does = settings.keymap.lookup(Ctx::Checklist, &o).unwrap();
    assert_eq!(notice, format!("config: {}", settings.collisions[0]));
    assert_eq!(does, settings.collisions[0].wins);
}

#[test]
fn a_global_key_the_user_sets_that_a_pane_takes_is_reported() {
    let config = parse("(keys: { Global: { Quit: [\"Q\"] } })").unwrap();
    let settings = config.settings(Path::new("c.ron")).unwrap();
    let notice = settings.notice().unwrap();
    assert!(
        notice.contains("keys.Checklist: Q is bound to both ToggleQa and Quit (Global)"),
        "{notice}"
    );
    // The defaults' own shadowing (← and → on the Tests screen) is not reported.
    assert!(Keymap::default().collisions().is_empty());
}

#[test]
fn keys_that_differ_only_by_the_case_of_a_control_letter_collide() {
    let config = parse("(keys: { Editor: { NextField: [\"Ctrl-S\"] } })").unwrap();
    let settings = config.settings(Path::new("c.ron")).unwrap();
    assert!(
        settings
            .collisions
            .iter()
            .any(|c| c.ctx == Ctx::Editor && c.hidden == Action::SaveEntry
                || c.wins == Action::SaveEntry),
        "{:?}",
        settings.collisions
    );
}

#[test]
fn a_missing_file_means_the_defaults_and_a_bad_one_is_said_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let missing = Settings::load(&dir.path().join("config.ron"));
    assert_eq!(missing.config, Config::default());
    assert_eq!(missing.notice(), None);
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(theme: Purple)").unwrap();
    let settings = Settings::load(&bad);
    assert_eq!(settings.config, Config::default());
    let notice = settings.notice().unwrap();
    assert!(
        notice.starts_with("config not used, defaults in effect: "),
        "{notice}"
    );
    assert!(notice.contains("bad.ron:1:"), "{notice}");
    assert!(notice.contains("Purple"), "{notice}");
}

#[test]
fn colours_and_no_color_choose_the_theme() {
    let config =
        parse("(theme: Light, colours: { Fail: \"#d70000\", Focus: \"light-blue\" })").unwrap();
    let settings = config.settings(Path::new("c.ron")).unwrap();
    let theme = settings.theme(false);
    assert_eq!(theme.bad().fg, Some(Color::Rgb(0xd7, 0, 0)));
    assert_eq!(theme.of(Role::Focus).fg, Some(Color::LightBlue));
    assert_eq!(theme.good(), Theme::LIGHT.good());
    assert_eq!(settings.theme(true), Theme::MONO);
    let e = parse("(colours: { Fail: \"reddish\" })")
        .unwrap_err()
        .to_string();
    assert!(e.contains("\"reddish\" is not a colour"), "{e}");
}

#[test]
fn values_out_of_range_are_refused_by_name() {
    for (text, named) in [
        ("(contingency_percent: 5000)", "contingency_percent"),
        ("(copy_back_after_days: 900)", "copy_back_after_days"),
        ("(areas: [\"Forms\", \"forms\"])", "areas"),
        ("(user: \"  \")", "user"),
    ] {
        let e = parse(text).unwrap_err().to_string();
        assert!(e.contains(named), "{text}: {e}");
    }
}

/// The collisions a config's keys make, as the start-up notice words them.
fn collisions_of(keys: &str) -> Vec<String> {
    let config = parse(&format!("(keys: {keys})")).unwrap();
    let settings = config.settings(Path::new("c.ron")).unwrap();
    settings.collisions.iter().map(|c| c.to_string()).collect()
}

#[test]
fn changing_a_global_key_reports_only_the_keys_the_user_added() {
    // Esc and Left were Back's already; the Tests and History panes mean to take them.
    assert_eq!(
        collisions_of(r#"{ Global: { Back: ["Esc", "Left"] } }"#),
        Vec::<String>::new()
    );
    assert_eq!(
        collisions_of(r#"{ Global: { Open: ["Enter", "o"] } }"#),
        vec!["keys.Checklist: o is bound to both EditOwner and Open (Global); it does EditOwner"]
    );
}

#[test]
fn a_pane_key_the_user_sets_over_a_global_one_is_reported() {
    assert_eq!(
        collisions_of(r#"{ Checklist: { SkipStep: ["q"] } }"#),
        vec![
            "keys.Checklist: q is bound to both SkipStep and Quit (Global); it does SkipStep",
            // In a step's details q closes them before the checklist's keys are read.
            "keys.Popup: q is bound to both Back and SkipStep (Checklist); it does Back",
        ]
    );
}

#[test]
fn in_a_step_s_details_the_pop_up_keys_come_first() {
    assert_eq!(
        collisions_of(r#"{ Details: { VoidTime: ["j"] } }"#),
        vec!["keys.Popup: j is bound to both Down and VoidTime (Details); it does Down"]
    );
}

#[test]
fn keys_that_could_never_act_are_refused() {
    for (keys, says) in [
        (
            r#"{ Prompt: { Back: ["x"] } }"#,
            "keys.Prompt.Back: x would be typed as text",
        ),
        (
            r#"{ Editor: { SaveEntry: ["s"] } }"#,
            "keys.Editor.SaveEntry: s would be typed",
        ),
    ] {
        let config = parse(&format!("(keys: {keys})")).unwrap();
        let e = config.settings(Path::new("c.ron")).unwrap_err().to_string();
        assert!(e.contains(says), "{keys}: {e}");
    }
    // A choice key in the editor may be a character: it acts only on a choice.
    assert!(collisions_of(r#"{ Editor: { Toggle: ["x"] } }"#).is_empty());
}

#[test]
fn the_screens_keys_are_bindings_like_any_other() {
    let config = parse(r#"(keys: { Global: { ShowScreen(2): ["F2"], Help: ["2"] } })"#).unwrap();
    let map = config.settings(Path::new("c.ron")).unwrap().keymap;
    let press = |k: &str| {
        let k = Key::parse(k).unwrap();
        map.lookup(
            Ctx::Checklist,
            &ratatui::crossterm::event::KeyEvent::new(k.code, k.mods),
        )
    };
    assert_eq!(press("F2"), Some(Action::ShowScreen(2)));
    assert_eq!(press("2"), Some(Action::Help));
    assert_eq!(press("3"), Some(Action::ShowScreen(3)));
}

#[test]
fn the_printed_default_names_keys_not_tokens() {
    let text = default_text();
    assert!(text.contains("ReplayStart: [\"s\"]"), "{text}");
    assert!(text.contains("(t pauses, resumes)"), "{text}");
    assert!(!text.contains("{Global."), "{text}");
}
