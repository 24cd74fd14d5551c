//! The Checklist pane: one row per step with status, owner and time; the current step
//! stands out; a detail line for the selected step.

use super::layout::Areas;
use super::text::{fit, pad};
use super::theme::Theme;
use crate::app::{App, Pane};
use crate::model::StepStatus;
use crate::vocab::{step_mark, time_vs_estimate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, areas: &Areas) {
    let focused = app.focus == Pane::Checklist && app.editor.is_none();
    let s = &app.doc.session;
    let done = s.finished_steps();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(" Checklist ", theme.title(focused)))
        .title(Line::from(format!(" {done}/{} ", s.steps.len())).right_aligned());
    frame.render_widget(block, areas.checklist);

    let rows = areas.checklist_rows();
    let now = app.now();
    let current = s.current_step().map(|c| c.number);
    let width = rows.width as usize;
    let wide = width >= 70;
    let lines: Vec<Line> = s
        .steps
        .iter()
        .enumerate()
        .skip(app.checklist.offset)
        .take(rows.height as usize)
        .map(|(i, step)| {
            let is_current = current == Some(step.number);
            let marker = if is_current { "▶" } else { " " };
            let mark = step_mark(&step.status);
            let status = format!("{} {:<11}", mark.glyph, step.status.word());
            let tail = if wide {
                let owner = step.owner.as_deref().unwrap_or("");
                format!(" {} {:>17}", pad(owner, 10), time_vs_estimate(step, now))
            } else {
                String::new()
            };
            let fixed = 1 + 3 + 14 + tail.chars().count();
            let title = pad(&step.title, width.saturating_sub(fixed));
            let text = format!("{marker}{:>2} {status} {title}{tail}", step.number);
            let mut style = theme.tone(mark.tone);
            if is_current {
                style = style.patch(theme.current());
            }
            if i == app.checklist.selected {
                style = style.patch(theme.selected(focused));
            }
            Line::styled(fit(&text, width), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows);

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
                Some(so) => Line::styled(
                    fit(&format!("signed off by {}", so.by), width),
                    theme.good(),
                ),
                None if step.needs_sign_off => Line::styled("needs sign-off (S)", theme.warn()),
                None => Line::styled(fit(&step.guidance, width), theme.dim()),
            },
        };
        frame.render_widget(Paragraph::new(vec![Line::from(first), second]), detail);
    }
}
