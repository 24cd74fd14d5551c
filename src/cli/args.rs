//! The command-line arguments, declared with clap's derive API.

use super::values::{
    ActionArg, ApplyArg, EnvArg, ExportFormat, FormatArg, PriorityArg, RatingArg, ResultArg,
    ScreenArg,
};
use crate::model::{CHANGE_FIELDS, ChangeField, FieldInfo, ValueKind};
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
    /// Folder that holds the sessions folder [env: CMO_PROMOTE_DATA_DIR] [default: the
    /// platform's data folder, e.g. ~/.local/share/cmo-promote]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// The config file [env: CMO_PROMOTE_CONFIG] [default: config.ron in the
    /// platform's config folder, e.g. ~/.config/cmo-promote]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Your name, recorded as the author of every change you make [default: the
    /// config's user, else $USER, else the operating system's user name]
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,

    /// With no command: do not capture the mouse in the TUI (lets the terminal select
    /// text)
    #[arg(long)]
    pub no_mouse: bool,

    /// With no command: the screen to open on [default: promotion]
    #[arg(long, value_enum, ignore_case = true)]
    pub screen: Option<ScreenArg>,

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
        /// Create it even when another session has the same title
        #[arg(long)]
        force: bool,
    },
    /// Open a session in the full-screen TUI
    Open {
        /// The session to open
        session: String,
        /// The screen to open on [default: promotion]
        #[arg(long, value_enum, ignore_case = true)]
        screen: Option<ScreenArg>,
        /// Do not capture the mouse (lets the terminal select text)
        #[arg(long)]
        no_mouse: bool,
    },
    /// List every session in the data folder
    List,
    /// Add a change to the Work Plan and print its number
    Log(LogArgs),
    /// Record a test result for a script (TS-001…)
    Mark(MarkArgs),
    /// Add a test script to the Test Plan and print its number
    AddScript(AddScriptArgs),
    /// Take a test script out of the Test Plan (it keeps its results, for the record)
    RemoveScript {
        /// The session
        session: String,
        /// The test script, e.g. TS-003
        script: String,
        /// Why it goes
        #[arg(long)]
        reason: String,
    },
    /// Add test scripts (columns title,steps,expected,covers) or Work Plan changes
    /// (columns area,item,description,before,after,notes) from a CSV file, all or none
    #[command(
        after_help = IMPORT_HELP,
        group(clap::ArgGroup::new("what").required(true).args(["scripts", "changes"]))
    )]
    Import {
        /// The session
        session: String,
        /// A CSV file of test scripts, e.g. as saved by Excel
        #[arg(long, value_name = "FILE.csv")]
        scripts: Option<PathBuf>,
        /// A CSV file of Work Plan changes, e.g. as saved by Excel or by `export --format csv`
        #[arg(long, value_name = "FILE.csv")]
        changes: Option<PathBuf>,
    },
    /// Show the test scripts with their result in each round, and each round's tally
    Tests {
        /// The session
        session: String,
        /// Only this round (a number)
        #[arg(long)]
        round: Option<u32>,
        /// table for people, csv for spreadsheets (one row per script and round)
        #[arg(long, value_enum, ignore_case = true, default_value_t)]
        format: FormatArg,
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
        /// The environment it runs in
        #[arg(long, value_enum, ignore_case = true, default_value = "stage2")]
        env: EnvArg,
    },
    /// Apply the edits kept in a rescue file (NAME.ron.unsaved-…) to their session
    Recover {
        /// The rescue file
        file: PathBuf,
        /// The session to apply them to [default: the one the rescue file is named after]
        #[arg(long)]
        session: Option<String>,
    },
    /// Record applying a Work Plan change in an environment (start, done, failed,
    /// skipped, cancel), by the same rules as the Outage screen
    Apply(ApplyArgs),
    /// Write the session's report: Markdown (the Work Plan as a procedure, checklist,
    /// tests, outage, history) or a folder of CSV files for spreadsheets
    Export {
        /// The session
        session: String,
        #[arg(long, value_enum, ignore_case = true, default_value_t)]
        format: ExportFormat,
        /// Where to write: a file for md (default: standard output), a folder for csv
        /// (default: NAME-export in the current folder)
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Follow a session read-only, live: the outage board during the Production
    /// implementation, the checklist before it (never writes the session or its lock)
    Watch {
        /// The session
        session: String,
        /// Do not capture the mouse (lets the terminal select text)
        #[arg(long)]
        no_mouse: bool,
    },
    /// Print the session's status in one line, for a chat message
    Status {
        /// The session
        session: String,
    },
    /// Check that a session file is readable and consistent
    Check {
        /// The session to check
        session: String,
    },
    /// Print the default config file, or check one
    #[command(group(clap::ArgGroup::new("what").required(true).args(["print_default", "check"])))]
    Config {
        /// Print the default config, with comments (itself a valid config)
        #[arg(long)]
        print_default: bool,
        /// Check a config file [default: the one in effect]
        #[arg(long, value_name = "PATH", num_args = 0..=1)]
        check: Option<Option<PathBuf>>,
    },
    /// Print where the data, the sessions and the config are, and what chose each
    Paths,
    /// Print a shell's completion script (session arguments complete to session names)
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff), e.g. `cmo-promote man > cmo-promote.1`
    Man,
    /// Make a realistic session of a given size, for benchmarks and tests
    #[command(hide = true)]
    Gen {
        /// Changes in the Work Plan
        #[arg(long, default_value_t = 100)]
        changes: usize,
        /// Test scripts
        #[arg(long, default_value_t = 20)]
        scripts: usize,
        /// Test rounds (the first in step 4, the rest in the retest)
        #[arg(long, default_value_t = 2)]
        rounds: usize,
        /// Varies the content; the same seed gives the same session
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The file to write (never replaced)
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

/// The shells `completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

const COMPLETIONS_HELP: &str = "To load them, add to your shell's start-up file:
  bash        source <(cmo-promote completions bash)
  zsh         source <(cmo-promote completions zsh)
  fish        cmo-promote completions fish | source
  PowerShell  cmo-promote completions powershell | Out-String | Invoke-Expression
The script calls cmo-promote back to complete, so session names are always current.";

impl Cli {
    /// Who is at the keyboard: `--user`, else the config's `user`, else `$USER`, else
    /// the OS user name.
    pub fn user(&self, configured: Option<&str>) -> String {
        let from_env = std::env::var("USER").ok();
        [self.user.clone(), configured.map(str::to_string), from_env]
            .into_iter()
            .flatten()
            .map(|u| u.trim().to_string())
            .find(|u| !u.is_empty())
            .or_else(|| whoami::fallible::username().ok())
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string())
    }
}

/// The arguments of `log`: the session and the new change's fields, one option per
/// field of the change table (`model::CHANGE_FIELDS`), named as its column is
/// (`--replication-notes`, also `--notes`).
#[derive(Debug)]
pub struct LogArgs {
    pub session: String,
    /// The text fields given, with their text.
    pub texts: Vec<(ChangeField, String)>,
    pub action: ActionArg,
    /// The changes to apply first, as typed (`WP-001`, `4`).
    pub depends_on: Vec<String>,
    pub irreversible: bool,
}

/// The option of a change field: its column with dashes.
fn option_of(info: &FieldInfo) -> String {
    info.column.replace('_', "-")
}

impl clap::Args for LogArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        use clap::{Arg, ArgAction};
        let mut cmd = cmd.arg(
            Arg::new("session")
                .required(true)
                .value_name("SESSION")
                .help("The session to add the change to"),
        );
        for info in &CHANGE_FIELDS {
            let arg = Arg::new(info.column)
                .long(option_of(info))
                .help(info.about)
                .value_name(info.column.to_uppercase());
            let arg = match info.kind {
                ValueKind::Line | ValueKind::Text => arg
                    .action(ArgAction::Set)
                    // A logged change says what was done, besides what the model needs.
                    .required(info.required || info.field == ChangeField::Description),
                ValueKind::Action => arg
                    .value_parser(clap::builder::EnumValueParser::<ActionArg>::new())
                    .ignore_case(true)
                    .default_value("modify"),
                ValueKind::Changes => arg.value_delimiter(',').action(ArgAction::Append),
                ValueKind::Flag => Arg::new(info.column)
                    .long(option_of(info))
                    .help(info.about)
                    .action(ArgAction::SetTrue),
            };
            let arg = if info.field == ChangeField::Replication {
                arg.alias("notes")
            } else {
                arg
            };
            cmd = cmd.arg(arg);
        }
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl clap::FromArgMatches for LogArgs {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let text = |id: &str| m.get_one::<String>(id).cloned();
        let mut texts = Vec::new();
        let mut action = ActionArg::Modify;
        let mut depends_on = Vec::new();
        let mut irreversible = false;
        for info in &CHANGE_FIELDS {
            match info.kind {
                ValueKind::Line | ValueKind::Text => {
                    if let Some(t) = text(info.column) {
                        texts.push((info.field, t));
                    }
                }
                ValueKind::Action => {
                    if let Some(a) = m.get_one::<ActionArg>(info.column) {
                        action = *a;
                    }
                }
                ValueKind::Changes => {
                    depends_on = m
                        .get_many::<String>(info.column)
                        .map(|v| v.cloned().collect())
                        .unwrap_or_default();
                }
                ValueKind::Flag => irreversible = m.get_flag(info.column),
            }
        }
        Ok(LogArgs {
            session: text("session").unwrap_or_default(),
            texts,
            action,
            depends_on,
            irreversible,
        })
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

/// The arguments of `mark`.
#[derive(Debug, clap::Args)]
pub struct MarkArgs {
    /// The session
    pub session: String,
    /// The test script, e.g. TS-003
    pub script: String,
    /// The result (fail, blocked and waived need --comment)
    #[arg(value_enum, ignore_case = true)]
    pub result: ResultArg,
    /// The test round number [default: the current round: the latest of the current
    /// testing step, else the latest]
    #[arg(long)]
    pub round: Option<u32>,
    /// What went wrong, what blocks it, or why it is waived (may start with "-")
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub comment: String,
}

/// The arguments of `apply`.
#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// The session
    pub session: String,
    /// The change, e.g. WP-004
    pub change: String,
    /// What to record
    #[arg(value_enum, ignore_case = true)]
    pub what: ApplyArg,
    /// The environment [default: the one the current step works in]
    #[arg(long, value_enum, ignore_case = true)]
    pub env: Option<EnvArg>,
    /// Why it failed, was skipped or is cancelled; what was unclear when not as written
    /// (may start with "-")
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub note: String,
    /// In the rehearsal: how replaying the entry went (needed with done)
    #[arg(long, value_enum, ignore_case = true)]
    pub rating: Option<RatingArg>,
    /// Start before the changes it depends on are applied there, for this reason
    #[arg(long = "override", value_name = "REASON")]
    pub override_reason: Option<String>,
    /// Confirm starting an irreversible change (its back-out note is shown first)
    #[arg(long)]
    pub yes: bool,
}

/// The arguments of `add-script`: the session and the new script's fields.
#[derive(Debug, clap::Args)]
pub struct AddScriptArgs {
    /// The session
    pub session: String,
    /// The script's title
    pub title: String,
    /// Changes it covers, e.g. "WP-001,WP-004" or "1 4"
    #[arg(long, value_delimiter = ',')]
    pub covers: Vec<String>,
    /// What must hold before the first step (data, role, environment)
    #[arg(long, default_value = "")]
    pub preconditions: String,
    /// The steps, one a line ("1." or "1)" numbering is dropped)
    #[arg(long, default_value = "")]
    pub steps: String,
    /// What the tester should see, one line per line of --steps
    #[arg(long, default_value = "")]
    pub expected: String,
    /// Who runs it
    #[arg(long)]
    pub owner: Option<String>,
    /// How much it matters when time is short
    #[arg(long, value_enum, ignore_case = true)]
    pub priority: Option<PriorityArg>,
}

const IMPORT_HELP: &str = "\
Changes: the first row names the columns (any case, any order): area and item (required),
description, before, after, notes, and optionally action (add, modify, remove), navigation,
depends_on (WP-1 WP-4: a row of the file by its number column, else a change in the
session), risk, irreversible (yes/no), back_out. The Work Plan as `export --format csv`
writes it imports as it is (removed changes are left out).

Scripts: the first row names the columns (any case, any order): title (required), steps, expected,
covers, and optionally preconditions, owner, priority. Any other column is refused.
steps and expected may hold several lines: line i of expected is what line i of steps
should show. covers lists Work Plan changes separated by spaces or commas (WP-1, WP-007 3).
A file saved by Excel as \"CSV UTF-8 (Comma delimited)\" is read as it is (byte-order mark,
CRLF line ends, line breaks inside cells). Every row is checked first (a title, changes in
the Work Plan, steps that pair, no script of the same title already there or earlier in
the file): one bad row means nothing is imported, and each bad row is reported as
FILE:LINE. The scripts are saved at once, in one save.";
