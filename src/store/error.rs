//! Errors from reading and writing files, each naming the file concerned and saying
//! once, in words, what is wrong.

use std::io;
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// The cause is part of the message (not a `source`), so a chain printed with
    /// `{:#}` does not repeat it.
    #[error("could not {action} {}: {}", path.display(), io_words(cause))]
    Io {
        action: &'static str,
        path: PathBuf,
        cause: io::Error,
    },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{}: not a cmo-promote session file (it has no format_version)", path.display())]
    NoVersion { path: PathBuf },
    #[error(
        "{} was written by a newer cmo-promote (file format {found}); this build reads format {supported} and older. Install a cmo-promote that supports format {found} to open it.",
        path.display()
    )]
    NewerFormat {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{}: file format {found} is not one cmo-promote ever wrote", path.display())]
    UnknownFormat { path: PathBuf, found: u32 },
    #[error("{}: {reason}", path.display())]
    Invalid { path: PathBuf, reason: String },
    #[error("could not write {}: {message}", path.display())]
    Encode { path: PathBuf, message: String },
    /// A folder, a pipe, a device, a dangling link or a link loop where a session file
    /// was expected.
    #[error("{} {what}, not a session file", path.display())]
    NotAFile { path: PathBuf, what: String },
    /// The user may not write the file (or its folder): nothing is written.
    #[error("{} is not written: {reason}", path.display())]
    ReadOnly { path: PathBuf, reason: String },
    /// The session loads but fails `check`: writing to it would build on a broken state.
    #[error(
        "{} is not written: it fails its consistency check ({}{}); run `cmo-promote check {}` to see what is wrong",
        path.display(),
        problems.first().map(String::as_str).unwrap_or("unknown problem"),
        more_problems(problems.len()),
        path.display()
    )]
    Inconsistent {
        path: PathBuf,
        problems: Vec<String>,
    },
    #[error(
        "{} is not written: its save counter (generation) is at the largest value it can hold; set `generation:` in the file to a smaller number to save again",
        path.display()
    )]
    GenerationExhausted { path: PathBuf },
    #[error("no home directory to keep sessions in; pass --data-dir or set CMO_PROMOTE_DATA_DIR")]
    NoDataDir,
    #[error("no session matches \"{wanted}\" in {} (see `cmo-promote list`)", dir.display())]
    NotFound { wanted: String, dir: PathBuf },
    #[error("\"{wanted}\" matches several sessions; be more specific:\n{}", candidates.iter().map(|c| format!("  {c}")).collect::<Vec<_>>().join("\n"))]
    Ambiguous {
        wanted: String,
        candidates: Vec<String>,
    },
}

impl StoreError {
    /// A refusal that trying again will not change (the file is read-only, fails
    /// `check`, is from a newer version, or its save counter is used up), as opposed to
    /// a passing trouble such as a lock held too long or a full disk.
    pub fn is_lasting(&self) -> bool {
        matches!(
            self,
            StoreError::ReadOnly { .. }
                | StoreError::Inconsistent { .. }
                | StoreError::GenerationExhausted { .. }
                | StoreError::NewerFormat { .. }
        )
    }

    /// The system said no to a write for lack of permission (or a read-only file
    /// system): the user may no longer write there.
    pub fn is_permission(&self) -> bool {
        matches!(self, StoreError::Io { cause, .. }
            if matches!(cause.kind(), io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem))
    }

    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, cause: io::Error) -> Self {
        StoreError::Io {
            action,
            path: path.into(),
            cause,
        }
    }
}

fn more_problems(count: usize) -> String {
    match count {
        0 | 1 => String::new(),
        2 => ", and 1 more problem".to_string(),
        n => format!(", and {} more problems", n - 1),
    }
}

/// An I/O error in words: the system's message without the "(os error N)" tail, which
/// says nothing more to a user.
pub(crate) fn io_words(e: &io::Error) -> String {
    let text = e.to_string();
    // tempfile adds the path, which the message around this names already.
    let text = match text.find(" at path ") {
        Some(at) => &text[..at],
        None => &text,
    };
    let text = match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_io_error_says_its_cause_once_in_words() {
        let e = StoreError::io("read", "/x/s.ron", io::Error::from(io::ErrorKind::NotFound));
        let e = anyhow::Error::from(e);
        let shown = format!("{e:#}");
        assert_eq!(shown.matches("not found").count(), 1, "{shown}");
        let os = io::Error::from_raw_os_error(2);
        let shown = format!(
            "{:#}",
            anyhow::Error::from(StoreError::io("read", "/x/s.ron", os))
        );
        assert_eq!(shown, "could not read /x/s.ron: no such file or directory");
    }

    #[test]
    fn the_path_a_temp_file_error_adds_is_not_said_twice() {
        let e = io::Error::other("no space left on device (os error 28) at path \"/x/.t.tmp\"");
        assert_eq!(io_words(&e), "no space left on device");
    }
}
