//! The replay pane of the Outage screen: the Work Plan in replay order with where each
//! change stands in the working environment, and the selected change in full (warnings
//! first, then everything needed to make it again).

use super::layout::inner;
use super::list;
use super::text::fit;
use super::theme::Theme;
use crate::app::{App, Pane};
use crate::vocab::env_mark;
use crate::vocab::outage::replay_text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Draws the pane into `area`; returns where its list's rows are (for clicks).
pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) -> Rect {
    let focused = app.focus == Pane::Replay;
    let s = &app.doc.session;
    let env = s.working_env();
    let changes = app.outage.changes();
    let done = app.outage.applied();
    let room = (area.width as usize).saturating_sub(" Replay ".len() + 4);
    let right = fit(
        &format!(
            " in {} · {done}/{} applied ",
            s.env_name(env),
            changes.len()
        ),
        room,
    );
    let block =
        super::pane::block("Replay", focused, theme).title(Line::from(right).right_aligned());
    frame.render_widget(block, area);
    let body = inner(area);
    if body.height == 0 || body.width < 20 {
        return body;
    }
    if changes.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit("The Work Plan has no changes yet.", body.width as usize),
                theme.dim(),
            )),
            body,
        );
        return body;
    }
    let list_w = (body.width / 3).clamp(18, 44);
    let rows = Rect::new(body.x, body.y, list_w, body.height);
    let w = list_w as usize;
    list::draw(
        frame,
        changes,
        app.outage.cursor,
        rows,
        focused,
        theme,
        |i| match s.changes().get(*i) {
            Some(c) => {
                let mark = env_mark(c, env);
                let text = format!(" {} {} / {}", c.label(), c.fields.area, c.fields.item);
                Line::from(vec![
                    Span::styled(mark.glyph, theme.tone(mark.tone)),
                    Span::raw(fit(&text, w.saturating_sub(1))),
                ])
            }
            None => Line::raw(""),
        },
    );
    let detail = Rect::new(
        body.x + list_w + 1,
        body.y,
        body.width.saturating_sub(list_w + 1),
        body.height,
    );
    if let Some(change) = app.replay_change() {
        let head = format!(
            "{} · {} / {} · {}",
            change.label(),
            change.fields.area,
            change.fields.item,
            change.fields.action
        );
        let mut lines = vec![Line::styled(head, theme.label(false))];
        for (label, text) in replay_text(s, change, env, &app.user, app.now()) {
            if label.is_empty() {
                lines.push(Line::styled(text, theme.bad()));
            } else if label == "Must fix" {
                lines.push(Line::styled(format!("{label}: {text}"), theme.warn()));
            } else {
                let mut parts = text.lines();
                let first = parts.next().unwrap_or_default().to_string();
                lines.push(Line::from(vec![
                    Span::styled(format!("{label}: "), theme.dim()),
                    Span::raw(first),
                ]));
                lines.extend(parts.map(|l| Line::raw(format!("  {l}"))));
            }
        }
        frame.render_widget(
            Paragraph::new(super::text::clean_lines(lines)).wrap(Wrap { trim: false }),
            detail,
        );
    }
    rows
}
