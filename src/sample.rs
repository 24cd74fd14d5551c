//! Realistic sessions for benchmarks and tests (`cmo-promote gen`): a promotion up to
//! the rehearsal with a full history — changes logged and applied in Stage 1 with their
//! timings, some edited, a few removed, test scripts and rounds of results, the fixes,
//! the sign-off and the timed rehearsal — built by replaying that history, so it passes
//! `check` like any session people made. The same size and seed give the same session.

use crate::model::{
    Action, ChangeEdit, ChangeFields, ChangeId, EnvKey, KNOWN_AREAS, Op, OpId, OpKind, Outcome,
    Priority, ReplayError, Replicability, ResultStatus, RoundId, ScriptFields, ScriptId,
    ScriptStep, Session, SessionMeta, Template,
};
use chrono::{DateTime, Duration, Utc};

/// How big a session to make.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub changes: usize,
    pub scripts: usize,
    /// Test rounds: the first in step 4, the rest in the retest (step 6).
    pub rounds: usize,
    /// Varies the content; the same seed gives the same session.
    pub seed: u64,
}

impl Size {
    /// `changes` changes with a tenth as many scripts and three rounds: the shape the
    /// benchmarks measure.
    pub fn realistic(changes: usize, seed: u64) -> Size {
        Size {
            changes,
            scripts: changes / 10,
            rounds: 3,
            seed,
        }
    }
}

const CONFIGURATORS: [&str; 4] = ["ann", "bob", "carla", "dev"];
const TESTERS: [&str; 3] = ["tess", "sam", "lee"];
const IMPLEMENTER: &str = "rita";
const LEAD: &str = "lead";

/// The ops of a session of `size`, in order, starting at `start`.
struct Writer {
    rng: fastrand::Rng,
    at: DateTime<Utc>,
    ops: Vec<Op>,
}

impl Writer {
    /// Appends an op by `who`, `minutes` after the one before.
    fn op(&mut self, who: &str, minutes: i64, kind: OpKind) -> OpId {
        self.at += Duration::minutes(minutes);
        let id = OpId(uuid::Uuid::from_u64_pair(
            self.rng.u64(..),
            self.rng.u64(..),
        ));
        self.ops.push(Op::new(id, who, self.at, kind));
        id
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.rng.usize(..from.len())]
    }

    /// A sentence of `words` words, as people write them.
    fn words(&mut self, words: usize) -> String {
        const WORDS: [&str; 24] = [
            "the", "field", "list", "rule", "when", "overdue", "action", "owner", "is", "set",
            "to", "manager", "incident", "severity", "form", "shows", "only", "after", "review",
            "and", "notifies", "area", "users", "record",
        ];
        let text: Vec<&str> = (0..words).map(|_| self.pick(&WORDS)).collect();
        format!("{}.", crate::vocab::capital(&text.join(" ")))
    }

    /// The lead starts `step`, in order.
    fn start(&mut self, step: u32) {
        self.op(
            LEAD,
            1,
            OpKind::StartStep {
                step,
                override_reason: None,
                ahead_of: Vec::new(),
            },
        );
    }

    /// The lead starts `step` and completes it `minutes` later.
    fn step(&mut self, step: u32, minutes: i64) {
        self.start(step);
        self.op(LEAD, minutes, OpKind::CompleteStep { step });
    }

    /// Applies `change` in `env`, timed, as `who`.
    fn apply(&mut self, who: &str, change: ChangeId, env: EnvKey, rating: Option<Replicability>) {
        let minutes = 3 + self.rng.i64(0..35);
        self.op(
            who,
            1,
            OpKind::StartApplication {
                change,
                env,
                override_reason: None,
            },
        );
        self.op(
            who,
            minutes,
            OpKind::FinishApplication {
                change,
                env,
                outcome: Outcome::Applied,
                note: String::new(),
                replicability: None,
                rating,
            },
        );
    }

    fn change_fields(&mut self, i: usize, depends_on: Vec<ChangeId>) -> ChangeFields {
        let area = self.pick(&KNOWN_AREAS).to_string();
        let action =
            [Action::Add, Action::Modify, Action::Modify, Action::Remove][self.rng.usize(..4)];
        let sentences = 1 + self.rng.usize(..3);
        let description = (0..sentences)
            .map(|_| {
                let n = 6 + self.rng.usize(..14);
                self.words(n)
            })
            .collect::<Vec<_>>()
            .join(" ");
        ChangeFields {
            item: format!("{area} item {}", i + 1),
            navigation: format!("Admin > {area} > Item {}", i + 1),
            before: if action == Action::Add {
                String::new()
            } else {
                self.words(5)
            },
            after: if action == Action::Remove {
                String::new()
            } else {
                self.words(6)
            },
            description,
            replication_notes: if self.rng.u8(..4) == 0 {
                self.words(10)
            } else {
                String::new()
            },
            depends_on,
            risk_note: if self.rng.u8(..5) == 0 {
                self.words(8)
            } else {
                String::new()
            },
            irreversible: self.rng.u8(..25) == 0,
            backout_note: self.words(7),
            area,
            action,
        }
    }
}

/// The ops of a promotion of `size`, up to a finished rehearsal.
pub fn history(size: Size, start: DateTime<Utc>) -> Vec<Op> {
    let mut w = Writer {
        rng: fastrand::Rng::with_seed(size.seed),
        at: start,
        ops: Vec::new(),
    };
    w.step(1, 45);
    w.start(2);
    w.op(
        LEAD,
        0,
        OpKind::StartFreeze {
            note: "the freeze step began".into(),
            after: None,
        },
    );
    w.op(LEAD, 10, OpKind::CompleteStep { step: 2 });
    w.start(3);

    // Step 3: the changes, logged and applied in Stage 1; some edited, a few removed.
    let mut live: Vec<ChangeId> = Vec::with_capacity(size.changes);
    for i in 0..size.changes {
        let depends_on = match live.last() {
            Some(last) if i % 17 == 0 => vec![*last],
            _ => Vec::new(),
        };
        let who = w.pick(&CONFIGURATORS);
        let fields = w.change_fields(i, depends_on);
        let id = ChangeId(
            w.op(
                who,
                2,
                OpKind::AddChange {
                    fields: Box::new(fields),
                },
            )
            .0,
        );
        w.apply(who, id, EnvKey::Stage1, None);
        if w.rng.u8(..10) == 0 {
            let description = w.words(12);
            w.op(
                who,
                3,
                OpKind::EditChange {
                    change: id,
                    edits: vec![ChangeEdit::Description(description)],
                    was: Vec::new(),
                },
            );
        }
        // Never one another change depends on: the next one may.
        if i % 50 == 7 && (i + 1) % 17 != 0 {
            w.op(
                who,
                1,
                OpKind::RemoveChange {
                    change: id,
                    reason: "done another way".into(),
                },
            );
        } else {
            live.push(id);
        }
    }
    w.op(LEAD, 5, OpKind::CompleteStep { step: 3 });

    // Step 4: the test scripts and the first round.
    w.start(4);
    let mut scripts: Vec<ScriptId> = Vec::with_capacity(size.scripts);
    for i in 0..size.scripts {
        let covers: Vec<ChangeId> = if live.is_empty() {
            Vec::new()
        } else {
            let n = 1 + w.rng.usize(..3);
            let mut c: Vec<ChangeId> = (0..n).map(|_| live[w.rng.usize(..live.len())]).collect();
            c.dedup();
            c
        };
        let steps = (0..2 + w.rng.usize(..4))
            .map(|_| ScriptStep {
                action: w.words(6),
                expected: w.words(5),
            })
            .collect();
        let fields = ScriptFields {
            title: format!("Check {}", w.words(4).trim_end_matches('.')),
            preconditions: w.words(6),
            steps,
            covers,
            owner: Some(TESTERS[i % TESTERS.len()].to_string()),
            priority: Some([Priority::High, Priority::Medium, Priority::Low][i % 3]),
        };
        let who = w.pick(&TESTERS);
        scripts.push(ScriptId(
            w.op(
                who,
                2,
                OpKind::AddTestScript {
                    fields: Box::new(fields),
                },
            )
            .0,
        ));
    }
    let mut failed: Vec<ScriptId> = Vec::new();
    for round in 0..size.rounds {
        let (step, name) = match round {
            0 => (4, "First test".to_string()),
            n => (6, format!("Retest {n}")),
        };
        if round == 1 {
            // Step 4 done; step 5 fixes what failed (edits the changes those scripts
            // cover); step 6 retests.
            w.op(LEAD, 5, OpKind::CompleteStep { step: 4 });
            w.start(5);
            let fixes: Vec<ChangeId> = failed
                .iter()
                .filter_map(|s| w.ops.iter().find(|o| o.id.0 == s.0))
                .filter_map(|o| match &o.kind {
                    OpKind::AddTestScript { fields } => fields.covers.first().copied(),
                    _ => None,
                })
                .collect();
            for change in fixes {
                let description = w.words(14);
                w.op(
                    "ann",
                    4,
                    OpKind::EditChange {
                        change,
                        edits: vec![ChangeEdit::Description(description)],
                        was: Vec::new(),
                    },
                );
            }
            w.op(LEAD, 5, OpKind::CompleteStep { step: 5 });
            w.start(6);
        }
        let id = RoundId(
            w.op(
                LEAD,
                1,
                OpKind::AddTestRound {
                    name,
                    step,
                    env: EnvKey::Stage2,
                },
            )
            .0,
        );
        failed.clear();
        let last = round + 1 == size.rounds;
        for script in scripts.clone() {
            // The last round passes; earlier ones fail or block a few.
            let roll = w.rng.u8(..20);
            let (status, comment) = match roll {
                0 | 1 if !last => (ResultStatus::Fail, w.words(8)),
                2 if !last => (ResultStatus::Blocked, w.words(6)),
                _ => (ResultStatus::Pass, String::new()),
            };
            if status == ResultStatus::Fail {
                failed.push(script);
            }
            let who = w.pick(&TESTERS);
            w.op(
                who,
                2,
                OpKind::RecordResult {
                    round: id,
                    script,
                    status,
                    comment,
                },
            );
        }
    }
    if size.rounds > 1 {
        w.op(LEAD, 5, OpKind::CompleteStep { step: 6 });
        w.op(
            LEAD,
            2,
            OpKind::SignOff {
                step: 6,
                comment: "all scripts pass".into(),
            },
        );
        // Step 7, then the rehearsal: every change replayed in Stage 2, timed and rated.
        w.step(7, 60);
        w.start(8);
        for change in live.clone() {
            w.apply(
                IMPLEMENTER,
                change,
                EnvKey::Stage2,
                Some(Replicability::AsWritten),
            );
        }
        w.op(LEAD, 5, OpKind::CompleteStep { step: 8 });
    }
    w.ops
}

/// A session of `size` from `template`, made by replaying [`history`], whose history
/// ends an hour before `meta.created_at` (the session is dated as its first op), so no
/// time in it lies ahead of the moment given.
pub fn session(
    template: &Template,
    mut meta: SessionMeta,
    size: Size,
) -> Result<Session, ReplayError> {
    let end = meta.created_at;
    let mut ops = history(size, end);
    let span = ops.last().map_or(Duration::zero(), |o| o.at - end);
    let back = span + Duration::hours(1);
    for op in &mut ops {
        op.at -= back;
    }
    meta.created_at -= back;
    Session::replay(template, meta, &ops)
}

/// A session of `size` on the built-in template, titled `title`, made by "lead" and
/// dated 4 May 2026 (its id from the seed): what tests and benches start from.
pub fn on_builtin(title: &str, size: Size) -> anyhow::Result<Session> {
    let meta = SessionMeta {
        id: uuid::Uuid::from_u128(u128::from(size.seed)),
        title: title.into(),
        created_at: chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 5, 4, 8, 0, 0)
            .single()
            .ok_or_else(|| anyhow::anyhow!("the sample's date"))?,
        created_by: "lead".into(),
    };
    Ok(session(&crate::store::builtin_template()?, meta, size)?)
}
