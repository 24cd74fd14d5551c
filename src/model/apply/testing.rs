//! Ops on the Test Plan: scripts (added, edited, removed), rounds and results.

use super::{next_number, required};
use crate::model::env::EnvKey;
use crate::model::ids::{RoundId, ScriptId};
use crate::model::op::{Op, OpError};
use crate::model::session::Session;
use crate::model::test_plan::{ResultStatus, ScriptFields, TestResult, TestRound, TestScript};
use crate::model::work_plan::Removal;
use chrono::{DateTime, Utc};

impl Session {
    /// Trims the title and owner (a blank owner is none), checks the covered changes
    /// exist and drops repeats; the preconditions and steps are kept as typed.
    pub(super) fn checked_script(&self, fields: &ScriptFields) -> Result<ScriptFields, OpError> {
        let mut fields = fields.clone();
        fields.title = fields.title.trim().to_string();
        if fields.title.is_empty() {
            return Err(OpError::EmptyField("script title"));
        }
        fields.owner = fields
            .owner
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(String::from);
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

    /// Where a script that exists and has not been removed is in the Test Plan.
    fn live_script(&self, id: ScriptId) -> Result<usize, OpError> {
        let at = self
            .scripts
            .iter()
            .position(|s| s.id == id)
            .ok_or(OpError::NoSuchScript(id))?;
        let script = &self.scripts[at];
        if script.is_removed() {
            return Err(OpError::ScriptRemoved(script.label()));
        }
        Ok(at)
    }

    /// A script that exists and has not been removed, to change.
    fn live_script_mut(&mut self, id: ScriptId) -> Result<&mut TestScript, OpError> {
        let at = self.live_script(id)?;
        self.scripts.get_mut(at).ok_or(OpError::NoSuchScript(id))
    }

    pub(super) fn add_script(&mut self, op: &Op, fields: &ScriptFields) -> Result<(), OpError> {
        let fields = self.checked_script(fields)?;
        let number = next_number(self.scripts.iter().map(|s| s.number));
        self.scripts.push(TestScript {
            id: ScriptId(op.id.0),
            number,
            fields,
            author: op.author.to_string(),
            created_at: op.at,
            removed: None,
        });
        Ok(())
    }

    pub(super) fn edit_script(
        &mut self,
        id: ScriptId,
        fields: &ScriptFields,
    ) -> Result<(), OpError> {
        let fields = self.checked_script(fields)?;
        let script = self.live_script_mut(id)?;
        if script.fields == fields {
            return Err(OpError::NothingToChange);
        }
        script.fields = fields;
        Ok(())
    }

    pub(super) fn remove_script(
        &mut self,
        id: ScriptId,
        reason: &str,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        let reason = required(reason, "remove a test script")?;
        self.live_script_mut(id)?.removed = Some(Removal {
            by: who.to_string(),
            at,
            reason,
        });
        Ok(())
    }

    pub(super) fn restore_script(&mut self, id: ScriptId) -> Result<(), OpError> {
        let script = self
            .scripts
            .find_mut(|s| s.id == id)
            .ok_or(OpError::NoSuchScript(id))?;
        if script.removed.is_none() {
            return Err(OpError::NotRemoved(script.label()));
        }
        script.removed = None;
        Ok(())
    }

    pub(super) fn add_round(
        &mut self,
        op: &Op,
        name: &str,
        step: u32,
        env: EnvKey,
    ) -> Result<(), OpError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(OpError::EmptyField("round name"));
        }
        let kind = self.step(step).ok_or(OpError::NoSuchStep(step))?.kind;
        if !kind.is_testing() {
            return Err(OpError::NotTestingStep(step));
        }
        self.check_env(env)?;
        let number = next_number(self.rounds.iter().map(|r| r.number));
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

    /// Adds a result; the script's earlier results stay (the latest in a round is its
    /// current one there).
    pub(super) fn record_result(
        &mut self,
        round: RoundId,
        script: ScriptId,
        status: ResultStatus,
        comment: &str,
        who: &str,
        at: DateTime<Utc>,
    ) -> Result<(), OpError> {
        self.live_script(script)?;
        let plan_revision = self.work_plan_revision;
        let round = self
            .rounds
            .find_mut(|r| r.id == round)
            .ok_or(OpError::NoSuchRound(round))?;
        round.results.push(TestResult {
            script,
            status,
            tester: who.to_string(),
            at,
            comment: comment.to_string(),
            plan_revision,
        });
        Ok(())
    }
}
