//! A session driven through the Test Plan: changes, scripts, rounds and marks in a few
//! words each, with ops one minute apart by default and every refusal checked to change
//! nothing.

use super::{new_session, t0};
use chrono::{DateTime, Duration, Utc};
use cmo_promote::model::*;
use uuid::Uuid;

pub struct Plan {
    pub s: Session,
    next: u128,
}

impl Default for Plan {
    fn default() -> Self {
        Plan::new()
    }
}

impl Plan {
    pub fn new() -> Plan {
        Plan {
            s: new_session("Test plan").1,
            next: 0,
        }
    }

    /// The op `who` would send next, stamped `next` minutes after `t0`.
    pub fn op_at(&mut self, who: &str, minutes: i64, kind: OpKind) -> Op {
        self.next += 1;
        Op::new(
            OpId(Uuid::from_u128(0xA000 + self.next)),
            who,
            t0() + Duration::minutes(minutes),
            kind,
        )
    }

    pub fn op(&mut self, who: &str, kind: OpKind) -> Op {
        let minutes = self.next as i64 + 1;
        self.op_at(who, minutes, kind)
    }

    /// The time the next op gets from [`Plan::op`].
    pub fn next_time(&self) -> DateTime<Utc> {
        t0() + Duration::minutes(self.next as i64 + 1)
    }

    pub fn apply_ok(&mut self, op: Op) -> OpId {
        let id = op.id;
        if let Err(e) = self.s.apply(op.clone()) {
            panic!("{:?} was refused: {e}", op.kind);
        }
        id
    }

    pub fn ok(&mut self, who: &str, kind: OpKind) -> OpId {
        let op = self.op(who, kind);
        self.apply_ok(op)
    }

    /// Applies an op that must be refused; checks the session did not change.
    pub fn refused(&mut self, who: &str, kind: OpKind) -> OpError {
        let op = self.op(who, kind);
        let before = self.s.clone();
        let error = match self.s.apply(op.clone()) {
            Ok(()) => panic!("{:?} should have been refused", op.kind),
            Err(e) => e,
        };
        assert_eq!(self.s, before, "a refused op ({error}) must change nothing");
        error
    }

    pub fn change(&mut self, item: &str) -> ChangeId {
        let fields = ChangeFields {
            area: "Forms".into(),
            item: item.into(),
            ..Default::default()
        };
        ChangeId(
            self.ok(
                "ann",
                OpKind::AddChange {
                    fields: Box::new(fields),
                },
            )
            .0,
        )
    }

    pub fn edit(&mut self, change: ChangeId, description: &str) {
        let edits = vec![ChangeEdit::Description(description.into())];
        self.ok(
            "ann",
            OpKind::EditChange {
                change,
                edits,
                was: vec![],
            },
        );
    }

    pub fn script(&mut self, title: &str, covers: &[ChangeId]) -> ScriptId {
        let fields = ScriptFields {
            title: title.into(),
            covers: covers.to_vec(),
            ..Default::default()
        };
        ScriptId(
            self.ok(
                "tess",
                OpKind::AddTestScript {
                    fields: Box::new(fields),
                },
            )
            .0,
        )
    }

    pub fn round(&mut self, step: u32) -> RoundId {
        let kind = OpKind::AddTestRound {
            name: format!("Step {step}"),
            step,
            env: EnvKey::Stage2,
        };
        RoundId(self.ok("tess", kind).0)
    }

    pub fn mark(&mut self, round: RoundId, script: ScriptId, status: ResultStatus) {
        self.mark_by("tess", round, script, status, "");
    }

    pub fn mark_by(
        &mut self,
        who: &str,
        round: RoundId,
        script: ScriptId,
        status: ResultStatus,
        comment: &str,
    ) {
        let kind = OpKind::RecordResult {
            round,
            script,
            status,
            comment: comment.into(),
        };
        self.ok(who, kind);
    }

    /// The effective status of `script` in `round`, checked against the grid.
    pub fn status(&self, round: RoundId, script: ScriptId) -> EffectiveStatus {
        let one = self.s.effective_result(round, script).expect("known");
        let grid = TestGrid::of(&self.s);
        if let (Some(r), Some(s)) = (grid.round_index(round), grid.script_index(script)) {
            assert_eq!(grid.cell(s, r), Some(&one), "the grid agrees with the cell");
        }
        one.status
    }

    /// Starts and completes `step` (a testing step before 6 needs no sign-off).
    pub fn finish(&mut self, step: u32) {
        self.ok("ann", OpKind::CompleteStep { step });
    }

    pub fn sign_off(&mut self, step: u32) -> Result<(), OpError> {
        let op = self.op(
            "lead",
            OpKind::SignOff {
                step,
                comment: "ok".into(),
            },
        );
        self.s.apply(op)
    }
}

/// A test plan that shows every outcome: in round 1 (step 4) a pass, a fail, a blocked
/// result, a waiver, a pass whose change was edited since (needs retest) and a script
/// not run; in round 2 (step 6, under way) passes and the waiver carried forward, a new
/// pass and a new fail. Step 6 is in progress, so round 2 is the current round.
pub fn every_outcome() -> Plan {
    let mut p = Plan::new();
    let form = p.change("Incident report");
    let rule = p.change("Escalation rule");
    let titles = [
        "Raise an incident with a root cause",
        "Escalate an overdue action",
        "Close an investigation",
        "Report incidents by severity",
        "Audit trail shows the new field",
        "Print the incident summary",
        "Import incidents from a spreadsheet",
    ];
    let s: Vec<ScriptId> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| p.script(t, &[if i == 4 { rule } else { form }]))
        .collect();
    let r1 = p.round(4);
    p.mark(r1, s[0], ResultStatus::Pass);
    p.mark_by(
        "tess",
        r1,
        s[1],
        ResultStatus::Fail,
        "No email to the area manager",
    );
    p.mark_by(
        "tess",
        r1,
        s[2],
        ResultStatus::Blocked,
        "Stage 2 login down",
    );
    p.mark_by(
        "lead",
        r1,
        s[3],
        ResultStatus::Waived,
        "Report is out of scope",
    );
    p.mark(r1, s[4], ResultStatus::Pass);
    p.mark(r1, s[6], ResultStatus::Pass);
    p.edit(rule, "Escalate after 2 days, not 3");
    p.ok(
        "ann",
        OpKind::StartStep {
            step: 6,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    let r2 = p.round(6);
    p.mark(r2, s[1], ResultStatus::Pass);
    p.mark_by("tess", r2, s[6], ResultStatus::Fail, "Dates off by one day");
    p
}
