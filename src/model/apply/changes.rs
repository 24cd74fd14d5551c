//! Ops on the Work Plan: adding, editing (with dependency checks), moving and removing
//! changes, and applying them in environments.

use super::{Rules, required};
use crate::model::application::{Application, DependencyOverride, Outcome, Replicability};
use crate::model::change_fields::CHANGE_FIELDS;
use crate::model::env::EnvKey;
use crate::model::ids::ChangeId;
use crate::model::op::{Op, OpError};
use crate::model::session::Session;
use crate::model::step::{StepKind, StepStatus};
use crate::model::timing::Timer;
use crate::model::timing::Voided;
use crate::model::work_plan::{Change, ChangeEdit, ChangeFields, Removal};
use chrono::{DateTime, Utc};

impl Session {
    pub(super) fn add_change(&mut self, op: &Op, fields: &ChangeFields) -> Result<(), OpError> {
        let id = ChangeId(op.id.0);
        let fields = self.checked_fields(id, fields.clone())?;
        // `apply` made the index whole before this op.
        let number = self.change_index.next_number();
        let revision = self.bump_work_plan();
        self.change_index.insert(id, self.changes.len(), number);
        self.changes.push(Change {
            id,
            number,
            fields,
            author: op.author.to_string(),
            created_at: op.at,
            updated_by: op.author.to_string(),
            updated_at: op.at,
            revision: 0,
            changed_at_revision: revision,
            removed: None,
            applications: Vec::new(),
        });
        Ok(())
    }

    pub(super) fn edit_change(
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
        let revision = self.work_plan_revision.saturating_add(1);
        let change = self.change_mut(id)?;
        change.fields = fields;
        change.updated_by = who.to_string();
        change.updated_at = at;
        change.revision += 1;
        change.changed_at_revision = revision;
        self.work_plan_revision = revision;
        Ok(())
    }

    /// Counts one more change to the Work Plan; returns the new revision.
    fn bump_work_plan(&mut self) -> u64 {
        self.work_plan_revision = self.work_plan_revision.saturating_add(1);
        self.work_plan_revision
    }

    /// Trims the one-line fields and checks required ones and dependencies.
    pub(super) fn checked_fields(
        &self,
        id: ChangeId,
        mut fields: ChangeFields,
    ) -> Result<ChangeFields, OpError> {
        for info in CHANGE_FIELDS.iter().filter(|i| i.trimmed) {
            if let Some(value) = fields.text_mut(info.field) {
                *value = value.trim().to_string();
                if value.is_empty() && info.required {
                    return Err(OpError::EmptyField(info.column));
                }
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
    pub(super) fn depends_transitively(&self, from: ChangeId, to: ChangeId) -> bool {
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
    pub(super) fn live_change(&self, id: ChangeId) -> Result<&Change, OpError> {
        let change = self.change(id).ok_or(OpError::NoSuchChange(id))?;
        if change.is_removed() {
            return Err(OpError::ChangeRemoved(change.label()));
        }
        Ok(change)
    }

    pub(super) fn move_change(&mut self, id: ChangeId, to: usize) -> Result<(), OpError> {
        self.live_change(id)?;
        let active: Vec<ChangeId> = self.active_changes().map(|c| c.id).collect();
        if to >= active.len() {
            return Err(OpError::BadPosition {
                to,
                len: active.len(),
            });
        }
        // A move to where the change already is leaves the Work Plan as it was.
        let in_place = active.get(to) == Some(&id);
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
        self.reindex_changes();
        if !in_place {
            self.bump_work_plan();
        }
        Ok(())
    }

    /// A removed change back where it was; it counts as a Work Plan change (sign-offs
    /// given since are stale).
    pub(super) fn restore_change(&mut self, id: ChangeId) -> Result<(), OpError> {
        let change = self.change(id).ok_or(OpError::NoSuchChange(id))?;
        if change.removed.is_none() {
            return Err(OpError::NotRemoved(change.label()));
        }
        let revision = self.bump_work_plan();
        let change = self.change_mut(id)?;
        change.removed = None;
        change.changed_at_revision = revision;
        Ok(())
    }

    pub(super) fn remove_change(
        &mut self,
        id: ChangeId,
        reason: &str,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let reason = required(reason, "remove a change")?;
        let change = self.live_change(id)?;
        let label = change.label();
        if let Some(open) = change
            .applications
            .iter()
            .find(|a| a.outcome.is_none() && a.counts())
        {
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
        let revision = self.work_plan_revision.saturating_add(1);
        let change = self.change_mut(id)?;
        change.removed = Some(Box::new(Removal {
            by: who.to_string(),
            at,
            reason,
        }));
        change.changed_at_revision = revision;
        self.work_plan_revision = revision;
        Ok(())
    }

    /// The changes `id` depends on that are not applied in `env`, in Work Plan order.
    pub fn unapplied_dependencies(&self, id: ChangeId, env: EnvKey) -> Vec<ChangeId> {
        let Some(change) = self.change(id) else {
            return Vec::new();
        };
        // Looked up one by one (not a pass over the Work Plan), listed in Work Plan order.
        let mut missing: Vec<usize> = change
            .fields
            .depends_on
            .iter()
            .filter_map(|d| self.change_position(*d))
            .filter(|i| {
                let d = &self.changes[*i];
                !d.is_removed() && !d.is_applied_in(env)
            })
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing.into_iter().map(|i| self.changes[i].id).collect()
    }

    pub(super) fn start_application(
        &mut self,
        id: ChangeId,
        env: EnvKey,
        override_reason: Option<&str>,
        who: &str,
        at: DateTime<Utc>,
        rules: Rules,
    ) -> Result<(), OpError> {
        self.check_env(env)?;
        let label = self.live_change(id)?.label();
        if rules == Rules::Enforce {
            self.check_outage(env)?;
        }
        let missing = self.unapplied_dependencies(id, env);
        let reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
        // Recorded whenever it was needed, also on replay, so the state is the same.
        let dependency_override = match reason {
            _ if missing.is_empty() => None,
            Some(reason) => Some(DependencyOverride {
                reason: reason.to_string(),
                missing,
            }),
            None if rules == Rules::Enforce => {
                return Err(OpError::DependenciesNotApplied {
                    label,
                    env,
                    missing: missing.iter().map(|d| self.label_of(*d)).collect(),
                });
            }
            None => None,
        };
        let change = self.change_mut(id)?;
        if change.open_application_mut(env).is_some() {
            return Err(OpError::AlreadyApplying { label, env });
        }
        let mut timer = Timer::default();
        timer.start(at, who);
        change.applications.push(Application {
            dependency_override: dependency_override.map(Box::new),
            ..Application::new(env, who, timer)
        });
        Ok(())
    }

    pub(super) fn finish_application(
        &mut self,
        f: Finish<'_>,
        who: &str,
        at: DateTime<Utc>,
        rules: Rules,
    ) -> Result<(), OpError> {
        let Finish {
            id,
            env,
            outcome,
            note,
            replicability,
            rating,
        } = f;
        self.check_env(env)?;
        if let Some(r) = replicability.filter(|r| !(1..=5).contains(r)) {
            return Err(OpError::BadRating(r));
        }
        let change = self.live_change(id)?;
        let label = change.label();
        let opened = change.open_application(env).is_some();
        if rules == Rules::Enforce {
            self.check_finish(&f, opened)?;
        }
        let change = self.change_mut(id)?;
        let revision = change.revision;
        if !opened {
            change
                .applications
                .push(Application::new(env, who, Timer::default()));
        }
        let app = change
            .open_application_mut(env)
            .ok_or(OpError::NotApplying { label, env })?;
        app.timer.stop(at);
        let started = app.timer.entries.first().map_or(at, |e| e.start);
        app.outcome = Some(outcome);
        app.finished_at = Some(at.max(started));
        // As given: files written before notes were checked replay to the same state.
        app.note = note.to_string();
        app.replicability = replicability;
        app.rating = rating;
        // Only a rated attempt needs it (the must-fix list), and attempts recorded
        // before ratings existed keep the 0 they were stored with.
        app.change_revision = if rating.is_some() { revision } else { 0 };
        Ok(())
    }

    /// The policy rules of finishing: a note for a failure, a skip or a rating other
    /// than "as written"; a rating for a change applied in the rehearsal; and a change
    /// recorded as applied without being started waits for its dependencies as a start
    /// does.
    fn check_finish(&self, f: &Finish<'_>, opened: bool) -> Result<(), OpError> {
        let label = self.label_of(f.id);
        if f.outcome == Outcome::Applied {
            self.check_outage(f.env)?;
        }
        if f.rating.is_some() && !self.rehearsing_in(f.env) {
            return Err(OpError::RatingOutsideRehearsal);
        }
        let noted = !f.note.trim().is_empty();
        match f.outcome {
            Outcome::Failed | Outcome::Skipped if !noted => {
                return Err(OpError::NoteRequired {
                    label,
                    what: f.outcome.word(),
                });
            }
            Outcome::Applied if f.rating.is_none() && self.rehearsing_in(f.env) => {
                return Err(OpError::RatingRequired { label });
            }
            _ => {}
        }
        if let Some(r) = f.rating.filter(|r| *r != Replicability::AsWritten)
            && !noted
        {
            return Err(OpError::NoteRequired {
                label,
                what: r.words(),
            });
        }
        let missing = self.unapplied_dependencies(f.id, f.env);
        if !opened && f.outcome == Outcome::Applied && !missing.is_empty() {
            return Err(OpError::DependenciesNotApplied {
                label,
                env: f.env,
                missing: missing.iter().map(|d| self.label_of(*d)).collect(),
            });
        }
        Ok(())
    }

    /// Production's configuration is changed during the Production implementation only
    /// (step 11): before it, Production is frozen; after it, the step is reopened first.
    fn check_outage(&self, env: EnvKey) -> Result<(), OpError> {
        let implementing = self
            .steps
            .iter()
            .any(|s| s.kind == StepKind::Implement && s.status == StepStatus::InProgress);
        if env == EnvKey::Production && !implementing {
            return Err(OpError::NotInOutage);
        }
        Ok(())
    }

    /// Whether the rehearsal step is under way and `env` is where it happens.
    pub fn rehearsing_in(&self, env: EnvKey) -> bool {
        env == EnvKey::Stage2
            && self
                .steps
                .iter()
                .any(|s| s.kind == StepKind::Rehearse && s.status == StepStatus::InProgress)
    }

    pub(super) fn cancel_application(
        &mut self,
        id: ChangeId,
        env: EnvKey,
        reason: &str,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let reason = required(reason, "cancel an attempt")?;
        let label = self.live_change(id)?.label();
        let app = self
            .change_mut(id)?
            .open_application_mut(env)
            .ok_or(OpError::NotApplying { label, env })?;
        app.timer.stop(at);
        app.voided = Some(Box::new(Voided {
            by: who.to_string(),
            at,
            reason,
        }));
        Ok(())
    }

    /// `WP-004`, or the id when there is no such change.
    pub(crate) fn label_of(&self, id: ChangeId) -> String {
        self.change(id)
            .map(Change::label)
            .unwrap_or_else(|| id.to_string())
    }

    pub(super) fn check_env(&self, env: EnvKey) -> Result<(), OpError> {
        if self.env_enabled(env) {
            Ok(())
        } else {
            Err(OpError::EnvironmentDisabled(env))
        }
    }
}

/// What a [`FinishApplication`](crate::model::OpKind::FinishApplication) records.
pub(crate) struct Finish<'a> {
    pub id: ChangeId,
    pub env: EnvKey,
    pub outcome: Outcome,
    pub note: &'a str,
    pub replicability: Option<u8>,
    pub rating: Option<Replicability>,
}
