//! The user's settings, `config.ron`: what it may say, reading it (a partial file is
//! laid over the defaults; a bad one is an error that names the file, line, column and
//! key), and what it makes at start: the keymap, the theme, the mouse, the user's name,
//! the defaults of a new session and the areas the editor offers. Where the file is
//! comes from [`locate`].

pub mod locate;
mod print_default;

use crate::app::keymap::{Collision, KeyOverrides, Keymap};
use crate::model::{DEFAULT_CONTINGENCY_PERCENT, DEFAULT_COPY_BACK_DAYS, Template, default_areas};
use crate::ui::{Role, Theme, ThemeName};
use ratatui::style::Color;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use locate::{CONFIG_ENV, Located, Source, config_path, data_dir};
pub use print_default::default_text;

/// Everything a config file may set; what it leaves out keeps its default.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The name recorded as the author of your edits (`--user` still wins).
    pub user: Option<String>,
    /// Whether the TUI takes the mouse (`--no-mouse` still turns it off).
    pub mouse: bool,
    /// A built-in theme: `Dark`, `Light` or `Mono` (`NO_COLOR` forces `Mono`).
    pub theme: ThemeName,
    /// Colours laid over the theme, by role: `{ Fail: "#d70000", Focus: "blue" }`.
    pub colours: BTreeMap<Role, Colour>,
    /// A new session's outage contingency, in percent of the rehearsal's time.
    pub contingency_percent: u32,
    /// How many days after the Production implementation the copy-back is due.
    pub copy_back_after_days: u32,
    /// The CMO areas the change editor offers (after the session's own).
    pub areas: Vec<String>,
    /// Key bindings by context and action: `{ Checklist: { SkipStep: ["S"] } }`.
    pub keys: KeyOverrides,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            user: None,
            mouse: true,
            theme: ThemeName::Dark,
            colours: BTreeMap::new(),
            contingency_percent: DEFAULT_CONTINGENCY_PERCENT,
            copy_back_after_days: DEFAULT_COPY_BACK_DAYS,
            areas: default_areas(),
            keys: KeyOverrides::new(),
        }
    }
}

/// A colour as a config file writes it: a name (`red`, `light-blue`, `dark-gray`), a
/// hex `#rrggbb` or a number from the terminal's 256-colour table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub Color);

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Colour, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<Color>().map(Colour).map_err(|_| {
            serde::de::Error::custom(format!(
                "\"{text}\" is not a colour: write a name (red, light-blue, dark-gray), \
                 a hex colour (#d70000) or a number from 0 to 255"
            ))
        })
    }
}

/// What is wrong with a config file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Parse(crate::store::StoreError),
    #[error("{}: {problem}", path.display())]
    Invalid { path: PathBuf, problem: String },
}

/// The settings in effect and what a program starting with them should say.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub config: Config,
    pub keymap: Keymap,
    /// Bindings that take the same key in one context (reported at start).
    pub collisions: Vec<Collision>,
    /// Why the file was not used, when it was not (the defaults are in effect then).
    pub refused: Option<String>,
}

impl Settings {
    /// The settings from the config file `at`: a bad one means defaults plus the
    /// reason, to be said at start; so does a missing one that a flag or the
    /// environment named (a typing mistake there should not pass unseen); a missing
    /// one in the default place means the defaults.
    pub fn load_located(at: &Located) -> Settings {
        if at.source != Source::Default && !at.path.exists() {
            return Settings {
                refused: Some(format!(
                    "{}: no such file ({})",
                    at.path.display(),
                    at.source
                )),
                ..Settings::default()
            };
        }
        Settings::load(&at.path)
    }

    /// The settings from the config file at `path`; a missing file means defaults, and
    /// a bad one means defaults plus the reason, to be said at start.
    pub fn load(path: &Path) -> Settings {
        match Config::load(path).and_then(|c| c.settings(path)) {
            Ok(settings) => settings,
            Err(e) => Settings {
                refused: Some(e.to_string()),
                ..Settings::default()
            },
        }
    }

    /// What to say at start about the config: why it was not used, or the keys that
    /// collide. `None` when all is well.
    pub fn notice(&self) -> Option<String> {
        if let Some(why) = &self.refused {
            return Some(format!("config not used, defaults in effect: {why}"));
        }
        let first = self.collisions.first()?;
        let more = match self.collisions.len() {
            1 => String::new(),
            n => format!(" (and {} more; see `cmo-promote config --check`)", n - 1),
        };
        Some(format!("config: {first}{more}"))
    }

    /// The theme: the config's, with its colours, unless `no_color` (the `NO_COLOR`
    /// convention) asks for none.
    pub fn theme(&self, no_color: bool) -> Theme {
        if no_color {
            return Theme::MONO;
        }
        self.config
            .colours
            .iter()
            .fold(Theme::named(self.config.theme), |t, (role, colour)| {
                t.with_colour(*role, colour.0)
            })
    }
}

impl Config {
    /// The config file at `path`; a file that is not there means the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Reads a config from its text (`path` names it in errors).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let config: Config = options
            .from_str(text)
            .map_err(|e| ConfigError::Parse(crate::store::ron_error(path, e)))?;
        config.check(path)?;
        Ok(config)
    }

    /// The rules the file's values must keep, beyond their types.
    fn check(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |problem: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            problem,
        };
        if self.user.as_deref().is_some_and(|u| u.trim().is_empty()) {
            return Err(invalid("user: give a name, or leave the line out".into()));
        }
        if self.contingency_percent > 1000 {
            return Err(invalid(format!(
                "contingency_percent: {} is more than 1000",
                self.contingency_percent
            )));
        }
        if self.copy_back_after_days > 365 {
            return Err(invalid(format!(
                "copy_back_after_days: {} is more than a year",
                self.copy_back_after_days
            )));
        }
        let mut seen = std::collections::HashSet::new();
        for area in &self.areas {
            if area.trim().is_empty() {
                return Err(invalid("areas: an area is empty".into()));
            }
            if !seen.insert(area.trim().to_lowercase()) {
                return Err(invalid(format!("areas: \"{area}\" is listed twice")));
            }
        }
        Ok(())
    }

    /// The keymap, and the collisions it has, that this config makes.
    pub fn settings(self, path: &Path) -> Result<Settings, ConfigError> {
        let keymap = Keymap::with_overrides(&self.keys).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            problem: e.to_string(),
        })?;
        Ok(Settings {
            collisions: keymap.collisions(),
            keymap,
            config: self,
            refused: None,
        })
    }

    /// `template` with this config's defaults for a new session.
    pub fn apply_to(&self, template: &mut Template) {
        template.contingency_percent = self.contingency_percent;
        template.copy_back_after_days = self.copy_back_after_days;
        template.areas = self.areas.clone();
    }
}

#[cfg(test)]
mod tests;
