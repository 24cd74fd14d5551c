//! The Work plan pane: the changes with a mark per environment, and the filter line.

use super::layout::{Areas, inner};
use super::list;
use super::text::{fit, pad};
use super::theme::Theme;
use crate::app::{App, Modal, Pane, Purpose};
use crate::model::format_duration;
use crate::vocab::{change_summary, change_test_cell, env_columns, env_mark};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, areas: &Areas) {
    let focused = app.focus == Pane::WorkPlan && app.promotion.editor.is_none();
    let s = &app.doc.session;
    let visible = app.visible_changes();
    let total = s.active_changes().count();
    let env_name = s.env_name(s.working_env());
    let mut count = if app.promotion.filter.is_empty() {
        format!(" {total} change{}", if total == 1 { "" } else { "s" })
    } else {
        format!(" {} of {total}", visible.len())
    };
    // The pane's own name always shows whole; the count and environment take what is
    // left of the top border.
    let room = (areas.work_plan.width as usize).saturating_sub(" Work plan ".len() + 4);
    // The environment being changed matters more than the count: on a narrow pane the
    // words shrink before the environment goes.
    let title = s.working_env().title();
    let number = if app.promotion.filter.is_empty() {
        format!(" {total}")
    } else {
        format!(" {}/{total}", visible.len())
    };
    let candidates = [
        format!("{count} · applying in {env_name} "),
        format!("{count} · applying in {title} "),
        format!("{number} · applying in {title} "),
        format!("{number} · in {title} "),
        format!(" in {title} "),
    ];
    count = candidates
        .into_iter()
        .find(|c| c.chars().count() <= room)
        .unwrap_or_else(|| fit(&format!("{count} "), room));
    let block =
        super::pane::block("Work plan", focused, theme).title(Line::from(count).right_aligned());
    frame.render_widget(block, areas.work_plan);

    let body = inner(areas.work_plan);
    let width = body.width as usize;
    let columns = env_columns(s);
    let heads: Vec<&str> = columns.iter().map(|(_, h)| *h).collect();
    let mut header = format!(
        "{}  {} T    Area / item — what",
        pad("No.", 6),
        heads.join(" "),
    );
    // How long the rehearsal took each change, once it timed one, on a wide pane.
    let rehearsed = width >= 70 && app.promotion.rehearsed;
    if rehearsed {
        header = format!("{}rehearsed", pad(&header, width - 9));
    }
    frame.render_widget(
        Paragraph::new(Line::styled(fit(&header, width), theme.dim())),
        Rect::new(body.x, body.y, body.width, 1),
    );

    let rows = areas.work_plan_rows();
    let must_fix = &app.promotion.must_fix;
    if visible.is_empty() {
        let text = if total == 0 {
            &app.keymap
                .fill("No changes yet. Press {WorkPlan.AddChange} to log the first one.")
        } else {
            &app.keymap
                .fill("No change matches the filter. {Global.Back} clears it.")
        };
        frame.render_widget(
            Paragraph::new(Line::styled(fit(text, width), theme.dim())),
            rows,
        );
    } else {
        list::draw(
            frame,
            visible,
            app.promotion.work_plan,
            rows,
            focused,
            theme,
            |&i| {
                let c = &s.changes()[i];
                let mut spans = vec![Span::raw(format!("{}  ", pad(&c.label(), 6)))];
                for (k, (env, _)) in columns.iter().enumerate() {
                    let mark = env_mark(c, *env);
                    spans.push(Span::styled(
                        format!(" {}", mark.glyph),
                        theme.tone(mark.tone),
                    ));
                    if k + 1 < columns.len() {
                        spans.push(Span::raw(" "));
                    }
                }
                // How it stands in testing (blank until the session has scripts).
                let (test, tone) = app
                    .tests
                    .change_state(c.id)
                    .map(change_test_cell)
                    .unwrap_or_default();
                spans.push(Span::styled(
                    format!(" {}", pad(&test, 2)),
                    theme.tone(tone),
                ));
                let risk = if c.fields.irreversible {
                    " ⚠ "
                } else {
                    "   "
                };
                spans.push(Span::styled(risk, theme.bad()));
                let took = match c.measured_in(crate::model::EnvKey::Stage2) {
                    Some(d) if rehearsed => format!(" {:>8}", format_duration(d)),
                    _ if rehearsed => " ".repeat(9),
                    _ => String::new(),
                };
                let env_cells = (3 * columns.len()).saturating_sub(1);
                let mut used = 6 + 2 + env_cells + 3 + 3 + took.chars().count();
                // An entry the rehearsal found hard to replay, until it is edited.
                if must_fix.contains(&c.id) {
                    spans.push(Span::styled("FIX ", theme.bad()));
                    used += 4;
                }
                spans.push(Span::raw(pad(
                    &change_summary(c),
                    width.saturating_sub(used),
                )));
                spans.push(Span::styled(took, theme.dim()));
                Line::from(spans)
            },
        );
    }

    let filtering = matches!(&app.modal, Some(Modal::Prompt(p)) if p.purpose == Purpose::Filter);
    if !app.promotion.filter.is_empty() || filtering {
        let line = Rect::new(body.x, rows.y + rows.height, body.width, 1);
        let text = format!("/ {}", app.promotion.filter);
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&text, width), theme.key())),
            line,
        );
    }
}
