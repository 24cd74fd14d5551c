//! Load, save, apply and draw at Work Plan sizes from 100 to 10 000 changes.
//! Run with `cargo bench --bench session`.

use chrono::{TimeZone, Utc};
use cmo_promote::app::{App, AppEvent};
use cmo_promote::clock::FixedClock;
use cmo_promote::model::{ChangeFields, Op, OpId, OpKind, Session};
use cmo_promote::store::{Loaded, Store, decode_session, encode_session};
use cmo_promote::ui::{Theme, draw};
use ratatui::{Terminal, backend::TestBackend};
use std::path::Path;
use std::sync::Arc;
use uuid::Uuid;

mod common;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn session_with(changes: usize) -> Session {
    let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap();
    let mut s = common::empty_session(t0);
    for i in 0..changes {
        let fields = ChangeFields {
            area: "Business Rules".into(),
            item: format!("Rule {i}"),
            description: "Escalate overdue actions to the owner's manager\nafter 3 days".into(),
            replication_notes: "Admin > Business Rules > New; copy the condition from WP-001"
                .into(),
            before: "none".into(),
            after: "Escalation after 3 days".into(),
            ..Default::default()
        };
        let op = Op::new(
            OpId(Uuid::from_u128(i as u128 + 10)),
            "ann",
            t0,
            OpKind::AddChange {
                fields: Box::new(fields),
            },
        );
        s.apply(op).unwrap();
    }
    s
}

#[divan::bench(args = SIZES)]
fn encode(bencher: divan::Bencher, n: usize) {
    let s = session_with(n);
    bencher.bench(|| encode_session(&s, Path::new("bench.ron")).unwrap());
}

#[divan::bench(args = SIZES)]
fn decode(bencher: divan::Bencher, n: usize) {
    let text = encode_session(&session_with(n), Path::new("bench.ron")).unwrap();
    bencher.bench(|| decode_session(&text, Path::new("bench.ron")).unwrap());
}

/// The consistency check every writer runs on load (`check`): a full replay of the
/// history, compared with the stored state.
#[divan::bench(args = SIZES)]
fn check(bencher: divan::Bencher, n: usize) {
    let s = session_with(n);
    bencher.bench(|| s.problems());
}

/// A whole save as the app's saver does it: lock, stat, encode, write, fsync, rename.
#[divan::bench(args = SIZES, sample_count = 20)]
fn commit(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().to_path_buf());
    let path = store.create(&session_with(n)).unwrap();
    let mut doc = Loaded::load(&path).unwrap();
    bencher.bench_local(|| {
        let c = doc.commit(&[]).unwrap();
        doc = c.loaded;
    });
}

#[divan::bench(args = SIZES)]
fn apply_add_change(bencher: divan::Bencher, n: usize) {
    let s = session_with(n);
    let t = Utc.with_ymd_and_hms(2026, 5, 5, 8, 0, 0).unwrap();
    bencher
        .with_inputs(|| s.clone())
        .bench_local_values(|mut s| {
            let fields = ChangeFields {
                area: "Forms".into(),
                item: "New".into(),
                ..Default::default()
            };
            s.apply(Op::new(
                OpId(Uuid::from_u128(u128::MAX)),
                "bob",
                t,
                OpKind::AddChange {
                    fields: Box::new(fields),
                },
            ))
            .unwrap();
            s
        });
}

/// An app on a session of `n` changes, Work plan focused, at 160×48, with `filter`.
fn app_with(n: usize, filter: &str) -> App {
    let loaded = Loaded {
        path: "bench.ron".into(),
        session: session_with(n),
        stamp: Default::default(),
        generation: 0,
        format_version: cmo_promote::model::FORMAT_VERSION,
        log: None,
        checked: false,
    };
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap(),
    ));
    let mut app = App::new(loaded, "ann", clock, None);
    app.handle(AppEvent::Resize(160, 48));
    app.focus = cmo_promote::app::Pane::WorkPlan;
    app.set_filter(filter.into());
    app
}

fn draw_app(bencher: divan::Bencher, app: &App) {
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|f| {
                draw(f, app, Theme::COLOR);
            })
            .unwrap();
    });
}

/// One full frame with the work plan focused, at 160×48.
#[divan::bench(args = SIZES)]
fn draw_frame(bencher: divan::Bencher, n: usize) {
    draw_app(bencher, &app_with(n, ""));
}

/// The same frame with a filter typed (every change is matched against it).
#[divan::bench(args = SIZES)]
fn draw_frame_filtered(bencher: divan::Bencher, n: usize) {
    draw_app(bencher, &app_with(n, "rule 9"));
}
