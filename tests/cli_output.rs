//! What the commands print: `list` lines its columns up by display width (emoji and CJK
//! titles take two columns a character), and a command whose change was saved exits 0
//! even when printing afterwards fails, with a warning repeating what was saved.

mod common;

use cmo_promote::model::{ChangeFields, Op, OpId, OpKind};
use cmo_promote::store::{Loaded, write_rescue};
use common::cli::{bin, cmd, create, log_args};
use std::fs::File;
use std::path::Path;
use std::process::Stdio;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

/// The display column where `needle` starts in `line`.
fn column_of(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in {line:?}"));
    line[..at].width()
}

#[test]
fn list_lines_up_columns_after_emoji_and_cjk_titles_and_cuts_them_to_40_columns() {
    let data = TempDir::new().unwrap();
    let long_cjk = "設定変更".repeat(15);
    for title in [
        "🚀 Launch day",
        "日本語のタイトル",
        "Plain title",
        long_cjk.as_str(),
    ] {
        create(data.path(), title);
    }
    let out = cmd(data.path()).arg("list").assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<&str> = stdout.lines().skip(1).take(4).collect();
    assert!(rows.iter().all(|r| r.contains("1. Copy")), "{stdout}");
    let file = |row: &str| row.split(' ').next_back().unwrap().to_string();
    for needle in ["1. Copy", "0/12", "FILE"] {
        let columns: Vec<usize> = rows
            .iter()
            .map(|r| match needle {
                "FILE" => column_of(r, &file(r)),
                _ => column_of(r, needle),
            })
            .collect();
        assert!(
            columns.windows(2).all(|w| w[0] == w[1]),
            "{needle:?} at display columns {columns:?}:\n{stdout}"
        );
    }
    let cut = rows.iter().find(|r| r.starts_with("設定")).unwrap();
    let title = &cut[..cut.find("  1. Copy").unwrap()].trim_end();
    assert!(title.ends_with('…'), "{cut}");
    assert!(
        (39..=40).contains(&title.width()),
        "{title} is {} wide",
        title.width()
    );
}

/// Runs `args` with stdout on a full disk: it must succeed and warn, repeating `printed`.
fn saved_despite_a_full_disk(data: &Path, args: &[&str], printed: &str) {
    let full = File::create("/dev/full").unwrap();
    let out = bin(data)
        .args(args)
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{args:?} exited {}: {stderr}",
        out.status
    );
    let warning = "warning: saved, but printing the result failed: No space left on device";
    assert!(stderr.starts_with(warning), "{args:?}: {stderr}");
    assert!(
        stderr.contains(&format!("\n  {printed}")),
        "{args:?}: {stderr}"
    );
    assert!(!stderr.contains("error:"), "{args:?}: {stderr}");
}

#[test]
fn a_command_exits_0_when_saved_even_if_printing_fails_afterwards() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Full disk");
    let d = data.path();
    let log = log_args("full", "X");
    saved_despite_a_full_disk(d, &log, "WP-001");
    saved_despite_a_full_disk(
        d,
        &["add-script", "full", "S", "--covers", "WP-1"],
        "TS-001",
    );
    saved_despite_a_full_disk(d, &["add-round", "full", "R"], "round 1");
    let mark = ["mark", "full", "TS-001", "pass"];
    saved_despite_a_full_disk(d, &mark, "TS-001 pass in round 1");
    let fields = ChangeFields {
        area: "Forms".into(),
        item: "Rescued".into(),
        ..Default::default()
    };
    let op = Op::new(
        OpId(uuid::Uuid::from_u128(1)),
        "ann",
        chrono::Utc::now(),
        OpKind::AddChange {
            fields: Box::new(fields),
        },
    );
    let rescue = write_rescue(&path, &[op]).unwrap();
    let recover = ["recover", rescue.to_str().unwrap()];
    saved_despite_a_full_disk(d, &recover, "1 edit recovered");
    saved_despite_a_full_disk(d, &["new", "Empty disk"], "Created \"Empty disk\"");

    // Each change is in the session exactly once: a retry on failure would have doubled it.
    let s = Loaded::load(&path).unwrap().session;
    let items: Vec<&str> = s.changes().iter().map(|c| c.fields.item.as_str()).collect();
    assert_eq!(items, ["X", "Rescued"]);
    assert_eq!((s.scripts().len(), s.rounds().len()), (1, 1));
    assert_eq!(s.rounds()[0].results.len(), 1);
    let dir = std::fs::read_dir(path.parent().unwrap()).unwrap();
    let ron = dir
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension() == Some("ron".as_ref()));
    assert_eq!(ron.count(), 2, "one more session");
}

#[test]
fn a_read_command_whose_output_is_lost_still_fails() {
    let data = TempDir::new().unwrap();
    create(data.path(), "Full disk");
    let full = File::create("/dev/full").unwrap();
    let out = bin(data.path())
        .arg("list")
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("No space left on device"), "{stderr}");
}

#[test]
fn a_closed_pipe_is_the_reader_s_choice_not_an_error() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Piped");
    let log = log_args("piped", "X");
    for args in [&["list"][..], &log] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = bin(data.path()).args(args).stdout(writer).output().unwrap();
        assert!(out.status.success(), "{args:?} exited {}", out.status);
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
    let s = Loaded::load(&path).unwrap().session;
    assert_eq!(s.changes().len(), 1);
}
