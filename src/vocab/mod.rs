//! The words and symbols a person reads for the things in a session: a step's status
//! symbol, where a change stands in each environment, a test result, a change in one
//! line, time against an estimate, an op in words. Screens, reports and the command
//! line all take them from here, so they never disagree. Each mark comes with a [`Tone`] (good, bad, running…) that a
//! screen turns into a style and a report may ignore.

pub mod conflict;
mod ops;
pub mod outage;

pub use ops::{describe_op, op_line, op_words};

use crate::model::{
    Change, ChangeTestState, EffectiveStatus, EnvKey, Outcome, ResultStatus, Session, Step,
    StepStatus, format_duration,
};
use chrono::{DateTime, Utc};

/// How a mark should read: what colour or emphasis a screen gives it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tone {
    #[default]
    Plain,
    Good,
    Bad,
    Warn,
    Running,
    Dim,
    Blocked,
    /// Behind the rehearsal, past the point of no return.
    Late,
    /// On time or ahead of the plan.
    Ahead,
    /// Production's configuration frozen.
    Frozen,
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

/// `text` with its first letter in capitals (`Step 3`, `Voided…`).
pub fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first `shown` items joined with commas, then `and n more` for the rest (a list
/// that has to fit a line or a question). Only the items shown are made: the rest are
/// counted by the iterator's length.
pub fn first_of(items: impl ExactSizeIterator<Item = String>, shown: usize) -> String {
    let more = items.len().saturating_sub(shown);
    let list: Vec<String> = items.take(shown).collect();
    match more {
        0 => list.join(", "),
        n => format!("{} and {n} more", list.join(", ")),
    }
}

/// A step's status as one symbol (readable without colour).
pub fn step_mark(status: &StepStatus) -> Mark {
    match status {
        StepStatus::Todo => mark("○", Tone::Plain),
        StepStatus::InProgress => mark("◐", Tone::Plain),
        StepStatus::Done => mark("✓", Tone::Good),
        StepStatus::Skipped { .. } => mark("↷", Tone::Dim),
        StepStatus::Blocked { .. } => mark("✗", Tone::Blocked),
    }
}

/// Where a step stands in a word or two: its status, or `paused` for a step in progress
/// whose timer is stopped (nothing is being timed).
pub fn step_state(step: &Step) -> &'static str {
    match step.status {
        StepStatus::InProgress if !step.timer.is_running() => "paused",
        ref other => other.word(),
    }
}

/// A step's sign-off as one symbol: `✔` signed, `!` signed but the Work Plan changed
/// since (stale), `?` done and waiting for its sign-off, blank otherwise.
pub fn sign_off_mark(step: &Step, session: &Session) -> Mark {
    match &step.sign_off {
        Some(so) if session.is_stale(so) => mark("!", Tone::Warn),
        Some(_) => mark("✔", Tone::Good),
        None if step.needs_sign_off && step.status == StepStatus::Done => mark("?", Tone::Warn),
        None => mark(" ", Tone::Plain),
    }
}

/// How a change stands in testing, in two cells: `✗1` failing in one script, `↻2` two
/// scripts need a retest, `3` covered by three scripts with nothing failing, `?` no
/// script covers it (untested).
pub fn change_test_cell(state: ChangeTestState) -> (String, Tone) {
    let count = |n: usize| {
        if n > 9 {
            "+".to_string()
        } else {
            n.to_string()
        }
    };
    if state.covered_by == 0 {
        ("?".into(), Tone::Dim)
    } else if state.failing > 0 {
        (format!("✗{}", count(state.failing)), Tone::Bad)
    } else if state.needs_retest > 0 {
        (format!("↻{}", count(state.needs_retest)), Tone::Warn)
    } else {
        (count(state.covered_by), Tone::Plain)
    }
}

/// The environments shown as columns, in promotion order, with their two-letter heads:
/// every environment enabled in the session (QA only when it is).
pub fn env_columns(s: &Session) -> Vec<(EnvKey, &'static str)> {
    [
        (EnvKey::Stage1, "S1"),
        (EnvKey::Stage2, "S2"),
        (EnvKey::Qa, "QA"),
        (EnvKey::Production, "PR"),
    ]
    .into_iter()
    .filter(|(env, _)| s.env_enabled(*env))
    .collect()
}

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

/// A script's result in a round as one symbol, each one cell wide and none of East
/// Asian ambiguous width but `·` (already the "not yet" mark of the Work Plan); DejaVu
/// Sans Mono, on which many terminal fonts build, has every one:
///
/// | glyph | result | tone |
/// |---|---|---|
/// | `✓` | pass | good |
/// | `✗` | fail | bad |
/// | `⊘` | blocked | warn |
/// | `·` | not run | dim |
/// | `↻` | needs retest | warn |
/// | `~` | waived | plain |
/// | `↪` | carried pass (from an earlier round) | good |
/// | `↝` | carried waiver | dim |
///
/// The words are [`EffectiveStatus::word`]; [`result_cell`] shows both.
pub fn result_mark(status: EffectiveStatus) -> Mark {
    match status {
        EffectiveStatus::Pass => mark("✓", Tone::Good),
        EffectiveStatus::Fail => mark("✗", Tone::Bad),
        EffectiveStatus::Blocked => mark("⊘", Tone::Blocked),
        EffectiveStatus::NotRun => mark("·", Tone::Dim),
        EffectiveStatus::NeedsRetest { .. } => mark("↻", Tone::Warn),
        EffectiveStatus::Waived => mark("~", Tone::Plain),
        EffectiveStatus::Carried {
            status: ResultStatus::Waived,
            ..
        } => mark("↝", Tone::Dim),
        EffectiveStatus::Carried { .. } => mark("↪", Tone::Good),
    }
}

/// The mark of a result as recorded (in a script's history), the same as it shows in
/// the round it was recorded in.
pub fn result_mark_of(status: ResultStatus) -> Mark {
    result_mark(match status {
        ResultStatus::Pass => EffectiveStatus::Pass,
        ResultStatus::Fail => EffectiveStatus::Fail,
        ResultStatus::Blocked => EffectiveStatus::Blocked,
        ResultStatus::Waived => EffectiveStatus::Waived,
        ResultStatus::NotRun => EffectiveStatus::NotRun,
    })
}

/// A result as its symbol and word: `✓ pass`, `↻ needs retest`.
pub fn result_cell(status: EffectiveStatus) -> String {
    format!("{} {}", result_mark(status).glyph, status.word())
}

/// Which result needs a comment and what it must say: "a fail" needs one "saying what
/// went wrong".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentNeeded {
    /// The result, with its article: `a fail`, `a blocked result`, `a waiver`.
    pub result: &'static str,
    /// What the comment says: `what went wrong`.
    pub says: &'static str,
}

/// What the comment on a result must say, for the results that need one
/// ([`ResultStatus::needs_comment`]).
pub fn comment_needed(status: ResultStatus) -> Option<CommentNeeded> {
    let needed = |result, says| Some(CommentNeeded { result, says });
    match status {
        ResultStatus::Fail => needed("a fail", "what went wrong"),
        ResultStatus::Blocked => needed("a blocked result", "what blocks it"),
        ResultStatus::Waived => needed("a waiver", "why it is accepted without passing"),
        ResultStatus::Pass | ResultStatus::NotRun => None,
    }
}

/// A round's tally in as few words as a narrow line needs: the passes always, the
/// other counts only when not zero (`2/7 pass · 1 fail · 2 not run · 1 retest`). The
/// full form is the tally's own `Display`.
pub fn tally_short(t: &crate::model::Tally) -> String {
    let mut parts = vec![format!("{}/{} pass", t.pass, t.total)];
    for (n, word) in [
        (t.fail, "fail"),
        (t.blocked, "blocked"),
        (t.not_run, "not run"),
        (t.waived, "waived"),
        (t.needs_retest, "retest"),
        (t.carried, "carried"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    parts.join(" · ")
}

/// A change in one line: `area / item — action: first line of the description`.
pub fn change_summary(c: &Change) -> String {
    let f = &c.fields;
    let mut lines = f.description.lines().filter(|l| !l.trim().is_empty());
    let first_line = lines.next().unwrap_or("");
    let mut s = format!("{} / {} — {}", f.area, f.item, f.action);
    if !first_line.trim().is_empty() {
        s.push_str(": ");
        s.push_str(first_line.trim());
        // More lines than the list shows: say so.
        if lines.next().is_some() {
            s.push('…');
        }
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

/// [`time_vs_estimate`] to the minute, for a narrow row: `0:25/1:30`, `2:05`; empty
/// while nothing is logged or estimated.
pub fn short_time_vs_estimate(step: &Step, now: DateTime<Utc>) -> String {
    let hm = |d: chrono::Duration| {
        let m = d.num_minutes().max(0);
        format!("{}:{:02}", m / 60, m % 60)
    };
    let spent = step.timer.elapsed(now);
    match step.estimate_minutes {
        Some(m) => format!(
            "{}/{}",
            hm(spent),
            hm(chrono::Duration::minutes(i64::from(m)))
        ),
        None if spent.num_seconds() > 0 => hm(spent),
        None => String::new(),
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
    fn a_long_list_names_the_first_few_and_makes_only_those() {
        let made = std::cell::Cell::new(0);
        let items = (1..1001).map(|n| {
            made.set(made.get() + 1);
            format!("WP-{n:03}")
        });
        assert_eq!(first_of(items, 3), "WP-001, WP-002, WP-003 and 997 more");
        assert_eq!(
            made.get(),
            3,
            "labels cost a look-up each: only the shown are made"
        );
        assert_eq!(first_of(["a".to_string()].into_iter(), 3), "a");
    }

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

    #[test]
    fn every_result_has_its_own_one_cell_symbol() {
        use unicode_width::UnicodeWidthStr;
        let change = crate::model::ChangeId(uuid::Uuid::nil());
        let all = [
            EffectiveStatus::Pass,
            EffectiveStatus::Fail,
            EffectiveStatus::Blocked,
            EffectiveStatus::NotRun,
            EffectiveStatus::Waived,
            EffectiveStatus::NeedsRetest {
                passed_in: 1,
                change,
            },
            EffectiveStatus::Carried {
                from_round: 1,
                status: ResultStatus::Pass,
            },
            EffectiveStatus::Carried {
                from_round: 1,
                status: ResultStatus::Waived,
            },
        ];
        let glyphs: std::collections::HashSet<&str> =
            all.iter().map(|s| result_mark(*s).glyph).collect();
        assert_eq!(glyphs.len(), all.len());
        assert!(glyphs.iter().all(|g| g.width() == 1), "{glyphs:?}");
        assert_eq!(result_cell(EffectiveStatus::Fail), "✗ fail");
    }

    #[test]
    fn exactly_the_results_that_need_a_comment_say_what_it_must_say() {
        use ResultStatus::*;
        for s in [NotRun, Pass, Fail, Blocked, Waived] {
            assert_eq!(comment_needed(s).is_some(), s.needs_comment(), "{s}");
        }
    }
}
