//! Reading a spreadsheet for `import`: a CSV file whose first row names the columns
//! (in any case and order), as a [`Layout`] lists them. Made for what Excel saves as
//! "CSV UTF-8 (Comma delimited)": a byte-order mark, CRLF line ends, line breaks inside
//! quoted cells. What the file is not (not UTF-8, UTF-16, separated by semicolons or
//! tabs, no header, a column it may not have) refuses the whole file; what a row is not
//! (more cells than columns) makes that row bad. Each row keeps the line of the file it
//! starts on, counting the line breaks inside cells before it.

use std::path::Path;

/// The columns a kind of file may have: matched without regard to case or surrounding
/// spaces; the required ones must be named.
pub struct Layout {
    pub columns: &'static [&'static str],
    pub required: &'static [&'static str],
    /// A header to show as an example, e.g. `title,steps,expected,covers`.
    pub example: &'static str,
}

/// One row of the file, its cells by column (empty where the file has none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// The line of the file the row starts on (from 1).
    pub line: u64,
    columns: &'static [&'static str],
    cells: Vec<String>,
}

impl Row {
    /// The cell under `column` (one of the layout's), empty when the file has none.
    pub fn get(&self, column: &str) -> &str {
        self.columns
            .iter()
            .position(|c| *c == column)
            .and_then(|i| self.cells.get(i))
            .map_or("", String::as_str)
    }
}

/// The rows of a file, and the rows that are bad as rows: `(line, why)`.
#[derive(Debug, Default)]
pub struct Rows {
    pub rows: Vec<Row>,
    pub bad: Vec<(u64, String)>,
}

/// Reads the rows of `bytes`, the content of `path`. Rows whose cells are all blank are
/// skipped (spreadsheets leave them). An error refuses the file and names it.
pub fn read_rows(path: &Path, bytes: &[u8], layout: &Layout) -> anyhow::Result<Rows> {
    let file = path.display();
    let text = utf8_text(path, bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = loop {
        match records.next() {
            None => anyhow::bail!(
                "{file} is empty; its first row must name the columns: {}",
                layout.example
            ),
            Some(record) => {
                let record = record.map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
                if !blank(&record) {
                    break record;
                }
            }
        }
    };
    let mut lines = Lines::new(text);
    let columns = header_columns(path, lines.of(&header), &header, layout)?;
    // Only a comma-separated file gets this far; its quoting must be sound before any
    // row is trusted.
    check_quotes(text).map_err(|(line, why)| anyhow::anyhow!("{file}:{line}: {why}"))?;
    let mut rows = Rows::default();
    for record in records {
        let record = record.map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
        if blank(&record) {
            continue;
        }
        let mut row = Row {
            line: lines.of(&record),
            columns: layout.columns,
            cells: vec![String::new(); layout.columns.len()],
        };
        let mut unnamed = 0;
        for (i, cell) in record.iter().enumerate() {
            match columns.get(i).copied().flatten() {
                Some(column) => {
                    if let Some(c) = row.cells.get_mut(column) {
                        *c = cell.to_string();
                    }
                }
                None if cell.trim().is_empty() => {}
                None => unnamed += 1,
            }
        }
        if unnamed > 0 {
            let why = format!(
                "{unnamed} cell(s) under no column heading (the header names {} columns; \
                 is there a comma outside quotes?)",
                columns.iter().flatten().count()
            );
            rows.bad.push((row.line, why));
        } else {
            rows.rows.push(row);
        }
    }
    Ok(rows)
}

/// Checks the quoting of comma-separated text as RFC 4180 has it, since the csv reader
/// is lenient: a stray quote would make it join rows into one cell and import less
/// than the file holds. A cell in quotes ends at a quote followed by a comma or a line
/// end, and a quote inside it is written twice; a cell not in quotes holds no quote.
/// Returns the line of the first fault and what it is.
fn check_quotes(text: &str) -> Result<(), (u64, &'static str)> {
    let mut line = 1u64;
    let mut at_cell_start = true;
    let mut quoted_since: Option<u64> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted_since, c) {
            (Some(_), '"') => match chars.peek() {
                Some('"') => {
                    chars.next();
                }
                None | Some(',' | '\r' | '\n') => quoted_since = None,
                Some(_) => {
                    return Err((
                        line,
                        "a quote in the middle of a quoted cell; write a quote inside a \
                         cell as two quotes (\"\")",
                    ));
                }
            },
            (None, '"') if at_cell_start => {
                quoted_since = Some(line);
                at_cell_start = false;
            }
            (None, '"') => {
                return Err((
                    line,
                    "a quote inside a cell that does not start with one; put the cell in \
                     quotes and write the quote as two quotes (\"\")",
                ));
            }
            (_, '\r') => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                at_cell_start = quoted_since.is_none();
            }
            (_, '\n') => {
                line += 1;
                at_cell_start = quoted_since.is_none();
            }
            (None, ',') => at_cell_start = true,
            _ => at_cell_start = false,
        }
    }
    match quoted_since {
        Some(start) => Err((
            start,
            "a quoted cell that starts here is never closed: a closing quote is missing",
        )),
        None => Ok(()),
    }
}

/// The text of the file without its byte-order mark; refuses text that is not UTF-8.
fn utf8_text<'a>(path: &Path, bytes: &'a [u8]) -> anyhow::Result<&'a str> {
    let file = path.display();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        anyhow::bail!(
            "{file} is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8 (Comma delimited)\""
        );
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        anyhow::anyhow!(
            "{file}:{line}: not UTF-8 text (byte {at}); save it as \"CSV UTF-8 (Comma delimited)\""
        )
    })
}

/// The line each record starts on. The csv crate's own line count is one short after
/// a CRLF (its record starts at the LF), so lines are counted here from the record's
/// byte offset, past any line ends there, with CRLF, LF and a lone CR each one break.
struct Lines<'a> {
    text: &'a [u8],
    /// Where counting stopped, and the line there.
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line `record` starts on (records come in order).
    fn of(&mut self, record: &csv::StringRecord) -> u64 {
        let mut start = record
            .position()
            .map_or(self.at, |p| usize::try_from(p.byte()).unwrap_or(self.at));
        start = start.clamp(self.at, self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        while self.at < start {
            match self.text[self.at] {
                b'\n' => self.line += 1,
                b'\r' if self.text.get(self.at + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.at += 1;
        }
        self.line
    }
}

fn blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|c| c.trim().is_empty())
}

/// Which of the layout's columns each cell of the header names (`None`: a blank
/// heading, whose cells must stay empty). Refuses a file that is not comma-separated,
/// and a header with an unknown or repeated name or without a required one.
fn header_columns(
    path: &Path,
    line: u64,
    header: &csv::StringRecord,
    layout: &Layout,
) -> anyhow::Result<Vec<Option<usize>>> {
    let file = path.display();
    if header.len() == 1 {
        let only = &header[0];
        let separator = if only.contains(';') {
            Some("semicolons")
        } else if only.contains('\t') {
            Some("tabs")
        } else {
            None
        };
        if let Some(separator) = separator {
            anyhow::bail!(
                "{file} is not comma-separated (it looks separated by {separator}); \
                 save it as CSV (comma delimited)"
            );
        }
    }
    let mut columns = Vec::new();
    let mut unknown = Vec::new();
    for name in header.iter() {
        let key = name.trim().to_lowercase();
        if key.is_empty() {
            columns.push(None);
            continue;
        }
        match layout.columns.iter().position(|c| *c == key) {
            Some(i) if columns.contains(&Some(i)) => {
                anyhow::bail!(
                    "{file}:{line}: the column \"{}\" is named twice",
                    layout.columns[i]
                )
            }
            Some(i) => columns.push(Some(i)),
            None => {
                unknown.push(format!("\"{}\"", name.trim()));
                columns.push(None);
            }
        }
    }
    if !unknown.is_empty() {
        anyhow::bail!(
            "{file}:{line}: unknown column(s) {}: the first row must name the columns, \
             among {} (rename or delete the others)",
            unknown.join(", "),
            layout.columns.join(", ")
        );
    }
    for required in layout.required {
        let named = layout
            .columns
            .iter()
            .position(|c| c == required)
            .is_some_and(|i| columns.contains(&Some(i)));
        if !named {
            anyhow::bail!(
                "{file}:{line}: there is no {required} column; the first row must name the \
                 columns: {}",
                layout.example
            );
        }
    }
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPTS: Layout = Layout {
        columns: &["title", "steps", "expected", "covers"],
        required: &["title"],
        example: "title,steps,expected,covers",
    };

    fn read(text: &str) -> anyhow::Result<Rows> {
        read_rows(Path::new("s.csv"), text.as_bytes(), &SCRIPTS)
    }

    #[test]
    fn rows_keep_the_line_they_start_on_across_line_breaks_in_cells() {
        let rows = read(
            "\u{feff}Title,STEPS,expected,covers\r\n\
             One,\"a\r\nb\r\nc\",\"x\r\ny\",WP-1\r\n\
             ,,,\r\n\
             Two,,,\r\n",
        )
        .unwrap();
        let lines: Vec<u64> = rows.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 7]);
        assert_eq!(rows.rows[0].get("steps"), "a\r\nb\r\nc");
        assert_eq!(rows.rows[0].get("covers"), "WP-1");
        assert_eq!(rows.rows[1].get("title"), "Two");
    }

    #[test]
    fn lines_count_lf_crlf_and_lone_cr_alike() {
        for end in ["\n", "\r\n", "\r"] {
            let text = format!("title,steps{end}{end}A,\"1{end}2\"{end}B,x{end}");
            let rows = read(&text).unwrap();
            let lines: Vec<u64> = rows.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [3, 5], "{end:?}");
        }
    }

    #[test]
    fn a_row_with_cells_beyond_the_header_is_bad_but_blank_ones_are_not() {
        let rows = read("title,covers,\nA,1,\nB,2,oops\nC\n").unwrap();
        let titles: Vec<&str> = rows.rows.iter().map(|r| r.get("title")).collect();
        assert_eq!(titles, ["A", "C"]);
        assert_eq!(rows.bad.len(), 1);
        assert_eq!(rows.bad[0].0, 3);
    }

    #[test]
    fn stray_quotes_are_refused_with_their_line() {
        assert_eq!(
            check_quotes("a,\"b \"\"c\"\" d\",e\r\n\"x\ny\",z\n"),
            Ok(())
        );
        assert_eq!(
            check_quotes("t\nRow A,\"stray,x\nRow B,y\n").unwrap_err().0,
            2
        );
        assert_eq!(
            check_quotes("t\n\"Embedded \"quote\" mid\",x\n")
                .unwrap_err()
                .0,
            2
        );
        assert_eq!(check_quotes("t\n\n12\" screen,x\n").unwrap_err().0, 3);
    }

    #[test]
    fn files_that_are_no_comma_csv_are_refused_in_words() {
        let refusal = |text: &[u8]| {
            read_rows(Path::new("s.csv"), text, &SCRIPTS)
                .unwrap_err()
                .to_string()
        };
        assert!(refusal(b"title;steps;expected;covers\nA;b;c;1\n").contains("semicolons"));
        assert!(refusal(b"title\tsteps\nA\tb\n").contains("separated by tabs"));
        assert!(refusal(b"\xff\xfet\x00").contains("UTF-16"));
        assert!(refusal(b"title\nCaf\xe9\n").starts_with("s.csv:2: not UTF-8"));
        assert!(refusal(b"\n\n").contains("is empty"));
        assert!(refusal(b"title,notes\n").contains("unknown column(s) \"notes\""));
        assert!(refusal(b"steps,covers\n").contains("no title column"));
        assert!(refusal(b"title,Title\n").contains("named twice"));
    }
}
