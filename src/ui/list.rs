//! A scrolling list: the rows on screen from the cursor's offset (only those are
//! built, whatever the list's length), the selected one highlighted. The checklist, the
//! timer's time per step and the Work plan are such lists.

use super::theme::Theme;
use crate::app::Cursor;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Draws `items` into `area` from `cursor.offset`; `row` draws one item. The selected
/// row gets the selection style (reversed when the list has the focus).
pub fn draw<'a, T>(
    frame: &mut Frame,
    items: &'a [T],
    cursor: Cursor,
    area: Rect,
    focused: bool,
    theme: Theme,
    mut row: impl FnMut(&'a T) -> Line<'static>,
) {
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(cursor.offset)
        .take(area.height as usize)
        .map(|(i, item)| {
            let line = row(item);
            if i == cursor.selected {
                let style = line.style.patch(theme.selected(focused));
                line.style(style)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
