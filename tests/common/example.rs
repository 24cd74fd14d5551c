//! The example session shipped as `assets/example-session.ron`: a promotion through the
//! whole process that shows every step status, every outcome, every test result, a
//! sign-off gone stale, a cancelled attempt, removed changes and scripts, the freeze and
//! the outage, with text a spreadsheet or a Markdown renderer could trip over (pipes,
//! line breaks, backticks, a leading `=`, emoji, a long line).

use super::{new_session, t0};
use chrono::{DateTime, Duration, Utc};
use cmo_promote::model::*;
use uuid::Uuid;

struct Build {
    s: Session,
    next: u128,
}

impl Build {
    fn op(&mut self, who: &str, minutes: i64, kind: OpKind) -> OpId {
        self.next += 1;
        let id = OpId(Uuid::from_u128(0xE000 + self.next));
        let at: DateTime<Utc> = t0() + Duration::minutes(minutes);
        let op = Op::new(id, who, at, kind);
        if let Err(e) = self.s.apply(op.clone()) {
            panic!("the example session: {op:?} refused: {e}");
        }
        id
    }

    fn change(&mut self, who: &str, minutes: i64, fields: ChangeFields) -> ChangeId {
        ChangeId(
            self.op(
                who,
                minutes,
                OpKind::AddChange {
                    fields: Box::new(fields),
                },
            )
            .0,
        )
    }

    fn script(&mut self, minutes: i64, title: &str, covers: Vec<ChangeId>) -> ScriptId {
        let fields = ScriptFields {
            title: title.into(),
            covers,
            steps: vec![ScriptStep {
                action: "Open the form".into(),
                expected: "It shows".into(),
            }],
            ..Default::default()
        };
        ScriptId(
            self.op(
                "tess",
                minutes,
                OpKind::AddTestScript {
                    fields: Box::new(fields),
                },
            )
            .0,
        )
    }

    fn mark(
        &mut self,
        minutes: i64,
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
        self.op("tess", minutes, kind);
    }

    /// Applies `change` in `env` from `from` for `minutes`, with `rating` and `note`.
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        who: &str,
        change: ChangeId,
        env: EnvKey,
        from: i64,
        minutes: i64,
        rating: Option<Replicability>,
        note: &str,
    ) {
        let start = OpKind::StartApplication {
            change,
            env,
            override_reason: None,
        };
        self.op(who, from, start);
        let finish = OpKind::FinishApplication {
            change,
            env,
            outcome: Outcome::Applied,
            note: note.into(),
            replicability: None,
            rating,
        };
        self.op(who, from + minutes, finish);
    }

    fn finish(
        &mut self,
        who: &str,
        change: ChangeId,
        env: EnvKey,
        at: i64,
        outcome: Outcome,
        note: &str,
    ) {
        let kind = OpKind::FinishApplication {
            change,
            env,
            outcome,
            note: note.into(),
            replicability: None,
            rating: None,
        };
        self.op(who, at, kind);
    }

    fn step(&mut self, who: &str, at: i64, kind: OpKind) {
        self.op(who, at, kind);
    }
}

pub fn example_session() -> Session {
    let mut b = Build {
        s: new_session("Q3 | workflow `changes`").1,
        next: 0,
    };
    use OpKind::*;
    b.step(
        "lead",
        0,
        StartStep {
            step: 1,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    b.step("lead", 60, CompleteStep { step: 1 });
    b.step(
        "lead",
        61,
        StartStep {
            step: 2,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    b.step(
        "lead",
        61,
        StartFreeze {
            note: "agreed with the CAB".into(),
            after: None,
        },
    );
    b.step("lead", 62, CompleteStep { step: 2 });
    b.step(
        "ann",
        63,
        StartStep {
            step: 3,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    let form = b.change(
        "ann",
        70,
        ChangeFields {
            area: "Forms".into(),
            item: "Incident report".into(),
            navigation: "Admin > Forms > Incident | Layout".into(),
            before: "no Severity".into(),
            after: "Severity: Low | Medium | High".into(),
            description: "Add a Severity list\nbelow the Category field".into(),
            replication_notes: "Use `Severity_v2`, not *Severity*".into(),
            risk_note: "Reports filter on it".into(),
            ..Default::default()
        },
    );
    let field = b.change(
        "ann",
        80,
        ChangeFields {
            area: "Custom Fields".into(),
            item: "Legacy code".into(),
            action: Action::Remove,
            description: "=HYPERLINK(\"http://evil\")".into(),
            depends_on: vec![form],
            irreversible: true,
            backout_note: "Restore from the nightly export, then re-key".into(),
            ..Default::default()
        },
    );
    let rule = b.change(
        "bob",
        90,
        ChangeFields {
            area: "Business Rules".into(),
            item: "Escalate 🚀 overdue".into(),
            action: Action::Add,
            description: "Escalate overdue actions to the owner's manager after three working \
                          days, unless the action is on hold, and copy the area lead"
                .into(),
            ..Default::default()
        },
    );
    let dropped = b.change(
        "bob",
        95,
        ChangeFields {
            area: "Dashboards".into(),
            item: "Old tile".into(),
            ..Default::default()
        },
    );
    b.step(
        "bob",
        96,
        RemoveChange {
            change: dropped,
            reason: "done by the vendor".into(),
        },
    );
    b.step(
        "ann",
        100,
        BlockStep {
            step: 3,
            reason: "waiting for the forms licence".into(),
        },
    );
    let s1 = b.script(110, "Raise an incident", vec![form]);
    let s2 = b.script(111, "Legacy code is gone", vec![field]);
    let s3 = b.script(112, "Overdue | escalation", vec![rule]);
    let s4 = b.script(113, "Print the report", vec![]);
    let s5 = b.script(114, "Old dashboard", vec![]);
    b.step(
        "tess",
        115,
        RemoveTestScript {
            script: s5,
            reason: "the tile is gone".into(),
        },
    );
    b.step(
        "tess",
        120,
        StartStep {
            step: 4,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    let r1 = RoundId(
        b.op(
            "tess",
            121,
            AddTestRound {
                name: "Round 1".into(),
                step: 4,
                env: EnvKey::Stage2,
            },
        )
        .0,
    );
    b.mark(130, r1, s1, ResultStatus::Pass, "");
    b.mark(
        131,
        r1,
        s2,
        ResultStatus::Fail,
        "Save is greyed | no error\nsecond line",
    );
    b.mark(132, r1, s3, ResultStatus::Blocked, "`rules` engine down");
    b.mark(133, r1, s4, ResultStatus::NotRun, "");
    b.step("tess", 140, CompleteStep { step: 4 });
    b.step(
        "lead",
        150,
        StartStep {
            step: 6,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    let r2 = RoundId(
        b.op(
            "tess",
            151,
            AddTestRound {
                name: "Retest".into(),
                step: 6,
                env: EnvKey::Stage2,
            },
        )
        .0,
    );
    b.mark(160, r2, s2, ResultStatus::Pass, "");
    b.mark(161, r2, s3, ResultStatus::Pass, "");
    b.mark(162, r2, s4, ResultStatus::Waived, "=printer out of toner");
    b.step("lead", 170, CompleteStep { step: 6 });
    b.step(
        "lead",
        171,
        SignOff {
            step: 6,
            comment: "all green".into(),
        },
    );
    // Edited after the sign-off: the sign-off is stale, TS-001 needs a retest.
    b.step(
        "ann",
        180,
        EditChange {
            change: form,
            edits: vec![ChangeEdit::After(
                "Severity: Low | Medium | High | Critical".into(),
            )],
            was: vec![],
        },
    );
    b.step(
        "lead",
        190,
        SkipStep {
            step: 7,
            reason: "Stage 2 was refreshed last week".into(),
        },
    );
    b.step(
        "rita",
        200,
        StartStep {
            step: 8,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    b.apply(
        "rita",
        form,
        EnvKey::Stage2,
        200,
        10,
        Some(Replicability::AsWritten),
        "",
    );
    b.step(
        "rita",
        211,
        StartApplication {
            change: field,
            env: EnvKey::Stage2,
            override_reason: None,
        },
    );
    b.step(
        "rita",
        212,
        CancelApplication {
            change: field,
            env: EnvKey::Stage2,
            reason: "started the wrong row".into(),
        },
    );
    b.apply(
        "rita",
        field,
        EnvKey::Stage2,
        215,
        20,
        Some(Replicability::Improvised),
        "the entry does not say which export",
    );
    b.step(
        "rita",
        240,
        StartApplication {
            change: rule,
            env: EnvKey::Stage2,
            override_reason: None,
        },
    );
    b.finish(
        "rita",
        rule,
        EnvKey::Stage2,
        245,
        Outcome::Failed,
        "rule editor | crashed",
    );
    b.step("rita", 250, CompleteStep { step: 8 });
    b.step(
        "tess",
        260,
        StartStep {
            step: 9,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    b.step("tess", 290, CompleteStep { step: 9 });
    b.step(
        "lead",
        300,
        StartStep {
            step: 10,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    b.step(
        "lead",
        305,
        SetOutagePlan {
            window_start: Some(t0() + Duration::minutes(600)),
            window_end: Some(t0() + Duration::minutes(720)),
            contingency_percent: 50,
            copy_back_after_days: 3,
            verification_minutes: None,
            rollback_minutes: 30,
        },
    );
    b.step("lead", 310, CompleteStep { step: 10 });
    b.step(
        "lead",
        600,
        StartStep {
            step: 11,
            override_reason: Some("WP-002's entry was fixed on paper".into()),
            ahead_of: Vec::new(),
        },
    );
    b.apply("rita", form, EnvKey::Production, 600, 12, None, "");
    b.apply(
        "rita",
        field,
        EnvKey::Production,
        612,
        15,
        None,
        "took longer: slow export",
    );
    b.finish(
        "rita",
        rule,
        EnvKey::Production,
        630,
        Outcome::Skipped,
        "failed in the rehearsal",
    );
    b.step("lead", 640, CompleteStep { step: 11 });
    b.step(
        "lead",
        640,
        EndFreeze {
            note: "the Production implementation is complete".into(),
            after: None,
        },
    );
    b.step(
        "lead",
        650,
        StartStep {
            step: 12,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    b.s
}
