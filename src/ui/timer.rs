//! The Timer pane: every running timer ticking, the selected step's time against its
//! estimate, and the time logged per step.

use super::layout::Areas;
use super::list;
use super::text::{fit, pad};
use super::theme::Theme;
use crate::app::{App, Pane};
use crate::model::{TimerTarget, format_duration};
use crate::vocab::{over_estimate, time_vs_estimate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, areas: &Areas) {
    let focused = app.focus == Pane::Timer && app.promotion.editor.is_none();
    let s = &app.doc.session;
    let now = app.now();
    let running: Vec<_> = app
        .promotion
        .running
        .iter()
        .filter_map(|&t| s.running_timer(t).map(|timer| (t, timer)))
        .collect();
    let block = super::pane::block("Timer", focused, theme)
        .title(Line::from(format!(" {} ", app.local(now).format("%H:%M:%S"))).right_aligned());
    frame.render_widget(block, areas.timer);

    // Left: what is running, then the selected step against its estimate.
    let left = areas.timer_running();
    let w = left.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if running.is_empty() {
        lines.push(Line::styled(
            fit(
                &app.keymap
                    .fill("No timer running. {Global.ToggleTimer} starts one."),
                w,
            ),
            theme.dim(),
        ));
    }
    // The rehearsal and the booked outage, at the foot, once there is something to say.
    let extra = rehearsal_lines(app);
    let room = (left.height as usize)
        .saturating_sub(1 + extra.len())
        .max(1);
    for (target, timer) in running.iter().take(room) {
        let what = match target {
            TimerTarget::Step { step } => {
                let title = s.step(*step).map(|x| x.title.as_str()).unwrap_or("");
                format!("Step {step} {title}")
            }
            TimerTarget::Application { change, env } => {
                let label = s.change(*change).map(|c| c.label()).unwrap_or_default();
                format!("{label} in {}", s.env_name(*env))
            }
        };
        let clock = format_duration(timer.elapsed(now));
        let name_w = w.saturating_sub(clock.chars().count() + 3);
        lines.push(Line::from(vec![
            Span::styled("▶ ", theme.running()),
            Span::raw(pad(&what, name_w)),
            Span::styled(format!(" {clock}"), theme.running()),
        ]));
    }
    if running.len() > room {
        lines.truncate(room.saturating_sub(1));
        lines.push(Line::styled(
            format!("… {} timers running", running.len()),
            theme.dim(),
        ));
    }
    // The step whose timer `t` works on: the timer pane's row when it has focus.
    let shown = if app.focus == Pane::Timer {
        s.steps().get(app.promotion.timer.selected)
    } else {
        app.selected_step()
    };
    if let Some(step) = shown {
        let line = format!("Step {}: {}", step.number, time_vs_estimate(step, now));
        let over = over_estimate(step, now);
        let style = if over {
            theme.bad()
        } else {
            theme.label(false)
        };
        let text = if over {
            format!("{line}  over estimate")
        } else {
            line
        };
        let y = left.y + left.height.saturating_sub(1);
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&text, w), style)),
            Rect::new(left.x, y, left.width, 1),
        );
    }
    let foot = (extra.len() as u16).min(left.height.saturating_sub(2));
    let extra_y = left.y + left.height.saturating_sub(1 + foot);
    let extra: Vec<Line> = extra
        .into_iter()
        .take(foot as usize)
        .map(|(text, tone)| Line::styled(fit(&text, w), theme.tone(tone)))
        .collect();
    frame.render_widget(
        Paragraph::new(extra),
        Rect::new(left.x, extra_y, left.width, foot),
    );
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(
            left.x,
            left.y,
            left.width,
            left.height.saturating_sub(1 + foot),
        ),
    );

    // Right: time logged per step, and in all.
    let total = s
        .steps()
        .iter()
        .fold(chrono::Duration::zero(), |t, st| t + st.timer.elapsed(now));
    let rows = areas.timer_rows();
    let rw = rows.width as usize;
    let header = Rect::new(rows.x, rows.y.saturating_sub(1), rows.width, 1);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(
                &format!(
                    "{}{:>17}",
                    pad(
                        &format!("Per step · total {}", format_duration(total)),
                        rw.saturating_sub(17)
                    ),
                    "spent/estimate"
                ),
                rw,
            ),
            theme.dim(),
        )),
        header,
    );
    list::draw(
        frame,
        s.steps(),
        app.promotion.timer,
        rows,
        focused,
        theme,
        |step| {
            let time = time_vs_estimate(step, now);
            let title_w = rw.saturating_sub(time.chars().count() + 5);
            let mark = if step.timer.is_running() { "▶" } else { " " };
            let text = format!(
                "{mark}{:>2} {} {time}",
                step.number,
                pad(&step.title, title_w)
            );
            let style = if over_estimate(step, now) {
                theme.warn()
            } else if step.timer.is_running() {
                theme.running()
            } else {
                ratatui::style::Style::default()
            };
            Line::styled(fit(&text, rw), style)
        },
    );
}

/// The rehearsal total with the changes it left untimed, and the booked outage window:
/// shown once the rehearsal has begun or a window is booked.
fn rehearsal_lines(app: &App) -> Vec<(String, crate::vocab::Tone)> {
    use crate::vocab::Tone;
    use crate::vocab::outage::{clock, day_and_clock};
    let s = &app.doc.session;
    let mut out = Vec::new();
    let began = s.steps().iter().any(|st| {
        st.kind == crate::model::StepKind::Rehearse && st.status != crate::model::StepStatus::Todo
    });
    let rehearsal = &app.promotion.rehearsal;
    if began || !rehearsal.timed.is_empty() {
        let untimed = match rehearsal.untimed.len() {
            0 => String::new(),
            n if n <= 3 => format!(" · not timed: {}", s.change_labels(&rehearsal.untimed)),
            n => format!(" · {n} not timed"),
        };
        let tone = if untimed.is_empty() {
            Tone::Good
        } else {
            Tone::Warn
        };
        out.push((
            format!("Rehearsal {}{untimed}", format_duration(rehearsal.total)),
            tone,
        ));
    }
    if let Some((start, end)) = s.outage_window() {
        out.push((
            format!(
                "Outage {}–{}",
                day_and_clock(start, app.zone),
                clock(end, app.zone)
            ),
            Tone::Plain,
        ));
    }
    out
}
