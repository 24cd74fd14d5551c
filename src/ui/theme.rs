//! Styles. With `NO_COLOR` the mono theme shows focus and selection by bold, reverse
//! and underline alone; the colour theme uses colours that read on dark and light
//! backgrounds (no fixed background colours).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless the `NO_COLOR` convention asks otherwise.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    pub const MONO: Theme = Theme { color: false };
    pub const COLOR: Theme = Theme { color: true };

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    pub fn title(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    /// The selected row: reversed in the focused pane, underlined elsewhere.
    pub fn selected(self, focused: bool) -> Style {
        if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn current(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn bad(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn running(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// A screen's name in the tab line: the one shown reversed.
    pub fn tab(self, shown: bool) -> Style {
        if shown {
            self.fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            self.dim()
        }
    }

    /// The style of a mark's tone (see `vocab`).
    pub fn tone(self, tone: crate::vocab::Tone) -> Style {
        use crate::vocab::Tone;
        match tone {
            Tone::Plain => Style::default(),
            Tone::Good => self.good(),
            Tone::Bad => self.bad(),
            Tone::Warn => self.warn(),
            Tone::Running => self.running(),
            Tone::Dim => self.dim(),
        }
    }

    pub fn label(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mono_theme_uses_no_colour_and_shows_focus_by_modifiers() {
        let t = Theme::MONO;
        for style in [
            t.border(true),
            t.title(true),
            t.selected(true),
            t.selected(false),
            t.current(),
            t.bad(),
            t.running(),
            t.key(),
        ] {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        assert_ne!(t.title(true), t.title(false));
        assert!(t.selected(true).add_modifier.contains(Modifier::REVERSED));
        assert_ne!(t.selected(false), Style::default());
    }
}
