//! Rescue files: edits that could not be saved, kept in a file of their own so quitting
//! never throws them away (`cmo-promote recover` applies them later).

use super::atomic::write_once;
use super::error::StoreError;
use super::parse_error::{parse_error, text_of};
use crate::model::Op;
use std::path::{Path, PathBuf};

/// Writes ops that could not be saved to a file of their own next to the session (or in
/// the temp folder if that fails), so quitting never throws edits away. Returns where.
/// The file appears whole or not at all (disk full leaves nothing behind). Written
/// without the session's lock, so its temp file is not tagged with the session.
pub fn write_rescue(session: &Path, ops: &[Op]) -> Result<PathBuf, StoreError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let name = format!(
        "{}.unsaved-{stamp}-{}",
        session.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    );
    let text = ron::ser::to_string_pretty(ops, pretty()).map_err(|e| StoreError::Encode {
        path: session.to_path_buf(),
        message: e.to_string(),
    })?;
    keep_beside(session, &name, &text)
}

/// Writes a new file `name` beside the session, or in the temp folder if the session's
/// folder cannot take it; whole or not at all. Returns where it went.
pub(super) fn keep_beside(session: &Path, name: &str, text: &str) -> Result<PathBuf, StoreError> {
    let beside = session.with_file_name(name);
    match write_once(&beside, text.as_bytes()) {
        Ok(()) => Ok(beside),
        Err(_) => {
            let elsewhere = std::env::temp_dir().join(name);
            write_once(&elsewhere, text.as_bytes())?;
            Ok(elsewhere)
        }
    }
}

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new().new_line("\n")
}

/// The text a rescue file of `ops` holds: for showing edits that could not be kept in
/// any file, so that they can still be copied from the screen.
pub fn rescue_text(ops: &[Op]) -> String {
    ron::ser::to_string_pretty(ops, pretty())
        .unwrap_or_else(|e| format!("(the edits cannot be written out: {e})"))
}

/// The ops of a rescue file; errors say where the file is not one.
pub fn read_rescue(path: &Path) -> Result<Vec<Op>, StoreError> {
    let bytes = super::access::read_regular(path, "a rescue file")?;
    let text = text_of(bytes, path)?;
    if text.trim().is_empty() {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            reason: "the file is empty: not a rescue file".into(),
        });
    }
    ron::from_str(&text).map_err(|e| match parse_error(path, e) {
        StoreError::Parse {
            path,
            line,
            col,
            message,
        } => StoreError::Parse {
            path,
            line,
            col,
            message: format!("not a rescue file: {message}"),
        },
        other => other,
    })
}
