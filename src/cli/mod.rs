//! The command line: arguments (clap) and the headless commands. Errors are printed to
//! stderr with a non-zero exit code; nothing here panics on user input. Everything the
//! commands print goes through `output::Escaping`, so text typed by teammates never
//! reaches the terminal as control characters. A write command's exit status says
//! whether its change was saved: printing the result afterwards can only warn.

mod apply_cmd;
mod args;
mod commands;
mod csv_table;
mod export_cmd;
mod gen_cmd;
mod import;
mod import_changes;
mod mark;
mod output;
mod script_cmds;
mod script_input;
mod setup_cmds;
mod table;
mod tests_cmd;
mod values;
mod write;

pub use args::{AddScriptArgs, Cli, Command, LogArgs, MarkArgs};
pub use values::{ActionArg, EnvArg, FormatArg, PriorityArg, ResultArg, ScreenArg};

use crate::clock::SystemClock;
use crate::store::Store;
use clap::{CommandFactory, Parser};
use output::{AfterSave, Escaping};
use std::io::{self, Write};
use std::process::ExitCode;

/// Entry point of the `cmo-promote` binary.
pub fn main() -> ExitCode {
    // Not locked for the whole run: the TUI's signal thread must be able to write the
    // terminal-restoring sequences while the main thread is busy. The TUI writes to the
    // terminal itself; only the commands' text comes through here.
    setup_cmds::complete_if_asked();
    let mut out = Escaping::new(io::stdout());
    let mut err = Escaping::new(io::stderr());
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, &mut err),
    };
    let result = if saves_then_prints(&cli) {
        let mut printed = AfterSave::new(&mut out);
        let result = run(cli, &mut printed, &mut err);
        printed.warn_if_lost(&mut err);
        result
    } else {
        run(cli, &mut out, &mut err)
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            let _ = out.flush();
            let _ = writeln!(err, "error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Help and version go out as clap prints them. A usage error quotes what was typed, so
/// it goes through the escaping writer like every other message: rendered again without
/// colours, since clap's plain rendering drops the escape sequences a value holds
/// instead of showing them.
fn usage_error(e: &clap::Error, err: &mut dyn Write) -> ExitCode {
    if !e.use_stderr() {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let shown = match Cli::command()
        .styles(clap::builder::Styles::plain())
        .try_get_matches()
    {
        Err(plain) => plain.render().ansi().to_string(),
        Ok(_) => e.render().to_string(),
    };
    let _ = write!(err, "{shown}");
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// The commands that write: each saves first and prints the result after, so a failure
/// to print must not report the change as unsaved (a script would retry and repeat it).
fn saves_then_prints(cli: &Cli) -> bool {
    matches!(
        cli.command,
        Some(
            Command::New { .. }
                | Command::Log(_)
                | Command::Mark(_)
                | Command::AddScript(_)
                | Command::RemoveScript { .. }
                | Command::Import { .. }
                | Command::AddRound { .. }
                | Command::Recover { .. }
                | Command::Apply(_)
        )
    )
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// Runs a parsed command line, writing normal output to `out` and the problems `check`
/// finds to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let config_at = crate::config::config_path(cli.config.as_deref());
    // Commands about the program itself need neither the settings nor the sessions.
    match &cli.command {
        Some(Command::Config {
            print_default: true,
            ..
        }) => return setup_cmds::print_default(out),
        Some(Command::Config {
            check: Some(path), ..
        }) => return setup_cmds::check_config(path.as_deref(), config_at.as_ref(), out),
        Some(Command::Completions { shell }) => return setup_cmds::completions(*shell, out),
        Some(Command::Man) => return setup_cmds::man(out),
        _ => {}
    }
    let settings = setup_cmds::settings(config_at.as_ref());
    let data = setup_cmds::data(cli.data_dir.as_deref())?;
    if let Some(Command::Paths) = cli.command {
        return setup_cmds::paths(&data, config_at.as_ref(), &settings, out);
    }
    // The TUI says this in its status bar; a command on standard error.
    if cli.command.is_some()
        && !matches!(
            cli.command,
            Some(Command::Open { .. } | Command::Watch { .. })
        )
        && let Some(why) = &settings.refused
    {
        writeln!(err, "warning: config not used, defaults in effect: {why}")?;
    }
    let store = Store::open(data.path);
    let user = cli.user(settings.config.user.as_deref());
    let ctx = commands::Context {
        store: &store,
        user: &user,
        clock: &SystemClock,
        settings: &settings,
    };
    if cli.screen.is_some() && !matches!(cli.command, None | Some(Command::Open { .. })) {
        anyhow::bail!("--screen goes with `open SESSION` or with no command");
    }
    match cli.command {
        None => commands::open_latest(&ctx, !cli.no_mouse, cli.screen, out),
        // Answered above, before the sessions folder was looked for.
        Some(
            Command::Config { .. } | Command::Paths | Command::Completions { .. } | Command::Man,
        ) => Ok(ExitCode::SUCCESS),
        Some(Command::Open {
            session,
            screen,
            no_mouse,
        }) => commands::open(
            &ctx,
            &session,
            !(cli.no_mouse || no_mouse),
            screen.or(cli.screen),
        ),
        Some(Command::New {
            title,
            template,
            force,
        }) => {
            if !force {
                commands::refuse_same_title(&ctx, &title)?;
            }
            commands::new(&ctx, &title, template.as_deref(), out)
        }
        Some(Command::List) => commands::list(&ctx, out),
        Some(Command::Check { session }) => commands::check(&ctx, &session, out, err),
        Some(Command::Gen {
            changes,
            scripts,
            rounds,
            seed,
            out: file,
        }) => gen_cmd::generate(
            &ctx,
            crate::sample::Size {
                changes,
                scripts,
                rounds,
                seed,
            },
            &file,
            out,
        ),
        Some(Command::Apply(args)) => apply_cmd::apply(&ctx, args, out, err),
        Some(Command::Status { session }) => apply_cmd::status(&ctx, &session, out),
        Some(Command::Export {
            session,
            format,
            out: path,
        }) => export_cmd::export(&ctx, &session, format, path.as_deref(), out),
        Some(Command::Watch { session, no_mouse }) => {
            commands::watch(&ctx, &session, !(cli.no_mouse || no_mouse))
        }
        Some(Command::Log(args)) => write::log(&ctx, args, out),
        Some(Command::Recover { file, session }) => {
            write::recover(&ctx, &file, session.as_deref(), out)
        }
        Some(Command::Mark(args)) => mark::mark(&ctx, args, out),
        Some(Command::AddScript(args)) => script_cmds::add_script(&ctx, args, out),
        Some(Command::RemoveScript {
            session,
            script,
            reason,
        }) => script_cmds::remove_script(&ctx, &session, &script, &reason, out),
        Some(Command::Import {
            session,
            scripts,
            changes,
        }) => match (scripts, changes) {
            (Some(file), _) => import::import_scripts(&ctx, &session, &file, out),
            (None, Some(file)) => import_changes::import_changes(&ctx, &session, &file, out),
            (None, None) => anyhow::bail!("say what to import: --scripts FILE or --changes FILE"),
        },
        Some(Command::Tests {
            session,
            round,
            format,
        }) => tests_cmd::tests(&ctx, &session, round, format, out, err),
        Some(Command::AddRound {
            session,
            name,
            step,
            env,
        }) => write::add_round(&ctx, &session, &name, step, env, out),
    }
}
