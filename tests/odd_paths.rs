//! Things that are not what a command expects where it expects a file: a named pipe or
//! a device given as a template or a rescue file, a path that leads nowhere, a file
//! where the sessions folder should be. Each is refused at once, in words, and nothing
//! hangs or fills memory.

mod common;

use common::cli::{cmd, create, no_panic};
use predicates::prelude::*;
use std::fs;
use std::time::Duration;
use tempfile::TempDir;

/// Generous: these used to hang for ever.
const LIMIT: Duration = Duration::from_secs(20);

#[cfg(unix)]
fn fifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_as_a_template_is_refused_without_reading_it() {
    let data = TempDir::new().unwrap();
    let pipe = data.path().join("template.ron");
    fifo(&pipe);
    cmd(data.path())
        .args(["new", "T", "--template"])
        .arg(&pipe)
        .timeout(LIMIT)
        .assert()
        .failure()
        .stderr(predicate::str::contains("named pipe"))
        .stderr(predicate::str::contains("not a template"))
        .stderr(no_panic());
    cmd(data.path())
        .args(["new", "T", "--template", "/dev/zero"])
        .timeout(LIMIT)
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a template"))
        .stderr(no_panic());
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_given_to_recover_is_refused_without_reading_it() {
    let data = TempDir::new().unwrap();
    create(data.path(), "Rescued");
    let pipe = data.path().join("q.ron.unsaved-1");
    fifo(&pipe);
    for file in [pipe.as_path(), std::path::Path::new("/dev/zero")] {
        cmd(data.path())
            .args(["recover", "--session", "rescued"])
            .arg(file)
            .timeout(LIMIT)
            .assert()
            .failure()
            .stderr(predicate::str::contains("not a rescue file"))
            .stderr(no_panic());
    }
}

#[test]
fn a_path_that_leads_nowhere_is_named_as_such() {
    let data = TempDir::new().unwrap();
    create(data.path(), "Somewhere");
    cmd(data.path())
        .args(["check", "./missing.ron"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "./missing.ron: there is no such file",
        ))
        .stderr(predicate::str::contains("no session matches").not());
}

#[test]
fn a_file_where_the_sessions_folder_should_be_is_named() {
    let data = TempDir::new().unwrap();
    fs::write(data.path().join("sessions"), "not a folder").unwrap();
    cmd(data.path())
        .args(["new", "Q3"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "is a file where the sessions folder should be",
        ))
        .stderr(predicate::str::contains("file exists").not());
}

#[test]
fn recover_names_the_edits_it_could_not_apply_in_words() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Worded");
    // An edit of the notes of a step that does not exist.
    let rescue = path.with_file_name("worded.ron.unsaved-x");
    fs::write(
        &rescue,
        r#"[(id: "00000000-0000-0000-0000-000000000abc", author: "ann",
            at: "2026-05-04T08:30:00Z",
            kind: SetStepNotes(step: 99, notes: "x", was: None))]"#,
    )
    .unwrap();
    cmd(data.path())
        .args(["recover", "--session", "worded"])
        .arg(&rescue)
        .assert()
        .failure()
        .stdout(predicate::str::contains("edited the notes of step 99"))
        .stdout(predicate::str::contains("SetStepNotes").not());
}
