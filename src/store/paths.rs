//! Where session files live and what they are called.

use super::error::StoreError;
use chrono::NaiveDate;
use std::path::PathBuf;

/// Environment variable that overrides the data directory (as `--data-dir` does).
pub const DATA_DIR_ENV: &str = "CMO_PROMOTE_DATA_DIR";

/// The platform's data directory for cmo-promote (Linux: `~/.local/share/cmo-promote`).
pub fn default_data_dir() -> Result<PathBuf, StoreError> {
    directories::ProjectDirs::from("", "", "cmo-promote")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(StoreError::NoDataDir)
}

/// A file-name-safe form of a title: lower-case ASCII letters and digits joined by `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "session".to_string()
    } else {
        out.to_string()
    }
}

/// The file stem for a new session: the title's slug and the date it was created.
pub fn file_stem_for(title: &str, created: NaiveDate) -> String {
    format!("{}-{}", slug(title), created.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_safe() {
        assert_eq!(slug("Q3 workflow changes"), "q3-workflow-changes");
        assert_eq!(slug("  --Forms/Rules: v2!  "), "forms-rules-v2");
        assert_eq!(slug("日本語"), "session");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert!(slug(&"x".repeat(500)).len() <= 48);
    }

    #[test]
    fn file_stem_has_slug_and_date() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(file_stem_for("Q3 changes", d), "q3-changes-2026-11-27");
    }
}
