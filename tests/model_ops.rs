//! Every `OpKind` applied through `Session::apply`: the success path, as a user would
//! see it, and each refused case. A refused op must leave the session exactly as it was
//! (compared with `==` against a clone taken before) and must not grow the history.
//!
//! Everything is deterministic: sessions come from the built-in template with fixed
//! times, and ops get increasing ids (`Uuid::from_u128`) and times from [`Fx`].

use chrono::{DateTime, Duration, TimeZone, Utc};
use cmo_promote::model::{
    Action, ChangeEdit, ChangeFields, ChangeId, EnvKey, Op, OpError, OpId, OpKind, Outcome,
    ResultStatus, RoundId, ScriptFields, ScriptId, ScriptStep, Session, SessionMeta, StepStatus,
    TimerTarget,
};
use cmo_promote::store::{builtin_template, decode_session, encode_session};
use std::path::Path;
use uuid::Uuid;

// ───────────────────────────── fixture and helpers ─────────────────────────────

/// A fixed point in time, `min` minutes after the session was created.
fn t(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap() + Duration::minutes(min)
}

fn meta() -> SessionMeta {
    SessionMeta {
        id: Uuid::from_u128(0x5E55_1011),
        title: "Spring release".to_string(),
        created_at: t(0),
        created_by: "ann".to_string(),
    }
}

fn new_session() -> Session {
    let template = builtin_template().expect("built-in template loads");
    Session::new(&template, meta()).expect("built-in template makes a session")
}

/// A session plus a source of increasing op ids and times.
struct Fx {
    s: Session,
    next_id: u128,
    now: DateTime<Utc>,
}

impl Fx {
    fn new() -> Self {
        Fx {
            s: new_session(),
            next_id: 0,
            now: t(0),
        }
    }

    /// A new op one minute after the previous one.
    fn op_by(&mut self, author: &str, kind: OpKind) -> Op {
        let at = self.now + Duration::minutes(1);
        self.op_at_by(at, author, kind)
    }

    /// A new op at exactly `at` (later ops continue from there).
    fn op_at_by(&mut self, at: DateTime<Utc>, author: &str, kind: OpKind) -> Op {
        self.next_id += 1;
        self.now = at;
        Op::new(OpId(Uuid::from_u128(self.next_id)), author, at, kind)
    }

    /// Applies an op that must succeed and checks it is appended to the history exactly once.
    fn apply_ok(&mut self, op: Op) -> Op {
        let before = self.s.history().len();
        if let Err(e) = self.s.apply(op.clone()) {
            panic!("{:?} was refused: {e}", op.kind);
        }
        assert_eq!(
            self.s.history().len(),
            before + 1,
            "history grows by one op"
        );
        assert_eq!(self.s.history().last(), Some(&op), "the applied op is last");
        op
    }

    fn ok(&mut self, kind: OpKind) -> Op {
        let op = self.op_by("ann", kind);
        self.apply_ok(op)
    }

    fn ok_by(&mut self, author: &str, kind: OpKind) -> Op {
        let op = self.op_by(author, kind);
        self.apply_ok(op)
    }

    fn ok_at(&mut self, at: DateTime<Utc>, kind: OpKind) -> Op {
        let op = self.op_at_by(at, "ann", kind);
        self.apply_ok(op)
    }

    /// Applies an op that must be refused, checks nothing changed, returns the error.
    fn refuse_op(&mut self, op: Op) -> OpError {
        let before = self.s.clone();
        let err = match self.s.apply(op.clone()) {
            Ok(()) => panic!("{:?} should have been refused", op.kind),
            Err(e) => e,
        };
        assert_eq!(self.s, before, "a refused op ({err}) must change nothing");
        assert_eq!(self.s.history().len(), before.history().len());
        err
    }

    fn refused(&mut self, kind: OpKind) -> OpError {
        let op = self.op_by("ann", kind);
        self.refuse_op(op)
    }

    // ── shortcuts for building state ──

    fn status(&self, step: u32) -> StepStatus {
        self.s.step(step).expect("step exists").status.clone()
    }

    fn add_change(&mut self, area: &str, item: &str) -> ChangeId {
        let op = self.ok(OpKind::AddChange {
            fields: Box::new(fields(area, item)),
        });
        ChangeId(op.id.0)
    }

    fn add_change_with(&mut self, fields: ChangeFields) -> ChangeId {
        let op = self.ok(OpKind::AddChange {
            fields: Box::new(fields),
        });
        ChangeId(op.id.0)
    }

    fn add_script(&mut self, title: &str, covers: Vec<ChangeId>) -> ScriptId {
        let op = self.ok(OpKind::AddTestScript {
            fields: Box::new(script(title, covers)),
        });
        ScriptId(op.id.0)
    }

    fn add_round(&mut self, name: &str, step: u32, env: EnvKey) -> RoundId {
        let op = self.ok(OpKind::AddTestRound {
            name: name.to_string(),
            step,
            env,
        });
        RoundId(op.id.0)
    }

    fn labels(&self) -> Vec<String> {
        self.s.active_changes().map(|c| c.label()).collect()
    }

    fn change_label(&self, id: ChangeId) -> String {
        self.s.change(id).expect("change exists").label()
    }

    fn enable_qa(&mut self) {
        self.ok(OpKind::ConfigureEnvironment {
            env: EnvKey::Qa,
            name: "QA".to_string(),
            notes: String::new(),
            enabled: true,
        });
    }
}

fn fields(area: &str, item: &str) -> ChangeFields {
    ChangeFields {
        area: area.to_string(),
        item: item.to_string(),
        ..Default::default()
    }
}

fn script(title: &str, covers: Vec<ChangeId>) -> ScriptFields {
    ScriptFields {
        title: title.to_string(),
        steps: vec![ScriptStep {
            action: "Open the form".to_string(),
            expected: "The new field shows".to_string(),
        }],
        covers,
        ..ScriptFields::default()
    }
}

fn start(step: u32) -> OpKind {
    OpKind::StartStep {
        step,
        override_reason: None,
        ahead_of: Vec::new(),
    }
}

fn complete(step: u32) -> OpKind {
    OpKind::CompleteStep { step }
}

fn skip(step: u32, reason: &str) -> OpKind {
    OpKind::SkipStep {
        step,
        reason: reason.to_string(),
    }
}

fn block(step: u32, reason: &str) -> OpKind {
    OpKind::BlockStep {
        step,
        reason: reason.to_string(),
    }
}

fn reopen(step: u32) -> OpKind {
    OpKind::ReopenStep {
        step,
        resume: false,
    }
}

fn sign_off(step: u32, comment: &str) -> OpKind {
    OpKind::SignOff {
        step,
        comment: comment.to_string(),
    }
}

fn step_timer(step: u32) -> TimerTarget {
    TimerTarget::Step { step }
}

fn app_timer(change: ChangeId, env: EnvKey) -> TimerTarget {
    TimerTarget::Application { change, env }
}

fn start_app(change: ChangeId, env: EnvKey) -> OpKind {
    OpKind::StartApplication {
        change,
        env,
        override_reason: None,
    }
}

fn finish_app(change: ChangeId, env: EnvKey, outcome: Outcome, rating: Option<u8>) -> OpKind {
    OpKind::FinishApplication {
        change,
        env,
        outcome,
        note: "went fine".to_string(),
        replicability: rating,
        rating: None,
    }
}

fn remove(change: ChangeId, reason: &str) -> OpKind {
    OpKind::RemoveChange {
        change,
        reason: reason.to_string(),
    }
}

fn edit(change: ChangeId, edits: Vec<ChangeEdit>) -> OpKind {
    OpKind::EditChange {
        change,
        edits,
        was: Vec::new(),
    }
}

fn bad(step: u32, status: &'static str, wanted: &'static str) -> OpError {
    OpError::BadTransition {
        step,
        status,
        wanted,
    }
}

// ───────────────────────────── a fresh session ─────────────────────────────

#[test]
fn fresh_session_has_twelve_todo_steps_and_an_empty_history() {
    let s = new_session();
    assert_eq!(s.steps().len(), 12);
    assert!(s.steps().iter().all(|st| st.status == StepStatus::Todo));
    assert!(s.steps().iter().all(|st| !st.timer.is_running()));
    assert!(s.history().is_empty());
    assert!(s.changes().is_empty());
    assert_eq!(s.current_step().map(|st| st.number), Some(1));
    assert!(s.env_enabled(EnvKey::Stage1));
    assert!(!s.env_enabled(EnvKey::Qa));
}

// ───────────────────────────── author and op ids ─────────────────────────────

#[test]
fn an_op_without_an_author_is_refused() {
    let mut fx = Fx::new();
    for author in ["", "   ", "\t\n"] {
        let op = fx.op_by(author, start(1));
        assert_eq!(fx.refuse_op(op), OpError::NoAuthor);
    }
    assert_eq!(fx.status(1), StepStatus::Todo);
}

#[test]
fn the_same_op_id_cannot_be_applied_twice() {
    let mut fx = Fx::new();
    let op = fx.ok(start(1));
    assert_eq!(fx.refuse_op(op.clone()), OpError::DuplicateOp(op.id));

    // Same id, otherwise a perfectly valid op: still refused.
    let again = Op::new(op.id, "bob", t(100), complete(1));
    assert_eq!(fx.refuse_op(again), OpError::DuplicateOp(op.id));
    assert_eq!(fx.status(1), StepStatus::InProgress);
}

#[test]
fn each_applied_op_is_kept_in_the_history_in_order() {
    let mut fx = Fx::new();
    let a = fx.ok(start(1));
    let b = fx.ok_by("bob", complete(1));
    let history: Vec<_> = fx.s.history().iter().map(|op| op.into_owned()).collect();
    assert_eq!(history, vec![a.clone(), b.clone()]);
    assert_eq!(history[1].author, "bob");
    assert!(a.at < b.at);
}

// ───────────────────────────── step transitions ─────────────────────────────

#[test]
fn starting_a_step_puts_it_in_progress_and_starts_its_timer() {
    let mut fx = Fx::new();
    fx.ok_at(t(10), start(1));
    let step = fx.s.step(1).unwrap();
    assert_eq!(step.status.word(), "in progress");
    assert!(step.timer.is_running());
    assert_eq!(step.timer.running_since(), Some(t(10)));
    assert_eq!(step.timer.entries.len(), 1);
    assert_eq!(step.timer.entries[0].by, "ann");
    assert_eq!(step.timer.elapsed(t(40)), Duration::minutes(30));
    assert_eq!(fx.s.current_step().map(|s| s.number), Some(1));
    assert_eq!(fx.s.running_timers().len(), 1);
}

#[test]
fn starting_a_blocked_step_resumes_it_with_a_new_timer_entry() {
    let mut fx = Fx::new();
    fx.ok_at(t(0), start(2));
    fx.ok_at(t(15), block(2, "waiting for the change board"));
    fx.ok_at(t(60), start(2));
    let step = fx.s.step(2).unwrap();
    assert_eq!(step.status, StepStatus::InProgress);
    assert_eq!(step.timer.entries.len(), 2);
    assert_eq!(step.timer.running_since(), Some(t(60)));
    // 15 minutes before the block, 10 since resuming; the blocked time is not counted.
    assert_eq!(step.timer.elapsed(t(70)), Duration::minutes(25));
}

#[test]
fn a_step_can_only_be_started_from_todo_or_blocked() {
    let mut fx = Fx::new();
    fx.ok(start(1));
    assert_eq!(fx.refused(start(1)), bad(1, "in progress", "started"));

    fx.ok(complete(1));
    assert_eq!(fx.refused(start(1)), bad(1, "done", "started"));

    fx.ok(skip(2, "not needed"));
    assert_eq!(fx.refused(start(2)), bad(2, "skipped", "started"));
}

#[test]
fn completing_a_step_marks_it_done_and_stops_the_timer() {
    let mut fx = Fx::new();
    fx.ok_at(t(0), start(1));
    fx.ok_at(t(45), complete(1));
    let step = fx.s.step(1).unwrap();
    assert_eq!(step.status.word(), "done");
    assert!(!step.timer.is_running());
    assert_eq!(step.timer.entries[0].end, Some(t(45)));
    // Stopped: a much later "now" does not add time.
    assert_eq!(step.timer.elapsed(t(500)), Duration::minutes(45));
    assert_eq!(fx.s.finished_steps(), 1);
    assert_eq!(fx.s.current_step().map(|s| s.number), Some(2));
    assert!(fx.s.running_timers().is_empty());
}

#[test]
fn completing_a_todo_step_records_it_done_without_time() {
    let mut fx = Fx::new();
    fx.ok(complete(3));
    let step = fx.s.step(3).unwrap();
    assert_eq!(step.status, StepStatus::Done);
    assert!(step.timer.entries.is_empty());
    assert_eq!(step.timer.elapsed(t(999)), Duration::zero());
}

#[test]
fn a_done_skipped_or_blocked_step_cannot_be_completed() {
    let mut fx = Fx::new();
    fx.ok(complete(1));
    assert_eq!(fx.refused(complete(1)), bad(1, "done", "completed"));
    fx.ok(skip(2, "no freeze this time"));
    assert_eq!(fx.refused(complete(2)), bad(2, "skipped", "completed"));
    fx.ok(block(3, "no licence"));
    assert_eq!(fx.refused(complete(3)), bad(3, "blocked", "completed"));
}

#[test]
fn skipping_a_step_records_the_trimmed_reason_and_stops_the_timer() {
    let mut fx = Fx::new();
    fx.ok_at(t(0), start(2));
    fx.ok_at(t(5), skip(2, "  Production has no freeze policy \n"));
    let step = fx.s.step(2).unwrap();
    assert_eq!(
        step.status,
        StepStatus::Skipped {
            reason: "Production has no freeze policy".to_string()
        }
    );
    assert_eq!(step.status.word(), "skipped");
    assert!(!step.timer.is_running());
    assert_eq!(step.timer.elapsed(t(100)), Duration::minutes(5));
    assert_eq!(fx.s.finished_steps(), 1);
}

#[test]
fn a_todo_or_blocked_step_can_be_skipped() {
    let mut fx = Fx::new();
    fx.ok(skip(1, "copy made last week"));
    assert_eq!(fx.status(1).word(), "skipped");
    fx.ok(block(3, "waiting"));
    fx.ok(skip(3, "nothing to change after all"));
    assert_eq!(
        fx.status(3),
        StepStatus::Skipped {
            reason: "nothing to change after all".to_string()
        }
    );
}

#[test]
fn skipping_needs_a_reason() {
    let mut fx = Fx::new();
    assert_eq!(
        fx.refused(skip(1, "")),
        OpError::ReasonRequired("skip a step")
    );
    assert_eq!(
        fx.refused(skip(1, "  \t\n ")),
        OpError::ReasonRequired("skip a step")
    );
    assert_eq!(fx.status(1), StepStatus::Todo);
}

#[test]
fn a_finished_step_cannot_be_skipped() {
    let mut fx = Fx::new();
    fx.ok(complete(1));
    assert_eq!(fx.refused(skip(1, "late")), bad(1, "done", "skipped"));
    fx.ok(skip(2, "first"));
    assert_eq!(fx.refused(skip(2, "second")), bad(2, "skipped", "skipped"));
}

#[test]
fn blocking_a_step_records_the_reason_and_stops_the_timer() {
    let mut fx = Fx::new();
    fx.ok_at(t(0), start(4));
    fx.ok_at(t(20), block(4, "  Stage 2 is down "));
    let step = fx.s.step(4).unwrap();
    assert_eq!(
        step.status,
        StepStatus::Blocked {
            reason: "Stage 2 is down".to_string()
        }
    );
    assert_eq!(step.status.word(), "blocked");
    assert!(!step.timer.is_running());
    assert_eq!(step.timer.elapsed(t(300)), Duration::minutes(20));
    // Blocked is not finished.
    assert_eq!(fx.s.finished_steps(), 0);
}

#[test]
fn blocking_needs_a_reason_and_a_step_that_is_todo_or_in_progress() {
    let mut fx = Fx::new();
    assert_eq!(
        fx.refused(block(1, " ")),
        OpError::ReasonRequired("block a step")
    );
    fx.ok(block(1, "no backup"));
    assert_eq!(fx.refused(block(1, "again")), bad(1, "blocked", "blocked"));
    fx.ok(complete(2));
    assert_eq!(fx.refused(block(2, "late")), bad(2, "done", "blocked"));
    fx.ok(skip(3, "n/a"));
    assert_eq!(fx.refused(block(3, "late")), bad(3, "skipped", "blocked"));
}

#[test]
fn reopening_returns_a_step_to_todo_and_clears_its_sign_off() {
    let mut fx = Fx::new();
    fx.ok_at(t(0), start(6));
    fx.ok_at(t(30), complete(6));
    fx.ok_by("lead", sign_off(6, "all scripts pass"));
    assert!(fx.s.step(6).unwrap().sign_off.is_some());

    fx.ok(reopen(6));
    let step = fx.s.step(6).unwrap();
    assert_eq!(step.status, StepStatus::Todo);
    assert_eq!(step.sign_off, None);
    // Time already spent is kept and the timer stays stopped.
    assert!(!step.timer.is_running());
    assert_eq!(step.timer.elapsed(t(400)), Duration::minutes(30));
}

#[test]
fn skipped_and_blocked_steps_can_be_reopened() {
    let mut fx = Fx::new();
    fx.ok(skip(1, "n/a"));
    fx.ok(block(2, "waiting"));
    fx.ok(reopen(1));
    fx.ok(reopen(2));
    assert_eq!(fx.status(1), StepStatus::Todo);
    assert_eq!(fx.status(2), StepStatus::Todo);
}

#[test]
fn a_todo_step_cannot_be_reopened_and_one_in_progress_goes_back_to_todo() {
    let mut fx = Fx::new();
    assert_eq!(fx.refused(reopen(1)), bad(1, "todo", "reopened"));
    fx.ok_at(t(10), start(1));
    fx.ok_at(t(25), reopen(1));
    let step = fx.s.step(1).unwrap();
    assert_eq!(step.status, StepStatus::Todo);
    assert!(!step.timer.is_running(), "its timer stops");
    assert_eq!(
        step.timer.elapsed(t(90)),
        Duration::minutes(15),
        "the time logged stays"
    );
}

#[test]
fn resuming_takes_a_finished_step_back_to_in_progress_timing_again() {
    let mut fx = Fx::new();
    fx.ok_at(t(0), start(1));
    fx.ok_at(t(10), complete(1));
    let resume = OpKind::ReopenStep {
        step: 1,
        resume: true,
    };
    fx.ok_at(t(30), resume.clone());
    let step = fx.s.step(1).unwrap();
    assert_eq!(step.status, StepStatus::InProgress);
    assert_eq!(step.timer.running_since(), Some(t(30)));
    assert_eq!(step.timer.elapsed(t(35)), Duration::minutes(15));
    assert_eq!(
        fx.refused(resume),
        bad(1, "in progress", "reopened"),
        "resuming is for a step that is not in progress"
    );
}

#[test]
fn a_voided_time_entry_counts_nowhere_and_stays_in_the_record() {
    let mut fx = Fx::new();
    fx.ok_at(t(0), start(1));
    fx.ok_at(
        t(10),
        OpKind::StopTimer {
            target: step_timer(1),
        },
    );
    fx.ok_at(
        t(20),
        OpKind::StartTimer {
            target: step_timer(1),
        },
    );
    let void = |start, reason: &str| OpKind::VoidTime {
        target: step_timer(1),
        start,
        reason: reason.to_string(),
    };
    assert_eq!(
        fx.refused(void(t(20), "  ")),
        OpError::ReasonRequired("void a time entry")
    );
    assert!(matches!(
        fx.refused(void(t(21), "stray")),
        OpError::NoSuchEntry { .. }
    ));
    fx.ok_at(t(26), void(t(20), " started by mistake "));
    let timer = &fx.s.step(1).unwrap().timer;
    assert!(!timer.is_running(), "voiding the running entry stops it");
    assert_eq!(timer.elapsed(t(90)), Duration::minutes(10));
    let voided = timer.entries[1].voided.as_ref().unwrap();
    assert_eq!(
        (voided.by.as_str(), voided.reason.as_str(), voided.at),
        ("ann", "started by mistake", t(26))
    );
    assert_eq!(
        fx.refused(void(t(20), "again")),
        OpError::AlreadyVoided("step 1".into())
    );
}

#[test]
fn a_time_entry_of_an_application_is_voided_in_whichever_attempt_holds_it() {
    let mut fx = Fx::new();
    let c = fx.add_change("Rates", "Zone 4");
    fx.ok_at(t(10), start_app(c, EnvKey::Stage1));
    fx.ok_at(t(40), finish_app(c, EnvKey::Stage1, Outcome::Applied, None));
    fx.ok_at(
        t(50),
        OpKind::VoidTime {
            target: app_timer(c, EnvKey::Stage1),
            start: t(10),
            reason: "timed while on a call".into(),
        },
    );
    let attempt = &fx.s.change(c).unwrap().applications[0];
    assert_eq!(attempt.timer.elapsed(t(90)), Duration::zero());
    assert_eq!(attempt.outcome, Some(Outcome::Applied), "the outcome stays");
}

#[test]
fn every_step_op_refuses_an_unknown_step() {
    let mut fx = Fx::new();
    for n in [0, 13, 99] {
        let kinds = vec![
            start(n),
            complete(n),
            skip(n, "why"),
            block(n, "why"),
            reopen(n),
            OpKind::SetStepOwner {
                step: n,
                owner: Some("ann".to_string()),
            },
            OpKind::SetStepNotes {
                step: n,
                notes: "x".to_string(),
                was: None,
            },
            OpKind::SetStepEstimate {
                step: n,
                minutes: Some(5),
            },
            sign_off(n, "ok"),
            OpKind::StartTimer {
                target: step_timer(n),
            },
            OpKind::StopTimer {
                target: step_timer(n),
            },
            OpKind::AddTestRound {
                name: "Round".to_string(),
                step: n,
                env: EnvKey::Stage2,
            },
        ];
        for kind in kinds {
            assert_eq!(fx.refused(kind), OpError::NoSuchStep(n));
        }
    }
}

// ───────────────────────────── step owner, notes, estimate ─────────────────────────────

#[test]
fn setting_an_owner_trims_it_and_a_blank_owner_clears_it() {
    let mut fx = Fx::new();
    fx.ok(OpKind::SetStepOwner {
        step: 3,
        owner: Some("  Priya Shah ".to_string()),
    });
    assert_eq!(fx.s.step(3).unwrap().owner.as_deref(), Some("Priya Shah"));

    fx.ok(OpKind::SetStepOwner {
        step: 3,
        owner: Some("   ".to_string()),
    });
    assert_eq!(fx.s.step(3).unwrap().owner, None);

    fx.ok(OpKind::SetStepOwner {
        step: 3,
        owner: Some("bob".to_string()),
    });
    fx.ok(OpKind::SetStepOwner {
        step: 3,
        owner: None,
    });
    assert_eq!(fx.s.step(3).unwrap().owner, None);
    // Other steps untouched.
    assert_eq!(fx.s.step(2).unwrap().owner, None);
}

#[test]
fn setting_notes_replaces_them_verbatim() {
    let mut fx = Fx::new();
    fx.ok(OpKind::SetStepNotes {
        step: 1,
        notes: "first".to_string(),
        was: None,
    });
    fx.ok(OpKind::SetStepNotes {
        step: 1,
        notes: "Backup id 42.\n  Restored by ops.\n".to_string(),
        was: None,
    });
    assert_eq!(
        fx.s.step(1).unwrap().notes,
        "Backup id 42.\n  Restored by ops.\n"
    );
    assert_eq!(fx.s.step(2).unwrap().notes, "");
}

#[test]
fn setting_an_estimate_sets_and_clears_it() {
    let mut fx = Fx::new();
    fx.ok(OpKind::SetStepEstimate {
        step: 8,
        minutes: Some(240),
    });
    assert_eq!(fx.s.step(8).unwrap().estimate_minutes, Some(240));
    fx.ok(OpKind::SetStepEstimate {
        step: 8,
        minutes: None,
    });
    assert_eq!(fx.s.step(8).unwrap().estimate_minutes, None);
}

// ───────────────────────────── sign-off ─────────────────────────────

#[test]
fn signing_off_a_done_step_records_who_when_and_why() {
    let mut fx = Fx::new();
    fx.ok(complete(6));
    fx.ok_at(
        t(90),
        OpKind::SignOff {
            step: 6,
            comment: "Tested by finance and HR".to_string(),
        },
    );
    let so = fx.s.step(6).unwrap().sign_off.clone().expect("signed off");
    assert_eq!(so.by, "ann");
    assert_eq!(so.at, t(90));
    assert_eq!(so.comment, "Tested by finance and HR");
    assert_eq!(fx.status(6), StepStatus::Done);
}

#[test]
fn only_a_done_step_can_be_signed_off() {
    let mut fx = Fx::new();
    assert_eq!(fx.refused(sign_off(6, "ok")), OpError::NotFinished(6));
    fx.ok(start(6));
    assert_eq!(fx.refused(sign_off(6, "ok")), OpError::NotFinished(6));
    fx.ok(block(6, "testers away"));
    assert_eq!(fx.refused(sign_off(6, "ok")), OpError::NotFinished(6));
    fx.ok(skip(6, "no retest needed"));
    assert_eq!(fx.refused(sign_off(6, "ok")), OpError::NotFinished(6));
}

#[test]
fn a_step_cannot_be_signed_off_twice() {
    let mut fx = Fx::new();
    fx.ok(complete(6));
    fx.ok_by("lead", sign_off(6, "first"));
    let op = fx.op_by("bob", sign_off(6, "second"));
    assert_eq!(
        fx.refuse_op(op),
        OpError::AlreadySignedOff {
            step: 6,
            by: "lead".to_string()
        }
    );
    assert_eq!(fx.s.step(6).unwrap().sign_off.as_ref().unwrap().by, "lead");
}

#[test]
fn a_reopened_and_redone_step_can_be_signed_off_again() {
    let mut fx = Fx::new();
    fx.ok(complete(6));
    fx.ok_by("lead", sign_off(6, "first"));
    fx.ok(reopen(6));
    fx.ok(complete(6));
    fx.ok_by("bob", sign_off(6, "after the fix"));
    let so = fx.s.step(6).unwrap().sign_off.as_ref().unwrap();
    assert_eq!(
        (so.by.as_str(), so.comment.as_str()),
        ("bob", "after the fix")
    );
}

// ───────────────────────────── adding changes ─────────────────────────────

#[test]
fn added_changes_are_numbered_wp_001_onwards_with_their_author() {
    let mut fx = Fx::new();
    let a = fx.ok_at(
        t(5),
        OpKind::AddChange {
            fields: Box::new(fields("Forms", "Incident report")),
        },
    );
    let b = fx.add_change("Roles", "Safety officer");
    let c = fx.add_change("Business Rules", "Escalate high risk");

    assert_eq!(fx.labels(), ["WP-001", "WP-002", "WP-003"]);
    let first = fx.s.change(ChangeId(a.id.0)).expect("id is the op's id");
    assert_eq!(first.number, 1);
    assert_eq!(first.fields.area, "Forms");
    assert_eq!(first.fields.item, "Incident report");
    assert_eq!(first.fields.action, Action::Modify);
    assert_eq!(first.author, "ann");
    assert_eq!(first.created_at, t(5));
    assert_eq!(first.updated_by, "ann");
    assert_eq!(first.updated_at, t(5));
    assert_eq!(first.revision, 0);
    assert!(!first.is_removed());
    assert!(first.applications.is_empty());
    assert_eq!(fx.s.change(b).unwrap().number, 2);
    assert_eq!(fx.s.change(c).unwrap().number, 3);
    assert_eq!(fx.s.change_by_number(2).map(|ch| ch.id), Some(b));
}

#[test]
fn a_list_of_changes_is_read_by_label_or_number_whatever_the_separators() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let b = fx.add_change("Forms", "B");
    let c = fx.add_change("Forms", "C");
    assert_eq!(
        fx.s.change_ids_named("WP-3,wp-001 ;  2\t"),
        Ok(vec![c, a, b])
    );
    assert_eq!(fx.s.change_ids_named(""), Ok(vec![]));
    assert_eq!(
        fx.s.change_ids_named("WP-2 2, wp-002 1"),
        Ok(vec![b, a]),
        "each once"
    );
    assert_eq!(fx.s.change_ids_named("WP-1, WP-9, x"), Err("WP-9"));
    assert_eq!(fx.s.change_labels(&[c, a]), "WP-003, WP-001");
    assert_eq!(
        fx.s.change_ids_named(&fx.s.change_labels(&[b, c])),
        Ok(vec![b, c])
    );
    fx.ok(remove(b, "gone"));
    let found: Vec<_> =
        fx.s.changes_named("2")
            .map(|(name, ch)| (name, ch.map(|c| c.is_removed())))
            .collect();
    assert_eq!(found, vec![("2", Some(true))], "removed changes are found");
}

#[test]
fn adding_a_change_trims_one_line_fields_but_not_text() {
    let mut fx = Fx::new();
    let id = fx.add_change_with(ChangeFields {
        area: "  Custom Fields ".to_string(),
        item: "\tRisk score  ".to_string(),
        navigation: "  Admin > Fields ".to_string(),
        description: "  Added a score.\n".to_string(),
        action: Action::Add,
        irreversible: true,
        ..Default::default()
    });
    let f = &fx.s.change(id).unwrap().fields;
    assert_eq!(f.area, "Custom Fields");
    assert_eq!(f.item, "Risk score");
    assert_eq!(f.navigation, "Admin > Fields");
    assert_eq!(f.description, "  Added a score.\n");
    assert_eq!(f.action, Action::Add);
    assert!(f.irreversible);
}

#[test]
fn a_change_needs_an_area_and_an_item_but_not_a_navigation_path() {
    let mut fx = Fx::new();
    assert_eq!(
        fx.refused(OpKind::AddChange {
            fields: Box::new(fields("", "Incident"))
        }),
        OpError::EmptyField("area")
    );
    assert_eq!(
        fx.refused(OpKind::AddChange {
            fields: Box::new(fields("  ", "Incident"))
        }),
        OpError::EmptyField("area")
    );
    assert_eq!(
        fx.refused(OpKind::AddChange {
            fields: Box::new(fields("Forms", " \t "))
        }),
        OpError::EmptyField("item")
    );
    assert!(fx.s.changes().is_empty());

    let id = fx.add_change("Forms", "Incident");
    assert_eq!(fx.s.change(id).unwrap().fields.navigation, "");
    // Refused adds did not use up a number.
    assert_eq!(fx.labels(), ["WP-001"]);
}

#[test]
fn change_numbers_are_never_reused_after_a_removal() {
    let mut fx = Fx::new();
    let _a = fx.add_change("Forms", "A");
    let _b = fx.add_change("Forms", "B");
    let c = fx.add_change("Forms", "C");
    fx.ok(remove(c, "not wanted"));
    let d = fx.add_change("Forms", "D");
    assert_eq!(fx.change_label(d), "WP-004");
    assert_eq!(fx.labels(), ["WP-001", "WP-002", "WP-004"]);
    assert_eq!(fx.s.changes().len(), 4);
}

#[test]
fn a_new_change_can_depend_on_live_changes_and_duplicates_are_dropped() {
    let mut fx = Fx::new();
    let a = fx.add_change("Custom Fields", "Risk score");
    let b = fx.add_change("Forms", "Incident");
    let c = fx.add_change_with(ChangeFields {
        depends_on: vec![a, b, a],
        ..fields("Business Rules", "Score rule")
    });
    assert_eq!(fx.s.change(c).unwrap().fields.depends_on, vec![a, b]);
}

#[test]
fn a_new_change_cannot_depend_on_an_unknown_removed_or_itself() {
    let mut fx = Fx::new();
    let ghost = ChangeId(Uuid::from_u128(0xDEAD));
    assert_eq!(
        fx.refused(OpKind::AddChange {
            fields: Box::new(ChangeFields {
                depends_on: vec![ghost],
                ..fields("Forms", "X")
            })
        }),
        OpError::NoSuchChange(ghost)
    );

    let gone = fx.add_change("Forms", "Old");
    fx.ok(remove(gone, "superseded"));
    assert_eq!(
        fx.refused(OpKind::AddChange {
            fields: Box::new(ChangeFields {
                depends_on: vec![gone],
                ..fields("Forms", "X")
            })
        }),
        OpError::ChangeRemoved("WP-001".to_string())
    );

    // The new change's id is its op's id: depending on that is depending on itself.
    let own = ChangeId(Uuid::from_u128(fx.next_id + 1));
    let op = fx.op_by(
        "ann",
        OpKind::AddChange {
            fields: Box::new(ChangeFields {
                depends_on: vec![own],
                ..fields("Forms", "X")
            }),
        },
    );
    assert_eq!(op.id.0, own.0);
    assert_eq!(
        fx.refuse_op(op),
        OpError::SelfDependency("the new change".to_string())
    );
}

// ───────────────────────────── editing changes ─────────────────────────────

#[test]
fn an_edit_changes_only_the_given_fields_and_bumps_the_revision() {
    let mut fx = Fx::new();
    let id = fx.add_change_with(ChangeFields {
        navigation: "Admin > Forms".to_string(),
        before: "3 fields".to_string(),
        after: "4 fields".to_string(),
        ..fields("Forms", "Incident")
    });
    let original = fx.s.change(id).unwrap().clone();

    fx.ok_at(
        t(50),
        OpKind::EditChange {
            change: id,
            edits: vec![
                ChangeEdit::Description("Adds a risk field".to_string()),
                ChangeEdit::Irreversible(true),
            ],
            was: Vec::new(),
        },
    );
    // Edited by someone else later on.
    let op = fx.op_at_by(
        t(70),
        "bob",
        edit(id, vec![ChangeEdit::Item("  Incident report ".to_string())]),
    );
    fx.apply_ok(op);

    let c = fx.s.change(id).unwrap();
    assert_eq!(c.fields.description, "Adds a risk field");
    assert!(c.fields.irreversible);
    assert_eq!(
        c.fields.item, "Incident report",
        "one-line fields are trimmed"
    );
    // Untouched fields keep their values.
    assert_eq!(c.fields.area, "Forms");
    assert_eq!(c.fields.navigation, "Admin > Forms");
    assert_eq!(c.fields.before, "3 fields");
    assert_eq!(c.fields.after, "4 fields");
    assert_eq!(c.fields.action, Action::Modify);
    // Bookkeeping.
    assert_eq!(c.revision, 2);
    assert_eq!(c.updated_by, "bob");
    assert_eq!(c.updated_at, t(70));
    assert_eq!(c.author, original.author);
    assert_eq!(c.created_at, original.created_at);
    assert_eq!(c.number, 1);
}

#[test]
fn an_edit_with_no_field_is_refused() {
    let mut fx = Fx::new();
    let id = fx.add_change("Forms", "Incident");
    assert_eq!(fx.refused(edit(id, vec![])), OpError::NothingToChange);
    assert_eq!(fx.s.change(id).unwrap().revision, 0);
}

#[test]
fn an_edit_cannot_blank_the_area_or_item() {
    let mut fx = Fx::new();
    let id = fx.add_change("Forms", "Incident");
    assert_eq!(
        fx.refused(edit(id, vec![ChangeEdit::Area("   ".to_string())])),
        OpError::EmptyField("area")
    );
    // A good edit alongside a bad one is not half applied.
    assert_eq!(
        fx.refused(edit(
            id,
            vec![
                ChangeEdit::Description("fine".to_string()),
                ChangeEdit::Item(String::new()),
            ]
        )),
        OpError::EmptyField("item")
    );
    assert_eq!(fx.s.change(id).unwrap().fields.description, "");
}

#[test]
fn an_unknown_or_removed_change_cannot_be_edited() {
    let mut fx = Fx::new();
    let ghost = ChangeId(Uuid::from_u128(0xBEEF));
    let e = vec![ChangeEdit::Description("x".to_string())];
    assert_eq!(
        fx.refused(edit(ghost, e.clone())),
        OpError::NoSuchChange(ghost)
    );
    let id = fx.add_change("Forms", "Incident");
    fx.ok(remove(id, "dropped"));
    assert_eq!(
        fx.refused(edit(id, e)),
        OpError::ChangeRemoved("WP-001".to_string())
    );
}

#[test]
fn a_change_cannot_depend_on_itself() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    assert_eq!(
        fx.refused(edit(a, vec![ChangeEdit::DependsOn(vec![a])])),
        OpError::SelfDependency("WP-001".to_string())
    );
}

#[test]
fn an_edit_that_would_make_a_dependency_cycle_is_refused() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let b = fx.add_change_with(ChangeFields {
        depends_on: vec![a],
        ..fields("Forms", "B")
    });
    let c = fx.add_change_with(ChangeFields {
        depends_on: vec![b],
        ..fields("Forms", "C")
    });
    // Direct: A → B → A.
    assert_eq!(
        fx.refused(edit(a, vec![ChangeEdit::DependsOn(vec![b])])),
        OpError::DependencyCycle("WP-001".to_string(), "WP-002".to_string())
    );
    // Through a third change: A → C → B → A.
    assert_eq!(
        fx.refused(edit(a, vec![ChangeEdit::DependsOn(vec![c])])),
        OpError::DependencyCycle("WP-001".to_string(), "WP-003".to_string())
    );
    // Not a cycle: C may also depend on A directly.
    fx.ok(edit(c, vec![ChangeEdit::DependsOn(vec![b, a])]));
    assert_eq!(fx.s.change(c).unwrap().fields.depends_on, vec![b, a]);
}

#[test]
fn an_edit_cannot_add_a_dependency_on_a_removed_change() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let b = fx.add_change("Forms", "B");
    fx.ok(remove(a, "dropped"));
    assert_eq!(
        fx.refused(edit(b, vec![ChangeEdit::DependsOn(vec![a])])),
        OpError::ChangeRemoved("WP-001".to_string())
    );
}

// ───────────────────────────── moving changes ─────────────────────────────

#[test]
fn moving_a_change_sets_its_position_among_active_changes() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let _b = fx.add_change("Forms", "B");
    let c = fx.add_change("Forms", "C");

    fx.ok(OpKind::MoveChange { change: c, to: 0 });
    assert_eq!(fx.labels(), ["WP-003", "WP-001", "WP-002"]);
    fx.ok(OpKind::MoveChange { change: a, to: 2 });
    assert_eq!(fx.labels(), ["WP-003", "WP-002", "WP-001"]);
    fx.ok(OpKind::MoveChange { change: a, to: 1 });
    assert_eq!(fx.labels(), ["WP-003", "WP-001", "WP-002"]);
    // Numbers stay with the changes.
    assert_eq!(fx.change_label(c), "WP-003");
}

#[test]
fn moving_ignores_removed_changes_when_counting_positions() {
    let mut fx = Fx::new();
    let _a = fx.add_change("Forms", "A");
    let b = fx.add_change("Forms", "B");
    let _c = fx.add_change("Forms", "C");
    let d = fx.add_change("Forms", "D");
    fx.ok(remove(b, "dropped"));
    fx.ok(OpKind::MoveChange { change: d, to: 1 });
    assert_eq!(fx.labels(), ["WP-001", "WP-004", "WP-003"]);
    // The removed change is still in the file.
    assert_eq!(fx.s.changes().len(), 4);
    assert!(fx.s.change(b).unwrap().is_removed());
}

#[test]
fn moving_past_the_end_is_refused() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let b = fx.add_change("Forms", "B");
    let c = fx.add_change("Forms", "C");
    assert_eq!(
        fx.refused(OpKind::MoveChange { change: a, to: 3 }),
        OpError::BadPosition { to: 3, len: 3 }
    );
    fx.ok(remove(c, "dropped"));
    // Only the two active changes count.
    assert_eq!(
        fx.refused(OpKind::MoveChange { change: b, to: 2 }),
        OpError::BadPosition { to: 2, len: 2 }
    );
    assert_eq!(fx.labels(), ["WP-001", "WP-002"]);
}

#[test]
fn an_unknown_or_removed_change_cannot_be_moved() {
    let mut fx = Fx::new();
    let ghost = ChangeId(Uuid::from_u128(0xF00D));
    assert_eq!(
        fx.refused(OpKind::MoveChange {
            change: ghost,
            to: 0
        }),
        OpError::NoSuchChange(ghost)
    );
    let a = fx.add_change("Forms", "A");
    let _b = fx.add_change("Forms", "B");
    fx.ok(remove(a, "dropped"));
    assert_eq!(
        fx.refused(OpKind::MoveChange { change: a, to: 0 }),
        OpError::ChangeRemoved("WP-001".to_string())
    );
}

// ───────────────────────────── removing changes ─────────────────────────────

#[test]
fn a_removed_change_is_kept_with_who_when_and_why() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let b = fx.add_change("Forms", "B");
    let op = fx.op_at_by(t(33), "bob", remove(a, "  Business changed its mind "));
    fx.apply_ok(op);

    let gone = fx.s.change(a).expect("still in the file");
    let removal = gone.removed.as_ref().expect("marked removed");
    assert_eq!(removal.by, "bob");
    assert_eq!(removal.at, t(33));
    assert_eq!(removal.reason, "Business changed its mind");
    assert_eq!(gone.fields.item, "A");
    assert_eq!(fx.s.change_by_number(1).map(|c| c.id), Some(a));
    assert_eq!(
        fx.s.active_changes().map(|c| c.id).collect::<Vec<_>>(),
        vec![b]
    );
}

#[test]
fn removing_needs_a_reason() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    for reason in ["", "  \n"] {
        assert_eq!(
            fx.refused(remove(a, reason)),
            OpError::ReasonRequired("remove a change")
        );
    }
    assert!(!fx.s.change(a).unwrap().is_removed());
}

#[test]
fn a_change_another_active_change_depends_on_cannot_be_removed() {
    let mut fx = Fx::new();
    let a = fx.add_change("Custom Fields", "Risk score");
    let b = fx.add_change_with(ChangeFields {
        depends_on: vec![a],
        ..fields("Business Rules", "Score rule")
    });
    assert_eq!(
        fx.refused(remove(a, "not needed")),
        OpError::StillNeeded {
            label: "WP-001".to_string(),
            needed_by: "WP-002".to_string()
        }
    );
    // Once the dependent change is gone, it can go too.
    fx.ok(remove(b, "dropped"));
    fx.ok(remove(a, "not needed"));
    assert_eq!(fx.s.active_changes().count(), 0);
}

#[test]
fn an_unknown_or_already_removed_change_cannot_be_removed() {
    let mut fx = Fx::new();
    let ghost = ChangeId(Uuid::from_u128(0xCAFE));
    assert_eq!(
        fx.refused(remove(ghost, "why")),
        OpError::NoSuchChange(ghost)
    );
    let a = fx.add_change("Forms", "A");
    fx.ok(remove(a, "first"));
    assert_eq!(
        fx.refused(remove(a, "second")),
        OpError::ChangeRemoved("WP-001".to_string())
    );
    assert_eq!(
        fx.s.change(a).unwrap().removed.as_ref().unwrap().reason,
        "first"
    );
}

// ───────────────────────────── applying changes in environments ─────────────────────────────

#[test]
fn an_application_times_from_start_to_finish_and_records_the_outcome() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    fx.ok_at(t(100), start_app(a, EnvKey::Stage2));
    {
        let app = fx.s.change(a).unwrap().latest_application(EnvKey::Stage2);
        let app = app.expect("under way");
        assert!(app.timer.is_running());
        assert_eq!(app.timer.running_since(), Some(t(100)));
        assert_eq!(app.outcome, None);
        assert_eq!(app.finished_at, None);
        assert_eq!(app.by, "ann");
        assert_eq!(app.timer.elapsed(t(110)), Duration::minutes(10));
        assert_eq!(fx.s.running_timers().len(), 1);
    }

    let op = fx.op_at_by(
        t(125),
        "bob",
        OpKind::FinishApplication {
            change: a,
            env: EnvKey::Stage2,
            outcome: Outcome::Applied,
            note: "Followed the Work Plan exactly".to_string(),
            replicability: Some(4),
            rating: None,
        },
    );
    fx.apply_ok(op);
    let c = fx.s.change(a).unwrap();
    assert_eq!(c.applications.len(), 1);
    let app = &c.applications[0];
    assert_eq!(app.env, EnvKey::Stage2);
    assert!(!app.timer.is_running());
    assert_eq!(app.timer.elapsed(t(9999)), Duration::minutes(25));
    assert_eq!(app.outcome, Some(Outcome::Applied));
    assert_eq!(app.finished_at, Some(t(125)));
    assert_eq!(app.note, "Followed the Work Plan exactly");
    assert_eq!(app.replicability, Some(4));
    assert!(fx.s.running_timers().is_empty());
    // Nothing recorded for the other environments.
    assert!(c.latest_application(EnvKey::Stage1).is_none());
}

#[test]
fn a_change_can_be_applied_in_two_environments_at_once_and_again_after_finishing() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    fx.ok(start_app(a, EnvKey::Stage1));
    fx.ok(start_app(a, EnvKey::Stage2));
    assert_eq!(fx.s.running_timers().len(), 2);
    fx.ok(finish_app(a, EnvKey::Stage1, Outcome::Failed, None));
    fx.ok(start_app(a, EnvKey::Stage1));
    let c = fx.s.change(a).unwrap();
    assert_eq!(c.applications.len(), 3);
    let latest = c.latest_application(EnvKey::Stage1).unwrap();
    assert_eq!(latest.outcome, None);
    assert!(latest.timer.is_running());
    assert_eq!(c.applications[0].outcome, Some(Outcome::Failed));
}

#[test]
fn finishing_without_starting_records_an_untimed_application() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    fx.ok_at(
        t(200),
        finish_app(a, EnvKey::Production, Outcome::Skipped, None),
    );
    let app =
        fx.s.change(a)
            .unwrap()
            .latest_application(EnvKey::Production)
            .expect("recorded");
    assert_eq!(app.outcome, Some(Outcome::Skipped));
    assert_eq!(app.finished_at, Some(t(200)));
    assert_eq!(app.note, "went fine");
    assert_eq!(app.by, "ann");
    assert!(app.timer.entries.is_empty());
    assert_eq!(app.timer.elapsed(t(300)), Duration::zero());
    assert!(fx.s.running_timers().is_empty());
}

#[test]
fn a_change_cannot_be_started_twice_in_the_same_environment() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    fx.ok(start_app(a, EnvKey::Stage1));
    assert_eq!(
        fx.refused(start_app(a, EnvKey::Stage1)),
        OpError::AlreadyApplying {
            label: "WP-001".to_string(),
            env: EnvKey::Stage1
        }
    );
    assert_eq!(fx.s.change(a).unwrap().applications.len(), 1);
}

#[test]
fn a_disabled_qa_environment_cannot_be_applied_in() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    assert_eq!(
        fx.refused(start_app(a, EnvKey::Qa)),
        OpError::EnvironmentDisabled(EnvKey::Qa)
    );
    assert_eq!(
        fx.refused(finish_app(a, EnvKey::Qa, Outcome::Applied, None)),
        OpError::EnvironmentDisabled(EnvKey::Qa)
    );
    fx.enable_qa();
    fx.ok(start_app(a, EnvKey::Qa));
    fx.ok(finish_app(a, EnvKey::Qa, Outcome::Applied, Some(5)));
    let app = fx.s.change(a).unwrap().latest_application(EnvKey::Qa);
    assert_eq!(app.and_then(|a| a.outcome), Some(Outcome::Applied));
}

#[test]
fn a_replicability_rating_must_be_one_to_five() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    fx.ok_at(t(10), start_app(a, EnvKey::Stage2));
    for r in [0u8, 6, 255] {
        assert_eq!(
            fx.refused(finish_app(a, EnvKey::Stage2, Outcome::Applied, Some(r))),
            OpError::BadRating(r)
        );
    }
    // The application is still under way, untouched.
    let app = fx.s.change(a).unwrap().latest_application(EnvKey::Stage2);
    assert!(app.unwrap().timer.is_running());
    assert_eq!(app.unwrap().outcome, None);

    fx.ok(finish_app(a, EnvKey::Stage2, Outcome::Applied, Some(1)));
    let b = fx.add_change("Forms", "B");
    fx.ok(finish_app(b, EnvKey::Stage2, Outcome::Applied, Some(5)));
    assert_eq!(
        fx.s.change(a).unwrap().applications[0].replicability,
        Some(1)
    );
    assert_eq!(
        fx.s.change(b).unwrap().applications[0].replicability,
        Some(5)
    );
}

#[test]
fn an_unknown_or_removed_change_cannot_be_applied() {
    let mut fx = Fx::new();
    let ghost = ChangeId(Uuid::from_u128(0xABBA));
    assert_eq!(
        fx.refused(start_app(ghost, EnvKey::Stage1)),
        OpError::NoSuchChange(ghost)
    );
    assert_eq!(
        fx.refused(finish_app(ghost, EnvKey::Stage1, Outcome::Applied, None)),
        OpError::NoSuchChange(ghost)
    );
    let a = fx.add_change("Forms", "A");
    fx.ok(remove(a, "dropped"));
    let removed = OpError::ChangeRemoved("WP-001".to_string());
    assert_eq!(fx.refused(start_app(a, EnvKey::Stage1)), removed);
    assert_eq!(
        fx.refused(finish_app(a, EnvKey::Stage1, Outcome::Applied, None)),
        removed
    );
}

// ───────────────────────────── timers ─────────────────────────────

#[test]
fn starting_a_todo_steps_timer_puts_it_in_progress() {
    let mut fx = Fx::new();
    fx.ok_at(
        t(5),
        OpKind::StartTimer {
            target: step_timer(3),
        },
    );
    let step = fx.s.step(3).unwrap();
    assert_eq!(step.status, StepStatus::InProgress);
    assert_eq!(step.timer.running_since(), Some(t(5)));
}

#[test]
fn a_step_timer_can_be_paused_and_resumed_and_adds_up() {
    let mut fx = Fx::new();
    fx.ok_at(t(0), start(3));
    fx.ok_at(
        t(10),
        OpKind::StopTimer {
            target: step_timer(3),
        },
    );
    // Pausing the timer does not change the status.
    assert_eq!(fx.status(3), StepStatus::InProgress);
    assert!(!fx.s.step(3).unwrap().timer.is_running());
    let op = fx.op_at_by(
        t(20),
        "bob",
        OpKind::StartTimer {
            target: step_timer(3),
        },
    );
    fx.apply_ok(op);
    fx.ok_at(
        t(50),
        OpKind::StopTimer {
            target: step_timer(3),
        },
    );
    let timer = &fx.s.step(3).unwrap().timer;
    assert_eq!(timer.entries.len(), 2);
    assert_eq!(timer.entries[1].by, "bob");
    assert_eq!(timer.elapsed(t(1000)), Duration::minutes(40));
}

#[test]
fn a_step_timer_cannot_be_started_or_stopped_twice() {
    let mut fx = Fx::new();
    let start_t = OpKind::StartTimer {
        target: step_timer(1),
    };
    let stop_t = OpKind::StopTimer {
        target: step_timer(1),
    };
    assert_eq!(fx.refused(stop_t.clone()), OpError::TimerStopped);
    fx.ok(start_t.clone());
    assert_eq!(fx.refused(start_t), OpError::TimerRunning);
    fx.ok(stop_t.clone());
    assert_eq!(fx.refused(stop_t), OpError::TimerStopped);
}

#[test]
fn a_finished_or_blocked_steps_timer_cannot_be_started() {
    let mut fx = Fx::new();
    fx.ok(complete(1));
    fx.ok(skip(2, "n/a"));
    fx.ok(block(3, "waiting"));
    for (step, word) in [(1, "done"), (2, "skipped"), (3, "blocked")] {
        assert_eq!(
            fx.refused(OpKind::StartTimer {
                target: step_timer(step)
            }),
            bad(step, word, "timed")
        );
    }
}

#[test]
fn an_application_timer_can_be_paused_and_resumed_before_finishing() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let target = app_timer(a, EnvKey::Stage2);
    fx.ok_at(t(0), start_app(a, EnvKey::Stage2));
    fx.ok_at(t(10), OpKind::StopTimer { target });
    assert_eq!(
        fx.refused(OpKind::StopTimer { target }),
        OpError::TimerStopped
    );
    fx.ok_at(t(30), OpKind::StartTimer { target });
    assert_eq!(
        fx.refused(OpKind::StartTimer { target }),
        OpError::TimerRunning
    );
    fx.ok_at(
        t(45),
        finish_app(a, EnvKey::Stage2, Outcome::Applied, Some(3)),
    );
    let app = &fx.s.change(a).unwrap().applications[0];
    assert_eq!(app.timer.entries.len(), 2);
    assert_eq!(app.timer.elapsed(t(999)), Duration::minutes(25));
    assert_eq!(app.finished_at, Some(t(45)));
}

#[test]
fn an_application_timer_needs_an_application_under_way() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let target = app_timer(a, EnvKey::Stage1);
    let not_applying = OpError::NotApplying {
        label: "WP-001".to_string(),
        env: EnvKey::Stage1,
    };
    assert_eq!(fx.refused(OpKind::StartTimer { target }), not_applying);
    assert_eq!(fx.refused(OpKind::StopTimer { target }), not_applying);

    // A finished application is no longer under way either.
    fx.ok(start_app(a, EnvKey::Stage1));
    fx.ok(finish_app(a, EnvKey::Stage1, Outcome::Applied, None));
    assert_eq!(fx.refused(OpKind::StartTimer { target }), not_applying);

    let ghost = ChangeId(Uuid::from_u128(0x600D));
    assert_eq!(
        fx.refused(OpKind::StartTimer {
            target: app_timer(ghost, EnvKey::Stage1)
        }),
        OpError::NoSuchChange(ghost)
    );
}

#[test]
fn a_timer_left_running_still_counts_from_its_start_after_a_restart() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    // Step 6 is not signed off in this test: the rehearsal starts anyway, with a reason.
    let rehearse = OpKind::StartStep {
        step: 8,
        override_reason: Some("timer test".to_string()),
        ahead_of: Vec::new(),
    };
    fx.ok_at(t(0), rehearse);
    fx.ok_at(t(5), start_app(a, EnvKey::Stage2));

    // "Quit" and "reopen": through the session file's text, and by replaying the history.
    let text = encode_session(&fx.s, Path::new("test.ron")).expect("encodes");
    let reopened = decode_session(&text, Path::new("test.ron")).expect("decodes");
    assert_eq!(reopened, fx.s);
    let template = builtin_template().expect("template");
    let replayed = Session::replay(&template, meta(), fx.s.history()).expect("replays");
    assert_eq!(replayed, fx.s);

    for s in [&reopened, &replayed] {
        let step = s.step(8).unwrap();
        assert!(step.timer.is_running());
        assert_eq!(step.timer.elapsed(t(180)), Duration::minutes(180));
        let app = s.change(a).unwrap().latest_application(EnvKey::Stage2);
        let app = app.expect("under way");
        assert_eq!(app.timer.elapsed(t(180)), Duration::minutes(175));
        assert_eq!(s.running_timers().len(), 2);
    }

    // And it can be stopped later in the reopened session.
    let mut fx2 = Fx {
        s: reopened,
        next_id: fx.next_id,
        now: fx.now,
    };
    fx2.ok_at(t(240), complete(8));
    assert_eq!(
        fx2.s.step(8).unwrap().timer.elapsed(t(10_000)),
        Duration::hours(4)
    );
}

#[test]
fn a_stop_before_the_start_counts_as_no_time() {
    // Two machines whose clocks disagree: the stop is stamped before the start.
    let mut fx = Fx::new();
    fx.ok_at(t(30), start(1));
    fx.ok_at(t(20), complete(1));
    let step = fx.s.step(1).unwrap();
    assert_eq!(step.status, StepStatus::Done);
    assert_eq!(step.timer.entries[0].end, Some(t(30)));
    assert_eq!(step.timer.elapsed(t(100)), Duration::zero());

    fx.ok_at(
        t(50),
        OpKind::StartFreeze {
            note: String::new(),
            after: None,
        },
    );
    fx.ok_at(
        t(40),
        OpKind::EndFreeze {
            note: "clock skew".to_string(),
            after: None,
        },
    );
    assert_eq!(fx.s.freeze().periods[0].end, Some(t(50)));
}

// ───────────────────────────── Production freeze ─────────────────────────────

#[test]
fn production_can_be_frozen_and_unfrozen() {
    let mut fx = Fx::new();
    assert!(!fx.s.freeze().is_active());
    fx.ok_at(
        t(10),
        OpKind::StartFreeze {
            note: "Change board agreed".to_string(),
            after: None,
        },
    );
    assert!(fx.s.freeze().is_active());
    let op = fx.op_at_by(
        t(600),
        "bob",
        OpKind::EndFreeze {
            note: "Promotion done".to_string(),
            after: None,
        },
    );
    fx.apply_ok(op);
    assert!(!fx.s.freeze().is_active());
    let p = &fx.s.freeze().periods[0];
    assert_eq!(fx.s.freeze().periods.len(), 1);
    assert_eq!(p.start, t(10));
    assert_eq!(p.started_by, "ann");
    assert_eq!(p.start_note, "Change board agreed");
    assert_eq!(p.end, Some(t(600)));
    assert_eq!(p.ended_by.as_deref(), Some("bob"));
    assert_eq!(p.end_note, "Promotion done");

    // A new freeze is a new period.
    fx.ok(OpKind::StartFreeze {
        note: "again".to_string(),
        after: None,
    });
    assert_eq!(fx.s.freeze().periods.len(), 2);
    assert!(fx.s.freeze().is_active());
}

#[test]
fn freezing_twice_or_unfreezing_when_not_frozen_is_refused() {
    let mut fx = Fx::new();
    let end = OpKind::EndFreeze {
        note: "done".to_string(),
        after: None,
    };
    let begin = OpKind::StartFreeze {
        note: String::new(),
        after: None,
    };
    assert_eq!(fx.refused(end.clone()), OpError::NotFrozen);
    fx.ok(begin.clone());
    assert_eq!(fx.refused(begin), OpError::AlreadyFrozen);
    fx.ok(end.clone());
    assert_eq!(fx.refused(end), OpError::NotFrozen);
}

// ───────────────────────────── test scripts ─────────────────────────────

#[test]
fn test_scripts_are_numbered_and_their_title_trimmed() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let op = fx.ok_at(
        t(12),
        OpKind::AddTestScript {
            fields: Box::new(script("  Log an incident ", vec![a])),
        },
    );
    let s2 = fx.add_script("Escalate an incident", vec![]);

    let first = fx.s.script(ScriptId(op.id.0)).expect("id is the op's id");
    assert_eq!(first.label(), "TS-001");
    assert_eq!(first.fields.title, "Log an incident");
    assert_eq!(first.fields.covers, vec![a]);
    assert_eq!(first.fields.steps.len(), 1);
    assert_eq!(first.author, "ann");
    assert_eq!(first.created_at, t(12));
    assert_eq!(fx.s.script(s2).unwrap().label(), "TS-002");
    assert_eq!(fx.s.script_by_number(2).map(|s| s.id), Some(s2));
}

#[test]
fn a_test_script_needs_a_title_and_known_changes() {
    let mut fx = Fx::new();
    assert_eq!(
        fx.refused(OpKind::AddTestScript {
            fields: Box::new(script("   ", vec![]))
        }),
        OpError::EmptyField("script title")
    );
    let ghost = ChangeId(Uuid::from_u128(0x1234));
    assert_eq!(
        fx.refused(OpKind::AddTestScript {
            fields: Box::new(script("Login", vec![ghost]))
        }),
        OpError::NoSuchChange(ghost)
    );
    assert!(fx.s.scripts().is_empty());
}

#[test]
fn editing_a_test_script_replaces_its_fields() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let b = fx.add_change("Forms", "B");
    let id = fx.add_script("Login", vec![a]);
    fx.ok(OpKind::EditTestScript {
        script: id,
        fields: Box::new(script(" Login and log out ", vec![a, b])),
    });
    let s = fx.s.script(id).unwrap();
    assert_eq!(s.fields.title, "Login and log out");
    assert_eq!(s.fields.covers, vec![a, b]);
    assert_eq!(s.label(), "TS-001");
}

#[test]
fn an_edit_that_changes_nothing_in_a_script_is_refused() {
    let mut fx = Fx::new();
    let id = fx.add_script("Login", vec![]);
    assert_eq!(
        fx.refused(OpKind::EditTestScript {
            script: id,
            fields: Box::new(script("Login", vec![]))
        }),
        OpError::NothingToChange
    );
    // Only surrounding spaces differ: still nothing to change once trimmed.
    assert_eq!(
        fx.refused(OpKind::EditTestScript {
            script: id,
            fields: Box::new(script("  Login  ", vec![]))
        }),
        OpError::NothingToChange
    );
}

#[test]
fn editing_a_script_checks_the_title_the_changes_and_the_script() {
    let mut fx = Fx::new();
    let id = fx.add_script("Login", vec![]);
    assert_eq!(
        fx.refused(OpKind::EditTestScript {
            script: id,
            fields: Box::new(script("", vec![]))
        }),
        OpError::EmptyField("script title")
    );
    let ghost_change = ChangeId(Uuid::from_u128(0x4321));
    assert_eq!(
        fx.refused(OpKind::EditTestScript {
            script: id,
            fields: Box::new(script("Login", vec![ghost_change]))
        }),
        OpError::NoSuchChange(ghost_change)
    );
    let ghost = ScriptId(Uuid::from_u128(0x9999));
    assert_eq!(
        fx.refused(OpKind::EditTestScript {
            script: ghost,
            fields: Box::new(script("Other", vec![]))
        }),
        OpError::NoSuchScript(ghost)
    );
}

// ───────────────────────────── test rounds ─────────────────────────────

#[test]
fn test_rounds_belong_to_the_testing_steps_four_six_and_nine() {
    let mut fx = Fx::new();
    let r1 = fx.add_round("  First round ", 4, EnvKey::Stage2);
    let r2 = fx.add_round("Re-test", 6, EnvKey::Stage2);
    let r3 = fx.add_round("Rehearsal check", 9, EnvKey::Stage2);
    let rounds: Vec<(u32, &str, u32, EnvKey)> =
        fx.s.rounds()
            .iter()
            .map(|r| (r.number, r.name.as_str(), r.step, r.env))
            .collect();
    assert_eq!(
        rounds,
        [
            (1, "First round", 4, EnvKey::Stage2),
            (2, "Re-test", 6, EnvKey::Stage2),
            (3, "Rehearsal check", 9, EnvKey::Stage2),
        ]
    );
    assert_eq!(fx.s.round(r1).unwrap().number, 1);
    assert_eq!(fx.s.round(r2).unwrap().step, 6);
    assert!(fx.s.round(r3).unwrap().results.is_empty());
}

#[test]
fn other_steps_have_no_test_rounds() {
    let mut fx = Fx::new();
    for step in [1, 2, 3, 5, 7, 8, 10, 11, 12] {
        assert_eq!(
            fx.refused(OpKind::AddTestRound {
                name: "Round".to_string(),
                step,
                env: EnvKey::Stage2,
            }),
            OpError::NotTestingStep(step)
        );
    }
    assert!(fx.s.rounds().is_empty());
}

#[test]
fn a_test_round_needs_a_name_and_an_enabled_environment() {
    let mut fx = Fx::new();
    assert_eq!(
        fx.refused(OpKind::AddTestRound {
            name: " ".to_string(),
            step: 4,
            env: EnvKey::Stage2,
        }),
        OpError::EmptyField("round name")
    );
    assert_eq!(
        fx.refused(OpKind::AddTestRound {
            name: "QA round".to_string(),
            step: 4,
            env: EnvKey::Qa,
        }),
        OpError::EnvironmentDisabled(EnvKey::Qa)
    );
    fx.enable_qa();
    let r = fx.add_round("QA round", 4, EnvKey::Qa);
    assert_eq!(fx.s.round(r).unwrap().env, EnvKey::Qa);
}

// ───────────────────────────── test results ─────────────────────────────

#[test]
fn the_latest_result_wins_and_earlier_ones_are_kept() {
    let mut fx = Fx::new();
    let login = fx.add_script("Login", vec![]);
    let other = fx.add_script("Other", vec![]);
    let round = fx.add_round("Round 1", 4, EnvKey::Stage2);
    fx.ok_at(
        t(100),
        OpKind::RecordResult {
            round,
            script: login,
            status: ResultStatus::Fail,
            comment: "Button missing".to_string(),
        },
    );
    let op = fx.op_at_by(
        t(130),
        "bob",
        OpKind::RecordResult {
            round,
            script: login,
            status: ResultStatus::Pass,
            comment: "Fixed".to_string(),
        },
    );
    fx.apply_ok(op);

    let r = fx.s.round(round).unwrap();
    assert_eq!(r.results.len(), 2);
    let latest = r.latest(login).expect("has a result");
    assert_eq!(latest.status, ResultStatus::Pass);
    assert_eq!(latest.tester, "bob");
    assert_eq!(latest.at, t(130));
    assert_eq!(latest.comment, "Fixed");
    assert_eq!(r.results[0].status, ResultStatus::Fail);
    assert_eq!(r.results[0].tester, "ann");
    assert_eq!(r.results[0].comment, "Button missing");
    assert!(r.latest(other).is_none());
}

#[test]
fn a_result_needs_a_known_round_and_script() {
    let mut fx = Fx::new();
    let login = fx.add_script("Login", vec![]);
    let round = fx.add_round("Round 1", 4, EnvKey::Stage2);
    let ghost_round = RoundId(Uuid::from_u128(0x7777));
    let ghost_script = ScriptId(Uuid::from_u128(0x8888));
    assert_eq!(
        fx.refused(OpKind::RecordResult {
            round: ghost_round,
            script: login,
            status: ResultStatus::Pass,
            comment: String::new(),
        }),
        OpError::NoSuchRound(ghost_round)
    );
    assert_eq!(
        fx.refused(OpKind::RecordResult {
            round,
            script: ghost_script,
            status: ResultStatus::Pass,
            comment: String::new(),
        }),
        OpError::NoSuchScript(ghost_script)
    );
    assert!(fx.s.round(round).unwrap().results.is_empty());
}

// ───────────────────────────── environments ─────────────────────────────

#[test]
fn qa_can_be_enabled_renamed_and_disabled_again() {
    let mut fx = Fx::new();
    fx.ok(OpKind::ConfigureEnvironment {
        env: EnvKey::Qa,
        name: "  QA (UAT) ".to_string(),
        notes: "Hosted by vendor".to_string(),
        enabled: true,
    });
    let qa = fx.s.environment(EnvKey::Qa).unwrap();
    assert_eq!(qa.name, "QA (UAT)");
    assert_eq!(qa.notes, "Hosted by vendor");
    assert!(qa.enabled);
    assert!(fx.s.env_enabled(EnvKey::Qa));
    assert_eq!(fx.s.environments().len(), 4);

    fx.ok(OpKind::ConfigureEnvironment {
        env: EnvKey::Qa,
        name: "QA".to_string(),
        notes: String::new(),
        enabled: false,
    });
    assert!(!fx.s.env_enabled(EnvKey::Qa));
}

#[test]
fn a_required_environment_cannot_be_disabled_but_can_be_renamed() {
    let mut fx = Fx::new();
    for env in [EnvKey::Production, EnvKey::Stage1, EnvKey::Stage2] {
        assert_eq!(
            fx.refused(OpKind::ConfigureEnvironment {
                env,
                name: "Off".to_string(),
                notes: String::new(),
                enabled: false,
            }),
            OpError::EnvironmentRequired(env)
        );
    }
    fx.ok(OpKind::ConfigureEnvironment {
        env: EnvKey::Production,
        name: "Live".to_string(),
        notes: "prod.example.org".to_string(),
        enabled: true,
    });
    let prod = fx.s.environment(EnvKey::Production).unwrap();
    assert_eq!((prod.name.as_str(), prod.enabled), ("Live", true));
}

#[test]
fn an_environment_needs_a_name() {
    let mut fx = Fx::new();
    assert_eq!(
        fx.refused(OpKind::ConfigureEnvironment {
            env: EnvKey::Qa,
            name: "  ".to_string(),
            notes: String::new(),
            enabled: true,
        }),
        OpError::EmptyField("environment name")
    );
}

// ───────────────────────────── outage plan ─────────────────────────────

fn outage(start: Option<i64>, end: Option<i64>, contingency: u32, days: u32) -> OpKind {
    OpKind::SetOutagePlan {
        window_start: start.map(t),
        window_end: end.map(t),
        contingency_percent: contingency,
        copy_back_after_days: days,
        verification_minutes: None,
        rollback_minutes: 30,
    }
}

#[test]
fn the_outage_plan_is_recorded() {
    let mut fx = Fx::new();
    assert_eq!(fx.s.outage().contingency_percent, 50, "template default");
    assert_eq!(fx.s.outage().copy_back_after_days, 3, "template default");
    fx.ok(outage(Some(1440), Some(1440 + 240), 25, 5));
    assert_eq!(fx.s.outage().window_start, Some(t(1440)));
    assert_eq!(fx.s.outage().window_end, Some(t(1680)));
    assert_eq!(fx.s.outage().contingency_percent, 25);
    assert_eq!(fx.s.outage().copy_back_after_days, 5);

    // A window with only a start, and the largest contingency allowed.
    fx.ok(outage(Some(2000), None, 1000, 0));
    assert_eq!(fx.s.outage().window_start, Some(t(2000)));
    assert_eq!(fx.s.outage().window_end, None);
    assert_eq!(fx.s.outage().contingency_percent, 1000);
}

#[test]
fn an_outage_window_must_end_after_it_starts() {
    let mut fx = Fx::new();
    assert_eq!(
        fx.refused(outage(Some(600), Some(500), 50, 3)),
        OpError::BadWindow
    );
    assert_eq!(
        fx.refused(outage(Some(600), Some(600), 50, 3)),
        OpError::BadWindow
    );
    assert_eq!(fx.s.outage().window_start, None);
}

#[test]
fn a_contingency_over_a_thousand_percent_is_refused() {
    let mut fx = Fx::new();
    assert_eq!(
        fx.refused(outage(None, None, 1001, 3)),
        OpError::BadContingency(1001)
    );
    assert_eq!(fx.s.outage().contingency_percent, 50);
}

// ───────────────────────────── the history as a whole ─────────────────────────────

#[test]
fn a_history_of_every_kind_of_op_replays_to_the_same_session() {
    let mut fx = Fx::new();
    fx.ok(start(1));
    fx.ok(complete(1));
    fx.ok(OpKind::StartFreeze {
        note: "agreed".to_string(),
        after: None,
    });
    fx.ok(skip(2, "frozen already"));
    fx.ok(block(3, "waiting"));
    fx.ok(reopen(3));
    fx.ok(OpKind::SetStepOwner {
        step: 3,
        owner: Some("ann".to_string()),
    });
    fx.ok(OpKind::SetStepNotes {
        step: 3,
        notes: "n".to_string(),
        was: None,
    });
    fx.ok(OpKind::SetStepEstimate {
        step: 3,
        minutes: Some(60),
    });
    let a = fx.add_change("Forms", "A");
    let b = fx.add_change("Forms", "B");
    fx.ok(edit(b, vec![ChangeEdit::DependsOn(vec![a])]));
    fx.ok(OpKind::MoveChange { change: b, to: 0 });
    let c = fx.add_change("Forms", "C");
    fx.ok(remove(c, "dropped"));
    fx.enable_qa();
    fx.ok(start_app(a, EnvKey::Qa));
    fx.ok(OpKind::StopTimer {
        target: app_timer(a, EnvKey::Qa),
    });
    fx.ok(OpKind::StartTimer {
        target: app_timer(a, EnvKey::Qa),
    });
    fx.ok(finish_app(a, EnvKey::Qa, Outcome::Applied, Some(3)));
    let ts = fx.add_script("Login", vec![a]);
    fx.ok(OpKind::EditTestScript {
        script: ts,
        fields: Box::new(script("Login again", vec![a, b])),
    });
    let round = fx.add_round("R1", 4, EnvKey::Stage2);
    fx.ok(OpKind::RecordResult {
        round,
        script: ts,
        status: ResultStatus::Waived,
        comment: "known".to_string(),
    });
    fx.ok(complete(6));
    fx.ok(sign_off(6, "ok"));
    fx.ok(OpKind::StartTimer {
        target: step_timer(8),
    });
    fx.ok(OpKind::EndFreeze {
        note: "done".to_string(),
        after: None,
    });
    fx.ok(outage(Some(100), Some(200), 30, 2));

    assert_eq!(fx.s.history().len(), 29);
    assert!(fx.s.problems().is_empty(), "{:?}", fx.s.problems());
    let template = builtin_template().expect("template");
    let rebuilt = Session::replay(&template, meta(), fx.s.history()).expect("replays");
    assert_eq!(rebuilt, fx.s);
}

// ─────────────────── found by these tests, since fixed ───────────────────

/// Removing a change while it is being applied is refused, so no application timer is
/// left running on a change nobody can reach any more.
#[test]
fn removing_a_change_being_applied_is_refused_until_it_is_finished() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    fx.ok_at(t(0), start_app(a, EnvKey::Stage1));
    let before = fx.s.clone();
    let op = fx.op_at_by(t(10), "ann", remove(a, "dropped"));
    assert_eq!(
        fx.s.apply(op),
        Err(OpError::StillApplying {
            label: "WP-001".into(),
            env: EnvKey::Stage1
        })
    );
    assert_eq!(fx.s, before);
    fx.ok(finish_app(a, EnvKey::Stage1, Outcome::Failed, None));
    assert!(fx.s.running_timers().is_empty());
    fx.ok(remove(a, "dropped"));
    assert!(fx.s.change(a).unwrap().is_removed());
}

/// A script listing the same change twice, not next to each other, covers it once (as
/// `depends_on` does for changes).
#[test]
fn a_script_covers_each_change_once() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let b = fx.add_change("Forms", "B");
    let id = fx.add_script("Login", vec![a, b, a]);
    assert_eq!(fx.s.script(id).unwrap().fields.covers, vec![a, b]);
}

#[test]
fn an_edit_made_on_a_stale_value_is_refused() {
    let mut fx = Fx::new();
    let a = fx.add_change("Forms", "A");
    let stale = OpKind::EditChange {
        change: a,
        edits: vec![ChangeEdit::Item("B".into())],
        was: vec![ChangeEdit::Item("Old name".into())],
    };
    let before = fx.s.clone();
    let op = fx.op_at_by(t(50), "bob", stale);
    assert_eq!(
        fx.s.apply(op),
        Err(OpError::EditedMeanwhile {
            what: "the item of WP-001".into()
        })
    );
    assert_eq!(fx.s, before);
    fx.ok(OpKind::EditChange {
        change: a,
        edits: vec![ChangeEdit::Item("B".into())],
        was: vec![ChangeEdit::Item("A".into())],
    });
    assert_eq!(fx.s.change(a).unwrap().fields.item, "B");
}

#[test]
fn notes_replaced_on_a_stale_copy_are_refused() {
    let mut fx = Fx::new();
    fx.ok(OpKind::SetStepNotes {
        step: 2,
        notes: "lead's note".into(),
        was: Some(String::new()),
    });
    let before = fx.s.clone();
    let op = fx.op_at_by(
        t(90),
        "bob",
        OpKind::SetStepNotes {
            step: 2,
            notes: "bob's note".into(),
            was: Some(String::new()),
        },
    );
    assert!(matches!(
        fx.s.apply(op),
        Err(OpError::EditedMeanwhile { .. })
    ));
    assert_eq!(fx.s, before);
}

#[test]
fn ops_put_on_top_are_sorted_into_applied_already_there_and_refused() {
    let mut fx = Fx::new();
    let first = fx.ok(start(1));
    let again = fx.op_by("bob", complete(1));
    let refused = fx.op_by("bob", reopen(3));
    let before = fx.s.clone();
    let mut s = fx.s.clone();
    let on_top = s.apply_on_top([first.clone(), again.clone(), refused.clone()]);
    assert_eq!(on_top.already_there, [first.id]);
    assert_eq!(on_top.applied, [again]);
    assert_eq!(on_top.refused.len(), 1);
    assert_eq!(on_top.refused[0].0, refused);
    assert_eq!(s.history().len(), before.history().len() + 1);
}
