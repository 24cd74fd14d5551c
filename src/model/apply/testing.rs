//! Ops on the Test Plan: scripts, rounds and results.

use crate::model::env::EnvKey;
use crate::model::ids::{RoundId, ScriptId};
use crate::model::op::{Op, OpError};
use crate::model::session::Session;
use crate::model::test_plan::{ResultStatus, ScriptFields, TestResult, TestRound, TestScript};
use chrono::{DateTime, Utc};

impl Session {
    pub(super) fn checked_script(&self, fields: &ScriptFields) -> Result<ScriptFields, OpError> {
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

    pub(super) fn add_script(&mut self, op: &Op, fields: &ScriptFields) -> Result<(), OpError> {
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

    pub(super) fn edit_script(
        &mut self,
        id: ScriptId,
        fields: &ScriptFields,
    ) -> Result<(), OpError> {
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

    pub(super) fn record_result(
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
