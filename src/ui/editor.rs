//! The change editor, drawn over the checklist and work plan: one row per one-line
//! field, a few rows per text field, scrolled so the focused field is on screen.

use super::text::fit;
use super::theme::Theme;
use crate::app::{App, ChangeEditor, Field};
use crate::model::KNOWN_AREAS;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

const LABEL_W: u16 = 14;

/// Rows for a field: one-line fields 1; text fields 2 (1 when space is short), and the
/// focused text field whatever is left, at least 3.
fn height_of(f: Field, focused: bool, form_height: u16) -> u16 {
    let singles = Field::ORDER.iter().filter(|f| !f.is_multiline()).count() as u16;
    let multis = Field::ORDER.len() as u16 - singles;
    let tight = form_height < singles + multis * 2 + 4;
    let unfocused = if tight { 1 } else { 2 };
    if !f.is_multiline() {
        1
    } else if focused {
        form_height
            .saturating_sub(singles + (multis - 1) * unfocused)
            .clamp(3, 12)
    } else {
        unfocused
    }
}

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let Some(ed) = &app.editor else { return };
    let s = &app.doc.session;
    let title = match ed.target.and_then(|id| s.change(id)) {
        Some(c) => format!(" Work plan — editing {} ", c.label()),
        None => " Work plan — new change ".to_string(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(title, theme.title(true)))
        .title(Line::from(" Ctrl-S save · Esc leave · Tab next field ").right_aligned());
    frame.render_widget(Clear, area);
    let body = block.inner(area);
    frame.render_widget(block, area);
    if body.height < 3 || body.width <= LABEL_W + 2 {
        return;
    }

    // Top line: why the last save was refused, else a warning about another change to
    // the same object, else what the focused field wants.
    let notice = notice_line(ed, app, theme, body.width as usize);
    frame.render_widget(
        Paragraph::new(notice),
        Rect::new(body.x, body.y, body.width, 1),
    );

    let form = Rect::new(body.x, body.y + 1, body.width, body.height - 1);
    let heights: Vec<u16> = Field::ORDER
        .iter()
        .enumerate()
        .map(|(i, f)| height_of(*f, i == ed.focus, form.height))
        .collect();
    let focus_top: u16 = heights[..ed.focus].iter().sum();
    let focus_bottom = focus_top + heights[ed.focus];
    let scroll = focus_bottom.saturating_sub(form.height);

    let mut y: u16 = 0;
    for (i, f) in Field::ORDER.iter().enumerate() {
        let h = heights[i];
        let top = y;
        y += h;
        if top < scroll || y - scroll > form.height {
            continue;
        }
        let row = Rect::new(form.x, form.y + top - scroll, form.width, h);
        draw_field(frame, ed, *f, i == ed.focus, theme, row);
    }
}

fn notice_line<'a>(ed: &ChangeEditor, app: &App, theme: Theme, width: usize) -> Line<'a> {
    if let Some(e) = &ed.error {
        return Line::styled(fit(&format!("Not saved: {e}"), width), theme.bad());
    }
    let same = ed.same_target(&app.doc.session);
    if !same.is_empty() {
        let text = format!(
            "⚠ {} also changes this area and item: they must be replayed in order",
            same.join(", ")
        );
        return Line::styled(fit(&text, width), theme.warn());
    }
    let hint = match ed.field() {
        Field::Area => format!(
            "↑/↓ picks a CMO area ({}…) or type any text",
            KNOWN_AREAS[..3].join(", ")
        ),
        Field::Action => "Space or ↑/↓ chooses add, modify or remove".into(),
        Field::Irreversible => "Space toggles: can this change be undone once applied?".into(),
        Field::DependsOn => "Changes to apply first, e.g. WP-001, WP-004".into(),
        Field::Navigation => "How to reach the item in CMO's admin screens".into(),
        f if f.is_multiline() => "Enter starts a new line; Tab goes to the next field".into(),
        _ => "Enter or Tab goes to the next field".into(),
    };
    Line::styled(fit(&hint, width), theme.dim())
}

fn draw_field(
    frame: &mut Frame,
    ed: &ChangeEditor,
    f: Field,
    focused: bool,
    theme: Theme,
    row: Rect,
) {
    let marker = if focused { "▸" } else { " " };
    let label = format!(
        "{marker}{:<width$}",
        f.label(),
        width = (LABEL_W - 2) as usize
    );
    frame.render_widget(
        Paragraph::new(Line::styled(label, theme.label(focused))),
        Rect::new(row.x, row.y, LABEL_W, 1),
    );
    let value = Rect::new(row.x + LABEL_W, row.y, row.width - LABEL_W, row.height);
    match f {
        Field::Action => {
            let spans: Vec<Span> = ["add", "modify", "remove"]
                .iter()
                .map(|w| {
                    let chosen = *w == ed.action.word();
                    let style = if chosen {
                        Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED)
                    } else {
                        theme.dim()
                    };
                    Span::styled(format!(" {w} "), style)
                })
                .collect();
            frame.render_widget(Paragraph::new(Line::from(spans)), value);
        }
        Field::Irreversible => {
            let text = if ed.irreversible {
                "[x] yes — cannot be undone"
            } else {
                "[ ] no"
            };
            let style = if ed.irreversible {
                theme.bad()
            } else {
                Style::default()
            };
            frame.render_widget(Paragraph::new(Line::styled(text, style)), value);
        }
        _ => {
            let ta = &ed.texts[f.index()];
            if focused {
                frame.render_widget(ta, value);
            } else {
                let lines: Vec<Line> = ta
                    .lines()
                    .iter()
                    .take(value.height as usize)
                    .map(|l| Line::raw(fit(l, value.width as usize)))
                    .collect();
                let empty = lines.iter().all(|l| l.width() == 0);
                if empty {
                    frame.render_widget(Paragraph::new(Line::styled("—", theme.dim())), value);
                } else {
                    frame.render_widget(Paragraph::new(lines), value);
                }
            }
        }
    }
}
