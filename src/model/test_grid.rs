//! Every script's effective result in every round at once, for a screen that draws the
//! scripts × rounds grid, its tallies and the Work Plan's test column. Built once per
//! session change in one pass over the results (the same answers as
//! [`Session::effective_result`] cell by cell, without a scan per cell).

use super::ids::{ChangeId, RoundId, ScriptId};
use super::session::Session;
use super::test_plan::{TestResult, TestRound, TestScript};
use super::test_state::{ChangeTestState, Effective, Tally};
use std::collections::HashMap;

/// The active scripts (rows, in the order added) × the rounds (columns, by number).
#[derive(Debug, Clone)]
pub struct TestGrid<'a> {
    rounds: Vec<&'a TestRound>,
    scripts: Vec<&'a TestScript>,
    /// Row-major: `cells[row * rounds.len() + column]`.
    cells: Vec<Effective<'a>>,
    /// The column of [`Session::current_round`].
    current: Option<usize>,
    /// How each covered change stands in the current round.
    changes: HashMap<ChangeId, ChangeTestState>,
}

impl<'a> TestGrid<'a> {
    pub fn of(session: &'a Session) -> TestGrid<'a> {
        let mut rounds: Vec<&TestRound> = session.rounds.iter().collect();
        rounds.sort_by_key(|r| r.number);
        let scripts: Vec<&TestScript> = session.active_scripts().collect();
        let row_of: HashMap<ScriptId, usize> =
            scripts.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        let width = rounds.len();

        // The latest result of each script in each round (later results replace).
        let mut latest: Vec<Option<&TestResult>> = vec![None; scripts.len() * width];
        for (column, round) in rounds.iter().enumerate() {
            for result in &round.results {
                if let Some(row) = row_of.get(&result.script) {
                    latest[row * width + column] = Some(result);
                }
            }
        }

        let changed_at: HashMap<ChangeId, u64> = session
            .changes
            .iter()
            .map(|c| (c.id, c.changed_at_revision))
            .collect();
        let mut cells = Vec::with_capacity(latest.len());
        for (row, script) in scripts.iter().enumerate() {
            let changed_since = |result: &TestResult| {
                script.fields.covers.iter().copied().find(|c| {
                    changed_at
                        .get(c)
                        .is_some_and(|rev| *rev > result.plan_revision)
                })
            };
            let mut last: Option<(u32, &TestResult)> = None;
            for (column, round) in rounds.iter().enumerate() {
                if let Some(result) = latest[row * width + column] {
                    last = Some((round.number, result));
                }
                cells.push(Effective::resolve(round.number, last, changed_since));
            }
        }

        let current = session
            .current_round()
            .and_then(|c| rounds.iter().position(|r| r.id == c.id));
        let mut changes: HashMap<ChangeId, ChangeTestState> = HashMap::new();
        for (row, script) in scripts.iter().enumerate() {
            let status = current.map(|column| cells[row * width + column].status);
            for c in &script.fields.covers {
                changes.entry(*c).or_default().count(status);
            }
        }

        TestGrid {
            rounds,
            scripts,
            cells,
            current,
            changes,
        }
    }

    /// The rounds, by number: the columns.
    pub fn rounds(&self) -> &[&'a TestRound] {
        &self.rounds
    }

    /// The active scripts, in the order added: the rows.
    pub fn scripts(&self) -> &[&'a TestScript] {
        &self.scripts
    }

    pub fn round_index(&self, id: RoundId) -> Option<usize> {
        self.rounds.iter().position(|r| r.id == id)
    }

    pub fn script_index(&self, id: ScriptId) -> Option<usize> {
        self.scripts.iter().position(|s| s.id == id)
    }

    /// The column of the current round ([`Session::current_round`]).
    pub fn current_round(&self) -> Option<usize> {
        self.current
    }

    /// The effective result in row `script`, column `round`.
    pub fn cell(&self, script: usize, round: usize) -> Option<&Effective<'a>> {
        if round >= self.rounds.len() {
            return None;
        }
        self.cells.get(script * self.rounds.len() + round)
    }

    /// The cells of column `round`, row by row (empty for a column that is not there).
    fn column(&self, round: usize) -> impl Iterator<Item = (&'a TestScript, &Effective<'a>)> {
        let width = self.rounds.len();
        let rows = if round < width { self.scripts.len() } else { 0 };
        (0..rows).map(move |row| (self.scripts[row], &self.cells[row * width + round]))
    }

    /// How column `round` stands (see [`Tally`]).
    pub fn tally(&self, round: usize) -> Tally {
        let mut tally = Tally::default();
        for (_, cell) in self.column(round) {
            tally.count(cell.status);
        }
        tally
    }

    /// The scripts column `round` is about: all but the carried ones
    /// ([`Session::to_run`]).
    pub fn to_run(&self, round: usize) -> Vec<ScriptId> {
        self.column(round)
            .filter(|(_, cell)| {
                !matches!(
                    cell.status,
                    super::test_state::EffectiveStatus::Carried { .. }
                )
            })
            .map(|(s, _)| s.id)
            .collect()
    }

    /// How `change` stands in the current round ([`Session::change_test_state`]).
    pub fn change_test_state(&self, change: ChangeId) -> ChangeTestState {
        self.changes.get(&change).copied().unwrap_or_default()
    }
}
