//! A test script's steps typed as two texts, one instruction a line and one expected
//! result a line (as in two spreadsheet cells or two text boxes): line i of the
//! expected results is what line i of the steps should show.
//!
//! Each line is trimmed and loses a leading `1.` or `1)` numbering (followed by a space
//! or the end of the line, so `1.5 kg` stays as it is). Line ends may be LF, CRLF or CR.
//! Empty lines at the end of either text are dropped; a line that is empty in both is
//! dropped; a step may have no expected result, but an expected result needs a step.

use super::test_plan::ScriptStep;
use thiserror::Error;

/// Why two texts do not pair into steps.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StepsError {
    /// Line `line` (from 1) of the expected results has no step on the same line.
    #[error(
        "line {line} of the expected results has no step beside it (line {line} of the steps is empty)"
    )]
    ExpectedWithoutStep { line: usize },
}

/// The steps that `actions` and `expected` describe, paired line by line.
pub fn steps_from_text(actions: &str, expected: &str) -> Result<Vec<ScriptStep>, StepsError> {
    let actions = lines(actions);
    let expected = lines(expected);
    let mut steps = Vec::new();
    for i in 0..actions.len().max(expected.len()) {
        let action = actions.get(i).cloned().unwrap_or_default();
        let expected = expected.get(i).cloned().unwrap_or_default();
        match (action.is_empty(), expected.is_empty()) {
            (true, true) => {}
            (true, false) => return Err(StepsError::ExpectedWithoutStep { line: i + 1 }),
            (false, _) => steps.push(ScriptStep { action, expected }),
        }
    }
    Ok(steps)
}

/// The lines of `text`, trimmed and unnumbered, without the empty ones at the end.
fn lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<String> = text.split('\n').map(unnumbered).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// `line` trimmed, without a leading `12.` or `12)` followed by a space or nothing.
fn unnumbered(line: &str) -> String {
    let line = line.trim();
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(after) = rest.strip_prefix(['.', ')'])
            && (after.is_empty() || after.starts_with(char::is_whitespace))
        {
            return after.trim().to_string();
        }
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(action: &str, expected: &str) -> ScriptStep {
        ScriptStep {
            action: action.into(),
            expected: expected.into(),
        }
    }

    #[test]
    fn lines_pair_in_order_and_lose_their_numbers() {
        let steps = steps_from_text(
            "1. Open Incidents\r\n2) Click New\r\n3. Save\n\n",
            "1. The list shows\n2. A blank form opens",
        )
        .unwrap();
        assert_eq!(
            steps,
            [
                step("Open Incidents", "The list shows"),
                step("Click New", "A blank form opens"),
                step("Save", ""),
            ]
        );
    }

    #[test]
    fn numbers_that_belong_to_the_text_stay() {
        let steps = steps_from_text("1.5 kg is entered\n10 users log in\n2.", "").unwrap();
        assert_eq!(
            steps,
            [step("1.5 kg is entered", ""), step("10 users log in", "")]
        );
    }

    #[test]
    fn a_line_empty_in_both_is_dropped_but_an_expected_result_needs_a_step() {
        assert_eq!(
            steps_from_text("A\n\nC", "a\n\nc").unwrap(),
            [step("A", "a"), step("C", "c")]
        );
        assert_eq!(
            steps_from_text("A\n\nC", "a\nb"),
            Err(StepsError::ExpectedWithoutStep { line: 2 })
        );
        assert_eq!(
            steps_from_text("", "only a result"),
            Err(StepsError::ExpectedWithoutStep { line: 1 })
        );
        assert_eq!(steps_from_text(" \r\n ", "\n"), Ok(Vec::new()));
    }
}
