//! Applying a change in an environment: each attempt with who made it, its timer and
//! outcome, how replaying it went (the rehearsal's rating), and the attempts started
//! early (before their dependencies) or taken back.

use super::env::EnvKey;
use super::ids::ChangeId;
use super::timing::{Timer, Voided};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How applying a change in an environment went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Applied,
    Failed,
    Skipped,
}

impl Outcome {
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Failed => "failed",
            Outcome::Skipped => "skipped",
        }
    }
}

/// How replaying a change from its Work Plan entry went (asked when a change is finished
/// in the rehearsal): anything but "as written" puts the entry on the must-fix list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Replicability {
    /// Followed as written.
    AsWritten,
    /// The entry could be read more than one way.
    Ambiguous,
    /// The entry left something out that the implementer had to work out.
    Improvised,
    /// A value in the entry was wrong.
    WrongValue,
}

impl Replicability {
    pub const ALL: [Replicability; 4] = [
        Replicability::AsWritten,
        Replicability::Ambiguous,
        Replicability::Improvised,
        Replicability::WrongValue,
    ];

    /// How the command line spells it (`as-written`).
    pub fn code(self) -> &'static str {
        match self {
            Replicability::AsWritten => "as-written",
            Replicability::Ambiguous => "ambiguous",
            Replicability::Improvised => "improvised",
            Replicability::WrongValue => "wrong-value",
        }
    }

    /// In a sentence (`followed as written`).
    pub fn words(self) -> &'static str {
        match self {
            Replicability::AsWritten => "followed as written",
            Replicability::Ambiguous => "ambiguous",
            Replicability::Improvised => "improvised",
            Replicability::WrongValue => "wrong value",
        }
    }

    /// Parses [`Replicability::code`] (case, spaces and underscores aside).
    pub fn parse(text: &str) -> Option<Replicability> {
        let t = text.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        Replicability::ALL.into_iter().find(|r| r.code() == t)
    }
}

/// An attempt started before the changes it depends on were applied in its
/// environment, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencyOverride {
    pub reason: String,
    /// The changes that were not applied there yet.
    pub missing: Vec<ChangeId>,
}

/// One attempt at applying a change in an environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub env: EnvKey,
    /// Who applied it (a short name is kept inside, not in an allocation of its own).
    pub by: compact_str::CompactString,
    pub timer: Timer,
    /// `None` while the application is under way.
    pub outcome: Option<Outcome>,
    pub finished_at: Option<DateTime<Utc>>,
    pub note: String,
    /// A 1 (hard) to 5 (easy) score of how easy the entry was to replay, as files
    /// before [`Replicability`] recorded it; kept so their histories replay.
    pub replicability: Option<u8>,
    /// In the rehearsal: how replaying the entry went.
    #[serde(default)]
    pub rating: Option<Replicability>,
    /// The change's [`Change::revision`](super::Change::revision) when a rated attempt
    /// finished (0 for one without a rating): a rating other than "as written" stays
    /// on the must-fix list until the change is edited past it.
    #[serde(default)]
    pub change_revision: u32,
    /// Set when the attempt was started before its dependencies were applied.
    #[serde(default)]
    pub dependency_override: Option<Box<DependencyOverride>>,
    /// Set when the attempt was cancelled; it then counts nowhere.
    #[serde(default)]
    pub voided: Option<Box<Voided>>,
}

impl Application {
    /// A new attempt in `env` by `who`, with `timer`.
    pub(crate) fn new(env: EnvKey, who: &str, timer: Timer) -> Application {
        Application {
            env,
            by: who.into(),
            timer,
            outcome: None,
            finished_at: None,
            note: String::new(),
            replicability: None,
            rating: None,
            change_revision: 0,
            dependency_override: None,
            voided: None,
        }
    }

    /// Still counts: not cancelled.
    pub fn counts(&self) -> bool {
        self.voided.is_none()
    }
}
