//! The session file as a log (format 4): a save adds the new ops as lines at the end
//! and rewrites nothing; a line cut short by a crash is ignored and later cut off; an
//! older file becomes format 4 on its first save, keeping the old one as the backup;
//! enough ops after the snapshot make the next save write a new one; a reader that
//! holds the session reads only what others added.

mod common;

use cmo_promote::model::{Op, OpKind};
use cmo_promote::store::{COMPACT_AFTER, Loaded, StoreError};
use common::app_fx::fx;
use common::cli::{as_format_3, cmd, create, log};
use predicates::prelude::*;
use std::fs;
use std::io::Write;
use std::path::Path;

fn add(item: &str) -> Op {
    common::change_logged("tester", item)
}

fn items(path: &Path) -> Vec<String> {
    Loaded::load(path)
        .unwrap()
        .session
        .changes()
        .iter()
        .map(|c| c.fields.item.clone())
        .collect()
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&fs::metadata(path).unwrap())
}

#[cfg(unix)]
#[test]
fn a_save_adds_lines_at_the_end_and_rewrites_nothing() {
    let (_data, path) = common::session_file("Appends");
    let before = fs::read(&path).unwrap();
    let node = inode(&path);
    let mut doc = Loaded::load(&path).unwrap();
    let (a, b) = (add("First"), add("Second"));
    doc.session.apply(a.clone()).unwrap();
    doc.session.apply(b.clone()).unwrap();
    let committed = doc.commit(&[a, b]).unwrap();
    let after = fs::read(&path).unwrap();
    assert!(after.starts_with(&before), "the file was rewritten");
    let added = String::from_utf8(after[before.len()..].to_vec()).unwrap();
    let lines: Vec<&str> = added.lines().collect();
    assert_eq!(lines.len(), 2, "{added}");
    assert!(lines[0].contains("item:\"First\"") && lines[1].contains("item:\"Second\""));
    assert_eq!(
        inode(&path),
        node,
        "the same file, not a new one renamed over it"
    );
    assert!(!Path::new(&format!("{}.bak", path.display())).exists());
    assert_eq!(committed.loaded.log.unwrap().end, after.len() as u64);
    assert_eq!(items(&path), ["First", "Second"]);
}

#[test]
fn a_line_cut_short_by_a_crash_is_ignored_then_cut_off_by_the_next_writer() {
    let (_data, path) = common::session_file("Torn");
    let mut doc = Loaded::load(&path).unwrap();
    doc.apply_and_commit(add("Whole")).unwrap();
    // A writer died half-way through its line.
    let whole = fs::read(&path).unwrap();
    let line = cmo_promote::store::op_lines(&[add("Half")], &path).unwrap();
    let mut file = fs::OpenOptions::new().append(true).open(&path).unwrap();
    file.write_all(&line.as_bytes()[..line.len() / 2]).unwrap();
    drop(file);
    assert_eq!(items(&path), ["Whole"], "readers ignore the cut line");
    cmd(path.parent().unwrap().parent().unwrap())
        .args(["check", path.to_str().unwrap()])
        .assert()
        .success();
    // The next writer cuts it off and writes where it began.
    let mut doc = Loaded::load(&path).unwrap();
    assert_eq!(doc.log.unwrap().end, whole.len() as u64);
    doc.apply_and_commit(add("Next")).unwrap();
    let after = fs::read(&path).unwrap();
    assert!(after.starts_with(&whole));
    assert_eq!(
        String::from_utf8(after[whole.len()..].to_vec())
            .unwrap()
            .lines()
            .count(),
        1
    );
    assert_eq!(items(&path), ["Whole", "Next"]);
}

#[test]
fn an_older_file_is_converted_by_its_first_save_and_says_so() {
    let data = tempfile::TempDir::new().unwrap();
    let path = create(data.path(), "Old file");
    let old = as_format_3(&fs::read_to_string(&path).unwrap());
    fs::write(&path, &old).unwrap();
    // Read as it is…
    cmd(data.path())
        .args(["check", "old file"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        old,
        "reading writes nothing"
    );
    // …and converted by the first save, which says so and keeps the old file.
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    log(data.path(), "old file", "After")
        .assert()
        .success()
        .stdout("WP-001\n")
        .stderr(predicate::str::contains(format!(
            "note: converted {name} to format 4"
        )))
        .stderr(predicate::str::contains(format!(
            "the old file is {name}.bak"
        )));
    let new = fs::read_to_string(&path).unwrap();
    assert!(new.contains("\n    format_version: 4,\n    generation: 1,\n    covers: 1,\n"));
    assert_eq!(
        fs::read_to_string(format!("{}.bak", path.display())).unwrap(),
        old
    );
    assert_eq!(items(&path), ["After"]);
    // The next save adds a line and says nothing more.
    log(data.path(), "old file", "Later")
        .assert()
        .success()
        .stderr("");
    assert!(fs::read_to_string(&path).unwrap().starts_with(&new));
}

#[test]
fn enough_ops_after_the_snapshot_make_the_next_save_write_a_new_one() {
    let (_data, path) = common::session_file("Compacted");
    let mut doc = common::fill_to_a_new_snapshot(&path);
    assert_eq!(doc.log.unwrap().after_snapshot, COMPACT_AFTER);
    assert_eq!(doc.generation, 0);
    let last = add("Last");
    doc.session.apply(last.clone()).unwrap();
    let committed = doc.commit(&[last]).unwrap();
    let log = committed.loaded.log.unwrap();
    assert_eq!((log.after_snapshot, log.ops), (0, COMPACT_AFTER + 1));
    assert_eq!(committed.loaded.generation, 1);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(&format!("    covers: {},\n", COMPACT_AFTER + 1)));
    // The snapshot holds the changes, and the history is all there after it.
    assert!(text.contains("item: \"Last\""));
    let back = Loaded::load(&path).unwrap();
    assert_eq!(back.session, committed.loaded.session);
    assert!(back.session.problems().is_empty());
    assert_eq!(back.session.history().len(), COMPACT_AFTER + 1);
}

#[test]
fn a_reader_takes_in_only_what_another_writer_added() {
    let (_data, path) = common::session_file("Readers");
    // The reader's last op is how it knows the lines added go on from its own.
    common::saved_by(&path, "bob", add("Earlier").kind);
    let mut reader = Loaded::load(&path).unwrap();
    assert!(
        reader.read_appended().unwrap().is_none(),
        "nothing added yet"
    );
    common::saved_by(&path, "bob", add("By Bob").kind);
    let appended = reader.read_appended().unwrap().expect("only added to");
    assert_eq!(appended.ops.len(), 1);
    assert_eq!(appended.ops[0].author, "bob");
    reader.take_appended(appended).unwrap();
    assert_eq!(reader.session, Loaded::load(&path).unwrap().session);
    // Rewritten since (a new snapshot): it must be read whole.
    Loaded::load(&path).unwrap().compact().unwrap();
    common::saved_by(&path, "bob", add("Again").kind);
    assert!(reader.read_appended().unwrap().is_none());
}

#[test]
fn an_edit_in_place_that_keeps_the_length_is_read_whole() {
    let (_data, path) = common::session_file("In place");
    let reader = Loaded::load(&path).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    let edited = text.replacen("status: Todo", "status: Done", 1);
    assert_eq!(edited.len(), text.len());
    fs::write(&path, edited).unwrap();
    assert!(reader.read_appended().unwrap().is_none());
}

#[test]
fn a_history_line_that_does_not_read_is_named_by_its_line() {
    let (_data, path) = common::session_file("Bad line");
    let mut doc = Loaded::load(&path).unwrap();
    doc.apply_and_commit(add("Fine")).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    let lines = text.lines().count();
    fs::write(&path, format!("{text}(id:\"nonsense\")\n")).unwrap();
    match Loaded::load(&path) {
        Err(StoreError::Parse { line, .. }) => assert_eq!(line, lines + 1),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn an_open_app_shows_another_writers_op_from_the_added_line_alone() {
    let mut f = fx();
    let path = f.app.doc.path.clone();
    // The app's last op is how it knows the added lines go on from its own (taken in
    // before the file is touched again).
    common::saved_by(&path, "bob", add("Earlier").kind);
    f.wait_until("the first op to show", |app| {
        app.doc.session.changes().len() == 1
    });
    // Spoil the snapshot where a whole read would fail, keeping its length: only a
    // reader of the added lines can take in what comes next.
    let text = fs::read_to_string(&path).unwrap();
    let spoiled = text.replacen("title: \"", "title: !", 1);
    assert_eq!(spoiled.len(), text.len());
    let line = cmo_promote::store::op_lines(&[add("From the log")], &path).unwrap();
    fs::write(&path, format!("{spoiled}{line}")).unwrap();
    f.wait_until("the added op to show", |app| {
        app.doc.session.changes().len() == 2
    });
    assert_eq!(f.app.doc.session.changes()[1].fields.item, "From the log");
    assert_eq!(
        f.app.doc.log.unwrap().end,
        fs::metadata(&path).unwrap().len()
    );
}

#[test]
fn an_open_app_takes_in_another_writers_new_snapshot_from_the_lines_after_its_own() {
    let mut f = fx();
    let path = f.app.doc.path.clone();
    // The app's last op is how it knows the file written anew goes on from its own.
    f.add_change("Forms", "From the app first");
    f.app.flush_while(|| true).unwrap();
    // Another writer adds a change and writes the file anew (made on a copy, then put
    // in place at once, as a rewrite is).
    let (_elsewhere, copy, other) = common::written_anew_elsewhere(&path, add("By Bob"));
    assert!(other.generation > f.app.doc.generation);
    // Its snapshot spoilt where a whole read would fail: only a reader of the lines
    // after its own ops can take the change in.
    let text = fs::read_to_string(&copy).unwrap();
    let spoiled = text.replacen("title: \"", "title: !\"", 1);
    assert_ne!(spoiled, text);
    let staged = path.with_extension("staged");
    fs::write(&staged, &spoiled).unwrap();
    fs::rename(&staged, &path).unwrap();
    assert!(Loaded::load_text(&path).is_err(), "a whole read fails");
    f.wait_until("the other writer's change to show", |app| {
        app.doc.session.changes().len() == 2
    });
    assert_eq!(f.app.doc.session.changes()[1].fields.item, "By Bob");
    assert_eq!(f.app.doc.generation, other.generation);
    assert_eq!(f.app.doc.log.unwrap().end, spoiled.len() as u64);
    assert!(f.app.read_only.is_none(), "{:?}", f.app.read_only);
    // The app's next edit goes at the end of the file written anew.
    f.add_change("Forms", "From the app");
    f.app.flush_while(|| true).unwrap();
    let now = fs::read_to_string(&path).unwrap();
    assert!(now.starts_with(&spoiled));
    assert!(now[spoiled.len()..].contains("From the app"));
}

#[test]
fn twenty_edits_in_a_row_from_an_open_app_all_land_in_order_at_the_end_of_the_file() {
    let mut f = fx();
    let path = f.app.doc.path.clone();
    let before = fs::read(&path).unwrap();
    for i in 0..20 {
        let kind = OpKind::SetStepNotes {
            step: 1,
            notes: format!("note {i}"),
            was: None,
        };
        assert!(f.app.commit(kind));
    }
    f.app.flush().unwrap();
    f.wait_until("every edit saved", |app| app.pending.is_empty());
    let after = fs::read(&path).unwrap();
    assert!(after.starts_with(&before), "the file was rewritten");
    let on_disk = Loaded::load(&path).unwrap();
    assert_eq!(on_disk.session, f.app.doc.session);
    let notes: Vec<String> = on_disk
        .session
        .history()
        .iter()
        .filter_map(|op| match &op.kind {
            OpKind::SetStepNotes { notes, .. } => Some(notes.clone()),
            _ => None,
        })
        .collect();
    let wanted: Vec<String> = (0..20).map(|i| format!("note {i}")).collect();
    assert_eq!(notes, wanted);
    assert_eq!(f.app.doc.log.unwrap().end, after.len() as u64);
}

#[test]
fn a_session_file_removed_while_open_is_written_again_by_the_next_edit() {
    let mut f = fx();
    let path = f.app.doc.path.clone();
    fs::remove_file(&path).unwrap();
    assert!(f.app.commit(OpKind::SetStepNotes {
        step: 2,
        notes: "still here".into(),
        was: None,
    }));
    f.app.flush().unwrap();
    f.wait_until("the edit saved", |app| app.pending.is_empty());
    let back = Loaded::load(&path).unwrap();
    assert_eq!(back.session.steps()[1].notes, "still here");
    assert_eq!(back.session, f.app.doc.session);
}

#[test]
fn an_open_app_due_a_new_snapshot_writes_it_from_its_own_session() {
    let mut f = fx();
    let path = f.app.doc.path.clone();
    // Another writer fills the log up to where a save writes a new snapshot.
    common::fill_to_a_new_snapshot(&path);
    f.wait_until("the other writer's ops taken in", |app| {
        app.doc.session.changes().len() == COMPACT_AFTER
    });
    let generation = f.app.doc.generation;
    assert!(f.app.commit(OpKind::SetStepNotes {
        step: 1,
        notes: "after many".into(),
        was: None,
    }));
    f.app.flush().unwrap();
    f.wait_until("the edit saved", |app| app.pending.is_empty());
    let back = Loaded::load(&path).unwrap();
    assert_eq!(
        back.generation,
        generation + 1,
        "a new snapshot was written"
    );
    assert_eq!(back.log.unwrap().after_snapshot, 0);
    assert_eq!(back.session.steps()[0].notes, "after many");
    assert_eq!(back.session, f.app.doc.session);
    assert_eq!(f.app.doc.generation, back.generation);
}

/// The file is overwritten in place (same inode, same rewrite count) by a copy that
/// went another way after the app's op, its lines falling where the app's did: the
/// lines after where the app read to are not the app's to take. It reads the file
/// whole and shows what the file holds.
#[test]
fn an_open_app_reads_whole_a_file_overwritten_by_a_copy_that_went_another_way() {
    let mut f = fx();
    let path = f.app.doc.path.clone();
    let before = fs::read(&path).unwrap();
    let note = |text: &str| OpKind::SetStepNotes {
        step: 1,
        notes: text.into(),
        was: None,
    };
    assert!(f.app.commit(note("mine 1")));
    f.app.flush_while(|| true).unwrap();
    // Elsewhere, from the file as it was: an op as long as the app's, then one more.
    let mine = f.app.doc.session.history().last().unwrap().clone();
    let text = common::went_another_way(&before, &mine, f.app.doc.log.unwrap().end);
    fs::write(&path, &text).unwrap();
    f.wait_until("the app to show what the file holds", |app| {
        app.doc.session.steps()[0].notes == "bobs 1"
    });
    assert_eq!(f.app.doc.session, Loaded::load(&path).unwrap().session);
}
