//! Session ⇄ text. A session file (format 4) is a snapshot of the session, then its
//! history, one op per line, oldest first:
//!
//! ```text
//! // cmo-promote session file: …
//! (
//!     format_version: 4,
//!     generation: 2,        // rewrites of the file (creation, conversion, compaction)
//!     covers: 120,          // the snapshot includes the first 120 ops below
//!     id: "…", title: "…", …  the session without its history, pretty-printed
//! )
//! (id:"…",author:"ann",at:"…",kind:StartStep(step:1))
//! …
//! ```
//!
//! Recording an op appends its line, so a save costs the same at any size; readers that
//! already hold the session read only the lines added since. A last line without its
//! newline is a write cut short: readers ignore it and the next writer cuts it off.
//! Files of formats 1–3 (one RON value, history inside) are read as before and become
//! format 4 when next saved.

use super::error::StoreError;
use super::head::{field_value, top_level_end, top_level_field};
use super::parse_error::parse_error;
use crate::model::{Changes, FORMAT_VERSION, History, Op, OpId, Rounds, Scripts, Session};
use ron::ser::PrettyConfig;
use serde::de::IgnoredAny;
use std::path::Path;

/// The first line of every session file this build writes.
pub(super) const FILE_COMMENT: &str = "// cmo-promote session file: the session as of its last rewrite, \
then its history, one op per line, oldest first (new ops are added at the end).";

pub(super) fn pretty() -> PrettyConfig {
    PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .escape_strings(false)
}

/// What a session file says about itself, before the session: its format, how many
/// times it was rewritten, and how far its history was read. They belong to the file,
/// not to the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileHead {
    /// The format the session is in as read (older files are brought up to date as they
    /// are read; one that could not be stays in its own).
    pub format_version: u32,
    /// Bumped by every rewrite of the file (not by an appended op), so a reader can tell
    /// the file it read from was replaced.
    pub generation: u64,
    /// Where the history lines read end, for a file with one op per line (format 4);
    /// `None` for an older file, which is rewritten whole when next saved.
    pub log: Option<LogEnd>,
}

/// How far a reader got into a session file's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogEnd {
    /// The byte just after the last whole line read (a cut-short line after it is not
    /// counted: the next writer cuts it off and writes from here).
    pub end: u64,
    /// How many ops the file holds up to there.
    pub ops: usize,
    /// How many of those come after the snapshot (what opening the file replays).
    pub after_snapshot: usize,
}

impl LogEnd {
    /// Whether the next save writes the file anew with a new snapshot rather than add
    /// its ops at the end: enough ops follow the snapshot ([`super::COMPACT_AFTER`]).
    pub fn snapshot_due(&self) -> bool {
        self.after_snapshot >= super::COMPACT_AFTER
    }
}

/// Parses a session file's text (`path` is only used in error messages), as a session.
pub fn decode_session(text: &str, path: &Path) -> Result<Session, StoreError> {
    decode_file(text, path).map(|(session, _)| session)
}

/// Parses a session file's text: the session and the file's head. The format version is
/// read first, on its own (it is among the first lines), so a newer file is refused
/// cleanly and the body is parsed once.
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
    let whole = |format_version| FileHead {
        format_version,
        generation,
        log: None,
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
        v if v == FORMAT_VERSION => decode_logged(text, path, Lines::AllMust),
        // Formats 1–3 hold the history inside the one RON value. Format 3 only adds ops
        // and fields to format 2 (read as their defaults from a format-2 file, with
        // which a format-2 history replays as before).
        2 | 3 => ron::from_str(text)
            .map(|s| (s, whole(FORMAT_VERSION)))
            .map_err(|e| parse_error(path, e)),
        // Format 2 only adds fields (read as their defaults from a format-1 file) that
        // the migration fills in by replaying the history.
        1 => ron::from_str(text)
            .map(|s| {
                let (session, now) = Session::migrated_from_v1(s);
                (session, whole(now))
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

/// What to do with a history line that does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lines {
    /// Refuse the file, naming the line.
    AllMust,
    /// Stop reading there (a newer build's op, when viewing its file).
    UpToUnknown,
}

/// Parses a file of one op per line after a snapshot (format 4, or a newer one being
/// viewed as far as this build understands it).
pub(crate) fn decode_logged(
    text: &str,
    path: &Path,
    lines: Lines,
) -> Result<(Session, FileHead), StoreError> {
    let Some(end) = top_level_end(text) else {
        // The snapshot never closes: the parser says where it broke.
        ron::from_str::<IgnoredAny>(text).map_err(|e| parse_error(path, e))?;
        return Err(invalid(path, "the session's `( … )` never closes".into()));
    };
    let mut logged = Logged::of_snapshot(&text[..end], path)?;
    let read = each_history_line(text, end, path, lines, |op| logged.take(op))?;
    logged.finish(read as u64, path)
}

fn invalid(path: &Path, reason: String) -> StoreError {
    StoreError::Invalid {
        path: path.to_path_buf(),
        reason,
    }
}

/// A session file's snapshot, with its history lines taken in as they are read.
pub(super) struct Logged {
    snapshot: Session,
    format_version: u32,
    generation: u64,
    /// How many of the history's ops the snapshot includes.
    covers: usize,
    /// Those ops: they go straight into its history (sealed as they come), so a long
    /// one is never whole in memory.
    covered: History,
    /// The ops after them.
    after: Vec<Op>,
}

impl Logged {
    /// Parses the snapshot, the text of the file up to the `)` that closes it.
    pub(super) fn of_snapshot(text: &str, path: &Path) -> Result<Logged, StoreError> {
        let snapshot: Session = ron::from_str(text).map_err(|e| parse_error(path, e))?;
        let covers = field_value::<usize>(text, "covers").ok_or_else(|| {
            invalid(
                path,
                "there is no `covers` field saying how much of the history the session above \
                 includes"
                    .into(),
            )
        })?;
        Ok(Logged {
            snapshot,
            format_version: field_value::<u32>(text, "format_version").unwrap_or(FORMAT_VERSION),
            generation: field_value::<u64>(text, "generation").unwrap_or(0),
            covers,
            covered: History::default(),
            after: Vec::new(),
        })
    }

    /// The snapshot with its big lists read apart from the rest of it (a list given
    /// replaces the one the rest held).
    pub(super) fn with_lists(
        mut self,
        changes: Option<Changes>,
        scripts: Option<Scripts>,
        rounds: Option<Rounds>,
    ) -> Logged {
        self.snapshot = self.snapshot.with_lists(changes, scripts, rounds);
        self
    }

    /// The next op of the history.
    pub(super) fn take(&mut self, op: Op) {
        if self.covered.len() < self.covers {
            self.covered.push(op);
        } else {
            self.after.push(op);
        }
    }

    /// The session, the history lines having been read up to byte `read`.
    pub(super) fn finish(self, read: u64, path: &Path) -> Result<(Session, FileHead), StoreError> {
        if self.covered.len() < self.covers {
            return Err(invalid(
                path,
                format!(
                    "the session above includes {} ops of its history, but only {} follow it",
                    self.covers,
                    self.covered.len()
                ),
            ));
        }
        let after_snapshot = self.after.len();
        let session = Session::from_snapshot(self.snapshot, self.covered, self.after)
            .map_err(|e| invalid(path, e.to_string()))?;
        let head = FileHead {
            format_version: self.format_version,
            generation: self.generation,
            log: Some(LogEnd {
                end: read,
                ops: session.history().len(),
                after_snapshot,
            }),
        };
        Ok((session, head))
    }
}

/// The ops on the whole lines of `text` from byte `from` on, and the byte after the
/// last whole line (blank lines and `//` comments are skipped; a last line without its
/// newline is a write cut short and is left out).
pub(crate) fn history_lines(
    text: &str,
    from: usize,
    path: &Path,
    lines: Lines,
) -> Result<(Vec<Op>, usize), StoreError> {
    let mut ops = Vec::new();
    let read = each_history_line(text, from, path, lines, |op| ops.push(op))?;
    Ok((ops, read))
}

/// [`history_lines`], handing each op to `take` as it is read.
fn each_history_line(
    text: &str,
    from: usize,
    path: &Path,
    lines: Lines,
    mut take: impl FnMut(Op),
) -> Result<usize, StoreError> {
    let mut at = from;
    let first_line = 1 + text.as_bytes()[..from]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    for (line_no, segment) in (first_line..).zip(text[from..].split_inclusive('\n')) {
        let Some(line) = segment.strip_suffix('\n') else {
            break;
        };
        match history_line(line, line_no, path, lines)? {
            Line::Op(op) => take(op),
            Line::Nothing => {}
            Line::Unknown => break,
        }
        at += segment.len();
    }
    Ok(at)
}

/// Whether a history line (trimmed) holds an op: it is neither blank nor a comment.
pub(super) fn holds_op(line: &str) -> bool {
    !(line.is_empty() || line.starts_with("//"))
}

/// The id an op line starts with (`(id:"…"`, as this build writes it).
pub(super) fn op_id_of(line: &str) -> Option<OpId> {
    let rest = line.strip_prefix("(id:\"")?;
    let id = rest.get(..36)?;
    uuid::Uuid::parse_str(id).ok().map(OpId)
}

/// What a whole history line holds.
pub(super) enum Line {
    Op(Op),
    /// A blank line or a comment.
    Nothing,
    /// An op this build does not read, where reading stops ([`Lines::UpToUnknown`]).
    Unknown,
}

/// Reads the history line `line` (without its newline), the file's `line_no`th; one
/// that does not parse is an error naming it, unless `lines` says to stop there.
pub(super) fn history_line(
    line: &str,
    line_no: usize,
    path: &Path,
    lines: Lines,
) -> Result<Line, StoreError> {
    let line = line.trim();
    if !holds_op(line) {
        return Ok(Line::Nothing);
    }
    match ron::from_str::<Op>(line) {
        Ok(op) => Ok(Line::Op(op)),
        Err(_) if lines == Lines::UpToUnknown => Ok(Line::Unknown),
        Err(mut e) => {
            e.span.start.line = line_no;
            Err(parse_error(path, e))
        }
    }
}
