//! The two halves of a growing session file: a writer adding ops as lines at its end
//! (under the session's lock, synced, after cutting off a line a dead writer left
//! unfinished), and a reader that already holds the session reading only the lines
//! added since it last looked.

use super::access::open_regular;
use super::codec::{Lines, LogEnd, history_lines, op_id_of};
use super::error::StoreError;
use super::head::generation_of;
use super::parse_error::text_of;
use super::stamp::Stamp;
use crate::model::{Op, OpId};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Writes `lines` (whole history lines) at byte `at` of the session file, the end of
/// the last whole line read under the lock: anything after it is a line a dead writer
/// left unfinished, and is cut off first. The bytes are synced before this returns; on
/// failure the file is cut back to `at`, so no half-written op stays behind. Returns
/// where the history now ends.
pub(crate) fn append_lines(path: &Path, at: u64, lines: &[u8]) -> Result<u64, StoreError> {
    let failed = |e| StoreError::io("write", path, e);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(failed)?;
    let len = file.metadata().map_err(failed)?.len();
    if len < at {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            reason: format!(
                "it is shorter ({len} bytes) than when it was read ({at} bytes): was it cut outside the program?"
            ),
        });
    }
    if len > at {
        file.set_len(at).map_err(failed)?;
    }
    // A hand-edited file may lack the newline after its last line.
    let mut last = [b'\n'];
    if at > 0 {
        file.seek(SeekFrom::Start(at - 1)).map_err(failed)?;
        file.read_exact(&mut last).map_err(failed)?;
    }
    let mut bytes = Vec::with_capacity(lines.len() + 1);
    if last[0] != b'\n' {
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(lines);
    let written = file
        .seek(SeekFrom::Start(at))
        .and_then(|_| file.write_all(&bytes))
        .and_then(|_| file.sync_data());
    if let Err(e) = written {
        // Take back what part of it landed; the ops stay with their author.
        let _ = file.set_len(at).and_then(|_| file.sync_data());
        return Err(failed(e));
    }
    Ok(at + bytes.len() as u64)
}

/// What was added to a session file since a reader last looked.
#[derive(Debug, Clone)]
pub struct Appended {
    /// The ops, oldest first.
    pub ops: Vec<Op>,
    /// Where the history now ends.
    pub log: LogEnd,
    /// The file's stamp as it was read.
    pub stamp: Stamp,
    /// The id of the op the file holds in the place of the reader's last one (the
    /// line ending where it read to, or the op of its number in a file written anew):
    /// the reader takes the new ops only if it is that op ([`Appended::goes_on_from`]).
    pub at_last: Option<OpId>,
    /// Set when another writer wrote the file anew, these ops then following those
    /// read before in its new history ([`super::read_rewritten`]).
    pub rewrite: Option<Rewrite>,
}

impl Appended {
    /// Whether these ops go on from a reader whose last op is `last`: the file holds
    /// that op in its place. A reader of no ops cannot tell its file grown or written
    /// anew from another session's file put in its place (the place of no op proves
    /// nothing): it reads the file whole once anything is added (a session of no ops is
    /// small).
    pub fn goes_on_from(&self, last: Option<OpId>) -> bool {
        match last {
            Some(_) => self.at_last == last,
            None => self.ops.is_empty() && self.rewrite.is_none(),
        }
    }
}

/// A file written anew by another writer, read past the ops read before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rewrite {
    /// The file's rewrite counter now.
    pub generation: u64,
}

/// The id of the op on the line of the session file open as `file` that ends at byte
/// `end` (its newline the byte before), if that line is an op's as this build writes
/// it.
fn op_ending_at(file: &mut File, end: u64) -> Option<OpId> {
    const BLOCK: u64 = 4096;
    let newline = end.checked_sub(1)?;
    let mut byte = [0];
    file.seek(SeekFrom::Start(newline)).ok()?;
    file.read_exact(&mut byte).ok()?;
    if byte[0] != b'\n' {
        return None;
    }
    // Back from that newline to the one before it, a block at a time.
    let mut start = newline;
    let mut block = [0; BLOCK as usize];
    loop {
        let from = start.saturating_sub(BLOCK);
        let part = &mut block[..(start - from) as usize];
        file.seek(SeekFrom::Start(from)).ok()?;
        file.read_exact(part).ok()?;
        match part.iter().rposition(|&b| b == b'\n') {
            Some(i) => {
                start = from + i as u64 + 1;
                break;
            }
            None if from == 0 => {
                start = 0;
                break;
            }
            None => start = from,
        }
    }
    // The id is at the start of the line: `(id:"` and 36 characters.
    let mut head = [0; 41];
    let head = &mut head[..(newline - start).min(41) as usize];
    file.seek(SeekFrom::Start(start)).ok()?;
    file.read_exact(head).ok()?;
    op_id_of(std::str::from_utf8(head).ok()?)
}

/// The ops added to the session file at `path` after `log`, if it is still the file
/// that was read (`seen`: its stamp then; same inode, same rewrite count `generation`)
/// and only grew since; `None` when it must be read whole: it was replaced, rewritten,
/// written in place without growing (an edit by hand), or what was added does not
/// read. Reads only the file's first lines and what was added.
pub fn read_appended(
    path: &Path,
    seen: Stamp,
    generation: u64,
    log: LogEnd,
) -> Result<Option<Appended>, StoreError> {
    let (mut file, meta) = open_regular(path)?;
    let stamp = Stamp::of_metadata(&meta);
    // Adding ops always makes the file longer.
    if stamp.inode != seen.inode || stamp.len <= seen.len.max(log.end) {
        return Ok(None);
    }
    if generation_of(&mut file) != Some(generation) {
        return Ok(None);
    }
    let at_last = match log.ops {
        0 => None,
        _ => op_ending_at(&mut file, log.end),
    };
    let failed = |e| StoreError::io("read", path, e);
    file.seek(SeekFrom::Start(log.end)).map_err(failed)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(failed)?;
    // Cut at the last newline first: a line still being written may end in the middle
    // of a character.
    let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    bytes.truncate(whole);
    // A line that does not read is reported by reading the file whole, with its place.
    let Ok(text) = text_of(bytes, path) else {
        return Ok(None);
    };
    let Ok((ops, read)) = history_lines(&text, 0, path, Lines::AllMust) else {
        return Ok(None);
    };
    let log = LogEnd {
        end: log.end + read as u64,
        ops: log.ops + ops.len(),
        after_snapshot: log.after_snapshot + ops.len(),
    };
    Ok(Some(Appended {
        ops,
        log,
        stamp,
        at_last,
        rewrite: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OpKind;
    use crate::store::encode::op_lines;
    use chrono::{TimeZone, Utc};

    fn notes(text: String) -> Op {
        Op::fresh(
            "bob",
            Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
            OpKind::SetStepNotes {
                step: 1,
                notes: text,
                was: None,
            },
        )
    }

    #[test]
    fn the_op_ending_at_a_place_is_found_however_long_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        // A line longer than the blocks read back, one short, then one at the start.
        let ops = [
            notes("short".into()),
            notes("long ".repeat(3_000)),
            notes("after".into()),
        ];
        let mut text = String::new();
        let mut ends = Vec::new();
        for op in &ops {
            text += &op_lines(std::slice::from_ref(op), &path).unwrap();
            ends.push(text.len() as u64);
        }
        assert!(ends[1] - ends[0] > 8_192, "the long line spans blocks");
        std::fs::write(&path, &text).unwrap();
        let mut file = File::open(&path).unwrap();
        for (op, end) in ops.iter().zip(&ends) {
            assert_eq!(op_ending_at(&mut file, *end), Some(op.id));
        }
        // Not at a line's end, at the start, past the end: no op.
        assert_eq!(op_ending_at(&mut file, ends[0] - 3), None);
        assert_eq!(op_ending_at(&mut file, 0), None);
        assert_eq!(op_ending_at(&mut file, ends[2] + 1), None);
    }
}
