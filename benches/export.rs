//! The report and the CSV files of a session with 10 000 changes, each applied in two
//! environments. Run with `cargo bench --bench export`.

use chrono::{Duration, TimeZone, Utc};
use cmo_promote::export::{csv_files, markdown};
use cmo_promote::model::{ChangeFields, Op, OpId, OpKind, Session};
use uuid::Uuid;

mod common;

fn main() {
    divan::main();
}

fn session() -> Session {
    let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 8, 0, 0).unwrap();
    let mut s = common::empty_session(t0);
    for i in 0..10_000u128 {
        let fields = ChangeFields {
            area: "Business Rules".into(),
            item: format!("Rule {i} | escalation"),
            description: "Escalate overdue actions\nafter 3 days".into(),
            ..Default::default()
        };
        let at = t0 + Duration::seconds(i as i64);
        s.apply(Op::new(
            OpId(Uuid::from_u128(i + 10)),
            "ann",
            at,
            OpKind::AddChange {
                fields: Box::new(fields),
            },
        ))
        .unwrap();
    }
    s
}

#[divan::bench(sample_count = 10)]
fn markdown_report(bencher: divan::Bencher) {
    let s = session();
    bencher.bench(|| markdown(&s).len());
}

#[divan::bench(sample_count = 10)]
fn csv(bencher: divan::Bencher) {
    let s = session();
    bencher.bench(|| csv_files(&s, None).unwrap().len());
}
