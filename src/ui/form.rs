//! Any form (the change editor, the script editor): a framed box over the panes, a top
//! line saying why the last save was refused, a warning, or what the focused field
//! wants; then one row per one-line field and a few rows per text field, scrolled so
//! the focused field is on screen.

use super::text::fit;
use super::theme::Theme;
use crate::app::form::{FieldSpec, Form, Kind};
use crate::app::keymap::Keymap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// The width of the label column: the longest label, a marker and a space, at least 14.
fn label_width(fields: &[FieldSpec]) -> u16 {
    let longest = fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0);
    u16::try_from(longest + 2).unwrap_or(u16::MAX).max(14)
}

/// Rows for a field: one-line fields 1; text fields 2 (1 when space is short), and the
/// focused text field whatever is left, at least 3.
fn height_of(fields: &[FieldSpec], f: &FieldSpec, focused: bool, form_height: u16) -> u16 {
    let multis = fields.iter().filter(|f| f.kind.is_multiline()).count() as u16;
    let singles = fields.len() as u16 - multis;
    let tight = form_height < singles + multis * 2 + 4;
    let unfocused = if tight { 1 } else { 2 };
    if !f.kind.is_multiline() {
        1
    } else if focused {
        form_height
            .saturating_sub(singles + multis.saturating_sub(1) * unfocused)
            .clamp(3, 12)
    } else {
        unfocused
    }
}

/// Draws `form` in `area` under `title`; `warning`, if any, takes the top line unless a
/// save was refused.
pub fn draw(
    frame: &mut Frame,
    form: &Form,
    theme: Theme,
    area: Rect,
    title: &str,
    warning: Option<String>,
    keys: &Keymap,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(format!(" {title} "), theme.title(true)))
        .title(
            Line::from(keys.fill(
                " {Editor.SaveEntry} save · {Editor.Back} leave · {Editor.NextField} next field ",
            ))
            .right_aligned(),
        );
    frame.render_widget(Clear, area);
    let body = block.inner(area);
    frame.render_widget(block, area);
    let label_w = label_width(form.fields);
    if body.height < 3 || body.width <= label_w + 2 {
        return;
    }

    let width = body.width as usize;
    let notice = if let Some(e) = &form.error {
        Line::styled(
            fit(&format!("Not saved: {}", keys.fill(e)), width),
            theme.bad(),
        )
    } else if let Some(w) = warning {
        Line::styled(fit(&w, width), theme.warn())
    } else {
        Line::styled(fit(&keys.fill(form.field().hint), width), theme.dim())
    };
    frame.render_widget(
        Paragraph::new(notice),
        Rect::new(body.x, body.y, body.width, 1),
    );

    let rows = Rect::new(body.x, body.y + 1, body.width, body.height - 1);
    let heights: Vec<u16> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| height_of(form.fields, f, i == form.focus, rows.height))
        .collect();
    let focus = form.focus.min(heights.len().saturating_sub(1));
    let focus_top: u16 = heights[..focus].iter().sum();
    let focus_bottom = focus_top + heights.get(focus).copied().unwrap_or(0);
    let scroll = focus_bottom.saturating_sub(rows.height);

    let mut y: u16 = 0;
    for (i, h) in heights.iter().enumerate() {
        let top = y;
        y += h;
        if top < scroll || y - scroll > rows.height {
            continue;
        }
        let row = Rect::new(rows.x, rows.y + top - scroll, rows.width, *h);
        draw_field(frame, form, i, i == form.focus, theme, row, label_w);
    }
}

fn draw_field(
    frame: &mut Frame,
    form: &Form,
    i: usize,
    focused: bool,
    theme: Theme,
    row: Rect,
    label_w: u16,
) {
    let spec = &form.fields[i];
    let marker = if focused { "▸" } else { " " };
    let label = format!(
        "{marker}{:<width$}",
        spec.label,
        width = (label_w - 2) as usize
    );
    frame.render_widget(
        Paragraph::new(Line::styled(label, theme.label(focused))),
        Rect::new(row.x, row.y, label_w, 1),
    );
    let value = Rect::new(row.x + label_w, row.y, row.width - label_w, row.height);
    match spec.kind {
        Kind::Choice(words) => {
            let chosen = form.choice(i);
            let spans: Vec<Span> = words
                .iter()
                .enumerate()
                .map(|(k, w)| {
                    let style = if k == chosen {
                        Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED)
                    } else {
                        theme.dim()
                    };
                    Span::styled(format!(" {w} "), style)
                })
                .collect();
            frame.render_widget(Paragraph::new(Line::from(spans)), value);
        }
        Kind::Flag { yes, no } => {
            let (text, style) = if form.flag(i) {
                (yes, theme.bad())
            } else {
                (no, Style::default())
            };
            frame.render_widget(Paragraph::new(Line::styled(text, style)), value);
        }
        Kind::Line { .. } | Kind::Text => {
            let Some(ta) = form.text_area(i) else { return };
            if focused {
                frame.render_widget(ta, value);
                return;
            }
            let room = value.height as usize;
            let width = value.width as usize;
            let all = ta.lines();
            let mut lines: Vec<Line> = all
                .iter()
                .take(room)
                .map(|l| Line::raw(fit(l, width)))
                .collect();
            // More lines than rows: the last row says so.
            if all.len() > room
                && let Some(last) = lines.last_mut()
            {
                let text = fit(&all[room - 1], width.saturating_sub(2));
                *last = Line::raw(format!("{text} …"));
            }
            if lines.iter().all(|l| l.width() == 0) {
                frame.render_widget(Paragraph::new(Line::styled("—", theme.dim())), value);
            } else {
                frame.render_widget(Paragraph::new(lines), value);
            }
        }
    }
}
