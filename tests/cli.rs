//! Runs the real `cmo-promote` binary: creating, listing and checking sessions, and
//! what happens with broken, newer, missing and ambiguous files.

mod common;

use assert_cmd::Command;
use common::cli::{cmd, create, no_panic};
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// Runs every read-only or creating command against the data dir.
fn run_every_command(data: &Path, session_arg: &str) {
    cmd(data).arg("list").assert().stderr(no_panic());
    cmd(data)
        .args(["check", session_arg])
        .assert()
        .stderr(no_panic());
    cmd(data).assert().stderr(no_panic());
    cmd(data).args(["new", "Another one"]).assert().success();
}

#[test]
fn new_creates_a_twelve_step_session_that_list_and_check_show() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Q3 workflow changes");
    assert!(path.starts_with(data.path().join("sessions")));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("q3-workflow-changes-20"), "{name}");
    assert!(name.ends_with(".ron"));
    let text = fs::read_to_string(&path).unwrap();
    // A comment saying what the file is, then the session opening with its format.
    let head = format!("\n(\n    {}", this_format());
    assert!(text.starts_with("// cmo-promote session file"), "{text}");
    assert!(text.contains(&head), "{text}");
    assert!(!text.contains("\r\n"));
    assert!(text.contains("created_by: \"tester\""));

    cmd(data.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Q3 workflow changes"))
        .stdout(predicate::str::contains("1. Copy Production to Stage 1"))
        .stdout(predicate::str::contains("0/12"))
        .stdout(predicate::str::contains(name.as_str()));

    cmd(data.path())
        .args(["check", "q3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ok:"))
        .stdout(predicate::str::contains("12 steps"));
}

#[test]
fn a_second_session_with_the_same_title_gets_its_own_file() {
    let data = TempDir::new().unwrap();
    let a = create(data.path(), "Roles");
    let a_bytes = fs::read(&a).unwrap();
    // The same title again is refused, naming the other file, unless forced.
    cmd(data.path())
        .args(["new", " roles "])
        .assert()
        .failure()
        .stderr(predicates::str::contains(format!(
            "a session titled \"roles\" exists already: {}; choose another title, or add \
             --force to create a second one",
            a.display()
        )));
    let out = cmd(data.path())
        .args(["new", "Roles", "--force"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let b = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Saved to "))
        .map(std::path::PathBuf::from)
        .unwrap();
    assert_ne!(a, b);
    assert_eq!(fs::read(&a).unwrap(), a_bytes, "first file untouched");
}

#[test]
fn user_flag_names_the_author() {
    let data = TempDir::new().unwrap();
    cmd(data.path())
        .args(["--user", "Dana Lead", "new", "Authored"])
        .assert()
        .success();
    let s = &session_files(data.path())[0];
    assert!(
        fs::read_to_string(s)
            .unwrap()
            .contains("created_by: \"Dana Lead\"")
    );
}

#[test]
fn sessions_are_found_by_path_file_name_stem_or_title_prefix() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Dashboards refresh");
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let stem = file.trim_end_matches(".ron").to_string();
    for arg in [
        path.to_string_lossy().into_owned(),
        file,
        stem,
        "dash".into(),
        "DASHBOARDS REFRESH".into(),
    ] {
        cmd(data.path())
            .args(["check", &arg])
            .assert()
            .success()
            .stdout(predicate::str::contains("Dashboards refresh"));
    }
}

#[test]
fn an_ambiguous_title_prefix_lists_the_candidates() {
    let data = TempDir::new().unwrap();
    create(data.path(), "Q3 forms");
    create(data.path(), "Q3 roles");
    cmd(data.path())
        .args(["check", "q3"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("matches several sessions"))
        .stderr(predicate::str::contains("Q3 forms"))
        .stderr(predicate::str::contains("Q3 roles"))
        .stderr(no_panic());
    // An exact title wins over a longer one it is the prefix of.
    create(data.path(), "Q3");
    cmd(data.path()).args(["check", "q3"]).assert().success();
}

#[test]
fn a_missing_session_is_a_clear_error() {
    let data = TempDir::new().unwrap();
    cmd(data.path())
        .args(["check", "nothing-here"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "no session matches \"nothing-here\"",
        ))
        .stderr(no_panic());
    cmd(data.path())
        .args(["check", "/no/such/dir/file.ron"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "/no/such/dir/file.ron: there is no such file",
        ))
        .stderr(no_panic());
}

#[test]
fn a_truncated_file_is_reported_with_line_and_column_and_never_changed() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Truncated");
    let full = fs::read(&path).unwrap();
    fs::write(&path, &full[..full.len() / 2]).unwrap();
    let broken = fs::read(&path).unwrap();
    let file = path.file_name().unwrap().to_string_lossy().into_owned();

    cmd(data.path())
        .args(["check", &file])
        .assert()
        .failure()
        .stderr(predicate::str::is_match(format!(r"{}:\d+:\d+: ", regex_escape(&file))).unwrap())
        .stderr(no_panic());
    // Asked for by title, the broken file's own error is given, not "no match".
    cmd(data.path())
        .args(["check", "truncated"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(file.as_str()))
        .stderr(predicate::str::contains("no session matches").not());
    cmd(data.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("(unreadable)"))
        .stdout(predicate::str::contains(format!(
            "unreadable: {}",
            path.display()
        )));
    run_every_command(data.path(), &file);
    assert_eq!(
        fs::read(&path).unwrap(),
        broken,
        "broken file must be left as it was"
    );
    assert!(!Path::new(&format!("{}.bak", path.display())).exists());
}

#[test]
fn a_hand_broken_file_names_line_column_and_what_was_expected() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Hand edited");
    let text = fs::read_to_string(&path).unwrap();
    // Break the status of step 3: a typo a person could make in an editor.
    let line_no = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "status: Todo,")
        .nth(2)
        .map(|(i, _)| i + 1)
        .unwrap();
    let broken = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line_no {
                l.replace("Todo", "Tood")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    fs::write(&path, &broken).unwrap();
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    cmd(data.path())
        .args(["check", &file])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!("{file}:{line_no}:")))
        .stderr(predicate::str::contains("Tood"))
        .stderr(predicate::str::contains("Todo"))
        .stderr(no_panic());
    run_every_command(data.path(), &file);
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_alone() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Future");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace(&this_format(), "format_version: 99,");
    fs::write(&path, &text).unwrap();
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    cmd(data.path())
        .args(["check", &file])
        .assert()
        .failure()
        .stderr(predicate::str::contains("newer cmo-promote"))
        .stderr(predicate::str::contains("format 99"))
        .stderr(no_panic());
    run_every_command(data.path(), &file);
    // Found by its title too, and refused by the commands that write.
    cmd(data.path())
        .args([
            "log",
            "future",
            "--area",
            "Forms",
            "--item",
            "x",
            "--description",
            "d",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("newer cmo-promote"));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_file_without_a_format_version_is_not_taken_for_a_session() {
    let data = TempDir::new().unwrap();
    let dir = data.path().join("sessions");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("notes.ron"), "(title: \"x\")\n").unwrap();
    cmd(data.path())
        .args(["check", "notes.ron"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no format_version"));
}

#[test]
fn check_reports_a_state_the_history_does_not_explain() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Tampered");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("status: Todo,", "status: Done,", 1);
    fs::write(&path, text).unwrap();
    cmd(data.path())
        .args(["check", "tampered"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("history does not rebuild"));
}

#[test]
fn a_custom_template_is_used_and_a_bad_one_is_explained() {
    let data = TempDir::new().unwrap();
    let template = data.path().join("mini.ron");
    fs::write(
        &template,
        r#"(
    name: "Mini process",
    environments: [
        (key: Production, name: "Prod", notes: "", enabled: true),
        (key: Stage1, name: "Dev", notes: "", enabled: true),
        (key: Stage2, name: "Test", notes: "", enabled: true),
    ],
    steps: [
        (number: 1, title: "Change", kind: Configure, guidance: "Do it."),
        (number: 2, title: "Test", kind: Test, guidance: "Try it.", needs_sign_off: true),
    ],
)
"#,
    )
    .unwrap();
    cmd(data.path())
        .args(["new", "Small", "--template"])
        .arg(&template)
        .assert()
        .success()
        .stdout(predicate::str::contains("Mini process (2 steps)"));
    cmd(data.path())
        .arg("list")
        .assert()
        .stdout(predicate::str::contains("0/2"));

    let bad = data.path().join("bad.ron");
    fs::write(
        &bad,
        "(name: \"x\", environments: [], steps: [(number: 2, title: \"a\", kind: Test, guidance: \"\")])",
    )
    .unwrap();
    cmd(data.path())
        .args(["new", "Nope", "--template"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.ron"))
        .stderr(predicate::str::contains("numbered 1, 2, 3"));
    let sessions = session_files(data.path()).len();
    assert_eq!(sessions, 1, "a refused template creates no session file");
}

#[test]
fn an_empty_title_is_refused() {
    let data = TempDir::new().unwrap();
    cmd(data.path())
        .args(["new", "   "])
        .assert()
        .failure()
        .stderr(predicate::str::contains("needs a title"));
}

#[test]
fn stray_temp_files_from_a_crashed_save_are_removed_at_the_next_start() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Crashy");
    let dir = path.parent().unwrap();
    let stray = dir.join(".cmo-promote-crashed.tmp");
    fs::write(&stray, "half a sess").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&stray)
        .unwrap()
        .set_modified(old)
        .unwrap();
    cmd(data.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Crashy"))
        .stdout(predicate::str::contains("crashed").not());
    assert!(!stray.exists());
}

#[test]
fn the_data_dir_can_come_from_the_environment() {
    let data = TempDir::new().unwrap();
    Command::cargo_bin("cmo-promote")
        .unwrap()
        .env("CMO_PROMOTE_DATA_DIR", data.path())
        .args(["new", "From env"])
        .assert()
        .success();
    assert_eq!(session_files(data.path()).len(), 1);
}

#[test]
fn usage_errors_exit_non_zero_without_a_backtrace() {
    let data = TempDir::new().unwrap();
    cmd(data.path())
        .arg("frobnicate")
        .assert()
        .failure()
        .stderr(no_panic());
    cmd(data.path())
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains("cmo-promote"));
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

#[test]
fn log_add_script_add_round_and_mark_write_through_the_shell() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Scripted");
    let run = |args: &[&str]| cmd(data.path()).args(args).assert();
    run(&[
        "log",
        "scripted",
        "--area",
        "Forms",
        "--item",
        "Incident",
        "--description",
        "Add Severity",
        "--action",
        "add",
        "--before",
        "none",
        "--after",
        "Low/Med/High",
        "--notes",
        "copy list",
    ])
    .success()
    .stdout("WP-001\n");
    run(&[
        "log",
        "scripted",
        "--area",
        "Forms",
        "--item",
        "X",
        "--description",
        "d",
        "--action",
        "zap",
    ])
    .failure()
    .stderr(predicate::str::contains(
        "[possible values: add, modify, remove]",
    ));
    run(&[
        "add-script",
        "scripted",
        "Raise an incident",
        "--covers",
        "WP-1",
    ])
    .success()
    .stdout("TS-001\n");
    run(&["add-script", "scripted", "Bad", "--covers", "WP-9"])
        .failure()
        .stderr(predicate::str::contains("no change \"WP-9\""));
    run(&["mark", "scripted", "TS-001", "pass"])
        .failure()
        .stderr(predicate::str::contains("no test round yet"));
    run(&["add-round", "scripted", "Round 1"])
        .success()
        .stdout("round 1\n");
    run(&["add-round", "scripted", "Wrong step", "--step", "3"])
        .failure()
        .stderr(predicate::str::contains("not a testing step"));
    run(&[
        "mark",
        "scripted",
        "TS-001",
        "fail",
        "--comment",
        "no Severity list",
    ])
    .success()
    .stdout("TS-001 fail in round 1\n");
    run(&["mark", "scripted", "ts-1", "pass", "--round", "1"])
        .success()
        .stdout("TS-001 pass in round 1\n");
    run(&["mark", "scripted", "TS-002", "pass"])
        .failure()
        .stderr(predicate::str::contains("no test script \"TS-002\""));
    run(&["mark", "scripted", "TS-001", "great"])
        .failure()
        .stderr(predicate::str::contains(
            "[possible values: pass, fail, blocked, waived, not-run]",
        ));

    let s = cmo_promote::store::Loaded::load(&path).unwrap().session;
    let c = &s.changes()[0].fields;
    assert_eq!(
        (c.action, c.after.as_str(), c.replication_notes.as_str()),
        (cmo_promote::model::Action::Add, "Low/Med/High", "copy list")
    );
    assert_eq!(s.scripts()[0].fields.covers, vec![s.changes()[0].id]);
    let results = &s.rounds()[0].results;
    assert_eq!(results.len(), 2, "earlier results are kept");
    assert_eq!(results[0].comment, "no Severity list");
    assert_eq!(
        s.rounds()[0].latest(s.scripts()[0].id).unwrap().status,
        cmo_promote::model::ResultStatus::Pass
    );
    assert!(results.iter().all(|r| r.tester == "tester"));
    cmd(data.path())
        .args(["check", "scripted"])
        .assert()
        .success();
}

#[test]
fn recover_applies_a_rescue_file_once_and_reports_what_no_longer_applies() {
    use cmo_promote::model::{ChangeFields, ChangeId, Op, OpId, OpKind};
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Rescued");
    let at = chrono::Utc::now();
    let op = |n: u128, kind| Op::new(OpId(uuid::Uuid::from_u128(n)), "ann", at, kind);
    let ops = vec![
        op(
            1,
            OpKind::AddChange {
                fields: Box::new(ChangeFields {
                    area: "Forms".into(),
                    item: "Kept safe".into(),
                    ..Default::default()
                }),
            },
        ),
        op(
            2,
            OpKind::StartStep {
                step: 1,
                override_reason: None,
                ahead_of: Vec::new(),
            },
        ),
        op(
            3,
            OpKind::RemoveChange {
                change: ChangeId(uuid::Uuid::from_u128(99)),
                reason: "gone".into(),
            },
        ),
    ];
    let rescue = cmo_promote::store::write_rescue(&path, &ops).unwrap();
    assert!(rescue.starts_with(path.parent().unwrap()));
    let recover = || {
        cmd(data.path())
            .arg("recover")
            .arg(&rescue)
            .assert()
            .failure()
    };
    recover()
        .stdout(predicate::str::contains("2 edits recovered"))
        .stdout(predicate::str::contains(
            "not applied: removed a change by ann",
        ));
    let s = cmo_promote::store::Loaded::load(&path).unwrap().session;
    assert_eq!(s.changes()[0].fields.item, "Kept safe");
    assert_eq!(s.steps()[0].status.word(), "in progress");
    // Again: nothing is applied twice.
    recover().stdout(predicate::str::contains("0 edits recovered"));
    assert_eq!(
        cmo_promote::store::Loaded::load(&path)
            .unwrap()
            .session
            .changes()
            .len(),
        1
    );
    cmd(data.path())
        .args(["check", "rescued"])
        .assert()
        .success();
}

/// How this build names its format in a session file.
fn this_format() -> String {
    format!("format_version: {},", cmo_promote::model::FORMAT_VERSION)
}

#[test]
fn log_takes_every_field_of_a_change_from_the_field_table() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Fields");
    cmd(data.path())
        .args([
            "log",
            "fields",
            "--area",
            "Forms",
            "--item",
            "A",
            "--description",
            "first",
        ])
        .assert()
        .success();
    cmd(data.path())
        .args([
            "log",
            "fields",
            "--area",
            "Roles",
            "--item",
            "Auditor",
            "--description",
            "second",
            "--action",
            "ADD",
            "--notes",
            "replicate by hand",
            "--depends-on",
            "WP-1",
            "--risk-note",
            "locks users out",
            "--backout-note",
            "restore the role",
            "--irreversible",
        ])
        .assert()
        .success()
        .stdout("WP-002\n");
    let s = cmo_promote::store::Loaded::load(&path).unwrap().session;
    let f = &s.changes()[1].fields;
    assert_eq!(f.replication_notes, "replicate by hand");
    assert_eq!(f.risk_note, "locks users out");
    assert_eq!(f.backout_note, "restore the role");
    assert!(f.irreversible);
    assert_eq!(f.action, cmo_promote::model::Action::Add);
    assert_eq!(f.depends_on, vec![s.changes()[0].id]);
    cmd(data.path())
        .args([
            "log",
            "fields",
            "--area",
            "A",
            "--item",
            "B",
            "--description",
            "c",
        ])
        .args(["--depends-on", "WP-9"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--depends-on: there is no change \"WP-9\"",
        ));
}

/// The session files in the sessions folder of `data` (not the caches beside them).
fn session_files(data: &std::path::Path) -> Vec<std::path::PathBuf> {
    fs::read_dir(data.join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension() == Some("ron".as_ref()))
        .collect()
}
