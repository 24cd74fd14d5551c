//! Text typed by people, made safe to show on a terminal. Session titles, descriptions,
//! comments, user names and file names come from teammates sharing a session folder, so
//! they may hold control characters that a terminal obeys: ESC starts sequences that
//! rename the window, clear the screen or write the clipboard (OSC 52), CR overwrites
//! the line, BEL rings, U+009B is a one-character CSI, and bidi overrides reorder
//! what follows. Everything that prints such text goes through this module.
//!
//! The scheme: each control character is replaced by the escape a Rust string literal
//! uses for it, so it stays visible and tells exactly which character it was: `\n` and
//! `\r`, otherwise `\u{HEX}` in lower case (`\u{1b}` for ESC, `\u{7}` for BEL,
//! `\u{7f}` for DEL, `\u{9b}` for the C1 CSI, `\u{202e}` for a right-to-left override).
//! Escaped: the C0 controls U+0000–U+001F except tab (and newline where lines are
//! kept), DEL, the C1 controls U+0080–U+009F, and the bidi embeddings, overrides and
//! isolates U+202A–U+202E and U+2066–U+2069. Backslashes are left as they are, so paths
//! and typed text read as typed (a typed `\n` looks like an escaped line break; the
//! session file keeps the exact text). Escaping is idempotent: its output holds no
//! character it would escape.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` for one line (a table cell, a title in a sentence): line breaks are escaped
/// too. Clean text is returned as it is, without copying.
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// `text` that may span lines (a message, a note): line breaks are kept.
pub fn multi_line(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| needs_escape(c) && !(keep_newlines && c == '\n');
    let Some(first) = text.find(unsafe_char) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if c == '\n' {
            out.push_str("\\n");
        } else if c == '\r' {
            out.push_str("\\r");
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    Cow::Owned(out)
}

/// Whether a terminal could act on `c` (tab and newline included; callers keep them).
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || is_bidi_control(c)
}

/// The bidi embeddings, overrides and isolates, which reorder the text that follows.
pub fn is_bidi_control(c: char) -> bool {
    ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        for text in [
            "",
            "Q3 workflow changes",
            "tab\there",
            "表 🚀 é",
            r"C:\path\n",
        ] {
            assert!(matches!(one_line(text), Cow::Borrowed(t) if t == text));
        }
        assert!(matches!(multi_line("two\nlines"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(
            one_line("Pwn\u{1b}]0;pwned\u{7}"),
            r"Pwn\u{1b}]0;pwned\u{7}"
        );
        assert_eq!(one_line("\u{1b}[2J"), r"\u{1b}[2J");
        assert_eq!(
            one_line("\u{1b}]52;c;cHduZWQ=\u{7}"),
            r"\u{1b}]52;c;cHduZWQ=\u{7}"
        );
        assert_eq!(one_line("a\rb\0c\u{7f}"), r"a\rb\u{0}c\u{7f}");
        assert_eq!(one_line("\u{9b}31m\u{80}\u{9f}"), r"\u{9b}31m\u{80}\u{9f}");
        assert_eq!(one_line("x\u{202e}y\u{2066}"), r"x\u{202e}y\u{2066}");
    }

    #[test]
    fn newlines_are_escaped_in_one_line_and_kept_in_multi_line() {
        assert_eq!(one_line("a\nb"), r"a\nb");
        assert_eq!(multi_line("a\nb\r\n"), "a\nb\\r\n");
        assert_eq!(one_line("a\tb"), "a\tb");
        assert_eq!(multi_line("a\tb"), "a\tb");
    }

    #[test]
    fn escaping_twice_changes_nothing_more() {
        let all: String = (0u32..0x2070).filter_map(char::from_u32).collect();
        let once = one_line(&all).into_owned();
        assert!(matches!(one_line(&once), Cow::Borrowed(_)));
        assert!(once.chars().all(|c| c == '\t' || !needs_escape(c)));
        let kept = multi_line(&all).into_owned();
        assert!(matches!(multi_line(&kept), Cow::Borrowed(_)));
    }
}
