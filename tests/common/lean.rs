//! Sessions and ops for the tests of writes through the lean copy: a sample session in
//! a fresh folder (with its lean copy made, or not), ops made now, and the commands run
//! on it.

use cmo_promote::model::{
    ChangeFields, ChangeId, Op, OpKind, ResultStatus, RoundId, ScriptId, Session,
};
use cmo_promote::sample::{Size, on_builtin};
use cmo_promote::store::{Loaded, Quick, Store, Writing};
use std::path::{Path, PathBuf};

/// A session of 30 changes, 8 scripts and 2 rounds in a fresh folder, and the session
/// as the file holds it.
pub fn sample_file() -> (tempfile::TempDir, PathBuf, Session) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().to_path_buf());
    let size = Size {
        changes: 30,
        scripts: 8,
        rounds: 2,
        seed: 3,
    };
    let s = on_builtin("Quick", size).unwrap();
    let path = store.create(&s).unwrap();
    let held = Loaded::load_text(&path).unwrap().session;
    (dir, path, held)
}

pub fn op(who: &str, kind: OpKind) -> Op {
    Op::fresh(who, super::t0(), kind)
}

pub fn add(item: &str, depends_on: Vec<ChangeId>) -> Op {
    op(
        "ann",
        OpKind::AddChange {
            fields: Box::new(ChangeFields {
                area: "Forms".into(),
                item: item.into(),
                description: "Made it required".into(),
                depends_on,
                ..ChangeFields::default()
            }),
        },
    )
}

pub fn record(round: RoundId, script: ScriptId, status: ResultStatus) -> Op {
    op(
        "tess",
        OpKind::RecordResult {
            round,
            script,
            status,
            comment: "as seen".into(),
        },
    )
}

/// The numbers of the changes `op` depends on, as `log` reads them from its names.
pub fn numbers(session: &Session, op: &Op) -> Vec<u32> {
    match &op.kind {
        OpKind::AddChange { fields } => fields
            .depends_on
            .iter()
            .filter_map(|id| session.change(*id).map(|c| c.number))
            .collect(),
        _ => Vec::new(),
    }
}

pub fn quick(path: &Path, numbers: &[u32]) -> Option<Quick> {
    Quick::open(path, numbers).expect("opens")
}

/// A session with its lean copy made (by a first write of the whole session).
pub fn primed_file() -> (tempfile::TempDir, PathBuf, Session) {
    let (dir, path, mut whole) = sample_file();
    let first = add("Primer", Vec::new());
    whole.apply(first.clone()).unwrap();
    Writing::open(&path, &[])
        .unwrap()
        .apply_and_commit(first)
        .unwrap();
    (dir, path, whole)
}
