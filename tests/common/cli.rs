//! Running the real `cmo-promote` binary against a temporary data folder, and checking
//! that what it prints holds no raw terminal control characters.

use std::path::{Path, PathBuf};

/// A config file that changes nothing, so tests never read the machine's own.
pub const DEFAULTS_CONFIG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/defaults-config.ron"
);

/// The binary, with `--data-dir DATA`, user `tester`, no data folder from the
/// environment and the defaults' config.
pub fn bin(data: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_cmo-promote"));
    c.arg("--data-dir")
        .arg(data)
        .env("USER", "tester")
        .env_remove("CMO_PROMOTE_DATA_DIR")
        .env("CMO_PROMOTE_CONFIG", DEFAULTS_CONFIG);
    c
}

/// `bin`, for assertions.
pub fn cmd(data: &Path) -> assert_cmd::Command {
    assert_cmd::Command::from_std(bin(data))
}

/// Creates a session and returns the path the command printed.
pub fn create(data: &Path, title: &str) -> PathBuf {
    let out = cmd(data).args(["new", title]).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Saved to "))
        .expect("new prints where it saved");
    PathBuf::from(line)
}

/// The arguments of `log SESSION` with a Forms change to `item`.
pub fn log_args<'a>(session: &'a str, item: &'a str) -> [&'a str; 8] {
    [
        "log",
        session,
        "--area",
        "Forms",
        "--item",
        item,
        "--description",
        "d",
    ]
}

/// `log SESSION` with a change of the given item.
pub fn log(data: &Path, session: &str, item: &str) -> assert_cmd::Command {
    let mut c = cmd(data);
    c.args(log_args(session, item));
    c
}

/// Runs a command that must succeed without a panic and returns what it printed.
pub fn ok(data: &Path, args: &[&str]) -> String {
    let out = cmd(data).args(args).assert().success().stderr(no_panic());
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The session in a file, as saved.
pub fn saved(path: &Path) -> cmo_promote::model::Session {
    cmo_promote::store::Loaded::load(path).unwrap().session
}

/// Stderr that shows no panic.
pub fn no_panic() -> impl predicates::Predicate<str> {
    use predicates::prelude::*;
    predicate::str::contains("panicked")
        .not()
        .and(predicate::str::contains("RUST_BACKTRACE").not())
}

/// Panics when `bytes` is not UTF-8 or holds a character a terminal would act on:
/// C0 controls other than newline and tab, DEL, C1 controls, bidi overrides.
pub fn assert_printable(what: &str, bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec())
        .unwrap_or_else(|e| panic!("{what} printed bytes that are not UTF-8: {e}"));
    let raw: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect();
    assert!(
        raw.is_empty(),
        "{what} printed raw control characters {raw:?}:\n{text:?}"
    );
    text
}

/// Writes the session file at `path` anew with a snapshot of the whole session, so
/// that its text shows the session as it is (for tests that edit it by hand).
#[allow(dead_code)]
pub fn compacted(path: &Path) {
    cmo_promote::store::Loaded::load(path)
        .unwrap()
        .compact()
        .unwrap();
}

/// The text of a session file as a build of format 3 wrote it: one RON value with the
/// history inside (`text` is a file just written whole, with no ops after its snapshot).
#[allow(dead_code)]
pub fn as_format_3(text: &str) -> String {
    let body = text.split_once('\n').map_or(text, |(_, rest)| rest);
    assert!(body.starts_with("(\n"), "{text}");
    assert!(
        body.contains("    covers: 0,\n"),
        "ops after the snapshot: {text}"
    );
    body.replacen(
        &format!("format_version: {},", cmo_promote::model::FORMAT_VERSION),
        "format_version: 3,",
        1,
    )
    .replacen("    covers: 0,\n", "", 1)
}
