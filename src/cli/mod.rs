//! The command line: arguments (clap) and the headless commands. Errors are printed to
//! stderr with a non-zero exit code; nothing here panics on user input.

mod args;
mod commands;
mod table;
mod write;

pub use args::{Cli, Command, LogArgs};

use crate::clock::SystemClock;
use crate::store::{Store, default_data_dir};
use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;

/// Entry point of the `cmo-promote` binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Not locked for the whole run: the TUI's signal thread must be able to write the
    // terminal-restoring sequences while the main thread is busy.
    let mut out = io::stdout();
    match run(cli, &mut out) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            let _ = out.flush();
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// Runs a parsed command line, writing normal output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let data_dir = match cli.data_dir.clone() {
        Some(d) => d,
        None => default_data_dir()?,
    };
    let store = Store::open(data_dir);
    let user = cli.user();
    let ctx = commands::Context {
        store: &store,
        user: &user,
        clock: &SystemClock,
    };
    match cli.command {
        None => commands::open_latest(&ctx, !cli.no_mouse, out),
        Some(Command::Open { session }) => commands::open(&ctx, &session, !cli.no_mouse),
        Some(Command::New { title, template }) => {
            commands::new(&ctx, &title, template.as_deref(), out)
        }
        Some(Command::List) => commands::list(&ctx, out),
        Some(Command::Check { session }) => commands::check(&ctx, &session, out),
        Some(Command::Log(args)) => write::log(&ctx, args, out),
        Some(Command::Recover { file, session }) => {
            write::recover(&ctx, &file, session.as_deref(), out)
        }
        Some(Command::Mark {
            session,
            script,
            result,
            round,
            comment,
        }) => write::mark(&ctx, &session, &script, &result, round, &comment, out),
        Some(Command::AddScript {
            session,
            title,
            covers,
        }) => write::add_script(&ctx, &session, &title, &covers, out),
        Some(Command::AddRound {
            session,
            name,
            step,
            env,
        }) => write::add_round(&ctx, &session, &name, step, &env, out),
    }
}
