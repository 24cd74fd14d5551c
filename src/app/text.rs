//! Helpers around ratatui-textarea: building fields, feeding keys and pastes, reading
//! the text back.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

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
    ta.move_cursor(CursorMove::Bottom);
    ta.move_cursor(CursorMove::End);
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
/// Control keys follow readline, as terminal users expect: Ctrl-A and Ctrl-E go to the
/// start and end of the line, Ctrl-U and Ctrl-K delete to them, Ctrl-W deletes the word
/// before the cursor, Ctrl-Y puts back what was deleted; Ctrl-Z undoes, Ctrl-R redoes.
pub fn type_key(ta: &mut TextArea, key: KeyEvent, multiline: bool) {
    if !multiline && key.code == KeyCode::Enter {
        return;
    }
    if key.modifiers == KeyModifiers::CONTROL
        && let KeyCode::Char(c) = key.code
    {
        match c {
            'a' => ta.move_cursor(CursorMove::Head),
            'e' => ta.move_cursor(CursorMove::End),
            'u' => {
                ta.delete_line_by_head();
            }
            'k' => {
                ta.delete_line_by_end();
            }
            'w' => {
                ta.delete_word();
            }
            'y' => {
                ta.paste();
            }
            'z' => {
                ta.undo();
            }
            'r' => {
                ta.redo();
            }
            // Other control keys are not text.
            _ => {}
        }
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

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(ta: &mut TextArea, text: &str) {
        for c in text.chars() {
            type_key(
                ta,
                KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
                true,
            );
        }
    }

    #[test]
    fn control_keys_follow_readline() {
        let mut ta = field("", true);
        typed(&mut ta, "set field to High");
        type_key(&mut ta, ctrl('w'), true);
        assert_eq!(
            text_of(&ta),
            "set field to ",
            "Ctrl-W deletes the word before"
        );
        type_key(&mut ta, ctrl('a'), true);
        typed(&mut ta, "> ");
        assert_eq!(text_of(&ta), "> set field to ", "Ctrl-A goes to the start");
        type_key(&mut ta, ctrl('k'), true);
        assert_eq!(text_of(&ta), "> ", "Ctrl-K deletes to the end");
        type_key(&mut ta, ctrl('y'), true);
        assert_eq!(text_of(&ta), "> set field to ", "Ctrl-Y puts it back");
        type_key(&mut ta, ctrl('u'), true);
        assert_eq!(text_of(&ta), "", "Ctrl-U deletes to the start");
        type_key(&mut ta, ctrl('z'), true);
        assert_eq!(text_of(&ta), "> set field to ", "Ctrl-Z undoes");
        type_key(&mut ta, ctrl('e'), true);
        typed(&mut ta, "Low");
        assert_eq!(text_of(&ta), "> set field to Low", "Ctrl-E goes to the end");
        type_key(&mut ta, ctrl('x'), true);
        assert_eq!(
            text_of(&ta),
            "> set field to Low",
            "other control keys are not text"
        );
    }

    #[test]
    fn fields_start_with_their_text_and_the_cursor_at_the_end() {
        let mut ta = field("ab\ncd", true);
        ta.insert_char('!');
        assert_eq!(text_of(&ta), "ab\ncd!");
    }
}
