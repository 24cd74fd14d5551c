//! The command-line arguments, declared with clap's derive API.

use crate::store::DATA_DIR_ENV;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "cmo-promote",
    version,
    about = "Carry a team through a CMO Configuration Promotion Process: checklist, Work Plan, tests, timers and outage.",
    long_about = "Carry a team through a CMO Configuration Promotion Process: checklist, Work Plan, tests, timers and outage.\n\nWith no command, opens the most recently modified session in the TUI (or asks for a title and creates the first one).",
    after_help = "A <SESSION> is a path to a session file, a file name in the sessions folder, or the start of a session's title."
)]
pub struct Cli {
    /// Folder that holds the sessions folder [default: the platform's data folder,
    /// e.g. ~/.local/share/cmo-promote]
    #[arg(long, global = true, value_name = "DIR", env = DATA_DIR_ENV)]
    pub data_dir: Option<PathBuf>,

    /// Your name, recorded as the author of every change you make [default: $USER, else
    /// the operating system's user name]
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,

    /// Do not capture the mouse in the TUI (lets the terminal select text)
    #[arg(long, global = true)]
    pub no_mouse: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a session from the built-in process (or your own template)
    New {
        /// The session's title, e.g. "Q3 workflow changes"
        title: String,
        /// A process template file (RON) to use instead of the built-in process
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
    },
    /// Open a session in the full-screen TUI
    Open {
        /// The session to open
        session: String,
    },
    /// List every session in the data folder
    List,
    /// Check that a session file is readable and consistent
    Check {
        /// The session to check
        session: String,
    },
}

impl Cli {
    /// Who is at the keyboard: `--user`, else `$USER`, else the OS user name.
    pub fn user(&self) -> String {
        let from_env = std::env::var("USER").ok();
        [self.user.clone(), from_env]
            .into_iter()
            .flatten()
            .map(|u| u.trim().to_string())
            .find(|u| !u.is_empty())
            .or_else(|| whoami::fallible::username().ok())
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string())
    }
}
