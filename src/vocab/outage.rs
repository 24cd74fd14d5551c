//! The rehearsal and the outage in words: clock times and spans as a lead reads them,
//! the board's state, and the one-line status for chat that `status` prints and the
//! TUI copies (`Outage 22:00–01:00 · 14/20 applied · forecast 00:35 (25 min slack) ·
//! PNR 00:30 · step 11 in progress`).

use super::Tone;
use crate::model::{
    Application, Change, Done, EnvKey, OutageBoard, OutageState, Session, Step, StepKind,
    StepStatus, format_duration,
};
use chrono::{DateTime, Duration, FixedOffset, Utc};

/// A UTC time in `zone` (`None`: the machine's local zone).
pub fn local(t: DateTime<Utc>, zone: Option<FixedOffset>) -> DateTime<FixedOffset> {
    match zone {
        Some(zone) => t.with_timezone(&zone),
        None => t.with_timezone(&chrono::Local).fixed_offset(),
    }
}

/// `22:05`.
pub fn clock(t: DateTime<Utc>, zone: Option<FixedOffset>) -> String {
    local(t, zone).format("%H:%M").to_string()
}

/// `Tue 1 Dec 22:05`.
pub fn day_and_clock(t: DateTime<Utc>, zone: Option<FixedOffset>) -> String {
    local(t, zone).format("%a %-d %b %H:%M").to_string()
}

/// A span as people say it: `45 s`, `25 min`, `1 h 05 min` (whole minutes from one
/// minute up; the sign is the caller's).
pub fn span(d: Duration) -> String {
    let secs = d.num_seconds().unsigned_abs();
    if secs < 60 {
        return format!("{secs} s");
    }
    let minutes = secs / 60;
    match minutes / 60 {
        0 => format!("{minutes} min"),
        h => format!("{h} h {:02} min", minutes % 60),
    }
}

/// `25 min slack` or `10 min over`.
pub fn slack_words(slack: Duration) -> String {
    if slack < Duration::zero() {
        format!("{} over", span(slack))
    } else {
        format!("{} slack", span(slack))
    }
}

/// The board's state in a word or two, and how it reads.
pub fn state_words(state: OutageState) -> (&'static str, Tone) {
    match state {
        OutageState::Green => ("on time", Tone::Ahead),
        OutageState::Amber => ("tight", Tone::Warn),
        OutageState::Red => ("PAST THE POINT OF NO RETURN", Tone::Late),
        OutageState::Unknown => ("no forecast", Tone::Dim),
    }
}

/// `14/20 applied` with `, 1 failed, 2 skipped` when there are any.
pub fn applied_words(board: &OutageBoard) -> String {
    done_words(board.done())
}

/// How many changes are done in Production: `12/40 applied, 1 failed`.
pub fn done_words(done: Done) -> String {
    let mut text = format!("{}/{} applied", done.applied, done.total);
    if done.failed > 0 {
        text.push_str(&format!(", {} failed", done.failed));
    }
    if done.skipped > 0 {
        text.push_str(&format!(", {} skipped", done.skipped));
    }
    text
}

/// The one-line status of the session at `now`, for a chat message.
pub fn status_line(s: &Session, now: DateTime<Utc>, zone: Option<FixedOffset>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let implement = s.steps().iter().find(|st| st.kind == StepKind::Implement);
    let outage_on = implement.is_some_and(|st| st.status == StepStatus::InProgress);
    if let Some((start, end)) = s.outage_window() {
        parts.push(format!(
            "Outage {}–{}",
            clock(start, zone),
            clock(end, zone)
        ));
    }
    if outage_on {
        let board = s.outage_board(now);
        parts.push(applied_words(&board));
        if let Some(finish) = board.finish {
            let mut text = format!("forecast {}", clock(finish, zone));
            if let Some(slack) = board.slack() {
                text.push_str(&format!(" ({})", slack_words(slack)));
            }
            parts.push(text);
        }
        if let Some(pnr) = board.point_of_no_return {
            parts.push(format!("PNR {}", clock(pnr, zone)));
        }
        if board.state == OutageState::Red {
            parts.push("RED".into());
        }
    } else if let Some(day) = s.outage_window().map(|(start, _)| start) {
        // Before or after the outage the day matters too.
        if let Some(first) = parts.first_mut() {
            first.push_str(&format!(" on {}", local(day, zone).format("%a %-d %b")));
        }
    }
    match s.current_step() {
        Some(step) => {
            let mut text = format!("step {} {}", step.number, step.status.word());
            if !outage_on {
                text = format!("{text}: {}", step.title);
                if let Some(progress) = env_progress(s, step.kind) {
                    text.push_str(&format!(" ({progress})"));
                }
            }
            parts.push(text);
        }
        None => parts.push("all steps finished".into()),
    }
    if let Some((text, _)) = copy_back_words(s, now, zone) {
        parts.push(text);
    }
    parts.extend(freeze_words(s, zone));
    parts.join(" · ")
}

/// `copy-back due Fri 8 May` or `copy-back OVERDUE since Fri 8 May`, while it is due.
pub fn copy_back_words(
    s: &Session,
    now: DateTime<Utc>,
    zone: Option<FixedOffset>,
) -> Option<(String, Tone)> {
    s.copy_back_due()
        .map(|due| copy_back_due_words(due, now, zone))
}

/// The copy-back falling due at `due`, in words and tone, as of `now`.
pub fn copy_back_due_words(
    due: DateTime<Utc>,
    now: DateTime<Utc>,
    zone: Option<FixedOffset>,
) -> (String, Tone) {
    let day = local(due, zone).format("%a %-d %b");
    if now > due {
        (format!("copy-back OVERDUE since {day}"), Tone::Bad)
    } else {
        (format!("copy-back due {day}"), Tone::Warn)
    }
}

/// What the process attaches to a step in the checklist, in full and short (for a
/// narrow pane): the booked window on the outage booking, the must-fix list and then
/// the progress on the implementation, the due date on the copy-back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepNote {
    pub full: String,
    pub short: String,
    pub tone: Tone,
}

pub fn step_note(
    s: &Session,
    step: &Step,
    now: DateTime<Utc>,
    zone: Option<FixedOffset>,
) -> Option<StepNote> {
    let note = |full: String, short: String, tone| StepNote { full, short, tone };
    match step.kind {
        StepKind::PlanOutage => s.outage_window().map(|(start, end)| {
            note(
                format!("booked {}–{}", day_and_clock(start, zone), clock(end, zone)),
                format!("booked {}", clock(start, zone)),
                Tone::Good,
            )
        }),
        StepKind::Implement => match step.status {
            StepStatus::InProgress => {
                let board = s.outage_board(now);
                Some(note(
                    applied_words(&board),
                    format!("{}/{}", board.applied, board.total),
                    Tone::Running,
                ))
            }
            StepStatus::Todo => {
                let n = s.must_fix().len();
                (n > 0).then(|| {
                    note(
                        format!("{n} to fix first"),
                        format!("{n} to fix"),
                        Tone::Bad,
                    )
                })
            }
            _ => None,
        },
        StepKind::CopyBack => {
            let due = s.copy_back_due()?;
            let day = local(due, zone).format("%-d %b");
            Some(if now > due {
                note(format!("OVERDUE since {day}"), "OVERDUE".into(), Tone::Bad)
            } else {
                note(
                    format!("due {}", local(due, zone).format("%a %-d %b")),
                    format!("due {day}"),
                    Tone::Warn,
                )
            })
        }
        _ => None,
    }
}

/// `Production frozen since Tue 1 Dec 09:00` while it is.
pub fn freeze_words(s: &Session, zone: Option<FixedOffset>) -> Option<String> {
    let period = s.freeze().periods.last().filter(|p| p.end.is_none())?;
    Some(format!(
        "Production frozen since {}",
        day_and_clock(period.start, zone)
    ))
}

/// `3/20 rehearsed` in the rehearsal, `5/20 applied in Stage 1` while configuring.
fn env_progress(s: &Session, kind: StepKind) -> Option<String> {
    let (env, verb) = match kind {
        StepKind::Rehearse => (EnvKey::Stage2, "rehearsed"),
        _ => return None,
    };
    let total = s.active_changes().count();
    let done = s.active_changes().filter(|c| c.is_applied_in(env)).count();
    Some(format!("{done}/{total} {verb}"))
}

/// How an attempt ended, in words: `applied`, `under way`, `cancelled by rita: why`.
pub fn attempt_outcome(a: &Application) -> String {
    match (&a.voided, a.outcome) {
        (Some(v), _) => format!("cancelled by {}: {}", v.by, v.reason),
        (None, Some(o)) => o.word().to_string(),
        (None, None) => "under way".into(),
    }
}

/// What an ended attempt adds to its outcome: the rating and the note, as
/// `, ambiguous: the path was unclear` (empty when it has neither).
pub fn attempt_remarks(a: &Application) -> String {
    let rating = a
        .rating
        .map(|r| format!(", {}", r.words()))
        .unwrap_or_default();
    match a.note.trim() {
        "" => rating,
        n => format!("{rating}: {n}"),
    }
}

/// Where `change` stands in `env`, in words: `under way 3:12 (rehearsed 5:00)`,
/// `applied in 4:30 by rita`, `not started (rehearsed 5:00)`.
pub fn replay_state(s: &Session, change: &Change, env: EnvKey, now: DateTime<Utc>) -> String {
    let rehearsed = match change.measured_in(EnvKey::Stage2) {
        Some(d) if env != EnvKey::Stage2 => format!(" (rehearsed {})", format_duration(d)),
        _ => String::new(),
    };
    match change.latest_application(env) {
        None => format!("not started in {}{rehearsed}", s.env_name(env)),
        Some(a) => match a.outcome {
            None => {
                let paused = if a.timer.is_running() { "" } else { ", paused" };
                format!(
                    "under way {}{paused}{rehearsed}, by {}",
                    format_duration(a.timer.elapsed(now)),
                    a.by
                )
            }
            Some(outcome) => {
                let took = change
                    .measured_in(env)
                    .map(|d| format!(" in {}", format_duration(d)))
                    .unwrap_or_default();
                format!("{}{took} by {}{}", outcome.word(), a.by, attempt_remarks(a))
            }
        },
    }
}

/// A change as the person replaying it reads it, field by field (label, text; an empty
/// label for a line of its own): the warnings first, then where it stands, then
/// everything needed to make it again.
pub fn replay_text(
    s: &Session,
    change: &Change,
    env: EnvKey,
    user: &str,
    now: DateTime<Utc>,
) -> Vec<(&'static str, String)> {
    let f = &change.fields;
    let mut lines: Vec<(&'static str, String)> = Vec::new();
    if s.replays_own_change(change, env, user) {
        lines.push((
            "",
            "⚠ You made this change: the process asks someone who did not to replay it".into(),
        ));
    }
    if f.irreversible {
        lines.push(("", "⚠ IRREVERSIBLE: cannot be undone once applied".into()));
    }
    if let Some(m) = crate::model::must_fix_of(change) {
        lines.push((
            "Must fix",
            format!("{} in the rehearsal: {}", m.rating.words(), m.note),
        ));
    }
    lines.push(("Status", replay_state(s, change, env, now)));
    let times: Vec<String> = [EnvKey::Stage1, EnvKey::Stage2, EnvKey::Production]
        .into_iter()
        .filter_map(|e| {
            let d = change.measured_in(e)?;
            Some(format!("{} {}", s.env_name(e), format_duration(d)))
        })
        .collect();
    if !times.is_empty() {
        lines.push(("Took", times.join(" · ")));
    }
    if !f.depends_on.is_empty() {
        let deps: Vec<String> = f
            .depends_on
            .iter()
            .filter_map(|d| s.change(*d))
            .map(|d| {
                let done = if d.is_applied_in(env) {
                    "applied"
                } else {
                    "NOT applied"
                };
                format!("{} ({done})", d.label())
            })
            .collect();
        lines.push(("Depends on", deps.join(", ")));
    }
    for (label, text) in [
        ("Navigation", &f.navigation),
        ("Before", &f.before),
        ("After", &f.after),
        ("Description", &f.description),
        ("Replication notes", &f.replication_notes),
        ("Risk", &f.risk_note),
        ("Back-out", &f.backout_note),
    ] {
        if !text.trim().is_empty() {
            lines.push((label, text.trim().to_string()));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_as_people_say_them() {
        assert_eq!(span(Duration::seconds(42)), "42 s");
        assert_eq!(span(Duration::minutes(25)), "25 min");
        assert_eq!(span(Duration::minutes(65)), "1 h 05 min");
        assert_eq!(span(Duration::minutes(-10)), "10 min");
        assert_eq!(slack_words(Duration::minutes(-10)), "10 min over");
        assert_eq!(slack_words(Duration::minutes(25)), "25 min slack");
    }
}
