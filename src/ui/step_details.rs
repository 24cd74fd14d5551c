//! A step in full (Enter on the checklist): status and reason, owner, time against the
//! estimate, sign-off, how it was started out of order, guidance, notes and every time
//! entry, voided ones marked. The checklist's keys act on it; `v` voids a time entry.

use super::theme::Theme;
use super::time_entries::entry_lines;
use crate::app::App;
use crate::model::inverse::step_of;
use crate::model::{StartOverride, StepStatus, TimeOf, numbers};
use crate::vocab::{op_line, op_words};
use ratatui::text::{Line, Span};

/// The title and lines of the pop-up (the caller frames and scrolls them); `None` if
/// there is no such step.
pub fn lines<'a>(app: &App, number: u32, theme: Theme) -> Option<(String, Vec<Line<'a>>)> {
    let s = &app.doc.session;
    let st = s.step(number)?;
    let now = app.now();
    let row = |name: &str, text: String| {
        Line::from(vec![
            Span::styled(format!("{name:<9}"), theme.label(false)),
            Span::raw(text),
        ])
    };
    let mut lines = vec![row("Status", st.status.word().to_string())];
    if let StepStatus::Skipped { reason } | StepStatus::Blocked { reason } = &st.status {
        lines.push(row("Reason", reason.clone()));
    }
    lines.push(row("Owner", st.owner.clone().unwrap_or_else(|| "—".into())));
    lines.push(row("Time", crate::vocab::time_vs_estimate(st, now)));
    let sign = match &st.sign_off {
        Some(so) => {
            let when = app.local(so.at).format("%Y-%m-%d %H:%M");
            let mut text = format!("{} at {when}", so.by);
            if let Some(r) = so.round.and_then(|r| s.round(r)) {
                text.push_str(&format!(", covering round {}", r.number));
            }
            if !so.comment.trim().is_empty() {
                text.push_str(&format!(" — {}", so.comment));
            }
            if s.is_stale(so) {
                text.push_str(" (stale: the Work Plan has changed since)");
            }
            text
        }
        None if st.needs_sign_off => app
            .keymap
            .fill("needed, not yet given ({Checklist.SignOff})"),
        None => "not needed".into(),
    };
    lines.push(row("Sign-off", sign));
    if let Some(o) = &st.start_override {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<9}", "Started"), theme.label(false)),
            Span::styled(override_words(app, o), theme.warn()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Guidance", theme.label(false)));
    lines.push(Line::raw(st.guidance.clone()));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        app.keymap.fill("Notes ({Checklist.EditNotes} edits)"),
        theme.label(false),
    ));
    if st.notes.is_empty() {
        lines.push(Line::styled("—", theme.dim()));
    }
    lines.extend(st.notes.lines().map(|l| Line::raw(l.to_string())));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        app.keymap
            .fill("Time entries ({Details.VoidTime} voids one)"),
        theme.label(false),
    ));
    lines.extend(entry_lines(app, TimeOf::Step(number), theme));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Record (newest first)", theme.label(false)));
    lines.extend(record(app, number));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        app.keymap.fill(
            "The checklist's keys act on this step · {Details.VoidTime} voids a time entry · \
             {Popup.Back} closes",
        ),
        theme.dim(),
    ));
    Some((format!("Step {}: {}", st.number, st.title), lines))
}

/// `by ann at 09:12 ahead of step 3 (not finished) and before step 6 was signed off:
/// the refresh is booked`.
fn override_words(app: &App, o: &StartOverride) -> String {
    let s = &app.doc.session;
    let mut what = Vec::new();
    if !o.unfinished.is_empty() {
        let steps = if o.unfinished.len() == 1 {
            "step"
        } else {
            "steps"
        };
        what.push(format!(
            "ahead of {steps} {} (not finished)",
            numbers(&o.unfinished)
        ));
    }
    if !o.unsigned.is_empty() {
        what.push(format!(
            "before step {} was signed off",
            numbers(&o.unsigned)
        ));
    }
    if !o.must_fix.is_empty() {
        let labels = o.must_fix.iter().map(|c| s.label_of(*c));
        what.push(format!(
            "with {} still to fix",
            crate::vocab::first_of(labels, 6)
        ));
    }
    let mut text = format!(
        "by {} at {} {}",
        o.by,
        app.local(o.at).format("%Y-%m-%d %H:%M"),
        what.join(" and ")
    );
    match o.reason.trim() {
        "" => {}
        crate::model::inverse::UNDO_REASON => text.push_str(" (by an undo)"),
        reason => text.push_str(&format!(": {reason}")),
    }
    text
}

/// How many ops of the step's record are listed.
const RECORD_SHOWN: usize = 30;

/// What was done to the step, newest first, with the words given (a skip reason stays
/// here after the step is reopened): from the history, which keeps every op on a step
/// at hand.
fn record<'a>(app: &App, number: u32) -> Vec<Line<'a>> {
    let s = &app.doc.session;
    let mut about = s
        .history()
        .on_steps()
        .rev()
        .map(|(_, op)| op)
        .filter(|op| step_of(&op.kind) == Some(number));
    let mut out: Vec<Line> = about
        .by_ref()
        .take(RECORD_SHOWN)
        .map(|op| {
            let mut text = format!(
                "{}  {}  {}",
                app.local(op.at).format("%Y-%m-%d %H:%M"),
                op.author,
                op_line(op, s)
            );
            if let Some(words) = op_words(&op.kind) {
                text.push_str(&format!(": {words}"));
            }
            Line::raw(text)
        })
        .collect();
    let more = about.count();
    if more > 0 {
        out.push(Line::raw(format!("… and {more} earlier (History, 4)")));
    }
    if out.is_empty() {
        out.push(Line::raw("—"));
    }
    out
}
