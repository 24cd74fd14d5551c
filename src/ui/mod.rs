//! Drawing. Everything here reads the app state and draws it; nothing here changes it.

mod checklist;
mod editor;
pub mod layout;
mod modal;
mod status;
mod text;
pub mod theme;
mod timer;
mod work_plan;

use crate::app::App;
use layout::{Areas, MIN_HEIGHT, MIN_WIDTH};
use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::widgets::{Paragraph, Wrap};
pub use theme::Theme;

/// Draws one frame of the whole screen.
pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let screen = frame.area();
    let Some(areas) = Areas::of(screen) else {
        let msg = format!(
            "Terminal too small: {}×{}. cmo-promote needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            screen.width, screen.height
        );
        frame.render_widget(
            Paragraph::new(msg)
                .wrap(Wrap { trim: true })
                .alignment(Alignment::Center),
            screen,
        );
        return;
    };
    checklist::draw(frame, app, theme, &areas);
    work_plan::draw(frame, app, theme, &areas);
    timer::draw(frame, app, theme, &areas);
    if app.editor.is_some() {
        editor::draw(frame, app, theme, areas.editor());
    }
    status::draw(frame, app, theme, areas.status);
    if app.modal.is_some() {
        modal::draw(frame, app, theme, screen);
    }
}
