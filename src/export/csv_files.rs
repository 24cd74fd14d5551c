//! The CSV export: a folder with the Work Plan (one row per change), the test results
//! (one row per script and round, as they count there) and the raw time entries (every
//! stretch of every timer: what was timed, start, end, duration, who), each with a
//! header row, times in UTC and in the chosen zone.

use super::csv::CsvOut;
use crate::model::{EffectiveStatus, Session, TestGrid, TimeEntry, format_duration};
use crate::vocab::outage::local;
use chrono::{DateTime, FixedOffset, Utc};

/// The files of the export, by name, with their bytes.
pub fn files(
    s: &Session,
    zone: Option<FixedOffset>,
) -> std::io::Result<Vec<(&'static str, Vec<u8>)>> {
    Ok(vec![
        ("work-plan.csv", work_plan(s)?),
        ("test-results.csv", test_results(s, zone)?),
        ("time-entries.csv", time_entries(s, zone)?),
    ])
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn zoned(t: DateTime<Utc>, zone: Option<FixedOffset>) -> String {
    local(t, zone).format("%Y-%m-%d %H:%M:%S %:z").to_string()
}

/// The columns of `work-plan.csv`, which `import --changes` reads back as they are.
pub const WORK_PLAN_COLUMNS: [&str; 16] = [
    "number",
    "area",
    "item",
    "description",
    "before",
    "after",
    "notes",
    "action",
    "navigation",
    "depends_on",
    "risk",
    "irreversible",
    "back_out",
    "author",
    "revision",
    "removed",
];

/// The Work Plan, one row per change under [`WORK_PLAN_COLUMNS`].
fn work_plan(s: &Session) -> std::io::Result<Vec<u8>> {
    let mut out = CsvOut::new(Vec::new());
    out.row(WORK_PLAN_COLUMNS)?;
    for c in s.changes() {
        let f = &c.fields;
        let removed = c
            .removed
            .as_ref()
            .map(|r| format!("{} by {}: {}", utc(r.at), r.by, r.reason))
            .unwrap_or_default();
        out.row([
            c.label(),
            f.area.clone(),
            f.item.clone(),
            f.description.clone(),
            f.before.clone(),
            f.after.clone(),
            f.replication_notes.clone(),
            f.action.word().to_string(),
            f.navigation.clone(),
            s.change_labels(&f.depends_on),
            f.risk_note.clone(),
            if f.irreversible { "yes" } else { "no" }.to_string(),
            f.backout_note.clone(),
            c.author.clone(),
            c.revision.to_string(),
            removed,
        ])?;
    }
    out.into_bytes()
}

/// One row per script and round: the result as it counts there, and what was recorded.
fn test_results(s: &Session, zone: Option<FixedOffset>) -> std::io::Result<Vec<u8>> {
    let mut out = CsvOut::new(Vec::new());
    out.row([
        "script",
        "title",
        "round",
        "round_name",
        "step",
        "environment",
        "counts_as",
        "recorded",
        "tester",
        "at_utc",
        "at_local",
        "comment",
    ])?;
    let grid = TestGrid::of(s);
    for (i, script) in grid.scripts().iter().enumerate() {
        for (r, round) in grid.rounds().iter().enumerate() {
            let counts = grid
                .cell(i, r)
                .map(|e| e.status)
                .unwrap_or(EffectiveStatus::NotRun);
            let latest = round.latest(script.id);
            out.row([
                script.label(),
                script.fields.title.clone(),
                round.number.to_string(),
                round.name.clone(),
                round.step.to_string(),
                round.env.code().to_string(),
                counts.word().to_string(),
                latest
                    .map(|l| l.status.word().to_string())
                    .unwrap_or_default(),
                latest.map(|l| l.tester.clone()).unwrap_or_default(),
                latest.map(|l| utc(l.at)).unwrap_or_default(),
                latest.map(|l| zoned(l.at, zone)).unwrap_or_default(),
                latest.map(|l| l.comment.clone()).unwrap_or_default(),
            ])?;
        }
    }
    out.into_bytes()
}

/// Every stretch of every timer: the steps', then each attempt's at a change.
fn time_entries(s: &Session, zone: Option<FixedOffset>) -> std::io::Result<Vec<u8>> {
    let mut out = CsvOut::new(Vec::new());
    out.row([
        "timed",
        "environment",
        "start_utc",
        "end_utc",
        "start_local",
        "end_local",
        "seconds",
        "duration",
        "by",
        "counts",
    ])?;
    let mut entry = |what: String, env: &str, e: &TimeEntry, counts: &str| {
        let end = e.end;
        out.row([
            what,
            env.to_string(),
            utc(e.start),
            end.map(utc).unwrap_or_default(),
            zoned(e.start, zone),
            end.map(|t| zoned(t, zone)).unwrap_or_default(),
            end.map(|t| (t - e.start).num_seconds().max(0).to_string())
                .unwrap_or_default(),
            end.map(|t| format_duration((t - e.start).max(chrono::Duration::zero())))
                .unwrap_or_else(|| "running".into()),
            e.by.to_string(),
            counts.to_string(),
        ])
    };
    for step in s.steps() {
        for e in &step.timer.entries {
            let counts = if e.counts() { "yes" } else { "no (voided)" };
            entry(
                format!("step {} {}", step.number, step.title),
                "",
                e,
                counts,
            )?;
        }
    }
    for c in s.changes() {
        for a in &c.applications {
            let counts = if a.voided.is_some() {
                "no (cancelled)"
            } else {
                "yes"
            };
            for e in &a.timer.entries {
                let counts = if e.counts() { counts } else { "no (voided)" };
                entry(c.label(), a.env.code(), e, counts)?;
            }
        }
    }
    out.into_bytes()
}
