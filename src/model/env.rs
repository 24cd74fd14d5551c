//! The environments a promotion moves configuration through.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which environment: the keys are fixed so per-environment progress has fixed columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EnvKey {
    /// The live system.
    Production,
    /// First stage: development, where the changes are first made.
    Stage1,
    /// Second stage: test, where stakeholders test and the rehearsal happens.
    Stage2,
    /// An optional QA environment.
    Qa,
}

impl EnvKey {
    pub const ALL: [EnvKey; 4] = [
        EnvKey::Stage1,
        EnvKey::Stage2,
        EnvKey::Qa,
        EnvKey::Production,
    ];

    /// A short code for tables and command lines.
    pub fn code(self) -> &'static str {
        match self {
            EnvKey::Production => "prod",
            EnvKey::Stage1 => "stage1",
            EnvKey::Stage2 => "stage2",
            EnvKey::Qa => "qa",
        }
    }

    /// Parses a code as written by [`EnvKey::code`] (case-insensitive, a few aliases).
    pub fn parse(text: &str) -> Option<EnvKey> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-', '_'], "")
            .as_str()
        {
            "prod" | "production" => Some(EnvKey::Production),
            "stage1" | "s1" | "dev" | "development" => Some(EnvKey::Stage1),
            "stage2" | "s2" | "test" => Some(EnvKey::Stage2),
            "qa" => Some(EnvKey::Qa),
            _ => None,
        }
    }

    /// The environment in a sentence: `Production`, `Stage 2` (sessions may name it
    /// more fully; see `Session::env_name`).
    pub fn title(self) -> &'static str {
        match self {
            EnvKey::Production => "Production",
            EnvKey::Stage1 => "Stage 1",
            EnvKey::Stage2 => "Stage 2",
            EnvKey::Qa => "QA",
        }
    }

    /// Production, Stage 1 and Stage 2 are part of every promotion.
    pub fn is_required(self) -> bool {
        self != EnvKey::Qa
    }
}

impl fmt::Display for EnvKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One environment as this session names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    pub key: EnvKey,
    /// Display name, e.g. "Stage 1 (development)".
    pub name: String,
    pub notes: String,
    /// Whether the environment takes part in this promotion (only QA may be off).
    pub enabled: bool,
}
