//! Styles by what they mean (focus, selection, pass, fail, blocked, late, ahead,
//! frozen, warning, …): the built-in dark, light and mono themes, and a theme with a
//! user's own colours laid over one of them. The theme is chosen once at start (see
//! `config`) and handed to drawing; nothing here reads the environment.

use ratatui::style::{Color, Modifier, Style};

/// What a style says. A config file names roles by these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
pub enum Role {
    /// The focused pane's border and title, and the shown tab.
    Focus,
    /// The selected row.
    Selection,
    Pass,
    Fail,
    Blocked,
    /// Behind the rehearsal or past the point of no return.
    Late,
    /// On time, or ahead of the plan.
    Ahead,
    /// Production's configuration frozen.
    Frozen,
    Warning,
    /// A timer that is running.
    Running,
    /// The current step.
    Current,
    /// What matters less: empty cells, skipped steps.
    Dim,
    /// Keys in hints and help.
    Key,
}

impl Role {
    /// Every role, in the order a config file lists them.
    pub const ALL: [Role; 13] = [
        Role::Focus,
        Role::Selection,
        Role::Pass,
        Role::Fail,
        Role::Blocked,
        Role::Late,
        Role::Ahead,
        Role::Frozen,
        Role::Warning,
        Role::Running,
        Role::Current,
        Role::Dim,
        Role::Key,
    ];
}

/// The built-in themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
pub enum ThemeName {
    /// Colours that read on a dark background (and mostly on a light one).
    #[default]
    Dark,
    /// Darker colours for a light background.
    Light,
    /// No colours: bold, reverse, underline and dim only.
    Mono,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    styles: [Style; Role::ALL.len()],
}

const fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

const BOLD: Modifier = Modifier::BOLD;

impl Theme {
    /// No colour: what `NO_COLOR` asks for.
    pub const MONO: Theme = Theme {
        styles: [
            Style::new().add_modifier(BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
            Style::new(),
            Style::new().add_modifier(BOLD),
            Style::new().add_modifier(BOLD),
            Style::new().add_modifier(BOLD),
            Style::new(),
            Style::new().add_modifier(BOLD),
            Style::new(),
            Style::new().add_modifier(BOLD),
            Style::new().add_modifier(BOLD),
            Style::new().add_modifier(Modifier::DIM),
            Style::new().add_modifier(BOLD),
        ],
    };

    /// The dark theme (the default).
    pub const COLOR: Theme = Theme {
        styles: [
            fg(Color::Cyan).add_modifier(BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
            fg(Color::Green),
            fg(Color::Red).add_modifier(BOLD),
            fg(Color::Magenta).add_modifier(BOLD),
            fg(Color::Red).add_modifier(BOLD),
            fg(Color::Green),
            fg(Color::LightBlue).add_modifier(BOLD),
            fg(Color::Yellow),
            fg(Color::Green).add_modifier(BOLD),
            fg(Color::Yellow).add_modifier(BOLD),
            fg(Color::DarkGray),
            fg(Color::Cyan).add_modifier(BOLD),
        ],
    };

    /// The light theme: no yellow or cyan, which wash out on white.
    pub const LIGHT: Theme = Theme {
        styles: [
            fg(Color::Blue).add_modifier(BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
            fg(Color::Indexed(28)),
            fg(Color::Indexed(160)).add_modifier(BOLD),
            fg(Color::Indexed(127)).add_modifier(BOLD),
            fg(Color::Indexed(160)).add_modifier(BOLD),
            fg(Color::Indexed(28)),
            fg(Color::Indexed(25)).add_modifier(BOLD),
            fg(Color::Indexed(130)),
            fg(Color::Indexed(28)).add_modifier(BOLD),
            fg(Color::Indexed(130)).add_modifier(BOLD),
            fg(Color::Indexed(244)),
            fg(Color::Blue).add_modifier(BOLD),
        ],
    };

    /// A built-in theme.
    pub fn named(name: ThemeName) -> Theme {
        match name {
            ThemeName::Dark => Theme::COLOR,
            ThemeName::Light => Theme::LIGHT,
            ThemeName::Mono => Theme::MONO,
        }
    }

    /// This theme with `role` drawn in `colour` (its bold and the like kept).
    pub fn with_colour(mut self, role: Role, colour: Color) -> Theme {
        let style = &mut self.styles[role as usize];
        *style = style.fg(colour);
        self
    }

    /// The style of `role`.
    pub fn of(self, role: Role) -> Style {
        self.styles[role as usize]
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.of(Role::Focus)
        } else {
            self.dim()
        }
    }

    pub fn title(self, focused: bool) -> Style {
        if focused {
            self.of(Role::Focus).add_modifier(Modifier::REVERSED)
        } else {
            Style::default().add_modifier(BOLD)
        }
    }

    /// The selected row: as the theme says in the focused pane, underlined elsewhere.
    pub fn selected(self, focused: bool) -> Style {
        if focused {
            self.of(Role::Selection)
        } else {
            Style::default().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn current(self) -> Style {
        self.of(Role::Current)
    }

    pub fn dim(self) -> Style {
        self.of(Role::Dim)
    }

    pub fn good(self) -> Style {
        self.of(Role::Pass)
    }

    pub fn bad(self) -> Style {
        self.of(Role::Fail)
    }

    pub fn warn(self) -> Style {
        self.of(Role::Warning)
    }

    pub fn running(self) -> Style {
        self.of(Role::Running)
    }

    pub fn key(self) -> Style {
        self.of(Role::Key)
    }

    /// A screen's name in the tab line: the one shown reversed.
    pub fn tab(self, shown: bool) -> Style {
        if shown {
            self.of(Role::Focus).add_modifier(Modifier::REVERSED)
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
            Tone::Blocked => self.of(Role::Blocked),
            Tone::Late => self.of(Role::Late),
            Tone::Ahead => self.of(Role::Ahead),
            Tone::Frozen => self.of(Role::Frozen),
        }
    }

    pub fn label(self, focused: bool) -> Style {
        self.title(focused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mono_theme_uses_no_colour_and_shows_focus_by_modifiers() {
        let t = Theme::MONO;
        for role in Role::ALL {
            let style = t.of(role);
            assert_eq!((style.fg, style.bg), (None, None), "{role:?}");
        }
        assert_ne!(t.title(true), t.title(false));
        assert!(t.selected(true).add_modifier.contains(Modifier::REVERSED));
        assert_ne!(t.selected(false), Style::default());
    }

    #[test]
    fn the_roles_of_a_colour_theme_that_must_be_told_apart_are() {
        for t in [Theme::COLOR, Theme::LIGHT] {
            let apart = [
                Role::Pass,
                Role::Fail,
                Role::Blocked,
                Role::Frozen,
                Role::Warning,
            ];
            for (i, a) in apart.iter().enumerate() {
                for b in &apart[i + 1..] {
                    assert_ne!(t.of(*a), t.of(*b), "{a:?} and {b:?}");
                }
            }
        }
    }

    #[test]
    fn a_custom_colour_changes_its_role_only_and_keeps_its_bold() {
        let t = Theme::COLOR.with_colour(Role::Fail, Color::Rgb(200, 0, 0));
        assert_eq!(t.bad().fg, Some(Color::Rgb(200, 0, 0)));
        assert!(t.bad().add_modifier.contains(Modifier::BOLD));
        assert_eq!(t.good(), Theme::COLOR.good());
    }
}
