//! Commands about the program rather than a session: `config` (print the default,
//! check a file), `paths` (where things are and what chose each), `completions` (a
//! shell's script, whose session arguments complete to session names) and `man`.

use super::args::{Cli, Shell};
use crate::config::{Config, Located, Settings, data_dir};
use crate::store::Store;
use anyhow::Context as _;
use clap::CommandFactory;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use clap_complete::env::{Bash, EnvCompleter, Fish, Powershell, Zsh};
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The environment variable that asks the program to complete a command line (set by
/// the scripts `completions` prints).
pub const COMPLETE_ENV: &str = "CMO_PROMOTE_COMPLETE";

/// The command-line definition, with session arguments completing to session names.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    let with_session: Vec<String> = cmd
        .get_subcommands()
        .filter(|s| s.get_arguments().any(|a| a.get_id() == "session"))
        .map(|s| s.get_name().to_string())
        .collect();
    for name in with_session {
        cmd = cmd.mut_subcommand(name, |s| {
            s.mut_arg("session", |a| a.add(ArgValueCompleter::new(session_names)))
        });
    }
    cmd
}

/// Answers a completion request from a shell's script, when this run is one (the
/// program then exits); otherwise does nothing.
pub fn complete_if_asked() {
    clap_complete::CompleteEnv::with_factory(command)
        .var(COMPLETE_ENV)
        .complete();
}

/// The sessions whose file names start with what has been typed, in the data folder
/// the command line being completed names (else the environment's or the default).
fn session_names(typed: &OsStr) -> Vec<CompletionCandidate> {
    let typed = typed.to_string_lossy();
    let given = data_dir_typed(std::env::args_os());
    let Ok(dir) = data_dir(given.as_deref()) else {
        return Vec::new();
    };
    let files = Store::open(dir.path).session_files().unwrap_or_default();
    files
        .into_iter()
        .filter_map(|(path, _)| Some(path.file_stem()?.to_string_lossy().into_owned()))
        .filter(|name| name.starts_with(typed.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

/// The `--data-dir` on a command line (`--data-dir DIR` or `--data-dir=DIR`).
fn data_dir_typed(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(dir) = arg.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
            return Some(PathBuf::from(dir));
        }
    }
    None
}

/// `completions SHELL`: the script that makes the shell ask this program to complete.
pub fn completions(shell: Shell, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Powershell => &Powershell,
    };
    let bin = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_string))
        .unwrap_or_else(|| "cmo-promote".to_string());
    completer.write_registration(COMPLETE_ENV, "cmo-promote", "cmo-promote", &bin, out)?;
    Ok(ExitCode::SUCCESS)
}

/// `man`: the manual page, in roff.
pub fn man(out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    clap_mangen::Man::new(command()).render(out)?;
    Ok(ExitCode::SUCCESS)
}

/// `config --print-default`.
pub fn print_default(out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    out.write_all(crate::config::default_text().as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `config --check [PATH]`: reads the file as the program would at start and says
/// what is wrong with it, or that it is fine.
pub fn check_config(
    path: Option<&Path>,
    in_effect: Option<&Located>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let path = match (path, in_effect) {
        (Some(p), _) => p.to_path_buf(),
        (None, Some(found)) => found.path.clone(),
        (None, None) => anyhow::bail!("this system has no config folder; name a file to check"),
    };
    if !path.exists() {
        anyhow::bail!(
            "{}: no such file (without one the defaults are used; \
             `cmo-promote config --print-default` writes one)",
            path.display()
        );
    }
    let settings = Config::load(&path).and_then(|c| c.settings(&path))?;
    for collision in &settings.collisions {
        writeln!(out, "{}: {collision}", path.display())?;
    }
    if settings.collisions.is_empty() {
        writeln!(out, "{}: fine", path.display())?;
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
    }
}

/// `paths`: each location in effect and what chose it.
pub fn paths(
    data: &Located,
    config: Option<&Located>,
    settings: &Settings,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let sessions = Store::sessions_dir_in(&data.path);
    writeln!(out, "data      {}  ({})", data.path.display(), data.source)?;
    writeln!(
        out,
        "sessions  {}  (in the data folder)",
        sessions.display()
    )?;
    match config {
        Some(c) => {
            let state = if let Some(why) = &settings.refused {
                format!("not used: {why}")
            } else if !c.path.exists() {
                "not there: the defaults are in use".to_string()
            } else {
                "in use".to_string()
            };
            writeln!(
                out,
                "config    {}  ({}; {state})",
                c.path.display(),
                c.source
            )?;
        }
        None => writeln!(out, "config    none  (this system has no config folder)")?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The settings in effect for this run, from the config file at `located`.
pub fn settings(located: Option<&Located>) -> Settings {
    located.map_or_else(Settings::default, Settings::load_located)
}

/// Reads what `--data-dir` or the environment chose, naming what failed.
pub fn data(flag: Option<&Path>) -> anyhow::Result<Located> {
    data_dir(flag).context("cannot tell where the sessions are")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_dir_is_found_on_the_line_being_completed() {
        let line = |words: &[&str]| {
            words
                .iter()
                .map(std::ffi::OsString::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            data_dir_typed(line(&[
                "cmo-promote",
                "--",
                "cmo-promote",
                "--data-dir",
                "/d",
                "open",
                ""
            ])),
            Some(PathBuf::from("/d"))
        );
        assert_eq!(
            data_dir_typed(line(&["cmo-promote", "--data-dir=/e", "open", "q"])),
            Some(PathBuf::from("/e"))
        );
        assert_eq!(data_dir_typed(line(&["cmo-promote", "open", "q"])), None);
    }
}
