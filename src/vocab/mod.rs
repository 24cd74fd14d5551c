//! The words and symbols a person reads for the things in a session: a step's status
//! symbol, where a change stands in each environment, a change in one line, time
//! against an estimate. Screens, reports and the command line all take them from here,
//! so they never disagree. Each mark comes with a [`Tone`] (good, bad, running…) that a
//! screen turns into a style and a report may ignore.

mod ops;

pub use ops::describe_op;

use crate::model::{Change, EnvKey, Outcome, Step, StepStatus, format_duration};
use chrono::{DateTime, Utc};

/// How a mark should read: what colour or emphasis a screen gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Good,
    Bad,
    Warn,
    Running,
    Dim,
}

/// A one-cell symbol and how it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub glyph: &'static str,
    pub tone: Tone,
}

const fn mark(glyph: &'static str, tone: Tone) -> Mark {
    Mark { glyph, tone }
}

/// A step's status as one symbol (readable without colour).
pub fn step_mark(status: &StepStatus) -> Mark {
    match status {
        StepStatus::Todo => mark("○", Tone::Plain),
        StepStatus::InProgress => mark("◐", Tone::Plain),
        StepStatus::Done => mark("✓", Tone::Good),
        StepStatus::Skipped { .. } => mark("↷", Tone::Dim),
        StepStatus::Blocked { .. } => mark("✗", Tone::Bad),
    }
}

/// The environments shown as columns, in promotion order, with their two-letter heads.
pub const ENV_COLUMNS: [(EnvKey, &str); 3] = [
    (EnvKey::Stage1, "S1"),
    (EnvKey::Stage2, "S2"),
    (EnvKey::Production, "PR"),
];

/// Where a change stands in one environment: `·` not yet, `▶` being applied (timer
/// running), `‖` paused, `✓` applied, `✗` failed, `-` skipped.
pub fn env_mark(change: &Change, env: EnvKey) -> Mark {
    match change.latest_application(env) {
        None => mark("·", Tone::Dim),
        Some(a) => match a.outcome {
            None if a.timer.is_running() => mark("▶", Tone::Running),
            None => mark("‖", Tone::Running),
            Some(Outcome::Applied) => mark("✓", Tone::Good),
            Some(Outcome::Failed) => mark("✗", Tone::Bad),
            Some(Outcome::Skipped) => mark("-", Tone::Dim),
        },
    }
}

/// A change in one line: `area / item — action: first line of the description`.
pub fn change_summary(c: &Change) -> String {
    let f = &c.fields;
    let first_line = f.description.lines().next().unwrap_or("");
    let mut s = format!("{} / {} — {}", f.area, f.item, f.action);
    if !first_line.trim().is_empty() {
        s.push_str(": ");
        s.push_str(first_line.trim());
    }
    s
}

/// Time spent on a step against its estimate, `0:12:00/1:30:00`, or just the time
/// spent when there is no estimate.
pub fn time_vs_estimate(step: &Step, now: DateTime<Utc>) -> String {
    let spent = format_duration(step.timer.elapsed(now));
    match step.estimate_minutes {
        Some(m) => format!(
            "{spent}/{}",
            format_duration(chrono::Duration::minutes(i64::from(m)))
        ),
        None => spent,
    }
}

/// Whether a step has taken longer than its estimate.
pub fn over_estimate(step: &Step, now: DateTime<Utc>) -> bool {
    step.estimate_minutes
        .is_some_and(|m| step.timer.elapsed(now) > chrono::Duration::minutes(i64::from(m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_status_has_its_own_symbol() {
        let all = [
            StepStatus::Todo,
            StepStatus::InProgress,
            StepStatus::Done,
            StepStatus::Skipped { reason: "r".into() },
            StepStatus::Blocked { reason: "r".into() },
        ];
        let glyphs: std::collections::HashSet<&str> =
            all.iter().map(|s| step_mark(s).glyph).collect();
        assert_eq!(glyphs.len(), all.len());
    }
}
