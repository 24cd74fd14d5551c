//! The read side of the rehearsal and the outage, as pure functions of the session and a
//! `now`: the must-fix list, each change's measured durations, the rehearsal total, the
//! proposed outage length (step 10) and the live forecast of the Production
//! implementation (step 11) with its slack and point of no return.

use super::env::EnvKey;
use super::ids::ChangeId;
use super::op::OpKind;
use super::session::Session;
use super::step::{Step, StepKind, StepStatus};
use super::work_plan::{Change, Outcome, Replicability};
use chrono::{DateTime, Duration, Utc};

/// A Work Plan entry the rehearsal found hard to replay; it stays on the list until
/// the change is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MustFix {
    pub change: ChangeId,
    pub rating: Replicability,
    pub note: String,
    pub by: String,
}

/// The rehearsal's timings: what each change took in Stage 2.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rehearsal {
    /// The sum of the measured durations.
    pub total: Duration,
    /// The changes with a measured duration, in Work Plan order.
    pub timed: Vec<(ChangeId, Duration)>,
    /// The active changes with none (not rehearsed, skipped, failed or not timed).
    pub untimed: Vec<ChangeId>,
}

impl Rehearsal {
    /// The measured duration of `change`, if it has one.
    pub fn of(&self, change: ChangeId) -> Option<Duration> {
        self.timed
            .iter()
            .find(|(c, _)| *c == change)
            .map(|(_, d)| *d)
    }

    /// The mean of the measured durations (what an untimed change is counted at).
    pub fn mean(&self) -> Option<Duration> {
        let n = i32::try_from(self.timed.len()).ok().filter(|n| *n > 0)?;
        Some(self.total / n)
    }
}

/// The proposed outage length and its parts (step 10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutageProposal {
    pub rehearsal: Duration,
    /// Changes not timed in the rehearsal (the total leaves them out).
    pub untimed: usize,
    pub contingency_percent: u32,
    pub contingency: Duration,
    pub verification: Duration,
    /// Whether the verification time is the retest as measured (else the plan sets it).
    pub verification_measured: bool,
    pub rollback: Duration,
    /// rehearsal + contingency + verification + rollback.
    pub length: Duration,
}

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
    pub under_way: Option<UnderWay>,
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

impl Change {
    /// How long applying it took in `env`: the timer of its latest attempt there, if
    /// that attempt applied it and was timed.
    pub fn measured_in(&self, env: EnvKey) -> Option<Duration> {
        let a = self
            .latest_application(env)
            .filter(|a| a.outcome == Some(Outcome::Applied) && !a.timer.entries.is_empty())?;
        let end = a.finished_at?;
        Some(a.timer.elapsed(end))
    }
}

impl Session {
    /// The Work Plan entries the rehearsal rated other than "as written" and that have
    /// not been edited since, in Work Plan order.
    pub fn must_fix(&self) -> Vec<MustFix> {
        self.active_changes()
            .filter_map(|c| {
                let a = c.latest_application(EnvKey::Stage2)?;
                let rating = a.rating.filter(|r| *r != Replicability::AsWritten)?;
                (a.change_revision == c.revision).then(|| MustFix {
                    change: c.id,
                    rating,
                    note: a.note.clone(),
                    by: a.by.clone(),
                })
            })
            .collect()
    }

    /// Whether `who` would be replaying their own change in the rehearsal (the process
    /// asks for someone who did not make it, to prove the entry is enough on its own).
    pub fn replays_own_change(&self, change: &Change, env: EnvKey, who: &str) -> bool {
        self.rehearsing_in(env) && change.author.trim() == who.trim()
    }

    /// The rehearsal's timings (Stage 2) over the changes in the Work Plan.
    pub fn rehearsal(&self) -> Rehearsal {
        let mut r = Rehearsal::default();
        for c in self.active_changes() {
            match c.measured_in(EnvKey::Stage2) {
                Some(d) => {
                    r.total += d;
                    r.timed.push((c.id, d));
                }
                None => r.untimed.push(c.id),
            }
        }
        r
    }

    /// The first step of `kind`.
    fn step_of_kind(&self, kind: StepKind) -> Option<&Step> {
        self.steps.iter().find(|s| s.kind == kind)
    }

    /// The testing step after the rehearsal (step 9): its measured time is the
    /// verification time an outage needs.
    pub fn verification_step(&self) -> Option<&Step> {
        let rehearse = self.step_of_kind(StepKind::Rehearse)?.number;
        self.steps
            .iter()
            .find(|s| s.number > rehearse && s.kind.is_testing())
    }

    /// The proposed outage length with its parts, or `None` while nothing has been
    /// timed in the rehearsal (no guess is made).
    pub fn outage_proposal(&self, now: DateTime<Utc>) -> Option<OutageProposal> {
        let rehearsal = self.rehearsal();
        if rehearsal.timed.is_empty() {
            return None;
        }
        let plan = &self.outage;
        let contingency = scale(rehearsal.total, f64::from(plan.contingency_percent) / 100.0);
        let (verification, verification_measured) = match plan.verification_minutes {
            Some(m) => (Duration::minutes(i64::from(m)), false),
            None => (
                self.verification_step()
                    .map_or(Duration::zero(), |s| s.timer.elapsed(now)),
                true,
            ),
        };
        let rollback = Duration::minutes(i64::from(plan.rollback_minutes));
        Some(OutageProposal {
            rehearsal: rehearsal.total,
            untimed: rehearsal.untimed.len(),
            contingency_percent: plan.contingency_percent,
            contingency,
            verification,
            verification_measured,
            rollback,
            length: rehearsal.total + contingency + verification + rollback,
        })
    }

    /// When the Production implementation was completed, if it was.
    pub fn implemented_at(&self) -> Option<DateTime<Utc>> {
        let step = self
            .step_of_kind(StepKind::Implement)
            .filter(|s| s.status == StepStatus::Done)?;
        step.timer.entries.last().and_then(|e| e.end).or_else(|| {
            self.history
                .iter()
                .rev()
                .find(|op| matches!(op.kind, OpKind::CompleteStep { step: n } if n == step.number))
                .map(|op| op.at)
        })
    }

    /// When the copy-back (step 12) is due: the configured number of days after the
    /// Production implementation was completed; `None` before that or once the
    /// copy-back is finished.
    pub fn copy_back_due(&self) -> Option<DateTime<Utc>> {
        let copy_back = self.step_of_kind(StepKind::CopyBack)?;
        if copy_back.status.is_finished() {
            return None;
        }
        let days = i64::from(self.outage.copy_back_after_days);
        Some(self.implemented_at()? + Duration::days(days))
    }

    /// What the process does by itself after `kind` was applied: the configuration
    /// freeze of Production starts when the freeze step begins (unless it has been
    /// frozen before: a freeze lifted by hand stays lifted), and ends when the
    /// Production implementation is completed.
    pub fn follow_ups(&self, kind: &OpKind) -> Vec<OpKind> {
        let step_of = |n: u32| self.step(n).map(|s| s.kind);
        let touched = match kind {
            OpKind::StartStep { step, .. } | OpKind::CompleteStep { step } => step_of(*step),
            OpKind::StartTimer {
                target: super::op::TimerTarget::Step { step },
            } => step_of(*step),
            _ => None,
        };
        match touched {
            Some(StepKind::Freeze) if self.freeze.periods.is_empty() => {
                vec![OpKind::StartFreeze {
                    note: "the freeze step began".into(),
                }]
            }
            Some(StepKind::Implement)
                if self.freeze.is_active() && self.implemented_at().is_some() =>
            {
                vec![OpKind::EndFreeze {
                    note: "the Production implementation is complete".into(),
                }]
            }
            _ => Vec::new(),
        }
    }

    /// The booked window, when both ends are set.
    pub fn outage_window(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        Some((self.outage.window_start?, self.outage.window_end?))
    }

    /// The changes not applied in Production: failed or skipped there, or not done.
    pub fn not_applied_in_production(&self) -> Vec<ChangeId> {
        self.active_changes()
            .filter(|c| !c.is_applied_in(EnvKey::Production))
            .map(|c| c.id)
            .collect()
    }

    /// Where the Production implementation stands at `now`.
    pub fn outage_board(&self, now: DateTime<Utc>) -> OutageBoard {
        let env = EnvKey::Production;
        let implement = self.step_of_kind(StepKind::Implement);
        let started = implement.and_then(|s| s.timer.entries.first().map(|e| e.start));
        let ended = implement
            .filter(|s| s.status == StepStatus::Done)
            .and_then(|s| s.timer.entries.last().and_then(|e| e.end));
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
        for c in self.active_changes() {
            board.total += 1;
            let latest = c.latest_application(env);
            match latest.and_then(|a| a.outcome) {
                Some(outcome) => {
                    match outcome {
                        Outcome::Applied => board.applied += 1,
                        Outcome::Failed => board.failed += 1,
                        Outcome::Skipped => board.skipped += 1,
                    }
                    last_finish = last_finish.max(latest.and_then(|a| a.finished_at));
                    if let (Some(p), Some(r)) = (c.measured_in(env), rehearsal.of(c.id)) {
                        prod_time += p;
                        rehearsed_time += r;
                    }
                }
                None => {
                    let elapsed = latest.map(|a| a.timer.elapsed(now));
                    if board.under_way.is_none()
                        && let Some(elapsed) = elapsed
                    {
                        board.under_way = Some(UnderWay {
                            change: c.id,
                            elapsed,
                            rehearsal: rehearsal.of(c.id),
                        });
                    } else if board.next.is_none() && elapsed.is_none() {
                        board.next = Some(c.id);
                    }
                    left.push((c, elapsed));
                }
            }
        }
        if rehearsed_time > Duration::zero() {
            let pace = seconds(prod_time) / seconds(rehearsed_time);
            board.pace = Some(pace.clamp(0.1, 10.0));
        }
        let pace = board.pace.unwrap_or(1.0);
        board.untimed_left = left
            .iter()
            .filter(|(c, _)| rehearsal.of(c.id).is_none())
            .count();
        board.finish = match rehearsal.mean() {
            _ if left.is_empty() => Some(last_finish.or(board.ended).unwrap_or(now)),
            None => None,
            Some(mean) => {
                let mut work = Duration::zero();
                for (c, elapsed) in &left {
                    let planned = rehearsal.of(c.id).unwrap_or(mean);
                    let still = scale(planned, pace) - elapsed.unwrap_or_else(Duration::zero);
                    work += still.max(Duration::zero());
                }
                Some(now + work)
            }
        };
        board.state = state_of(&board, left.is_empty());
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

/// `d` × `factor`, to the millisecond.
fn scale(d: Duration, factor: f64) -> Duration {
    Duration::milliseconds((d.num_milliseconds() as f64 * factor).round() as i64)
}
