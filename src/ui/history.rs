//! The History screen: one line per op, newest first (when, who, what in words), the
//! filter on the title line, and the status bar. Only the rows on screen are built.

use super::layout::inner;
use super::list;
use super::status;
use super::text::{fit, pad};
use super::theme::Theme;
use crate::app::keymap::{Action, Ctx};
use crate::app::{App, Hits, Pane, PaneHit};
use crate::vocab::op_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, body: Rect, hits: &mut Hits) {
    if body.height < 5 {
        return;
    }
    let pane = Rect::new(body.x, body.y, body.width, body.height - 2);
    let status_area = Rect::new(body.x, body.y + body.height - 2, body.width, 2);
    let s = &app.doc.session;
    let view = &app.history;
    let focused = app.focus == Pane::History;
    let count = if view.filter.is_empty() {
        format!(" {} ops ", s.history().len())
    } else {
        format!(
            " {} of {} · {}{} ({}: all) ",
            view.rows().len(),
            s.history().len(),
            app.keymap.first(Ctx::History, Action::Filter),
            view.filter,
            app.keymap.first(Ctx::History, Action::Back),
        )
    };
    let room = (pane.width as usize).saturating_sub(" History ".len() + 4);
    let block = super::pane::block("History", focused, theme)
        .title(Line::from(fit(&count, room)).right_aligned());
    frame.render_widget(block, pane);
    let area = inner(pane);
    let rows = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1),
    );
    hits.panes.push(PaneHit {
        pane: Pane::History,
        area: pane,
        rows,
    });
    let w = area.width as usize;
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(&format!("{}  {}  What", pad("When", 16), pad("Who", 10)), w),
            theme.dim(),
        )),
        Rect::new(area.x, area.y, area.width, 1),
    );
    if view.rows().is_empty() {
        let text = if s.history().is_empty() {
            "Nothing has been recorded yet."
        } else {
            &app.keymap
                .fill("No op matches the filter. {History.Back} clears it.")
        };
        frame.render_widget(
            Paragraph::new(Line::styled(fit(text, w), theme.dim())),
            rows,
        );
    } else {
        let mut ops = s.history().reader();
        list::draw(
            frame,
            view.rows(),
            view.cursor,
            rows,
            focused,
            theme,
            |&i| match ops.get(i) {
                Some(op) => {
                    let when = app.local(op.at).format("%Y-%m-%d %H:%M").to_string();
                    let what = op_line(&op, s);
                    let text = format!("{}  {}  {what}", pad(&when, 16), pad(&op.author, 10));
                    Line::raw(fit(&text, w))
                }
                None => Line::raw(""),
            },
        );
    }
    status::draw(frame, app, theme, status_area);
}
