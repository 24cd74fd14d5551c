//! An open app's save that meets another writer's ops (they saved first, and the app
//! had not taken them in yet) reads only those ops: the lines after the ones it knew,
//! at the file's end or in a file the other writer wrote anew. The file is never read
//! whole beside the app's session for it. These files have their snapshot spoilt, so a
//! whole read would fail: only a save that reads the lines alone gets through.

mod common;

use cmo_promote::app::{App, Saver};
use cmo_promote::clock::FixedClock;
use cmo_promote::model::{Op, OpId, OpKind, Session};
use cmo_promote::store::{COMPACT_AFTER, FileAt, Loaded, Stamp, save_ops};
use std::fs;
use std::path::Path;
use std::sync::Arc;

fn add(item: &str) -> Op {
    common::change_logged("bob", item)
}

fn note(text: &str) -> OpKind {
    OpKind::SetStepNotes {
        step: 1,
        notes: text.into(),
        was: None,
    }
}

/// An app on the session file at `path` whose saves are made as each edit is (no
/// thread): an edit right after another writer's save always meets it.
fn app_saving_inline(path: &Path) -> App {
    let loaded = Loaded::load(path).unwrap();
    let saver = Saver::inline(&loaded);
    let clock = Arc::new(FixedClock::new(common::t0()));
    App::new(loaded, "ann", clock, Some(saver))
}

/// Makes an edit in `app` and takes in its save (made as the edit is), which must
/// not have failed.
fn edit_saved(app: &mut App, kind: OpKind) {
    assert!(app.commit(kind));
    app.poll_saver();
    assert_eq!(app.save.error, None);
}

/// A file with one op in it (the app's last op is how it knows lines added after it,
/// or a file written anew, go on from its own) and an app on it.
fn app_after_one_op(title: &str) -> (tempfile::TempDir, std::path::PathBuf, App) {
    let (data, path) = common::session_file(title);
    common::saved_by(&path, "bob", add("Earlier").kind);
    let app = app_saving_inline(&path);
    (data, path, app)
}

const SOUND: &str = "title: \"";
const SPOILT: &str = "title:!\"";

/// Spoils the snapshot of the file at `path` where a whole read fails, keeping its
/// length (the op lines stay where they were).
fn spoil(path: &Path) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, text.replacen(SOUND, SPOILT, 1)).unwrap();
    assert!(Loaded::load(path).is_err(), "a whole read fails");
}

/// The session in the file at `path` once its snapshot is mended.
fn mended(path: &Path) -> Session {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains(SPOILT),
        "the spoilt snapshot was not rewritten"
    );
    fs::write(path, text.replacen(SPOILT, SOUND, 1)).unwrap();
    Loaded::load(path).unwrap().session
}

fn items(session: &Session) -> Vec<&str> {
    session
        .changes()
        .iter()
        .map(|c| c.fields.item.as_str())
        .collect()
}

fn notes(session: &Session) -> Vec<String> {
    session
        .history()
        .iter()
        .filter_map(|op| match &op.kind {
            OpKind::SetStepNotes { notes, .. } => Some(notes.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_edit_saved_after_another_writers_op_reads_only_that_op() {
    let (_data, path, mut app) = app_after_one_op("Lines");
    common::saved_by(&path, "bob", add("By Bob").kind);
    spoil(&path);
    edit_saved(&mut app, note("ann's note"));
    assert!(!app.has_unsaved());
    assert_eq!(items(&app.doc.session), ["Earlier", "By Bob"]);
    assert_eq!(notes(&app.doc.session), ["ann's note"]);
    assert_eq!(app.doc.log.unwrap().end, fs::metadata(&path).unwrap().len());
    assert_eq!(mended(&path), app.doc.session);
}

#[test]
fn an_edit_saved_after_another_writers_new_snapshot_reads_only_the_ops_after_its_own() {
    let (_data, path, mut app) = app_after_one_op("Rewritten");
    // Bob adds a change and writes the file anew (on a copy, put in place at once).
    let (_elsewhere, copy, other) = common::written_anew_elsewhere(&path, add("By Bob"));
    spoil(&copy);
    fs::rename(&copy, &path).unwrap();
    edit_saved(&mut app, note("ann's note"));
    assert_eq!(items(&app.doc.session), ["Earlier", "By Bob"]);
    assert_eq!(notes(&app.doc.session), ["ann's note"]);
    assert_eq!(app.doc.generation, other.generation);
    assert_eq!(mended(&path), app.doc.session);
}

/// Ann's second edit is saved before her app has heard that the first was: it goes on
/// from where her own save left the file, with bob's op after it.
#[test]
fn two_edits_with_another_writers_op_between_them_land_in_the_order_saved() {
    let (_data, path) = common::session_file("Between");
    let mut app = app_saving_inline(&path);
    assert!(app.commit(note("first")));
    common::saved_by(&path, "bob", add("By Bob").kind);
    spoil(&path);
    edit_saved(&mut app, note("second"));
    assert!(!app.has_unsaved());
    let history: Vec<String> = app
        .doc
        .session
        .history()
        .iter()
        .map(|op| op.author.to_string())
        .collect();
    assert_eq!(history, ["ann", "bob", "ann"]);
    assert_eq!(notes(&app.doc.session), ["first", "second"]);
    assert_eq!(mended(&path), app.doc.session);
}

/// Bob's edit clashes with ann's (the same step: he completed it first, she skips
/// it): hers comes back as a conflict, as it would from a whole read, and his stays in
/// the file.
#[test]
fn an_edit_that_clashes_with_another_writers_op_read_apart_comes_back_as_a_conflict() {
    let (_data, path, mut app) = app_after_one_op("Clash");
    common::saved_by(&path, "bob", OpKind::CompleteStep { step: 1 });
    spoil(&path);
    edit_saved(
        &mut app,
        OpKind::SkipStep {
            step: 1,
            reason: "done by the vendor".into(),
        },
    );
    assert_eq!(app.conflicts.len(), 1, "{:?}", app.conflicts);
    assert!(matches!(app.conflicts[0].op.kind, OpKind::SkipStep { .. }));
    let on_disk = mended(&path);
    assert_eq!(on_disk, app.doc.session);
    assert_eq!(on_disk.history().len(), 2, "only bob's ops are in the file");
}

/// A session that is not the one the file was read to (it holds another number of
/// ops, though its last is the file's last) is not built on: the file is read whole
/// instead, and the save is as right.
#[test]
fn a_session_that_does_not_match_the_file_is_not_built_on() {
    let (_data, path) = common::session_file("Mismatch");
    let mut wrong = Loaded::load(&path).unwrap().session;
    wrong.apply(add("Not in the file")).unwrap();
    let earlier = add("Earlier");
    Loaded::load(&path)
        .unwrap()
        .apply_and_commit(earlier.clone())
        .unwrap();
    wrong.apply(earlier).unwrap();
    let at = Loaded::load(&path).unwrap().at();
    common::saved_by(&path, "bob", add("By Bob").kind);
    let mine = Op::new(OpId::new_random(), "ann", common::t0(), note("ann's note"));
    let saved = save_ops(&at, Some(wrong), &[mine]).unwrap();
    assert!(saved.rebased);
    let session = saved.session.expect("the session now on disk");
    assert_eq!(items(&session), ["Earlier", "By Bob"]);
    assert_eq!(notes(&session), ["ann's note"]);
    assert_eq!(session, Loaded::load(&path).unwrap().session);
}

/// An app due a new snapshot (enough ops after its own) whose edit is saved after
/// another writer's op (whose save wrote the new snapshot): the session handed over
/// whole goes with the session as on file, so only the ops after the app's are read.
#[test]
fn an_edit_due_a_new_snapshot_saved_after_another_writers_op_reads_only_that_op() {
    let (_data, path) = common::session_file("Due then bob");
    common::fill_to_a_new_snapshot(&path);
    let mut app = app_saving_inline(&path);
    common::saved_by(&path, "bob", add("By Bob").kind);
    spoil(&path);
    edit_saved(&mut app, note("ann's note"));
    assert_eq!(notes(&app.doc.session), ["ann's note"]);
    assert_eq!(
        app.doc.generation, 1,
        "on the new snapshot bob's save wrote"
    );
    assert_eq!(mended(&path), app.doc.session);
}

/// With a new snapshot due and the file as the app last saw it, the save writes it
/// from the session it was given and the ops, without reading the file (whose
/// snapshot is spoilt, as the app last saw it).
#[test]
fn a_new_snapshot_due_is_written_from_the_session_given() {
    let (_data, path) = common::session_file("Due");
    let doc = common::fill_to_a_new_snapshot(&path);
    assert!(doc.log.unwrap().snapshot_due());
    spoil(&path);
    let at = FileAt {
        stamp: Stamp::of_path(&path).unwrap(),
        ..doc.at()
    };
    let mine = Op::new(OpId::new_random(), "ann", common::t0(), note("ann's note"));
    let saved = save_ops(&at, Some(doc.session.clone()), &[mine]).unwrap();
    assert!(!saved.rebased);
    assert_eq!(saved.at.generation, doc.generation + 1);
    assert_eq!(saved.at.log.unwrap().after_snapshot, 0);
    let session = saved.session.expect("the session written");
    assert_eq!(notes(&session), ["ann's note"]);
    assert_eq!(session.changes().len(), COMPACT_AFTER);
    assert_eq!(session, Loaded::load(&path).unwrap().session);
}

/// An app on a session of no ops yet, whose file is replaced by another session's
/// (written anew, so its rewrite count is higher): nothing shows the file goes on from
/// the app's, so it is read whole, and the edit lands on the session now there.
#[test]
fn a_file_replaced_by_another_session_is_read_whole_by_a_save_of_no_ops_known() {
    let (_data, path) = common::session_file("Session A");
    let mut app = app_saving_inline(&path);
    assert!(app.doc.session.history().is_empty());
    let (_other_data, other) = common::session_file("Session B");
    let mut b = Loaded::load(&other).unwrap();
    b.apply_and_commit(add("In B")).unwrap();
    let b = b.compact().unwrap().loaded;
    assert!(b.generation > app.doc.generation);
    fs::rename(&other, &path).unwrap();
    edit_saved(&mut app, note("ann's note"));
    let on_disk = Loaded::load(&path).unwrap().session;
    assert_eq!(on_disk.title(), "Session B");
    assert_eq!(items(&on_disk), ["In B"]);
    assert_eq!(notes(&on_disk), ["ann's note"]);
    assert_eq!(app.doc.session, on_disk);
}

/// The file is overwritten in place (same inode, same rewrite count) by a copy that
/// went another way after the app's first op: its lines after where the app read to
/// are not the app's to take, even where they start on a line of their own. The save
/// reads the file whole.
#[test]
fn a_file_overwritten_in_place_by_a_copy_that_went_another_way_is_read_whole() {
    let (_data, path) = common::session_file("Diverged");
    let before = fs::read(&path).unwrap();
    let mut app = app_saving_inline(&path);
    assert!(app.commit(note("mine 1")));
    app.poll_saver();
    assert!(!app.has_unsaved());
    // Elsewhere, from the file as it was: an op of the same length as the app's,
    // then one more, so that the app's end of file falls at the start of a line.
    let mine = app.doc.session.history().last().unwrap().clone();
    let text = common::went_another_way(&before, &mine, app.doc.log.unwrap().end);
    fs::write(&path, &text).unwrap();
    edit_saved(&mut app, note("mine 2"));
    let on_disk = Loaded::load(&path).unwrap().session;
    assert_eq!(notes(&on_disk), ["bobs 1", "mine 2"]);
    assert_eq!(items(&on_disk), ["By Bob"]);
    assert_eq!(app.doc.session, on_disk);
}

/// A command's op (read whole, not through the lean copy) saved after another
/// writer's: only that writer's ops are read.
#[test]
fn a_one_off_op_saved_after_another_writers_reads_only_their_ops() {
    let (_data, path) = common::session_file("One-off");
    common::saved_by(&path, "bob", add("Earlier").kind);
    let mut doc = Loaded::load(&path).unwrap();
    common::saved_by(&path, "bob", add("By Bob").kind);
    spoil(&path);
    let mine = Op::new(OpId::new_random(), "ann", common::t0(), note("ann's note"));
    let saved = doc.apply_and_commit(mine).unwrap();
    assert!(saved.rebased);
    assert_eq!(items(&doc.session), ["Earlier", "By Bob"]);
    assert_eq!(notes(&doc.session), ["ann's note"]);
    assert_eq!(mended(&path), doc.session);
}

/// An app on a session of no ops yet, whose file is overwritten in place (same inode,
/// same rewrite count, longer) by another session's of the same length but for its
/// ops: nothing shows the lines go on from the app's, so the file is read whole.
#[test]
fn a_file_of_no_ops_overwritten_in_place_by_another_sessions_is_read_whole() {
    let (_data, path) = common::session_file("Q3 release");
    let mut app = app_saving_inline(&path);
    assert!(app.doc.session.history().is_empty());
    let (_other_data, other) = common::session_file("Q4 release");
    common::saved_by(&other, "bob", add("Theirs").kind);
    fs::write(&path, fs::read(&other).unwrap()).unwrap();
    edit_saved(&mut app, note("ann's note"));
    let on_disk = Loaded::load(&path).unwrap().session;
    assert_eq!(on_disk.title(), "Q4 release");
    assert_eq!(items(&on_disk), ["Theirs"]);
    assert_eq!(app.doc.session, on_disk);
}
