//! Errors from reading and writing files, each naming the file concerned.

use std::io;
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("could not {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
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
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        StoreError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
