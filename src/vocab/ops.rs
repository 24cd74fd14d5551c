//! An op in words, for people reading the history or a list of edits: "started step
//! 3", "edited WP-004 (description)", "recorded TS-002 fail in round 2". Labels come
//! from the session where it still knows the thing; otherwise the words stay general.

use crate::model::numbers;
use crate::model::{ChangeEdit, ChangeId, EnvKey, OpKind, RoundId, ScriptId, Session, TimerTarget};

fn change(s: &Session, id: ChangeId) -> String {
    s.change(id)
        .map(|c| c.label())
        .unwrap_or_else(|| "a change".into())
}

fn script(s: &Session, id: ScriptId) -> String {
    s.script(id)
        .map(|t| t.label())
        .unwrap_or_else(|| "a test script".into())
}

fn round(s: &Session, id: RoundId) -> String {
    s.round(id)
        .map(|r| format!("round {}", r.number))
        .unwrap_or_else(|| "a round".into())
}

fn env(s: &Session, env: EnvKey) -> String {
    s.env_name(env)
}

fn timer(s: &Session, target: &TimerTarget) -> String {
    match target {
        TimerTarget::Step { step } => format!("step {step}'s timer"),
        TimerTarget::Application { change: c, env: e } => {
            format!("the timer of {} in {}", change(s, *c), env(s, *e))
        }
    }
}

/// What an op does, in a few words (past tense, no author).
pub fn describe_op(kind: &OpKind, s: &Session) -> String {
    use OpKind::*;
    match kind {
        StartStep {
            step,
            override_reason,
            ahead_of,
        } => match (override_reason, ahead_of.as_slice()) {
            (Some(_), _) => format!("started step {step} before an earlier sign-off"),
            (None, []) => format!("started step {step}"),
            (None, [one]) => format!("started step {step} ahead of step {one}"),
            (None, ahead) => format!("started step {step} ahead of steps {}", numbers(ahead)),
        },
        CompleteStep { step } => format!("completed step {step}"),
        SkipStep { step, .. } => format!("skipped step {step}"),
        BlockStep { step, .. } => format!("blocked step {step}"),
        ReopenStep {
            step,
            resume: false,
        } => format!("put step {step} back to todo"),
        ReopenStep { step, resume: true } => format!("took up step {step} again"),
        SetStepOwner { step, .. } => format!("set the owner of step {step}"),
        SetStepNotes { step, .. } => format!("edited the notes of step {step}"),
        SetStepEstimate { step, .. } => format!("set the estimate of step {step}"),
        SignOff { step, .. } => format!("signed off step {step}"),
        AddChange { fields } => format!("added a change ({} / {})", fields.area, fields.item),
        EditChange {
            change: c, edits, ..
        } => {
            let what: Vec<&str> = edits.iter().map(ChangeEdit::field_name).collect();
            format!("edited {} ({})", change(s, *c), what.join(", "))
        }
        MoveChange { change: c, to } => format!("moved {} to position {}", change(s, *c), to + 1),
        RemoveChange { change: c, .. } => format!("removed {}", change(s, *c)),
        RestoreChange { change: c } => format!("restored {}", change(s, *c)),
        StartApplication {
            change: c,
            env: e,
            override_reason,
        } => {
            let early = match override_reason {
                Some(_) => " before the changes it depends on",
                None => "",
            };
            format!(
                "started applying {} in {}{early}",
                change(s, *c),
                env(s, *e)
            )
        }
        FinishApplication {
            change: c,
            env: e,
            outcome,
            rating,
            ..
        } => {
            let how = match rating {
                Some(r) => format!(" ({})", r.words()),
                None => String::new(),
            };
            format!(
                "recorded {} as {} in {}{how}",
                change(s, *c),
                outcome.word(),
                env(s, *e)
            )
        }
        CancelApplication {
            change: c, env: e, ..
        } => format!("cancelled applying {} in {}", change(s, *c), env(s, *e)),
        StartTimer { target } => format!("started {}", timer(s, target)),
        StopTimer { target } => format!("stopped {}", timer(s, target)),
        VoidTime {
            target: TimerTarget::Step { step },
            ..
        } => format!("voided a time entry of step {step}"),
        VoidTime {
            target: TimerTarget::Application { change: c, env: e },
            ..
        } => format!("voided a time entry of {} in {}", change(s, *c), env(s, *e)),
        StartFreeze { .. } => "froze Production's configuration".into(),
        EndFreeze { .. } => "lifted the freeze of Production's configuration".into(),
        AddTestScript { fields } => format!("added a test script ({})", fields.title),
        EditTestScript { script: t, .. } => format!("edited {}", script(s, *t)),
        RemoveTestScript { script: t, .. } => format!("removed {}", script(s, *t)),
        RestoreTestScript { script: t } => format!("restored {}", script(s, *t)),
        AddTestRound { name, step, .. } => format!("added test round \"{name}\" (step {step})"),
        RecordResult {
            round: r,
            script: t,
            status,
            ..
        } => format!("recorded {} {status} in {}", script(s, *t), round(s, *r)),
        ConfigureEnvironment { env: e, .. } => format!("configured the {} environment", env(s, *e)),
        SetOutagePlan { .. } => "set the outage plan".into(),
    }
}

/// An op in a list of ops: its words, marked when it undid an edit.
pub fn op_line(op: &crate::model::Op, s: &Session) -> String {
    match op.undoes {
        Some(_) => format!("undo: {}", describe_op(&op.kind, s)),
        None => describe_op(&op.kind, s),
    }
}

/// The words a person gave with an op (a reason, a note, a comment), if any.
pub fn op_words(kind: &OpKind) -> Option<&str> {
    use OpKind::*;
    let text = match kind {
        StartStep {
            override_reason: Some(r),
            ..
        }
        | SkipStep { reason: r, .. }
        | BlockStep { reason: r, .. }
        | RemoveChange { reason: r, .. }
        | StartApplication {
            override_reason: Some(r),
            ..
        }
        | CancelApplication { reason: r, .. }
        | VoidTime { reason: r, .. }
        | RemoveTestScript { reason: r, .. } => r,
        SignOff { comment, .. } | RecordResult { comment, .. } => comment,
        FinishApplication { note, .. } | StartFreeze { note, .. } | EndFreeze { note, .. } => note,
        _ => return None,
    };
    Some(text.trim()).filter(|t| !t.is_empty())
}
