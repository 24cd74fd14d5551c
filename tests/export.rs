//! The report and the CSV files of the example session shipped in `assets/` (which shows
//! every step status, outcome and result, a stale sign-off, a cancelled attempt and
//! hostile text), as golden files reviewed by eye (insta snapshots); the Markdown parsed
//! as GFM with every table row as wide as its header; the same bytes from the same
//! session.
//!
//! After an intended change to the example or the report: `UPDATE_EXAMPLE=1 cargo test
//! --test export` rewrites the asset, `INSTA_UPDATE=always` the snapshots; read both.

mod common;

use cmo_promote::export::{csv_files, markdown};
use cmo_promote::model::{ChangeEdit, EnvKey, Op, OpId, OpKind, Outcome, Session};
use cmo_promote::store::{decode_session, encode_session};
use std::path::Path;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/example-session.ron");

/// The shipped example as its text says (read without its cache, which would be
/// written beside it in the source tree).
fn example() -> Session {
    let text = std::fs::read_to_string(EXAMPLE).unwrap_or_else(|e| panic!("{EXAMPLE}: {e}"));
    decode_session(&text, Path::new(EXAMPLE)).unwrap_or_else(|e| panic!("{EXAMPLE}: {e}"))
}

#[test]
fn the_shipped_example_is_the_one_the_tests_build_and_it_passes_check() {
    let built = common::example::example_session();
    let text = encode_session(&built, Path::new(EXAMPLE)).unwrap();
    if std::env::var_os("UPDATE_EXAMPLE").is_some() {
        std::fs::write(EXAMPLE, &text).unwrap();
    }
    let shipped = std::fs::read_to_string(EXAMPLE).unwrap_or_default();
    assert!(
        shipped == text,
        "assets/example-session.ron is not what tests/common/example.rs builds; \
         rerun with UPDATE_EXAMPLE=1"
    );
    assert!(
        example().problems().is_empty(),
        "{:?}",
        example().problems()
    );
}

#[test]
fn the_markdown_report_of_the_example() {
    insta::assert_snapshot!("report_md", markdown(&example()));
}

#[test]
fn the_csv_files_of_the_example() {
    let zone = chrono::FixedOffset::east_opt(2 * 3600);
    for (name, bytes) in csv_files(&example(), zone).unwrap() {
        let text = String::from_utf8(bytes).unwrap();
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn the_same_session_gives_the_same_bytes() {
    // The session as the program builds it and as it reads back from its file: the
    // output comes from the session alone, not from how it was made or loaded.
    let built = common::example::example_session();
    let first = markdown(&built);
    let read = example();
    assert_eq!(first, markdown(&read));
    let zone = chrono::FixedOffset::east_opt(0);
    assert_eq!(
        csv_files(&built, zone).unwrap(),
        csv_files(&read, zone).unwrap()
    );
}

/// Every table of `md` as GFM parses it: the number of cells of each row, header first.
fn table_widths(md: &str) -> Vec<Vec<usize>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut tables = Vec::new();
    let mut cells = 0;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let Some(t) = tables.last_mut() {
                    t.push(cells);
                }
            }
            _ => {}
        }
    }
    tables
}

#[test]
fn every_table_row_has_as_many_cells_as_its_header_under_a_gfm_parser() {
    let md = markdown(&example());
    let tables = table_widths(&md);
    assert!(
        tables.len() >= 8,
        "the report has its tables: {}",
        tables.len()
    );
    for rows in &tables {
        let header = rows[0];
        assert!(
            rows.iter().all(|n| *n == header),
            "a row gained or lost a cell: {rows:?}"
        );
    }
    // The hostile text came through as text: no stray emphasis, code or HTML.
    let html = {
        let mut out = String::new();
        let parser = pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES);
        for event in parser {
            if let pulldown_cmark::Event::Code(c) = event {
                out.push_str(&c);
            }
        }
        out
    };
    assert!(
        html.is_empty(),
        "no code spans come from typed backticks: {html}"
    );
    // And it is all there: the procedure, the cancelled attempt, the stale sign-off.
    for expected in [
        "### 2. WP-002 · Custom Fields / Legacy code · remove",
        "**⚠ Irreversible:**",
        "cancelled by rita: started the wrong row",
        "**stale**",
        "Escalate 🚀 overdue",
        "Save is greyed \\| no error<br>second line",
    ] {
        assert!(md.contains(expected), "the report lacks {expected:?}");
    }
}

#[test]
fn a_very_long_or_hostile_cell_keeps_every_table_whole() {
    let s = common::example::example_session();
    let long = "| `x` *y* <b>\n=SUM(A1)\r\n🚀 ".repeat(20_000);
    // In the first change's description and in the note of an attempt at it.
    let c = s.changes()[0].id;
    let mut ops = s.history().clone();
    let at = s.history().last().map(|o| o.at).unwrap_or_default();
    for kind in [
        OpKind::EditChange {
            change: c,
            edits: vec![ChangeEdit::Description(long.clone())],
            was: vec![],
        },
        OpKind::FinishApplication {
            change: c,
            env: EnvKey::Stage1,
            outcome: Outcome::Skipped,
            note: long.clone(),
            replicability: None,
            rating: None,
        },
    ] {
        ops.push(Op::new(OpId::new_random(), "rita", at, kind));
    }
    let s = Session::replay(&s.implied_template(), s.meta(), &ops).unwrap();
    assert!(s.changes()[0].fields.description == long);
    let md = markdown(&s);
    for rows in table_widths(&md) {
        assert!(rows.iter().all(|n| *n == rows[0]), "{rows:?}");
    }
}
