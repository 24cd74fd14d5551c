//! The Tests screen's state, and what it works out from the session: the rows shown
//! with their results in every round, each round's tally, and how each change stands in
//! testing for the other screens. Worked out from one [`TestGrid`] when the session,
//! the round being marked or the filter changes, so that drawing a frame and marking a
//! result build none.

use super::script_editor::ScriptEditor;
use super::{App, Cursor};
use crate::model::{
    ChangeId, ChangeTestState, EffectiveStatus, RoundId, ScriptId, Tally, TestGrid,
};
use std::collections::HashMap;

/// The Tests screen's own state.
#[derive(Default)]
pub struct TestsView {
    /// The script editor, while it is open.
    pub editor: Option<ScriptEditor>,
    /// The selected row of the visible scripts.
    pub cursor: Cursor,
    /// The round being marked; `None`: the current round, whichever it is (a round
    /// someone else starts becomes the one marked).
    pub round: Option<RoundId>,
    /// The first round column on screen (the grid scrolls sideways to keep the
    /// selected round in view).
    pub first_column: usize,
    /// Only the scripts that need attention in the selected round (not passed, waived
    /// or carried).
    pub attention: bool,
    /// The scripts shown, in order, with their results.
    rows: Vec<GridRow>,
    /// The rounds, by number: the grid's columns.
    rounds: Vec<RoundId>,
    /// Each column's tally (over every active script, shown or not).
    tallies: Vec<Tally>,
    /// The column of the round being marked.
    column: Option<usize>,
    /// How each change stands in testing in the current round, for the Work plan's
    /// test column.
    by_change: HashMap<ChangeId, ChangeTestState>,
    /// How many scripts need a retest in the current round.
    needs_retest: usize,
    /// Whether the session has any test script at all.
    any_scripts: bool,
}

/// One row of the grid: a script and its effective result in each round, by column.
pub struct GridRow {
    pub script: ScriptId,
    pub cells: Vec<EffectiveStatus>,
}

impl TestsView {
    /// The scripts the grid shows, in order.
    pub fn rows(&self) -> &[GridRow] {
        &self.rows
    }

    /// The rounds, by number: the grid's columns.
    pub fn rounds(&self) -> &[RoundId] {
        &self.rounds
    }

    /// The column of the round being marked (the current round unless another was
    /// chosen; the last round if there is no current one).
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// How column `column` stands.
    pub fn tally(&self, column: usize) -> Option<Tally> {
        self.tallies.get(column).copied()
    }

    /// Whether the session has any (active) test script.
    pub fn any_scripts(&self) -> bool {
        self.any_scripts
    }

    /// How `change` stands in testing in the current round; `None` while the session
    /// has no test script (so nothing is "untested" yet).
    pub fn change_state(&self, change: ChangeId) -> Option<ChangeTestState> {
        self.any_scripts
            .then(|| self.by_change.get(&change).copied().unwrap_or_default())
    }

    /// How many scripts need a retest in the current round.
    pub fn needs_retest(&self) -> usize {
        self.needs_retest
    }
}

impl App {
    /// The grid of the session as it is now.
    pub fn test_grid(&self) -> TestGrid<'_> {
        TestGrid::of(&self.doc.session)
    }

    /// Works out the Tests screen's rows, and what the other screens show of testing,
    /// afresh (when the session, the round or the filter changed): one grid for all.
    pub(super) fn refresh_tests(&mut self) {
        let selected = self.selected_script();
        // Borrows the session alone, so that the view can be written meanwhile.
        let grid = TestGrid::of(&self.doc.session);
        let width = grid.rounds().len();
        let column = self
            .tests
            .round
            .and_then(|id| grid.round_index(id))
            .or_else(|| grid.current_round())
            .or_else(|| width.checked_sub(1));
        let tallies: Vec<Tally> = (0..width).map(|c| grid.tally(c)).collect();
        let attention = self.tests.attention;
        let rows: Vec<GridRow> = grid
            .scripts()
            .iter()
            .enumerate()
            .map(|(row, s)| GridRow {
                script: s.id,
                cells: (0..width)
                    .filter_map(|c| grid.cell(row, c).map(|cell| cell.status))
                    .collect(),
            })
            .filter(|r| {
                !attention
                    || column
                        .and_then(|c| r.cells.get(c))
                        .is_none_or(|status| !status.is_settled())
            })
            .collect();
        let view = &mut self.tests;
        view.by_change = self
            .doc
            .session
            .changes()
            .iter()
            .map(|c| (c.id, grid.change_test_state(c.id)))
            .collect();
        view.needs_retest = grid.current_round().map_or(0, |c| tallies[c].needs_retest);
        view.any_scripts = !grid.scripts().is_empty();
        view.rounds = grid.rounds().iter().map(|r| r.id).collect();
        view.tallies = tallies;
        view.column = column;
        // The selected script stays selected while it is listed.
        if let Some(pos) = selected.and_then(|id| rows.iter().position(|r| r.script == id)) {
            view.cursor.selected = pos;
        }
        view.rows = rows;
    }

    /// The script under the Tests screen's selection.
    pub fn selected_script(&self) -> Option<ScriptId> {
        self.tests
            .rows
            .get(self.tests.cursor.selected)
            .map(|r| r.script)
    }

    /// The round the Tests screen marks in.
    pub fn selected_round(&self) -> Option<RoundId> {
        self.tests.column.map(|c| self.tests.rounds[c])
    }
}
