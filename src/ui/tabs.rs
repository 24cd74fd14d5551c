//! The tab line: every screen with the key that shows it, the one shown stands out.

use super::theme::Theme;
use crate::app::{App, SCREENS, ScreenId};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the tabs; returns where each one is, for clicks.
pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) -> Vec<(Rect, ScreenId)> {
    let mut spans = Vec::new();
    let mut hits = Vec::new();
    let mut x = area.x;
    for (i, screen) in SCREENS.iter().enumerate() {
        let shown = screen.id() == app.screen;
        let text = format!(" {} {} ", i + 1, screen.name());
        let width = text.chars().count() as u16;
        if x.saturating_add(width) > area.x + area.width {
            break;
        }
        hits.push((Rect::new(x, area.y, width, 1), screen.id()));
        spans.push(Span::styled(text, theme.tab(shown)));
        spans.push(Span::raw(" "));
        x = x.saturating_add(width + 1);
    }
    // The freeze is the one thing every screen must say while it holds.
    let used = x.saturating_sub(area.x) as usize;
    if let Some(words) = crate::vocab::outage::freeze_words(&app.doc.session, app.zone) {
        let room = (area.width as usize).saturating_sub(used + 1);
        let text = super::text::fit(&words, room);
        let pad = room.saturating_sub(super::text::cells(&text));
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(text, theme.tone(crate::vocab::Tone::Frozen)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    hits
}
