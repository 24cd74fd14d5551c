//! A file read as it comes gives what the whole read gives, or leaves the file to it.

use super::*;
use crate::model::{Op, OpKind};
use crate::sample::{Size, on_builtin};
use crate::store::codec::decode_file;
use crate::store::encode::{encode_file, op_lines};
use chrono::{TimeZone, Utc};
use xxhash_rust::xxh3::xxh3_64;

fn path() -> &'static Path {
    Path::new("streamed.ron")
}

fn notes(step: u32, notes: &str) -> Op {
    Op::fresh(
        "ann",
        Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
        OpKind::SetStepNotes {
            step,
            notes: notes.into(),
            was: None,
        },
    )
}

/// A file whose snapshot holds text with lines that start with `)` (`closes` of
/// them), with ops after its snapshot.
fn file(closes: usize) -> String {
    let mut s = on_builtin("Streamed", Size::realistic(60, 2)).unwrap();
    let tricky: String = (0..closes)
        .map(|i| format!("line {i}\n) not the end\n"))
        .collect();
    s.apply(notes(1, &tricky)).unwrap();
    let mut text = encode_file(&s, 3, path()).unwrap();
    text.push_str(&op_lines([notes(2, "after the snapshot")], path()).unwrap());
    text
}

fn streamed(text: &[u8]) -> Option<Streamed> {
    read_streamed(text, path()).unwrap()
}

#[test]
fn a_file_read_as_it_comes_is_the_file_read_whole() {
    let text = file(3);
    assert!(
        text.contains("\n) not the end"),
        "a line starting with `)` in the text"
    );
    let (session, head) = decode_file(&text, path()).unwrap();
    let read = streamed(text.as_bytes()).expect("read as it comes");
    assert_eq!(read.session, session);
    assert_eq!(read.head, head);
    let log = head.log.unwrap();
    assert_eq!((log.end, log.after_snapshot), (text.len() as u64, 1));
    assert_eq!(read.hash, xxh3_64(text.as_bytes()));
}

#[test]
fn the_big_lists_are_parsed_apart_from_the_rest_of_the_snapshot() {
    let text = file(0);
    let (session, _) = decode_file(&text, path()).unwrap();
    let mut lines = FileLines::new(text.as_bytes(), path());
    let snapshot = read_snapshot(&mut lines)
        .unwrap()
        .expect("read as it comes");
    let first = format!("{}", session.changes()[0].id);
    assert!(text.contains(&first));
    assert!(
        !snapshot.text.contains(&first),
        "no change left in the text"
    );
    assert!(snapshot.text.contains("    changes: [\n    ],\n"));
    let lists = &snapshot.lists;
    assert_eq!(
        (
            lists.changes.as_ref().map(Vec::len),
            lists.scripts.as_ref().map(Vec::len),
            lists.rounds.as_ref().map(Vec::len),
        ),
        (
            Some(session.changes().len()),
            Some(session.scripts().len()),
            Some(session.rounds().len())
        )
    );
}

#[test]
fn a_last_line_cut_short_is_left_out_as_by_the_whole_read() {
    let whole = file(0);
    let text = format!("{whole}(id:\"cut short");
    let (session, head) = decode_file(&text, path()).unwrap();
    let read = streamed(text.as_bytes()).unwrap();
    assert_eq!((read.session, read.head), (session, head));
    assert_eq!(head.log.unwrap().end, whole.len() as u64);
    assert_eq!(read.hash, xxh3_64(whole.as_bytes()));
}

#[test]
fn a_line_that_is_not_an_op_is_the_same_error_either_way() {
    let text = format!("{}(not an op)\n", file(0));
    let whole = decode_file(&text, path()).unwrap_err().to_string();
    let Err(e) = read_streamed(text.as_bytes(), path()) else {
        panic!("refused");
    };
    assert_eq!(e.to_string(), whole);
    assert!(
        whole.contains(&format!("{}", text.lines().count())),
        "{whole}"
    );
}

#[test]
fn what_it_does_not_read_is_left_to_the_whole_read() {
    let text = file(0);
    let older = text.replacen("format_version: 4", "format_version: 3", 1);
    assert_ne!(older, text);
    assert!(streamed(older.as_bytes()).is_none(), "another format");
    let mut bytes = text.clone().into_bytes();
    bytes.extend_from_slice(b"(id:\"\xff\")\n");
    assert!(streamed(&bytes).is_none(), "not UTF-8");
    let unclosed = &text[..text.find("\n)\n").unwrap()];
    assert!(
        streamed(unclosed.as_bytes()).is_none(),
        "a snapshot never closed"
    );
    // What the writer never writes: a character, a block comment.
    for odd in ["title: 'x',", "/* a comment */"] {
        let edited = text.replacen("    title: ", &format!("    {odd}\n    title: "), 1);
        assert_ne!(edited, text);
        assert!(streamed(edited.as_bytes()).is_none(), "{odd}");
    }
}

#[test]
fn text_that_looks_like_the_files_own_lines_is_read_as_text() {
    // Step notes (not a big list) and a change's description (in one) that look
    // like the lines that open and close the snapshot, a list and its elements.
    let looks = "x\n)\n    changes: [\n        (\n        ),\n    ],\n) (\n\"";
    let mut s = on_builtin("Streamed", Size::realistic(40, 5)).unwrap();
    s.apply(notes(1, looks)).unwrap();
    let change = s.changes()[3].id;
    let edit = Op::fresh(
        "ann",
        Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
        OpKind::EditChange {
            change,
            edits: vec![crate::model::ChangeEdit::Description(looks.into())],
            was: Vec::new(),
        },
    );
    s.apply(edit).unwrap();
    let text = encode_file(&s, 1, path()).unwrap();
    assert!(text.contains("\n    changes: [\n        (\n        ),\n    ],\n) (\n"));
    let (session, head) = decode_file(&text, path()).unwrap();
    let read = streamed(text.as_bytes()).expect("read as it comes");
    assert_eq!(read.session.changes()[3].fields.description, looks);
    assert_eq!((read.session, read.head), (session, head));
}
