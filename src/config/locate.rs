//! Where the config file and the data folder are, and what said so: a flag, an
//! environment variable, or the platform's default (`cmo-promote paths` shows them).

use crate::store::{DATA_DIR_ENV, StoreError, default_data_dir};
use std::path::{Path, PathBuf};

/// Environment variable that names the config file (as `--config` does).
pub const CONFIG_ENV: &str = "CMO_PROMOTE_CONFIG";

/// What chose a location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag, by name.
    Flag(&'static str),
    /// An environment variable, by name.
    Env(&'static str),
    /// The platform's default place.
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag(name) => write!(f, "from {name}"),
            Source::Env(name) => write!(f, "from ${name}"),
            Source::Default => write!(f, "the platform's default"),
        }
    }
}

/// A location and what chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    pub source: Source,
}

/// A flag's value, else an environment variable's (when set and not empty), else none.
fn given(flag: Option<&Path>, flag_name: &'static str, env: &'static str) -> Option<Located> {
    if let Some(path) = flag {
        return Some(Located {
            path: path.to_path_buf(),
            source: Source::Flag(flag_name),
        });
    }
    std::env::var_os(env)
        .filter(|v| !v.is_empty())
        .map(|v| Located {
            path: PathBuf::from(v),
            source: Source::Env(env),
        })
}

/// The config file: `--config`, else `$CMO_PROMOTE_CONFIG`, else `config.ron` in the
/// platform's config folder (Linux: `~/.config/cmo-promote`). `None` when the platform
/// has no config folder (no home directory) and nothing names a file.
pub fn config_path(flag: Option<&Path>) -> Option<Located> {
    given(flag, "--config", CONFIG_ENV).or_else(|| {
        directories::ProjectDirs::from("", "", "cmo-promote").map(|d| Located {
            path: d.config_dir().join("config.ron"),
            source: Source::Default,
        })
    })
}

/// The data folder: `--data-dir`, else `$CMO_PROMOTE_DATA_DIR`, else the platform's
/// data folder (Linux: `~/.local/share/cmo-promote`).
pub fn data_dir(flag: Option<&Path>) -> Result<Located, StoreError> {
    match given(flag, "--data-dir", DATA_DIR_ENV) {
        Some(found) => Ok(found),
        None => Ok(Located {
            path: default_data_dir()?,
            source: Source::Default,
        }),
    }
}
