//! Where testing stands, derived from the results and the Work Plan (nothing here is
//! stored, so an op replayed gives the same answers as when it was applied):
//!
//! - the **effective result** of a script in a round: its latest result recorded in that
//!   round; else its latest result in an earlier round (by round number) carried
//!   forward if that was a pass or a waiver, or "not run" if it was anything else;
//! - **needs retest**: a pass (recorded here or carried) once a change the script covers
//!   was added, edited or removed after the pass was recorded (by Work Plan revision,
//!   that is in history order, never by the testers' clocks). Moving a change does not
//!   count: the configuration it tested is the same. A waiver is a business decision
//!   and stays as it is.
//!
//! Removed scripts are never counted. One cell costs a scan of the rounds up to it; a
//! screen that draws many builds a [`TestGrid`](super::TestGrid) once instead.

use super::ids::{ChangeId, RoundId, ScriptId};
use super::session::Session;
use super::step::SignOff;
use super::test_plan::{ResultStatus, TestResult, TestRound, TestScript};
use std::fmt;

/// What a script shows in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EffectiveStatus {
    Pass,
    Fail,
    Blocked,
    /// No result here, or one from an earlier round that was not a pass or a waiver,
    /// or "not run" recorded.
    NotRun,
    Waived,
    /// A pass or waiver from round `from_round` (a number), carried forward.
    Carried {
        from_round: u32,
        status: ResultStatus,
    },
    /// A pass from round `passed_in` that `change` has been added, edited or removed
    /// since.
    NeedsRetest {
        passed_in: u32,
        change: ChangeId,
    },
}

impl EffectiveStatus {
    /// Words for people: `pass`, `not run`, `carried pass`, `needs retest`, …
    pub fn word(self) -> &'static str {
        match self {
            EffectiveStatus::Pass => "pass",
            EffectiveStatus::Fail => "fail",
            EffectiveStatus::Blocked => "blocked",
            EffectiveStatus::NotRun => "not run",
            EffectiveStatus::Waived => "waived",
            EffectiveStatus::Carried {
                status: ResultStatus::Waived,
                ..
            } => "carried waiver",
            EffectiveStatus::Carried { .. } => "carried pass",
            EffectiveStatus::NeedsRetest { .. } => "needs retest",
        }
    }

    /// Passed or waived, here or carried, and still valid: nothing left to do.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            EffectiveStatus::Pass | EffectiveStatus::Waived | EffectiveStatus::Carried { .. }
        )
    }
}

impl fmt::Display for EffectiveStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A script's effective result in a round, with the recorded result it comes from
/// (`None` when nothing recorded applies: not run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effective<'a> {
    pub status: EffectiveStatus,
    pub result: Option<&'a TestResult>,
}

impl<'a> Effective<'a> {
    /// From the script's latest result at or before round number `round` (with the
    /// round it was recorded in) and the first covered change that has changed since it
    /// was recorded.
    pub(crate) fn resolve(
        round: u32,
        latest: Option<(u32, &'a TestResult)>,
        changed_since: impl FnOnce(&TestResult) -> Option<ChangeId>,
    ) -> Effective<'a> {
        let Some((from, result)) = latest else {
            return Effective {
                status: EffectiveStatus::NotRun,
                result: None,
            };
        };
        let here = from == round;
        let status = match result.status {
            ResultStatus::Pass => match changed_since(result) {
                Some(change) => EffectiveStatus::NeedsRetest {
                    passed_in: from,
                    change,
                },
                None if here => EffectiveStatus::Pass,
                None => EffectiveStatus::Carried {
                    from_round: from,
                    status: ResultStatus::Pass,
                },
            },
            ResultStatus::Waived if here => EffectiveStatus::Waived,
            ResultStatus::Waived => EffectiveStatus::Carried {
                from_round: from,
                status: ResultStatus::Waived,
            },
            ResultStatus::Fail if here => EffectiveStatus::Fail,
            ResultStatus::Blocked if here => EffectiveStatus::Blocked,
            ResultStatus::NotRun if here => EffectiveStatus::NotRun,
            ResultStatus::Fail | ResultStatus::Blocked | ResultStatus::NotRun => {
                return Effective {
                    status: EffectiveStatus::NotRun,
                    result: None,
                };
            }
        };
        Effective {
            status,
            result: Some(result),
        }
    }
}

/// How a round stands. Every active script counts once, in exactly one of `pass`,
/// `fail`, `blocked`, `not_run`, `waived`, `needs_retest`; carried results count as the
/// pass or waiver they carry, and `carried` says how many of those came from an earlier
/// round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub total: usize,
    pub pass: usize,
    pub fail: usize,
    pub blocked: usize,
    pub not_run: usize,
    pub waived: usize,
    pub carried: usize,
    pub needs_retest: usize,
}

impl Tally {
    pub(crate) fn count(&mut self, status: EffectiveStatus) {
        self.total += 1;
        match status {
            EffectiveStatus::Pass => self.pass += 1,
            EffectiveStatus::Fail => self.fail += 1,
            EffectiveStatus::Blocked => self.blocked += 1,
            EffectiveStatus::NotRun => self.not_run += 1,
            EffectiveStatus::Waived => self.waived += 1,
            EffectiveStatus::Carried { status, .. } => {
                self.carried += 1;
                match status {
                    ResultStatus::Waived => self.waived += 1,
                    _ => self.pass += 1,
                }
            }
            EffectiveStatus::NeedsRetest { .. } => self.needs_retest += 1,
        }
    }
}

/// `12/20 pass · 2 fail · 1 blocked · 5 not run`, then `· 1 waived`, `· 3 need retest`
/// and `· 4 carried` when there are any.
impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{} pass · {} fail · {} blocked · {} not run",
            self.pass, self.total, self.fail, self.blocked, self.not_run
        )?;
        if self.waived > 0 {
            write!(f, " · {} waived", self.waived)?;
        }
        match self.needs_retest {
            0 => {}
            1 => f.write_str(" · 1 needs retest")?,
            n => write!(f, " · {n} need retest")?,
        }
        if self.carried > 0 {
            write!(f, " · {} carried", self.carried)?;
        }
        Ok(())
    }
}

/// How a Work Plan change stands in testing, in the current round: how many active
/// scripts cover it (0: untested), how many of those fail there, how many need a retest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeTestState {
    pub covered_by: usize,
    pub failing: usize,
    pub needs_retest: usize,
}

impl ChangeTestState {
    pub fn is_untested(&self) -> bool {
        self.covered_by == 0
    }

    pub(crate) fn count(&mut self, status: Option<EffectiveStatus>) {
        self.covered_by += 1;
        match status {
            Some(EffectiveStatus::Fail) => self.failing += 1,
            Some(EffectiveStatus::NeedsRetest { .. }) => self.needs_retest += 1,
            _ => {}
        }
    }
}

impl Session {
    /// The active scripts (not removed), in the order added.
    pub fn active_scripts(&self) -> impl Iterator<Item = &TestScript> {
        self.scripts.iter().filter(|s| !s.is_removed())
    }

    /// The first change `script` covers that was added, edited or removed after
    /// `result` was recorded.
    pub(crate) fn changed_since(
        &self,
        script: &TestScript,
        result: &TestResult,
    ) -> Option<ChangeId> {
        script.fields.covers.iter().copied().find(|c| {
            self.change(*c)
                .is_some_and(|c| c.changed_at_revision > result.plan_revision)
        })
    }

    /// The effective result of `script` in `round` (see the module doc); `None` if
    /// either is unknown. Also answers for a removed script.
    pub fn effective_result(&self, round: RoundId, script: ScriptId) -> Option<Effective<'_>> {
        let at = self.round(round)?.number;
        let script = self.script(script)?;
        let latest = self
            .rounds
            .iter()
            .filter(|r| r.number <= at)
            .filter_map(|r| r.latest(script.id).map(|res| (r.number, res)))
            .max_by_key(|(number, _)| *number);
        Some(Effective::resolve(at, latest, |res| {
            self.changed_since(script, res)
        }))
    }

    /// Every result recorded for `script`, by round number and then in the order
    /// recorded, with the round's number: who marked what, when, and why.
    pub fn script_history(&self, script: ScriptId) -> Vec<(u32, &TestResult)> {
        let mut rounds: Vec<&TestRound> = self.rounds.iter().collect();
        rounds.sort_by_key(|r| r.number);
        rounds
            .into_iter()
            .flat_map(|r| {
                r.results
                    .iter()
                    .filter(move |res| res.script == script)
                    .map(move |res| (r.number, res))
            })
            .collect()
    }

    /// The latest round (highest number) of step `step`.
    pub fn latest_round_of(&self, step: u32) -> Option<&TestRound> {
        self.rounds
            .iter()
            .filter(|r| r.step == step)
            .max_by_key(|r| r.number)
    }

    /// The latest round overall.
    pub fn latest_round(&self) -> Option<&TestRound> {
        self.rounds.iter().max_by_key(|r| r.number)
    }

    /// The round the team is testing in: the latest round of the current step if it is
    /// a testing step that has one, else the latest round.
    pub fn current_round(&self) -> Option<&TestRound> {
        self.current_step()
            .filter(|s| s.kind.is_testing())
            .and_then(|s| self.latest_round_of(s.number))
            .or_else(|| self.latest_round())
    }

    /// The round a sign-off of `step` covers: the step's latest round, else the latest
    /// round of an earlier step (a retest step with no round of its own covers the
    /// first round's results); `None` if there is none.
    pub fn covered_round(&self, step: u32) -> Option<&TestRound> {
        self.latest_round_of(step).or_else(|| {
            self.rounds
                .iter()
                .filter(|r| r.step < step)
                .max_by_key(|r| r.number)
        })
    }

    /// What stands in the way of signing off `step` (when it needs a sign-off): every
    /// active script of the covered round not passed or waived, as `TS-002 fail`. With
    /// no round at all, a testing step lists every active script as not run; any other
    /// step has nothing to wait for.
    pub fn open_scripts(&self, step: u32) -> Vec<String> {
        let label = |s: &TestScript, status: EffectiveStatus| format!("{} {status}", s.label());
        match self.covered_round(step) {
            Some(round) => {
                let grid = super::TestGrid::of(self);
                let Some(column) = grid.round_index(round.id) else {
                    return Vec::new();
                };
                grid.scripts()
                    .iter()
                    .enumerate()
                    .filter_map(|(row, s)| {
                        let status = grid.cell(row, column)?.status;
                        (!status.is_settled()).then(|| label(s, status))
                    })
                    .collect()
            }
            None if self.step(step).is_some_and(|s| s.kind.is_testing()) => self
                .active_scripts()
                .map(|s| label(s, EffectiveStatus::NotRun))
                .collect(),
            None => Vec::new(),
        }
    }

    /// How `round` stands; `None` for an unknown round.
    pub fn tally(&self, round: RoundId) -> Option<Tally> {
        let grid = super::TestGrid::of(self);
        grid.round_index(round).map(|i| grid.tally(i))
    }

    /// The scripts `round` is about, in order: every active script except those whose
    /// pass or waiver is carried from an earlier round. When a round is added these are
    /// the ones that failed, were blocked or not run, or need a retest.
    pub fn to_run(&self, round: RoundId) -> Vec<ScriptId> {
        let grid = super::TestGrid::of(self);
        grid.round_index(round)
            .map(|i| grid.to_run(i))
            .unwrap_or_default()
    }

    /// How `change` stands in the current round ([`Session::current_round`]). Costs a
    /// scan of the scripts; the Work Plan screen asks a [`TestGrid`](super::TestGrid).
    pub fn change_test_state(&self, change: ChangeId) -> ChangeTestState {
        let round = self.current_round().map(|r| r.id);
        let mut state = ChangeTestState::default();
        for s in self
            .active_scripts()
            .filter(|s| s.fields.covers.contains(&change))
        {
            state.count(
                round
                    .and_then(|r| self.effective_result(r, s.id))
                    .map(|e| e.status),
            );
        }
        state
    }

    /// How many active scripts need a retest in the round step `step` would cover
    /// ([`Session::covered_round`]); 0 for a step that is not a testing step.
    pub fn needs_retest_count(&self, step: u32) -> usize {
        if !self.step(step).is_some_and(|s| s.kind.is_testing()) {
            return 0;
        }
        self.covered_round(step)
            .and_then(|r| self.tally(r.id))
            .map_or(0, |t| t.needs_retest)
    }

    /// Whether the Work Plan changed after `sign_off` was given.
    pub fn is_stale(&self, sign_off: &SignOff) -> bool {
        self.work_plan_revision > sign_off.work_plan_revision
    }
}
