//! The session: one promotion from start to end, and the queries the screens need.

use super::env::{EnvKey, Environment};
use super::history::History;
use super::ids::{ChangeId, RoundId, ScriptId};
use super::indexes::ChangeIndex;
use super::op::{Op, OpError};
use super::shared::{Changes, Rounds, Scripts};
use super::step::{Step, StepStatus};
use super::template::{StepTemplate, Template, TemplateError};
use super::test_plan::{TestRound, TestScript};
use super::timing::Timer;
use super::work_plan::Change;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The session file format this build writes. Format 2 adds the Work Plan revision
/// (on the session, its changes, test results and sign-offs), removed scripts and
/// start overrides; a format-1 file is migrated on load
/// ([`Session::migrated_from_v1`]). Format 3 adds undo and voiding (the `VoidTime`,
/// `RestoreChange` and `RestoreTestScript` ops, `resume` on reopening, `ahead_of` on
/// starting a step and `voided` time entries): a format-2 file reads as it is, and
/// older builds open a format-3 file read-only rather than fail on what they do not
/// know. Format 4 changes only the file's layout (a snapshot of the session, then the
/// history one op per line, added to at the end): the session is the same.
pub const FORMAT_VERSION: u32 = 4;

/// Who created a session, when, and what it is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionMeta {
    pub id: Uuid,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// One stretch of time during which Production's configuration was frozen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreezePeriod {
    pub start: DateTime<Utc>,
    pub started_by: String,
    pub start_note: String,
    pub end: Option<DateTime<Utc>>,
    pub ended_by: Option<String>,
    pub end_note: String,
    /// Ended by an undo (of the start that froze it), rather than lifted by a person.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub undone: bool,
}

/// The configuration freeze of Production (step 2), possibly lifted and renewed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Freeze {
    pub periods: Vec<FreezePeriod>,
}

impl Freeze {
    pub fn is_active(&self) -> bool {
        self.periods.last().is_some_and(|p| p.end.is_none())
    }
}

/// The Production outage: booked window and how its length is proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutagePlan {
    pub window_start: Option<DateTime<Utc>>,
    pub window_end: Option<DateTime<Utc>>,
    /// Added to the rehearsal total to propose the outage length.
    pub contingency_percent: u32,
    /// Days after the Production implementation when the copy-back is due.
    pub copy_back_after_days: u32,
    /// The verification time to plan for, in minutes; `None` takes the retest after
    /// the rehearsal as measured.
    #[serde(default)]
    pub verification_minutes: Option<u32>,
    /// Minutes kept at the end of the window to roll back: the point of no return is
    /// that long before the window ends.
    #[serde(default = "default_rollback_minutes")]
    pub rollback_minutes: u32,
}

/// The rollback reserve of a plan that does not say (30 minutes).
pub fn default_rollback_minutes() -> u32 {
    30
}

/// A whole promotion. Its parts are read through methods of the same names and changed
/// only by [`Session::apply`], so every change is an op in the history:
///
/// ```
/// # fn read(s: &cmo_promote::model::Session) -> usize {
/// s.history().len() + s.changes().len()
/// # }
/// ```
///
/// ```compile_fail
/// # fn tamper(s: &mut cmo_promote::model::Session) {
/// s.history.clear(); // private: only an op changes a session
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub(in crate::model) id: Uuid,
    pub(in crate::model) title: String,
    pub(in crate::model) created_at: DateTime<Utc>,
    pub(in crate::model) created_by: String,
    /// Name of the template the session was created from.
    pub(in crate::model) template: String,
    /// The CMO admin areas the editor offers, from the template (not written when they
    /// are the built-in ones).
    #[serde(
        default = "super::work_plan::default_areas",
        skip_serializing_if = "super::work_plan::is_default_areas"
    )]
    pub(in crate::model) areas: Vec<String>,
    pub(in crate::model) environments: Vec<Environment>,
    pub(in crate::model) steps: Vec<Step>,
    /// The Configuration Work Plan, in replay order (removed changes stay, marked).
    pub(in crate::model) changes: Changes,
    /// Bumped by every op that changes the Work Plan (add, edit, move, remove): what a
    /// sign-off or a test result was given against.
    #[serde(default)]
    pub(in crate::model) work_plan_revision: u64,
    pub(in crate::model) scripts: Scripts,
    pub(in crate::model) rounds: Rounds,
    pub(in crate::model) freeze: Freeze,
    pub(in crate::model) outage: OutagePlan,
    /// Every applied op, in the order applied. (A session file of format 4 keeps it
    /// apart from the rest, one op per line: absent from the snapshot, it reads empty.)
    #[serde(default, skip_serializing_if = "History::is_empty")]
    pub(in crate::model) history: History,
    /// Where each change is in `changes`, so ops find theirs at once whatever the
    /// size (not stored: rebuilt when it falls out of step).
    #[serde(skip)]
    pub(in crate::model) change_index: ChangeIndex,
}

/// Reading a session: its parts are changed only by [`Session::apply`], so they are
/// read through these.
impl Session {
    pub fn id(&self) -> Uuid {
        self.id
    }
    pub fn title(&self) -> &String {
        &self.title
    }
    pub fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
    pub fn created_by(&self) -> &String {
        &self.created_by
    }
    /// The name of the template it was made from.
    pub fn template(&self) -> &String {
        &self.template
    }
    /// The CMO admin areas the editor offers.
    pub fn areas(&self) -> &Vec<String> {
        &self.areas
    }
    pub fn environments(&self) -> &Vec<Environment> {
        &self.environments
    }
    pub fn steps(&self) -> &Vec<Step> {
        &self.steps
    }
    /// The Work Plan in replay order, removed changes included (marked).
    pub fn changes(&self) -> &Changes {
        &self.changes
    }
    pub fn work_plan_revision(&self) -> u64 {
        self.work_plan_revision
    }
    pub fn scripts(&self) -> &Scripts {
        &self.scripts
    }
    pub fn rounds(&self) -> &Rounds {
        &self.rounds
    }
    pub fn freeze(&self) -> &Freeze {
        &self.freeze
    }
    pub fn outage(&self) -> &OutagePlan {
        &self.outage
    }
    /// Every applied op, in the order applied.
    pub fn history(&self) -> &History {
        &self.history
    }
}

impl Session {
    /// A fresh session from a template.
    pub fn new(template: &Template, meta: SessionMeta) -> Result<Session, TemplateError> {
        template.validate()?;
        if meta.title.trim().is_empty() {
            return Err(TemplateError::NoTitle);
        }
        Ok(Session {
            id: meta.id,
            title: meta.title,
            created_at: meta.created_at,
            created_by: meta.created_by,
            template: template.name.clone(),
            areas: template
                .areas
                .iter()
                .map(|a| a.trim().to_string())
                .collect(),
            environments: template.environments.clone(),
            steps: template.steps.iter().map(step_from_template).collect(),
            changes: Changes::default(),
            work_plan_revision: 0,
            scripts: Scripts::default(),
            rounds: Rounds::default(),
            freeze: Freeze::default(),
            outage: OutagePlan {
                window_start: None,
                window_end: None,
                contingency_percent: template.contingency_percent,
                copy_back_after_days: template.copy_back_after_days,
                verification_minutes: None,
                rollback_minutes: default_rollback_minutes(),
            },
            history: History::default(),
            change_index: ChangeIndex::default(),
        })
    }

    /// Rebuilds a session by applying `ops` in order to a fresh one. Fails on the first
    /// op that does not apply, with its position. Linear in the number of ops.
    pub fn replay<O: std::borrow::Borrow<Op>>(
        template: &Template,
        meta: SessionMeta,
        ops: impl IntoIterator<Item = O>,
    ) -> Result<Session, ReplayError> {
        Session::replay_like(template, meta, ops, None)
    }

    /// [`Session::replay`] of `history` (a session's own, to see that it rebuilds the
    /// session): the rebuilt history shares its runs instead of packing them again.
    pub fn replay_history(
        template: &Template,
        meta: SessionMeta,
        history: &History,
    ) -> Result<Session, ReplayError> {
        Session::replay_like(template, meta, history, Some(history))
    }

    /// A replay of `ops`, which are `like`'s ops, in order, when it is given.
    fn replay_like<O: std::borrow::Borrow<Op>>(
        template: &Template,
        meta: SessionMeta,
        ops: impl IntoIterator<Item = O>,
        like: Option<&History>,
    ) -> Result<Session, ReplayError> {
        let mut session = Session::new(template, meta).map_err(ReplayError::Template)?;
        for (index, op) in ops.into_iter().enumerate() {
            let op = op.borrow();
            session
                .take_effect(op, super::apply::Rules::Replay)
                .map_err(|error| ReplayError::Op { index, error })?;
            session.history.push_from(op.clone(), like);
        }
        Ok(session)
    }

    /// Who made the session, when and under what title.
    pub fn meta(&self) -> SessionMeta {
        SessionMeta {
            id: self.id,
            title: self.title.clone(),
            created_at: self.created_at,
            created_by: self.created_by.clone(),
        }
    }

    /// The template this session's static parts (steps, environments, defaults) amount
    /// to. Ops only ever set these parts to absolute values, so replaying the history
    /// on top of this template must give back this session.
    pub fn implied_template(&self) -> Template {
        Template {
            name: self.template.clone(),
            environments: self.environments.clone(),
            steps: self
                .steps
                .iter()
                .map(|s| StepTemplate {
                    number: s.number,
                    title: s.title.clone(),
                    kind: s.kind,
                    guidance: s.guidance.clone(),
                    needs_sign_off: s.needs_sign_off,
                    estimate_minutes: s.estimate_minutes,
                })
                .collect(),
            contingency_percent: self.outage.contingency_percent,
            copy_back_after_days: self.outage.copy_back_after_days,
            areas: self.areas.clone(),
        }
    }

    pub fn step(&self, number: u32) -> Option<&Step> {
        self.steps.iter().find(|s| s.number == number)
    }

    pub(crate) fn step_mut(&mut self, number: u32) -> Result<&mut Step, OpError> {
        self.steps
            .iter_mut()
            .find(|s| s.number == number)
            .ok_or(OpError::NoSuchStep(number))
    }

    /// The step the team is on: the first one in progress, else the first not finished.
    pub fn current_step(&self) -> Option<&Step> {
        self.steps
            .iter()
            .find(|s| s.status == StepStatus::InProgress)
            .or_else(|| self.steps.iter().find(|s| !s.status.is_finished()))
    }

    /// How many steps are done or skipped.
    pub fn finished_steps(&self) -> usize {
        self.steps.iter().filter(|s| s.status.is_finished()).count()
    }

    pub fn change(&self, id: ChangeId) -> Option<&Change> {
        self.change_position(id).map(|i| &self.changes[i])
    }

    pub(crate) fn change_mut(&mut self, id: ChangeId) -> Result<&mut Change, OpError> {
        let i = self.change_position(id).ok_or(OpError::NoSuchChange(id))?;
        self.changes.get_mut(i).ok_or(OpError::NoSuchChange(id))
    }

    /// Where change `id` is in the Work Plan: from the index when it is up to date
    /// (every op keeps it so), else by looking.
    pub(crate) fn change_position(&self, id: ChangeId) -> Option<usize> {
        match self.change_index.get(&id) {
            Some(&i) if self.changes.get(i).is_some_and(|c| c.id == id) => Some(i),
            // An index of every change that does not know it: there is no such change.
            None if self.change_index.covers(self.changes.len()) => None,
            _ => self.changes.iter().position(|c| c.id == id),
        }
    }

    /// Whether the history holds op `id`.
    pub fn has_op(&self, id: super::ids::OpId) -> bool {
        self.history.contains(id)
    }

    /// Makes the index of changes whole again (after a load, which does not store it,
    /// or a move, which shifts positions).
    pub(crate) fn reindex_changes(&mut self) {
        let mut index = ChangeIndex::default();
        for (i, c) in self.changes.iter().enumerate() {
            index.insert(c.id, i, c.number);
        }
        self.change_index = index;
    }

    /// A change by its display number (WP-007 → 7), removed ones included.
    pub fn change_by_number(&self, number: u32) -> Option<&Change> {
        self.changes.iter().find(|c| c.number == number)
    }

    /// Each name in a list such as `WP-1, WP-007 3` (labels or bare numbers, separated
    /// by spaces, commas or semicolons) with the change it names, `None` where no
    /// change is called that (removed ones are found: whether they will do is the
    /// caller's to say).
    pub fn changes_named<'s, 't>(
        &'s self,
        text: &'t str,
    ) -> impl Iterator<Item = (&'t str, Option<&'s Change>)> + use<'s, 't> {
        change_names(text).map(|name| {
            let change = super::parse_change_label(name).and_then(|n| self.change_by_number(n));
            (name, change)
        })
    }

    /// The numbers of the changes a list such as [`Session::changes_named`] reads
    /// names (those that are numbers or labels at all).
    pub fn change_numbers_named(text: &str) -> Vec<u32> {
        change_names(text)
            .filter_map(super::parse_change_label)
            .collect()
    }

    /// The labels of the changes `ids` (`WP-001, WP-003`), as [`Session::changes_named`]
    /// reads them back; unknown ids are left out.
    pub fn change_labels(&self, ids: &[ChangeId]) -> String {
        ids.iter()
            .filter_map(|id| self.change(*id).map(|c| c.label()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The ids of the changes `text` names (see [`Session::changes_named`]), each once
    /// in the order first named, or the first name that is no change's.
    pub fn change_ids_named<'t>(&self, text: &'t str) -> Result<Vec<ChangeId>, &'t str> {
        let mut ids: Vec<ChangeId> = Vec::new();
        for (name, change) in self.changes_named(text) {
            let id = change.ok_or(name)?.id;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The changes still in the Work Plan, in replay order.
    pub fn active_changes(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| !c.is_removed())
    }

    pub fn script(&self, id: ScriptId) -> Option<&TestScript> {
        self.scripts.iter().find(|s| s.id == id)
    }

    pub fn script_by_number(&self, number: u32) -> Option<&TestScript> {
        self.scripts.iter().find(|s| s.number == number)
    }

    pub fn round(&self, id: RoundId) -> Option<&TestRound> {
        self.rounds.iter().find(|r| r.id == id)
    }

    pub fn environment(&self, key: EnvKey) -> Option<&Environment> {
        self.environments.iter().find(|e| e.key == key)
    }

    /// The name this session gives an environment (its code if it has none).
    pub fn env_name(&self, key: EnvKey) -> String {
        self.environment(key)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| key.to_string())
    }

    /// Whether an environment exists and takes part in this promotion.
    pub fn env_enabled(&self, key: EnvKey) -> bool {
        self.environment(key).is_some_and(|e| e.enabled)
    }

    /// The environment changes are being applied in at the current step: Stage 1 while
    /// configuring and fixing, Stage 2 during testing and the rehearsal, Production from
    /// the outage on.
    pub fn working_env(&self) -> EnvKey {
        use super::step::StepKind::*;
        match self.current_step().map(|s| s.kind) {
            Some(Copy | Freeze | Configure | Review | Other) => EnvKey::Stage1,
            Some(Test | Retest | Refresh | Rehearse) => EnvKey::Stage2,
            Some(PlanOutage | Implement | CopyBack) | None => EnvKey::Production,
        }
    }

    /// Every timer currently running, with what it belongs to.
    /// The timer of `target` while it runs (a step's, or the running attempt's at a
    /// change in an environment): found at once, for drawing timers known to run.
    pub fn running_timer(&self, target: super::op::TimerTarget) -> Option<&Timer> {
        use super::op::TimerTarget;
        let timer = match target {
            TimerTarget::Step { step } => &self.step(step)?.timer,
            TimerTarget::Application { change, env } => self
                .change(change)?
                .applications
                .iter()
                .rev()
                .find(|a| a.env == env && a.timer.is_running())
                .map(|a| &a.timer)?,
        };
        timer.is_running().then_some(timer)
    }

    pub fn running_timers(&self) -> Vec<(super::op::TimerTarget, &Timer)> {
        use super::op::TimerTarget;
        let mut out = Vec::new();
        for s in &self.steps {
            if s.timer.is_running() {
                out.push((TimerTarget::Step { step: s.number }, &s.timer));
            }
        }
        for c in &self.changes {
            for a in &c.applications {
                if a.timer.is_running() {
                    out.push((
                        TimerTarget::Application {
                            change: c.id,
                            env: a.env,
                        },
                        &a.timer,
                    ));
                }
            }
        }
        out
    }
}

/// Why a history could not be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error("template: {0}")]
    Template(TemplateError),
    #[error("op #{} does not apply: {error}", index + 1)]
    Op { index: usize, error: OpError },
}

fn step_from_template(t: &StepTemplate) -> Step {
    Step {
        number: t.number,
        title: t.title.clone(),
        guidance: t.guidance.clone(),
        kind: t.kind,
        needs_sign_off: t.needs_sign_off,
        status: StepStatus::Todo,
        owner: None,
        estimate_minutes: t.estimate_minutes,
        notes: String::new(),
        timer: Timer::default(),
        sign_off: None,
        start_override: None,
    }
}

/// The names in a list of changes: separated by spaces, commas or semicolons.
fn change_names(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|name| !name.is_empty())
}
