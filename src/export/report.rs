//! The Markdown report of a session, for change boards and auditors: a header, the
//! checklist with its sign-offs and the freeze, the Work Plan as a procedure someone
//! else can replay (`report_plan`), the test rounds, the outage against its plan with
//! the post-implementation review, and the whole history in words.
//!
//! The same session always gives the same bytes: times are in UTC, and what is still
//! running is counted up to the session's last edit, not to the moment of the export.

use super::md::{Table, or_dash, text};
use crate::model::{EnvKey, Session, StepStatus, format_duration};
use crate::vocab::describe_op;
use crate::vocab::outage::applied_words;
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeSet;

/// A time as the report writes it: `2026-05-04 08:30` (UTC).
pub(super) fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// What the report counts running timers up to: the session's last edit.
pub(super) fn as_of(s: &Session) -> DateTime<Utc> {
    s.history().last().map_or(s.created_at(), |op| op.at)
}

/// The whole report.
pub fn markdown(s: &Session) -> String {
    let mut out = String::new();
    header(s, &mut out);
    checklist(s, &mut out);
    super::report_plan::work_plan(s, &mut out);
    super::report_plan::tests(s, &mut out);
    outage(s, &mut out);
    history(s, &mut out);
    out
}

fn header(s: &Session, out: &mut String) {
    out.push_str(&format!("# {}\n\n", text(s.title())));
    let envs: Vec<String> = s
        .environments()
        .iter()
        .map(|e| {
            let off = if e.enabled { "" } else { " (not used)" };
            format!("{}{off}", text(&e.name))
        })
        .collect();
    let people: BTreeSet<String> = std::iter::once(s.created_by().to_string())
        .chain(s.history().iter().map(|op| op.author.to_string()))
        .collect();
    let current = match s.current_step() {
        Some(step) => format!("{}. {} ({})", step.number, text(&step.title), step.status),
        None => "all steps finished".into(),
    };
    let mut t = Table::new(&["", ""]);
    for (k, v) in [
        (
            "Created",
            format!("{} by {}", when(s.created_at()), text(s.created_by())),
        ),
        ("Last edit", when(as_of(s))),
        ("Process", text(s.template())),
        ("Current step", current),
        ("Environments", envs.join(" · ")),
        (
            "People",
            people
                .iter()
                .map(|p| text(p))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "Work Plan",
            format!(
                "{} changes, revision {}",
                s.active_changes().count(),
                s.work_plan_revision()
            ),
        ),
    ] {
        t.row(vec![format!("**{k}**"), v]);
    }
    t.write(out);
    out.push_str("All times are UTC.\n\n");
}

fn checklist(s: &Session, out: &mut String) {
    out.push_str("## Checklist\n\n");
    let now = as_of(s);
    let mut t = Table::new(&[
        ">Step",
        "Title",
        "Status",
        "Owner",
        ">Time",
        ">Estimate",
        "Sign-off",
    ]);
    for step in s.steps() {
        let status = match &step.status {
            StepStatus::Skipped { reason } => format!("skipped: {}", text(reason)),
            StepStatus::Blocked { reason } => format!("blocked: {}", text(reason)),
            other => other.word().to_string(),
        };
        let estimate = step
            .estimate_minutes
            .map(|m| format_duration(Duration::minutes(i64::from(m))))
            .unwrap_or_else(|| "—".into());
        let sign_off = match &step.sign_off {
            Some(so) => {
                let stale = if s.is_stale(so) {
                    format!(
                        " — **stale**: the Work Plan is at revision {}",
                        s.work_plan_revision()
                    )
                } else {
                    String::new()
                };
                format!(
                    "{} at {}, Work Plan revision {}{stale}{}",
                    text(&so.by),
                    when(so.at),
                    so.work_plan_revision,
                    match so.comment.trim() {
                        "" => String::new(),
                        c => format!(": {}", text(c)),
                    }
                )
            }
            None if step.needs_sign_off => "needed".into(),
            None => "—".into(),
        };
        let mut title = text(&step.title);
        if let Some(o) = &step.start_override {
            title.push_str(&format!(
                "<br>started early by {}: {}",
                text(&o.by),
                text(&o.reason)
            ));
        }
        t.row(vec![
            step.number.to_string(),
            title,
            status,
            or_dash(step.owner.as_deref().unwrap_or("")),
            format_duration(step.timer.elapsed(now)),
            estimate,
            sign_off,
        ]);
    }
    t.write(out);
    if s.freeze().periods.is_empty() {
        out.push_str("Production was not frozen.\n\n");
    } else {
        out.push_str("**Production freeze**\n\n");
        for p in &s.freeze().periods {
            let end = match (p.end, &p.ended_by) {
                (Some(end), Some(by)) => format!(
                    " until {} by {}{}",
                    when(end),
                    text(by),
                    match p.end_note.trim() {
                        "" => String::new(),
                        n => format!(" ({})", text(n)),
                    }
                ),
                _ => " — still frozen".into(),
            };
            out.push_str(&format!(
                "- from {} by {}{}{end}\n",
                when(p.start),
                text(&p.started_by),
                match p.start_note.trim() {
                    "" => String::new(),
                    n => format!(" ({})", text(n)),
                }
            ));
        }
        out.push('\n');
    }
}

fn outage(s: &Session, out: &mut String) {
    out.push_str("## Outage\n\n");
    let now = as_of(s);
    let board = s.outage_board(now);
    let proposal = s.outage_proposal(now);
    let mut t = Table::new(&["", "Planned", "Actual"]);
    let window = match s.outage_window() {
        Some((a, b)) => format!("{} – {}", when(a), when(b)),
        None => "not booked".into(),
    };
    let actual = match (board.started, board.ended) {
        (Some(a), Some(b)) => format!("{} – {}", when(a), when(b)),
        (Some(a), None) => format!("{} – (under way)", when(a)),
        _ => "not started".into(),
    };
    t.row(vec!["**Window**".into(), window, actual]);
    let length = proposal
        .as_ref()
        .map(|p| {
            format!(
                "{} proposed: rehearsal {} + contingency {} ({} %) + verification {} + rollback {}",
                format_duration(p.length),
                format_duration(p.rehearsal),
                format_duration(p.contingency),
                p.contingency_percent,
                format_duration(p.verification),
                format_duration(p.rollback)
            )
        })
        .unwrap_or_else(|| "no rehearsal timing".into());
    let took = board
        .elapsed()
        .map(format_duration)
        .unwrap_or_else(|| "—".into());
    t.row(vec!["**Length**".into(), length, took]);
    // The forecast when the outage began: its start plus the rehearsal total.
    let rehearsal = s.rehearsal();
    let forecast = match board.started {
        Some(start) if !rehearsal.timed.is_empty() => format!(
            "{} (start + rehearsal total {})",
            when(start + rehearsal.total),
            format_duration(rehearsal.total)
        ),
        _ => "—".to_string(),
    };
    let finish = board
        .finish
        .filter(|_| board.ended.is_some())
        .map(|f| format!("last change done {}", when(f)))
        .unwrap_or_else(|| "—".into());
    t.row(vec!["**Forecast finish**".into(), forecast, finish]);
    t.row(vec![
        "**Changes**".into(),
        board.total.to_string(),
        applied_words(&board),
    ]);
    t.write(out);
    review(s, out);
}

/// The post-implementation review: each change's rehearsal time against its
/// Production time.
fn review(s: &Session, out: &mut String) {
    let mut t = Table::new(&[
        "Change",
        ">Rehearsal",
        ">Production",
        ">Variance",
        "Outcome",
    ]);
    let (mut rehearsed, mut production) = (Duration::zero(), Duration::zero());
    for c in s.active_changes() {
        let r = c.measured_in(EnvKey::Stage2);
        let p = c.measured_in(EnvKey::Production);
        let variance = match (r, p) {
            (Some(r), Some(p)) => {
                rehearsed += r;
                production += p;
                signed(p - r)
            }
            _ => "—".into(),
        };
        let outcome = c
            .latest_application(EnvKey::Production)
            .map(|a| a.outcome.map_or("under way", |o| o.word()))
            .unwrap_or("not applied");
        let dur = |d: Option<Duration>| d.map(format_duration).unwrap_or_else(|| "—".into());
        t.row(vec![
            format!("{} {}", c.label(), text(&c.fields.item)),
            dur(r),
            dur(p),
            variance,
            outcome.into(),
        ]);
    }
    if t.is_empty() {
        return;
    }
    t.row(vec![
        "**Total** (changes timed in both)".into(),
        format_duration(rehearsed),
        format_duration(production),
        signed(production - rehearsed),
        String::new(),
    ]);
    out.push_str("### Rehearsal against Production\n\n");
    t.write(out);
}

/// `+0:02:00` or `-0:01:30`.
fn signed(d: Duration) -> String {
    if d < Duration::zero() {
        format_duration(d)
    } else {
        format!("+{}", format_duration(d))
    }
}

fn history(s: &Session, out: &mut String) {
    out.push_str("## History\n\n");
    let mut t = Table::new(&["When", "Who", "What"]);
    for op in s.history().iter() {
        t.row(vec![
            when(op.at),
            text(&op.author),
            text(&describe_op(&op.kind, s)),
        ]);
    }
    if t.is_empty() {
        out.push_str("Nothing has been recorded yet.\n");
    } else {
        t.write(out);
    }
}
