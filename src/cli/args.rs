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
    /// Add a change to the Work Plan and print its number
    Log(LogArgs),
    /// Record a test result for a script (TS-001…)
    Mark {
        /// The session
        session: String,
        /// The test script, e.g. TS-003
        script: String,
        /// pass, fail, blocked, waived or not-run
        result: String,
        /// The test round number [default: the latest round]
        #[arg(long)]
        round: Option<u32>,
        /// A comment, e.g. what failed
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Add a test script to the Test Plan and print its number
    AddScript {
        /// The session
        session: String,
        /// The script's title
        title: String,
        /// Changes it covers, e.g. WP-001,WP-004
        #[arg(long, value_delimiter = ',')]
        covers: Vec<String>,
    },
    /// Start a test round (in a testing step) and print its number
    AddRound {
        /// The session
        session: String,
        /// The round's name, e.g. "Round 1"
        name: String,
        /// The testing step it belongs to [default: the current testing step, else 4]
        #[arg(long)]
        step: Option<u32>,
        /// Environment: stage1, stage2, qa or prod [default: stage2]
        #[arg(long, default_value = "stage2")]
        env: String,
    },
    /// Apply the edits kept in a rescue file (NAME.ron.unsaved-…) to their session
    Recover {
        /// The rescue file
        file: PathBuf,
        /// The session to apply them to [default: the one the rescue file is named after]
        #[arg(long)]
        session: Option<String>,
    },
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

/// The arguments of `log`: the session and the new change's fields.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// The session to add the change to
    pub session: String,
    /// CMO admin area (Forms, Custom Fields, Business Rules, …) or any text
    #[arg(long)]
    pub area: String,
    /// The object changed, e.g. the form or rule name
    #[arg(long)]
    pub item: String,
    /// What was done and why
    #[arg(long)]
    pub description: String,
    /// add, modify or remove
    #[arg(long, default_value = "modify")]
    pub action: String,
    /// How to reach the item in the admin screens
    #[arg(long, default_value = "")]
    pub navigation: String,
    /// The value before the change
    #[arg(long, default_value = "")]
    pub before: String,
    /// The value after the change
    #[arg(long, default_value = "")]
    pub after: String,
    /// Replication notes: what someone repeating the change must know
    #[arg(long, default_value = "")]
    pub notes: String,
}
