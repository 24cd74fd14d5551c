//! A session file of one op per line (format 4) read as it comes off the disk: only the
//! snapshot's text is whole in memory, then each history line is parsed as it is read.
//! A whole read of the 45 MB file of a 10,000-change session (the first open with
//! another build, `check`) so holds its 28 MB snapshot, not the file. A file this does
//! not read (another format, text that is not UTF-8, a snapshot that does not close
//! where it should) is left to the whole read, which also words what is wrong with it.

use super::codec::{FileHead, Line, Lines, Logged, history_line};
use super::error::StoreError;
use super::head::{field_value, top_level_end};
use crate::model::{FORMAT_VERSION, Session};
use std::io::{self, BufRead};
use std::path::Path;
use xxhash_rust::xxh3::Xxh3;

/// How many lines starting with `)` may turn out to be inside the snapshot (in its
/// text) before the file is left to the whole read: each time, the close is looked for
/// from the start.
const CLOSES_TRIED: usize = 16;

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
    mut reader: impl BufRead,
    path: &Path,
) -> Result<Option<Streamed>, StoreError> {
    let mut hasher = Xxh3::new();
    // The snapshot: the whole lines up to the one with the `)` that closes it.
    let mut text = String::new();
    let mut tried = 0;
    let end = loop {
        let from = text.len();
        if read_whole_line(&mut reader, &mut text, path)? != Read::Line {
            return Ok(None);
        }
        if text[from..].starts_with(')') {
            if let Some(end) = top_level_end(&text) {
                break end;
            }
            tried += 1;
            if tried == CLOSES_TRIED {
                return Ok(None);
            }
        }
    };
    if field_value::<u32>(&text, "format_version") != Some(FORMAT_VERSION) {
        return Ok(None);
    }
    let mut logged = Logged::of_snapshot(&text[..end], path)?;
    hasher.update(text.as_bytes());
    let mut read = text.len() as u64;
    let mut line_no = 1 + text[..end].matches('\n').count();
    // What follows the close on its line, then each line after it.
    let mut line = text.split_off(end);
    drop(text);
    loop {
        match history_line(&line[..line.len() - 1], line_no, path, Lines::AllMust)? {
            Line::Op(op) => logged.take(op),
            Line::Nothing => {}
            Line::Unknown => break,
        }
        line.clear();
        match read_whole_line(&mut reader, &mut line, path)? {
            Read::Line => {}
            Read::End => break,
            Read::NotText => return Ok(None),
        }
        hasher.update(line.as_bytes());
        read += line.len() as u64;
        line_no += 1;
    }
    let (session, head) = logged.finish(read, path)?;
    Ok(Some(Streamed {
        session,
        head,
        hash: hasher.digest(),
    }))
}

/// What reading a line gave.
#[derive(Debug, PartialEq, Eq)]
enum Read {
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
mod tests {
    use super::*;
    use crate::model::{Op, OpKind};
    use crate::sample::{Size, on_builtin};
    use crate::store::codec::decode_file;
    use crate::store::encode::{encode_file, op_lines};
    use chrono::{TimeZone, Utc};
    use xxhash_rust::xxh3::xxh3_64;

    fn path() -> &'static Path {
        Path::new("streamed.ron")
    }

    fn notes(step: u32, notes: &str) -> Op {
        Op::fresh(
            "ann",
            Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
            OpKind::SetStepNotes {
                step,
                notes: notes.into(),
                was: None,
            },
        )
    }

    /// A file whose snapshot holds text with lines that start with `)` (`closes` of
    /// them), with ops after its snapshot.
    fn file(closes: usize) -> String {
        let mut s = on_builtin("Streamed", Size::realistic(60, 2)).unwrap();
        let tricky: String = (0..closes)
            .map(|i| format!("line {i}\n) not the end\n"))
            .collect();
        s.apply(notes(1, &tricky)).unwrap();
        let mut text = encode_file(&s, 3, path()).unwrap();
        text.push_str(&op_lines([notes(2, "after the snapshot")], path()).unwrap());
        text
    }

    fn streamed(text: &[u8]) -> Option<Streamed> {
        read_streamed(text, path()).unwrap()
    }

    #[test]
    fn a_file_read_as_it_comes_is_the_file_read_whole() {
        let text = file(3);
        assert!(
            text.contains("\n) not the end"),
            "a line starting with `)` in the text"
        );
        let (session, head) = decode_file(&text, path()).unwrap();
        let read = streamed(text.as_bytes()).expect("read as it comes");
        assert_eq!(read.session, session);
        assert_eq!(read.head, head);
        let log = head.log.unwrap();
        assert_eq!((log.end, log.after_snapshot), (text.len() as u64, 1));
        assert_eq!(read.hash, xxh3_64(text.as_bytes()));
    }

    #[test]
    fn a_last_line_cut_short_is_left_out_as_by_the_whole_read() {
        let whole = file(0);
        let text = format!("{whole}(id:\"cut short");
        let (session, head) = decode_file(&text, path()).unwrap();
        let read = streamed(text.as_bytes()).unwrap();
        assert_eq!((read.session, read.head), (session, head));
        assert_eq!(head.log.unwrap().end, whole.len() as u64);
        assert_eq!(read.hash, xxh3_64(whole.as_bytes()));
    }

    #[test]
    fn a_line_that_is_not_an_op_is_the_same_error_either_way() {
        let text = format!("{}(not an op)\n", file(0));
        let whole = decode_file(&text, path()).unwrap_err().to_string();
        let Err(e) = read_streamed(text.as_bytes(), path()) else {
            panic!("refused");
        };
        assert_eq!(e.to_string(), whole);
        assert!(
            whole.contains(&format!("{}", text.lines().count())),
            "{whole}"
        );
    }

    #[test]
    fn what_it_does_not_read_is_left_to_the_whole_read() {
        let text = file(0);
        let older = text.replacen("format_version: 4", "format_version: 3", 1);
        assert_ne!(older, text);
        assert!(streamed(older.as_bytes()).is_none(), "another format");
        let mut bytes = text.clone().into_bytes();
        bytes.extend_from_slice(b"(id:\"\xff\")\n");
        assert!(streamed(&bytes).is_none(), "not UTF-8");
        let unclosed = &text[..text.find("\n)\n").unwrap()];
        assert!(
            streamed(unclosed.as_bytes()).is_none(),
            "a snapshot never closed"
        );
        // Too many lines that look like the close and are not: read whole instead.
        let many = file(CLOSES_TRIED);
        assert!(streamed(many.as_bytes()).is_none());
        assert!(decode_file(&many, path()).is_ok());
    }
}
