//! The Test Plan: test scripts, the rounds they are run in, and every result recorded.

use super::env::EnvKey;
use super::ids::{ChangeId, RoundId, ScriptId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One instruction of a test script and what the tester should see.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptStep {
    pub action: String,
    pub expected: String,
}

/// The editable content of a test script.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptFields {
    pub title: String,
    pub steps: Vec<ScriptStep>,
    /// The Work Plan changes this script exercises.
    pub covers: Vec<ChangeId>,
}

/// A test script: TS-001, TS-002, …
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestScript {
    pub id: ScriptId,
    pub number: u32,
    pub fields: ScriptFields,
    pub author: String,
    pub created_at: DateTime<Utc>,
}

impl TestScript {
    /// `TS-001` style label.
    pub fn label(&self) -> String {
        format!("TS-{:03}", self.number)
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
