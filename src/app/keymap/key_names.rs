//! Keys written as text, as a config file gives them (`q`, `G`, `Space`, `Ctrl-S`,
//! `Alt-x`, `Enter`, `S-Tab`, `PgDn`, `F5`, `Up` or `↑`): reading them, and the name
//! the default config prints for each.

use super::Key;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// The named keys, by the name a config file gives them (any case), then other names
/// that are read as the same key.
const NAMED: &[(&str, KeyCode)] = &[
    ("Space", KeyCode::Char(' ')),
    ("Tab", KeyCode::Tab),
    ("S-Tab", KeyCode::BackTab),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("BackTab", KeyCode::BackTab),
    ("Shift-Tab", KeyCode::BackTab),
    ("Return", KeyCode::Enter),
    ("Escape", KeyCode::Esc),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Del", KeyCode::Delete),
    ("↑", KeyCode::Up),
    ("↓", KeyCode::Down),
    ("←", KeyCode::Left),
    ("→", KeyCode::Right),
];

impl Key {
    /// Reads a key as a config file writes it; the error says what is wrong in words.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 2 && (lower.starts_with("ctrl-") || lower.starts_with("c-")) {
                mods |= KeyModifiers::CONTROL;
            } else if rest.chars().count() > 2
                && (lower.starts_with("alt-") || lower.starts_with("m-"))
            {
                mods |= KeyModifiers::ALT;
            } else {
                break;
            }
            rest = &rest[rest.find('-').map_or(0, |i| i + 1)..];
        }
        let mut chars = rest.chars();
        let named = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest));
        let function = rest
            .strip_prefix(['F', 'f'])
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=24).contains(n));
        let code = match (named, function, chars.next(), chars.next()) {
            (Some((_, code)), _, _, _) => *code,
            (None, Some(n), _, _) => KeyCode::F(n),
            (None, None, Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => {
                return Err(format!(
                    "\"{text}\" is not a key: write one character (q, G, ?) or a key's \
                     name (Space, Enter, Esc, Tab, S-Tab, Up, Down, Left, Right, PgUp, \
                     PgDn, Home, End, Backspace, Delete, F1 to F24), with Ctrl- or Alt- \
                     before it if you like"
                ));
            }
        };
        if mods.contains(KeyModifiers::CONTROL)
            && let KeyCode::Char(c) = code
            && !c.is_ascii_alphabetic()
        {
            return Err(format!(
                "\"{text}\": Ctrl goes with a letter (Ctrl-S); terminals do not tell \
                 Ctrl and other characters apart"
            ));
        }
        // Terminals send Ctrl-S and Ctrl-s alike; the defaults write the small letter.
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Ok(Key { code, mods })
    }

    /// How a config file writes the key (what [`Key::parse`] reads back).
    pub fn config_name(&self) -> String {
        let base = match self.code {
            KeyCode::Char(c) if c != ' ' => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            code => NAMED
                .iter()
                .find(|(_, c)| *c == code)
                .map_or_else(|| format!("{code:?}"), |(n, _)| n.to_string()),
        };
        let mut name = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            name.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            name.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::CONTROL)
            && let KeyCode::Char(c) = self.code
        {
            name.push(c.to_ascii_uppercase());
            return name;
        }
        name + &base
    }

    /// Whether a key press could be taken as either key, by the rules the dispatcher
    /// matches keys with.
    pub fn overlaps(&self, other: &Key) -> bool {
        let press = |k: &Key| ratatui::crossterm::event::KeyEvent::new(k.code, k.mods);
        self.matches(&press(other)) || other.matches(&press(self))
    }
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        let text = String::deserialize(d)?;
        Key::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ch, ctrl, plain};
    use super::*;

    #[test]
    fn keys_are_read_as_help_and_the_default_config_write_them() {
        for (text, key) in [
            ("q", ch('q')),
            ("G", ch('G')),
            ("?", ch('?')),
            ("-", ch('-')),
            ("Space", ch(' ')),
            ("space", ch(' ')),
            ("Ctrl-S", ctrl('s')),
            ("ctrl-s", ctrl('s')),
            ("C-s", ctrl('s')),
            ("S-Tab", plain(KeyCode::BackTab)),
            ("Enter", plain(KeyCode::Enter)),
            ("↑", plain(KeyCode::Up)),
            ("PageDown", plain(KeyCode::PageDown)),
            ("F5", plain(KeyCode::F(5))),
        ] {
            let read = Key::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!(read.overlaps(&key), "{text} read as {read:?}, not {key:?}");
            assert_eq!(Key::parse(&read.config_name()), Ok(read), "{text}");
        }
        let alt = Key::parse("Alt-x").unwrap();
        assert_eq!(alt.mods, KeyModifiers::ALT);
        assert_eq!(alt.config_name(), "Alt-x");
    }

    #[test]
    fn what_is_not_a_key_is_refused_with_the_text_quoted() {
        for bad in ["", "Ctrll-s", "qq", "F99", "Ctrl-1", "Enterr"] {
            let e = Key::parse(bad).expect_err(bad);
            assert!(e.contains(&format!("\"{bad}\"")), "{bad}: {e}");
        }
    }

    #[test]
    fn keys_overlap_as_the_dispatcher_matches_them() {
        assert!(ctrl('s').overlaps(&Key::parse("Ctrl-S").unwrap()));
        assert!(!ch('s').overlaps(&ch('S')));
        assert!(!ch('s').overlaps(&ctrl('s')));
        assert!(plain(KeyCode::BackTab).overlaps(&Key::parse("BackTab").unwrap()));
    }
}
