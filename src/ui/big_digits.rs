//! Figures in large block digits, readable across a room: `0`–`9`, `:`, `+`, `-` and
//! space, five rows tall, drawn at a whole-number scale.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Rows of one glyph at scale 1.
const ROWS: usize = 5;

fn glyph(c: char) -> [&'static str; ROWS] {
    match c {
        '0' => ["███", "█ █", "█ █", "█ █", "███"],
        '1' => [" █ ", "██ ", " █ ", " █ ", "███"],
        '2' => ["███", "  █", "███", "█  ", "███"],
        '3' => ["███", "  █", "███", "  █", "███"],
        '4' => ["█ █", "█ █", "███", "  █", "  █"],
        '5' => ["███", "█  ", "███", "  █", "███"],
        '6' => ["███", "█  ", "███", "█ █", "███"],
        '7' => ["███", "  █", "  █", "  █", "  █"],
        '8' => ["███", "█ █", "███", "█ █", "███"],
        '9' => ["███", "█ █", "███", "  █", "███"],
        ':' => [" ", "█", " ", "█", " "],
        '-' => ["   ", "   ", "███", "   ", "   "],
        '+' => ["   ", " █ ", "███", " █ ", "   "],
        _ => ["   ", "   ", "   ", "   ", "   "],
    }
}

/// How many cells wide `text` is at `scale` (glyphs one scaled cell apart).
pub fn width(text: &str, scale: u16) -> u16 {
    let cells: usize = text.chars().map(|c| glyph(c)[0].chars().count()).sum();
    let gaps = text.chars().count().saturating_sub(1);
    u16::try_from((cells + gaps) * scale as usize).unwrap_or(u16::MAX)
}

/// How many rows tall a figure is at `scale`.
pub fn height(scale: u16) -> u16 {
    ROWS as u16 * scale
}

/// `text` as lines of block characters at `scale`, in `style`.
pub fn lines(text: &str, scale: u16, style: Style) -> Vec<Line<'static>> {
    let scale = scale.max(1) as usize;
    let mut out = Vec::with_capacity(ROWS * scale);
    for row in 0..ROWS {
        let mut line = String::new();
        for (i, c) in text.chars().enumerate() {
            if i > 0 {
                line.push_str(&" ".repeat(scale));
            }
            for cell in glyph(c)[row].chars() {
                line.extend(std::iter::repeat_n(cell, scale));
            }
        }
        for _ in 0..scale {
            out.push(Line::from(Span::styled(line.clone(), style)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_is_as_wide_as_its_glyphs_and_gaps_at_each_scale() {
        assert_eq!(width("1:05", 1), 3 + 1 + 1 + 1 + 3 + 1 + 3);
        assert_eq!(width("1:05", 2), 2 * 13);
        let drawn = lines("1:05", 2, Style::default());
        assert_eq!(drawn.len(), 10);
        assert!(drawn.iter().all(|l| l.width() == 26));
    }
}
