//! Running the real `cmo-promote` binary against a temporary data folder, and checking
//! that what it prints holds no raw terminal control characters.

use std::path::{Path, PathBuf};

/// The binary, with `--data-dir DATA`, user `tester` and no data folder from the
/// environment.
pub fn bin(data: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_cmo-promote"));
    c.arg("--data-dir")
        .arg(data)
        .env("USER", "tester")
        .env_remove("CMO_PROMOTE_DATA_DIR");
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

/// `log SESSION` with the fields it needs: a Forms change to X.
pub fn log_args(session: &str) -> [&str; 8] {
    [
        "log",
        session,
        "--area",
        "Forms",
        "--item",
        "X",
        "--description",
        "D",
    ]
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
