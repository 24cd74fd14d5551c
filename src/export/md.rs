//! Markdown that renders the same in any GFM renderer: text typed by teammates is
//! escaped so it stays text (no emphasis, links, HTML or code it did not mean), line
//! breaks become `<br>` so a table cell or a list item stays one line, and tables are
//! written with exactly as many cells per row as their header.

use crate::safe_text;

/// `text` as inline Markdown: Markdown's punctuation escaped with a backslash, `<` and
/// `&` as entities, every line break as `<br>`, other control characters made visible
/// (as `safe_text` shows them). Safe inside a table cell: a `|` cannot end the cell.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let text = text.trim().replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for c in safe_text::one_line(line).chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '&' => out.push_str("&amp;"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '>' | '!' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// `text`, or an em dash when it is blank (an empty cell reads as "forgotten").
pub fn or_dash(t: &str) -> String {
    if t.trim().is_empty() {
        "—".into()
    } else {
        text(t)
    }
}

/// A table: a header and rows of already-escaped cells, each row padded or cut to the
/// header's width so the table never gains or loses a column.
pub struct Table {
    header: Vec<String>,
    /// `true` for columns aligned right (numbers, durations).
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// Columns named `header`; a name starting with `>` is aligned right.
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header
                .iter()
                .map(|h| h.trim_start_matches('>').to_string())
                .collect(),
            right: header.iter().map(|h| h.starts_with('>')).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as Markdown lines, ending with a blank line.
    pub fn write(&self, out: &mut String) {
        let n = self.header.len();
        let line = |cells: &[String], out: &mut String| {
            out.push('|');
            for i in 0..n {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                out.push(' ');
                out.push_str(cell);
                out.push_str(" |");
            }
            out.push('\n');
        };
        line(&self.header, out);
        out.push('|');
        for right in &self.right {
            out.push_str(if *right { "---:|" } else { "---|" });
        }
        out.push('\n');
        for row in &self.rows {
            line(row, out);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_stays_text_on_one_line() {
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(
            text("line 1\nline 2\r\nline 3"),
            "line 1<br>line 2<br>line 3"
        );
        assert_eq!(text("`code` *bold* <b>"), "\\`code\\` \\*bold\\* &lt;b\\>");
        assert_eq!(
            text("[link](x) # no heading"),
            "\\[link\\](x) \\# no heading"
        );
        // The escape shows as the text `\u{1b}` (its backslash escaped in turn).
        assert_eq!(text("evil\u{1b}]0;x"), "evil\\\\u{1b}\\]0;x");
        assert_eq!(or_dash("  "), "—");
    }

    #[test]
    fn every_row_has_as_many_cells_as_the_header() {
        let mut t = Table::new(&["A", ">B"]);
        t.row(vec!["1".into()]);
        t.row(vec!["1".into(), "2".into(), "3".into()]);
        let mut out = String::new();
        t.write(&mut out);
        assert_eq!(out, "| A | B |\n|---|---:|\n| 1 |  |\n| 1 | 2 |\n\n");
    }
}
