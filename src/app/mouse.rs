//! Mouse: a click focuses the pane under it and selects the row; the wheel scrolls.

use super::{App, Pane};
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

pub(super) fn handle(app: &mut App, m: MouseEvent) {
    if app.modal.is_some() || app.editor.is_some() {
        return;
    }
    let Some(areas) = app.areas() else { return };
    let at = Position::new(m.column, m.row);
    let hit = [
        (Pane::Checklist, areas.checklist, areas.checklist_rows()),
        (Pane::WorkPlan, areas.work_plan, areas.work_plan_rows()),
        (Pane::Timer, areas.timer, areas.timer_rows()),
    ]
    .into_iter()
    .find(|(_, pane, _)| pane.contains(at));
    let Some((pane, _, rows)) = hit else { return };
    let (len, height) = app.list_geometry(pane);
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            app.focus = pane;
            if let Some(index) =
                row_in(rows, at).and_then(|r| app.cursor_mut(pane).index_at(r, len))
            {
                app.cursor_mut(pane).select(index, len, height);
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
