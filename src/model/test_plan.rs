//! The Test Plan: test scripts, the rounds they are run in, and every result recorded.

use super::env::EnvKey;
use super::ids::{ChangeId, RoundId, ScriptId};
use super::work_plan::Removal;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One instruction of a test script and what the tester should see.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptStep {
    pub action: String,
    pub expected: String,
}

/// How much a test script matters when time is short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Priority {
    High,
    Medium,
    Low,
}

impl Priority {
    pub fn word(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }

    pub fn parse(text: &str) -> Option<Priority> {
        match text.trim().to_ascii_lowercase().as_str() {
            "high" | "h" | "1" => Some(Priority::High),
            "medium" | "med" | "m" | "2" => Some(Priority::Medium),
            "low" | "l" | "3" => Some(Priority::Low),
            _ => None,
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// The editable content of a test script. Fields added after format 1 default to
/// empty, so older histories still replay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptFields {
    pub title: String,
    /// What must hold before the first step (data, role, environment); any text.
    #[serde(default)]
    pub preconditions: String,
    pub steps: Vec<ScriptStep>,
    /// The Work Plan changes this script exercises.
    pub covers: Vec<ChangeId>,
    /// Who runs it (trimmed; blank means nobody in particular).
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub priority: Option<Priority>,
}

/// A test script: TS-001, TS-002, …
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestScript {
    pub id: ScriptId,
    pub number: u32,
    pub fields: ScriptFields,
    pub author: String,
    pub created_at: DateTime<Utc>,
    /// Set when the script was taken out of the Test Plan; it stays in the file with its
    /// results, but no round counts it any more.
    #[serde(default)]
    pub removed: Option<Removal>,
}

impl TestScript {
    /// `TS-001` style label.
    pub fn label(&self) -> String {
        format!("TS-{:03}", self.number)
    }

    pub fn is_removed(&self) -> bool {
        self.removed.is_some()
    }
}

/// Parses `TS-3`, `ts-003` or `3` into a display number.
pub fn parse_script_label(text: &str) -> Option<u32> {
    let t = text.trim();
    let digits = t
        .strip_prefix("TS-")
        .or_else(|| t.strip_prefix("ts-"))
        .unwrap_or(t);
    digits.parse().ok()
}

/// The result of running one script once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResultStatus {
    NotRun,
    Pass,
    Fail,
    Blocked,
    /// Accepted without passing, e.g. a known issue signed off by the business.
    Waived,
}

impl ResultStatus {
    pub fn word(self) -> &'static str {
        match self {
            ResultStatus::NotRun => "not-run",
            ResultStatus::Pass => "pass",
            ResultStatus::Fail => "fail",
            ResultStatus::Blocked => "blocked",
            ResultStatus::Waived => "waived",
        }
    }

    /// Whether a person recording this result must say why: what went wrong, what
    /// blocks the test, or why the script is accepted without passing. (A rule of the
    /// screens and commands; results already recorded without a comment stay valid.)
    pub fn needs_comment(self) -> bool {
        matches!(
            self,
            ResultStatus::Fail | ResultStatus::Blocked | ResultStatus::Waived
        )
    }

    pub fn parse(text: &str) -> Option<ResultStatus> {
        match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "not-run" | "notrun" | "none" => Some(ResultStatus::NotRun),
            "pass" | "passed" | "ok" => Some(ResultStatus::Pass),
            "fail" | "failed" => Some(ResultStatus::Fail),
            "blocked" => Some(ResultStatus::Blocked),
            "waived" => Some(ResultStatus::Waived),
            _ => None,
        }
    }
}

impl fmt::Display for ResultStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// One recorded result. Earlier results for the same script stay in the round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestResult {
    pub script: ScriptId,
    pub status: ResultStatus,
    pub tester: String,
    pub at: DateTime<Utc>,
    pub comment: String,
    /// The session's Work Plan revision when the result was recorded: a pass needs a
    /// retest once a change the script covers is added, edited or removed at a later
    /// revision (history order, whatever the testers' clocks say).
    #[serde(default)]
    pub plan_revision: u64,
}

/// A round of testing: which step, which environment, and every result recorded in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestRound {
    pub id: RoundId,
    /// 1, 2, … in the order rounds were added.
    pub number: u32,
    pub name: String,
    /// The (testing) step the round belongs to.
    pub step: u32,
    pub env: EnvKey,
    /// All results, oldest first; the latest per script is the current one.
    pub results: Vec<TestResult>,
}

impl TestRound {
    /// The current result of `script` in this round.
    pub fn latest(&self, script: ScriptId) -> Option<&TestResult> {
        self.results.iter().rev().find(|r| r.script == script)
    }
}
