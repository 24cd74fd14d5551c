//! `Session::apply`: checks an op against the session and, only if it is valid, makes
//! the change and appends the op to the history. A refused op changes nothing.

use super::env::EnvKey;
use super::ids::{ChangeId, RoundId, ScriptId};
use super::op::{Op, OpError, OpKind, TimerTarget};
use super::session::{FreezePeriod, Session};
use super::step::{SignOff, StepStatus};
use super::test_plan::{ResultStatus, ScriptFields, TestResult, TestRound, TestScript};
use super::timing::Timer;
use super::work_plan::{Application, Change, ChangeEdit, ChangeFields, Outcome, Removal};
use chrono::{DateTime, Utc};

impl Session {
    /// Applies one op. On error the session is exactly as it was.
    pub fn apply(&mut self, op: Op) -> Result<(), OpError> {
        if op.author.trim().is_empty() {
            return Err(OpError::NoAuthor);
        }
        if self.history.iter().rev().any(|h| h.id == op.id) {
            return Err(OpError::DuplicateOp(op.id));
        }
        let (who, at) = (op.author.as_str(), op.at);
        match &op.kind {
            OpKind::StartStep { step } => self.start_step(*step, who, at)?,
            OpKind::CompleteStep { step } => self.complete_step(*step, at)?,
            OpKind::SkipStep { step, reason } => {
                let reason = required(reason, "skip a step")?;
                self.close_step(*step, StepStatus::Skipped { reason }, "skipped", at)?
            }
            OpKind::BlockStep { step, reason } => {
                let reason = required(reason, "block a step")?;
                self.block_step(*step, reason, at)?
            }
            OpKind::ReopenStep { step } => self.reopen_step(*step)?,
            OpKind::SetStepOwner { step, owner } => {
                let owner = owner
                    .as_deref()
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(String::from);
                self.step_mut(*step)?.owner = owner;
            }
            OpKind::SetStepNotes { step, notes, was } => {
                let s = self.step_mut(*step)?;
                if was.as_ref().is_some_and(|w| *w != s.notes) {
                    return Err(OpError::EditedMeanwhile {
                        what: format!("the notes of step {step}"),
                    });
                }
                s.notes = notes.clone();
            }
            OpKind::SetStepEstimate { step, minutes } => {
                self.step_mut(*step)?.estimate_minutes = *minutes
            }
            OpKind::SignOff { step, comment } => self.sign_off(*step, who, at, comment)?,
            OpKind::AddChange { fields } => self.add_change(&op, fields)?,
            OpKind::EditChange { change, edits, was } => {
                self.edit_change(*change, edits, was, who, at)?
            }
            OpKind::MoveChange { change, to } => self.move_change(*change, *to)?,
            OpKind::RemoveChange { change, reason } => {
                self.remove_change(*change, reason, who, at)?
            }
            OpKind::StartApplication { change, env } => {
                self.start_application(*change, *env, who, at)?
            }
            OpKind::FinishApplication {
                change,
                env,
                outcome,
                note,
                replicability,
            } => self.finish_application(*change, *env, *outcome, note, *replicability, who, at)?,
            OpKind::StartTimer { target } => self.start_timer(*target, who, at)?,
            OpKind::StopTimer { target } => self.stop_timer(*target, at)?,
            OpKind::StartFreeze { note } => {
                if self.freeze.is_active() {
                    return Err(OpError::AlreadyFrozen);
                }
                self.freeze.periods.push(FreezePeriod {
                    start: at,
                    started_by: who.to_string(),
                    start_note: note.clone(),
                    end: None,
                    ended_by: None,
                    end_note: String::new(),
                });
            }
            OpKind::EndFreeze { note } => {
                let period = self
                    .freeze
                    .periods
                    .last_mut()
                    .filter(|p| p.end.is_none())
                    .ok_or(OpError::NotFrozen)?;
                period.end = Some(at.max(period.start));
                period.ended_by = Some(who.to_string());
                period.end_note = note.clone();
            }
            OpKind::AddTestScript { fields } => self.add_script(&op, fields)?,
            OpKind::EditTestScript { script, fields } => self.edit_script(*script, fields)?,
            OpKind::AddTestRound { name, step, env } => self.add_round(&op, name, *step, *env)?,
            OpKind::RecordResult {
                round,
                script,
                status,
                comment,
            } => self.record_result(*round, *script, *status, comment, who, at)?,
            OpKind::ConfigureEnvironment {
                env,
                name,
                notes,
                enabled,
            } => {
                if name.trim().is_empty() {
                    return Err(OpError::EmptyField("environment name"));
                }
                if env.is_required() && !enabled {
                    return Err(OpError::EnvironmentRequired(*env));
                }
                let new = super::env::Environment {
                    key: *env,
                    name: name.trim().to_string(),
                    notes: notes.clone(),
                    enabled: *enabled,
                };
                match self.environments.iter_mut().find(|e| e.key == *env) {
                    Some(e) => *e = new,
                    None => self.environments.push(new),
                }
            }
            OpKind::SetOutagePlan {
                window_start,
                window_end,
                contingency_percent,
                copy_back_after_days,
            } => {
                if let (Some(s), Some(e)) = (window_start, window_end)
                    && e <= s
                {
                    return Err(OpError::BadWindow);
                }
                if *contingency_percent > 1000 {
                    return Err(OpError::BadContingency(*contingency_percent));
                }
                self.outage.window_start = *window_start;
                self.outage.window_end = *window_end;
                self.outage.contingency_percent = *contingency_percent;
                self.outage.copy_back_after_days = *copy_back_after_days;
            }
        }
        self.history.push(op);
        Ok(())
    }

    fn start_step(&mut self, number: u32, who: &str, at: DateTime<Utc>) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        match step.status {
            StepStatus::Todo | StepStatus::Blocked { .. } => {}
            ref other => return Err(bad(number, other, "started")),
        }
        step.status = StepStatus::InProgress;
        if !step.timer.is_running() {
            step.timer.start(at, who);
        }
        Ok(())
    }

    fn complete_step(&mut self, number: u32, at: DateTime<Utc>) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        match step.status {
            StepStatus::Todo | StepStatus::InProgress => {}
            ref other => return Err(bad(number, other, "completed")),
        }
        step.status = StepStatus::Done;
        step.timer.stop(at);
        Ok(())
    }

    fn close_step(
        &mut self,
        number: u32,
        status: StepStatus,
        wanted: &'static str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        if step.status.is_finished() {
            return Err(bad(number, &step.status, wanted));
        }
        step.status = status;
        step.timer.stop(at);
        Ok(())
    }

    fn block_step(
        &mut self,
        number: u32,
        reason: String,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        match step.status {
            StepStatus::Todo | StepStatus::InProgress => {}
            ref other => return Err(bad(number, other, "blocked")),
        }
        step.status = StepStatus::Blocked { reason };
        step.timer.stop(at);
        Ok(())
    }

    fn reopen_step(&mut self, number: u32) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        match step.status {
            StepStatus::Done | StepStatus::Skipped { .. } | StepStatus::Blocked { .. } => {}
            ref other => return Err(bad(number, other, "reopened")),
        }
        step.status = StepStatus::Todo;
        step.sign_off = None;
        Ok(())
    }

    fn sign_off(
        &mut self,
        number: u32,
        who: &str,
        at: DateTime<Utc>,
        comment: &str,
    ) -> Result<(), OpError> {
        let step = self.step_mut(number)?;
        if step.status != StepStatus::Done {
            return Err(OpError::NotFinished(number));
        }
        if let Some(s) = &step.sign_off {
            return Err(OpError::AlreadySignedOff {
                step: number,
                by: s.by.clone(),
            });
        }
        step.sign_off = Some(SignOff {
            by: who.to_string(),
            at,
            comment: comment.to_string(),
        });
        Ok(())
    }

    fn add_change(&mut self, op: &Op, fields: &ChangeFields) -> Result<(), OpError> {
        let id = ChangeId(op.id.0);
        let fields = self.checked_fields(id, fields.clone())?;
        let number = self
            .changes
            .iter()
            .map(|c| c.number)
            .max()
            .unwrap_or(0)
            .saturating_add(1);
        self.changes.push(Change {
            id,
            number,
            fields,
            author: op.author.clone(),
            created_at: op.at,
            updated_by: op.author.clone(),
            updated_at: op.at,
            revision: 0,
            removed: None,
            applications: Vec::new(),
        });
        Ok(())
    }

    fn edit_change(
        &mut self,
        id: ChangeId,
        edits: &[ChangeEdit],
        was: &[ChangeEdit],
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        if edits.is_empty() {
            return Err(OpError::NothingToChange);
        }
        let change = self.live_change(id)?;
        if let Some(stale) = was.iter().find(|w| !w.holds_in(&change.fields)) {
            return Err(OpError::EditedMeanwhile {
                what: format!("{} of {}", stale.field_name(), change.label()),
            });
        }
        let mut fields = change.fields.clone();
        for e in edits {
            e.apply_to(&mut fields);
        }
        let fields = self.checked_fields(id, fields)?;
        let change = self.change_mut(id)?;
        change.fields = fields;
        change.updated_by = who.to_string();
        change.updated_at = at;
        change.revision += 1;
        Ok(())
    }

    /// Trims the one-line fields and checks required ones and dependencies.
    fn checked_fields(
        &self,
        id: ChangeId,
        mut fields: ChangeFields,
    ) -> Result<ChangeFields, OpError> {
        for (value, name) in [
            (&mut fields.area, "area"),
            (&mut fields.item, "item"),
            (&mut fields.navigation, "navigation path"),
        ] {
            *value = value.trim().to_string();
            if value.is_empty() && name != "navigation path" {
                return Err(OpError::EmptyField(name));
            }
        }
        let label = self
            .change(id)
            .map(Change::label)
            .unwrap_or_else(|| "the new change".to_string());
        let mut seen = Vec::new();
        for dep in &fields.depends_on {
            if *dep == id {
                return Err(OpError::SelfDependency(label));
            }
            let target = self.live_change(*dep)?;
            if self.depends_transitively(*dep, id) {
                return Err(OpError::DependencyCycle(label, target.label()));
            }
            if !seen.contains(dep) {
                seen.push(*dep);
            }
        }
        fields.depends_on = seen;
        Ok(fields)
    }

    /// Whether `from` depends on `to`, directly or through other changes.
    fn depends_transitively(&self, from: ChangeId, to: ChangeId) -> bool {
        let mut stack = vec![from];
        let mut visited = Vec::new();
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if visited.contains(&current) {
                continue;
            }
            visited.push(current);
            if let Some(c) = self.change(current) {
                stack.extend(c.fields.depends_on.iter().copied());
            }
        }
        false
    }

    /// A change that exists and has not been removed.
    fn live_change(&self, id: ChangeId) -> Result<&Change, OpError> {
        let change = self.change(id).ok_or(OpError::NoSuchChange(id))?;
        if change.is_removed() {
            return Err(OpError::ChangeRemoved(change.label()));
        }
        Ok(change)
    }

    fn move_change(&mut self, id: ChangeId, to: usize) -> Result<(), OpError> {
        self.live_change(id)?;
        let active: Vec<ChangeId> = self.active_changes().map(|c| c.id).collect();
        if to >= active.len() {
            return Err(OpError::BadPosition {
                to,
                len: active.len(),
            });
        }
        let from = self
            .changes
            .iter()
            .position(|c| c.id == id)
            .ok_or(OpError::NoSuchChange(id))?;
        let moving = self.changes.remove(from);
        let without: Vec<ChangeId> = active.into_iter().filter(|c| *c != id).collect();
        let index = match without.get(to) {
            Some(anchor) => self
                .changes
                .iter()
                .position(|c| c.id == *anchor)
                .unwrap_or(self.changes.len()),
            None => self.changes.len(),
        };
        self.changes.insert(index, moving);
        Ok(())
    }

    fn remove_change(
        &mut self,
        id: ChangeId,
        reason: &str,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let reason = required(reason, "remove a change")?;
        let change = self.live_change(id)?;
        let label = change.label();
        if let Some(open) = change.applications.iter().find(|a| a.outcome.is_none()) {
            return Err(OpError::StillApplying {
                label,
                env: open.env,
            });
        }
        if let Some(dependent) = self
            .active_changes()
            .find(|c| c.fields.depends_on.contains(&id))
        {
            return Err(OpError::StillNeeded {
                label,
                needed_by: dependent.label(),
            });
        }
        self.change_mut(id)?.removed = Some(Removal {
            by: who.to_string(),
            at,
            reason,
        });
        Ok(())
    }

    fn start_application(
        &mut self,
        id: ChangeId,
        env: EnvKey,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        self.check_env(env)?;
        let label = self.live_change(id)?.label();
        let change = self.change_mut(id)?;
        if change.open_application_mut(env).is_some() {
            return Err(OpError::AlreadyApplying { label, env });
        }
        let mut timer = Timer::default();
        timer.start(at, who);
        change.applications.push(Application {
            env,
            by: who.to_string(),
            timer,
            outcome: None,
            finished_at: None,
            note: String::new(),
            replicability: None,
        });
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_application(
        &mut self,
        id: ChangeId,
        env: EnvKey,
        outcome: Outcome,
        note: &str,
        replicability: Option<u8>,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        self.check_env(env)?;
        if let Some(r) = replicability.filter(|r| !(1..=5).contains(r)) {
            return Err(OpError::BadRating(r));
        }
        self.live_change(id)?;
        let change = self.change_mut(id)?;
        if change.open_application_mut(env).is_none() {
            change.applications.push(Application {
                env,
                by: who.to_string(),
                timer: Timer::default(),
                outcome: None,
                finished_at: None,
                note: String::new(),
                replicability: None,
            });
        }
        let app = change
            .open_application_mut(env)
            .ok_or(OpError::NoSuchChange(id))?;
        app.timer.stop(at);
        let started = app.timer.entries.first().map_or(at, |e| e.start);
        app.outcome = Some(outcome);
        app.finished_at = Some(at.max(started));
        app.note = note.to_string();
        app.replicability = replicability;
        Ok(())
    }

    fn check_env(&self, env: EnvKey) -> Result<(), OpError> {
        if self.env_enabled(env) {
            Ok(())
        } else {
            Err(OpError::EnvironmentDisabled(env))
        }
    }

    fn start_timer(
        &mut self,
        target: TimerTarget,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        match target {
            TimerTarget::Step { step } => {
                let s = self.step_mut(step)?;
                match s.status {
                    StepStatus::Todo | StepStatus::InProgress => {}
                    ref other => return Err(bad(step, other, "timed")),
                }
                if s.timer.is_running() {
                    return Err(OpError::TimerRunning);
                }
                s.status = StepStatus::InProgress;
                s.timer.start(at, who);
            }
            TimerTarget::Application { change, env } => {
                let label = self.live_change(change)?.label();
                let app = self
                    .change_mut(change)?
                    .open_application_mut(env)
                    .ok_or(OpError::NotApplying { label, env })?;
                if app.timer.is_running() {
                    return Err(OpError::TimerRunning);
                }
                app.timer.start(at, who);
            }
        }
        Ok(())
    }

    fn stop_timer(&mut self, target: TimerTarget, at: DateTime<Utc>) -> Result<(), OpError> {
        let timer = match target {
            TimerTarget::Step { step } => &mut self.step_mut(step)?.timer,
            TimerTarget::Application { change, env } => {
                let label = self.live_change(change)?.label();
                &mut self
                    .change_mut(change)?
                    .open_application_mut(env)
                    .ok_or(OpError::NotApplying { label, env })?
                    .timer
            }
        };
        if !timer.is_running() {
            return Err(OpError::TimerStopped);
        }
        timer.stop(at);
        Ok(())
    }

    fn checked_script(&self, fields: &ScriptFields) -> Result<ScriptFields, OpError> {
        let mut fields = fields.clone();
        fields.title = fields.title.trim().to_string();
        if fields.title.is_empty() {
            return Err(OpError::EmptyField("script title"));
        }
        for c in &fields.covers {
            self.change(*c).ok_or(OpError::NoSuchChange(*c))?;
        }
        let mut unique = Vec::new();
        for c in fields.covers {
            if !unique.contains(&c) {
                unique.push(c);
            }
        }
        fields.covers = unique;
        Ok(fields)
    }

    fn add_script(&mut self, op: &Op, fields: &ScriptFields) -> Result<(), OpError> {
        let fields = self.checked_script(fields)?;
        let number = self
            .scripts
            .iter()
            .map(|s| s.number)
            .max()
            .unwrap_or(0)
            .saturating_add(1);
        self.scripts.push(TestScript {
            id: ScriptId(op.id.0),
            number,
            fields,
            author: op.author.clone(),
            created_at: op.at,
        });
        Ok(())
    }

    fn edit_script(&mut self, id: ScriptId, fields: &ScriptFields) -> Result<(), OpError> {
        let fields = self.checked_script(fields)?;
        let script = self
            .scripts
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or(OpError::NoSuchScript(id))?;
        if script.fields == fields {
            return Err(OpError::NothingToChange);
        }
        script.fields = fields;
        Ok(())
    }

    fn add_round(&mut self, op: &Op, name: &str, step: u32, env: EnvKey) -> Result<(), OpError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(OpError::EmptyField("round name"));
        }
        let kind = self.step(step).ok_or(OpError::NoSuchStep(step))?.kind;
        if !kind.is_testing() {
            return Err(OpError::NotTestingStep(step));
        }
        self.check_env(env)?;
        let number = self
            .rounds
            .iter()
            .map(|r| r.number)
            .max()
            .unwrap_or(0)
            .saturating_add(1);
        self.rounds.push(TestRound {
            id: RoundId(op.id.0),
            number,
            name: name.to_string(),
            step,
            env,
            results: Vec::new(),
        });
        Ok(())
    }

    fn record_result(
        &mut self,
        round: RoundId,
        script: ScriptId,
        status: ResultStatus,
        comment: &str,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        self.script(script).ok_or(OpError::NoSuchScript(script))?;
        let round = self
            .rounds
            .iter_mut()
            .find(|r| r.id == round)
            .ok_or(OpError::NoSuchRound(round))?;
        round.results.push(TestResult {
            script,
            status,
            tester: who.to_string(),
            at,
            comment: comment.to_string(),
        });
        Ok(())
    }
}

/// A trimmed, non-empty reason, or the error saying one is needed.
fn required(reason: &str, what: &'static str) -> Result<String, OpError> {
    let reason = reason.trim();
    if reason.is_empty() {
        Err(OpError::ReasonRequired(what))
    } else {
        Ok(reason.to_string())
    }
}

fn bad(step: u32, status: &StepStatus, wanted: &'static str) -> OpError {
    OpError::BadTransition {
        step,
        status: status.word(),
        wanted,
    }
}
