//! CSV for spreadsheets. Text in a session is typed by teammates, and a spreadsheet runs
//! a cell that starts with `=`, `+`, `-` or `@` as a formula (a tab or carriage return
//! in front does not stop it), which can fetch URLs or run commands ("CSV injection").
//! Such a cell is written with a `'` in front, which spreadsheets show as text and do
//! not display; everything else is written as it is. Rows end with LF; cells holding a
//! comma, a quote or a line break are quoted (RFC 4180).

use std::borrow::Cow;
use std::io::{self, Write};

/// `cell` as a spreadsheet will show it as text: with `'` in front when it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV writer whose every cell goes through [`spreadsheet_safe`].
pub struct CsvOut<W: Write> {
    inner: ::csv::Writer<W>,
}

impl<W: Write> CsvOut<W> {
    pub fn new(out: W) -> Self {
        let inner = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(out);
        CsvOut { inner }
    }

    /// Writes one row (the header is a row like any other).
    pub fn row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| spreadsheet_safe(c.as_ref()).into_owned())
            .collect();
        self.inner.write_record(&cells).map_err(into_io)
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }

    /// The writer back, flushed.
    pub fn into_inner(self) -> io::Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

impl CsvOut<Vec<u8>> {
    /// The bytes written.
    pub fn into_bytes(self) -> io::Result<Vec<u8>> {
        self.into_inner()
    }
}

/// A CSV error as the I/O error it is when writing (a closed pipe stays a closed pipe).
fn into_io(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_looking_cells_are_neutralised_and_others_left_alone() {
        for (cell, shown) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("Raise = incident", "Raise = incident"),
            ("", ""),
            ("TS-001", "TS-001"),
        ] {
            assert_eq!(spreadsheet_safe(cell), shown);
        }
    }

    #[test]
    fn rows_end_with_lf_and_cells_are_quoted_when_needed() {
        let mut bytes = Vec::new();
        {
            let mut out = CsvOut::new(&mut bytes);
            out.row(["a", "b,c"]).unwrap();
            out.row(["line\nbreak", "=1+1"]).unwrap();
            out.flush().unwrap();
        }
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "a,\"b,c\"\n\"line\nbreak\",'=1+1\n"
        );
    }
}
