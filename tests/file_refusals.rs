//! When a session file is not what it should be (read-only, a link, inconsistent, at
//! the end of its save counter, not a file at all): the real binary refuses in words,
//! writes nothing, and follows links to the real file.

mod common;

use common::cli::{as_format_3, cmd, compacted, create, log, log_args, no_panic};
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The file holds `expected` (compared without printing megabytes on failure).
fn unchanged(path: &Path, expected: &[u8], why: &str) {
    assert!(
        fs::read(path).unwrap() == expected,
        "{}: {why}",
        path.display()
    );
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_read_only_session_file_or_folder_is_refused_and_left_alone() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Locked down");
    let before = fs::read(&path).unwrap();
    chmod(&path, 0o444);
    log(data.path(), "locked", "x")
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "{} is not written: the file is read-only (mode 0444)",
            path.display()
        )))
        .stderr(no_panic());
    unchanged(&path, &before, "a read-only file is not written");
    assert!(!with_suffix(&path, ".bak").exists());
    // Reading it is fine.
    cmd(data.path())
        .args(["check", "locked"])
        .assert()
        .success();

    chmod(&path, 0o644);
    let dir = path.parent().unwrap();
    chmod(dir, 0o555);
    let refused = log(data.path(), "locked", "x").assert().failure();
    chmod(dir, 0o755);
    refused.stderr(predicate::str::contains(format!(
        "its folder {} is read-only (mode 0555)",
        dir.display()
    )));
    unchanged(&path, &before, "nothing is written in a read-only folder");
}

#[cfg(unix)]
#[test]
fn a_linked_session_is_listed_and_written_through_to_the_real_file() {
    use std::os::unix::fs::symlink;
    let data = TempDir::new().unwrap();
    let made = create(data.path(), "Linked plan");
    let elsewhere = data.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let real = elsewhere.join("real.ron");
    fs::rename(&made, &real).unwrap();
    let link = made.with_file_name("link.ron");
    symlink(&real, &link).unwrap();

    cmd(data.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Linked plan"))
        .stdout(predicate::str::contains("link.ron"));
    log(data.path(), "link", "through the link")
        .assert()
        .success();
    log(data.path(), "linked", "by its title")
        .assert()
        .success();

    assert!(
        fs::symlink_metadata(&link).unwrap().is_symlink(),
        "still a link"
    );
    let text = fs::read_to_string(&real).unwrap();
    assert!(text.contains("through the link") && text.contains("by its title"));
    // The ops were added to the real file; a rewrite keeps its backup beside it too.
    compacted(&link);
    assert!(
        fs::symlink_metadata(&link).unwrap().is_symlink(),
        "still a link after a rewrite"
    );
    assert!(
        with_suffix(&real, ".bak").exists(),
        "backup beside the real file"
    );
    assert!(
        with_suffix(&real, ".lock").exists(),
        "lock beside the real file"
    );
    assert!(fs::symlink_metadata(with_suffix(&link, ".bak")).is_err());
    assert!(fs::symlink_metadata(with_suffix(&link, ".lock")).is_err());
    cmd(data.path()).args(["check", "link"]).assert().success();
}

#[cfg(unix)]
#[test]
fn a_dangling_link_or_a_link_loop_is_named_not_skipped() {
    use std::os::unix::fs::symlink;
    let data = TempDir::new().unwrap();
    let made = create(data.path(), "Healthy");
    let dir = made.parent().unwrap();
    symlink(data.path().join("moved-away.ron"), dir.join("gone.ron")).unwrap();
    symlink(dir.join("b.ron"), dir.join("a.ron")).unwrap();
    symlink(dir.join("a.ron"), dir.join("b.ron")).unwrap();

    cmd(data.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Healthy"))
        .stdout(predicate::str::contains(
            "moved-away.ron, which does not exist",
        ))
        .stdout(predicate::str::contains("a.ron is a symbolic link loop"));
    cmd(data.path())
        .args(["check", "gone"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("which does not exist"));
    log(data.path(), "a.ron", "x")
        .assert()
        .failure()
        .stderr(predicate::str::contains("symbolic link loop"));
    assert!(
        fs::symlink_metadata(dir.join("gone.ron"))
            .unwrap()
            .is_symlink()
    );
}

/// A session with WP-001 twice: two changes logged, then the second renumbered by hand.
fn session_with_two_wp_001(data: &Path) -> PathBuf {
    let path = create(data, "Twice");
    log(data, "twice", "first").assert().success();
    log(data, "twice", "second").assert().success();
    compacted(&path);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("number: 2,").count(), 2, "change 2 and step 2");
    let at = text.find("item: \"second\"").unwrap();
    let number = text[..at].rfind("number: 2,").unwrap();
    let broken = format!("{}number: 1,{}", &text[..number], &text[number + 10..]);
    fs::write(&path, broken).unwrap();
    path
}

#[test]
fn writers_refuse_a_session_that_fails_check_and_say_so() {
    let data = TempDir::new().unwrap();
    let path = session_with_two_wp_001(data.path());
    let (before, backup) = (
        fs::read(&path).unwrap(),
        fs::read(with_suffix(&path, ".bak")),
    );
    let rescue = cmo_promote::store::write_rescue(&path, &[]).unwrap();
    let writers: [&[&str]; 5] = [
        &log_args("twice", "x"),
        &["mark", "twice", "TS-001", "pass"],
        &["add-script", "twice", "Raise an incident"],
        &["add-round", "twice", "Round 1"],
        &["recover", &rescue.to_string_lossy()],
    ];
    for args in writers {
        cmd(data.path())
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains("fails its consistency check"))
            .stderr(predicate::str::contains(
                "WP-001 is used by more than one change",
            ))
            .stderr(predicate::str::contains("run `cmo-promote check"))
            .stderr(no_panic());
    }
    unchanged(&path, &before, "nothing was written");
    assert!(
        fs::read(with_suffix(&path, ".bak")).ok() == backup.ok(),
        "backup kept"
    );
    cmd(data.path())
        .args(["check", "twice"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "WP-001 is used by more than one change",
        ));
}

#[test]
fn recover_with_nothing_new_to_apply_writes_nothing() {
    use cmo_promote::model::{ChangeFields, Op, OpId, OpKind};
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Rescued twice");
    log(data.path(), "rescued", "the real backup")
        .assert()
        .success();
    let op = Op::new(
        OpId(uuid::Uuid::from_u128(1)),
        "ann",
        chrono::Utc::now(),
        OpKind::AddChange {
            fields: Box::new(ChangeFields {
                area: "Forms".into(),
                item: "rescued".into(),
                ..Default::default()
            }),
        },
    );
    let rescue = cmo_promote::store::write_rescue(&path, &[op]).unwrap();
    let recover = || {
        cmd(data.path())
            .arg("recover")
            .arg(&rescue)
            .assert()
            .success()
    };
    recover().stdout(predicate::str::contains("1 edit recovered"));
    let saved = fs::read(&path).unwrap();
    let backup = fs::read(with_suffix(&path, ".bak")).unwrap_or_default();
    for _ in 0..2 {
        recover().stdout(predicate::str::contains("0 edits recovered"));
        unchanged(&path, &saved, "the session is not saved again");
        assert_eq!(
            fs::read(with_suffix(&path, ".bak")).unwrap_or_default(),
            backup,
            "the last real backup is kept",
        );
    }
}

#[test]
fn a_save_counter_at_its_maximum_is_refused_not_wrapped() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Counted");
    // A file of an older format, which the next save rewrites (and so counts).
    let text = as_format_3(&fs::read_to_string(&path).unwrap()).replacen(
        "generation: 0,",
        &format!("generation: {},", u64::MAX),
        1,
    );
    assert!(text.contains(&u64::MAX.to_string()));
    fs::write(&path, &text).unwrap();
    let out = log(data.path(), "counted", "x")
        .assert()
        .failure()
        .stderr(predicate::str::contains("save counter (generation)"))
        .stderr(no_panic());
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        stderr.matches(&name).count(),
        1,
        "the file is named once: {stderr}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    cmd(data.path())
        .args(["check", "counted"])
        .assert()
        .success();
}

/// Runs `args`; it fails with one `error:` line that has every one of `words` and none
/// of the internal names or repeated causes.
fn fails_saying(data: &Path, args: &[&str], words: &[&str]) {
    let out = cmd(data).args(args).assert().failure().stderr(no_panic());
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    for w in words {
        assert_eq!(stderr.matches(w).count(), 1, "{w:?} once in: {stderr}");
    }
    for leak in [
        "os error",
        "VersionProbe",
        "Template`",
        "ron::",
        "serde_stacker",
        "no session matches",
    ] {
        assert!(!stderr.contains(leak), "{leak:?} in: {stderr}");
    }
}

#[test]
fn errors_say_once_in_words_what_is_wrong_and_where() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let path = create(d, "Words");
    let dir = path.parent().unwrap().to_path_buf();
    let at = |name: &str| d.join(name).to_string_lossy().into_owned();

    fails_saying(
        d,
        &["new", "x", "--template", &at("missing.ron")],
        &["missing.ron: no such file or directory"],
    );
    fs::write(d.join("t.ron"), "(name: \"x\", steps: [])").unwrap();
    fails_saying(
        d,
        &["new", "x", "--template", &at("t.ron")],
        &["t.ron:1:", "the field `environments` is missing"],
    );
    let mut bytes = fs::read(&path).unwrap();
    // In `format_version`, on the third line (after the comment and the `(`).
    let third_line = bytes
        .windows(15)
        .position(|w| w == b"\n    format_ver")
        .unwrap()
        + 1;
    bytes[third_line + 4] = 0xff;
    fs::write(d.join("latin1.ron"), &bytes).unwrap();
    fails_saying(
        d,
        &["check", &at("latin1.ron")],
        &[
            "latin1.ron:3:5:",
            "UTF-8",
            &format!("byte offset {}", third_line + 4),
        ],
    );
    fs::write(d.join("q3.ron.unsaved-1"), "").unwrap();
    fails_saying(
        d,
        &["recover", &at("q3.ron.unsaved-1")],
        &["the file is empty: not a rescue file"],
    );
    fs::write(d.join("q3.ron.unsaved-2"), "(oops)").unwrap();
    fails_saying(
        d,
        &["recover", &at("q3.ron.unsaved-2")],
        &["q3.ron.unsaved-2:1:1: not a rescue file"],
    );
    fs::write(d.join("list.ron"), "[1]").unwrap();
    fails_saying(d, &["check", &at("list.ron")], &["no format_version"]);
    let deep = format!("(x: {}{})", "[".repeat(500), "]".repeat(500));
    fs::write(d.join("deep.ron"), deep).unwrap();
    fails_saying(
        d,
        &["check", &at("deep.ron")],
        &["deep.ron:1:", "nested too deeply"],
    );
    fails_saying(
        d,
        &["check", &dir.to_string_lossy()],
        &["is a folder, not a session file"],
    );
    #[cfg(unix)]
    {
        let fifo = dir.join("pipe.ron");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        fails_saying(
            d,
            &["check", &fifo.to_string_lossy()],
            &["is a named pipe (FIFO), not a session file"],
        );
        // In the folder, it is neither listed nor read (reading would block).
        cmd(d)
            .arg("list")
            .assert()
            .success()
            .stdout(predicate::str::contains("Words"));
        std::os::unix::fs::symlink(d.join("loop.ron"), d.join("loop.ron")).unwrap();
        fails_saying(d, &["check", &at("loop.ron")], &["is a symbolic link loop"]);
    }
}

#[test]
fn a_session_is_found_by_title_from_the_start_of_its_file_only() {
    let data = TempDir::new().unwrap();
    create(data.path(), "Small one");
    let big = create(data.path(), "Big one");
    // The head of the file as written, then megabytes that are not a session: naming a
    // session reads only the heads, so this file is still found by its title (and
    // `check` then says where it is broken), and naming another one is unaffected.
    let text = fs::read_to_string(&big).unwrap();
    let head_end = text.find("\n    created_at").unwrap();
    let mut bytes = text.as_bytes()[..head_end].to_vec();
    bytes.extend(std::iter::repeat_n(b'#', 8 << 20));
    let renamed = big.with_file_name("renamed.ron");
    fs::write(&renamed, &bytes).unwrap();
    fs::remove_file(&big).unwrap();

    log(data.path(), "small", "x")
        .assert()
        .success()
        .stdout("WP-001\n");
    cmd(data.path())
        .args(["check", "big"])
        .assert()
        .failure()
        .stderr(predicate::str::is_match(r"renamed\.ron:\d+:\d+: ").unwrap())
        .stderr(predicate::str::contains("no session matches").not());
    unchanged(&renamed, &bytes, "a broken file is not written");
}

#[test]
fn nothing_is_written_to_a_file_with_a_name_that_is_not_a_file() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Plain");
    let folder = data.path().join("sessions").join("folder.ron");
    fs::create_dir(&folder).unwrap();
    log(data.path(), "folder.ron", "x")
        .assert()
        .failure()
        .stderr(predicate::str::contains("is a folder, not a session file"));
    assert_eq!(fs::read_dir(&folder).unwrap().count(), 0);
    cmd(data.path())
        .args(["check", &file_name(&path)])
        .assert()
        .success();
}
