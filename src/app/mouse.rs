//! Mouse: a click on a tab shows its screen; a click in a pane focuses it and selects
//! the row under it; the wheel scrolls the pane under it. Where things are comes from
//! the last frame drawn (`App::hits`).

use super::App;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

pub(super) fn handle(app: &mut App, m: MouseEvent) {
    if app.modal.is_some() || app.promotion.editor.is_some() || app.tests.editor.is_some() {
        return;
    }
    let at = Position::new(m.column, m.row);
    if let MouseEventKind::Down(MouseButton::Left) = m.kind
        && let Some(id) = app.hits().tab_at(at)
    {
        app.show_screen(id);
        return;
    }
    let Some(hit) = app.hits().pane_at(at).copied() else {
        return;
    };
    let pane = hit.pane;
    let (len, height) = app.list_geometry(pane);
    let height = height.unwrap_or(hit.rows.height as usize);
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            app.focus = pane;
            if let Some(index) =
                row_in(hit.rows, at).and_then(|r| app.cursor_mut(pane).index_at(r, len))
            {
                app.cursor_mut(pane).select(index, len, height);
            }
            // A click on a round's column of the Tests grid chooses that round.
            if pane == super::Pane::Tests
                && let Some(round) = app.hits().column_at(at.x)
            {
                app.choose_round(round);
            }
        }
        MouseEventKind::ScrollDown => app.cursor_mut(pane).scroll(3, len, height),
        MouseEventKind::ScrollUp => app.cursor_mut(pane).scroll(-3, len, height),
        _ => {}
    }
}

fn row_in(rows: Rect, at: Position) -> Option<usize> {
    rows.contains(at).then(|| (at.y - rows.y) as usize)
}
