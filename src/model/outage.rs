//! The live read side of the outage (step 11), as pure functions of the session and a
//! `now`: the booked window, how many changes are applied, the change under way and the
//! next, the forecast finish from the rehearsal and the pace so far, the slack and the
//! point of no return, and the state (green, amber, red) they add up to.

use super::application::Outcome;
use super::env::EnvKey;
use super::ids::ChangeId;
use super::rehearsal::scale;
use super::session::Session;
use super::step::StepKind;
use super::work_plan::Change;
use chrono::{DateTime, Duration, Utc};

/// How the outage stands, by how its forecast finish lies against the point of no
/// return (window end − rollback reserve): green with at least [`amber_margin`] to
/// spare, amber with less, red once the forecast passes it (or the point is passed with
/// work left). Unknown without a booked window or a forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutageState {
    Unknown,
    Green,
    Amber,
    Red,
}

/// The change being applied and how long it has taken against the rehearsal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnderWay {
    pub change: ChangeId,
    pub elapsed: Duration,
    pub rehearsal: Option<Duration>,
}

/// How far the Production implementation has got: the changes in the Work Plan, and
/// how many of them were applied, failed or skipped there (by their latest attempt).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Done {
    pub total: usize,
    pub applied: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl Done {
    /// Counts one change of the Work Plan, whose latest attempt in Production ended
    /// with `outcome` (`None`: not done there).
    pub fn count(&mut self, outcome: Option<Outcome>) {
        self.total += 1;
        match outcome {
            Some(Outcome::Applied) => self.applied += 1,
            Some(Outcome::Failed) => self.failed += 1,
            Some(Outcome::Skipped) => self.skipped += 1,
            None => {}
        }
    }
}

impl OutageBoard {
    /// The board's counts of changes done.
    pub fn done(&self) -> Done {
        Done {
            total: self.total,
            applied: self.applied,
            failed: self.failed,
            skipped: self.skipped,
        }
    }
}

/// Where the Production implementation stands at `now` (step 11).
#[derive(Debug, Clone, PartialEq)]
pub struct OutageBoard {
    pub now: DateTime<Utc>,
    /// When the outage began: step 11's first timer start.
    pub started: Option<DateTime<Utc>>,
    /// When step 11 was completed, if it was.
    pub ended: Option<DateTime<Utc>>,
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub total: usize,
    pub applied: usize,
    pub failed: usize,
    pub skipped: usize,
    /// The first change under way, and how many more are (two implementers at once).
    pub under_way: Option<UnderWay>,
    pub also_under_way: usize,
    pub next: Option<ChangeId>,
    /// Production time over rehearsal time for the changes done in both (1.0 = as
    /// rehearsed); `None` before there is one.
    pub pace: Option<f64>,
    /// When the work left should be done: now + the rehearsal durations of the changes
    /// still to do (an untimed one at the mean) scaled by the pace; `None` without any
    /// rehearsal timing.
    pub finish: Option<DateTime<Utc>>,
    /// Changes left that the rehearsal did not time (counted at the mean).
    pub untimed_left: usize,
    pub point_of_no_return: Option<DateTime<Utc>>,
    pub state: OutageState,
}

impl OutageBoard {
    /// Time since the outage began.
    pub fn elapsed(&self) -> Option<Duration> {
        let end = self.ended.unwrap_or(self.now);
        self.started.map(|s| (end - s).max(Duration::zero()))
    }

    /// Time left in the booked window (negative once it is overrun).
    pub fn window_left(&self) -> Option<Duration> {
        self.window.map(|(_, end)| end - self.now)
    }

    /// Window end − forecast finish: slack when positive, overrun when negative.
    pub fn slack(&self) -> Option<Duration> {
        Some(self.window?.1 - self.finish?)
    }

    /// Time left until the point of no return (negative once passed).
    pub fn to_point_of_no_return(&self) -> Option<Duration> {
        self.point_of_no_return.map(|p| p - self.now)
    }

    /// Changes done (applied, failed or skipped).
    pub fn finished(&self) -> usize {
        self.applied + self.failed + self.skipped
    }
}

/// How much before the point of no return the board turns amber: a tenth of the window,
/// at least 10 minutes.
pub fn amber_margin(window: (DateTime<Utc>, DateTime<Utc>)) -> Duration {
    ((window.1 - window.0) / 10).max(Duration::minutes(10))
}

impl Session {
    /// The booked window, when both ends are set.
    pub fn outage_window(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        Some((self.outage.window_start?, self.outage.window_end?))
    }

    /// The changes not applied in Production: failed or skipped there, or not done.
    pub fn not_applied_in_production(&self) -> Vec<&Change> {
        self.active_changes()
            .filter(|c| !c.is_applied_in(EnvKey::Production))
            .collect()
    }

    /// Where the Production implementation stands at `now`.
    pub fn outage_board(&self, now: DateTime<Utc>) -> OutageBoard {
        let env = EnvKey::Production;
        let implement = self.step_of_kind(StepKind::Implement);
        let started = implement.and_then(|s| s.timer.first_start());
        let ended = self.implemented_at();
        let window = self.outage_window();
        let rehearsal = self.rehearsal();
        let mut board = OutageBoard {
            now,
            started,
            ended,
            window,
            total: 0,
            applied: 0,
            failed: 0,
            skipped: 0,
            under_way: None,
            also_under_way: 0,
            next: None,
            pace: None,
            finish: None,
            untimed_left: 0,
            point_of_no_return: window
                .map(|(_, end)| end - Duration::minutes(i64::from(self.outage.rollback_minutes))),
            state: OutageState::Unknown,
        };
        let (mut prod_time, mut rehearsed_time) = (Duration::zero(), Duration::zero());
        let mut left: Vec<(&Change, Option<Duration>)> = Vec::new();
        let mut last_finish: Option<DateTime<Utc>> = None;
        let mut done = Done::default();
        for c in self.active_changes() {
            let latest = c.latest_application(env);
            done.count(latest.and_then(|a| a.outcome));
            match latest.and_then(|a| a.outcome) {
                Some(_) => {
                    last_finish = last_finish.max(latest.and_then(|a| a.finished_at));
                    if let (Some(p), Some(r)) = (c.measured_in(env), c.measured_in(EnvKey::Stage2))
                    {
                        prod_time += p;
                        rehearsed_time += r;
                    }
                }
                None => {
                    let elapsed = latest.map(|a| a.timer.elapsed(now));
                    if let Some(elapsed) = elapsed {
                        match board.under_way {
                            None => {
                                board.under_way = Some(UnderWay {
                                    change: c.id,
                                    elapsed,
                                    rehearsal: c.measured_in(EnvKey::Stage2),
                                })
                            }
                            Some(_) => board.also_under_way += 1,
                        }
                    } else if board.next.is_none() {
                        board.next = Some(c.id);
                    }
                    left.push((c, elapsed));
                }
            }
        }
        (board.total, board.applied, board.failed, board.skipped) =
            (done.total, done.applied, done.failed, done.skipped);
        if rehearsed_time > Duration::zero() {
            let pace = seconds(prod_time) / seconds(rehearsed_time);
            board.pace = Some(pace.clamp(0.1, 10.0));
        }
        let pace = board.pace.unwrap_or(1.0);
        board.untimed_left = left
            .iter()
            .filter(|(c, _)| c.measured_in(EnvKey::Stage2).is_none())
            .count();
        // Over: every change done, or step 11 completed with some left undone.
        let over = left.is_empty() || board.ended.is_some();
        board.finish = match rehearsal.mean() {
            _ if over => Some(last_finish.or(board.ended).unwrap_or(now)),
            None => None,
            Some(mean) => {
                let mut work = Duration::zero();
                for (c, elapsed) in &left {
                    let planned = c.measured_in(EnvKey::Stage2).unwrap_or(mean);
                    let still = scale(planned, pace) - elapsed.unwrap_or_else(Duration::zero);
                    work += still.max(Duration::zero());
                }
                Some(now + work)
            }
        };
        board.state = state_of(&board, over);
        board
    }
}

fn state_of(board: &OutageBoard, done: bool) -> OutageState {
    let (Some(window), Some(finish), Some(pnr)) =
        (board.window, board.finish, board.point_of_no_return)
    else {
        return OutageState::Unknown;
    };
    if done {
        // Nothing is left to roll back from: only the window itself counts.
        return if finish <= window.1 {
            OutageState::Green
        } else {
            OutageState::Red
        };
    }
    if finish > pnr || board.now > pnr {
        OutageState::Red
    } else if finish > pnr - amber_margin(window) {
        OutageState::Amber
    } else {
        OutageState::Green
    }
}

fn seconds(d: Duration) -> f64 {
    d.num_milliseconds() as f64 / 1000.0
}
