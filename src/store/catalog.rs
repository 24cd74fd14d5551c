//! The sessions folder: creating, loading, saving, listing sessions and finding the one
//! a user means by a path, a file name or the start of a title.

use super::atomic::{remove_stray_temps, write_new};
use super::codec::encode_session;
use super::error::StoreError;
use super::paths::{file_stem_for, slug};
use super::session_file::Loaded;
use crate::model::Session;
use chrono::{DateTime, Local};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A temp file older than this is taken to be left over from a crashed save.
const STRAY_TEMP_AGE: Duration = Duration::from_secs(300);

/// One entry of the sessions folder: the file and what reading it gave.
#[derive(Debug)]
pub struct Listed {
    pub path: PathBuf,
    pub modified: Option<DateTime<Local>>,
    pub session: Result<Session, StoreError>,
}

/// The data directory and the sessions folder inside it.
#[derive(Debug, Clone)]
pub struct Store {
    data_dir: PathBuf,
}

impl Store {
    /// A store rooted at `data_dir`. Leftover temp files of crashed saves are removed.
    pub fn open(data_dir: PathBuf) -> Store {
        let store = Store { data_dir };
        remove_stray_temps(&store.sessions_dir(), STRAY_TEMP_AGE);
        store
    }

    pub fn sessions_dir(&self) -> PathBuf {
        self.data_dir.join("sessions")
    }

    /// Saves a new session under a fresh file name made of its title and date.
    pub fn create(&self, session: &Session) -> Result<PathBuf, StoreError> {
        let dir = self.sessions_dir();
        let stem = file_stem_for(
            &session.title,
            session.created_at.with_timezone(&Local).date_naive(),
        );
        let text = encode_session(session, &dir.join(format!("{stem}.ron")))?;
        write_new(&dir, &stem, text.as_bytes())
    }

    /// The session files in the folder (`*.ron`, not hidden), newest first.
    pub fn session_files(&self) -> Result<Vec<(PathBuf, Option<SystemTime>)>, StoreError> {
        let dir = self.sessions_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io("read folder", &dir, e)),
        };
        let mut files: Vec<(PathBuf, Option<SystemTime>)> = entries
            .flatten()
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.ends_with(".ron") && !name.starts_with('.')
            })
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| (e.path(), e.metadata().and_then(|m| m.modified()).ok()))
            .collect();
        files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(files)
    }

    /// Every session file with its content or the reason it could not be read.
    pub fn list(&self) -> Result<Vec<Listed>, StoreError> {
        Ok(self
            .session_files()?
            .into_iter()
            .map(|(path, modified)| Listed {
                session: Loaded::load(&path).map(|l| l.session),
                modified: modified.map(DateTime::<Local>::from),
                path,
            })
            .collect())
    }

    /// Finds the file a user means: a path to a file, a file name in the sessions
    /// folder (with or without `.ron`), or the start of a session's title.
    pub fn resolve(&self, wanted: &str) -> Result<PathBuf, StoreError> {
        let as_path = Path::new(wanted);
        if as_path.is_file() {
            return Ok(as_path.to_path_buf());
        }
        let dir = self.sessions_dir();
        for name in [wanted.to_string(), format!("{wanted}.ron")] {
            let candidate = dir.join(&name);
            if !name.contains(['/', '\\']) && candidate.is_file() {
                return Ok(candidate);
            }
        }
        let not_found = || StoreError::NotFound {
            wanted: wanted.to_string(),
            dir: dir.clone(),
        };
        let needle = wanted.trim().to_lowercase();
        if needle.is_empty() || wanted.contains(['/', '\\']) || wanted.ends_with(".ron") {
            return Err(not_found());
        }
        let mut readable: Vec<(PathBuf, String)> = Vec::new();
        let mut unreadable: Vec<(PathBuf, StoreError)> = Vec::new();
        for listed in self.list()? {
            match listed.session {
                Ok(s) => readable.push((listed.path, s.title)),
                // A newer version's file is still found by its title (to open it
                // read-only); every command that would write refuses it on load.
                Err(e @ StoreError::NewerFormat { .. }) => {
                    match Loaded::load_for_viewing(&listed.path) {
                        Ok(l) => readable.push((listed.path, l.session.title)),
                        Err(_) => unreadable.push((listed.path, e)),
                    }
                }
                Err(e) => unreadable.push((listed.path, e)),
            }
        }
        // A broken file whose name fits what was asked for: say why it cannot be used
        // rather than that nothing matches.
        let wanted_slug = slug(wanted);
        let named_like = |p: &PathBuf| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&wanted_slug))
        };
        let exact: Vec<&(PathBuf, String)> = readable
            .iter()
            .filter(|(_, t)| t.to_lowercase() == needle)
            .collect();
        let matches = if exact.len() == 1 {
            exact
        } else {
            readable
                .iter()
                .filter(|(_, t)| t.to_lowercase().starts_with(&needle))
                .collect()
        };
        match matches.as_slice() {
            [] => match unreadable.into_iter().find(|(p, _)| named_like(p)) {
                Some((_, error)) => Err(error),
                None => Err(not_found()),
            },
            [(path, _)] => Ok(path.clone()),
            many => Err(StoreError::Ambiguous {
                wanted: wanted.to_string(),
                candidates: many
                    .iter()
                    .map(|(p, t)| {
                        let file = p.file_name().unwrap_or_default().to_string_lossy();
                        let one_line = crate::safe_text::one_line; // titles are typed by teammates
                        let (t, file) = (one_line(t), one_line(&file));
                        format!("{t}  ({file})")
                    })
                    .collect(),
            }),
        }
    }
}
