//! Test scripts from the shell: `add-script` with steps, preconditions, owner and
//! priority, `remove-script`, and the value lists and `--screen` that `--help` shows.

mod common;

use common::cli::{cmd, create, log, no_panic, ok, saved};
use predicates::prelude::*;
use std::fs;
use tempfile::TempDir;

#[test]
fn add_script_takes_steps_preconditions_owner_and_priority_and_remove_script_keeps_results() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let path = create(d, "Q3");
    log(d, "q3", "Incident form").assert().success();
    let added = ok(
        d,
        &[
            "add-script",
            "q3",
            "Raise an incident",
            "--covers",
            "WP-1",
            "--preconditions",
            "Logged in as a reporter",
            "--steps",
            "1. Open Incidents\n2. Click New",
            "--expected",
            "1. The list shows\n2. A blank form opens",
            "--owner",
            "Tess",
            "--priority",
            "High",
        ],
    );
    assert_eq!(added, "TS-001\n");
    let held = saved(&path);
    let f = &held.scripts()[0].fields;
    assert_eq!(f.preconditions, "Logged in as a reporter");
    let steps: Vec<(&str, &str)> = f
        .steps
        .iter()
        .map(|s| (s.action.as_str(), s.expected.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("Open Incidents", "The list shows"),
            ("Click New", "A blank form opens")
        ]
    );
    assert_eq!(f.owner.as_deref(), Some("Tess"));
    assert_eq!(f.priority, Some(cmo_promote::model::Priority::High));

    let before = fs::read(&path).unwrap();
    let refuse = |args: &[&str], message: &str| {
        cmd(d)
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message))
            .stderr(no_panic());
    };
    refuse(
        &[
            "add-script",
            "q3",
            "T",
            "--steps",
            "a",
            "--expected",
            "x\ny",
        ],
        "line 2 of the expected results has no step",
    );
    refuse(
        &["add-script", "q3", "T", "--priority", "urgent"],
        "[possible values: high, medium, low]",
    );
    refuse(
        &["add-script", "q3", "T", "--covers", "WP-1 WP-8"],
        "no change \"WP-8\"",
    );
    refuse(
        &["remove-script", "q3", "TS-001", "--reason", " "],
        "a reason is required",
    );
    refuse(&["remove-script", "q3", "TS-001"], "--reason <REASON>");
    assert_eq!(fs::read(&path).unwrap(), before);

    ok(d, &["add-round", "q3", "First"]);
    ok(d, &["mark", "q3", "TS-1", "pass"]);
    assert_eq!(
        ok(
            d,
            &["remove-script", "q3", "TS-1", "--reason", "covered by TS-2"]
        ),
        "TS-001 removed from the Test Plan\n"
    );
    let s = saved(&path);
    assert!(s.scripts()[0].is_removed());
    assert_eq!(s.rounds()[0].results.len(), 1, "its results stay");
    assert!(ok(d, &["tests", "q3"]).contains("no test scripts yet"));
}

#[test]
fn help_lists_the_values_and_open_takes_a_screen() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    // Help wraps at the terminal's width: compare with single spaces.
    let help = |args: &[&str]| ok(d, args).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help(&["mark", "--help"])
            .contains("[possible values: pass, fail, blocked, waived, not-run]")
    );
    assert!(help(&["add-round", "--help"]).contains("[possible values: stage1, stage2, qa, prod]"));
    assert!(help(&["log", "--help"]).contains("[possible values: add, modify, remove]"));
    let open = help(&["open", "--help"]);
    assert!(open.contains("--screen <SCREEN>"), "{open}");
    assert!(
        open.contains("tests") && open.contains("promotion"),
        "{open}"
    );
    assert!(help(&["--help"]).contains("--screen <SCREEN>"));
    create(d, "Q3");
    cmd(d)
        .args(["open", "q3", "--screen", "timeline"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "[possible values: promotion, tests, outage, history]",
        ));
    cmd(d)
        .args(["--screen", "tests", "list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--screen goes with `open SESSION`",
        ));
    // A good value gets past parsing: without a terminal the TUI says it needs one.
    for args in [
        &["open", "q3", "--screen", "TESTS"][..],
        &["--screen", "tests", "open", "q3"],
        &["--screen", "promotion"],
    ] {
        cmd(d)
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains("the TUI needs a terminal"));
    }
}

#[test]
fn only_the_commands_that_open_the_tui_offer_no_mouse() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let help = |args: &[&str]| ok(d, args);
    for command in ["add-round", "mark", "log", "export", "list"] {
        assert!(
            !help(&[command, "--help"]).contains("--no-mouse"),
            "{command} --help offers --no-mouse"
        );
    }
    for command in ["open", "watch"] {
        assert!(
            help(&[command, "--help"]).contains("--no-mouse"),
            "{command}"
        );
    }
    assert!(help(&["--help"]).contains("--no-mouse"));
    let add_round = help(&["add-round", "--help"]);
    assert_eq!(
        add_round.matches("[default: stage2]").count(),
        1,
        "{add_round}"
    );
}
