//! Plain-text tables for command output: one line per row, control characters in cells
//! made visible (`safe_text::one_line`), columns padded by display width so emoji and
//! CJK text (two columns a character) line up.

use crate::safe_text;
use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Lays out rows under a header, each column as wide as its widest cell.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let cols = header.len();
    let header: Vec<Cow<str>> = header.iter().map(|h| cell(h)).collect();
    let rows: Vec<Vec<Cow<str>>> = rows
        .iter()
        .map(|row| row.iter().take(cols).map(|c| cell(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(c.width());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut text = String::new();
        for (i, c) in row.iter().enumerate() {
            text.push_str(c);
            if i + 1 < row.len() {
                let pad = widths[i] - c.width() + 2;
                text.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

/// A cell on one line: control characters escaped, tabs as spaces.
fn cell(text: &str) -> Cow<'_, str> {
    match safe_text::one_line(text) {
        Cow::Borrowed(t) if !t.contains('\t') => Cow::Borrowed(t),
        shown => Cow::Owned(shown.replace('\t', " ")),
    }
}

/// `text` as a cell of at most `max` display columns, ending with `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    let shown = cell(text);
    if shown.width() <= max {
        return shown.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in shown.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up() {
        let t = render(
            &["A", "BB"],
            &[
                vec!["long cell".into(), "x".into()],
                vec!["é".into(), "y".into()],
            ],
        );
        assert_eq!(t, "A          BB\nlong cell  x\né          y\n");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let t = render(
            &["A", "B"],
            &[
                vec!["表表".into(), "x".into()],
                vec!["🚀 ab".into(), "y".into()],
            ],
        );
        assert_eq!(t, "A      B\n表表   x\n🚀 ab  y\n");
    }

    #[test]
    fn cells_show_control_characters_on_one_line() {
        let t = render(&["A", "B"], &[vec!["a\nb\u{1b}[2J".into(), "x\ty".into()]]);
        assert_eq!(t, "A              B\na\\nb\\u{1b}[2J  x y\n");
    }

    #[test]
    fn truncation_cuts_by_display_width_and_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abcd", 4), "abcd");
        assert_eq!(truncate("ab\ncd", 10), "ab\\ncd");
        assert_eq!(truncate("表表表表", 5), "表表…");
        assert_eq!(truncate("表表表表", 6), "表表…");
        assert_eq!(truncate("表表表", 6), "表表表");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("\u{1b}]0;x", 6), "\\u{1b…");
    }
}
