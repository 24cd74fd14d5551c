//! The costs issue 12 targets, on sessions made as `cmo-promote gen` makes them (every
//! kind of op in the history, not only added changes) at 100, 1 000 and 10 000 changes:
//! opening a file to its first frame, `check`, one op written from a shell as `log`,
//! `mark` and `apply` write it (through the lean copy; and `log` after an open app's
//! save, which reads the session whole), one edit saved by an open app (its ops added
//! to the file), another writer's op taken in by an open app (the lines added read),
//! the file read whole, a copy of the session in memory (what handing it to the saver
//! once cost), one key with its frame on each screen, and `list` over 20 sessions.
//! Run with `cargo bench --bench realistic`.

use chrono::{TimeZone, Utc};
use cmo_promote::app::{App, AppEvent, ScreenId};
use cmo_promote::clock::FixedClock;
use cmo_promote::model::{
    ChangeEdit, ChangeFields, EnvKey, Op, OpKind, Outcome, ResultStatus, Session, SessionMeta,
};
use cmo_promote::sample::{Size, session};
use cmo_promote::store::{Loaded, Quick, Store, Writing, builtin_template, save_ops};
use cmo_promote::ui::{Theme, draw};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use std::path::PathBuf;
use std::sync::Arc;

fn main() {
    // As the binary runs (src/heap.rs).
    cmo_promote::heap::tune();
    divan::main();
}

const SIZES: [usize; 3] = [100, 1_000, 10_000];

/// A session file of `changes` changes (a tenth as many scripts, three rounds) in a
/// fresh folder, as `gen` writes it.
fn file_of(changes: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temp folder");
    let store = Store::open(dir.path().to_path_buf());
    let meta = SessionMeta {
        id: uuid::Uuid::from_u128(changes as u128),
        title: format!("Bench {changes}"),
        created_at: Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap(),
        created_by: "lead".into(),
    };
    let size = Size::realistic(changes, 1);
    let s = session(&builtin_template().expect("template"), meta, size).expect("replays");
    let path = store.create(&s).expect("written");
    (dir, path)
}

/// Reading the file and drawing the first frame at 200×50.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn open_to_first_frame(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = file_of(n);
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
    ));
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("a terminal");
    bencher.bench_local(|| {
        let loaded = Loaded::load(&path).expect("loads");
        let mut app = App::new(loaded, "ann", clock.clone(), None);
        app.handle(AppEvent::Resize(200, 50));
        terminal
            .draw(|f| {
                draw(f, &app, Theme::COLOR);
            })
            .expect("draws");
    });
}

/// `check`'s work on a loaded session: a replay of the whole history.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn check(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = file_of(n);
    let s = Loaded::load(&path).expect("loads").session;
    bencher.bench_local(|| s.problems());
}

/// One op written from a shell as `log`, `mark` and `apply` write it: through the
/// session's lean copy, the op added at the file's end. The first write, which makes
/// the copy, is not counted.
fn shell_write(bencher: divan::Bencher, n: usize, kind: impl Fn(&Session) -> OpKind) {
    let (_dir, path) = file_of(n);
    let clock = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let write = |wanted: &[u32], kind: OpKind| {
        let mut doc = Writing::open(&path, wanted).expect("opens");
        doc.apply_and_commit(Op::fresh("bob", clock, kind))
            .expect("saved");
        matches!(doc, Writing::Quick(_))
    };
    let whole = Loaded::load(&path).expect("loads").session;
    let add = OpKind::AddChange {
        fields: Box::new(logged()),
    };
    write(&[], add);
    let kind = kind(&whole);
    let wanted: Vec<u32> = match &kind {
        OpKind::FinishApplication { change, .. } => whole.change(*change).map(|c| c.number),
        _ => None,
    }
    .into_iter()
    .collect();
    assert!(write(&wanted, kind.clone()), "through the lean copy");
    bencher.bench_local(|| write(&wanted, kind.clone()));
}

/// `log`: a change added.
#[divan::bench(args = SIZES, sample_count = 21, sample_size = 1)]
fn log(bencher: divan::Bencher, n: usize) {
    shell_write(bencher, n, |_| OpKind::AddChange {
        fields: Box::new(logged()),
    });
}

/// `mark`: a test result recorded.
#[divan::bench(args = SIZES, sample_count = 21, sample_size = 1)]
fn mark(bencher: divan::Bencher, n: usize) {
    shell_write(bencher, n, |s| OpKind::RecordResult {
        round: s.rounds()[0].id,
        script: s
            .scripts()
            .iter()
            .find(|s| !s.is_removed())
            .expect("a script")
            .id,
        status: ResultStatus::Pass,
        comment: String::new(),
    });
}

/// `apply … done`: a change recorded as applied in Stage 1.
#[divan::bench(args = SIZES, sample_count = 21, sample_size = 1)]
fn apply(bencher: divan::Bencher, n: usize) {
    shell_write(bencher, n, |s| OpKind::FinishApplication {
        change: s
            .changes()
            .iter()
            .find(|c| !c.is_removed() && c.fields.depends_on.is_empty())
            .expect("a change")
            .id,
        env: EnvKey::Stage1,
        outcome: Outcome::Applied,
        note: String::new(),
        replicability: None,
        rating: None,
    });
}

/// The commands themselves, run as a person runs them from a shell (a process
/// started, the config read, the lean copy read, the op written and synced): `args`
/// after the session's path. The first run, which makes the lean copy, is not counted.
fn command(bencher: divan::Bencher, n: usize, args: impl Fn(&Session) -> Vec<String>) {
    let (dir, path) = file_of(n);
    let config = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/defaults-config.ron"
    );
    let args = args(&Loaded::load(&path).expect("loads").session);
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_cmo-promote"))
            .env("CMO_PROMOTE_DATA_DIR", dir.path())
            .env("CMO_PROMOTE_CONFIG", config)
            .arg(&args[0])
            .arg(&path)
            .args(&args[1..])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run();
    bencher.bench_local(run);
}

/// `cmo-promote log` as a command.
#[divan::bench(args = SIZES, sample_count = 21, sample_size = 1)]
fn log_command(bencher: divan::Bencher, n: usize) {
    command(bencher, n, |_| {
        [
            "log",
            "--area",
            "Forms",
            "--item",
            "Intake",
            "--description",
            "Made it required",
        ]
        .map(String::from)
        .to_vec()
    });
}

/// `cmo-promote mark` as a command.
#[divan::bench(args = SIZES, sample_count = 21, sample_size = 1)]
fn mark_command(bencher: divan::Bencher, n: usize) {
    command(bencher, n, |s| {
        let script = s
            .scripts()
            .iter()
            .find(|s| !s.is_removed())
            .expect("a script");
        vec!["mark".into(), script.label(), "pass".into()]
    });
}

/// `cmo-promote apply … done` as a command.
#[divan::bench(args = SIZES, sample_count = 21, sample_size = 1)]
fn apply_command(bencher: divan::Bencher, n: usize) {
    command(bencher, n, |s| {
        let change = s
            .changes()
            .iter()
            .find(|c| !c.is_removed() && c.fields.depends_on.is_empty())
            .expect("a change");
        ["apply", &change.label(), "done", "--env", "stage1"]
            .map(String::from)
            .to_vec()
    });
}

/// `log` just after an open app saved an edit the lean copy does not take (a change's
/// description edited): the copy no longer fits, so the session is read whole (through
/// its cache), and the copy written anew.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn log_after_an_app_saved(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = file_of(n);
    let clock = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let edit = |s: &Session| {
        Op::fresh(
            "bob",
            clock,
            OpKind::EditChange {
                change: s.changes()[0].id,
                edits: vec![ChangeEdit::Description(format!("{}", uuid::Uuid::new_v4()))],
                was: Vec::new(),
            },
        )
    };
    let add = || {
        Op::fresh(
            "bob",
            clock,
            OpKind::AddChange {
                fields: Box::new(logged()),
            },
        )
    };
    bencher
        .with_inputs(|| {
            let app = Loaded::load(&path).expect("loads");
            save_ops(&app.at(), None, &[edit(&app.session)]).expect("the app's save");
        })
        .bench_local_values(|()| {
            let mut doc = Writing::open(&path, &[]).expect("opens");
            assert!(matches!(doc, Writing::Whole(_)));
            doc.apply_and_commit(add()).expect("saved");
        });
}

/// An edit saved by an open app's saver: handed where the file stood and the op (no
/// copy of the session), it adds the op at the file's end.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn save(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = file_of(n);
    let clock = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    bencher
        .with_inputs(|| {
            let mut doc = Loaded::load(&path).expect("loads");
            let op = Op::fresh(
                "ann",
                clock,
                OpKind::AddChange {
                    fields: Box::new(logged()),
                },
            );
            doc.session.apply(op.clone()).expect("applies");
            (doc.at(), op)
        })
        .bench_local_values(|(at, op)| save_ops(&at, None, &[op]).expect("saved"));
}

/// Another writer's op seen by an open session: only the line added is read and
/// applied.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn reload_added(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = file_of(n);
    let clock = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let reader = Loaded::load(&path).expect("loads");
    bencher
        .with_inputs(|| {
            let mut writer = Loaded::load(&path).expect("loads");
            writer
                .apply_and_commit(Op::fresh(
                    "bob",
                    clock,
                    OpKind::AddChange {
                        fields: Box::new(logged()),
                    },
                ))
                .expect("saved");
            reader.clone()
        })
        .bench_local_values(|mut reader| {
            let added = reader.read_appended().expect("reads").expect("added to");
            reader.take_appended(added).expect("applies");
            reader
        });
}

/// The file read whole (opening it, or after another writer rewrote it).
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn reload_whole(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = file_of(n);
    bencher.bench_local(|| Loaded::load(&path).expect("loads"));
}

/// A copy of the loaded session in memory.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn copy(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = file_of(n);
    let doc = Loaded::load(&path).expect("loads");
    bencher.bench_local(|| doc.clone());
}

/// `list`'s work over a folder of 20 sessions of 1,000 changes: each session at a
/// glance, from its cache (written by the first listing, as by any first read).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn list_20_sessions(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("a temp folder");
    let store = Store::open(dir.path().to_path_buf());
    let template = builtin_template().expect("template");
    for n in 0..20u64 {
        let meta = SessionMeta {
            id: uuid::Uuid::from_u128(u128::from(n) + 1),
            title: format!("Listed {n}"),
            created_at: Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap(),
            created_by: "lead".into(),
        };
        let size = Size::realistic(1_000, n);
        let s = session(&template, meta, size).expect("replays");
        store.create(&s).expect("written");
    }
    assert_eq!(store.list().expect("lists").len(), 20);
    bencher.bench_local(|| store.list().expect("lists"));
}

/// One key on a screen and the frame after it, at 200×50: the cursor moved down then
/// up (alternately), the way a person reads down a list.
fn keystroke(bencher: divan::Bencher, n: usize, screen: ScreenId) {
    let (_dir, path) = file_of(n);
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
    ));
    let loaded = Loaded::load(&path).expect("loads");
    let mut app = App::new(loaded, "ann", clock, None);
    app.handle(AppEvent::Resize(200, 50));
    app.show_screen(screen);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("a terminal");
    let mut down = true;
    bencher.bench_local(|| {
        let key = if down { KeyCode::Down } else { KeyCode::Up };
        down = !down;
        app.handle(AppEvent::Key(KeyEvent::new(key, KeyModifiers::NONE)));
        terminal
            .draw(|f| {
                draw(f, &app, Theme::COLOR);
            })
            .expect("draws");
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn key_on_promotion(bencher: divan::Bencher, n: usize) {
    keystroke(bencher, n, ScreenId::Promotion);
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn key_on_tests(bencher: divan::Bencher, n: usize) {
    keystroke(bencher, n, ScreenId::Tests);
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn key_on_outage(bencher: divan::Bencher, n: usize) {
    keystroke(bencher, n, ScreenId::Outage);
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn key_on_history(bencher: divan::Bencher, n: usize) {
    keystroke(bencher, n, ScreenId::History);
}

fn logged() -> ChangeFields {
    ChangeFields {
        area: "Forms".into(),
        item: "Logged".into(),
        ..Default::default()
    }
}

/// The part of `log` that reads: the lean copy opened (under the lock) and the small
/// session made of it.
#[divan::bench(args = SIZES, sample_count = 20)]
fn lean_open(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = file_of(n);
    let clock = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let mut doc = Writing::open(&path, &[]).expect("opens");
    doc.apply_and_commit(Op::fresh(
        "bob",
        clock,
        OpKind::AddChange {
            fields: Box::new(logged()),
        },
    ))
    .expect("saved");
    drop(doc);
    bencher.bench_local(|| {
        let quick = Quick::open(&path, &[3]).expect("opens");
        assert!(quick.is_some());
    });
}
