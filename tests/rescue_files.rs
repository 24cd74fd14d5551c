//! Rescue files appear whole or not at all: a disk that fills up while one is written
//! leaves nothing behind, not an empty or cut-short file that `recover` would refuse.

mod common;

use cmo_promote::model::{Op, OpId, OpKind};
use cmo_promote::store::write_rescue;
use std::fs;
use std::path::Path;
use uuid::Uuid;

/// Set in the child process this test starts with a tiny file size limit.
const CHILD_DIR: &str = "CMO_PROMOTE_RESCUE_TEST_DIR";

fn ops(n: u128) -> Vec<Op> {
    (0..n)
        .map(|i| {
            let notes = format!("a note long enough to fill a small disk {i}");
            let kind = OpKind::SetStepNotes {
                step: 1,
                notes,
                was: None,
            };
            Op::new(OpId(Uuid::from_u128(i)), "ann", common::t0(), kind)
        })
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_rescue_file_is_whole_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("q3.ron");
    let rescue = write_rescue(&session, &ops(40)).unwrap();
    let back: Vec<Op> = ron::from_str(&fs::read_to_string(&rescue).unwrap()).unwrap();
    assert_eq!(back, ops(40));
    assert_eq!(names_in(dir.path()).len(), 1, "{:?}", names_in(dir.path()));
}

#[cfg(unix)]
#[test]
fn a_rescue_that_does_not_fit_on_the_disk_leaves_no_file_behind() {
    if let Ok(dir) = std::env::var(CHILD_DIR) {
        // The child: no file may grow past 1 KB here, as on a full disk.
        let result = write_rescue(&Path::new(&dir).join("q3.ron"), &ops(200));
        assert!(result.is_err(), "{result:?}");
        return;
    }
    let beside = tempfile::tempdir().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let child = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1 && exec \"$0\" \"$@\"")
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_rescue_that_does_not_fit_on_the_disk_leaves_no_file_behind",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, beside.path())
        .env("TMPDIR", temp.path())
        .output()
        .unwrap();
    assert!(
        child.status.success(),
        "the child could not run the rescue: {}",
        String::from_utf8_lossy(&child.stdout)
    );
    assert_eq!(
        names_in(beside.path()),
        Vec::<String>::new(),
        "beside the session"
    );
    assert_eq!(
        names_in(temp.path()),
        Vec::<String>::new(),
        "in the temp folder"
    );
}
