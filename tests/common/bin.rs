//! Running the real `cmo-promote` binary on a data folder of its own.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

/// The binary with `--data-dir data`, as user "tester", whatever the environment says.
pub fn cmd(data: &Path) -> Command {
    let mut c = Command::cargo_bin("cmo-promote").unwrap();
    c.arg("--data-dir")
        .arg(data)
        .env("USER", "tester")
        .env_remove("CMO_PROMOTE_DATA_DIR");
    c
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

pub fn no_panic() -> impl Predicate<str> {
    predicate::str::contains("panicked")
        .not()
        .and(predicate::str::contains("RUST_BACKTRACE").not())
}

/// The arguments of `log SESSION` with a change of the given item.
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
pub fn log(data: &Path, session: &str, item: &str) -> Command {
    let mut c = cmd(data);
    c.args(log_args(session, item));
    c
}
