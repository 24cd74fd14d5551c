//! Text helpers for drawing: cutting to a width in terminal cells (wide characters
//! count twice) and padding.

use ratatui::text::Line;
use unicode_width::UnicodeWidthChar;

/// Cuts `s` to at most `width` cells, ending with `…` when cut; line breaks show as
/// spaces.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let total: usize = s.chars().map(cell_width).sum();
    if total <= width {
        return s.chars().map(one_line).collect();
    }
    for c in s.chars() {
        let w = cell_width(c);
        if used + w + 1 > width {
            break;
        }
        out.push(one_line(c));
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// How many terminal cells `s` takes.
pub fn cells(s: &str) -> usize {
    s.chars().map(cell_width).sum()
}

/// `fit`, then padded with spaces to exactly `width` cells.
pub fn pad(s: &str, width: usize) -> String {
    let mut out = fit(s, width);
    let used: usize = out.chars().map(cell_width).sum();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// How many lines `text` takes when wrapped at word boundaries to `width` cells (as
/// a wrapping paragraph lays it out; a word longer than a line is cut).
pub fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.split('\n')
        .map(|line| {
            let mut lines = 1;
            let mut used = 0;
            for word in line.split_whitespace() {
                let w = cells(word);
                let need = if used == 0 { w } else { used + 1 + w };
                if need <= width {
                    used = need;
                } else {
                    lines += if used == 0 { 0 } else { 1 } + w.saturating_sub(1) / width;
                    used = if w > width { w % width } else { w };
                }
            }
            lines
        })
        .sum()
}

/// A character as a screen shows it on one line: control characters (which a
/// terminal would obey) and bidi overrides and isolates (which would reorder what
/// follows) become spaces.
fn one_line(c: char) -> char {
    if c.is_control() || crate::safe_text::is_bidi_control(c) {
        ' '
    } else {
        c
    }
}

/// Lines holding typed text, made safe to draw as they are (for text that is wrapped
/// rather than cut to a width): each character as [`fit`] shows it.
pub fn clean_lines(lines: Vec<Line<'_>>) -> Vec<Line<'_>> {
    lines
        .into_iter()
        .map(|mut line| {
            for span in &mut line.spans {
                if span.content.chars().any(|c| one_line(c) != c) {
                    // A tab as the spaces it stands for; other controls as one space.
                    span.content = span
                        .content
                        .chars()
                        .map(|c| match c {
                            '\t' => "    ".to_string(),
                            c => one_line(c).to_string(),
                        })
                        .collect::<String>()
                        .into();
                }
            }
            line
        })
        .collect()
}

fn cell_width(c: char) -> usize {
    if c.is_control() {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_as_two_cells() {
        assert_eq!(fit("表表表", 4), "表…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("表表", 4), "表表");
        assert_eq!(fit("a\nb", 5), "a b");
        assert_eq!(fit("abcdef", 0), "");
    }

    #[test]
    fn wrapped_lines_counts_as_a_paragraph_wraps() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("one two three", 20), 1);
        assert_eq!(wrapped_lines("one two three", 7), 2);
        assert_eq!(wrapped_lines("one\ntwo", 20), 2);
        assert_eq!(wrapped_lines("abcdefghijklmnopqrstuvwxy", 10), 3);
    }
}
