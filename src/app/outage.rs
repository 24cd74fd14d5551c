//! The Outage screen (the leads' home during steps 8 to 12): the board (the outage plan
//! before step 11, the live forecast during it) over the replay of the Work Plan. Its
//! keys, its state (the replay's selection) and the board's own actions: booking the
//! window, the plan's parts, and copying the status line for chat.

use super::keymap::{Action, Binding, Ctx, bind, ch, plain};
use super::modal::{Prompt, Purpose};
use super::screen::{Screen, ScreenId};
use super::{App, Cursor, Message, Pane};
use crate::model::{OpKind, Session};
use crate::vocab::outage::{local, span, status_line};
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use ratatui::crossterm::event::KeyCode as K;

pub struct Outage;

/// The Outage screen's own state.
#[derive(Debug, Default)]
pub struct OutageView {
    /// The replay's selection among [`OutageView::changes`].
    pub cursor: Cursor,
    /// The changes the replay lists (indices into the session's changes): those still
    /// in the Work Plan, in replay order.
    pub(super) changes: Vec<usize>,
    /// The board has no list; this stands for its selection.
    board: Cursor,
    /// How many of them are applied in the working environment (for the replay's
    /// title), worked out with the list rather than for each frame.
    applied: usize,
    /// The rehearsal's timings and what it says must be fixed (for the plan on the
    /// board), worked out with the list rather than for each frame.
    rehearsal: crate::model::Rehearsal,
    must_fix: Vec<crate::model::MustFix>,
}

impl OutageView {
    pub fn changes(&self) -> &[usize] {
        &self.changes
    }

    /// How many of [`OutageView::changes`] are applied in the working environment.
    pub fn applied(&self) -> usize {
        self.applied
    }

    /// The rehearsal's timings over the Work Plan as it now is.
    pub fn rehearsal(&self) -> &crate::model::Rehearsal {
        &self.rehearsal
    }

    /// The entries the rehearsal says must be fixed, in Work Plan order.
    pub fn must_fix(&self) -> &[crate::model::MustFix] {
        &self.must_fix
    }
}

impl Screen for Outage {
    fn id(&self) -> ScreenId {
        ScreenId::Outage
    }

    fn name(&self) -> &'static str {
        "Outage"
    }

    fn panes(&self) -> &'static [Pane] {
        &[Pane::Replay, Pane::Board]
    }

    fn contexts(&self) -> &'static [Ctx] {
        &[Ctx::Replay, Ctx::Board]
    }

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn refresh(&self, app: &mut App) {
        app.outage.changes = app
            .doc
            .session
            .changes()
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_removed())
            .map(|(i, _)| i)
            .collect();
        let s = &app.doc.session;
        let env = s.working_env();
        app.outage.applied = s.active_changes().filter(|c| c.is_applied_in(env)).count();
        app.outage.rehearsal = s.rehearsal();
        app.outage.must_fix = s.must_fix();
    }

    fn list_len(&self, app: &App, pane: Pane) -> usize {
        match pane {
            Pane::Replay => app.outage.changes.len(),
            _ => 0,
        }
    }

    fn cursor<'a>(&self, app: &'a mut App, pane: Pane) -> &'a mut Cursor {
        match pane {
            Pane::Replay => &mut app.outage.cursor,
            _ => &mut app.outage.board,
        }
    }

    fn act(&self, app: &mut App, action: Action) -> bool {
        match (action, app.focus) {
            (Action::CopyStatus, _) => app.copy_status(),
            (Action::BookWindow, _) => app.ask_window(),
            (Action::SetContingency, _) => app.ask_plan_part(PlanPart::Contingency),
            (Action::SetVerification, _) => app.ask_plan_part(PlanPart::Verification),
            (Action::SetRollback, _) => app.ask_plan_part(PlanPart::Rollback),
            (Action::SetCopyBackDays, _) => app.ask_plan_part(PlanPart::CopyBackDays),
            (Action::ReplayStart, Pane::Replay) => app.replay_start(),
            (Action::ToggleTimer, Pane::Replay) => app.replay_toggle(),
            (Action::ReplayDone, Pane::Replay) => app.replay_done(false),
            (Action::ReplayNoted, Pane::Replay) => app.replay_done(true),
            (Action::ReplayFail, Pane::Replay) => app.replay_ask(super::ReplayAsk::Fail),
            (Action::ReplaySkip, Pane::Replay) => app.replay_ask(super::ReplayAsk::Skip),
            (Action::ReplayCancel, Pane::Replay) => app.replay_ask(super::ReplayAsk::Cancel),
            (Action::Open, Pane::Replay) => app.replay_read(),
            // The board is no list: moving there moves the replay.
            (Action::Up | Action::Down | Action::PageUp | Action::PageDown, Pane::Board) => {
                app.focus = Pane::Replay;
                return false;
            }
            _ => return false,
        }
        true
    }
}

/// The Outage screen's keys, in the order help lists them.
pub static BINDINGS: &[Binding] = &[
    bind!(
        Replay,
        [ch('s')],
        ReplayStart,
        "start applying it ({Global.ToggleTimer} pauses, resumes)",
        "start"
    ),
    bind!(
        Replay,
        [ch('d')],
        ReplayDone,
        "done (in the rehearsal: how it went)",
        "done"
    ),
    bind!(Replay, [ch('n')], ReplayNoted, "done, with a note", ""),
    bind!(
        Replay,
        [ch('f')],
        ReplayFail,
        "failed (asks what went wrong)",
        "failed"
    ),
    bind!(Replay, [ch('x')], ReplaySkip, "skipped (asks why)", "skip"),
    bind!(
        Replay,
        [ch('c')],
        ReplayCancel,
        "cancel a mistaken start (its time stops counting)",
        "cancel"
    ),
    bind!(
        Replay,
        [plain(K::Enter)],
        Open,
        "the change in full, to scroll",
        ""
    ),
    bind!(
        Board,
        [ch('w')],
        BookWindow,
        "book the outage window (start, and end or length)",
        "window"
    ),
    bind!(
        Board,
        [ch('%')],
        SetContingency,
        "contingency added to the rehearsal total",
        ""
    ),
    bind!(
        Board,
        [ch('v')],
        SetVerification,
        "verification time (empty: the retest as measured)",
        ""
    ),
    bind!(
        Board,
        [ch('R')],
        SetRollback,
        "rollback reserve (sets the point of no return)",
        ""
    ),
    bind!(
        Board,
        [ch('D')],
        SetCopyBackDays,
        "days from step 11 to the copy-back",
        ""
    ),
    bind!(
        Replay,
        [ch('y')],
        CopyStatus,
        "copy the status line for chat (OSC 52)",
        "copy status"
    ),
    bind!(
        Board,
        [ch('y')],
        CopyStatus,
        "copy the status line for chat (OSC 52)",
        "copy status"
    ),
];

/// A part of the outage plan a prompt sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PlanPart {
    Contingency,
    Verification,
    Rollback,
    /// Days from the Production implementation to the copy-back.
    CopyBackDays,
}

impl App {
    /// The change under the replay's selection.
    pub fn replay_change(&self) -> Option<&crate::model::Change> {
        let index = *self.outage.changes.get(self.outage.cursor.selected)?;
        self.doc.session.changes().get(index)
    }

    /// `y`: the status line goes to the terminal's clipboard (OSC 52, which also works
    /// over SSH and in tmux), and to the status bar.
    fn copy_status(&mut self) {
        let line = status_line(&self.doc.session, self.now(), self.zone);
        self.clipboard = Some(line.clone());
        self.message = Some(Message::Info(format!("Copied: {line}")));
    }

    fn ask_window(&mut self) {
        let s = &self.doc.session;
        let current = match s.outage_window() {
            Some((start, end)) => format!(
                "{} - {}",
                local(start, self.zone).format("%Y-%m-%d %H:%M"),
                local(end, self.zone).format("%Y-%m-%d %H:%M")
            ),
            None => String::new(),
        };
        let length = s
            .outage_proposal(self.now())
            .map(|p| {
                format!(
                    "; with the start alone it lasts the proposed {}",
                    span(p.length)
                )
            })
            .unwrap_or_default();
        self.ask(Prompt::new(
            Purpose::Window,
            "Book the outage window",
            format!(
                "Start, then end or length: 2026-12-05 22:00 - 2026-12-06 01:00, or \
                 2026-12-05 22:00 +3h{length}. Empty clears it"
            ),
            &current,
        ));
    }

    fn ask_plan_part(&mut self, part: PlanPart) {
        let plan = &self.doc.session.outage();
        let (title, help, current) = match part {
            PlanPart::Contingency => (
                "Contingency (% of the rehearsal total)",
                "A whole number from 0 to 1000",
                plan.contingency_percent.to_string(),
            ),
            PlanPart::Verification => (
                "Verification time",
                "90, 1h30 or 1:30; empty takes the retest after the rehearsal as measured",
                plan.verification_minutes
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
            ),
            PlanPart::Rollback => (
                "Rollback reserve",
                "90, 1h30 or 1:30: the point of no return is that long before the window ends",
                plan.rollback_minutes.to_string(),
            ),
            PlanPart::CopyBackDays => (
                "Days until the copy-back",
                "Step 12 falls due this many days after step 11 is completed",
                plan.copy_back_after_days.to_string(),
            ),
        };
        self.ask(Prompt::new(Purpose::Plan(part), title, help, &current));
    }

    /// The outage plan with `change` made to it, as an op.
    fn plan_op(&self, change: impl FnOnce(&mut crate::model::OutagePlan)) -> OpKind {
        let mut plan = self.doc.session.outage().clone();
        change(&mut plan);
        OpKind::SetOutagePlan {
            window_start: plan.window_start,
            window_end: plan.window_end,
            contingency_percent: plan.contingency_percent,
            copy_back_after_days: plan.copy_back_after_days,
            verification_minutes: plan.verification_minutes,
            rollback_minutes: plan.rollback_minutes,
        }
    }

    /// The op a window or plan prompt's text asks for, or what is wrong with the text.
    pub(super) fn plan_answer(&self, purpose: Purpose, text: &str) -> Result<OpKind, String> {
        let minutes = |text: &str| super::parse_minutes(text);
        match purpose {
            Purpose::Window => {
                let window = parse_window(&self.doc.session, text, self.zone, self.now())?;
                Ok(self.plan_op(|p| {
                    p.window_start = window.map(|w| w.0);
                    p.window_end = window.map(|w| w.1);
                }))
            }
            Purpose::Plan(PlanPart::Contingency) => {
                let pct = whole_number(text.trim().trim_end_matches('%'))?;
                Ok(self.plan_op(|p| p.contingency_percent = pct))
            }
            Purpose::Plan(PlanPart::CopyBackDays) => {
                let days = whole_number(text)?;
                Ok(self.plan_op(|p| p.copy_back_after_days = days))
            }
            Purpose::Plan(PlanPart::Verification) => {
                let m = minutes(text)?;
                Ok(self.plan_op(|p| p.verification_minutes = m))
            }
            Purpose::Plan(PlanPart::Rollback) => {
                let m = minutes(text)?.unwrap_or(0);
                Ok(self.plan_op(|p| p.rollback_minutes = m))
            }
            _ => Err("not a plan prompt".into()),
        }
    }
}

/// `text` as a whole number, or why it is not one.
fn whole_number(text: &str) -> Result<u32, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("\"{}\" is not a whole number", text.trim()))
}

/// A booked window: start and end.
type Window = (DateTime<Utc>, DateTime<Utc>);

/// Reads a window as typed: `START - END` or `START +LENGTH` or `START` alone (lasting
/// the proposed length), each time `YYYY-MM-DD HH:MM` in the user's zone; an end of
/// `HH:MM` alone is the next such time after the start. Empty clears the window.
pub fn parse_window(
    s: &Session,
    text: &str,
    zone: Option<chrono::FixedOffset>,
    now: DateTime<Utc>,
) -> Result<Option<Window>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let at = |t: &str| -> Result<DateTime<Utc>, String> {
        let naive = NaiveDateTime::parse_from_str(t.trim(), "%Y-%m-%d %H:%M").map_err(|_| {
            format!(
                "\"{}\" is not a date and time: write 2026-12-05 22:00",
                t.trim()
            )
        })?;
        // The offset in force on that date (summer time may differ from today's); of
        // an hour that repeats when the clocks go back, the first.
        let utc = match zone {
            Some(z) => z.from_local_datetime(&naive).earliest().map(|t| t.to_utc()),
            None => chrono::Local
                .from_local_datetime(&naive)
                .earliest()
                .map(|t| t.to_utc()),
        };
        utc.ok_or_else(|| format!("\"{}\" does not exist here (the clocks skip it)", t.trim()))
    };
    let (start, end) = if let Some((a, b)) = text.split_once(" - ") {
        let start = at(a)?;
        let end = match chrono::NaiveTime::parse_from_str(b.trim(), "%H:%M") {
            Ok(time) => {
                let day = local(start, zone).date_naive();
                let mut end = at(&format!("{} {}", day, time.format("%H:%M")))?;
                // Past midnight; the same time is no window at all.
                if end < start {
                    end += Duration::days(1);
                }
                end
            }
            Err(_) => at(b)?,
        };
        (start, end)
    } else if let Some((a, b)) = text.split_once('+') {
        let minutes = super::parse_minutes(b)?.unwrap_or(0);
        let start = at(a)?;
        (start, start + Duration::minutes(i64::from(minutes)))
    } else {
        let start = at(text)?;
        let length = s
            .outage_proposal(now)
            .ok_or("no length is proposed yet (nothing timed in the rehearsal): give an end")?
            .length;
        (start, start + length)
    };
    if end <= start {
        return Err("the window must end after it starts".into());
    }
    Ok(Some((start, end)))
}
