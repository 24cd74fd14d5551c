//! The commands' output boundary. `Escaping` passes everything written to stdout and
//! stderr through `safe_text::multi_line`, so no control character a teammate typed
//! reaches the terminal even where a message forgot to escape it. `AfterSave` holds the
//! output of a write command, which prints only once its change is saved: a failure to
//! print then becomes a warning instead of an error, so the exit status says whether
//! the change was saved and a script that retries on failure makes no duplicate.

use crate::safe_text;
use std::io::{self, Write};

/// A writer that makes control characters visible, keeping newlines and tabs. Bytes are
/// taken as UTF-8: a character split across writes is held until its end arrives, and
/// a byte that can start no character is shown as `\xHH`.
pub struct Escaping<W: Write> {
    inner: W,
    /// The start of a character whose remaining bytes have not been written yet.
    partial: Vec<u8>,
}

impl<W: Write> Escaping<W> {
    pub fn new(inner: W) -> Self {
        Escaping {
            inner,
            partial: Vec::new(),
        }
    }

    fn write_text(&mut self, text: &str) -> io::Result<()> {
        self.inner.write_all(safe_text::multi_line(text).as_bytes())
    }

    fn write_bytes_escaped(&mut self, bytes: &[u8]) -> io::Result<()> {
        let shown: String = bytes.iter().map(|b| format!("\\x{b:02x}")).collect();
        self.inner.write_all(shown.as_bytes())
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut joined = std::mem::take(&mut self.partial);
        joined.extend_from_slice(buf);
        let mut rest = joined.as_slice();
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.write_text(text)?;
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    self.write_text(&String::from_utf8_lossy(valid))?;
                    match e.error_len() {
                        // The input ends inside a character: wait for the rest of it.
                        None => {
                            self.partial = after.to_vec();
                            break;
                        }
                        Some(n) => {
                            self.write_bytes_escaped(&after[..n])?;
                            rest = &after[n..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Escaping<W> {
    /// A character that never got its end is shown byte by byte, as any invalid byte.
    fn drop(&mut self) {
        let partial = std::mem::take(&mut self.partial);
        if !partial.is_empty() {
            let _ = self.write_bytes_escaped(&partial);
            let _ = self.inner.flush();
        }
    }
}

/// The output of a write command, which prints only after its change is saved. A
/// failure to print is kept (and the command goes on) for `warn_if_lost` to report.
pub struct AfterSave<'a> {
    inner: &'a mut dyn Write,
    /// Everything the command printed, to repeat in the warning.
    printed: Vec<u8>,
    failed: Option<io::Error>,
}

impl<'a> AfterSave<'a> {
    pub fn new(inner: &'a mut dyn Write) -> Self {
        AfterSave {
            inner,
            printed: Vec::new(),
            failed: None,
        }
    }

    /// Flushes, then, when printing failed (other than a closed pipe, which is the
    /// reader's choice), tells `err` why, followed by what was not printed, indented.
    pub fn warn_if_lost(mut self, err: &mut dyn Write) {
        let _ = self.flush();
        let Some(e) = self.failed.take() else {
            return;
        };
        if e.kind() == io::ErrorKind::BrokenPipe {
            return;
        }
        let _ = writeln!(err, "warning: saved, but printing the result failed: {e}");
        for line in String::from_utf8_lossy(&self.printed).lines() {
            let _ = writeln!(err, "  {line}");
        }
    }
}

impl Write for AfterSave<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.printed.extend_from_slice(buf);
        if self.failed.is_none()
            && let Err(e) = self.inner.write_all(buf)
        {
            self.failed = Some(e);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed.is_none()
            && let Err(e) = self.inner.flush()
        {
            self.failed = Some(e);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(chunks: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = Escaping::new(&mut out);
            for chunk in chunks {
                w.write_all(chunk).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn control_characters_are_escaped_and_newlines_kept() {
        assert_eq!(
            escaped(&[b"error: \x1b]0;x\x07\n", b"next\tline\n"]),
            "error: \\u{1b}]0;x\\u{7}\nnext\tline\n"
        );
    }

    #[test]
    fn a_character_split_across_writes_is_joined() {
        let csi = "\u{9b}".as_bytes(); // C2 9B
        let wide = "表".as_bytes(); // three bytes
        assert_eq!(escaped(&[&csi[..1], &csi[1..]]), "\\u{9b}");
        assert_eq!(escaped(&[&wide[..1], &wide[1..2], &wide[2..], b"!"]), "表!");
    }

    #[test]
    fn bytes_that_are_no_character_are_shown_as_hex() {
        // A lone 0x9B is what an 8-bit terminal takes for CSI.
        assert_eq!(escaped(&[b"a\x9b2Jb"]), "a\\x9b2Jb");
        assert_eq!(escaped(&[b"end\xe8\xa1"]), "end\\xe8\\xa1");
    }

    #[test]
    fn after_save_keeps_going_when_printing_fails_and_warns_once() {
        let mut full = Full;
        let mut out = AfterSave::new(&mut full);
        writeln!(out, "WP-007").unwrap();
        writeln!(out, "second line").unwrap();
        let mut err = Vec::new();
        out.warn_if_lost(&mut err);
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "warning: saved, but printing the result failed: disk full\n  WP-007\n  second line\n"
        );
    }

    #[test]
    fn after_save_says_nothing_when_printing_worked() {
        let mut sink = Vec::new();
        let mut out = AfterSave::new(&mut sink);
        writeln!(out, "WP-007").unwrap();
        let mut err = Vec::new();
        out.warn_if_lost(&mut err);
        assert!(err.is_empty());
        assert_eq!(sink, b"WP-007\n");
    }

    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}
