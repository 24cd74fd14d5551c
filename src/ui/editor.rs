//! The change editor, drawn over the checklist and Work plan as a form; its top line
//! warns when another change targets the same area and item.

use super::theme::Theme;
use crate::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let Some(ed) = &app.promotion.editor else {
        return;
    };
    let s = &app.doc.session;
    let title = match ed.target.and_then(|id| s.change(id)) {
        Some(c) => format!("Work plan — editing {}", c.label()),
        None => "Work plan — new change".to_string(),
    };
    let same = ed.same_target(s);
    let warning = (!same.is_empty()).then(|| {
        format!(
            "⚠ {} also changes this area and item: they must be replayed in order",
            same.join(", ")
        )
    });
    super::form::draw(frame, &ed.form, theme, area, &title, warning, &app.keymap);
}
