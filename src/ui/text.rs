//! Text helpers for drawing: cutting to a width in terminal cells (wide characters
//! count twice) and padding.

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

fn one_line(c: char) -> char {
    if c.is_control() { ' ' } else { c }
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
}
