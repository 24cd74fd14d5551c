//! Drawing. Everything here reads the app state and draws it; nothing here changes it.
//! [`draw`] returns where it put the things that take clicks, for the app to keep.

mod big_digits;
mod board;
mod board_plan;
mod change_details;
mod checklist;
mod conflicts;
mod editor;
mod form;
mod history;
pub mod layout;
mod list;
mod modal;
mod outage;
mod pane;
mod promotion;
mod replay;
mod script_details;
mod status;
mod step_details;
mod tabs;
mod tests_screen;
mod text;
pub mod theme;
mod time_entries;
mod timer;
mod work_plan;

use crate::app::{App, Hits, ScreenId};
use layout::{MIN_HEIGHT, MIN_WIDTH, split_tabs};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Wrap};
pub use theme::{Role, Theme, ThemeName};

/// Draws a screen's body (below the tab line), adding its panes to the hits.
type DrawScreen = fn(&mut Frame, &App, Theme, Rect, &mut Hits);

/// How each screen is drawn: one line per screen of `app::SCREENS`.
const SCREENS: &[(ScreenId, DrawScreen)] = &[
    (ScreenId::Promotion, promotion::draw),
    (ScreenId::Tests, tests_screen::draw),
    (ScreenId::Outage, outage::draw),
    (ScreenId::History, history::draw),
];

/// Draws one frame of the whole screen; returns where the panes and tabs went.
pub fn draw(frame: &mut Frame, app: &App, theme: Theme) -> Hits {
    let screen = frame.area();
    let mut hits = Hits::default();
    let Some((tab_line, body)) = split_tabs(screen) else {
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
        return hits;
    };
    hits.tabs = tabs::draw(frame, app, theme, tab_line);
    if let Some((_, draw_screen)) = SCREENS.iter().find(|(id, _)| *id == app.screen) {
        draw_screen(frame, app, theme, body, &mut hits);
    }
    if app.modal.is_some() {
        hits.scroll_limit = modal::draw(frame, app, theme, screen);
    }
    hits
}
