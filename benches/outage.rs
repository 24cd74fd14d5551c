//! The Outage screen at 10 000 changes: drawing the plan (nothing timed yet, every change
//! listed as untimed) and the live board (the rehearsal timed, half applied in
//! Production, one under way), and working out the forecast alone.
//! Run with `cargo bench --bench outage`.

use chrono::{Duration, TimeZone, Utc};
use cmo_promote::app::{App, AppEvent, ScreenId};
use cmo_promote::clock::FixedClock;
use cmo_promote::model::{
    ChangeFields, ChangeId, EnvKey, Op, OpId, OpKind, Outcome, Replicability, Session,
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

/// `N` changes; with `live`, every one rehearsed, steps 1 to 10 done, step 11 under
/// way, half applied in Production and the next one under way. Built by replaying its
/// ops (a session changes only through them), so the policy rules of new edits are
/// not in the way.
fn session(live: bool) -> Session {
    let base = common::empty_session(t(0));
    let mut ops = Vec::new();
    let mut next = 0x10_0000u128;
    let mut op = |who: &str, at: i64, kind: OpKind| {
        next += 1;
        let id = OpId(Uuid::from_u128(next));
        ops.push(Op::new(id, who, t(at), kind));
        id
    };
    let ids: Vec<ChangeId> = (0..N)
        .map(|i| {
            let fields = ChangeFields {
                area: "Business Rules".into(),
                item: format!("Rule {i}"),
                description: "Escalate overdue actions".into(),
                ..Default::default()
            };
            ChangeId(
                op(
                    "ann",
                    0,
                    OpKind::AddChange {
                        fields: Box::new(fields),
                    },
                )
                .0,
            )
        })
        .collect();
    if live {
        let applied = |change, env, rating| OpKind::FinishApplication {
            change,
            env,
            outcome: Outcome::Applied,
            note: String::new(),
            replicability: None,
            rating,
        };
        for (i, c) in ids.iter().copied().enumerate() {
            let start = |env| OpKind::StartApplication {
                change: c,
                env,
                override_reason: None,
            };
            op("rita", 10, start(EnvKey::Stage2));
            op(
                "rita",
                12,
                applied(c, EnvKey::Stage2, Some(Replicability::AsWritten)),
            );
            if i <= N / 2 {
                op("rita", 1000, start(EnvKey::Production));
            }
            if i < N / 2 {
                op("rita", 1003, applied(c, EnvKey::Production, None));
            }
        }
        for step in 1..=10 {
            op(
                "lead",
                900,
                OpKind::SkipStep {
                    step,
                    reason: "bench".into(),
                },
            );
        }
        op(
            "lead",
            900,
            OpKind::StartStep {
                step: 11,
                override_reason: None,
                ahead_of: Vec::new(),
            },
        );
    }
    let mut all = base.history().clone();
    all.extend(ops);
    Session::replay(&base.implied_template(), base.meta(), &all).expect("the bench's ops replay")
}

fn app_on(s: Session) -> App {
    let loaded = Loaded {
        path: "/nonexistent/bench.ron".into(),
        session: s,
        stamp: Default::default(),
        generation: 0,
        format_version: cmo_promote::model::FORMAT_VERSION,
        log: None,
        checked: false,
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
