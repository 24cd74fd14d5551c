//! The Tests screen, driven by keys as a tester would: marking a list of scripts at a
//! keystroke each, comments where a result needs one, rounds, the "needs attention"
//! filter, the script editor, removing, details; and what the other screens show of
//! testing (sign-off rules, starting a step before a sign-off).

mod common;

use cmo_promote::app::{AppEvent, Message, Modal, Pane, Purpose, SCREENS, ScreenId};
use cmo_promote::model::{EffectiveStatus, ResultStatus, StepStatus, TestGrid};
use cmo_promote::store::Loaded;
use common::app_fx::{Fx, fx};
use ratatui::crossterm::event::KeyCode;

/// The app on the Tests screen of a session with `n` scripts and one round (step 4).
fn tester(n: usize) -> Fx {
    let mut f = fx();
    f.app.show_screen(ScreenId::Tests);
    assert_eq!(f.app.focus, Pane::Tests);
    f.ch('R');
    f.key(KeyCode::Enter);
    for i in 1..=n {
        f.ch('a');
        f.typ(&format!("Script number {i}"));
        f.ctrl('s');
        assert!(f.app.tests.editor.is_none(), "saved: {:?}", f.app.message);
    }
    f.key(KeyCode::Home);
    f
}

/// The result of script row `row` in the round being marked, as the file says.
fn saved_status(f: &mut Fx, row: usize) -> EffectiveStatus {
    f.app.flush().unwrap();
    let s = Loaded::load(&f.app.doc.path).unwrap().session;
    let grid = TestGrid::of(&s);
    let column = grid.rounds().len() - 1;
    grid.cell(row, column).unwrap().status
}

#[test]
fn twenty_scripts_are_marked_at_a_keystroke_each() {
    let mut f = tester(20);
    for i in 0..20 {
        assert_eq!(
            f.app.tests.cursor.selected, i,
            "the selection moves on by itself"
        );
        f.ch('p');
    }
    for row in 0..20 {
        assert_eq!(saved_status(&mut f, row), EffectiveStatus::Pass);
    }
    let grid = f.app.test_grid();
    assert_eq!(
        grid.tally(0).to_string(),
        "20/20 pass · 0 fail · 0 blocked · 0 not run"
    );
}

#[test]
fn fail_blocked_and_waived_ask_for_a_comment_first() {
    let mut f = tester(3);
    f.ch('f');
    assert!(matches!(&f.app.modal, Some(Modal::Prompt(p)) if p.title.contains("TS-001 fail")));
    f.key(KeyCode::Enter);
    assert!(
        matches!(&f.app.modal, Some(Modal::Prompt(p)) if p.error.as_deref() == Some("A fail needs a comment saying what went wrong")),
        "an empty comment is refused in the prompt"
    );
    f.typ("Severity list missing");
    f.key(KeyCode::Enter);
    assert!(f.app.modal.is_none());
    f.ch('b');
    f.typ("Stage 2 down");
    f.key(KeyCode::Enter);
    f.ch('w');
    f.key(KeyCode::Esc);
    assert!(f.app.modal.is_none(), "Esc cancels");
    assert_eq!(
        f.app.tests.cursor.selected, 2,
        "a cancelled mark does not move on"
    );
    assert_eq!(saved_status(&mut f, 0), EffectiveStatus::Fail);
    assert_eq!(saved_status(&mut f, 1), EffectiveStatus::Blocked);
    assert_eq!(saved_status(&mut f, 2), EffectiveStatus::NotRun);
    let s = Loaded::load(&f.app.doc.path).unwrap().session;
    let history = s.script_history(s.scripts()[0].id);
    assert_eq!(history[0].1.comment, "Severity list missing");
    assert_eq!(history[0].1.tester, "ann");
}

#[test]
fn marking_again_replaces_the_result_and_keeps_the_earlier_one() {
    let mut f = tester(1);
    f.ch('f');
    f.typ("Broken");
    f.key(KeyCode::Enter);
    f.key(KeyCode::Home);
    f.ch('p');
    assert_eq!(saved_status(&mut f, 0), EffectiveStatus::Pass);
    let s = &f.app.doc.session;
    let history = s.script_history(s.scripts()[0].id);
    let kept: Vec<ResultStatus> = history.iter().map(|(_, r)| r.status).collect();
    assert_eq!(kept, [ResultStatus::Fail, ResultStatus::Pass]);
}

#[test]
fn a_new_round_carries_passes_and_the_attention_filter_lists_the_rest() {
    let mut f = tester(4);
    f.ch('p');
    f.ch('f');
    f.typ("No");
    f.key(KeyCode::Enter);
    f.ch('p');
    // Round 2: two passes carried, one failure and one not run left to do.
    f.ch('R');
    f.key(KeyCode::Enter);
    assert!(matches!(&f.app.message, Some(Message::Info(m)) if m.contains("2 scripts to run")));
    let grid = f.app.test_grid();
    assert_eq!(grid.rounds().len(), 2);
    assert!(matches!(
        grid.cell(0, 1).unwrap().status,
        EffectiveStatus::Carried { .. }
    ));
    drop(grid);
    f.ch('F');
    assert_eq!(
        f.app.tests.rows().len(),
        2,
        "only the scripts that need attention"
    );
    f.ch('p');
    assert_eq!(
        f.app.tests.rows().len(),
        1,
        "a settled script leaves the list"
    );
    assert_eq!(
        f.app.tests.cursor.selected, 0,
        "and the next one takes its place"
    );
    f.key(KeyCode::Esc);
    assert_eq!(f.app.tests.rows().len(), 4, "Esc shows every script again");
    // ← goes back to round 1, where the failure still shows.
    f.key(KeyCode::Left);
    let round1 = f
        .app
        .doc
        .session
        .rounds()
        .iter()
        .find(|r| r.number == 1)
        .unwrap()
        .id;
    assert_eq!(f.app.selected_round(), Some(round1));
}

#[test]
fn enter_shows_a_script_in_full_and_the_editor_changes_it() {
    let mut f = tester(1);
    f.ch('e');
    let editor = f.app.tests.editor.as_ref().expect("the editor opens");
    assert_eq!(editor.form.text(0), "Script number 1");
    f.tab();
    f.typ("Logged in as an admin");
    f.tab();
    f.typ("1. Open the form");
    f.key(KeyCode::Enter);
    f.typ("2. Save");
    f.tab();
    f.typ("Form opens");
    f.key(KeyCode::Enter);
    f.typ("Saved");
    f.ctrl('s');
    assert!(f.app.tests.editor.is_none());
    let held = f.saved();
    let s = &held.scripts()[0];
    assert_eq!(s.fields.preconditions, "Logged in as an admin");
    let steps: Vec<(&str, &str)> = s
        .fields
        .steps
        .iter()
        .map(|st| (st.action.as_str(), st.expected.as_str()))
        .collect();
    assert_eq!(steps, [("Open the form", "Form opens"), ("Save", "Saved")]);
    f.key(KeyCode::Enter);
    assert!(matches!(f.app.modal, Some(Modal::ScriptDetails { .. })));
    let screen = f.draw();
    assert!(screen.contains("Logged in as an admin") && screen.contains("→ Form opens"));
}

#[test]
fn a_removed_script_leaves_the_grid_but_not_the_history() {
    let mut f = tester(2);
    f.ch('d');
    f.key(KeyCode::Enter);
    assert!(
        matches!(&f.app.modal, Some(Modal::Prompt(p)) if p.error.is_some()),
        "a reason is needed"
    );
    f.typ("Duplicate of TS-002");
    f.key(KeyCode::Enter);
    assert_eq!(f.app.tests.rows().len(), 1);
    let saved = f.saved();
    assert!(saved.scripts()[0].is_removed());
    assert_eq!(saved.scripts().len(), 2);
}

#[test]
fn signing_off_with_open_scripts_is_refused_before_a_comment_is_asked() {
    let mut f = tester(2);
    f.ch('p');
    f.app.show_screen(ScreenId::Promotion);
    f.app.promotion.checklist.selected = 5; // step 6, which needs a sign-off
    f.ch(' ');
    f.ch('y'); // ahead of the steps before it
    f.ch(' ');
    assert_eq!(f.s().steps()[5].status, StepStatus::Done);
    f.ch('k'); // back from step 7, where completing step 6 moved the selection
    f.ch('S');
    match &f.app.modal {
        Some(Modal::Notice { text, .. }) => {
            assert!(text.contains("TS-002 not run"), "the whole list: {text}")
        }
        _ => panic!("no comment is asked for; the open scripts are listed instead"),
    }
    assert!(matches!(&f.app.message, Some(Message::Error(m)) if m.contains("1 open script)")));
    f.ch('x');
    assert!(f.app.modal.is_none(), "any key closes the list");
}

#[test]
fn starting_a_step_before_a_sign_off_asks_why_and_records_it() {
    let mut f = fx();
    f.app.promotion.checklist.selected = 6; // step 7: step 6 is not signed off
    f.ch(' ');
    assert!(matches!(&f.app.modal, Some(Modal::Prompt(p)) if p.purpose == Purpose::StartAnyway(7)));
    f.key(KeyCode::Enter);
    assert!(
        matches!(&f.app.modal, Some(Modal::Prompt(p)) if p.error.is_some()),
        "a reason is needed"
    );
    f.typ("Business accepted the risk");
    f.key(KeyCode::Enter);
    assert!(f.app.modal.is_none());
    let held = f.saved();
    let step = &held.steps()[6];
    assert_eq!(step.status, StepStatus::InProgress);
    assert_eq!(
        step.start_override.as_ref().map(|o| o.reason.as_str()),
        Some("Business accepted the risk")
    );
}

#[test]
fn digits_and_clicks_on_the_tab_line_switch_screens() {
    let mut f = fx();
    assert_eq!(SCREENS.len(), 4);
    f.ch('2');
    assert_eq!(f.app.screen, ScreenId::Tests);
    f.ch('3');
    assert_eq!(f.app.screen, ScreenId::Outage);
    f.ch('4');
    assert_eq!(f.app.screen, ScreenId::History);
    f.ch('5');
    assert_eq!(f.app.screen, ScreenId::History, "no fifth screen");
    f.ch('1');
    assert_eq!(f.app.screen, ScreenId::Promotion);
    f.draw();
    let (tab, id) = f.app.hits().tabs[1];
    f.click(tab.x + 1, tab.y);
    assert_eq!(f.app.screen, id);
}

#[test]
fn the_marked_round_follows_the_current_one_unless_another_was_chosen() {
    let mut f = tester(2);
    let first = f.app.selected_round().unwrap();
    // Someone else starts round 2: marking goes there from now on.
    f.app.commit(cmo_promote::model::OpKind::AddTestRound {
        name: "Round 2".into(),
        step: 4,
        env: cmo_promote::model::EnvKey::Stage2,
    });
    let second = f.app.doc.session.latest_round().unwrap().id;
    assert_eq!(f.app.selected_round(), Some(second));
    // A tester who goes back to round 1 stays there, and the screen says it is not
    // the current round.
    f.key(KeyCode::Left);
    assert_eq!(f.app.selected_round(), Some(first));
    let screen = f.draw();
    assert!(screen.contains("(not current: R2 is)"), "{screen}");
    f.key(KeyCode::Right);
    assert!(f.draw().contains("Round 2 (current)"));
}

#[test]
fn the_columns_scroll_sideways_only_as_far_as_needed() {
    let mut f = tester(1);
    for _ in 0..15 {
        f.ch('R');
        f.key(KeyCode::Enter);
    }
    assert_eq!(f.app.test_grid().rounds().len(), 16);
    f.app.handle(AppEvent::Resize(80, 24));
    let screen = f.draw();
    let shown = f.app.hits().columns.len();
    assert!(shown < 16, "not every round fits at 80 columns");
    assert!(
        screen.contains('‹'),
        "more rounds to the left are marked:\n{screen}"
    );
    let first = f.app.tests.first_column;
    f.key(KeyCode::Left);
    f.draw();
    assert_eq!(
        f.app.tests.first_column, first,
        "a round in view: no scrolling"
    );
    for _ in 0..shown {
        f.key(KeyCode::Left);
        f.draw();
    }
    assert!(
        f.app.tests.first_column < first,
        "scrolled to show the chosen round"
    );
    assert!(
        f.draw().contains('›'),
        "more rounds to the right are marked"
    );
}

#[test]
fn help_and_hints_on_the_tests_screen_offer_only_what_works_there() {
    use cmo_promote::app::keymap::HelpLine;
    let mut f = tester(1);
    let help = f.app.keymap.help_lines(f.app.current_screen());
    let keys_of = |what: &str| {
        help.iter().find_map(|l| match l {
            HelpLine::Keys(k, w) if w == what => Some(k.clone()),
            _ => None,
        })
    };
    assert_eq!(keys_of("start / stop the timer"), None, "no timers here");
    assert_eq!(keys_of("next pane"), None, "one pane");
    assert_eq!(keys_of("open / edit"), None, "→ and l choose a round here");
    assert_eq!(keys_of("earlier round").as_deref(), Some("←/h"));
    assert!(keys_of("the script in full, with its results").is_some());
    f.app.handle(AppEvent::Resize(100, 30));
    let screen = f.draw();
    let hints = screen.lines().rev().nth(1).unwrap_or_default().to_string();
    assert!(
        !hints.contains("timer") && !hints.contains("next pane"),
        "{hints}"
    );
    // Help does not scroll past its end.
    f.ch('?');
    f.draw();
    for _ in 0..200 {
        f.ch('j');
    }
    let limit = f.app.hits().scroll_limit.expect("help scrolls");
    assert!(matches!(f.app.modal, Some(Modal::Help { scroll }) if scroll == limit));
}
