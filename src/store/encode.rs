//! Session → text: the session file as [`super::codec`] describes it, written straight
//! to where it goes (a temp file, a hash beside it), so that a large session's text is
//! never whole in memory while it is written.

use super::codec::{FILE_COMMENT, pretty};
use super::error::StoreError;
use crate::model::{FORMAT_VERSION, Op, Session};
use std::fmt;
use std::io::{self, Write};
use std::path::Path;

/// The text of a new session file (no rewrites yet).
pub fn encode_session(session: &Session, path: &Path) -> Result<String, StoreError> {
    encode_file(session, 0, path)
}

/// The whole text of a session file: the snapshot of `session`, which covers its
/// whole history, then the history, one op per line.
pub fn encode_file(session: &Session, generation: u64, path: &Path) -> Result<String, StoreError> {
    let mut out = Vec::new();
    write_file(&mut out, session, generation, path)?;
    String::from_utf8(out).map_err(|e| encode_error(path, e.to_string()))
}

/// Writes what [`encode_file`] gives to `out`, a piece at a time (`path`, the session
/// file, is named in errors).
pub(crate) fn write_file(
    out: &mut impl Write,
    session: &Session,
    generation: u64,
    path: &Path,
) -> Result<(), StoreError> {
    let io_error = |e| StoreError::io("write", path, e);
    let covers = session.history().len();
    write!(
        out,
        "{FILE_COMMENT}\n(\n    format_version: {FORMAT_VERSION},\n    generation: {generation},\n    covers: {covers},\n"
    )
    .map_err(io_error)?;
    // The snapshot, but for its opening `(` line: the fields above open the value.
    let mut body = WithoutOpening::of(&mut *out);
    let encoded = ron::ser::to_writer_pretty(&mut body, &session.snapshot(), pretty());
    if let Some(e) = body.finish() {
        return Err(io_error(e));
    }
    encoded.map_err(|e| encode_error(path, e.to_string()))?;
    out.write_all(b"\n").map_err(io_error)?;
    for op in session.history() {
        write_op_line(out, &op, path)?;
    }
    Ok(())
}

/// Ops as history lines, each ending in a newline (strings escaped, so an op is always
/// one line).
pub fn op_lines<O: std::borrow::Borrow<Op>>(
    ops: impl IntoIterator<Item = O>,
    path: &Path,
) -> Result<String, StoreError> {
    let mut out = Vec::new();
    for op in ops {
        write_op_line(&mut out, op.borrow(), path)?;
    }
    String::from_utf8(out).map_err(|e| encode_error(path, e.to_string()))
}

/// Writes `op` as one history line.
fn write_op_line(out: &mut impl Write, op: &Op, path: &Path) -> Result<(), StoreError> {
    let line = ron::to_string(op).map_err(|e| encode_error(path, e.to_string()))?;
    if line.contains('\n') {
        return Err(encode_error(
            path,
            format!("op {} does not fit on one line", op.id),
        ));
    }
    out.write_all(line.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .map_err(|e| StoreError::io("write", path, e))
}

fn encode_error(path: &Path, message: String) -> StoreError {
    StoreError::Encode {
        path: path.to_path_buf(),
        message,
    }
}

/// Passes RON text on to `out` without the `(` and newline it opens with (if it does).
struct WithoutOpening<'a, W> {
    out: &'a mut W,
    /// What came so far while it may still be the opening.
    held: String,
    decided: bool,
    error: Option<io::Error>,
}

const OPENING: &str = "(\n";

impl<'a, W: Write> WithoutOpening<'a, W> {
    fn of(out: &'a mut W) -> Self {
        WithoutOpening {
            out,
            held: String::new(),
            decided: false,
            error: None,
        }
    }

    fn pass(&mut self, s: &str) -> fmt::Result {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            fmt::Error
        })
    }

    /// Passes on what is still held; the first error writing, if there was one.
    fn finish(mut self) -> Option<io::Error> {
        if !self.decided {
            let held = std::mem::take(&mut self.held);
            let _ = self.pass(&held);
        }
        self.error
    }
}

impl<W: Write> fmt::Write for WithoutOpening<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.decided {
            return self.pass(s);
        }
        self.held.push_str(s);
        if self.held.len() < OPENING.len() && OPENING.starts_with(self.held.as_str()) {
            return Ok(());
        }
        self.decided = true;
        let held = std::mem::take(&mut self.held);
        self.pass(held.strip_prefix(OPENING).unwrap_or(&held))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn through(pieces: &[&str]) -> String {
        let mut out = Vec::new();
        let mut w = WithoutOpening::of(&mut out);
        for p in pieces {
            w.write_str(p).unwrap();
        }
        assert!(w.finish().is_none());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_opening_line_is_left_out_however_the_text_comes() {
        assert_eq!(through(&["(\n    a: 1,\n)"]), "    a: 1,\n)");
        assert_eq!(through(&["(", "\n", "    a", ": 1,\n)"]), "    a: 1,\n)");
        // Text that does not open so is passed on whole.
        assert_eq!(through(&["(", "a)"]), "(a)");
        assert_eq!(through(&["x"]), "x");
        assert_eq!(through(&["("]), "(");
        assert_eq!(through(&[]), "");
    }
}
