//! Rescue files: edits that could not be saved, kept in a file of their own so quitting
//! never throws them away (`cmo-promote recover` applies them later).

use super::atomic::write_once;
use super::error::StoreError;
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
    let text = ron::ser::to_string_pretty(ops, ron::ser::PrettyConfig::new().new_line("\n"))
        .map_err(|e| StoreError::Encode {
            path: session.to_path_buf(),
            message: e.to_string(),
        })?;
    let beside = session.with_file_name(&name);
    match write_once(&beside, text.as_bytes()) {
        Ok(()) => Ok(beside),
        Err(_) => {
            let elsewhere = std::env::temp_dir().join(&name);
            write_once(&elsewhere, text.as_bytes())?;
            Ok(elsewhere)
        }
    }
}
