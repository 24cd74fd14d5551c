//! The commands about the program itself, run as the real binary: `config`
//! (--print-default, --check), `paths`, `completions` and `man`, and what a config
//! file changes for the commands (the author's name, a new session's defaults).

mod common;

use common::cli::{cmd, create, no_panic, ok, saved};
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

/// `cmd` with the config file at `config`.
fn with_config(data: &Path, config: &Path) -> assert_cmd::Command {
    let mut c = cmd(data);
    c.env("CMO_PROMOTE_CONFIG", config);
    c
}

#[test]
fn the_printed_default_config_passes_its_own_check() {
    let dir = TempDir::new().unwrap();
    let text = ok(dir.path(), &["config", "--print-default"]);
    assert!(text.contains("theme: Dark"), "{text}");
    assert!(text.contains("//     Quit: [\"q\", \"Ctrl-C\"]"), "{text}");
    let file = dir.path().join("config.ron");
    fs::write(&file, &text).unwrap();
    cmd(dir.path())
        .args(["config", "--check"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("config.ron: fine"));
}

#[test]
fn checking_a_bad_config_names_the_line_column_and_key_and_fails() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("config.ron");
    fs::write(&file, "(\n    mouse: true,\n    colour: Light,\n)\n").unwrap();
    cmd(dir.path())
        .args(["config", "--check"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("config.ron:3:5: unknown field `colour`").and(no_panic()));
}

#[test]
fn checking_the_config_in_effect_reports_colliding_keys() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("mine.ron");
    fs::write(&file, "(keys: { Checklist: { SkipStep: [\"o\"] } })").unwrap();
    with_config(dir.path(), &file)
        .args(["config", "--check"])
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            "keys.Checklist: o is bound to both SkipStep and EditOwner",
        ));
}

#[test]
fn paths_say_where_each_location_came_from() {
    let dir = TempDir::new().unwrap();
    let out = ok(dir.path(), &["paths"]);
    let data = format!("data      {}  (from --data-dir)", dir.path().display());
    assert!(out.contains(&data), "{out}");
    assert!(out.contains("/sessions  (in the data folder)"), "{out}");
    assert!(
        out.contains("defaults-config.ron  (from $CMO_PROMOTE_CONFIG; in use)"),
        "{out}"
    );
    // A file the environment names that is not there is said, not passed over.
    let out = with_config(dir.path(), &dir.path().join("typo.ron"))
        .arg("paths")
        .assert()
        .success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("typo.ron: no such file (from $CMO_PROMOTE_CONFIG)"),
        "{out}"
    );

    let file = dir.path().join("given.ron");
    fs::write(&file, "(theme: Mono)").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cmo-promote"))
        .arg("--config")
        .arg(&file)
        .arg("paths")
        .env("CMO_PROMOTE_DATA_DIR", dir.path())
        .env("CMO_PROMOTE_CONFIG", dir.path().join("ignored.ron"))
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("(from $CMO_PROMOTE_DATA_DIR)"), "{out}");
    assert!(out.contains("given.ron  (from --config; in use)"), "{out}");
}

#[test]
fn a_config_names_the_author_and_a_new_session_s_defaults() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("config.ron");
    fs::write(
        &file,
        r#"(
            user: "Ann Smith",
            contingency_percent: 25,
            copy_back_after_days: 7,
            areas: ["Forms", "Payroll rules"],
        )"#,
    )
    .unwrap();
    let out = with_config(dir.path(), &file)
        .args(["new", "Configured"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let path = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Saved to "))
        .unwrap();
    let session = saved(Path::new(path));
    assert_eq!(
        session.areas(),
        &vec!["Forms".to_string(), "Payroll rules".into()]
    );
    assert_eq!(session.meta().created_by, "Ann Smith");
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains("contingency_percent: 25"), "{text}");
    assert!(text.contains("copy_back_after_days: 7"), "{text}");
    // --user still wins over the config.
    with_config(dir.path(), &file)
        .args(["--user", "bob"])
        .args(common::cli::log_args("configured", "Intake"))
        .assert()
        .success();
    let session = saved(Path::new(path));
    let last = session.history().last().unwrap();
    assert_eq!(last.author.as_str(), "bob");
}

#[test]
fn a_command_with_a_bad_config_warns_and_works_with_the_defaults() {
    let dir = TempDir::new().unwrap();
    create(dir.path(), "Still works");
    let file = dir.path().join("config.ron");
    fs::write(&file, "(theme: Purple)").unwrap();
    with_config(dir.path(), &file)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Still works"))
        .stderr(
            predicate::str::contains("warning: config not used, defaults in effect: ")
                .and(predicate::str::contains("config.ron:1:")),
        );
}

/// Whether `program` can be run here.
fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_bash_completion_script_loads_and_completes_session_names_and_commands() {
    let dir = TempDir::new().unwrap();
    create(dir.path(), "Quarterly forms");
    create(dir.path(), "Roles cleanup");
    let script = ok(dir.path(), &["completions", "bash"]);
    let file = dir.path().join("completion.bash");
    fs::write(&file, script).unwrap();
    // What a shell does on Tab after `cmo-promote open q` and after `cmo-promote sta`.
    let probe = r#"
        source "$1" || exit 3
        complete -p cmo-promote || exit 4
        COMP_WORDS=(cmo-promote open q); COMP_CWORD=2; COMP_TYPE=9
        COMP_LINE="cmo-promote open q"; COMP_POINT=${#COMP_LINE}
        CMO_PROMOTE_DATA_DIR="$2" _clap_complete_cmo_promote cmo-promote q open
        printf 'session:%s\n' "${COMPREPLY[@]}"
        COMP_WORDS=(cmo-promote --data-dir "$2" open r); COMP_CWORD=4
        COMP_LINE="cmo-promote --data-dir $2 open r"; COMP_POINT=${#COMP_LINE}
        _clap_complete_cmo_promote cmo-promote r open
        printf 'flag:%s\n' "${COMPREPLY[@]}"
        COMP_WORDS=(cmo-promote sta); COMP_CWORD=1
        COMP_LINE="cmo-promote sta"; COMP_POINT=${#COMP_LINE}
        _clap_complete_cmo_promote cmo-promote sta cmo-promote
        printf 'command:%s\n' "${COMPREPLY[@]}"
    "#;
    let out = Command::new("bash")
        .args(["--norc", "-c", probe, "bash"])
        .arg(&file)
        .arg(dir.path())
        .env_remove("CMO_PROMOTE_DATA_DIR")
        .env("CMO_PROMOTE_CONFIG", common::cli::DEFAULTS_CONFIG)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let today = chrono::Local::now().format("%Y-%m-%d");
    assert!(
        stdout.contains(&format!("session:quarterly-forms-{today}")),
        "{stdout}"
    );
    assert!(!stdout.contains("session:roles"), "{stdout}");
    // The data folder given on the line being completed is the one searched.
    assert!(
        stdout.contains(&format!("flag:roles-cleanup-{today}")),
        "{stdout}"
    );
    assert!(stdout.contains("command:status"), "{stdout}");
}

#[test]
fn every_shell_gets_a_script_that_calls_the_program_back() {
    let dir = TempDir::new().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = ok(dir.path(), &["completions", shell]);
        assert!(
            script.contains("CMO_PROMOTE_COMPLETE"),
            "{shell}:\n{script}"
        );
        assert!(script.contains("cmo-promote"), "{shell}:\n{script}");
    }
    cmd(dir.path())
        .args(["completions", "tcsh"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("tcsh"));
}

#[test]
fn the_man_page_is_roff_that_lists_every_command() {
    let dir = TempDir::new().unwrap();
    let page = ok(dir.path(), &["man"]);
    assert!(page.contains(".TH cmo-promote 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section} missing");
    }
    for command in ["log", "mark", "config", "paths", "completions", "watch"] {
        assert!(
            page.contains(&format!("cmo\\-promote\\-{}", command.replace('-', "\\-"))),
            "{command} missing"
        );
    }
    assert!(
        !page.contains("cmo\\-promote\\-gen"),
        "the hidden gen is listed"
    );
    if have("groff") {
        let file = dir.path().join("cmo-promote.1");
        fs::write(&file, &page).unwrap();
        // -k reads UTF-8 input, as `man` does (it runs preconv).
        let out = Command::new("groff")
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success());
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(warnings.trim().is_empty(), "groff warns:\n{warnings}");
    }
}

#[test]
fn the_readme_s_example_config_is_valid_and_has_no_clashing_keys() {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("## Making it yours")
        .nth(1)
        .expect("the README has the section");
    let example = section
        .split("```ron\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the section has a RON example");
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("example.ron");
    fs::write(&file, example).unwrap();
    cmd(dir.path())
        .args(["config", "--check"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("example.ron: fine"));
}
