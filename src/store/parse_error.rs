//! Parse errors in a user's words: where in the file (line and column) and what is
//! wrong there, without the names of the program's own types or the parser's options.

use super::error::StoreError;
use ron::error::{Error, SpannedError};
use std::path::Path;

/// A RON error at its place in the file.
pub(crate) fn parse_error(path: &Path, e: SpannedError) -> StoreError {
    StoreError::Parse {
        path: path.to_path_buf(),
        line: e.span.start.line.max(1),
        col: e.span.start.col.max(1),
        message: describe(&e.code),
    }
}

/// The text of a file, or where (line, column and byte offset) it stops being UTF-8.
pub(crate) fn text_of(bytes: Vec<u8>, path: &Path) -> Result<String, StoreError> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&bytes[..offset]);
        let line = 1 + valid.matches('\n').count();
        let col = 1 + valid.rsplit('\n').next().map_or(0, |l| l.chars().count());
        StoreError::Parse {
            path: path.to_path_buf(),
            line,
            col,
            message: format!("not UTF-8 text (the bad byte is at byte offset {offset})"),
        }
    })
}

fn quoted(names: &[&str]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match names.as_slice() {
        [] => "nothing here".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("one of {} or {last}", rest.join(", ")),
    }
}

/// What the parser expected, without the program's type names ("struct Step" is a
/// `(…)` group to whoever edits the file).
fn expected_words(expected: &str) -> String {
    let mut words = expected.split_whitespace();
    match (words.next(), words.next()) {
        (Some("struct" | "tuple"), _) => "a `(…)` group".to_string(),
        (Some("enum"), _) => "one of its allowed words".to_string(),
        (Some("a" | "an"), Some("sequence")) => "a `[…]` list".to_string(),
        (Some("a" | "an"), Some("map")) => "a `{…}` map".to_string(),
        (Some("i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize"), _) => {
            "a whole number".to_string()
        }
        _ => expected.to_string(),
    }
}

/// A RON error code in words.
fn describe(code: &Error) -> String {
    match code {
        Error::Eof => "the file ends too early (is it cut short?)".into(),
        Error::ExpectedNamedStructLike(_) | Error::ExpectedStructLike => {
            "expected an opening `(`".into()
        }
        Error::ExpectedDifferentStructName { found, .. } => {
            format!("unexpected name `{found}` before `(`")
        }
        Error::ExpectedStructName(_) => "expected a name before `(`".into(),
        Error::NoSuchEnumVariant {
            expected, found, ..
        } => format!("unknown value `{found}`; expected {}", quoted(expected)),
        Error::NoSuchStructField {
            expected, found, ..
        } => format!("unknown field `{found}`; expected {}", quoted(expected)),
        Error::MissingStructField { field, .. } => format!("the field `{field}` is missing"),
        Error::DuplicateStructField { field, .. } => {
            format!("the field `{field}` appears twice")
        }
        Error::InvalidValueForType { expected, found } => {
            format!("expected {} but found {found}", expected_words(expected))
        }
        Error::ExpectedDifferentLength { expected, found } => {
            format!("expected {expected} but found {found} items")
        }
        Error::ExceededRecursionLimit => "brackets are nested too deeply here".into(),
        Error::UnclosedLineComment | Error::UnclosedBlockComment => {
            "a comment is not closed".into()
        }
        Error::Utf8Error(_) => "not UTF-8 text".into(),
        Error::TrailingCharacters => "unexpected text after the end".into(),
        Error::ExpectedRawValue | Error::Fmt | Error::Io(_) => "unreadable text".into(),
        Error::Message(m) => m.clone(),
        other => {
            // The remaining codes are plain ("Expected comma", "Unexpected char 'x'");
            // start them lower-case as the rest of the message is.
            let text = other.to_string();
            let mut chars = text.chars();
            chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_placed_by_line_column_and_byte_offset() {
        let bytes = b"(\n    title: \"a\xffb\",\n)".to_vec();
        let e = text_of(bytes, Path::new("s.ron")).unwrap_err().to_string();
        assert_eq!(
            e,
            "s.ron:2:14: not UTF-8 text (the bad byte is at byte offset 15)"
        );
    }

    #[test]
    fn messages_name_no_program_types_or_parser_options() {
        let deep = format!("{}{}", "(b: [".repeat(200), "])".repeat(200));
        for (text, words) in [
            ("(a: 1)", "the field `b` is missing"),
            ("(b: [], b: [])", "the field `b` appears twice"),
            ("[1]", "opening `(`"),
            (deep.as_str(), "nested too deeply"),
        ] {
            let e = ron::from_str::<Probe>(text).unwrap_err();
            let shown = parse_error(Path::new("s.ron"), e).to_string();
            assert!(shown.contains(words), "{shown}");
            for leak in ["Probe", "ron::", "serde_stacker", "struct"] {
                assert!(!shown.contains(leak), "{shown}");
            }
        }
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Probe {
        b: Vec<Probe>,
    }
}
