//! Taking in another writer's ops when it wrote the session file anew (a new snapshot,
//! every so many ops): the new file's history holds every op read before, in the same
//! order, then the new ones. So a reader that holds the session reads past the
//! snapshot without keeping it, counts the op lines it already has, and parses only
//! the lines after them, instead of reading a second whole session beside its own.
//! What it finds is taken in as ops added at the end are ([`Appended`]).

use super::access::open_regular;
use super::append::{Appended, Rewrite, read_appended};
use super::codec::{Line, Lines, LogEnd, history_line, holds_op, op_id_of};
use super::error::StoreError;
use super::head::generation_and_covers;
use super::stamp::Stamp;
use super::streamed::{FileLines, Read, Scan};
use std::io::{BufReader, Seek, SeekFrom};
use std::path::Path;

/// What was added to the session file at `path` since a reader read it to `log` (its
/// stamp `seen` then, its rewrite count `generation`): the lines at its end, or the
/// lines after the reader's ops in a file another writer wrote anew; `None` when it must
/// be read whole (an error reading it included: the whole read says what is wrong).
pub fn read_added(
    path: &Path,
    seen: Stamp,
    generation: u64,
    log: LogEnd,
) -> Result<Option<Appended>, StoreError> {
    match read_appended(path, seen, generation, log)? {
        Some(added) => Ok(Some(added)),
        None => read_rewritten(path, generation, log.ops),
    }
}

/// The ops of the session file at `path` after the first `known` of its history, if
/// it was written anew since the reader read it at rewrite count `generation`; `None`
/// when it was not, or does not read so (then it is read whole).
pub fn read_rewritten(
    path: &Path,
    generation: u64,
    known: usize,
) -> Result<Option<Appended>, StoreError> {
    let (mut file, meta) = open_regular(path)?;
    let stamp = Stamp::of_metadata(&meta);
    let Some((now, covers)) = generation_and_covers(&mut file).filter(|&(g, _)| g > generation)
    else {
        return Ok(None);
    };
    file.seek(SeekFrom::Start(0))
        .map_err(|e| StoreError::io("read", path, e))?;
    let mut lines = FileLines::new(BufReader::with_capacity(1 << 16, file), path);
    let mut scan = Scan::default();
    // Past the snapshot, keeping nothing of it.
    loop {
        if lines.next()? != Read::Line || scan.line(&lines.line).is_none() {
            return Ok(None);
        }
        if scan.opened && scan.at() == (0, false) {
            break;
        }
    }
    // The snapshot's `)` ends its line as this build writes it.
    if lines.line.trim() != ")" {
        return Ok(None);
    }
    let mut ops_seen = 0usize;
    let mut at_last = None;
    let mut ops = Vec::new();
    loop {
        match lines.next()? {
            Read::Line => {}
            Read::End => break,
            Read::NotText => return Ok(None),
        }
        let text = lines.line.trim();
        if holds_op(text) {
            ops_seen += 1;
            if ops_seen == known {
                at_last = op_id_of(text);
            } else if ops_seen > known {
                match history_line(text, lines.number, path, Lines::AllMust) {
                    Ok(Line::Op(op)) => ops.push(op),
                    _ => return Ok(None),
                }
            }
        }
    }
    if ops_seen < known.max(covers) {
        return Ok(None);
    }
    let log = LogEnd {
        end: lines.read,
        ops: ops_seen,
        after_snapshot: ops_seen - covers,
    };
    Ok(Some(Appended {
        ops,
        log,
        stamp,
        at_last,
        rewrite: Some(Rewrite { generation: now }),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Op, OpId, OpKind, Session};
    use crate::sample::{Size, on_builtin};
    use crate::store::encode::{encode_file, op_lines};
    use chrono::{TimeZone, Utc};

    fn notes(n: u32) -> Op {
        Op::fresh(
            "bob",
            Utc.with_ymd_and_hms(2026, 6, 1, 9, n, 0).unwrap(),
            OpKind::SetStepNotes {
                step: 1,
                notes: format!("note {n}"),
                was: None,
            },
        )
    }

    fn ids(ops: &[Op]) -> Vec<OpId> {
        ops.iter().map(|op| op.id).collect()
    }

    #[test]
    fn after_a_rewrite_only_the_ops_past_those_read_are_taken() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let mut s: Session = on_builtin("Rewritten", Size::realistic(30, 6)).unwrap();
        let known = s.history().len();
        let last = s.history().last().map(|op| op.id);
        std::fs::write(&path, encode_file(&s, 1, &path).unwrap()).unwrap();
        // Another writer adds ops and writes the file anew, then adds more at its end.
        let new: Vec<Op> = (0..3).map(notes).collect();
        for op in &new {
            s.apply(op.clone()).unwrap();
        }
        let after: Vec<Op> = (3..5).map(notes).collect();
        let text = encode_file(&s, 2, &path).unwrap() + &op_lines(&after, &path).unwrap();
        std::fs::write(&path, &text).unwrap();

        let r = read_rewritten(&path, 1, known).unwrap().expect("a rewrite");
        let rewrite = r.rewrite.unwrap();
        assert_eq!(rewrite.generation, 2);
        assert_eq!(r.at_last, last);
        let all: Vec<Op> = new.iter().chain(&after).cloned().collect();
        assert_eq!(ids(&r.ops), ids(&all));
        assert_eq!(r.ops, all);
        let log = r.log;
        assert_eq!(
            (log.end, log.ops, log.after_snapshot),
            (text.len() as u64, known + 5, 2)
        );

        // Not rewritten since: nothing here (the appended lines are read as such).
        assert!(read_rewritten(&path, 2, known).unwrap().is_none());
        // A history shorter than what was read is not this session's.
        assert!(read_rewritten(&path, 1, known + 6).unwrap().is_none());
    }
}
