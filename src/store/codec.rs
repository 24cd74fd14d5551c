//! Session ⇄ RON text: pretty, `\n` line ends, strings unescaped so notes read as
//! written; the format version is checked (and older files migrated) before the body
//! is read.

use super::error::StoreError;
use crate::model::{FORMAT_VERSION, Session};
use ron::ser::PrettyConfig;
use serde::Deserialize;
use std::path::Path;

fn pretty() -> PrettyConfig {
    PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .escape_strings(false)
}

/// The RON text of a session.
pub fn encode_session(session: &Session, path: &Path) -> Result<String, StoreError> {
    ron::ser::to_string_pretty(session, pretty())
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| StoreError::Encode {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
}

/// Just the version, read before anything else so a newer file is refused cleanly.
/// Version 0 never existed: it stands for "no format_version in the file".
#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    format_version: u32,
}

/// Parses a session file's text. `path` is only used in error messages.
pub fn decode_session(text: &str, path: &Path) -> Result<Session, StoreError> {
    let probe: VersionProbe = ron::from_str(text).map_err(|e| parse_error(path, e))?;
    match probe.format_version {
        0 => Err(StoreError::NoVersion {
            path: path.to_path_buf(),
        }),
        v if v > FORMAT_VERSION => Err(StoreError::NewerFormat {
            path: path.to_path_buf(),
            found: v,
            supported: FORMAT_VERSION,
        }),
        v if v == FORMAT_VERSION => ron::from_str(text).map_err(|e| parse_error(path, e)),
        // Format 1 is the first format; a migration step from each older version to
        // the next goes here as new formats are introduced.
        v => Err(StoreError::UnknownFormat {
            path: path.to_path_buf(),
            found: v,
        }),
    }
}

pub(crate) fn parse_error(path: &Path, e: ron::error::SpannedError) -> StoreError {
    StoreError::Parse {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    }
}
