//! Adversarial session files: random and systematic damage to real session files. The
//! loader and `check` never panic, every parse error says where (a line and column
//! inside the file), a writer never writes to a file it refuses, and whatever a writer
//! accepts and saves still passes `check`.

mod common;

use cmo_promote::model::{ChangeFields, Op, OpId, OpKind};
use cmo_promote::store::{Loaded, Store, StoreError, encode_session};
use common::{Intent, drive, new_session};
use proptest::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use uuid::Uuid;

fn intent() -> impl Strategy<Value = Intent> {
    common::intents_from(0..20, "[a-z ]{0,10}", "[a-z\n]{0,6}", -60..10_000)
}

/// One piece of damage; positions are fractions of the file length (so they shrink).
#[derive(Debug, Clone)]
enum Damage {
    Delete {
        at: u16,
        len: u8,
    },
    Insert {
        at: u16,
        what: Vec<u8>,
    },
    /// Sets the digit nearest `at` to `digit` (numbers that still parse, wrong values).
    Digit {
        at: u16,
        digit: u8,
    },
    DuplicateLine {
        at: u16,
    },
    SwapLines {
        a: u16,
        b: u16,
    },
    Truncate {
        at: u16,
    },
}

fn damage() -> impl Strategy<Value = Damage> {
    let snippet = prop_oneof![
        Just(b"\"".to_vec()),
        Just(b"(".to_vec()),
        Just(b")".to_vec()),
        Just(b"[".to_vec()),
        Just(b"],".to_vec()),
        Just(b",".to_vec()),
        Just(b"\n".to_vec()),
        Just(vec![0xff]),
        Just(vec![0xe2, 0x82]),
        Just(b"99999999999999999999".to_vec()),
        Just(b"-1".to_vec()),
        Just(b"Done".to_vec()),
        Just(b"Some(".to_vec()),
        Just(b"/*".to_vec()),
        Just(b"r#\"".to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<u16>(), 1..64u8).prop_map(|(at, len)| Damage::Delete { at, len }),
        (any::<u16>(), snippet).prop_map(|(at, what)| Damage::Insert { at, what }),
        (any::<u16>(), 0..10u8).prop_map(|(at, digit)| Damage::Digit { at, digit }),
        any::<u16>().prop_map(|at| Damage::DuplicateLine { at }),
        (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Damage::SwapLines { a, b }),
        any::<u16>().prop_map(|at| Damage::Truncate { at }),
    ]
}

fn index(at: u16, len: usize) -> usize {
    (usize::from(at) * len) >> 16
}

fn line_bounds(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

fn apply(bytes: &mut Vec<u8>, d: &Damage) {
    let n = bytes.len();
    match d {
        Damage::Delete { at, len } => {
            let from = index(*at, n);
            let to = (from + usize::from(*len)).min(n);
            bytes.drain(from..to);
        }
        Damage::Insert { at, what } => {
            let at = index(*at, n + 1);
            bytes.splice(at..at, what.iter().copied());
        }
        Damage::Digit { at, digit } => {
            let from = index(*at, n);
            if let Some(i) = (from..n)
                .chain(0..from)
                .find(|&i| bytes[i].is_ascii_digit())
            {
                bytes[i] = b'0' + digit;
            }
        }
        Damage::DuplicateLine { at } => {
            let lines = line_bounds(bytes);
            if let Some(&(s, e)) = lines.get(index(*at, lines.len())) {
                let line = bytes[s..e].to_vec();
                bytes.splice(e..e, line);
            }
        }
        Damage::SwapLines { a, b } => {
            let lines = line_bounds(bytes);
            let (a, b) = (index(*a, lines.len()), index(*b, lines.len()));
            let (a, b) = (a.min(b), a.max(b));
            if a != b {
                let (la, lb) = (lines[a], lines[b]);
                let mut out = bytes[..la.0].to_vec();
                out.extend_from_slice(&bytes[lb.0..lb.1]);
                out.extend_from_slice(&bytes[la.1..lb.0]);
                out.extend_from_slice(&bytes[la.0..la.1]);
                out.extend_from_slice(&bytes[lb.1..]);
                *bytes = out;
            }
        }
        Damage::Truncate { at } => bytes.truncate(index(*at, n)),
    }
}

fn one_more_change() -> Op {
    let fields = ChangeFields {
        area: "Forms".into(),
        item: "after the damage".into(),
        ..Default::default()
    };
    Op::new(
        OpId(Uuid::from_u128(u128::MAX)),
        "writer",
        common::t0(),
        OpKind::AddChange {
            fields: Box::new(fields),
        },
    )
}

fn backup(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.bak", path.display()))
}

/// Loads and checks a damaged file as `check` does, then tries to write to it as the
/// write commands do. Returns what went wrong, if anything did that must not.
fn try_damaged(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| e.to_string())?;
    let lines = 1 + bytes.iter().filter(|&&b| b == b'\n').count();
    match Loaded::load(path) {
        Err(StoreError::Parse { line, col, .. }) => {
            if line < 1 || line > lines || col < 1 {
                return Err(format!(
                    "position {line}:{col} outside the file ({lines} lines)"
                ));
            }
        }
        Err(
            StoreError::NoVersion { .. }
            | StoreError::NewerFormat { .. }
            | StoreError::UnknownFormat { .. },
        ) => {}
        // The history lines do not fit the snapshot (too few, or one does not apply),
        // or the line that says how many it covers was moved away.
        Err(StoreError::Invalid { reason, .. })
            if reason.contains("of its history")
                || reason.contains("does not apply")
                || reason.contains("no `covers` field") => {}
        Err(e) => return Err(format!("unexpected error: {e}")),
        Ok(doc) => {
            let _ = doc.session.problems();
        }
    }
    match Loaded::load_for_writing(path) {
        Err(_) => {
            if fs::read(path).map_err(|e| e.to_string())? != bytes || backup(path).exists() {
                return Err("a refused file was written".into());
            }
        }
        Ok(mut doc) => {
            // Accepted: the save must leave a file that still passes `check`.
            let _ = doc.apply_and_commit(one_more_change());
            let saved = Loaded::load(path).map_err(|e| format!("saved file: {e}"))?;
            let problems = saved.session.problems();
            if !problems.is_empty() {
                return Err(format!("a save made the session fail check: {problems:?}"));
            }
            let _ = fs::remove_file(backup(path));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_are_refused_in_words_and_never_written(
        intents in proptest::collection::vec(intent(), 0..40),
        damage in proptest::collection::vec(damage(), 1..4),
    ) {
        let (_, mut session) = new_session("Damaged");
        drive(&mut session, &intents);
        let mut bytes = encode_session(&session, Path::new("x.ron")).unwrap().into_bytes();
        for d in &damage {
            apply(&mut bytes, d);
        }
        let dir = tempfile::tempdir().unwrap();
        try_damaged(&dir.path().join("s.ron"), &bytes).map_err(TestCaseError::fail)?;
    }
}

/// A session with some of everything, saved through the store.
fn sample_file() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let intents = proptest::collection::vec(intent(), 60)
        .new_tree(&mut runner)
        .unwrap()
        .current();
    let (_, mut session) = new_session("Every line");
    drive(&mut session, &intents);
    let dir = tempfile::tempdir().unwrap();
    let path = Store::open(dir.path().to_path_buf())
        .create(&session)
        .unwrap();
    let bytes = fs::read(&path).unwrap();
    (dir, path, bytes)
}

#[test]
fn deleting_or_repeating_any_one_line_is_caught_before_a_write() {
    let (_dir, path, original) = sample_file();
    let lines = line_bounds(&original);
    let mut refused = 0;
    for &(s, e) in &lines {
        for damaged in [
            [&original[..s], &original[e..]].concat(),
            [&original[..e], &original[s..e], &original[e..]].concat(),
        ] {
            fs::write(&path, &damaged).unwrap();
            match Loaded::load_for_writing(&path) {
                Ok(doc) => assert!(doc.session.problems().is_empty()),
                Err(StoreError::Parse { line, .. }) => {
                    assert!(line <= lines.len() + 1);
                    refused += 1;
                }
                Err(_) => refused += 1,
            }
            assert!(fs::read(&path).unwrap() == damaged, "loading never writes");
        }
    }
    assert!(
        refused > lines.len(),
        "most damage is refused: {refused} of {}",
        2 * lines.len()
    );
}
