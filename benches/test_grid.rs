//! The Tests screen at 1,000 scripts × 5 rounds, 2–3 results per script per round
//! (about 12,000 results) and 200 changes, a tenth of them edited after testing: the
//! grid built once per session change, the tallies, the single-cell queries, and a
//! whole frame of the screen drawn at 10 and at 1,000 scripts.
//! Run with `cargo bench --bench test_grid`.

use chrono::{Duration, TimeZone, Utc};
use cmo_promote::model::{
    ChangeEdit, ChangeFields, ChangeId, EnvKey, Op, OpId, OpKind, ResultStatus, RoundId,
    ScriptFields, ScriptId, Session, TestGrid,
};
use uuid::Uuid;

mod common;

fn main() {
    divan::main();
}

const SCRIPTS: usize = 1_000;
const ROUNDS: usize = 5;
const CHANGES: usize = 200;

fn tested_session() -> Session {
    session_with(SCRIPTS)
}

fn session_with(scripts_n: usize) -> Session {
    let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap();
    let mut s = common::empty_session(t0);
    let mut n = 0u128;
    let mut apply = |s: &mut Session, kind: OpKind| {
        n += 1;
        let id = OpId(Uuid::from_u128(n + 10));
        s.apply(Op::new(id, "tess", t0 + Duration::seconds(n as i64), kind))
            .unwrap();
        id.0
    };
    let changes: Vec<ChangeId> = (0..CHANGES)
        .map(|i| {
            let fields = ChangeFields {
                area: "Forms".into(),
                item: format!("Form {i}"),
                ..Default::default()
            };
            ChangeId(apply(
                &mut s,
                OpKind::AddChange {
                    fields: Box::new(fields),
                },
            ))
        })
        .collect();
    let scripts: Vec<ScriptId> = (0..scripts_n)
        .map(|i| {
            let fields = ScriptFields {
                title: format!("Script {i}"),
                covers: vec![changes[i % CHANGES], changes[(i * 7) % CHANGES]],
                ..Default::default()
            };
            ScriptId(apply(
                &mut s,
                OpKind::AddTestScript {
                    fields: Box::new(fields),
                },
            ))
        })
        .collect();
    let statuses = [
        ResultStatus::Fail,
        ResultStatus::Blocked,
        ResultStatus::Pass,
        ResultStatus::Pass,
        ResultStatus::Waived,
    ];
    for r in 0..ROUNDS {
        let kind = OpKind::AddTestRound {
            name: format!("Round {}", r + 1),
            step: [4, 6, 6, 6, 9][r],
            env: EnvKey::Stage2,
        };
        let round = RoundId(apply(&mut s, kind));
        for (i, script) in scripts.iter().enumerate() {
            for k in 0..(2 + (i + r) % 2) {
                let kind = OpKind::RecordResult {
                    round,
                    script: *script,
                    status: statuses[(i + r + k) % statuses.len()],
                    comment: String::new(),
                };
                apply(&mut s, kind);
            }
        }
        for c in changes.iter().skip(r).step_by(10) {
            let kind = OpKind::EditChange {
                change: *c,
                edits: vec![ChangeEdit::Description(format!("fix {r}"))],
                was: vec![],
            };
            apply(&mut s, kind);
        }
    }
    s
}

/// Every cell, once per session change.
#[divan::bench]
fn build_grid(bencher: divan::Bencher) {
    let s = tested_session();
    bencher.bench(|| TestGrid::of(&s).cell(SCRIPTS - 1, ROUNDS - 1).copied());
}

/// The grid and the tally of every round (the Tests screen's header).
#[divan::bench]
fn grid_and_tallies(bencher: divan::Bencher) {
    let s = tested_session();
    bencher.bench(|| {
        let grid = TestGrid::of(&s);
        (0..ROUNDS).map(|r| grid.tally(r).pass).sum::<usize>()
    });
}

/// One cell without a grid (a status line, a CLI `mark`).
#[divan::bench]
fn one_cell(bencher: divan::Bencher) {
    let s = tested_session();
    let round = s.rounds()[ROUNDS - 1].id;
    let script = s.scripts()[SCRIPTS / 2].id;
    bencher.bench(|| s.effective_result(round, script).map(|e| e.status));
}

/// One Work Plan row's test state without a grid.
#[divan::bench]
fn one_change_state(bencher: divan::Bencher) {
    let s = tested_session();
    let change = s.changes()[CHANGES / 2].id;
    bencher.bench(|| s.change_test_state(change));
}

/// A frame of the Tests screen at 160×48 (the grid is built for it, as the screen does
/// on every frame), at 10 and at 1,000 scripts: only the rows on screen are drawn.
#[divan::bench(args = [10, 1_000])]
fn draw_tests_screen(bencher: divan::Bencher, scripts: usize) {
    use cmo_promote::app::{App, AppEvent, ScreenId};
    use cmo_promote::clock::FixedClock;
    use cmo_promote::store::Loaded;
    use cmo_promote::ui::{Theme, draw};
    use ratatui::{Terminal, backend::TestBackend};
    let loaded = Loaded {
        path: "/nonexistent/bench.ron".into(),
        session: session_with(scripts),
        stamp: Default::default(),
        generation: 0,
        format_version: cmo_promote::model::FORMAT_VERSION,
        log: None,
        checked: false,
    };
    let clock = std::sync::Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 5, 4, 12, 0, 0).unwrap(),
    ));
    let mut app = App::new(loaded, "tess", clock, None);
    app.handle(AppEvent::Resize(160, 48));
    app.show_screen(ScreenId::Tests);
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|f| {
                draw(f, &app, Theme::COLOR);
            })
            .unwrap();
    });
}
