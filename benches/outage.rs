//! The Outage screen at 10 000 changes: drawing the plan (nothing timed yet, every change
//! listed as untimed) and the live board (the rehearsal timed, half applied in
//! Production, one under way), and working out the forecast alone.
//! Run with `cargo bench --bench outage`.

use chrono::{Duration, TimeZone, Utc};
use cmo_promote::app::{App, AppEvent, ScreenId};
use cmo_promote::clock::FixedClock;
use cmo_promote::model::{
    Application, ChangeFields, EnvKey, Op, OpId, OpKind, Outcome, Replicability, Session,
    TimeEntry, Timer,
};
use cmo_promote::store::Loaded;
use cmo_promote::ui::{Theme, draw};
use ratatui::{Terminal, backend::TestBackend};
use std::sync::Arc;
use uuid::Uuid;

mod common;

fn main() {
    divan::main();
}

const N: usize = 10_000;

fn t(minutes: i64) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap() + Duration::minutes(minutes)
}

/// An attempt by rita in `env` from `start` for `minutes`, finished when `done`.
fn attempt(env: EnvKey, start: i64, minutes: i64, done: bool) -> Application {
    Application {
        env,
        by: "rita".into(),
        timer: Timer {
            entries: vec![TimeEntry {
                start: t(start),
                end: done.then(|| t(start + minutes)),
                by: "rita".into(),
                voided: None,
            }],
        },
        outcome: done.then_some(Outcome::Applied),
        finished_at: done.then(|| t(start + minutes)),
        note: String::new(),
        replicability: None,
        rating: Some(Replicability::AsWritten),
        change_revision: 0,
        dependency_override: None,
        voided: None,
    }
}

/// `N` changes; with `live`, every one rehearsed, steps 1 to 10 done, step 11 under
/// way, half applied in Production and the next one under way.
fn session(live: bool) -> Session {
    let mut s = common::empty_session(t(0));
    for i in 0..N {
        let fields = ChangeFields {
            area: "Business Rules".into(),
            item: format!("Rule {i}"),
            description: "Escalate overdue actions".into(),
            ..Default::default()
        };
        let op = Op::new(
            OpId(Uuid::from_u128(i as u128 + 10)),
            "ann",
            t(0),
            OpKind::AddChange { fields },
        );
        s.apply(op).unwrap();
    }
    if live {
        for (i, c) in s.changes.iter_mut().enumerate() {
            c.applications.push(attempt(EnvKey::Stage2, 10, 2, true));
            if i < N / 2 {
                c.applications
                    .push(attempt(EnvKey::Production, 1000, 3, true));
            } else if i == N / 2 {
                c.applications
                    .push(attempt(EnvKey::Production, 1000, 3, false));
            }
        }
        let mut next = 0x10_0000u128;
        let mut op = |kind| {
            next += 1;
            s.apply(Op::new(OpId(Uuid::from_u128(next)), "lead", t(900), kind))
                .unwrap();
        };
        for step in 1..=10 {
            op(OpKind::SkipStep {
                step,
                reason: "bench".into(),
            });
        }
        op(OpKind::StartStep {
            step: 11,
            override_reason: None,
            ahead_of: Vec::new(),
        });
    }
    s
}

fn app_on(s: Session) -> App {
    let loaded = Loaded {
        path: "/nonexistent/bench.ron".into(),
        session: s,
        stamp: Default::default(),
    };
    let mut app = App::new(loaded, "lead", Arc::new(FixedClock::new(t(1010))), None);
    app.handle(AppEvent::Resize(200, 50));
    app.show_screen(ScreenId::Outage);
    app
}

#[divan::bench(args = [false, true])]
fn draw_outage_screen(bencher: divan::Bencher, live: bool) {
    let mut app = app_on(session(live));
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|f| {
                draw(f, &app, Theme::COLOR);
            })
            .unwrap();
        app.handle(AppEvent::Tick);
    });
}

#[divan::bench]
fn forecast(bencher: divan::Bencher) {
    let s = session(true);
    bencher.bench(|| s.outage_board(t(1010)));
}
