//! The sessions folder: creating, loading, saving, listing sessions and finding the one
//! a user means by a path, a file name or the start of a title.

use super::access::{open_regular, real_file};
use super::atomic::{remove_stray_temps, write_new};
use super::cache::{cache_new_file, read_glance};
use super::encode::encode_session;
use super::error::StoreError;
use super::head::peek_title;
use super::paths::{file_stem_for, slug};
use super::session_file::Loaded;
use crate::model::{Glance, Session};
use chrono::{DateTime, Local};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The session in the file at `path` at a glance: from its cache if that covers the
/// whole file, else read (caching what it read, however little was added since).
fn glance_of(path: &Path) -> Result<Glance, StoreError> {
    let real = real_file(path)?;
    let (mut file, meta) = open_regular(&real)?;
    if let Some(glance) = read_glance(&real, &mut file, meta.len()) {
        return Ok(glance);
    }
    Loaded::load_caching(&real, 1).map(|l| l.session.glance())
}

/// A temp file older than this is taken to be left over from a crashed save.
const STRAY_TEMP_AGE: Duration = Duration::from_secs(300);

/// One entry of the sessions folder: the file and its session at a glance, or why it
/// could not be read.
#[derive(Debug)]
pub struct Listed {
    pub path: PathBuf,
    pub modified: Option<DateTime<Local>>,
    pub glance: Result<Glance, StoreError>,
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
        Store::sessions_dir_in(&self.data_dir)
    }

    /// The sessions folder of the data folder `data_dir`.
    pub fn sessions_dir_in(data_dir: &Path) -> PathBuf {
        data_dir.join("sessions")
    }

    /// Saves a new session under a fresh file name made of its title and date.
    pub fn create(&self, session: &Session) -> Result<PathBuf, StoreError> {
        let dir = self.sessions_dir();
        let stem = file_stem_for(
            session.title(),
            session.created_at().with_timezone(&Local).date_naive(),
        );
        let text = encode_session(session, &dir.join(format!("{stem}.ron")))?;
        let path = write_new(&dir, &stem, text.as_bytes())?;
        cache_new_file(&path, session, text.as_bytes());
        Ok(path)
    }

    /// The session files in the folder (`*.ron`, not hidden), newest first: regular
    /// files and links (a link's time is its file's; a broken link comes last, so
    /// listing it says what is wrong with it).
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
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
            .map(|e| {
                let modified = fs::metadata(e.path()).and_then(|m| m.modified()).ok();
                (e.path(), modified)
            })
            .collect();
        files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(files)
    }

    /// Every session file with its session at a glance, or the reason it could not be
    /// read. A glance comes from the file's cache when that covers the whole file; else
    /// the session is read (and a cache written, so the next listing needs no more).
    pub fn list(&self) -> Result<Vec<Listed>, StoreError> {
        Ok(self
            .session_files()?
            .into_iter()
            .map(|(path, modified)| Listed {
                glance: glance_of(&path),
                modified: modified.map(DateTime::<Local>::from),
                path,
            })
            .collect())
    }

    /// Finds the file a user means: a path to a file, a file name in the sessions
    /// folder (with or without `.ron`), or the start of a session's title. Only the
    /// start of each file is read to find its title, so naming a session costs the same
    /// whatever else is in the folder.
    pub fn resolve(&self, wanted: &str) -> Result<PathBuf, StoreError> {
        let as_path = Path::new(wanted);
        let path_like = wanted.contains(['/', '\\']) || wanted.ends_with(".ron");
        if as_path.is_file() {
            return Ok(as_path.to_path_buf());
        }
        // Something is there but it is no session file: say what it is.
        if path_like && fs::symlink_metadata(as_path).is_ok() {
            return real_file(as_path);
        }
        let dir = self.sessions_dir();
        for name in [wanted.to_string(), format!("{wanted}.ron")] {
            let candidate = dir.join(&name);
            if name.contains(['/', '\\']) {
                continue;
            }
            if candidate.is_file() {
                return Ok(candidate);
            }
            if name.ends_with(".ron") && fs::symlink_metadata(&candidate).is_ok() {
                return real_file(&candidate);
            }
        }
        let not_found = || StoreError::NotFound {
            wanted: wanted.to_string(),
            dir: dir.clone(),
        };
        let needle = wanted.trim().to_lowercase();
        // A path that leads nowhere: say so of the path, not of the sessions folder.
        if wanted.contains(['/', '\\']) {
            return Err(StoreError::Invalid {
                path: as_path.to_path_buf(),
                reason: "there is no such file".into(),
            });
        }
        if needle.is_empty() || path_like {
            return Err(not_found());
        }
        // Titles from the head of each file (one file reached by two names counts
        // once); a file whose head has none is read whole only if its name fits.
        let mut titled: Vec<(PathBuf, String)> = Vec::new();
        let mut untitled: Vec<PathBuf> = Vec::new();
        let mut seen = HashSet::new();
        for (path, _) in self.session_files()? {
            if !seen.insert(fs::canonicalize(&path).unwrap_or_else(|_| path.clone())) {
                continue;
            }
            match peek_title(&path) {
                Some(title) => titled.push((path, title)),
                None => untitled.push(path),
            }
        }
        let exact: Vec<&(PathBuf, String)> = titled
            .iter()
            .filter(|(_, t)| t.to_lowercase() == needle)
            .collect();
        let matches = if exact.len() == 1 {
            exact
        } else {
            titled
                .iter()
                .filter(|(_, t)| t.to_lowercase().starts_with(&needle))
                .collect()
        };
        match matches.as_slice() {
            // A broken file whose name fits what was asked for: say why it cannot be
            // used rather than that nothing matches.
            [] => {
                let wanted_slug = slug(wanted);
                untitled
                    .iter()
                    .filter(|p| {
                        p.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with(&wanted_slug))
                    })
                    .find_map(|p| Loaded::load(p).err())
                    .map_or_else(|| Err(not_found()), Err)
            }
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
