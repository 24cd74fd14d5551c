//! A session file of one op per line (format 4) read as it comes off the disk: only the
//! snapshot's text is whole in memory, then each history line is parsed as it is read.
//! A whole read of the 45 MB file of a 10,000-change session (the first open with
//! another build, `check`) so holds its 28 MB snapshot, not the file. A file this does
//! not read (another format, text that is not UTF-8, a snapshot that does not close
//! where it should) is left to the whole read, which also words what is wrong with it.

use super::codec::{FileHead, Line, Lines, Logged, history_line};
use super::error::StoreError;
use super::head::{field_value, top_level_end};
use crate::model::{
    Change, Changes, FORMAT_VERSION, Rounds, Scripts, Session, TestRound, TestScript,
};
use serde::de::DeserializeOwned;
use std::io::{self, BufRead};
use std::path::Path;
use std::sync::Arc;
use xxhash_rust::xxh3::Xxh3;

/// A session file read as it came.
pub(super) struct Streamed {
    pub session: Session,
    pub head: FileHead,
    /// The hash of the file's bytes up to the end of its last whole line (what a cache
    /// of it covers).
    pub hash: u64,
}

/// Reads the session file `reader` reads from its start (`path` names it in errors);
/// `None` when it is left to the whole read.
pub(super) fn read_streamed(
    reader: impl BufRead,
    path: &Path,
) -> Result<Option<Streamed>, StoreError> {
    let mut lines = FileLines::new(reader, path);
    let Some(Snapshot { mut text, lists }) = read_snapshot(&mut lines)? else {
        return Ok(None);
    };
    let Some(end) = top_level_end(&text).filter(|_| current_format(&text)) else {
        return Ok(None);
    };
    // The rest of the snapshot, parsed on its own, must parse: else the whole read says
    // where it is wrong, with the file's own line numbers.
    let Ok(logged) = Logged::of_snapshot(&text[..end], path) else {
        return Ok(None);
    };
    let mut logged = logged.with_lists(
        lists.changes.map(Changes::from),
        lists.scripts.map(Scripts::from),
        lists.rounds.map(Rounds::from),
    );
    // What follows the close on its line, then each line after it.
    let mut rest = text.split_off(end);
    drop(text);
    let mut line_no = lines.number;
    loop {
        match history_line(&rest[..rest.len() - 1], line_no, path, Lines::AllMust)? {
            Line::Op(op) => logged.take(op),
            Line::Nothing => {}
            Line::Unknown => break,
        }
        match lines.next()? {
            Read::Line => {}
            Read::End => break,
            Read::NotText => return Ok(None),
        }
        rest = std::mem::take(&mut lines.line);
        line_no = lines.number;
    }
    let (session, head) = logged.finish(lines.read, path)?;
    Ok(Some(Streamed {
        session,
        head,
        hash: lines.hasher.digest(),
    }))
}

/// Whether the snapshot text read so far is of the format this build reads as it comes.
fn current_format(text: &str) -> bool {
    field_value::<u32>(text, "format_version") == Some(FORMAT_VERSION)
}

/// The whole lines of a file, read one at a time as it comes: how many and how many
/// bytes were read, and the hash of those bytes (a last line cut short is left out).
pub(super) struct FileLines<'p, R> {
    reader: R,
    path: &'p Path,
    /// The line read last, with its newline.
    pub line: String,
    /// How many lines were read: the number of the last one.
    pub number: usize,
    /// How many bytes those lines take.
    pub read: u64,
    hasher: Xxh3,
}

impl<'p, R: BufRead> FileLines<'p, R> {
    pub fn new(reader: R, path: &'p Path) -> FileLines<'p, R> {
        FileLines {
            reader,
            path,
            line: String::new(),
            number: 0,
            read: 0,
            hasher: Xxh3::new(),
        }
    }

    /// Reads the next line into [`FileLines::line`].
    pub fn next(&mut self) -> Result<Read, StoreError> {
        self.line.clear();
        let read = read_whole_line(&mut self.reader, &mut self.line, self.path)?;
        if read == Read::Line {
            self.hasher.update(self.line.as_bytes());
            self.read += self.line.len() as u64;
            self.number += 1;
        }
        Ok(read)
    }
}

/// A snapshot read as it came: its text but for the elements of its big lists, and
/// those elements, parsed.
struct Snapshot {
    text: String,
    lists: Lists,
}

/// Reads the snapshot from the start of the file, up to the line that closes it; `None`
/// when the file does not read so (another format, a snapshot that never closes, text
/// the scan does not follow, an element that does not parse).
fn read_snapshot<R: BufRead>(lines: &mut FileLines<'_, R>) -> Result<Option<Snapshot>, StoreError> {
    let mut text = String::new();
    let mut lists = Lists::default();
    let mut scan = Scan::default();
    let mut element = String::new();
    loop {
        if lines.next()? != Read::Line {
            return Ok(None);
        }
        let line = &lines.line;
        let before = scan.at();
        if scan.line(line).is_none() {
            return Ok(None);
        }
        let after = scan.at();
        match lists.open {
            // In a big list, between its elements: one starts, or the list ends.
            Some(_) if element.is_empty() && before == (2, false) => {
                if after == (1, false) {
                    lists.open = None;
                    text.push_str(line);
                } else if line.trim_start().starts_with('(') {
                    element.push_str(line);
                    if after == (2, false) && !lists.take(&element) {
                        return Ok(None);
                    }
                } else if !line.trim().is_empty() {
                    return Ok(None);
                }
            }
            // In an element: it ends where the list's depth is back.
            Some(_) => {
                element.push_str(line);
                if after == (2, false) && !lists.take(&element) {
                    return Ok(None);
                }
            }
            None => {
                text.push_str(line);
                if before == (1, false) && after == (2, false) {
                    lists.open = LISTS
                        .iter()
                        .position(|name| line.trim() == format!("{name}: ["));
                    // The format is among the first fields: another one is not parsed.
                    if lists.open.is_some() && !current_format(&text) {
                        return Ok(None);
                    }
                }
                // The snapshot's `(` closed.
                if after.0 == 0 && scan.opened {
                    return Ok(Some(Snapshot { text, lists }));
                }
            }
        }
        if lists.open.is_some() && after == (2, false) {
            element.clear();
        }
    }
}

/// The snapshot's big lists, read an element at a time (by their names in the file, in
/// the order of [`Lists`]'s fields).
const LISTS: [&str; 3] = ["changes", "scripts", "rounds"];

/// The elements of the snapshot's big lists, each parsed as it is read, so the text of
/// 10,000 changes is never whole in memory.
#[derive(Default)]
struct Lists {
    /// Which list is being read ([`LISTS`]).
    open: Option<usize>,
    changes: Option<Vec<Arc<Change>>>,
    scripts: Option<Vec<Arc<TestScript>>>,
    rounds: Option<Vec<Arc<TestRound>>>,
}

impl Lists {
    /// Parses `text`, an element of the open list (a comma after it is left out);
    /// false if it does not parse.
    fn take(&mut self, text: &str) -> bool {
        let text = text.trim_end();
        let text = text.strip_suffix(',').unwrap_or(text);
        match self.open {
            Some(0) => parsed_into(&mut self.changes, text),
            Some(1) => parsed_into(&mut self.scripts, text),
            Some(2) => parsed_into(&mut self.rounds, text),
            _ => false,
        }
    }
}

fn parsed_into<T: DeserializeOwned>(list: &mut Option<Vec<Arc<T>>>, text: &str) -> bool {
    match ron::from_str::<T>(text) {
        Ok(item) => {
            list.get_or_insert_with(Vec::new).push(Arc::new(item));
            true
        }
        Err(_) => false,
    }
}

/// How deep in the snapshot's groups the reading is between lines, and whether inside
/// a string (which may run over lines: the file writes text with its line breaks, and
/// text with a `"` in it as a raw string, `r#"…"#`).
#[derive(Default)]
pub(super) struct Scan {
    depth: usize,
    string: Option<Str>,
    /// The snapshot's `(` was met.
    pub(super) opened: bool,
}

/// The kind of string the reading is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Str {
    Plain,
    /// A raw string closed by `"` and this many `#`.
    Raw(usize),
}

impl Scan {
    /// Where the reading is: how deep, and whether in a string.
    pub(super) fn at(&self) -> (usize, bool) {
        (self.depth, self.string.is_some())
    }

    /// Goes over `line`. `None` for what the file's writer never writes and this does
    /// not follow (a character, a block comment, a group closed that was not open): the
    /// whole read reads such a file.
    pub(super) fn line(&mut self, line: &str) -> Option<()> {
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match self.string {
                Some(Str::Plain) => {
                    match b[i] {
                        b'\\' => i += 1,
                        b'"' => self.string = None,
                        _ => {}
                    }
                    i += 1;
                    continue;
                }
                Some(Str::Raw(hashes)) => {
                    let closes = b[i] == b'"'
                        && b.len() > i + hashes
                        && b[i + 1..=i + hashes].iter().all(|&c| c == b'#');
                    if closes {
                        self.string = None;
                        i += hashes;
                    }
                    i += 1;
                    continue;
                }
                None => {}
            }
            match b[i] {
                b'"' => self.string = Some(Str::Plain),
                b'(' | b'[' | b'{' => {
                    self.depth += 1;
                    self.opened = true;
                }
                b')' | b']' | b'}' => self.depth = self.depth.checked_sub(1)?,
                b'/' if b.get(i + 1) == Some(&b'/') => return Some(()),
                b'/' if b.get(i + 1) == Some(&b'*') => return None,
                b'\'' => return None,
                b'r' if !b[..i]
                    .last()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') =>
                {
                    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                    if b.get(i + 1 + hashes) == Some(&b'"') {
                        self.string = Some(Str::Raw(hashes));
                        i += 1 + hashes;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        Some(())
    }
}

/// What reading a line gave.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Read {
    /// A whole line, with its newline.
    Line,
    /// The end of the file, or a last line cut short (a write that never finished: left
    /// out, as every reader leaves it).
    End,
    /// Bytes that are not UTF-8 (the whole read says where).
    NotText,
}

/// Adds the next line of `reader`, with its newline, to `text` if it is whole.
fn read_whole_line(
    reader: &mut impl BufRead,
    text: &mut String,
    path: &Path,
) -> Result<Read, StoreError> {
    let from = text.len();
    match reader.read_line(text) {
        Ok(0) => Ok(Read::End),
        Ok(_) if text.ends_with('\n') => Ok(Read::Line),
        Ok(_) => {
            text.truncate(from);
            Ok(Read::End)
        }
        Err(e) if e.kind() == io::ErrorKind::InvalidData => Ok(Read::NotText),
        Err(e) => Err(StoreError::io("read", path, e)),
    }
}

#[cfg(test)]
mod tests;
