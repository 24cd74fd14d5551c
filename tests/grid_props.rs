//! Property: on any session made of random ops, the grid the Tests screen draws from
//! agrees cell by cell with the single-cell query, and its tallies add up.

mod common;

use cmo_promote::model::{EffectiveStatus, TestGrid};
use common::{Intent, drive, intents_from, new_session};
use proptest::prelude::*;

fn intent() -> impl Strategy<Value = Intent> {
    intents_from(0..12, "[a-z]{0,4}", "[a-z]{1,4}", 0..5000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The grid the Tests screen draws says, cell by cell, what the single-cell
    /// query says; every active script counts once in each round's tally, and
    /// each is either carried or to run.
    #[test]
    fn the_grid_agrees_with_each_cell(intents in proptest::collection::vec(intent(), 0..150)) {
        let (_, mut s) = new_session("Grid");
        drive(&mut s, &intents);
        let grid = TestGrid::of(&s);
        let active = s.active_scripts().count();
        prop_assert_eq!(grid.scripts().len(), active);
        for (column, round) in grid.rounds().iter().enumerate() {
            for (row, script) in grid.scripts().iter().enumerate() {
                let one = s.effective_result(round.id, script.id).unwrap();
                prop_assert_eq!(grid.cell(row, column), Some(&one));
            }
            let tally = grid.tally(column);
            prop_assert_eq!(tally.total, active);
            prop_assert_eq!(
                tally.pass + tally.fail + tally.blocked + tally.not_run + tally.waived
                    + tally.needs_retest,
                active
            );
            let carried = (0..active)
                .filter(|row| matches!(
                    grid.cell(*row, column).map(|c| c.status),
                    Some(EffectiveStatus::Carried { .. })
                ))
                .count();
            prop_assert_eq!(tally.carried, carried);
            prop_assert_eq!(grid.to_run(column).len() + carried, active);
        }
    }
}
