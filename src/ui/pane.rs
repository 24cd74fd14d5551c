//! A pane's frame. The focused pane is unmistakable in colour and in mono alike: a thick
//! border and a `▸` before its name (in place of the space, so titles keep their width).

use super::theme::Theme;
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders};

/// The frame of the pane called `name` (the right-hand title is the caller's).
pub fn block(name: &str, focused: bool, theme: Theme) -> Block<'static> {
    let (title, border) = if focused {
        (format!("▸{name} "), BorderType::Thick)
    } else {
        (format!(" {name} "), BorderType::Plain)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(border)
        .border_style(theme.border(focused))
        .title(Span::styled(title, theme.title(focused)))
}
