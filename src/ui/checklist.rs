//! The Checklist pane: one row per step with status, owner and time; the current step
//! stands out; a detail line for the selected step.

use super::layout::Areas;
use super::list;
use super::text::{cells, fit, pad};
use super::theme::Theme;
use crate::app::{App, Pane};
use crate::model::{StepKind, StepStatus};
use crate::vocab::outage::step_note;
use crate::vocab::{
    over_estimate, short_time_vs_estimate, sign_off_mark, step_mark, step_state, time_vs_estimate,
};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, areas: &Areas) {
    let focused = app.focus == Pane::Checklist && app.promotion.editor.is_none();
    let s = &app.doc.session;
    let done = s.finished_steps();
    let block = super::pane::block("Checklist", focused, theme)
        .title(Line::from(format!(" {done}/{} ", s.steps().len())).right_aligned());
    frame.render_widget(block, areas.checklist);

    let rows = areas.checklist_rows();
    let now = app.now();
    let current = s.current_step().map(|c| c.number);
    let width = rows.width as usize;
    let wide = width >= 70;
    // The owner and time columns as wide as their widest cell, so titles keep the rest.
    let owner_w = s
        .steps()
        .iter()
        .filter_map(|st| st.owner.as_deref())
        .map(cells)
        .max()
        .unwrap_or(0)
        .min(10);
    let time_w = s
        .steps()
        .iter()
        .map(|st| time_vs_estimate(st, now).len())
        .max()
        .unwrap_or(7);
    // The testing step whose round scripts need a retest in, and how many.
    let retest = match app.tests.needs_retest() {
        0 => None,
        n => s.current_round().map(|r| (r.step, n)),
    };
    list::draw(
        frame,
        s.steps(),
        app.promotion.checklist,
        rows,
        focused,
        theme,
        |step| {
            let is_current = current == Some(step.number);
            let marker = if is_current { "▶" } else { " " };
            let mark = step_mark(&step.status);
            let status = format!("{} {:<11}", mark.glyph, step_state(step));
            let owner = step.owner.as_deref().unwrap_or("");
            let tail = if wide {
                let owner = match owner_w {
                    0 => String::new(),
                    w => format!(" {}", pad(owner, w)),
                };
                format!("{owner} {:>time_w$}", time_vs_estimate(step, now))
            } else if width >= 50 {
                // The time to the minute, so the title keeps most of the row (the owner
                // is on the line under the list).
                format!(" {:>9}", short_time_vs_estimate(step, now))
            } else {
                String::new()
            };
            let signed = sign_off_mark(step, s);
            let title = match retest {
                Some((n, count)) if n == step.number => format!("↻{count} {}", step.title),
                _ => step.title.clone(),
            };
            let fixed = 1 + 4 + 14 + 2 + tail.chars().count();
            let room = width.saturating_sub(fixed);
            // The process's own word on the step (window, progress, due date) after the
            // title, as long as the title keeps a readable start.
            let note = match step.kind {
                // Due or overdue by the clock: worked out now (it is cheap).
                StepKind::CopyBack => step_note(s, step, now, app.zone),
                _ => app
                    .promotion
                    .step_notes
                    .iter()
                    .zip(s.steps())
                    .find(|(_, st)| st.number == step.number)
                    .and_then(|(n, _)| n.clone()),
            };
            let note = note.map(|n| {
                // In full when the title keeps 12 cells, else short.
                let full = format!(" · {}", n.full);
                let text = if cells(&full) + 12 <= room {
                    full
                } else {
                    fit(&format!(" · {}", n.short), room.saturating_sub(6))
                };
                (text, n.tone)
            });
            let note_w = note.as_ref().map_or(0, |(t, _)| cells(t));
            let title = pad(&title, room.saturating_sub(note_w));
            let head = format!("{marker}{:>3} {status} ", step.number);
            let mut style = theme.tone(mark.tone);
            if is_current {
                style = style.patch(theme.current());
            }
            let mut spans = vec![
                Span::raw(head),
                Span::styled(signed.glyph, theme.tone(signed.tone)),
                Span::raw(format!(" {title}")),
            ];
            if let Some((text, tone)) = note {
                spans.push(Span::styled(text, theme.tone(tone)));
            }
            // Over its estimate: the time warns, whatever the status's colour.
            if over_estimate(step, now) {
                spans.push(Span::styled(tail, theme.warn()));
            } else {
                spans.push(Span::raw(tail));
            }
            Line::from(spans).style(style)
        },
    );

    let detail = Rect::new(rows.x, rows.y + rows.height, rows.width, 2);
    if let Some(step) = app.selected_step() {
        let running = step.timer.is_running();
        let label = format!("{}Step {}", if running { "▶ " } else { "" }, step.number);
        let rest = format!(
            "  owner {}  time {}",
            step.owner.as_deref().unwrap_or("—"),
            time_vs_estimate(step, now)
        );
        let rest = fit(&rest, width.saturating_sub(label.chars().count()));
        let label_style = if running {
            theme.running()
        } else {
            theme.label(false)
        };
        let first = vec![Span::styled(label, label_style), Span::raw(rest)];
        let second = match &step.status {
            StepStatus::Skipped { reason } => {
                Line::styled(fit(&format!("skipped: {reason}"), width), theme.warn())
            }
            StepStatus::Blocked { reason } => {
                Line::styled(fit(&format!("blocked: {reason}"), width), theme.bad())
            }
            _ => match &step.sign_off {
                Some(so) if s.is_stale(so) => Line::styled(
                    fit(
                        &format!(
                            "signed off by {}, but the Work Plan has changed since",
                            so.by
                        ),
                        width,
                    ),
                    theme.warn(),
                ),
                Some(so) => Line::styled(
                    fit(&format!("signed off by {}", so.by), width),
                    theme.good(),
                ),
                None if step.needs_sign_off => Line::styled(
                    app.keymap.fill("needs sign-off ({Checklist.SignOff})"),
                    theme.warn(),
                ),
                None => Line::styled(fit(&step.guidance, width), theme.dim()),
            },
        };
        frame.render_widget(Paragraph::new(vec![Line::from(first), second]), detail);
    }
}
