//! The cache read and written against real session files.

use super::*;
use crate::model::{OpKind, SessionMeta};
use crate::sample::{Size, session};
use crate::store::{Loaded, Store, builtin_template, decode_session};
use std::fs::OpenOptions;
use std::io::{Seek, SeekFrom, Write};

/// A generated session of `changes` changes and its file (cached as it is created).
fn file(changes: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let meta = SessionMeta {
        id: uuid::Uuid::from_u128(7),
        title: "Cached".into(),
        created_at: chrono::Utc::now(),
        created_by: "lead".into(),
    };
    let s = session(
        &builtin_template().unwrap(),
        meta,
        Size::realistic(changes, 3),
    )
    .unwrap();
    let path = Store::open(dir.path().to_path_buf()).create(&s).unwrap();
    (dir, path)
}

fn hit(path: &Path) -> Option<Hit> {
    let mut f = File::open(path).unwrap();
    let len = f.metadata().unwrap().len();
    read_cached(path, &mut f, len, REFRESH_AFTER)
}

/// The session as the file's text alone says it is.
fn whole(path: &Path) -> Session {
    decode_session(&fs::read_to_string(path).unwrap(), path).unwrap()
}

fn note(text: &str) -> Op {
    Op::fresh(
        "bob",
        chrono::Utc::now(),
        OpKind::SetStepNotes {
            step: 1,
            notes: text.into(),
            was: None,
        },
    )
}

#[test]
fn a_cached_session_is_the_one_the_file_says_with_the_ops_added_after_it() {
    let (_dir, path) = file(40);
    let cached = hit(&path).expect("the cache is used");
    assert_eq!(cached.session, whole(&path));
    assert!(cached.checked && cached.refresh.is_none());
    // Another writer adds ops: the cache still serves, and the lines are read.
    let mut doc = Loaded::load(&path).unwrap();
    doc.apply_and_commit(note("from bob")).unwrap();
    let cached = hit(&path).expect("still used");
    assert_eq!(cached.session, whole(&path));
    assert_eq!(cached.session.steps()[0].notes, "from bob");
    assert_eq!(
        cached.head.log.unwrap().end,
        fs::metadata(&path).unwrap().len()
    );
}

#[test]
fn a_file_changed_in_place_is_read_from_its_text_not_its_cache() {
    let (_dir, path) = file(10);
    let text = fs::read_to_string(&path).unwrap();
    let at = text.find("title: \"Cached\"").unwrap() + "title: \"".len();
    let mut f = OpenOptions::new().write(true).open(&path).unwrap();
    f.seek(SeekFrom::Start(at as u64)).unwrap();
    f.write_all(b"K").unwrap();
    drop(f);
    assert!(hit(&path).is_none());
    assert_eq!(Loaded::load(&path).unwrap().session.title(), "Kached");
    // Which wrote a cache of what the file says now.
    assert_eq!(hit(&path).unwrap().session.title(), "Kached");
}

#[test]
fn a_cache_cut_short_or_spoilt_is_not_used_and_is_replaced() {
    let (_dir, path) = file(10);
    let cache = cache_path(&path);
    let good = fs::read(&cache).unwrap();
    fs::write(&cache, &good[..good.len() - 1]).unwrap();
    assert!(hit(&path).is_none(), "cut short");
    let mut spoilt = good.clone();
    let last = spoilt.len() - 1;
    spoilt[last] ^= 0xff;
    fs::write(&cache, &spoilt).unwrap();
    assert!(hit(&path).is_none(), "a byte changed");
    fs::write(&cache, b"not a cache").unwrap();
    let loaded = Loaded::load(&path).unwrap();
    assert_eq!(loaded.session, whole(&path));
    assert!(hit(&path).is_some(), "a new cache was written");
}

#[test]
fn a_line_cut_short_after_the_cache_is_left_out() {
    let (_dir, path) = file(10);
    let before = whole(&path);
    let mut f = OpenOptions::new().append(true).open(&path).unwrap();
    f.write_all(b"(id:\"0000").unwrap();
    drop(f);
    let cached = hit(&path).unwrap();
    assert_eq!(cached.session, before);
}

#[test]
fn enough_ops_after_the_cache_make_reading_write_a_new_one() {
    let (_dir, path) = file(10);
    let mut doc = Loaded::load(&path).unwrap();
    let ops: Vec<Op> = (0..REFRESH_AFTER).map(|i| note(&format!("{i}"))).collect();
    for op in &ops {
        doc.session.apply(op.clone()).unwrap();
    }
    doc.commit(&ops).unwrap();
    let cached = hit(&path).unwrap();
    let refresh = cached.refresh.expect("due for a new cache");
    assert_eq!(refresh.log.end, fs::metadata(&path).unwrap().len());
    Loaded::load(&path).unwrap();
    let again = hit(&path).unwrap();
    assert!(again.refresh.is_none(), "the new cache covers those ops");
    assert_eq!(again.session, whole(&path));
}

fn glance(path: &Path) -> Option<Glance> {
    let mut f = File::open(path).unwrap();
    let len = f.metadata().unwrap().len();
    read_glance(path, &mut f, len)
}

#[test]
fn a_listing_reads_the_glance_in_the_cache_only_while_it_covers_the_whole_file() {
    let (dir, path) = file(20);
    let store = Store::open(dir.path().to_path_buf());
    assert_eq!(glance(&path), Some(whole(&path).glance()));
    let mut doc = Loaded::load(&path).unwrap();
    let add = Op::fresh(
        "bob",
        chrono::Utc::now(),
        OpKind::AddChange {
            fields: Box::new(crate::model::ChangeFields {
                area: "Forms".into(),
                item: "One more".into(),
                ..Default::default()
            }),
        },
    );
    doc.apply_and_commit(add).unwrap();
    assert_eq!(glance(&path), None, "the cache misses the op added");
    let listed = store.list().unwrap();
    let now = listed[0].glance.as_ref().unwrap();
    assert_eq!(now, &whole(&path).glance());
    assert_eq!(now.active_changes, whole(&path).active_changes().count());
    // Listing cached what it read.
    assert_eq!(glance(&path).as_ref(), Some(now));
}

#[cfg(unix)]
#[test]
fn the_cache_may_be_read_by_whoever_may_read_the_session() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = file(10);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    fs::remove_file(cache_path(&path)).unwrap();
    Loaded::load(&path).unwrap();
    let mode = fs::metadata(cache_path(&path))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn the_text_alone_is_read_for_check_whatever_a_cache_says() {
    let (_dir, path) = file(10);
    // A cache that names the file's bytes but holds another session (as a forger
    // would make it): opening believes it, what `check` reads does not.
    let text = fs::read(&path).unwrap();
    let truth = whole(&path);
    let mut other = truth.clone();
    other.apply(note("not in the file")).unwrap();
    let log = Loaded::load(&path).unwrap().log.unwrap();
    write_cache(&path, &other, covering(&text, 0, log, true));
    assert_eq!(Loaded::load(&path).unwrap().session, other);
    assert_eq!(Loaded::load_text(&path).unwrap().session, truth);
}

#[cfg(unix)]
#[test]
fn a_cache_written_by_someone_other_than_the_file_s_owner_or_this_user_is_not_used() {
    use std::os::unix::fs::MetadataExt;
    let (_dir, path) = file(10);
    assert!(hit(&path).is_some());
    let me = fs::metadata(&path).unwrap().uid();
    let stranger = me.wrapping_add(4242);
    // Only a superuser may give a file away; elsewhere there is nothing to test.
    if rustix::fs::chown(
        cache_path(&path),
        Some(rustix::fs::Uid::from_raw(stranger)),
        None,
    )
    .is_err()
    {
        return;
    }
    assert!(hit(&path).is_none(), "a stranger's cache is not used");
    assert!(glance(&path).is_none());
    // The file's owner's cache is: the file given to the stranger too.
    rustix::fs::chown(&path, Some(rustix::fs::Uid::from_raw(stranger)), None).unwrap();
    assert!(hit(&path).is_some());
}

#[test]
fn a_session_is_cached_as_it_is_created_so_its_first_open_reads_no_ron() {
    let (_dir, path) = file(30);
    let cached = hit(&path).expect("cached by create");
    assert!(cached.checked);
    assert_eq!(cached.session, whole(&path));
}

#[test]
fn check_finds_a_lean_copy_that_does_not_agree_with_the_session_and_removes_it() {
    let (_dir, path) = file(10);
    let mut doc = Loaded::load_for_writing(&path).unwrap();
    doc.apply_and_commit(note("First")).unwrap();
    let read = Loaded::load_text(&path).unwrap();
    assert_eq!(lean_agrees(&read), Some(true));
    // A copy made from a session with one more op than the file holds.
    let mut other = read.session.clone();
    other.apply(note("Not in the file")).unwrap();
    write_lean_of(&other, &doc.at());
    assert!(read_lean(&path).is_some_and(|s| s.made.fits(&path)));
    assert_eq!(lean_agrees(&read), Some(false));
    assert!(!lean_path(&path).exists(), "removed");
    assert_eq!(lean_agrees(&read), None);
}

#[test]
fn a_file_written_anew_is_cached_as_it_was_written() {
    let (_dir, path) = file(120);
    let mut doc = Loaded::load(&path).unwrap();
    doc.apply_and_commit(note("before the rewrite")).unwrap();
    let _ = fs::remove_file(cache_path(&path));
    // A new snapshot (as compaction writes), its text hashed as it goes to the file.
    doc.compact().unwrap();
    let cached = hit(&path).expect("the new cache fits the file just written");
    assert_eq!(cached.session, whole(&path));
    assert_eq!(cached.session, doc.session);
    assert_eq!(
        cached.head.log.map(|l| (l.end, l.after_snapshot)),
        Some((fs::metadata(&path).unwrap().len(), 0))
    );
}
