//! Session ⇄ RON text: pretty, `\n` line ends, strings unescaped so notes read as
//! written; the format version is checked (and older files migrated) before the body
//! is read.

use super::error::StoreError;
use super::head::{field_value, top_level_field};
use super::parse_error::parse_error;
use crate::model::{FORMAT_VERSION, Session};
use ron::ser::PrettyConfig;
use serde::de::IgnoredAny;
use std::path::Path;

fn pretty() -> PrettyConfig {
    PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .escape_strings(false)
}

/// What a session file says about itself, before the session: its format and how many
/// times it was saved. They belong to the file, not to the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileHead {
    /// The format the session is in as read (older files are brought up to date as they
    /// are read; one that could not be stays in its own).
    pub format_version: u32,
    /// Bumped by every save, so a writer can tell the file changed under it.
    pub generation: u64,
}

/// The RON text of a session as a new file holds it (no saves yet).
pub fn encode_session(session: &Session, path: &Path) -> Result<String, StoreError> {
    encode_file(session, 0, path)
}

/// The RON text of a session file: the format version and the save counter first (where
/// readers look for them in the first lines), then the session's fields.
pub fn encode_file(session: &Session, generation: u64, path: &Path) -> Result<String, StoreError> {
    let text = ron::ser::to_string_pretty(session, pretty()).map_err(|e| StoreError::Encode {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    // The session's text opens with `(` on a line of its own.
    let body = text.strip_prefix("(\n").unwrap_or(&text);
    Ok(format!(
        "(\n    format_version: {FORMAT_VERSION},\n    generation: {generation},\n{body}\n"
    ))
}

/// Parses a session file's text (`path` is only used in error messages), as a session.
pub fn decode_session(text: &str, path: &Path) -> Result<Session, StoreError> {
    decode_file(text, path).map(|(session, _)| session)
}

/// Parses a session file's text: the session and the file's head. The format version is
/// read first, on its own (it is the first field), so a newer file is refused cleanly
/// and the body is parsed once.
pub fn decode_file(text: &str, path: &Path) -> Result<(Session, FileHead), StoreError> {
    // Version 0 never existed: it stands for "no format_version in the file".
    let version = match top_level_field(text, "format_version") {
        None => {
            // Not there: say where the text is broken if it is, else what is missing.
            ron::from_str::<IgnoredAny>(text).map_err(|e| parse_error(path, e))?;
            0
        }
        // A version that is not a number is reported where it is by the full parse.
        Some(_) => field_value::<u32>(text, "format_version").unwrap_or(FORMAT_VERSION),
    };
    let generation = field_value::<u64>(text, "generation").unwrap_or(0);
    let head = |format_version| FileHead {
        format_version,
        generation,
    };
    match version {
        0 => Err(StoreError::NoVersion {
            path: path.to_path_buf(),
        }),
        v if v > FORMAT_VERSION => Err(StoreError::NewerFormat {
            path: path.to_path_buf(),
            found: v,
            supported: FORMAT_VERSION,
        }),
        v if v == FORMAT_VERSION => ron::from_str(text)
            .map(|s| (s, head(v)))
            .map_err(|e| parse_error(path, e)),
        // Format 3 only adds ops and fields (read as their defaults from a format-2
        // file, with which a format-2 history replays as before): older builds, which
        // would not know them, open a format-3 file read-only.
        2 => ron::from_str(text)
            .map(|s| (s, head(FORMAT_VERSION)))
            .map_err(|e| parse_error(path, e)),
        // Format 2 only adds fields (read as their defaults from a format-1 file) that
        // the migration fills in by replaying the history.
        1 => ron::from_str(text)
            .map(|s| {
                let (session, now) = Session::migrated_from_v1(s);
                (session, head(now))
            })
            .map_err(|e| parse_error(path, e)),
        // A migration step from each older version to the next goes here as new
        // formats are introduced.
        v => Err(StoreError::UnknownFormat {
            path: path.to_path_buf(),
            found: v,
        }),
    }
}
