//! Helpers around ratatui-textarea: building fields, feeding keys and pastes, reading
//! the text back.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

/// A text field holding `text`, with the cursor at its end.
pub fn field(text: &str, multiline: bool) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.split('\n').map(String::from).collect()
    };
    let mut ta = TextArea::new(lines);
    ta.set_wrap_mode(if multiline {
        WrapMode::WordOrGlyph
    } else {
        WrapMode::None
    });
    ta.set_cursor_line_style(ratatui::style::Style::default());
    ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
    ta.move_cursor(ratatui_textarea::CursorMove::End);
    ta
}

/// The whole text of a field.
pub fn text_of(ta: &TextArea) -> String {
    ta.lines().join("\n")
}

/// Line ends as the model stores them: CRLF and lone CR become LF.
pub fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Inserts pasted text; a one-line field gets its line breaks as spaces.
pub fn paste(ta: &mut TextArea, text: &str, multiline: bool) {
    let text = normalise_newlines(text);
    if multiline {
        ta.insert_str(text);
    } else {
        ta.insert_str(text.replace('\n', " "));
    }
}

/// Feeds a key to a field. Enter in a one-line field is not text (the caller handles it).
pub fn type_key(ta: &mut TextArea, key: KeyEvent, multiline: bool) {
    if !multiline && key.code == ratatui::crossterm::event::KeyCode::Enter {
        return;
    }
    ta.input(key);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_line_breaks_are_normalised() {
        let mut ta = field("", true);
        paste(&mut ta, "one\r\ntwo\rthree\nfour", true);
        assert_eq!(text_of(&ta), "one\ntwo\nthree\nfour");
        let mut line = field("x", false);
        paste(&mut line, "a\r\nb", false);
        assert_eq!(text_of(&line), "xa b");
    }

    #[test]
    fn fields_start_with_their_text_and_the_cursor_at_the_end() {
        let mut ta = field("ab\ncd", true);
        ta.insert_char('!');
        assert_eq!(text_of(&ta), "ab\ncd!");
    }
}
