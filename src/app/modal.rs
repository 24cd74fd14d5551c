//! Pop-ups over the panes: a prompt for a line or a note, a choice of outcome, step
//! details, and help.

use super::text::{field, paste, text_of, type_key};
use crate::model::{ChangeId, EnvKey, ResultStatus, RoundId, ScriptId};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

/// What a prompt's answer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Purpose {
    Skip(u32),
    Block(u32),
    Notes(u32),
    Owner(u32),
    Estimate(u32),
    SignOff(u32),
    Remove(ChangeId),
    Filter,
    /// The History screen's filter.
    HistoryFilter,
    /// Leave the editor and lose its edits? (y/n)
    DiscardEdits,
    /// Quit although the last save failed? (y/n)
    QuitUnsaved,
    /// Close a prompt and lose what was typed? (y/n)
    DiscardPrompt,
    /// Restore what was typed when the program was last stopped? (y/n)
    RestoreDraft,
    /// Start a step although an earlier one waits for its sign-off: why?
    StartAnyway(u32),
    /// Start a step ahead of earlier steps not finished? (y/n)
    StartAhead(u32),
    /// Put a step in progress back to todo (its timer stops)? (y/n)
    BackToTodo(u32),
    /// Sign a step off although the session has no test scripts? (y/n)
    SignOffUntested(u32),
    /// The comment of a fail, blocked or waived result.
    Mark {
        round: RoundId,
        script: ScriptId,
        status: ResultStatus,
    },
    RemoveScript(ScriptId),
    /// The name of a new test round.
    NewRound {
        step: u32,
        env: EnvKey,
    },
    /// Leave the script editor and lose its edits? (y/n)
    DiscardScript,
    /// The outage window, as typed.
    Window,
    /// A note for freezing Production, or the reason for lifting the freeze.
    Freeze {
        lift: bool,
    },
    /// A part of the outage plan.
    Plan(super::PlanPart),
    /// A reason or note of the replay.
    Replay {
        change: ChangeId,
        env: EnvKey,
        ask: super::ReplayAsk,
    },
    /// Apply a change again where it is already applied? (y/n)
    StartAgain {
        change: ChangeId,
        env: EnvKey,
    },
    /// Start an irreversible change? (y/n)
    StartIrreversible {
        change: ChangeId,
        env: EnvKey,
    },
    /// Complete the Production implementation with changes not applied? (y/n)
    CompleteAnyway(u32),
    /// Move a change past one it depends on (or one that depends on it)? (y/n)
    MoveAnyway {
        change: ChangeId,
        to: usize,
    },
    /// Turn an optional environment on or off? (y/n)
    ToggleEnv(EnvKey),
    /// Why a time entry is voided (and which, unless `only` says).
    VoidTime {
        of: crate::model::TimeOf,
        only: Option<usize>,
    },
}

/// A question with a text answer.
pub struct Prompt {
    pub purpose: Purpose,
    pub title: String,
    /// One line under the title: what Enter does, what is expected.
    pub help: String,
    pub input: TextArea<'static>,
    pub multiline: bool,
    pub error: Option<String>,
    /// The text the prompt opened with (what the user saw before editing).
    pub original: String,
}

impl Prompt {
    pub fn new(
        purpose: Purpose,
        title: impl Into<String>,
        help: impl Into<String>,
        text: &str,
    ) -> Self {
        Prompt {
            purpose,
            title: title.into(),
            help: help.into(),
            input: field(text, false),
            multiline: false,
            error: None,
            original: text.to_string(),
        }
    }

    pub fn multiline(mut self) -> Self {
        let text = self.text();
        self.input = field(&text, true);
        self.multiline = true;
        self
    }

    pub fn text(&self) -> String {
        text_of(&self.input)
    }

    /// Replaces what is typed (the cursor goes to its end).
    pub fn set_text(&mut self, text: &str) {
        self.input = field(text, self.multiline);
    }

    pub fn type_key(&mut self, key: KeyEvent) {
        type_key(&mut self.input, key, self.multiline);
        self.error = None;
    }

    pub fn paste(&mut self, text: &str) {
        paste(&mut self.input, text, self.multiline);
        self.error = None;
    }
}

/// Any pop-up.
pub enum Modal {
    Prompt(Box<Prompt>),
    /// How did applying a change go? a / f / s.
    Outcome {
        change: ChangeId,
        env: EnvKey,
    },
    /// How did replaying a change in the rehearsal go? a / m / i / v.
    Rating {
        change: ChangeId,
        env: EnvKey,
        /// Ask for a note whatever the answer (`n`: done, with a note).
        with_note: bool,
    },
    /// The selected step's guidance, notes, sign-off and time entries.
    StepDetails {
        step: u32,
        scroll: u16,
    },
    /// A test script in full: steps, expected results, covered changes, results.
    /// A change in full, read-only (`e` edits it).
    ChangeDetails {
        change: ChangeId,
        scroll: u16,
    },
    ScriptDetails {
        script: ScriptId,
        scroll: u16,
    },
    Help {
        scroll: u16,
    },
    /// Edits that no longer applied after others' changes: r retries, x drops.
    Conflicts {
        selected: usize,
    },
    /// Something to read in full (any key closes it; ↑/↓ scroll).
    Notice {
        title: String,
        text: String,
        scroll: u16,
    },
    /// A yes/no question (the purpose says which).
    Confirm {
        purpose: Purpose,
        question: String,
    },
}

/// Reads an estimate such as `90`, `90m`, `1h30`, `1:30` or `2h` as minutes; empty
/// means no estimate.
pub fn parse_minutes(text: &str) -> Result<Option<u32>, String> {
    let t = text.trim().to_lowercase().replace(' ', "");
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || {
        format!(
            "\"{}\" is not a duration: try 90, 90m, 1h30 or 1:30",
            text.trim()
        )
    };
    let num = |s: &str| -> Result<u32, String> {
        if s.is_empty() {
            Ok(0)
        } else {
            s.parse::<u32>().map_err(|_| bad())
        }
    };
    let (hours, minutes) = if let Some((h, m)) = t.split_once(':') {
        (num(h)?, num(m)?)
    } else if let Some((h, m)) = t.split_once('h') {
        (num(h)?, num(m.trim_end_matches('m'))?)
    } else {
        (0, num(t.trim_end_matches('m'))?)
    };
    hours
        .checked_mul(60)
        .and_then(|h| h.checked_add(minutes))
        .filter(|m| *m <= 100 * 24 * 60)
        .map(Some)
        .ok_or_else(|| format!("\"{}\" is longer than 100 days", text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_read_as_a_person_writes_them() {
        assert_eq!(parse_minutes("90"), Ok(Some(90)));
        assert_eq!(parse_minutes("90m"), Ok(Some(90)));
        assert_eq!(parse_minutes("1h30"), Ok(Some(90)));
        assert_eq!(parse_minutes("1h 30m"), Ok(Some(90)));
        assert_eq!(parse_minutes("1:05"), Ok(Some(65)));
        assert_eq!(parse_minutes("2h"), Ok(Some(120)));
        assert_eq!(parse_minutes("  "), Ok(None));
        assert!(parse_minutes("soon").unwrap_err().contains("soon"));
        assert!(parse_minutes("99999999h").unwrap_err().contains("100 days"));
        assert!(parse_minutes("4294967295").is_err());
    }
}
