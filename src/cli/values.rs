//! The fixed lists of values the commands take (a result, an environment, an action, a
//! priority, a screen, an output format), as clap value enums so that `--help` lists
//! them and a value not in the list is refused with the list. Matching ignores case;
//! the aliases are the other words the commands have always accepted.

use crate::model::{Action, EnvKey, Priority, Replicability, ResultStatus};
use clap::ValueEnum;

/// A test result, as `mark` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultArg {
    #[value(alias = "passed", alias = "ok")]
    Pass,
    #[value(alias = "failed")]
    Fail,
    Blocked,
    Waived,
    #[value(alias = "notrun", alias = "not_run", alias = "none")]
    NotRun,
}

impl From<ResultArg> for ResultStatus {
    fn from(r: ResultArg) -> Self {
        match r {
            ResultArg::Pass => ResultStatus::Pass,
            ResultArg::Fail => ResultStatus::Fail,
            ResultArg::Blocked => ResultStatus::Blocked,
            ResultArg::Waived => ResultStatus::Waived,
            ResultArg::NotRun => ResultStatus::NotRun,
        }
    }
}

/// An environment, by the code tables show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EnvArg {
    #[value(alias = "s1", alias = "dev", alias = "development")]
    Stage1,
    #[value(alias = "s2", alias = "test")]
    Stage2,
    Qa,
    #[value(alias = "production")]
    Prod,
}

impl From<EnvArg> for EnvKey {
    fn from(e: EnvArg) -> Self {
        match e {
            EnvArg::Stage1 => EnvKey::Stage1,
            EnvArg::Stage2 => EnvKey::Stage2,
            EnvArg::Qa => EnvKey::Qa,
            EnvArg::Prod => EnvKey::Production,
        }
    }
}

/// What a Work Plan change does to its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ActionArg {
    #[value(alias = "new")]
    Add,
    #[value(alias = "change", alias = "edit")]
    Modify,
    #[value(alias = "delete")]
    Remove,
}

impl From<ActionArg> for Action {
    fn from(a: ActionArg) -> Self {
        match a {
            ActionArg::Add => Action::Add,
            ActionArg::Modify => Action::Modify,
            ActionArg::Remove => Action::Remove,
        }
    }
}

/// How much a test script matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PriorityArg {
    High,
    Medium,
    Low,
}

impl From<PriorityArg> for Priority {
    fn from(p: PriorityArg) -> Self {
        match p {
            PriorityArg::High => Priority::High,
            PriorityArg::Medium => Priority::Medium,
            PriorityArg::Low => Priority::Low,
        }
    }
}

/// The screen the TUI opens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScreenArg {
    /// Checklist, Work Plan and timers (configurators)
    Promotion,
    /// The scripts × rounds grid (testers)
    Tests,
    /// The outage board over the replay of the Work Plan (leads, implementers)
    Outage,
    /// Who did what and when, newest first
    History,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ExportFormat {
    /// One Markdown report (to standard output without --out)
    #[default]
    #[value(alias = "markdown")]
    Md,
    /// A folder of CSV files: the Work Plan, test results, time entries
    Csv,
}

/// How `tests` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum FormatArg {
    /// Lined-up columns for people
    #[default]
    Table,
    /// One row per script and round, for spreadsheets
    Csv,
}

/// What `apply` records about a change in an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ApplyArg {
    /// Begin applying it (starts its timer)
    Start,
    /// It is applied
    #[value(alias = "applied")]
    Done,
    /// It could not be applied (needs --note)
    #[value(alias = "fail")]
    Failed,
    /// It is left out (needs --note)
    #[value(alias = "skip")]
    Skipped,
    /// Take back a mistaken start: its time no longer counts (needs --note)
    Cancel,
}

/// How replaying a change from its Work Plan entry went, as `apply --rating` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RatingArg {
    AsWritten,
    Ambiguous,
    Improvised,
    WrongValue,
}

impl From<RatingArg> for Replicability {
    fn from(r: RatingArg) -> Self {
        match r {
            RatingArg::AsWritten => Replicability::AsWritten,
            RatingArg::Ambiguous => Replicability::Ambiguous,
            RatingArg::Improvised => Replicability::Improvised,
            RatingArg::WrongValue => Replicability::WrongValue,
        }
    }
}
