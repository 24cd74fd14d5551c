//! The first fields of a session file (format version, save counter, title), read from
//! its start without parsing the rest: what every command needs to refuse a newer file,
//! notice another writer's save or find a session by title costs the same whatever the
//! size of the file.

use super::access::open_regular;
use serde::Deserialize;
use std::io::Read;
use std::path::Path;

/// How much of a file is read to find its title: it is written fourth, after three
/// short fields, so the first few KiB hold it unless it is very long. A file whose
/// title is not within the larger head (broken, or hand-edited with the title moved
/// down) is found by its file name only.
const TITLE_HEADS: [u64; 2] = [4 * 1024, 64 * 1024];
/// How much is read to find the rewrite counter (written second).
const GENERATION_HEAD: u64 = 4 * 1024;

/// What the walk over a RON text met at the outermost group's level.
enum Met<'a> {
    /// A word (a field name) at `depth`, with the text after it.
    Word {
        depth: usize,
        word: &'a str,
        after: usize,
    },
    /// The `)` that closes the outermost group, at this byte.
    Close(usize),
}

/// Walks `text` as RON, skipping strings, characters and comments, and hands `visit`
/// each word and the close of the outermost group, until it answers `Some`.
fn walk<'a, R>(text: &'a str, mut visit: impl FnMut(Met<'a>) -> Option<R>) -> Option<R> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i + 1)?,
            b'\'' => i = skip_char(bytes, i + 1)?,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = bytes[i..].iter().position(|&b| b == b'\n').map(|n| i + n)?;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i + 2)?,
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' if depth == 1 => return visit(Met::Close(i)),
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b if b.is_ascii_alphanumeric() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                match (word, bytes.get(i)) {
                    // Raw strings r"…", r#"…"#, br"…" (r#name is a raw identifier).
                    ("r" | "br", Some(b'"' | b'#')) => {
                        let hashes = bytes[i..].iter().take_while(|&&b| b == b'#').count();
                        if bytes.get(i + hashes) == Some(&b'"') {
                            i = skip_raw_string(bytes, i + hashes + 1, hashes)?;
                        } else {
                            i += hashes;
                        }
                    }
                    ("b", Some(b'"')) => i = skip_string(bytes, i + 1)?,
                    ("b", Some(b'\'')) => i = skip_char(bytes, i + 1)?,
                    _ => {
                        if let Some(found) = visit(Met::Word {
                            depth,
                            word,
                            after: i,
                        }) {
                            return Some(found);
                        }
                    }
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The text right after `name:`, where `name` is a field of the outermost `( … )` of
/// `text`; `None` if there is no such field before the outermost group closes or the
/// text ends. Strings, characters and comments are skipped, so a field name inside
/// them, or in a nested group, is never taken for it.
pub(crate) fn top_level_field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    walk(text, |met| match met {
        Met::Word { depth, word, after } if depth == 1 && word == name => {
            skip_blank(text, after)?.strip_prefix(':').map(Some)
        }
        Met::Word { .. } => None,
        Met::Close(_) => Some(None),
    })
    .flatten()
}

/// The byte just after the `)` that closes the outermost group of `text` (where a
/// session file's snapshot ends); `None` if it never closes.
pub(crate) fn top_level_end(text: &str) -> Option<usize> {
    walk(text, |met| match met {
        Met::Close(i) => Some(i + 1),
        Met::Word { .. } => None,
    })
}

/// The index after the closing quote of a string whose body starts at `i`.
fn skip_string(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn skip_raw_string(bytes: &[u8], mut i: usize, hashes: usize) -> Option<usize> {
    while i < bytes.len() {
        if bytes[i] == b'"' && bytes[i + 1..].iter().take(hashes).all(|&b| b == b'#') {
            let end = i + 1 + hashes;
            return (end <= bytes.len()).then_some(end);
        }
        i += 1;
    }
    None
}

fn skip_char(bytes: &[u8], i: usize) -> Option<usize> {
    let body = if bytes.get(i) == Some(&b'\\') {
        i + 2
    } else {
        i + 1
    };
    let close = bytes.get(body..)?.iter().position(|&b| b == b'\'')?;
    Some(body + close + 1)
}

/// Block comments nest in RON.
fn skip_block_comment(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut open = 1usize;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'*', b'/') => {
                open -= 1;
                i += 2;
                if open == 0 {
                    return Some(i);
                }
            }
            (b'/', b'*') => {
                open += 1;
                i += 2;
            }
            _ => i += 1,
        }
    }
    None
}

/// `text` from `i` on, past white space and comments.
fn skip_blank(text: &str, mut i: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    loop {
        match (bytes.get(i)?, bytes.get(i + 1)) {
            (b, _) if b.is_ascii_whitespace() => i += 1,
            (b'/', Some(b'/')) => i += bytes[i..].iter().position(|&b| b == b'\n')?,
            (b'/', Some(b'*')) => i = skip_block_comment(bytes, i + 2)?,
            _ => return text.get(i..),
        }
    }
}

/// The value of a top-level field, parsed as `T` (only the value is read).
pub(crate) fn field_value<'a, T: Deserialize<'a>>(text: &'a str, name: &str) -> Option<T> {
    let rest = top_level_field(text, name)?;
    let mut de = ron::de::Deserializer::from_str(rest).ok()?;
    T::deserialize(&mut de).ok()
}

/// Up to `limit` bytes from the start of a session file, as text (cut before a byte
/// that is not UTF-8, or a character split by the limit), and whether that is the
/// whole file.
fn read_head(path: &Path, limit: u64) -> Option<(String, bool)> {
    let (file, _) = open_regular(path).ok()?;
    head_of(file, limit)
}

/// Up to `limit` bytes from where `file` stands, as text (see [`read_head`]).
fn head_of(file: impl Read, limit: u64) -> Option<(String, bool)> {
    let mut head = Vec::new();
    file.take(limit).read_to_end(&mut head).ok()?;
    let whole = (head.len() as u64) < limit;
    if let Err(e) = std::str::from_utf8(&head) {
        head.truncate(e.valid_up_to());
    }
    Some((String::from_utf8(head).ok()?, whole))
}

/// The rewrite counter (`generation`) of a session file, read from its first lines
/// only.
pub fn peek_generation(path: &Path) -> Option<u64> {
    field_value(&read_head(path, GENERATION_HEAD)?.0, "generation")
}

/// The rewrite counter of the session file open as `file` (read from its start: the
/// same file another read then goes on with, even if the path was renamed over since).
pub(crate) fn generation_of(file: &mut std::fs::File) -> Option<u64> {
    field_value(&head_of(file, GENERATION_HEAD)?.0, "generation")
}

/// The rewrite counter and how many of its history's ops the snapshot covers, of the
/// session file open as `file` (read from its start, as [`generation_of`]).
pub(crate) fn generation_and_covers(file: &mut std::fs::File) -> Option<(u64, usize)> {
    let (head, _) = head_of(file, GENERATION_HEAD)?;
    Some((
        field_value(&head, "generation")?,
        field_value(&head, "covers")?,
    ))
}

/// The title of a session file, read from its start only; `None` if it is not there
/// (a broken file, or a title too long for the head).
pub(crate) fn peek_title(path: &Path) -> Option<String> {
    for limit in TITLE_HEADS {
        let (head, whole) = read_head(path, limit)?;
        if let Some(title) = field_value(&head, "title") {
            return Some(title);
        }
        if whole {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_fields_of_the_outermost_group_are_found() {
        let text = r##"// title: "comment"
/* title: "block /* nested */ comment" */
(
    notes: "title: \"quoted\"",
    raw: r#"title: "raw""#,
    c: '"',
    inner: (title: "nested"),
    list: [(title: "in a list")],
    title : "Real",
)"##;
        assert_eq!(
            field_value::<String>(text, "title").as_deref(),
            Some("Real")
        );
        assert_eq!(field_value::<String>("(a: (title: \"x\"))", "title"), None);
        assert_eq!(
            field_value::<String>("(a: 1) (title: \"x\")", "title"),
            None
        );
        assert_eq!(field_value::<String>("(title: \"cut sh", "title"), None);
        assert_eq!(field_value::<u64>("(generation: 7,", "generation"), Some(7));
        assert_eq!(field_value::<String>("(subtitle: \"x\")", "title"), None);
    }

    #[test]
    fn the_title_is_read_from_the_head_of_a_large_file_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.ron");
        // A head as written, then a body far larger than the head that is not even
        // text: only the head may be read.
        let mut bytes = b"(\n    format_version: 1,\n    generation: 3,\n    id: \"x\",\n    title: \"Big one\",\n    history: [".to_vec();
        bytes.resize(8 * 1024 * 1024, 0xff);
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(peek_title(&path).as_deref(), Some("Big one"));
        assert_eq!(peek_generation(&path), Some(3));
        // A long title is still found, from the larger head.
        let long = "x".repeat(10_000);
        let text = format!("(\n    format_version: 1,\n    title: \"{long}\",\n    history: [");
        std::fs::write(&path, text).unwrap();
        assert_eq!(peek_title(&path), Some(long));
    }
}
